"""Input normalisation: domains, URLs and e-mail addresses -> Target, or one clear error."""
import pytest
from hypothesis import given, strategies as st

from analyzer.core.errors import InvalidInput
from analyzer.core.normalize import normalize


@pytest.mark.parametrize("raw, key, host", [
    ("example.nl", "example.nl", "example.nl"),
    ("Example.NL", "example.nl", "example.nl"),
    ("www.example.nl", "example.nl", "www.example.nl"),
    ("https://www.example.nl/", "example.nl", "www.example.nl"),
    ("http://example.nl:8080/", "example.nl", "example.nl"),
    ("info@example.nl", "example.nl", "example.nl"),
    ("bünde.de", "xn--bnde-0ra.de", "xn--bnde-0ra.de"),
    ("example.co.uk.", "example.co.uk", "example.co.uk"),
    ("https://www.overheid.nl/gemeente/a/", "overheid.nl/gemeente/a", "www.overheid.nl"),
])
def test_normalises(raw, key, host):
    t = normalize(raw)
    assert (t.key, t.host) == (key, host)


def test_idn_is_shown_in_unicode():
    assert normalize("xn--bnde-0ra.de").display == "bünde.de"


def test_url_with_path_scans_from_that_page():
    t = normalize("https://www.overheid.nl/gemeente/a")
    assert t.start_url == "https://www.overheid.nl/gemeente/a"
    assert t.kind == "url"


@pytest.mark.parametrize("raw, fragment", [
    ("", "empty"),
    ("   ", "empty"),
    ("1.2.3.4", "IP address"),
    ("[::1]", "IP address"),
    ("localhost", "no public suffix"),
    ("nl", "no public suffix"),
    ("co.uk", "bare public suffix"),
    ("foo.test", "reserved"),
    ("foo.example", "reserved"),
    ("foo.invalid", "reserved"),
    ("foo.localhost", "reserved"),
    ("bad..nl", "not a valid host name"),
    ("-bad.nl", "not a valid host name"),
    ("ftp://example.nl", "scheme"),
    ("jan@gmail.com", "free-mail"),
    ("two words.nl", "spaces"),
    ("example.notatld", "not a known public suffix"),
])
def test_refuses_with_a_reason_naming_the_input(raw, fragment):
    with pytest.raises(InvalidInput) as err:
        normalize(raw)
    message = str(err.value)
    assert fragment in message
    assert repr(raw) in message
    assert "\n" not in message


def test_reserved_names_allowed_with_private_flag():
    assert normalize("gemeente.test", allow_private=True).key == "gemeente.test"


@given(st.text(max_size=80))
def test_never_crashes_on_arbitrary_text(raw):
    try:
        t = normalize(raw)
    except InvalidInput:
        return
    assert t.key and t.host.isascii() and t.host == t.host.lower()


def test_one_public_suffix_set_up_from_the_bundled_snapshot_only():
    """Normalisation, the site boundary and the brand labels share one tldextract (there were
    three), and it never fetches the list nor caches it on disk."""
    import pathlib

    from analyzer.core.suffixes import extractor, registered_domain

    root = pathlib.Path(__file__).resolve().parents[1]
    users = sorted(str(p.relative_to(root)) for d in ("analyzer", "collectors") for p in (root / d).rglob("*.py")
                   if "import tldextract" in p.read_text(encoding="utf-8"))
    assert users == ["analyzer/core/suffixes.py"]
    ext = extractor()
    assert tuple(ext.suffix_list_urls) == () and ext.fallback_to_snapshot and not ext._cache.enabled
    assert registered_domain("www.Gemeente.Example.co.uk.") == "example.co.uk"
    assert registered_domain("co.uk") == "co.uk" and registered_domain("site.test") == "site.test"
