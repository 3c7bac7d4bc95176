"""Big pages are read, not refused: an HTML page over the size cap (declared by Content-Length, or
found while streaming, chunked or until the connection closes) is read up to the cap and parsed; the
accounts in the part read count, the website's coverage is partial `too_large`, and the scan is
partial, not unobservable. A JSON answer over the cap is never read in part. A recorded scan keeps
the cut body with `WARC-Truncated: length`, and its replay gives the same result."""
from __future__ import annotations

import dataclasses
import json
import tracemalloc

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests import hostile_files as hf
from tests.hardening_helpers import (COLLECTOR_HOSTS, DOMAIN, HOME, closed_port, fault_scan, hard_org,
                                     pins, serve_faulty, settings, streamer, tracebacks, warm_up)
from tests.servers import Reply

MB = 1024 * 1024
CAP = 1 * MB                                    # max_body for these scans
ROOM = dict(max_body=CAP, scan_budget=30.0)     # time is not what these tests are about
PER_PAGE = 4 * CAP       # memory a page read in part may cost: body, text, visible text, a copy
_BASELINE: list[int] = []
OPEN = HOME.replace("</body></html>", "")       # header, footer and social links: under 1 KB
FILLER = b"<p>" + b"Nieuws van de stichting. " * 40 + b"</p>\n"
EXPECTED = {("x", "hard_org"), ("bluesky", DOMAIN), ("mastodon", "hardorg@mastodon.social")}


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


def big_page(total: int) -> bytes:
    return OPEN.encode() + FILLER * (total // len(FILLER)) + b"</body></html>"


def chunks(total: int):
    """The same page made while it is sent (never held whole)."""
    yield OPEN.encode()
    block = FILLER * (256 * 1024 // len(FILLER))
    for _ in range(total // len(block)):
        yield block
    yield b"</body></html>"


def handles(result) -> set[tuple[str, str]]:
    return {(a.platform, a.handle) for a in result.accounts}


def traced(scan):
    tracemalloc.start()
    try:
        result, _seconds = scan()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def baseline(net, tmp_path) -> int:
    """Peak traced memory of the same scan with small pages (once per module, on its own server)."""
    if not _BASELINE:
        from tests.servers import FakeInternet
        (tmp_path / "baseline").mkdir()
        own = FakeInternet().start(str(tmp_path / "baseline"))
        try:
            serve_faulty(own, hard_org(), (), None)
            _BASELINE.append(traced(lambda: fault_scan(own, tmp_path / "baseline", **ROOM))[1])
        finally:
            own.stop()
    return _BASELINE[0]


def scan_measured(net, tmp_path, **overrides):
    limit = baseline(net, tmp_path) + 3 * PER_PAGE       # three pages read in part at most
    result, peak = traced(lambda: fault_scan(net, tmp_path, **ROOM, **overrides))
    return result, (peak, limit)


def assert_read_in_part(result, peak):
    web = result.coverage["website"]
    assert (web.status, web.reason) == ("partial", "too_large"), web
    assert "read in part" in web.detail
    assert handles(result) >= EXPECTED
    assert result.status == "partial" and result.estimate.phase is not None
    peak, limit = peak
    assert peak < limit, f"peak {peak / MB:.1f} MB, limit {limit / MB:.1f} MB"   # 50 MB never held
    fetched = [e for e in result.evidence if e.kind == "page_fetched" and e.value.get("role") == "home"]
    assert fetched and fetched[0].value.get("truncated") is True


def test_a_declared_50_mb_homepage_is_read_up_to_the_cap(net, tmp_path, caplog):
    """Content-Length says 50 MB: the header links in the first kilobyte still give the accounts;
    the subpages (over the cap as well) are read in part too."""
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS["website"], Reply(body=big_page(50 * MB)), ("/robots.txt",))
    result, peak = scan_measured(net, tmp_path)
    assert_read_in_part(result, peak)
    assert result.coverage["website"].detail.startswith("3 page(s) over the size cap")   # home + 2 subpages
    for name in ("x", "bluesky", "mastodon"):
        assert result.coverage[name].status == "ok", result.coverage[name]
    assert tracebacks(caplog) == []


@pytest.mark.parametrize("framing", [None, "chunked"], ids=["until_close", "chunked"])
def test_a_streamed_50_mb_homepage_is_read_up_to_the_cap(net, tmp_path, caplog, framing):
    """No Content-Length (the body ends when the connection closes, or chunked): the cap is found
    while streaming, and what came before it is read."""
    serve_faulty(net, hard_org(), (), None)
    page = (lambda: ("text/html; charset=utf-8", chunks(50 * MB))) if framing is None else \
        (lambda: ("text/html; charset=utf-8", chunks(50 * MB), framing))
    robots = lambda: ("text/plain", iter([b"User-agent: *\nAllow: /\n"]))  # noqa: E731
    with streamer({"/robots.txt": robots, "/": page}) as port, closed_port() as closed:
        resolve = pins(COLLECTOR_HOSTS["website"], "127.0.0.1", (port, closed)) + "," + net.resolve
        result, peak = scan_measured(net, tmp_path, resolve=resolve)
    assert_read_in_part(result, peak)
    assert tracebacks(caplog) == []


def test_a_subpage_over_the_cap_is_read_in_part(net, tmp_path):
    """Only the contact page is big; its accounts count, the rest of the site is whole."""
    spec = hard_org()
    contact = OPEN.replace("https://x.com/hard_org", "https://x.com/hardorg_contact")
    home = HOME.replace('<li><a href="https://x.com/hard_org" class="social-x">X</a></li>', "")
    serve_faulty(net, dataclasses.replace(spec, pages={**spec.pages, "/": home}), (), None)
    net.route(DOMAIN, "/contact", Reply(body=contact.encode() + FILLER * (3 * CAP // len(FILLER))))
    result, _ = fault_scan(net, tmp_path, **ROOM)
    web = result.coverage["website"]
    assert (web.status, web.reason) == ("partial", "too_large"), web
    assert f"https://{DOMAIN}/contact" in web.detail
    assert ("x", "hardorg_contact") in handles(result)
    cut = [e.source_url for e in result.evidence if e.kind == "page_fetched" and e.value.get("truncated")]
    assert cut == [f"https://{DOMAIN}/contact"]


def test_a_homepage_whose_part_read_is_no_html_is_too_large_and_unobservable(net, tmp_path):
    """50 MB of zeros served as HTML: the first megabyte holds nothing to read."""
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS["website"], Reply(body=bytes(50 * MB)), ("/robots.txt",))
    result, _ = fault_scan(net, tmp_path, **ROOM)
    web = result.coverage["website"]
    assert (web.status, web.reason) == ("failed", "too_large"), web
    assert result.status == "unobservable" and result.estimate.phase is None


def test_a_json_answer_over_the_cap_is_not_read_in_part(net, tmp_path):
    """Bluesky's API answers 3 MB of JSON: too_large, no account read from it, the rest intact
    (the fetch layer's tests cover JSON streamed and chunked)."""
    body = b'{"did": "did:plc:hardorg", "handle": "hardorg.nl", "filler": "' + b"x" * (3 * CAP) + b'"}'
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS["bluesky"],
                 Reply(body=body, content_type="application/json"), ())
    result, _ = fault_scan(net, tmp_path, **ROOM)
    sky = result.coverage["bluesky"]
    assert sky.status == "unavailable" and sky.reason == "too_large", sky
    assert result.coverage["website"].status == "ok"
    assert result.status == "partial"


def test_record_then_replay_repeats_the_page_read_in_part(net, tmp_path):
    """The CLI: exit 0 (partial), the WARC marks the cut homepage, the replay says the same."""
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS["website"], Reply(body=big_page(8 * MB)), ("/robots.txt",))
    s = settings(net, tmp_path)
    env = {**net.env(), "FOOTPRINT_MAX_BODY": str(CAP), "X_BEARER_TOKEN": s.x_bearer_token,
           "FOOTPRINT_WIKIDATA": "1", "FOOTPRINT_MAX_PAGES": "3"}
    warc = tmp_path / "scan.warc.gz"
    common = ("--json", "--as-of", s.as_of, "--db", str(tmp_path / "db"))
    code, live_out, _ = hf.cli("scan", DOMAIN, "--record", str(warc), *common, env=env)
    replay_env = {k: v for k, v in env.items() if k != "FOOTPRINT_RESOLVE"}
    code2, replay_out, _ = hf.cli("scan", DOMAIN, "--replay", str(warc), *common, env=replay_env)
    live, again = json.loads(live_out), json.loads(replay_out)
    assert code == code2 == 0
    assert live["status"] == again["status"] == "partial"
    assert live["coverage"]["website"] == again["coverage"]["website"]
    assert again["coverage"]["website"]["reason"] == "too_large"
    assert sorted(a["url"] for a in live["accounts"]) == sorted(a["url"] for a in again["accounts"])
    assert {("x", "hard_org")} <= {(a["platform"], a["handle"]) for a in again["accounts"]}
    with open(warc, "rb") as fh:
        marks = {r.rec_headers.get_header("WARC-Target-URI"): r.rec_headers.get_header("WARC-Truncated")
                 for r in ArchiveIterator(fh) if r.rec_type == "response"}
    assert marks[f"https://{DOMAIN}/"] == "length"
    assert marks[f"https://{DOMAIN}/robots.txt"] is None
