"""Documented APIs are paced at their published rate (counted by the server per second), not held to
`per_host` concurrent requests, and their rate-limit headers shrink or pause the pace."""
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from analyzer.core.errors import UsageError
from collectors.http import FetchError
from collectors.http.ratelimit import ApiLimits, Limit, pace
from collectors.http.retry import window_left
from tests.http_helpers import fetcher, run_threads
from tests.servers import json_reply


class Arrivals:
    """A route that notes when each request arrived and how many were being answered at once."""

    def __init__(self, hold: float = 0.0, headers=None):
        self.hold, self.headers = hold, headers or (lambda: {})
        self.times: list[float] = []
        self.now = self.peak = 0
        self._lock = threading.Lock()

    def __call__(self, req):
        with self._lock:
            self.times.append(time.monotonic())
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(self.hold)
        with self._lock:
            self.now -= 1
        return json_reply({"ok": True}, headers=self.headers())

    def most_in(self, seconds: float) -> int:
        ts = sorted(self.times)
        return max(sum(1 for u in ts if t <= u < t + seconds) for t in ts)


def test_an_api_is_paced_at_its_rate_not_held_to_per_host(net):
    api = Arrivals(hold=0.3)
    net.fallback("api.example", api)
    with fetcher(net, per_host=1, api_rates="api.example=6/1") as f:
        start = time.monotonic()
        results = run_threads(lambda: [f.get("https://api.example/q", purpose="api").status
                                       for _ in range(3)], 5)
        took = time.monotonic() - start
    assert results == [[200] * 3] * 5
    assert api.most_in(1.0) <= 6, "never more than the limit in any second"
    rate, burst = pace(Limit("api.example", 6, 1))
    assert took >= (15 - burst) / rate - 0.1, "the pace, not the server, set the time"
    assert api.peak >= 2, "an API's requests are not held to per_host=1"


def test_a_website_keeps_its_per_host_concurrency(net):
    site = Arrivals(hold=0.2)
    net.fallback("gemeente.nl", site)
    with fetcher(net, per_host=1) as f:
        run_threads(lambda: f.get("https://gemeente.nl/over", purpose="api"), 3)
    assert site.peak == 1


def test_the_published_limits_pick_the_api_and_endpoint(net):
    limits = ApiLimits(net.settings())
    assert limits.limit("public.api.bsky.app", "/xrpc/app.bsky.actor.getProfile") == \
        Limit("public.api.bsky.app bluesky", 3000, 300)
    assert limits.limit("api.x.com", "/2/users/by/username/gemeente").requests == 300
    assert limits.limit("api.x.com", "/2/users/123/mentions").requests == 450
    assert limits.limit("api.x.com", "/2/users/123/tweets").requests == 10_000
    assert limits.limit("mastodon.social", "/api/v1/accounts/lookup") == \
        Limit("mastodon.social mastodon", 300, 300)
    assert limits.limit("mastodon.social", "/@gemeente.rss") is None        # a page: per-host slots
    assert limits.limit("www.youtube.com", "/feeds/videos.xml") is None     # no published limit
    assert limits.limit("gemeente.nl", "/") is None


def test_a_bad_api_rates_entry_is_one_line_naming_it(net):
    with pytest.raises(UsageError, match=r"api_rates entry 'api.example=fast': expected host=requests/seconds"):
        net.settings(api_rates="api.example=fast").api_rate_map()


def test_the_three_spellings_of_rate_limit_headers():
    now = time.time()
    iso = (datetime.fromtimestamp(now, timezone.utc) + timedelta(seconds=30)).isoformat()
    assert window_left({"x-ratelimit-remaining": "12", "x-ratelimit-reset": iso}, now) == pytest.approx((12, 30), abs=0.01)
    assert window_left({"x-rate-limit-remaining": "5", "x-rate-limit-reset": str(int(now) + 60)}, now)[0] == 5
    assert window_left({"ratelimit-remaining": "7", "ratelimit-reset": "40"}, now) == (7, 40.0)
    assert window_left({"ratelimit-remaining": "many"}, now) is None


def test_what_the_answers_say_is_left_shrinks_the_pace(net):
    """Mastodon's published 300 per 5 minutes lets a scan's handful go at once; an instance that
    says one request is left for the next 1.5 s gets the next one no sooner."""
    state = {"tight": False}

    def headers():
        if not state["tight"]:
            return {}
        reset = datetime.now(timezone.utc) + timedelta(seconds=1.5)
        return {"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": reset.isoformat()}

    api = Arrivals(headers=headers)
    net.fallback("social.example", api)
    with fetcher(net) as f:
        for _ in range(4):
            f.get("https://social.example/api/v1/accounts/lookup", purpose="api")
        assert api.times[-1] - api.times[0] < 1.0, "within the published burst: no waiting"
        state["tight"] = True
        f.get("https://social.example/api/v1/accounts/lookup", purpose="api")
        told = time.monotonic()
        f.get("https://social.example/api/v1/accounts/lookup", purpose="api")
    assert api.times[-1] - told >= 1.3


def test_no_turn_before_the_deadline_fails_fast_as_budget_exhausted(net):
    net.fallback("api.example", Arrivals())
    with fetcher(net, api_rates="api.example=2/10") as f:   # one at once, then one per 10 s
        view = f.scoped(deadline=time.monotonic() + 2)
        view.get("https://api.example/a", purpose="api")
        start = time.monotonic()
        with pytest.raises(FetchError) as err:
            view.get("https://api.example/b", purpose="api")
    assert err.value.reason == "budget_exhausted" and time.monotonic() - start < 0.5


def test_full_buckets_are_forgotten_past_the_cap(monkeypatch):
    import collectors.http.ratelimit as ratelimit

    monkeypatch.setattr(ratelimit, "MAX_BUCKETS", 3)
    limiter = ratelimit.RateLimiter()
    for i in range(5):      # a bucket is full again 1/850 s after its one request
        limiter.take(Limit(f"social.org-{i}.nl mastodon", 1000, 1), None)
        time.sleep(0.01)
    assert len(limiter._buckets) <= 3
