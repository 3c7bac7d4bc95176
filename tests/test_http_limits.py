"""Body size cap (streamed, counted after decompression) and content-type checks."""
import gzip
import time
import tracemalloc
import zlib

import pytest

from collectors.http import FetchError, classify
from collectors.http.body import cut_of
from tests.hardening_helpers import big_html, streamer
from tests.http_helpers import fetcher
from tests.servers import Reply, gzipped, html, json_reply


MB = 1024 * 1024
LINKS = '<header><a href="https://x.com/groot">X</a></header>'


def test_a_page_over_the_cap_is_too_large_unless_asked_for_in_part(net):
    """Declared by Content-Length: read up to the cap for a caller that reads pages in part."""
    net.site("big.nl", {"/": html(LINKS + "x" * 300_000)})
    with fetcher(net, max_body=100_000) as f:
        with pytest.raises(FetchError) as info:
            f.get("https://big.nl/")
        r = f.get("https://big.nl/", partial=True)
    assert info.value.reason == "too_large"
    assert r.truncated and len(r.body) == 100_000 and r.body.startswith(LINKS.encode())


def test_a_page_within_the_cap_is_not_marked_truncated(net):
    net.site("fits.nl", {"/": html("x" * 100_000)})
    with fetcher(net, max_body=100_000) as f:
        assert f.get("https://fits.nl/", partial=True).truncated is False


@pytest.mark.parametrize("framing", [None, "chunked", 50 * MB], ids=["until_close", "chunked", "declared"])
def test_a_50_mb_page_is_read_up_to_the_cap_in_bounded_memory(net, framing):
    def page():
        ctype, chunks = big_html(50 * MB)
        return (ctype, chunks) if framing is None else (ctype, chunks, framing)
    with streamer({"/": page}) as port, fetcher(net, max_body=1_000_000) as f:
        tracemalloc.start()
        try:
            start = time.monotonic()
            r = f.get(f"http://127.0.0.1:{port}/", partial=True)
            seconds = time.monotonic() - start
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert r.truncated and len(r.body) == 1_000_000 and r.body.startswith(b"<!doctype html>")
    assert peak < 4_000_000, peak                   # the cap, a chunk and copies: never 50 MB
    assert seconds < 5                              # stopped at the cap, not after 50 MB


@pytest.mark.parametrize("framing", [None, "chunked"], ids=["until_close", "chunked"])
def test_json_over_the_cap_is_too_large_even_for_a_reader_in_part(net, framing):
    """Only HTML is read in part: cut JSON means nothing."""
    def answer():
        chunks = iter([b'{"data": "' + b"x" * 300_000 + b'"}'])
        return ("application/json", chunks) if framing is None else ("application/json", chunks, framing)
    with streamer({"/v1": answer}) as port, fetcher(net, max_body=100_000) as f:
        with pytest.raises(FetchError) as info:
            f.get(f"http://127.0.0.1:{port}/v1", purpose="api", partial=True)
    assert info.value.reason == "too_large"


def test_declared_json_over_the_cap_is_refused_before_its_body(net):
    net.route("api.big.nl", "/v1", json_reply({"data": "x" * 300_000}))
    with fetcher(net, max_body=100_000) as f, pytest.raises(FetchError) as info:
        f.get("https://api.big.nl/v1", purpose="api", partial=True)
    assert info.value.reason == "too_large" and "declared" in info.value.detail


def test_body_at_the_cap_is_fine(net):
    net.site("fits.nl", {"/": html("x" * 100_000)})
    with fetcher(net, max_body=100_000) as f:
        assert len(f.get("https://fits.nl/").body) == 100_000


def test_gzip_bomb_stops_early(net):
    bomb = gzip.compress(b"\0" * 40_000_000, compresslevel=9)   # ~40 kB on the wire
    net.site("bomb.nl", {"/": Reply(body=bomb, headers={"Content-Encoding": "gzip"})})
    with fetcher(net, max_body=1_000_000, request_timeout=5) as f:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError) as info:
                f.get("https://bomb.nl/")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert info.value.reason == "too_large"
    assert peak < 8_000_000          # decoding stopped near the 1 MB cap, far below 40 MB


def test_gzip_bomb_page_read_in_part_stops_at_the_cap(net):
    bomb = gzip.compress(b"<html>" + b"\0" * 40_000_000, compresslevel=9)
    net.site("bomb.nl", {"/": Reply(body=bomb, headers={"Content-Encoding": "gzip"})})
    with fetcher(net, max_body=1_000_000, request_timeout=5) as f:
        r = f.get("https://bomb.nl/", partial=True)
    assert r.truncated and len(r.body) == 1_000_000 and r.body.startswith(b"<html>")


def test_deflate_bomb_stops_early(net):
    bomb = zlib.compress(b"a" * 50_000_000, 9)
    net.site("bomb.nl", {"/": Reply(body=bomb, headers={"Content-Encoding": "deflate"})})
    with fetcher(net, max_body=1_000_000) as f, pytest.raises(FetchError) as info:
        f.get("https://bomb.nl/")
    assert info.value.reason == "too_large"


def test_gzipped_body_arrives_decoded(net):
    net.site("zip.nl", {"/": gzipped(html("<p>hallo wereld</p>"))})
    with fetcher(net) as f:
        r = f.get("https://zip.nl/")
    assert r.body == b"<p>hallo wereld</p>"
    assert "content-encoding" not in r.headers
    assert r.headers["content-length"] == str(len(r.body))


def test_session_responses_are_capped_too(net):
    """tweepy's session: JSON over the cap fails as too_large, an HTML page comes cut at the cap."""
    net.route("api.big.nl", "/v1", json_reply({"data": "x" * 300_000}))
    net.site("big.nl", {"/": html("x" * 300_000)})
    with fetcher(net, max_body=100_000) as f:
        with pytest.raises(Exception) as info:
            f.session.get("https://api.big.nl/v1")
        page = f.session.get("https://big.nl/")
    assert classify(info.value, "https://api.big.nl/v1").reason == "too_large"
    assert len(page.content) == 100_000 and cut_of(page) == "length"


def test_unexpected_content_type_is_refused(net):
    net.site("api.nl", {"/data": json_reply({"a": 1})})
    with fetcher(net) as f, pytest.raises(FetchError) as info:
        f.get("https://api.nl/data", accept=("text/html",))
    assert info.value.reason == "unsupported_content"


def test_accepted_content_type_with_wildcard(net):
    net.site("feed.nl", {"/rss": Reply(body=b"<rss/>", content_type="application/rss+xml")})
    with fetcher(net) as f:
        assert f.get("https://feed.nl/rss", accept=("application/*",)).content_type == "application/rss+xml"


def test_json_of_a_non_json_body_is_malformed(net):
    net.site("api.nl", {"/x": html("<html>")})
    with fetcher(net) as f:
        r = f.get("https://api.nl/x")
    with pytest.raises(FetchError) as info:
        r.json()
    assert info.value.reason == "malformed"
