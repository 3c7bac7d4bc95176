"""Broken pages never crash the collector: bad HTML, binary bodies, wrong encodings, empty bodies."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, strategies as st

from collectors.website import onsite, widgets
from collectors.website.document import decode, read_page
from tests.servers import Reply, html
from tests.website_helpers import keys, kinds, run

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)


def test_broken_html_still_gives_accounts_and_signals(net):
    broken = (b"<html><head><title>Kapot</title><body><div><p>Ons webcareteam helpt je via WhatsApp"
              b"<table><tr><td><a href='https://x.com/kapot_bv'>X<footer><a href=\"https://www.facebook.com/kapotbv"
              b"\x00\x01<<<>>></div></div></span><script>var a = '<a href=\"https://x.com/nee\">';")
    net.site("kapot-voorbeeld.nl", {"/": Reply(body=broken)})
    result = run(net, "kapot-voorbeeld.nl")
    assert result.coverage.status == "ok"
    assert "x:kapot_bv" in keys(result)
    assert kinds(result, "webcare")


@pytest.mark.parametrize("body,ctype,reason", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png", "unsupported_content"),
    (b"%PDF-1.7\n" + bytes(range(256)), "text/html", "unsupported_content"),
    (b"", "text/html; charset=utf-8", "malformed"),
    (b"   \n  ", "text/html", "malformed"),
])
def test_unreadable_homepage_fails_with_a_reason(net, body, ctype, reason):
    net.site("raar-voorbeeld.nl", {"/": Reply(body=body, content_type=ctype)})
    result = run(net, "raar-voorbeeld.nl")
    assert (result.coverage.status, result.coverage.reason) == ("failed", reason)


@pytest.mark.parametrize("body,ctype", [
    ("<p>Ideeënplatform: deel je idee</p>".encode("latin-1"), "text/html; charset=utf-8"),   # lies about utf-8
    ("<p>Ideeënplatform: deel je idee</p>".encode("utf-8"), "text/html; charset=bogus-8"),     # unknown charset
    ("<p>Ideeënplatform: deel je idee</p>".encode("utf-16"), "text/html"),                     # no charset at all
    (b'<?xml version="1.0" encoding="iso-8859-1"?><html><p>Id\xe9e\xebnplatform: deel je idee</p></html>', "text/html"),
])
def test_wrong_or_missing_encodings_never_crash(net, body, ctype):
    net.site("tekens-voorbeeld.nl", {"/": Reply(body=body, content_type=ctype)})
    result = run(net, "tekens-voorbeeld.nl")
    assert result.coverage.status in ("ok", "partial", "failed")
    assert result.coverage.reason != "internal_error"


def test_declared_charset_and_meta_charset_are_used():
    assert decode("café".encode("cp1252"), "windows-1252") == "café"
    assert decode(b'<meta charset="iso-8859-1"><p>caf\xe9</p>', None).endswith("café</p>")
    assert decode("café".encode("utf-8"), None) == "café"
    assert decode(b"caf\xe9", None) == "café"            # not UTF-8: windows-1252


def test_javascript_app_shell_is_a_gap_not_an_empty_site(net):
    shell = '<html><head><script src="/app.js"></script></head><body><div id="root"></div></body></html>'
    net.site("app-voorbeeld.nl", {"/": html(shell)})
    result = run(net, "app-voorbeeld.nl")
    assert (result.coverage.status, result.coverage.reason) == ("partial", "unsupported_content")


@given(st.binary(max_size=3000))
def test_detectors_never_crash_on_arbitrary_bytes(body):
    page = read_page("https://a.nl/", "https://a.nl/", "home", 200, NOW, body, "text/html", None)
    onsite.detect(page)
    widgets.share_buttons([page])


@given(st.text(max_size=2000))
def test_detectors_never_crash_on_arbitrary_text(text):
    for doc in (text, f"<html><body><p>{text}</p><a href='{text[:50]}'>{text[:20]}</a></body></html>"):
        page = read_page("https://a.nl/", "https://a.nl/", "home", 200, NOW, doc.encode("utf-8", "replace"),
                         "text/html", "utf-8")
        onsite.detect(page)


def test_utf16_with_bom_is_read(net):
    body = '<html><body><p>Ons webcareteam helpt via WhatsApp</p></body></html>'.encode("utf-16")
    net.site("zestien-voorbeeld.nl", {"/": Reply(body=body, content_type="text/html")})
    result = run(net, "zestien-voorbeeld.nl")
    assert result.coverage.status == "ok" and kinds(result, "webcare")
