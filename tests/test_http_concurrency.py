"""At most `per_host` requests per host at once, measured at the server, across views and sessions."""
import time

from tests.http_helpers import Concurrency, fetcher, run_threads


def test_per_host_limit_holds_for_get(net):
    slow = Concurrency(hold=0.15)
    net.site("busy.nl", {"/": slow})
    with fetcher(net, per_host=2) as f:
        results = run_threads(lambda: f.get("https://busy.nl/", purpose="api").status, 8)
    assert results == [200] * 8
    assert slow.peak == 2


def test_per_host_limit_holds_for_the_raw_session(net):
    slow = Concurrency(hold=0.15)
    net.site("api.x.nl", {"/": slow})
    with fetcher(net, per_host=2) as f:
        run_threads(lambda: f.session.get("https://api.x.nl/").status_code, 6)
    assert slow.peak == 2


def test_per_host_limit_is_shared_by_scan_views(net):
    slow = Concurrency(hold=0.15)
    net.site("shared.nl", {"/": slow})
    with fetcher(net, per_host=1) as f:
        views = [f.scoped(deadline=time.monotonic() + 10) for _ in range(4)]
        run_threads(lambda: [v.get("https://shared.nl/", purpose="api") for v in views], 2)
    assert slow.peak == 1


def test_other_hosts_are_not_held_up(net):
    both = Concurrency(hold=0.3)          # one counter for two hosts
    net.site("a.nl", {"/": both})
    net.site("b.nl", {"/": both})
    urls = ["https://a.nl/", "https://b.nl/"] * 2
    with fetcher(net, per_host=1) as f:
        run_threads(lambda: f.get(urls.pop(), purpose="api"), 4)
    assert both.peak == 2


def test_a_host_nobody_uses_is_forgotten(net):
    """A batch meets thousands of hosts once each: the gate keeps only those in use."""
    net.site("a.nl", {"/": Concurrency(hold=0.05)})
    net.site("b.nl", {"/": Concurrency(hold=0.05)})
    with fetcher(net, per_host=1) as f:
        run_threads(lambda: f.get("https://a.nl/", purpose="api"), 3)
        f.get("https://b.nl/", purpose="api")
        assert f.layer.gate._slots == {}
