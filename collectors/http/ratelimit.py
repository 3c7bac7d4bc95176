"""Documented APIs at their published rate: one pace per API (and endpoint group), shared by the
process's scans and, on a cluster, split over its worker processes.

Websites are read with the polite per-host concurrency (`per_host`) and robots.txt; a documented
API publishes how many requests it accepts, so its requests are paced at that rate instead, and
the rate follows what the API's answers say (`x-rate-limit-*`, `x-ratelimit-*`, `ratelimit-*`):
requests left spread over the time left in the window shrink the pace, none left pauses the host
until the reset (HostGate.block). A token bucket per API: a tenth of the window's requests may
leave at once (one scan's handful never waits), the rest at the pace that keeps any window of the
published length within the published count (`pace`); a scan that cannot get a turn before its
deadline fails fast with budget_exhausted.

Published limits (the limit that binds a client without an account, or an app's bearer token):
- Bluesky AppView (public.api.bsky.app): the rate-limits guide
  (https://docs.bsky.app/docs/advanced-guides/rate-limits) gives 3000 requests per 5 minutes per
  IP for all API endpoints; it names no separate figure for the public AppView, so that one paces
  it: 10 requests/second.
- Mastodon instances, `/api/*`: 300 requests per 5 minutes per IP (unauthenticated)
  (https://docs.joinmastodon.org/api/rate-limits/): 1 request/second per instance.
- X API v2, per app (bearer token), per endpoint (https://docs.x.com/x-api/fundamentals/rate-limits,
  https://docs.x.com/x-api/users/lookup/migrate/overview): users lookup 300 per 15 minutes,
  user mention timeline 450 per 15 minutes, user Posts timeline 10,000 per 15 minutes.
- YouTube's channel feeds (feeds/videos.xml) publish no limit: they are read like a website
  (per-host concurrency), not paced here.
`api_rates` (setting) replaces these for a host: a mirror, a negotiated limit, a benchmark.

Across a cluster (`RateShares`, analyzer.batch.dask_slots): the rate of an API that several
organisations use is split into `shares` equal parts (one per worker process of the batch); a
process paces at its part once it holds one, so all processes together never exceed the rate,
whatever their number. An organisation's own Mastodon instance is read by one process only and
never asks the cluster.
"""
from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass
from typing import Mapping, Protocol
from urllib.parse import urlsplit

from analyzer.core.settings import Settings
from collectors.http.errors import LayerError
from collectors.http.retry import window_left

BLUESKY_HOSTS = ("public.api.bsky.app", "api.bsky.app")
X_HOSTS = ("api.x.com", "api.twitter.com")


@dataclass(frozen=True)
class Limit:
    """`requests` per `seconds` for the requests of one bucket (`key`: API and endpoint group)."""
    key: str
    requests: float
    seconds: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


# (API, path pattern, requests, seconds): the published figures above, first match wins.
X_ENDPOINTS = ((re.compile(r"/2/users/by/"), "users-lookup", 300, 900),
               (re.compile(r"/2/users/\d+/mentions"), "mentions", 450, 900),
               (re.compile(r"/2/users/\d+/tweets"), "posts", 10_000, 900),
               (re.compile(r"/2/"), "other", 300, 900))       # anything else: the tightest above
BLUESKY = (3000, 300)
MASTODON = (300, 300)
MASTODON_API = re.compile(r"/api/v\d+/")


class ApiLimits:
    """Which requests are API requests, and the limit that paces each (from `settings`)."""

    def __init__(self, settings: Settings):
        self.configured = settings.api_rate_map()
        self.bluesky = {*BLUESKY_HOSTS, (urlsplit(settings.bluesky_appview).hostname or "").lower()} - {""}
        self.x = {*X_HOSTS, (urlsplit(settings.x_api_base).hostname or "").lower()} - {""}

    def limit(self, host: str, path: str) -> Limit | None:
        """The limit pacing a request to `host` + `path`, or None (a website: per-host concurrency)."""
        if host in self.configured:
            requests, seconds = self.configured[host]
            return Limit(host, requests, seconds)
        if host in self.bluesky:
            return Limit(f"{host} bluesky", *BLUESKY)
        if host in self.x:
            for pattern, name, requests, seconds in X_ENDPOINTS:
                if pattern.search(path):
                    return Limit(f"{host} x-{name}", requests, seconds)
            return None
        if MASTODON_API.match(path):
            return Limit(f"{host} mastodon", *MASTODON)
        return None


class RateShares(Protocol):
    """A part of each API's rate held by this process of a cluster."""

    def rate_share(self, key: str, deadline: float | None, url: str) -> float:
        """The fraction of `key`'s rate this process may use (waits for one within the deadline)."""
        ...


@dataclass
class _Bucket:
    tat: float = 0.0                  # theoretical arrival time of the next request (GCRA)
    share: float = 1.0                # the part of the API's rate this process holds
    rate: float = 0.0                 # requests per second, and the burst, of the last take
    burst: float = 1.0
    header_rate: float = math.inf     # what the API's last answer left per second ...
    header_until: float = 0.0         # ... until its window resets


BURST = 0.1     # of a window's requests that may leave at once; the pace fills the rest
RESERVE = 0.05  # of a window's requests kept back: a request may reach the API later than its turn
MAX_BUCKETS = 1024   # past this many, the full ones are forgotten (a full bucket is a fresh one)


def pace(limit: Limit, share: float = 1.0) -> tuple[float, float]:
    """(requests per second, burst) for a process holding `share` of `limit`, such that all
    shares together never send more than `limit.requests` in any window of `limit.seconds`: a
    bucket of `burst` requests, refilled at (share x requests - burst - reserve) / seconds."""
    mine = share * limit.requests
    burst = max(1.0, BURST * mine)
    return max(mine * (1 - RESERVE) - burst, BURST * mine) / limit.seconds, burst


class RateLimiter:
    """A token bucket per API bucket of one process (GCRA: one timestamp per bucket); thread-safe.

    An API shared by organisations (`shared`: a platform's AppView, a Mastodon instance many
    accounts live on) is paced at this process's part of the cluster's rate; one on the
    organisation's own hosts (its own Mastodon instance) is read by this process alone, at the
    whole rate, without asking the cluster. A bucket starts full (a part that passes from a
    process that used its burst to another may add one burst, once)."""

    def __init__(self, shares: RateShares | None = None):
        self.shares = shares
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}
        self._share: dict[str, float] = {}

    def take(self, limit: Limit, deadline: float | None, url: str = "", shared: bool = True) -> None:
        """Wait for this request's turn in its bucket, within the deadline."""
        share = 1.0
        if shared and self.shares is not None:
            share = self.shares.rate_share(limit.key, deadline, url)
        rate, burst = pace(limit, share)
        with self._lock:
            now = time.monotonic()
            bucket = self._buckets.get(limit.key)
            if bucket is None or bucket.share != share:
                if bucket is None and len(self._buckets) >= MAX_BUCKETS:
                    self._forget_full(now)
                bucket = self._buckets[limit.key] = _Bucket(tat=bucket.tat if bucket else 0.0, share=share)
            if bucket.header_until > now:
                rate = min(rate, bucket.header_rate * share)
            bucket.rate, bucket.burst = rate, burst
            interval = 1.0 / rate
            tat = max(bucket.tat, now)
            turn = tat - (burst - 1) * interval       # the bucket holds `burst` requests at most
            if deadline is not None and turn > deadline:
                raise LayerError("budget_exhausted", f"the rate limit of {limit.key.split()[0]} "
                                 f"({limit.requests:g} per {limit.seconds:g}s) leaves no turn in the "
                                 "scan budget", url)
            bucket.tat = tat + interval
        if turn > now:
            time.sleep(turn - now)

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that are full again and have no header news (a new one would start
        the same), so a batch's thousands of Mastodon instances do not stay in memory."""
        for key in [k for k, b in self._buckets.items() if b.tat <= now and b.header_until <= now]:
            del self._buckets[key]

    def follow(self, limit: Limit, headers: Mapping[str, str]) -> None:
        """What the answer says is left (R requests in the T seconds to the window's reset) caps
        the bucket: at most R/T per second, and no more in hand than R minus what that pace
        brings in T (none left is a block, see HostGate.block)."""
        left = window_left(headers)
        if left is None:
            return
        remaining, seconds = left
        if remaining <= 0 or seconds <= 0:
            return
        with self._lock:
            bucket = self._buckets.get(limit.key)
            if bucket is None or bucket.rate <= 0:
                return
            now = time.monotonic()
            bucket.header_rate = remaining / seconds
            bucket.header_until = now + seconds
            mine = remaining * bucket.share
            rate = min(bucket.rate, bucket.header_rate * bucket.share)
            interval = 1.0 / rate
            in_hand = min(bucket.burst, (now + bucket.burst * interval - max(bucket.tat, now)) / interval)
            allowed = max(0.0, min(in_hand, mine - rate * seconds))
            bucket.tat = max(bucket.tat, now + (bucket.burst - allowed) * interval)
            bucket.rate = rate
