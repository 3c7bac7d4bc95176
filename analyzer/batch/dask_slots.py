"""Per-host request slots for the whole cluster: one `distributed.Semaphore` per shared host.

The scheduler keeps, for each shared host (a platform API, a shared hosting domain), a semaphore
of `per_host` leases; a worker process holds one lease per request it has in flight there, so
all workers together never have more than `per_host` requests open at that host.

Cheap: a lease goes back to the scheduler when the request ends and no other thread of the
process is waiting for that host; while threads of the process queue for it, it passes from one
to the next without asking the scheduler (one thread per host asks it at a time), for at most
`TURN` seconds, so that a busy process cannot keep a host to itself. A request to a shared host
at most costs a lease taken and given back (two short messages to the scheduler, small beside an
API's answer time); requests to the organisation's own website never ask. A process that dies
loses its leases to the scheduler's lease timeout (`distributed.scheduler.locks.lease-timeout`,
30 s by default; the LocalCluster footprint starts sets 10 s).

A shared host's request to wait (a 429's Retry-After, an exhausted rate-limit window) seen by
one worker is published on the scheduler's event topic BLOCKS, to which every worker process is
subscribed, so all of them hold off that host, not only the one that was told (a wall-clock time
is sent: the machines' clocks are assumed to agree within a second, as NTP gives).

A documented API is paced at its published rate (collectors.http.ratelimit) instead of holding
slots: the rate of one that several organisations use is split into `shares` equal parts, the leases of one more semaphore per API
bucket (`shares` = the batch's worker processes when it started). A process takes one lease the
first time it sends to that API (one scheduler round trip) and paces its requests at its part of
the rate; it gives the lease back after `IDLE` seconds without a request there, and a dead
process's lease comes back after the lease timeout. However many processes there are, at most
`shares` of them hold a part, so together they never exceed the API's rate. A process joining
after the batch started waits for a free part (its API requests wait, within their budget).
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from collectors.http.errors import LayerError

log = logging.getLogger(__name__)

TURN = 2.0          # seconds a lease may pass from thread to thread in one process before it goes back
IDLE = 2.0          # seconds without a request to an API before this process gives its part of the rate back
ASK = 0.5           # seconds one ask at the scheduler waits before the asking thread looks around again
PREFIX = "footprint-host-"
RATE_PREFIX = "footprint-rate-"
BLOCKS = "footprint-host-blocks"


@dataclass
class _Host:
    semaphore: Any
    lock: threading.Condition = field(default_factory=threading.Condition)
    idle: list[float] = field(default_factory=list)     # leases passed on in the process: taken at
    waiting: int = 0                                     # threads of this process queued for the host
    asking: bool = False                                 # one of them is asking the scheduler


@dataclass
class _Share:
    semaphore: Any
    lock: threading.Condition = field(default_factory=threading.Condition)
    held: bool = False
    asking: bool = False
    last: float = 0.0                                    # monotonic time of the last request


class DaskSlots:
    """`ClusterSlots` (collectors.http.hostgate) backed by the scheduler's semaphores."""

    def __init__(self, per_host: int, scheduler_rpc: Any, loop: Any, *, turn: float = TURN,
                 publish: Callable[[dict], None] | None = None, shares: int = 1, idle: float = IDLE):
        self.per_host = max(1, per_host)
        self.shares, self.idle = max(1, shares), idle
        self._rates: dict[str, _Share] = {}
        self.rpc, self.loop = scheduler_rpc, loop
        self.publish = publish
        self._listeners: list[Callable[[str, float], None]] = []
        self.turn = turn
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_this_worker(cls, per_host: int, shares: int = 1) -> "DaskSlots":
        """Slots talking to the scheduler of the worker this task runs on."""
        from distributed import get_client, get_worker

        worker = get_worker()
        slots = cls(per_host, worker.scheduler, worker.loop, publish=lambda msg: worker.log_event(BLOCKS, msg),
                    shares=shares)
        get_client().subscribe_topic(BLOCKS, slots._heard)
        return slots

    def announce_block(self, host: str, seconds: float) -> None:
        if self.publish is not None:
            self.publish({"host": host, "until": time.time() + seconds})

    def on_block(self, listener: Callable[[str, float], None]) -> None:
        self._listeners.append(listener)

    def _heard(self, event: tuple[float, dict]) -> None:
        """Runs on the worker's event loop: only hand the wait to the gates (no I/O here)."""
        _, msg = event
        try:
            host, seconds = str(msg["host"]), float(msg["until"]) - time.time()
        except (KeyError, TypeError, ValueError):
            return
        if seconds > 0:
            for listener in self._listeners:
                listener(host, seconds)

    def _host(self, host: str) -> _Host:
        from distributed import Semaphore

        with self._lock:
            if host not in self._hosts:
                sem = Semaphore(max_leases=self.per_host, name=PREFIX + host, scheduler_rpc=self.rpc, loop=self.loop)
                self._hosts[host] = _Host(sem)
            return self._hosts[host]

    @contextmanager
    def hold(self, host: str, deadline: float | None, url: str) -> Iterator[None]:
        entry = self._host(host)
        taken = self._take(host, entry, deadline, url)
        try:
            yield
        finally:
            self._give(entry, taken)

    def _take(self, host: str, entry: _Host, deadline: float | None, url: str) -> float:
        with entry.lock:
            entry.waiting += 1
        try:
            return self._wait(host, entry, deadline, url)
        finally:
            with entry.lock:
                entry.waiting -= 1
                spare = len(entry.idle) if entry.waiting == 0 else 0
                del entry.idle[:spare]
            for _ in range(spare):   # passed on to a thread that gave up meanwhile: back to the cluster
                self._release(entry)

    def _wait(self, host: str, entry: _Host, deadline: float | None, url: str) -> float:
        with entry.lock:
            while True:
                if entry.idle:
                    return entry.idle.pop()
                if _ask(entry, deadline, f"no free cluster slot for {host} in time", url, everyone=False):
                    return time.monotonic()

    def _give(self, entry: _Host, taken: float) -> None:
        with entry.lock:
            if entry.waiting and time.monotonic() - taken < self.turn:
                entry.idle.append(taken)
                entry.lock.notify()
                return
        self._release(entry)

    def _release(self, entry: _Host) -> None:
        try:
            entry.semaphore.release()
        except Exception as exc:  # noqa: BLE001 - the scheduler's lease timeout frees it anyway
            log.warning("could not give back a cluster slot for %s: %s", entry.semaphore.name, exc)

    # --- parts of an API's rate ---------------------------------------------------------------

    def rate_share(self, key: str, deadline: float | None, url: str) -> float:
        """1/shares of `key`'s rate, once this process holds one of its leases (asked for once)."""
        if self.shares == 1:
            return 1.0
        entry = self._share(key)
        with entry.lock:
            entry.last = time.monotonic()
            while not entry.held:
                if _ask(entry, deadline, f"no part of the rate of {key.split()[0]} free in the cluster in time",
                        url, everyone=True):
                    entry.held = True
                    self._watch(entry, self.idle)
        return 1.0 / self.shares

    def _share(self, key: str) -> _Share:
        from distributed import Semaphore

        with self._lock:
            if key not in self._rates:
                name = f"{RATE_PREFIX}{self.shares}-{key}"
                self._rates[key] = _Share(Semaphore(max_leases=self.shares, name=name,
                                                    scheduler_rpc=self.rpc, loop=self.loop))
            return self._rates[key]

    def _watch(self, entry: _Share, after: float) -> None:
        timer = threading.Timer(after, self._maybe_give_back, args=(entry,))
        timer.daemon = True
        timer.start()

    def _maybe_give_back(self, entry: _Share) -> None:
        with entry.lock:
            quiet = time.monotonic() - entry.last
            if quiet < self.idle:
                self._watch(entry, self.idle - quiet)
                return
            entry.held = False
        self._release(entry)   # type: ignore[arg-type]   (only .semaphore is used)


def _ask(entry: Any, deadline: float | None, late: str, url: str, *, everyone: bool) -> bool:
    """One turn at the cluster's semaphore of `entry` (its lock held by the caller): at most one
    thread of the process asks the scheduler at a time, the others wait on the lock meanwhile.
    True when a lease was got; a deadline already passed is budget_exhausted (`late` says what).
    `everyone`: wake every waiter afterwards (a rate part serves them all), else the next one."""
    left = None if deadline is None else deadline - time.monotonic()
    if left is not None and left <= 0:
        raise LayerError("budget_exhausted", late, url)
    wait = ASK if left is None else min(ASK, left)
    if entry.asking:
        entry.lock.wait(wait)
        return False
    entry.asking = True
    entry.lock.release()
    try:
        return bool(entry.semaphore.acquire(timeout=wait))
    finally:
        entry.lock.acquire()
        entry.asking = False
        if everyone:
            entry.lock.notify_all()
        else:
            entry.lock.notify()      # another waiter asks next
