"""Body size cap (streamed, counted after decompression) and content-type checks."""
import gzip
import tracemalloc
import zlib

import pytest

from collectors.http import FetchError
from tests.http_helpers import fetcher
from tests.servers import Reply, gzipped, html, json_reply


def test_huge_body_is_refused(net):
    net.site("big.nl", {"/": html("x" * 300_000)})
    with fetcher(net, max_body=100_000) as f, pytest.raises(FetchError) as info:
        f.get("https://big.nl/")
    assert info.value.reason == "too_large"


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
    net.site("big.nl", {"/": html("x" * 300_000)})
    with fetcher(net, max_body=100_000) as f, pytest.raises(Exception) as info:
        f.session.get("https://big.nl/")
    from collectors.http import classify
    assert classify(info.value, "https://big.nl/").reason == "too_large"


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
