"""Running many scans at once: the local thread pool (default) and what every executor yields.

    for outcome in ThreadExecutor(settings).run(jobs): store.save(outcome.result) ...

Many organisations are scanned in parallel (`settings.concurrency`), all through one shared fetch
layer, so the per-host politeness (`settings.per_host`, robots.txt Crawl-delay) holds across the
whole batch (the platform APIs are one host for every organisation). Jobs are submitted lazily
(a window of `concurrency` in flight), so memory does not grow with the list. A scan that raises
is a failed row, never the end of the batch; a scan stuck far past its time budget is given up.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from analyzer.core.errors import UsageError
from analyzer.core.settings import Settings
from analyzer.core.types import ScanResult, Target

log = logging.getLogger(__name__)

ScanFn = Callable[..., ScanResult]   # (target, settings, *, layer=None, corrections=()) -> ScanResult
SPARE_THREADS = 4                      # room for scans given up as stuck (threads cannot be killed)
STOP_GRACE = 5.0                       # seconds the running scans get to end when the batch stops early


@dataclass(frozen=True)
class Job:
    target: Target
    corrections: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """A finished job: a result, or an error text (a failed row). `worker` is pid@host."""

    job: Job
    result: ScanResult | None
    error: str | None
    worker: str


def worker_id() -> str:
    return f"{os.getpid()}@{socket.gethostname()}"


def default_scan_fn() -> ScanFn:
    from analyzer.scan import run_scan

    return run_scan


def open_layer(settings: Settings) -> Any:
    """The root fetcher shared by every scan of the batch (each scan takes a `scoped()` view):
    one set of connection pools, per-host gates, robots.txt and cache for the whole batch."""
    from collectors.http import Fetcher

    return Fetcher(settings)


def scan_one(job: Job, settings: Settings, scan_fn: ScanFn, layer: Any) -> Outcome:
    """Scan one job; a UsageError (bad settings, rules or model: every row would fail alike)
    ends the batch, any other exception is this row's failure."""
    try:
        result = scan_fn(job.target, settings, layer=layer, corrections=job.corrections)
        return Outcome(job, result, None, worker_id())
    except UsageError:
        raise
    except Exception as exc:  # a bug in one scan must not end the batch
        log.error("scan of %s failed: %s", job.target.key, exc, exc_info=True)
        return Outcome(job, None, f"internal_error: {type(exc).__name__}: {exc}"[:300], worker_id())


def stuck_after(settings: Settings) -> float:
    """Seconds after which a scan is given up: well past its own budget and one slow request."""
    return settings.scan_budget * 1.5 + settings.connect_timeout + settings.read_timeout + 5


class ThreadExecutor:
    """Scans in a local thread pool of `concurrency` threads."""

    def __init__(self, settings: Settings, *, concurrency: int | None = None, scan_fn: ScanFn | None = None,
                 layer: Any = None):
        self.settings = settings
        self.concurrency = max(1, concurrency or settings.concurrency)
        self.scan_fn = scan_fn
        self.layer = layer

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        scan_fn = self.scan_fn or default_scan_fn()
        layer, owned = (self.layer, False) if self.layer is not None else (open_layer(self.settings), True)
        started: dict[str, float] = {}
        lock = threading.Lock()

        def task(job: Job) -> Outcome:
            with lock:
                started[job.target.key] = time.monotonic()
            return scan_one(job, self.settings, scan_fn, layer)

        pool = ThreadPoolExecutor(max_workers=self.concurrency + SPARE_THREADS, thread_name_prefix="scan")
        pending: dict[Future, Job] = {}
        queue = iter(jobs)
        limit = stuck_after(self.settings)
        try:
            while True:
                while len(pending) < self.concurrency and (job := next(queue, None)) is not None:
                    pending[pool.submit(task, job)] = job
                if not pending:
                    return
                done, _ = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
                for future in done:
                    job = pending.pop(future)
                    with lock:
                        started.pop(job.target.key, None)
                    yield future.result()
                now = time.monotonic()
                with lock:
                    stuck = [f for f, j in pending.items() if now - started.get(j.target.key, now) > limit]
                for future in stuck:
                    job = pending.pop(future)
                    with lock:
                        started.pop(job.target.key, None)
                    log.error("scan of %s is stuck after %.0f s; giving it up", job.target.key, limit)
                    yield Outcome(job, None, f"timeout: the scan did not finish within {limit:.0f} s", worker_id())
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            # A batch that ends early (no network, a bad setting, Ctrl-C) lets the scans already
            # running finish for a moment: left running past the interpreter's exit they would
            # print 'cannot schedule new futures after interpreter shutdown' from their threads.
            if pending:
                wait(pending, timeout=STOP_GRACE)
            if owned:
                layer.close()
