"""Private addresses and robots.txt: with FOOTPRINT_ALLOW_PRIVATE off (pinning on), the transport
refuses loopback, private and metadata addresses, whether reached by a redirect or by a host name
that resolves there (DNS-rebinding style), and the scan reports private_address; a robots.txt that
disallows everything keeps the website (and YouTube's pages) unread, as blocked_by_robots.

The fake internet listens on 127.0.0.1, which is itself a refused address without the flag, so
these scans run in a lab: forwarders on 127.0.0.2 play the public internet (LabPolicy allows that
one address and applies the real rules to every other), given to run_scan as its root fetcher.
"""
from __future__ import annotations

import pytest

from tests.hardening_helpers import (ALL_COLLECTORS, COLLECTOR_HOSTS, MARGIN, assert_finished, fault_scan,
                                     hard_org, lab, lab_fetcher, outcome, pins, serve_faulty, settings,
                                     tracebacks, warm_up)
from tests.servers import redirect, text

EVERY_HOST = tuple(h for hosts in COLLECTOR_HOSTS.values() for h in hosts)
TARGETS = {"loopback": "127.0.0.1", "metadata": "169.254.169.254", "private": "10.0.0.1"}


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


def _lab_scan_twice(net, tmp_path, caplog, collector, reasons, resolve):
    s = settings(net, tmp_path, allow_private=False, resolve=resolve)
    results = []
    for _ in range(2):
        with lab_fetcher(s) as root:
            results.append(fault_scan(net, tmp_path, layer=root, allow_private=False, resolve=resolve))
    (first, seconds), (second, seconds2) = results
    assert_finished(first, seconds, s, collector, reasons)
    assert outcome(second) == outcome(first)
    assert seconds2 < s.scan_budget + MARGIN
    assert tracebacks(caplog) == []
    return first


def test_lab_reaches_the_organisation(net, tmp_path):
    """The lab itself: without a fault, the whole organisation is read with the flag off."""
    serve_faulty(net, hard_org(), (), None)
    with lab(net, EVERY_HOST) as resolve:
        s = settings(net, tmp_path, allow_private=False, resolve=resolve)
        with lab_fetcher(s) as root:
            result, _ = fault_scan(net, tmp_path, layer=root, allow_private=False, resolve=resolve)
    assert result.status == "complete", result.coverage


# Every target on the website; each platform collector gets one of them in turn.
REDIRECTS = [("website", t) for t in TARGETS] + [(c, list(TARGETS)[i % 3]) for i, c in enumerate(ALL_COLLECTORS[1:])]


@pytest.mark.parametrize("collector,target", REDIRECTS, ids=[f"{c}-{t}" for c, t in REDIRECTS])
def test_redirect_to_private_address_refused(net, tmp_path, caplog, collector, target):
    addr = TARGETS[target]
    net.route(addr, "/latest/meta-data/", text("ami-id\ninstance-id\n"))   # reached only if the guard failed
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS[collector],
                 lambda req: redirect(f"http://{addr}/latest/meta-data/", 302), ("/robots.txt",))
    with lab(net, EVERY_HOST) as resolve:
        result = _lab_scan_twice(net, tmp_path, caplog, collector, ("private_address",), resolve)
    assert addr in (result.coverage[collector].detail or "")
    assert net.hits(addr) == 0


@pytest.mark.parametrize("collector", ALL_COLLECTORS)
def test_host_name_resolving_to_private_address_refused(net, tmp_path, caplog, collector):
    """DNS-rebinding style: the collector's host names resolve to loopback (the fake internet
    itself, which would answer); nothing may be sent there."""
    serve_faulty(net, hard_org(), (), None)
    hosts = COLLECTOR_HOSTS[collector]
    others = tuple(h for h in EVERY_HOST if h not in hosts)
    with lab(net, others) as resolve:
        rebound = pins(hosts, "127.0.0.1", (net.http_port, net.https_port))
        _lab_scan_twice(net, tmp_path, caplog, collector, ("private_address",), resolve + "," + rebound)
    assert all(net.hits(h) == 0 for h in hosts)


def test_default_settings_refuse_the_fake_internet_itself(net, tmp_path, caplog):
    """Without the lab and without the flag, every pinned host is loopback: nothing is fetched."""
    serve_faulty(net, hard_org(), (), None)
    s = settings(net, tmp_path, allow_private=False)
    result, seconds = fault_scan(net, tmp_path, allow_private=False)
    assert_finished(result, seconds, s, "website", ("private_address",))
    assert net.log == []


@pytest.mark.parametrize("robots", ["User-agent: *\nDisallow: /\n", "User-agent: footprint\nDisallow: /\n"])
@pytest.mark.parametrize("collector", ["website", "youtube"])
def test_robots_disallowing_everything(net, tmp_path, caplog, collector, robots):
    serve_faulty(net, hard_org(), (), None)
    for host in COLLECTOR_HOSTS[collector]:
        net.route(host, "/robots.txt", text(robots))
    s = settings(net, tmp_path)
    first, seconds = fault_scan(net, tmp_path)
    assert_finished(first, seconds, s, collector, ("blocked_by_robots",))
    pages = [r for r in net.log if r.host in COLLECTOR_HOSTS[collector] and r.path != "/robots.txt"]
    if collector == "website":
        assert pages == [], "a page was fetched although robots.txt disallows it"
    else:   # the channel page is a page; the documented feed API does not follow robots.txt
        assert all(r.path.startswith("/feeds/") for r in pages)
    second, _ = fault_scan(net, tmp_path)
    assert outcome(second) == outcome(first)
    assert tracebacks(caplog) == []


def test_robots_disallowing_everything_does_not_stop_apis(net, tmp_path):
    """robots.txt governs website pages; documented APIs follow their own limits (DESIGN)."""
    serve_faulty(net, hard_org(), (), None)
    for host in ("api.x.com", "public.api.bsky.app", "mastodon.social"):
        net.route(host, "/robots.txt", text("User-agent: *\nDisallow: /\n"))
    result, _ = fault_scan(net, tmp_path)
    assert all(result.coverage[c].status == "ok" for c in ("x", "bluesky", "mastodon")), result.coverage

