"""Helpers for the fetch-layer tests: fast settings and server-side observers."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from collectors.http import Fetcher
from tests.servers import Reply, Request, html

FAST = dict(connect_timeout=0.5, read_timeout=0.5, request_timeout=2.0, retries=2, backoff=0.01,
            retry_after_cap=1.5, crawl_delay_cap=1.0, cache=False)


@contextmanager
def fetcher(net, **overrides) -> Iterator[Fetcher]:
    f = Fetcher(net.settings(**{**FAST, **overrides}))
    try:
        yield f
    finally:
        f.close()


class Concurrency:
    """A route that holds each request `hold` seconds and counts how many were in flight at once."""

    def __init__(self, hold: float = 0.2, reply: Reply | None = None):
        self.hold = hold
        self.reply = reply or html("ok")
        self.now = 0
        self.peak = 0
        self._lock = threading.Lock()

    def __call__(self, req: Request) -> Reply:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(self.hold)
        with self._lock:
            self.now -= 1
        return self.reply


class Times:
    """A route that notes when each request arrived."""

    def __init__(self, reply: Reply | None = None):
        self.reply = reply or html("ok")
        self.at: list[float] = []

    def __call__(self, req: Request) -> Reply:
        self.at.append(time.monotonic())
        return self.reply


def sequence(*replies: Reply) -> Callable[[Request], Reply]:
    """A route answering with each reply in turn, then the last one forever."""
    calls = {"n": 0}

    def route(req: Request) -> Reply:
        i = min(calls["n"], len(replies) - 1)
        calls["n"] += 1
        return replies[i]
    return route


def run_threads(fn: Callable[[], object], n: int) -> list[object]:
    out: list[object] = []
    lock = threading.Lock()

    def work():
        try:
            res = fn()
        except Exception as exc:  # collected and checked by the test
            res = exc
        with lock:
            out.append(res)
    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return out
