"""Timeouts, broken connections and the per-scan time budget, against real local servers."""
import socket
import time

import pytest
import requests

from collectors.http import FetchError, classify
from tests.http_helpers import fetcher, sequence
from tests.servers import Reply, html


def _fails(f, url, **kw) -> tuple[FetchError, float]:
    start = time.monotonic()
    with pytest.raises(FetchError) as info:
        f.get(url, **kw)
    return info.value, time.monotonic() - start


def test_hanging_server_times_out_fast(net):
    net.site("slow.nl", {"/": Reply(hang=True)})
    with fetcher(net, retries=0, read_timeout=0.3) as f:
        err, took = _fails(f, "https://slow.nl/")
    assert err.reason == "timeout"
    assert took < 1.5


def test_slow_drip_stops_at_request_timeout(net):
    net.site("drip.nl", {"/": html("x" * 2000, drip=0.01)})
    with fetcher(net, retries=0, read_timeout=0.5, request_timeout=0.6) as f:
        err, took = _fails(f, "https://drip.nl/")
    assert err.reason == "timeout"
    assert took < 2.0


def test_reset_connection_is_connection_error(net):
    net.site("reset.nl", {"/": html("y" * 5000, reset=True)})
    with fetcher(net, retries=0) as f:
        err, _ = _fails(f, "https://reset.nl/")
    assert err.reason == "connection_error"


def test_reset_then_answer_is_retried(net):
    net.site("flaky.nl", {"/": sequence(html("y" * 5000, reset=True), html("fine"))})
    with fetcher(net) as f:
        assert f.get("https://flaky.nl/").body == b"fine"
    assert net.hits("flaky.nl", "/") == 2


def test_closed_port_is_refused(net):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with fetcher(net, retries=0, resolve=f"dead.nl:80:127.0.0.1:{port}") as f:
        err, _ = _fails(f, "http://dead.nl/", purpose="api")
    assert err.reason == "refused"


def test_scan_budget_cuts_a_slow_answer_short(net):
    net.site("late.nl", {"/": html("late", delay=3)})
    with fetcher(net, read_timeout=5, request_timeout=10) as root:
        scan = root.scoped(deadline=time.monotonic() + 0.5)
        err, took = _fails(scan, "https://late.nl/", purpose="api")
    assert err.reason == "budget_exhausted"
    assert took < 1.5


def test_spent_budget_fails_without_asking_the_server(net):
    net.site("any.nl", {"/": html("hi")})
    with fetcher(net) as root:
        scan = root.scoped(deadline=time.monotonic() - 1)
        err, _ = _fails(scan, "https://any.nl/", purpose="api")
        assert root.get("https://any.nl/", purpose="api").status == 200   # the parent has no deadline
    assert err.reason == "budget_exhausted"
    assert net.hits("any.nl", "/") == 1


def test_session_errors_classify_like_get(net):
    net.site("slow.nl", {"/": Reply(hang=True)})
    with fetcher(net, read_timeout=0.3) as f:
        with pytest.raises(requests.RequestException) as info:
            f.session.get("https://slow.nl/")
    assert classify(info.value, "https://slow.nl/").reason == "timeout"
