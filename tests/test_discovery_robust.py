"""discover() never crashes: arbitrary bytes, broken markup, odd encodings, huge and deep pages."""
from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from collectors.website.discovery import Sighting, discover

FOOTER = '<footer><a href="https://twitter.com/stadsbank">X</a></footer>'


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    assert all(isinstance(s, Sighting) for s in discover(data, "https://a.nl/", "a.nl"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdefhilmnoprstx:.@#{}[]\\\x00&;")), max_size=600))
def test_markup_soup(text):
    page = text + FOOTER + text
    found = discover(page, "https://a.nl/", "a.nl")
    assert all(isinstance(s, Sighting) for s in found)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_jsonld_block_text(block):
    page = (f'<html><head><script type="application/ld+json">{block}</script>'
            '<script type="application/ld+json">{"@type":"Organization","sameAs":"https://t.me/stadsbank"}</script>'
            '</head><body></body></html>')
    found = discover(page, "https://a.nl/", "a.nl")
    assert ("telegram", "stadsbank") in {(s.platform, s.handle) for s in found}


def test_empty_and_unparseable_inputs():
    for data in ("", b"", "   ", b"\x00\x00", "<?xml version='1.0' encoding='utf-8'?>", None, 12):
        assert discover(data, "https://a.nl/", "a.nl") == []


def test_declared_legacy_charset_and_xml_declaration():
    page = ('<?xml version="1.0" encoding="windows-1252"?><html><head><meta charset="windows-1252"></head>'
            '<body><p>Caf\xe9 de Kroon</p>' + FOOTER + '</body></html>').encode("cp1252")
    found = discover(page, "https://a.nl/", "a.nl")
    assert [(s.handle, s.role) for s in found] == [("stadsbank", "official")]


def test_unclosed_tags_still_find_the_footer():
    page = '<html><body><div><p><a href="https://x.com/nieuws"><footer><ul><li><a href="https://www.instagram.com/stadsbank">'
    assert ("instagram", "stadsbank") in {(s.platform, s.handle) for s in discover(page, "https://a.nl/", "a.nl")}


def test_deeply_nested_page():
    page = "<div>" * 20000 + '<a href="https://twitter.com/diep">X</a>' + "</div>" * 20000 + FOOTER
    found = discover(page, "https://a.nl/", "a.nl")
    assert ("x", "stadsbank") in {(s.platform, s.handle) for s in found}


def test_huge_page_is_fast():
    links = "".join(f'<p><a href="https://a.nl/artikel/{i}">Artikel {i}</a> '
                    f'<a href="https://twitter.com/intent/tweet?url={i}">Deel</a></p>' for i in range(40000))
    page = f"<html><body><main>{links}</main>{FOOTER}</body></html>"
    assert len(page) > 3_000_000
    started = time.perf_counter()
    found = discover(page, "https://a.nl/", "a.nl")
    assert time.perf_counter() - started < 20
    assert [(s.handle, s.location) for s in found] == [("stadsbank", "footer")]
