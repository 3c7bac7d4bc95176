"""Rule and config files are user input: a YAML alias bomb is refused before it expands (under a
memory limit), every message stays one short line whatever the file holds, and a config file that
is deep, a folder, of the wrong shape or out of range is one exit-2 line naming file and setting."""
from __future__ import annotations

import pytest

from analyzer.core.errors import RuleError, UsageError
from analyzer.core.settings import load_settings
from analyzer.rules import check_rules, load_rules
from tests import hostile_files as hf

RULE = """schema: 1
id: {id}
phase: {phase}
weight: 0.5
when: {{signal: active_platforms, gte: 1}}
reason: {{en: "{reason}", nl: "Een reden."}}
next_step: {{en: "A step.", nl: "Een stap."}}
"""


def test_a_yaml_alias_bomb_is_refused_within_a_memory_limit(tmp_path):
    hf.yaml_bomb(tmp_path / "bomb.yaml")
    assert (tmp_path / "bomb.yaml").stat().st_size < 600
    code = f"""
from analyzer.core.errors import RuleError
from analyzer.rules import load_rules
try:
    load_rules({str(tmp_path)!r})
except RuleError as exc:
    print(exc)
"""
    out = hf.limited_python(code, limit_mb=700, timeout=60)
    assert out.returncode == 0, out.stderr[-400:]
    assert "once aliases are expanded" in out.stdout and hf.one_clean_line(out.stdout)


def test_a_few_aliases_still_load(tmp_path):
    text = RULE.format(id="a.rule", phase="experimental", reason="Why.").replace(
        "when: {signal: active_platforms, gte: 1}", "x: &c {signal: active_platforms, gte: 1}\nwhen: {all: [*c, *c]}")
    (tmp_path / "a.rule.yaml").write_text(text.replace("x: &c", "tests: []\nwhen_: &c").replace("when_", "source"))
    with pytest.raises(RuleError) as err:      # source must be text: the alias itself is no problem
        load_rules(str(tmp_path))
    assert "expanded" not in str(err.value)


def test_a_huge_value_is_shown_short(tmp_path):
    (tmp_path / "big.yaml").write_text(RULE.format(id="big", phase="[" + ",".join(["x" * 500] * 1000) + "]",
                                                   reason="r"))
    with pytest.raises(RuleError) as err:
        load_rules(str(tmp_path))
    assert hf.one_clean_line(str(err.value)) and "unknown phase" in str(err.value)


def test_escapes_in_rule_texts_and_file_names_never_reach_the_terminal(tmp_path):
    rules = tmp_path / "regels"
    rules.mkdir()
    (rules / "ok.yaml").write_text(RULE.format(id="ok", phase="experimental", reason="Why\\e]0;owned\\a \\u202eit."))
    (rules / "bad\x1b[31m.yaml").write_text("schema: 1\n")
    rule = check_rules(str(rules))
    code, stdout, stderr = hf.cli("rules", "check", str(rules))
    assert code == 2 and "\x1b" not in stdout + stderr and "\\x1b" in stdout + stderr
    ok = load_rules(None).__class__   # the reason of a loaded rule holds no control characters
    (rules / "bad\x1b[31m.yaml").unlink()
    loaded = load_rules(str(rules))
    assert loaded.rules[0].reason["en"] == "Why]0;owned it." and isinstance(loaded, ok) and rule.problems


@pytest.mark.parametrize("content, expect", [
    ("footprint = 5\n", "'footprint' must be a table"),
    ("[footprint]\nmax_redirects = -1\n", "max_redirects"),
    ("[footprint]\nper_host = 0\n", "per_host"),
    ("[footprint]\nscan_budget = -3.0\n", "scan_budget"),
    ("[footprint]\nbackoff = nan\n", "backoff"),
    ("[footprint]\nretries = [1, 2]\n", "retries"),
    ("[footprint]\nallow_private = {a = 1}\n", "allow_private"),
    ("[footprint]\n" + "x" * 5000 + " = 1\n", "unknown setting"),
], ids=["not_a_table", "negative_redirects", "zero_per_host", "negative_budget", "nan", "list", "table", "long_key"])
def test_bad_config_values_name_file_and_setting(tmp_path, content, expect):
    path = tmp_path / "footprint.toml"
    path.write_text(content)
    with pytest.raises(UsageError) as err:
        load_settings(config_file=str(path), environ={})
    assert expect in str(err.value) and str(path) in str(err.value) and hf.one_clean_line(str(err.value))


def test_deep_toml_a_folder_and_env_out_of_range_are_exit_2(tmp_path):
    deep = hf.deep_toml(tmp_path / "deep.toml")
    for config in (str(deep), str(tmp_path)):
        code, _out, stderr = hf.cli("settings", "--config", config)
        assert code == 2 and hf.one_clean_line(stderr) and config in stderr
    with pytest.raises(UsageError, match="FOOTPRINT_MAX_REDIRECTS"):
        load_settings(environ={"FOOTPRINT_MAX_REDIRECTS": "-1"})
