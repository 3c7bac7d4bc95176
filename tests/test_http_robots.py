"""robots.txt for pages (RFC 9309 on errors), skipped for APIs; Crawl-delay; the User-Agent."""
import time

import pytest

from analyzer import __version__
from collectors.http import FetchError
from tests.http_helpers import Times, fetcher
from tests.servers import html, text


def test_disallowed_page_is_not_fetched(net):
    net.site("shy.nl", {"/private/a": html("no")}, robots="User-agent: *\nDisallow: /private/\n")
    with fetcher(net) as f, pytest.raises(FetchError) as info:
        f.get("https://shy.nl/private/a")
    assert info.value.reason == "blocked_by_robots"
    assert net.hits("shy.nl", "/private/a") == 0


def test_rules_for_footprint_token_apply(net):
    net.site("picky.nl", {"/": html("hi")},
             robots="User-agent: footprint\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    with fetcher(net) as f, pytest.raises(FetchError) as info:
        f.get("https://picky.nl/")
    assert info.value.reason == "blocked_by_robots"


def test_robots_5xx_disallows_everything(net):
    net.site("broken.nl", {"/": html("hi"), "/robots.txt": text("oops", status=503)})
    with fetcher(net, retries=0) as f, pytest.raises(FetchError) as info:
        f.get("https://broken.nl/")
    assert info.value.reason == "blocked_by_robots"
    assert "503" in info.value.detail
    assert net.hits("broken.nl", "/") == 0


def test_robots_4xx_allows_everything(net):
    net.site("open.nl", {"/": html("hi"), "/robots.txt": text("forbidden", status=403)})
    with fetcher(net) as f:
        assert f.get("https://open.nl/").status == 200


def test_robots_missing_allows_everything(net):
    net.site("plain.nl", {"/": html("hi")}, robots=None)
    with fetcher(net) as f:
        assert f.get("https://plain.nl/").status == 200


def test_robots_fetched_once_per_host(net):
    net.site("many.nl", {"/a": html("a"), "/b": html("b"), "/c": html("c")})
    with fetcher(net) as f:
        root = f.scoped()
        for path in ("/a", "/b", "/c"):
            root.get("https://many.nl" + path)
        f.get("https://many.nl/a")
    assert net.hits("many.nl", "/robots.txt") == 1


def test_api_purpose_skips_robots(net):
    net.site("api.bsky.nl", {"/xrpc": html("{}")}, robots="User-agent: *\nDisallow: /\n")
    with fetcher(net) as f:
        assert f.get("https://api.bsky.nl/xrpc", purpose="api").status == 200
    assert net.hits("api.bsky.nl", "/robots.txt") == 0


def test_crawl_delay_spaces_page_requests(net):
    seen = Times()
    net.site("slowly.nl", {"/p": seen}, robots="User-agent: *\nCrawl-delay: 0.3\n")
    with fetcher(net, crawl_delay_cap=5) as f:
        for _ in range(3):
            f.get("https://slowly.nl/p")
    gaps = [b - a for a, b in zip(seen.at, seen.at[1:])]
    assert len(gaps) == 2 and min(gaps) >= 0.28


def test_crawl_delay_is_capped(net):
    net.site("lazy.nl", {"/p": html("p")}, robots="User-agent: *\nCrawl-delay: 60\n")
    with fetcher(net, crawl_delay_cap=0.1) as f:
        start = time.monotonic()
        for _ in range(3):
            f.get("https://lazy.nl/p")
    assert 0.18 <= time.monotonic() - start < 1.5


def test_crawl_delay_beyond_budget_means_fewer_pages(net):
    net.site("lazy.nl", {"/p": html("p")}, robots="User-agent: *\nCrawl-delay: 5\n")
    with fetcher(net, crawl_delay_cap=10) as f:
        scan = f.scoped(deadline=time.monotonic() + 1)
        scan.get("https://lazy.nl/p")
        start = time.monotonic()
        with pytest.raises(FetchError) as info:
            scan.get("https://lazy.nl/p")
    assert info.value.reason == "budget_exhausted"
    assert time.monotonic() - start < 0.3


def test_user_agent_names_footprint_and_contact(net):
    net.site("ua.nl", {"/": html("hi")})
    with fetcher(net) as f:
        f.get("https://ua.nl/")
        f.session.get("https://ua.nl/")
    agents = {r.headers.get("user-agent") for r in net.log}
    assert len(agents) == 1
    [agent] = agents
    assert agent.startswith(f"footprint/{__version__}") and "https://" in agent


def test_robots_429_disallows_everything(net):
    net.site("busy.nl", {"/": html("hi"), "/robots.txt": text("later", status=429)})
    with fetcher(net, retries=0) as f, pytest.raises(FetchError) as info:
        f.get("https://busy.nl/")
    assert info.value.reason == "blocked_by_robots"


def test_unreachable_host_is_reported_as_such_not_as_robots(net):
    with fetcher(net, allow_private=False) as f, pytest.raises(FetchError) as info:
        f.get("https://gemeente-a.nl/")
    assert info.value.reason == "private_address"
    assert "robots.txt" in info.value.detail


def test_failed_robots_is_asked_again_later_but_good_rules_are_kept():
    from collectors.http.robots import FAILURE_TTL, RobotsRules
    old = time.monotonic() - FAILURE_TTL - 1
    assert RobotsRules(disallow_all="HTTP 503", fetched=old).expired()
    assert not RobotsRules(fetched=old).expired()


def test_the_rules_cache_keeps_the_latest_origins_only(monkeypatch):
    """A batch meets thousands of origins once each: the process keeps a bounded number."""
    import collectors.http.robots as robots

    monkeypatch.setattr(robots, "MAX_ORIGINS", 3)
    asked: list[str] = []

    def fetch(url: str) -> tuple[int, bytes]:
        asked.append(url)
        return 200, b"User-agent: *\nDisallow: /private\n"

    cache = robots.RobotsCache()
    for i in range(5):
        cache.rules(f"https://org-{i}.nl/", fetch)
    assert len(cache._rules) == 3 and not cache._pending
    assert cache.known("https://org-4.nl/") is not None and cache.known("https://org-0.nl/") is None
    cache.rules("https://org-4.nl/about", fetch)
    assert len(asked) == 5, "a kept origin is not asked again"
    cache.rules("https://org-0.nl/", fetch)
    assert asked[-1] == "https://org-0.nl/robots.txt"


def test_an_origin_in_use_stays_in_the_bounded_cache(monkeypatch):
    """The API every scan uses is the oldest entry but the most recently used: it is kept."""
    import collectors.http.robots as robots

    monkeypatch.setattr(robots, "MAX_ORIGINS", 3)
    asked: list[str] = []

    def fetch(url: str) -> tuple[int, bytes]:
        asked.append(url)
        return 200, b"User-agent: *\nAllow: /\n"

    cache = robots.RobotsCache()
    for i in range(10):
        cache.rules("https://api.example.org/x", fetch)
        cache.rules(f"https://org-{i}.nl/", fetch)
        assert len(cache._rules) <= 3
    assert asked.count("https://api.example.org/robots.txt") == 1
    assert cache.known("https://org-0.nl/") is None
