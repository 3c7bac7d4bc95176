"""The persistent HTTP cache: a repeat scan is served from it; failures never are."""
import time

import pytest

from collectors.http import FetchError
from tests.http_helpers import fetcher, sequence
from tests.servers import Reply, html


def _cached(net, tmp_path, **kw):
    return fetcher(net, cache=True, cache_path=str(tmp_path / "http-cache.sqlite"), **kw)


def test_second_scan_is_served_from_cache(net, tmp_path):
    net.site("gemeente-a.nl", {"/": html("home"), "/contact": html("contact")})
    for _scan in range(2):     # two separate fetchers: the cache persists on disk
        with _cached(net, tmp_path) as f:
            scan = f.scoped(deadline=time.monotonic() + 30)
            pages = [scan.get(f"https://gemeente-a.nl{p}") for p in ("/", "/contact")]
    assert [p.from_cache for p in pages] == [True, True]
    assert [p.body for p in pages] == [b"home", b"contact"]
    assert net.hits("gemeente-a.nl", "/") == 1 and net.hits("gemeente-a.nl", "/contact") == 1
    assert net.hits("gemeente-a.nl", "/robots.txt") == 1


def test_first_fetch_is_a_miss(net, tmp_path):
    net.site("fresh.nl", {"/": html("x")})
    with _cached(net, tmp_path) as f:
        assert f.get("https://fresh.nl/").from_cache is False


def test_cached_answer_keeps_its_capture_time(net, tmp_path):
    net.site("fresh.nl", {"/": html("x")})
    with _cached(net, tmp_path) as f:
        first = f.get("https://fresh.nl/")
        second = f.get("https://fresh.nl/")
    assert second.from_cache and abs((second.fetched_at - first.fetched_at).total_seconds()) < 1


def test_expired_entry_is_fetched_again(net, tmp_path):
    net.site("fresh.nl", {"/": html("x")})
    with _cached(net, tmp_path, cache_ttl=0.3) as f:
        f.get("https://fresh.nl/")
        time.sleep(0.5)
        assert f.get("https://fresh.nl/").from_cache is False
    assert net.hits("fresh.nl", "/") == 2


@pytest.mark.parametrize("status", [404, 429, 500, 503])
def test_error_answers_are_not_cached(net, tmp_path, status):
    net.site("err.nl", {"/": html("no", status)})
    with _cached(net, tmp_path, retries=0) as f:
        for _ in range(2):
            with pytest.raises(FetchError):
                f.get("https://err.nl/")
    assert net.hits("err.nl", "/") == 2


def test_failure_then_success_caches_only_the_success(net, tmp_path):
    net.site("wobbly.nl", {"/": sequence(html("down", 500), html("up"), html("changed"))})
    with _cached(net, tmp_path, retries=0) as f:
        with pytest.raises(FetchError):
            f.get("https://wobbly.nl/")
        assert f.get("https://wobbly.nl/").body == b"up"
        assert f.get("https://wobbly.nl/").from_cache


def test_too_large_is_not_cached(net, tmp_path):
    net.site("big.nl", {"/": html("x" * 50_000)})
    with _cached(net, tmp_path, max_body=10_000) as f:
        for _ in range(2):
            with pytest.raises(FetchError) as info:
                f.get("https://big.nl/")
            assert info.value.reason == "too_large"
    assert net.hits("big.nl", "/") == 2


def test_cache_off_asks_every_time(net, tmp_path):
    net.site("nocache.nl", {"/": html("x")})
    with fetcher(net, cache=False, cache_path=str(tmp_path / "c.sqlite")) as f:
        assert not f.get("https://nocache.nl/").from_cache
        assert not f.get("https://nocache.nl/").from_cache
    assert net.hits("nocache.nl", "/") == 2
    assert not (tmp_path / "c.sqlite").exists()


def test_cache_is_bypassed_while_recording(net, tmp_path):
    net.site("rec.nl", {"/": html("x")})
    with _cached(net, tmp_path) as f:
        f.get("https://rec.nl/")
    with _cached(net, tmp_path, record=str(tmp_path / "scan.warc.gz")) as f:
        assert f.get("https://rec.nl/").from_cache is False
    assert net.hits("rec.nl", "/") == 2


def test_cached_body_was_capped_and_decoded_beneath_the_cache(net, tmp_path):
    net.site("zip.nl", {"/": Reply(body=__import__("gzip").compress(b"hello"), headers={"Content-Encoding": "gzip"})})
    with _cached(net, tmp_path) as f:
        f.get("https://zip.nl/")
        again = f.get("https://zip.nl/")
    assert again.from_cache and again.body == b"hello" and "content-encoding" not in again.headers


def test_answers_fetched_with_private_addresses_are_not_served_without(net, tmp_path):
    net.site("intern.nl", {"/": html("private mirror")})
    with _cached(net, tmp_path) as f:              # the fake internet: allow_private and --resolve on
        assert f.get("https://intern.nl/").body == b"private mirror"
    with _cached(net, tmp_path, allow_private=False) as f:
        with pytest.raises(FetchError) as err:
            f.get("https://intern.nl/")
    assert err.value.reason == "private_address"
    with _cached(net, tmp_path) as f:              # same settings again: the cache still answers
        assert f.get("https://intern.nl/").from_cache


def test_a_corrupt_cache_file_is_set_aside_with_a_warning(net, tmp_path, caplog):
    net.site("fresh.nl", {"/": html("x")})
    (tmp_path / "http-cache.sqlite").write_bytes(b"\x00garbage, not SQLite" * 500)
    with _cached(net, tmp_path) as f:
        assert f.get("https://fresh.nl/").body == b"x"
    assert any("set aside" in r.getMessage() for r in caplog.records)
    assert list(tmp_path.glob("http-cache.sqlite.corrupt-*"))
