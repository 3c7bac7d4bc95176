"""Per-host request slots for the whole cluster: one `distributed.Semaphore` per shared host.

The scheduler keeps, for each shared host (a platform API, a shared hosting domain), a semaphore
of `per_host` leases; a worker process holds one lease per request it has in flight there, so
all workers together never have more than `per_host` requests open at that host.

Cheap: a lease, once taken from the scheduler, stays with the process and serves its next
requests to that host without asking the scheduler again. It goes back to the cluster when it
has been idle for `LINGER` seconds (another process may need it) or, so that a busy process
cannot keep a host to itself, when it has been held for `TURN` seconds. A process that dies
loses its leases to the scheduler's lease timeout (`distributed.scheduler.locks.lease-timeout`,
30 s by default; the LocalCluster footprint starts sets 10 s).
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from collectors.http.errors import LayerError

log = logging.getLogger(__name__)

LINGER = 0.5        # seconds an unused lease stays with the process
TURN = 2.0          # seconds a lease may stay with one process before it goes back to the queue
PREFIX = "footprint-host-"


@dataclass
class _Host:
    semaphore: Any
    idle: list[tuple[float, float]] = field(default_factory=list)   # (taken at, idle since)


class DaskSlots:
    """`ClusterSlots` (collectors.http.hostgate) backed by the scheduler's semaphores."""

    def __init__(self, per_host: int, scheduler_rpc: Any, loop: Any, *, linger: float = LINGER, turn: float = TURN):
        self.per_host = max(1, per_host)
        self.rpc, self.loop = scheduler_rpc, loop
        self.linger, self.turn = linger, turn
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._reaper = threading.Thread(target=self._reap, name="footprint-slots", daemon=True)
        self._reaper.start()

    @classmethod
    def for_this_worker(cls, per_host: int) -> "DaskSlots":
        """Slots talking to the scheduler of the worker this task runs on."""
        from distributed import get_worker

        worker = get_worker()
        return cls(per_host, worker.scheduler, worker.loop)

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
        with self._lock:
            if entry.idle:
                return entry.idle.pop()[0]
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not entry.semaphore.acquire(timeout=timeout):
            raise LayerError("budget_exhausted", f"no free cluster slot for {host} in time", url)
        return time.monotonic()

    def _give(self, entry: _Host, taken: float) -> None:
        now = time.monotonic()
        if now - taken >= self.turn:
            self._release(entry)
            return
        with self._lock:
            entry.idle.append((taken, now))

    def _release(self, entry: _Host) -> None:
        try:
            entry.semaphore.release()
        except Exception as exc:  # noqa: BLE001 - the scheduler's lease timeout frees it anyway
            log.warning("could not give back a cluster slot for %s: %s", entry.semaphore.name, exc)

    def _reap(self) -> None:
        while not self._stop.wait(self.linger / 2):
            now = time.monotonic()
            stale: list[_Host] = []
            with self._lock:
                for entry in self._hosts.values():
                    keep = [(t, i) for t, i in entry.idle if now - i < self.linger and now - t < self.turn]
                    stale.extend([entry] * (len(entry.idle) - len(keep)))
                    entry.idle = keep
            for entry in stale:
                self._release(entry)

    def close(self) -> None:
        """Give every idle lease back (held ones go back as their requests finish)."""
        self._stop.set()
        with self._lock:
            stale = [entry for entry in self._hosts.values() for _ in entry.idle]
            for entry in self._hosts.values():
                entry.idle = []
        for entry in stale:
            self._release(entry)
