"""Per-host politeness shared by every scan of a process: concurrency, Crawl-delay, rate limits.

Websites get `per_host` concurrent requests; a documented API's requests are paced at its
published rate instead (collectors.http.ratelimit), without a concurrency slot.

One HostGate serves all fetcher views (a batch runs many scans at once), so the limits hold per
host across scans. Every wait is bounded by the caller's deadline (monotonic seconds, or None):
a wait that cannot finish in time fails at once instead of sleeping into the budget.

Several processes (the workers of a distributed batch) share the hosts that many organisations
use (platform APIs, shared hosting): for those, a slot also holds one of the cluster's slots, from
the `ClusterSlots` the gate was given (backed by the cluster's own coordination, see
analyzer.batch.dask_slots). An organisation's own website is read by one process only and never
asks the cluster.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, ContextManager, Iterator, Protocol

from collectors.http.errors import LayerError
from collectors.http.ratelimit import Limit, RateLimiter


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.monotonic()


class ClusterSlots(Protocol):
    """Per-host request slots shared by every process of a cluster (at most `per_host` per host),
    and the hosts' requests to wait (Retry-After, an exhausted rate-limit window) told to all."""

    def hold(self, host: str, deadline: float | None, url: str) -> ContextManager[None]: ...

    def announce_block(self, host: str, seconds: float) -> None: ...

    def on_block(self, listener: Callable[[str, float], None]) -> None: ...

    def rate_share(self, key: str, deadline: float | None, url: str) -> float: ...


def shared_host(host: str, home: str | None) -> bool:
    """Whether other organisations' scans may use `host` too: anything but the organisation's own
    host and its subdomains (`home` is the organisation key; one under a path of a shared domain
    owns no host, and no key at all means nothing is known to be private)."""
    if not home or "/" in home:
        return True
    return not (host == home or host.endswith("." + home))


class HostGate:
    def __init__(self, per_host: int, retry_after_cap: float, cluster: ClusterSlots | None = None):
        self.per_host = max(1, per_host)
        self.retry_after_cap = retry_after_cap
        self.cluster = cluster
        if cluster is not None:
            cluster.on_block(self._block_here)
        self._lock = threading.Lock()
        self._slots: dict[str, tuple[threading.BoundedSemaphore, list[int]]] = {}   # and its users
        self._next_turn: dict[str, float] = {}
        self._blocked_until: dict[str, float] = {}
        self.rates = RateLimiter(cluster)

    def pace(self, limit: Limit, deadline: float | None, url: str = "", shared: bool = True) -> None:
        """An API request's turn at its published rate (a `shared` API: this process's part of
        the cluster's rate)."""
        self.rates.take(limit, deadline, url, shared)

    @contextmanager
    def slot(self, host: str, deadline: float | None, url: str = "", shared: bool = False) -> Iterator[None]:
        """Hold one of the host's `per_host` concurrent request slots; a `shared` host's slot
        also holds one of the cluster's (when the gate has a cluster)."""
        with self._lock:
            if host not in self._slots:
                self._slots[host] = (threading.BoundedSemaphore(self.per_host), [0])
            sem, users = self._slots[host]
            users[0] += 1
        try:
            left = _left(deadline)
            if not sem.acquire(timeout=None if left is None else max(0.0, left)):
                raise LayerError("budget_exhausted", f"no free connection slot for {host} in time", url)
            try:
                if shared and self.cluster is not None:
                    with self.cluster.hold(host, deadline, url):
                        yield
                else:
                    yield
            finally:
                sem.release()
        finally:
            with self._lock:    # a host nobody holds or waits for is forgotten: a batch meets thousands
                users[0] -= 1
                if users[0] == 0:
                    del self._slots[host]

    def crawl_turn(self, host: str, delay: float, deadline: float | None, url: str = "") -> None:
        """Wait until `delay` seconds have passed since the previous turn taken for `host`."""
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next_turn.get(host, 0.0))
            if deadline is not None and turn > deadline:
                raise LayerError("budget_exhausted", f"Crawl-delay {delay:g}s of {host} "
                                 "leaves no time in the scan budget", url)
            self._next_turn[host] = turn + delay
        if turn > now:
            time.sleep(turn - now)

    def block(self, host: str, seconds: float, shared: bool = False) -> None:
        """The host asked us to wait `seconds` (Retry-After, rate-limit reset) before asking again;
        a `shared` host's request holds for every process of the cluster."""
        self._block_here(host, seconds)
        if shared and self.cluster is not None:
            self.cluster.announce_block(host, seconds)

    def _block_here(self, host: str, seconds: float) -> None:
        until = time.monotonic() + max(0.0, seconds)
        with self._lock:
            self._blocked_until[host] = max(until, self._blocked_until.get(host, 0.0))

    def wait_unblocked(self, host: str, deadline: float | None, url: str = "") -> None:
        """Wait out a rate-limit block within the cap and budget, else fail fast with rate_limited."""
        with self._lock:
            until = self._blocked_until.get(host, 0.0)
        wait = until - time.monotonic()
        if wait <= 0:
            return
        left = _left(deadline)
        if wait > self.retry_after_cap or (left is not None and wait > left):
            raise LayerError("rate_limited", f"{host} asked us to wait {wait:.0f}s more", url)
        time.sleep(wait)
