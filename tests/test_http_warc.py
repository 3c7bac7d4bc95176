"""WARC record and replay: the same answers with no server, and no credentials in the file."""
import gzip
import time
from datetime import timedelta

import pytest
from warcio.archiveiterator import ArchiveIterator

from analyzer.core.errors import UsageError
from collectors.http import FetchError, classify
from collectors.http.redact import redact_url
from tests.http_helpers import fetcher, sequence
from tests.servers import FakeInternet, Reply, gzipped, html, json_reply, redirect

SECRET = "s3cr3t-T0KEN-value"


def _site(net):
    net.site("gemeente-a.nl", {
        "/": html("<h1>Welkom</h1>"),
        "/oud": redirect("https://www.gemeente-a.nl/nieuw"),
        "/zip": gzipped(html("<p>ingepakt</p>")),
    })
    net.site("www.gemeente-a.nl", {"/nieuw": html("nieuw")})
    net.route("api.x.com", "/2/users", json_reply({"data": {"id": "1"}}, headers={"Set-Cookie": f"sid={SECRET}"}))


def _shape(r):
    """What a collector sees, with the (differing) access tokens taken out of the URLs."""
    return (redact_url(r.url), redact_url(r.final_url), r.status, r.body, r.redirects, r.content_type, r.encoding)


def _record(tmp_path, **kw):
    net = FakeInternet().start(str(tmp_path))
    _site(net)
    path = tmp_path / "scan.warc.gz"
    try:
        with fetcher(net, record=str(path), **kw) as f:
            live = [f.get("https://gemeente-a.nl/"), f.get("https://gemeente-a.nl/oud"),
                    f.get("https://gemeente-a.nl/zip"),
                    f.get("https://api.x.com/2/users", purpose="api", params={"ids": "1", "access_token": SECRET},
                          headers={"Authorization": f"Bearer {SECRET}", "Cookie": f"c={SECRET}"})]
    finally:
        net.stop()
    return net, path, live


def _replay(net_settings_from, path, **kw):
    return fetcher(net_settings_from, record="", replay=str(path), **kw)


def test_replay_gives_identical_answers_with_no_server(tmp_path):
    net, path, live = _record(tmp_path)            # the server is stopped after recording
    with _replay(net, path) as f:
        again = [f.get("https://gemeente-a.nl/"), f.get("https://gemeente-a.nl/oud"),
                 f.get("https://gemeente-a.nl/zip"),
                 f.get("https://api.x.com/2/users", purpose="api", params={"ids": "1", "access_token": "other"})]
    assert [_shape(r) for r in again] == [_shape(r) for r in live]


def test_archive_holds_no_credentials(tmp_path):
    _net, path, _live = _record(tmp_path)
    raw = gzip.decompress(path.read_bytes())
    assert SECRET.encode() not in raw
    assert b"authorization" not in raw.lower()
    assert b"access_token" not in raw


def test_bodies_are_stored_decoded(tmp_path):
    _net, path, _live = _record(tmp_path)
    stored = []
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI").endswith("/zip"):
                stored.append((rec.http_headers.get_header("Content-Encoding"), rec.raw_stream.read()))
    assert stored == [(None, b"<p>ingepakt</p>")]


def test_every_hop_is_recorded_as_request_and_response(tmp_path):
    _net, path, _live = _record(tmp_path)
    with open(path, "rb") as fh:
        kinds = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]
    for uri in ("https://gemeente-a.nl/oud", "https://www.gemeente-a.nl/nieuw"):
        assert ("request", uri) in kinds and ("response", uri) in kinds


def test_missing_url_is_not_in_archive(tmp_path):
    net, path, _live = _record(tmp_path)
    with _replay(net, path) as f, pytest.raises(FetchError) as info:
        f.get("https://gemeente-a.nl/nooit-gezien")
    assert info.value.reason == "not_in_archive"


def test_missing_robots_counts_as_allow(net, tmp_path):
    net.site("api-only.nl", {"/": html("hi")}, robots="User-agent: *\nDisallow: /\n")
    path = tmp_path / "api.warc.gz"
    with fetcher(net, record=str(path)) as f:
        f.get("https://api-only.nl/", purpose="api")       # no robots.txt in the archive
    with _replay(net, path) as f:
        assert f.get("https://api-only.nl/", purpose="page").body == b"hi"


def test_capture_time_is_the_earliest_record(tmp_path):
    net, path, live = _record(tmp_path)
    with _replay(net, path) as f:
        assert f.capture_time is not None
        assert abs(f.capture_time - live[0].fetched_at) < timedelta(seconds=2)
        assert f.get("https://gemeente-a.nl/").fetched_at >= f.capture_time


def test_last_record_of_a_url_wins(net, tmp_path):
    net.site("change.nl", {"/": sequence(html("first"), html("second"))})
    path = tmp_path / "twice.warc.gz"
    with fetcher(net, record=str(path)) as f:
        f.get("https://change.nl/", purpose="api")
        f.get("https://change.nl/", purpose="api")
    with _replay(net, path) as f:
        assert f.get("https://change.nl/", purpose="api").body == b"second"


def test_retries_are_recorded_and_replay_gives_the_final_answer(net, tmp_path):
    net.site("wobbly.nl", {"/": sequence(html("down", 503), html("up"))})
    path = tmp_path / "retry.warc.gz"
    with fetcher(net, record=str(path)) as f:
        f.get("https://wobbly.nl/", purpose="api")
    with open(path, "rb") as fh:
        statuses = [r.http_headers.get_statuscode() for r in ArchiveIterator(fh) if r.rec_type == "response"]
    assert statuses == ["503", "200"]
    with _replay(net, path) as f:
        assert f.get("https://wobbly.nl/", purpose="api").body == b"up"


def test_recorded_failure_replays_as_the_same_failure(net, tmp_path):
    net.site("slow.nl", {"/": Reply(hang=True)})
    path = tmp_path / "fail.warc.gz"
    with fetcher(net, record=str(path), retries=0, read_timeout=0.3) as f, pytest.raises(FetchError):
        f.get("https://slow.nl/", purpose="api")
    with _replay(net, path) as f, pytest.raises(FetchError) as info:
        f.get("https://slow.nl/", purpose="api")
    assert info.value.reason == "timeout"


def test_query_order_does_not_matter_on_replay(net, tmp_path):
    net.route("api.nl", "/search?a=1&b=2", json_reply({"ok": True}))
    path = tmp_path / "q.warc.gz"
    with fetcher(net, record=str(path)) as f:
        f.get("https://api.nl/search?a=1&b=2", purpose="api")
    with _replay(net, path) as f:
        assert f.get("https://api.nl/search?b=2&a=1", purpose="api").json() == {"ok": True}


def test_session_requests_are_replayed_too(tmp_path):
    net, path, _live = _record(tmp_path)
    with _replay(net, path) as f:
        r = f.session.get("https://api.x.com/2/users?ids=1", headers={"Authorization": "Bearer new"})
        assert r.json() == {"data": {"id": "1"}}
        with pytest.raises(Exception) as info:
            f.session.get("https://api.x.com/2/tweets")
    assert classify(info.value, "https://api.x.com/2/tweets").reason == "not_in_archive"


def test_batch_folder_keeps_one_warc_per_scan(net, tmp_path):
    _site(net)
    folder = tmp_path / "warcs"
    with fetcher(net, record=str(folder)) as f:
        for key in ("gemeente-a.nl", "www.gemeente-a.nl"):
            with f.scoped(deadline=time.monotonic() + 10, name=key) as scan:
                scan.get(f"https://{key}/" if key == "gemeente-a.nl" else f"https://{key}/nieuw")
    assert sorted(p.name for p in folder.iterdir()) == ["gemeente-a.nl.warc.gz", "www.gemeente-a.nl.warc.gz"]
    with _replay(net, folder) as f:
        with f.scoped(name="gemeente-a.nl") as scan:
            assert scan.get("https://gemeente-a.nl/").status == 200
            with pytest.raises(FetchError) as info:
                scan.get("https://www.gemeente-a.nl/nieuw")     # in the other scan's file only
    assert info.value.reason == "not_in_archive"


def test_replay_file_that_does_not_exist_is_a_usage_error(net, tmp_path):
    with pytest.raises(UsageError, match="not found"):
        _replay(net, tmp_path / "missing.warc.gz").__enter__()


def test_record_and_replay_together_is_a_usage_error(net, tmp_path):
    with pytest.raises(UsageError):
        fetcher(net, record=str(tmp_path / "a.warc.gz"), replay=str(tmp_path / "b.warc.gz")).__enter__()


def test_unwritable_record_path_is_a_usage_error(net, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(UsageError, match="cannot be written"):
        fetcher(net, record=str(blocker / "scan.warc.gz")).__enter__()


@pytest.mark.parametrize("param", ["pagination_token", "next_token", "page_token"])
def test_pages_of_a_paginated_api_replay_as_themselves(net, tmp_path, param):
    """A paging cursor is no secret: stripping it made page 1 replay as page 2."""
    net.route("api.x.com", "/2/users/1/tweets",
              lambda req: json_reply({"page": (req.query.get(param) or ["first"])[0]}))
    path = tmp_path / "pages.warc.gz"
    urls = ["https://api.x.com/2/users/1/tweets?max_results=50",
            f"https://api.x.com/2/users/1/tweets?max_results=50&{param}=2"]
    with fetcher(net, record=str(path)) as f:
        live = [f.get(u, purpose="api").json() for u in urls]
    with _replay(net, path) as f:
        assert [f.get(u, purpose="api").json() for u in urls] == live == [{"page": "first"}, {"page": "2"}]


def test_secret_query_parameters_are_still_stripped():
    assert redact_url("https://a.nl/x?access_token=s3cret&cursor=5") == "https://a.nl/x?cursor=5"
    assert "s3cret" not in redact_url("https://a.nl/x?oauth_token=s3cret&pagination_token=2")
    assert "pagination_token=2" in redact_url("https://a.nl/x?oauth_token=s3cret&pagination_token=2")


def test_a_page_cut_at_the_cap_is_recorded_as_truncated_and_replays_cut(net, tmp_path):
    """WARC 1.1's WARC-Truncated: length marks the cut body, so a replay reads it in part again."""
    net.site("groot.nl", {"/": html("<a href='https://x.com/groot'>X</a>" + "x" * 30_000),
                          "/klein": html("klein")})
    path = tmp_path / "cut.warc.gz"
    with fetcher(net, record=str(path), max_body=10_000) as f:
        live = f.get("https://groot.nl/", partial=True)
        f.get("https://groot.nl/klein", partial=True)
    with open(path, "rb") as fh:
        marks = {r.rec_headers.get_header("WARC-Target-URI"): (r.rec_headers.get_header("WARC-Truncated"),
                                                              len(r.content_stream().read()))
                 for r in ArchiveIterator(fh) if r.rec_type == "response"}
    assert marks["https://groot.nl/"] == ("length", 10_000)
    assert marks["https://groot.nl/klein"] == (None, 5)
    with _replay(net, path, max_body=10_000) as f:
        again = f.get("https://groot.nl/", partial=True)
        with pytest.raises(FetchError) as info:
            f.get("https://groot.nl/")                  # a reader of whole answers: too_large, as live
        assert f.get("https://groot.nl/klein", partial=True).truncated is False
    assert again.truncated and again.body == live.body
    assert info.value.reason == "too_large"
    with _replay(net, path, max_body=1_000_000) as f:   # a larger cap cannot make the cut body whole
        assert f.get("https://groot.nl/", partial=True).truncated


def test_a_cut_page_is_not_cached(net, tmp_path):
    net.site("groot.nl", {"/": html("x" * 30_000)})
    with fetcher(net, max_body=10_000, cache=True, cache_path=str(tmp_path / "c.sqlite")) as f:
        first, second = (f.get("https://groot.nl/", partial=True) for _ in range(2))
    assert first.truncated and second.truncated and not second.from_cache
    assert net.hits("groot.nl", "/") == 2


def test_a_token_echoed_across_the_cut_leaves_no_part_in_the_archive(net, tmp_path):
    """The cut can fall inside an echoed credential: its start is scrubbed as the whole one is."""
    net.site("echo.nl", {"/": lambda req: html("x" * 9_990 + req.headers.get("authorization", "") + "y" * 100)})
    path = tmp_path / "echo.warc.gz"
    with fetcher(net, record=str(path), max_body=10_000) as f:
        r = f.get("https://echo.nl/", purpose="api", partial=True, headers={"Authorization": f"Bearer {SECRET}"})
    assert r.truncated and r.body.endswith(b"x***")
    raw = gzip.decompress(path.read_bytes())
    assert SECRET[:4].encode() not in raw and b"Bearer" not in raw
