"""robots.txt per origin, parsed with Protego, under RFC 9309's rules for unhappy answers.

- 2xx: the file's rules for the user-agent token `footprint` (Protego falls back to `*`).
- 4xx (except 429), or more redirects than RFC 9309's five: no rules, everything allowed.
- 429 and 5xx: "unreachable", everything disallowed (blocked_by_robots, with the status).
- No answer at all (timeout, refused, DNS, private address): the page request fails with that
  same reason, since the host cannot be reached.

Good answers are kept a day per origin; failures (unreachable, 429/5xx) for five minutes, so one
bad moment of a shared host (a platform) does not block it for a whole batch.
- Replay with no recorded robots.txt: allowed (the capture obeyed robots.txt already).

Crawl-delay (or Request-rate) is read for the same token and capped by the caller.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from protego import Protego

from collectors.http.errors import FetchError

log = logging.getLogger(__name__)
AGENT = "footprint"
GOOD_TTL = 24 * 3600.0
FAILURE_TTL = 300.0


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2].lower()}"


@dataclass(frozen=True)
class RobotsRules:
    parser: Protego | None = None
    disallow_all: str = ""            # why everything is disallowed, when it is
    unreachable: FetchError | None = None
    fetched: float = field(default_factory=time.monotonic)

    def expired(self) -> bool:
        """Good answers are kept for a day (RFC 9309 2.4); failures are asked again after 5 min."""
        ttl = GOOD_TTL if not (self.disallow_all or self.unreachable) else FAILURE_TTL
        return time.monotonic() - self.fetched > ttl

    def check(self, url: str) -> None:
        """Raise FetchError when `url` may not be fetched."""
        if self.unreachable is not None:
            e = self.unreachable
            raise FetchError(url, e.reason, f"robots.txt: {e.detail}".rstrip(": "), e.status)
        if self.disallow_all:
            raise FetchError(url, "blocked_by_robots", self.disallow_all)
        if self.parser is not None and not self.parser.can_fetch(url, AGENT):
            raise FetchError(url, "blocked_by_robots", "disallowed by robots.txt")

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(AGENT)
        if delay is None and (rate := self.parser.request_rate(AGENT)) is not None and rate.requests:
            delay = rate.seconds / rate.requests
        return float(delay) if delay else None


def allow_all() -> RobotsRules:
    return RobotsRules()


UNREACHABLE = frozenset({"timeout", "refused", "dns_error", "tls_error", "private_address", "connection_error"})
TRANSIENT = frozenset({"budget_exhausted", "rate_limited"})     # not remembered: ask again later

# fetch(url) -> (status, body) of the final answer after redirects; raises FetchError when none.
RobotsFetch = Callable[[str], tuple[int, bytes]]


def rules_from(status: int, body: bytes) -> RobotsRules:
    if 200 <= status < 300:
        return RobotsRules(parser=Protego.parse(body.decode("utf-8", errors="replace")))
    if status == 429 or status >= 500:
        return RobotsRules(disallow_all=f"robots.txt answered HTTP {status}: everything disallowed "
                                        "until it answers (RFC 9309)")
    return allow_all()


MAX_ORIGINS = 1024   # rules kept per process: a batch's scans in flight use a few each (about 1.2 kB an origin)


class RobotsCache:
    """Rules per origin, fetched once each (concurrent callers for one origin wait for the first).

    A batch meets thousands of origins, each used by one scan: the cache keeps the `MAX_ORIGINS`
    most recently used, so a process's memory stays flat however long the batch, and an origin
    every scan uses (a platform's API) is never dropped and fetched again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: dict[str, RobotsRules] = {}
        self._pending: dict[str, threading.Lock] = {}

    def known(self, url: str) -> RobotsRules | None:
        return self._rules.get(origin(url))

    def rules(self, url: str, fetch: RobotsFetch) -> RobotsRules:
        key = origin(url)
        if (found := self._rules.get(key)) is not None and not found.expired():
            with self._lock:  # most recently used last: the oldest go first
                if self._rules.get(key) is found:
                    self._rules[key] = self._rules.pop(key)
            return found
        with self._lock:
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            if (found := self._rules.get(key)) is not None and not found.expired():
                return found
            try:
                rules = self._fetch(key, fetch)
            finally:
                with self._lock:
                    self._pending.pop(key, None)
            with self._lock:
                self._rules.pop(key, None)
                self._rules[key] = rules
                while len(self._rules) > MAX_ORIGINS:
                    del self._rules[next(iter(self._rules))]
            return rules

    @staticmethod
    def _fetch(key: str, fetch: RobotsFetch) -> RobotsRules:
        url = key + "/robots.txt"
        try:
            status, body = fetch(url)
        except FetchError as exc:
            if exc.status is not None:                      # 429 / 5xx after retries
                return rules_from(exc.status, b"")
            if exc.reason in TRANSIENT:
                raise
            if exc.reason in UNREACHABLE:
                log.info("robots.txt of %s unreachable: %s", key, exc.reason)
                return RobotsRules(unreachable=exc)
            return allow_all()        # not_in_archive, too many redirects, too large, malformed
        return rules_from(status, body)
