"""Network faults, parametrized over the collectors: every one ends in a finished scan that names
the precise coverage reason, within the scan budget, without a traceback, and the same way again
when the scan is run a second time with the HTTP cache on (failures are never cached)."""
from __future__ import annotations

from contextlib import ExitStack
from typing import Any, Callable

import pytest

from tests.hardening_helpers import (ALL_COLLECTORS, MARGIN, CLOUDFLARE, COLLECTOR_HOSTS, LOGIN_WALL, Counter,
                                     assert_finished, closed_port, fault_scan, foreign_tls, hard_org,
                                     outcome, pins, serve_faulty, settings, tracebacks, warm_up)
from tests.servers import Reply, Request, json_reply, redirect

@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


KEEP_ROBOTS = {"website": ("/robots.txt",), "youtube": ("/robots.txt",)}


def _reply(reply: Reply) -> Callable:
    def setup(net, tmp_path, collector, stack) -> dict[str, Any]:
        serve_faulty(net, hard_org(), COLLECTOR_HOSTS[collector], reply, KEEP_ROBOTS.get(collector, ()))
        return {}
    return setup


def _pinned(where: Callable) -> Callable:
    """Pin the collector's hosts somewhere else (a closed port, another CA, a bad name)."""
    def setup(net, tmp_path, collector, stack) -> dict[str, Any]:
        serve_faulty(net, hard_org(), (), None)
        return {"resolve": where(net, tmp_path, collector, stack) + "," + net.resolve}
    return setup


def _refused(net, tmp_path, collector, stack) -> str:
    port = stack.enter_context(closed_port())
    return pins(COLLECTOR_HOSTS[collector], "127.0.0.1", (port, port))


def _bad_name(net, tmp_path, collector, stack) -> str:
    # The host resolves through a name that cannot resolve. A name with an empty label fails in
    # the resolver call itself, so no DNS query leaves the machine (a *.invalid lookup would ask
    # the system's resolver).
    return pins(COLLECTOR_HOSTS[collector], "no..such.invalid")


def _foreign_ca(net, tmp_path, collector, stack) -> str:
    other = stack.enter_context(foreign_tls(tmp_path))
    closed = stack.enter_context(closed_port())   # no plain-http way round the bad certificate
    return pins(COLLECTOR_HOSTS[collector], "127.0.0.1", (closed, other.https_port))


def _loop(req: Request) -> Reply:
    return redirect(f"https://{req.host}/loop{len(req.path)}" if len(req.path) < 60 else f"https://{req.host}/", 302)


def _elsewhere(net, tmp_path, collector, stack) -> dict[str, Any]:
    """Every path of the collector's hosts moves to another host, which answers 404 (and notes
    whether any credential followed the request there)."""
    seen = Counter(Reply(status=404, body=b"not here"))
    net.fallback("elsewhere.example.org", seen)
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS[collector],
                 lambda req: redirect(f"https://elsewhere.example.org{req.raw_path}", 302),
                 KEEP_ROBOTS.get(collector, ()))
    stack.callback(lambda: _no_credentials(seen))
    return {}


def _no_credentials(seen: Counter) -> None:
    assert seen.seen, "the redirect was not followed"
    assert all("authorization" not in r.headers for r in seen.seen), "a credential followed a cross-host redirect"


SERVER_JSON = dict(content_type="application/json")
CASES: dict[str, Callable] = {
    "refused": _pinned(_refused),
    "dns_failure": _pinned(_bad_name),
    "tls_foreign_ca": _pinned(_foreign_ca),
    "reset_mid_body": _reply(Reply(body=b'{"data": "' + b"x" * 20000, reset=True)),
    "never_answers": _reply(Reply(hang=True)),
    "drip_1_byte_per_s": _reply(Reply(body=b"<html><body>" + b"x" * 200 + b"</body></html>", drip=1.0)),
    "429": _reply(Reply(status=429, body=b"Too Many Requests")),
    "429_retry_after": _reply(Reply(status=429, body=b"Too Many Requests", headers={"Retry-After": "3600"})),
    "500": _reply(Reply(status=500, body=b"Internal Server Error")),
    "502": _reply(Reply(status=502, body=b"Bad Gateway")),
    "503": _reply(Reply(status=503, body=b"Service Unavailable")),
    "401": _reply(json_reply({"title": "Unauthorized", "status": 401}, status=401)),
    "403": _reply(Reply(status=403, body=b"Forbidden")),
    "cloudflare_503": _reply(Reply(status=503, body=CLOUDFLARE.encode(), headers={"cf-mitigated": "challenge"})),
    "cloudflare_403": _reply(Reply(status=403, body=CLOUDFLARE.encode())),
    "login_wall": _reply(Reply(body=LOGIN_WALL.encode())),
    "endless_redirects": _reply(_loop),
    "redirect_other_host": _elsewhere,
}

# The precise reason each case must give. A website page behind a wall is the wall; an API that
# answers a wall page instead of JSON is malformed (X is read by tweepy, which sees the status only).
EXPECTED: dict[str, tuple[str, ...]] = {
    "refused": ("refused",), "dns_failure": ("dns_error",), "tls_foreign_ca": ("tls_error",),
    "reset_mid_body": ("connection_error",), "never_answers": ("timeout",), "drip_1_byte_per_s": ("timeout",),
    "429": ("rate_limited",), "429_retry_after": ("rate_limited",), "500": ("http_error",),
    "502": ("http_error",), "503": ("http_error",), "401": ("http_error",), "403": ("http_error",),
    "cloudflare_503": ("bot_wall",), "cloudflare_403": ("bot_wall",), "login_wall": ("malformed",),
    "endless_redirects": ("too_many_redirects", "redirect_loop"), "redirect_other_host": ("not_found",),
}
SPECIAL: dict[tuple[str, str], tuple[str, ...]] = {
    ("login_wall", "website"): ("login_wall",),
    ("login_wall", "youtube"): ("login_wall",),
    # tweepy sees only the status of a wall page
    ("cloudflare_503", "x"): ("http_error",), ("cloudflare_403", "x"): ("http_error",),
    # https fails on the certificate, then plain http is refused: both are named, http's last
    ("tls_foreign_ca", "website"): ("refused",),
}
# Every case runs against every collector, except the status variants already covered by one
# case of their kind on the Fetcher-based collectors (they differ only in the number).
# Collectors that map it their own way are kept: X (tweepy), Mastodon (RSS fallback on 401/403).
ONLY = {"500": ("website",), "502": ("website",), "cloudflare_403": ("website", "mastodon"),
        "403": ("website", "x", "mastodon", "youtube"), "429_retry_after": ("website", "x", "mastodon")}
PARAMS = [(case, coll) for case in CASES for coll in ALL_COLLECTORS if coll in ONLY.get(case, ALL_COLLECTORS)]


@pytest.mark.parametrize("case,collector", PARAMS, ids=[f"{c}-{k}" for c, k in PARAMS])
def test_network_fault(net, tmp_path, caplog, case, collector):
    caplog.set_level("INFO")
    with ExitStack() as stack:
        overrides = CASES[case](net, tmp_path, collector, stack)
        first, seconds = fault_scan(net, tmp_path, **overrides)
        s = settings(net, tmp_path, **overrides)
        reasons = SPECIAL.get((case, collector), EXPECTED[case])
        assert_finished(first, seconds, s, collector, reasons)
        if (case, collector) == ("tls_foreign_ca", "website"):
            assert "tls_error" in (first.coverage["website"].detail or "")
        second, seconds2 = fault_scan(net, tmp_path, **overrides)
        assert outcome(second) == outcome(first)
        assert seconds2 < s.scan_budget + MARGIN
    assert tracebacks(caplog) == []
