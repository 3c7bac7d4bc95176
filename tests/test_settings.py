"""One settings object: flag > environment > config file > defaults, with clear errors."""
import pytest

from analyzer.core.errors import UsageError
from analyzer.core.settings import describe_settings, load_settings


def test_defaults():
    s = load_settings(environ={})
    assert s.max_pages == 12 and s.per_host == 4 and s.lang == "en" and s.cache is True


def test_precedence_flag_over_env_over_file(tmp_path):
    cfg = tmp_path / "footprint.toml"
    cfg.write_text("[footprint]\nmax_pages = 5\nper_host = 2\nlang = 'nl'\n")
    env = {"FOOTPRINT_MAX_PAGES": "7"}
    s = load_settings(flags={"max_pages": 9, "lang": None}, config_file=str(cfg), environ=env)
    assert s.max_pages == 9          # flag wins
    assert s.per_host == 2           # file beats default
    assert s.lang == "nl"            # a None flag is "not given"
    s = load_settings(config_file=str(cfg), environ=env)
    assert s.max_pages == 7          # environment beats file


def test_config_file_from_environment(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("max_pages = 3\n")
    assert load_settings(environ={"FOOTPRINT_CONFIG": str(cfg)}).max_pages == 3


@pytest.mark.parametrize("env, fragment", [
    ({"FOOTPRINT_MAX_PAGES": "many"}, "FOOTPRINT_MAX_PAGES"),
    ({"FOOTPRINT_ALLOW_PRIVATE": "perhaps"}, "FOOTPRINT_ALLOW_PRIVATE"),
    ({"FOOTPRINT_LANG": "de"}, "lang"),
    ({"FOOTPRINT_RESOLVE": "nonsense"}, None),
])
def test_bad_values_name_the_source(env, fragment):
    with pytest.raises(UsageError) as err:
        load_settings(environ=env).resolve_map()
    if fragment:
        assert fragment in str(err.value)


def test_bad_config_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("max_pages = [")
    with pytest.raises(UsageError, match="bad.toml"):
        load_settings(config_file=str(bad), environ={})
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("colour = 'red'\n")
    with pytest.raises(UsageError, match="unknown setting 'colour'"):
        load_settings(config_file=str(unknown), environ={})


def test_token_only_from_environment_and_never_in_repr(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("x_bearer_token = 'abc'\n")
    with pytest.raises(UsageError):
        load_settings(config_file=str(cfg), environ={})
    s = load_settings(environ={"X_BEARER_TOKEN": "sekrit-token"})
    assert s.x_bearer_token == "sekrit-token"
    assert "sekrit-token" not in repr(s)
    assert all("sekrit-token" not in row[2] for row in describe_settings())


@pytest.mark.parametrize("value, expected", [
    ("a.nl:443:127.0.0.1", {("a.nl", 443): ("127.0.0.1", 443)}),
    ("a.nl:443:127.0.0.1:8443", {("a.nl", 443): ("127.0.0.1", 8443)}),
    ("*:80:[::1]:8080", {("*", 80): ("::1", 8080)}),
])
def test_resolve_parses_curl_style(value, expected):
    assert load_settings(environ={"FOOTPRINT_RESOLVE": value}).resolve_map() == expected
