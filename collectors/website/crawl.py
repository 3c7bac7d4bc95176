"""Fetching a site: the homepage (https, then http), sitemap.xml beside it, then the planned pages.

The chain of dependent round trips is robots.txt (inside the fetch layer) -> homepage -> further
pages; sitemap.xml is read in parallel with the homepage, and the further pages are read
concurrently (never more at once than the per-host limit), so the wall time stays close to that
chain. Every failure comes back as an `Outcome` with a coverage reason; nothing here raises.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from collectors.http import Fetcher, FetchError, Response

log = logging.getLogger(__name__)

# A homepage failure for which trying plain http makes no sense.
NO_FALLBACK = frozenset({"blocked_by_robots", "budget_exhausted", "private_address", "rate_limited",
                         "bot_wall", "login_wall", "invalid_input"})


@dataclass(frozen=True)
class Outcome:
    """One request's result: a response, or the coverage reason it failed with."""

    url: str
    role: str
    response: Response | None = None
    reason: str | None = None
    detail: str = ""
    status: int | None = None
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        return self.response is not None


def fetch(fetcher: Fetcher, url: str, role: str, deadline: float) -> Outcome:
    """One GET through the fetch layer; the scan deadline stops new requests. A page over the
    size cap comes back read up to the cap (`response.truncated`); sitemap.xml never does."""
    if time.monotonic() >= deadline:
        return Outcome(url, role, reason="budget_exhausted", detail="scan time budget spent")
    try:
        return Outcome(url, role, response=fetcher.get(url, purpose="page", partial=role != "sitemap"))
    except FetchError as exc:
        log.info("website: %s (%s) not read: %s", url, role, exc)
        return Outcome(url, role, reason=exc.reason, detail=exc.detail, status=exc.status, error=exc)


def with_scheme(url: str, scheme: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Start:
    """The homepage as read (or why not), the sitemap outcome, and failed homepage attempts."""

    home: Outcome
    sitemap: Outcome
    attempts: tuple[Outcome, ...] = ()


def fetch_start(fetcher: Fetcher, start_url: str, deadline: float, side: Fetcher | None = None,
                side_deadline: float | None = None, on_home: Callable[[Outcome], None] | None = None) -> Start:
    """Homepage over https, then http; sitemap.xml of the same origin in parallel, through `side`
    within `side_deadline` when given (the crawl's share). `on_home` gets the homepage as soon as
    it is read, before the sitemap is waited for: a slow sitemap must not hold the homepage's
    accounts back from the platform collectors."""
    side = side or fetcher
    side_deadline = deadline if side_deadline is None else side_deadline
    https_url = with_scheme(start_url, "https")
    sitemap_url = origin(https_url) + "/sitemap.xml"
    attempts: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitemap") as pool:
        sitemap_future = pool.submit(fetch, side, sitemap_url, "sitemap", side_deadline)
        home = fetch(fetcher, https_url, "home", deadline)
        if not home.ok and home.reason not in NO_FALLBACK:
            attempts.append(home)
            home = fetch(fetcher, with_scheme(start_url, "http"), "home", deadline)
        if home.ok and on_home is not None:
            on_home(home)
        sitemap = sitemap_future.result()
    if home.ok and not sitemap.ok and sitemap.reason != "not_found":
        final_origin = origin(home.response.final_url)
        if final_origin != origin(sitemap_url):
            sitemap = fetch(side, final_origin + "/sitemap.xml", "sitemap", side_deadline)
    return Start(home=home, sitemap=sitemap, attempts=tuple(attempts))


def fetch_all(fetcher: Fetcher, jobs: list[tuple[str, str]], workers: int, deadline: float) -> list[Outcome]:
    """(url, role) pairs fetched concurrently by at most `workers` threads, results in job order."""
    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs))), thread_name_prefix="page") as pool:
        return list(pool.map(lambda job: fetch(fetcher, job[0], job[1], deadline), jobs))
