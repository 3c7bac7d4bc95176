"""The Fetcher: the one object collectors use to reach the network.

    fetcher = Fetcher(settings)                       # one per process: owns pools, cache, robots
    scan = fetcher.scoped(deadline=time.monotonic() + settings.scan_budget, name="gemeente-a.nl")
    scan.get(url, purpose="page") -> Response         # raises FetchError with a coverage reason
    scan.session                                      # a requests.Session for tweepy; same rules
    scan.capture_time                                 # earliest WARC-Date when replaying, else None

`purpose="page"` obeys robots.txt (website pages; Crawl-delay honoured up to
`crawl_delay_cap`); `purpose="api"` is a documented public API that follows its own rate-limit
headers instead. A view made by `scoped()` shares the parent's connection pools, per-host
limits, robots rules and HTTP cache, and has its own deadline (after which every request fails
fast with budget_exhausted) and its own WARC file when `record`/`replay` name a folder. Retries
(connection errors, 429, 5xx; GET only) back off exponentially and honour Retry-After up to
`retry_after_cap`. The HTTP cache (requests-cache, SQLite) is used only when neither recording
nor replaying, and stores only complete successful answers. An HTML page over the size cap is
read up to the cap: `get(partial=True)` returns it with `truncated` set; any other `get` refuses
it as too_large, as it does every other answer over the cap. All views are thread-safe.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Any, Mapping
from urllib.parse import urldefrag, urljoin, urlsplit

import requests

from analyzer import __version__
from analyzer.core.settings import Settings
from analyzer.core.types import utcnow
from collectors.http.adapter import ScanAdapter
from collectors.http.body import cut_of
from collectors.http.errors import RETRYABLE, ArchiveError, FetchError, classify
from collectors.http.offline import Tally, machine_offline
from collectors.http.hostgate import ClusterSlots
from collectors.http.replay import Archive
from collectors.http.response import Response
from collectors.http.retry import RETRY_STATUSES, backoff, retry_after
from collectors.http.robots import RobotsCache
from collectors.http.shared import CACHEABLE, SharedLayer, cache_key_fn, is_folder, scan_file
from collectors.http.walls import looks_like_wall
from collectors.http.warc import WarcRecorder

log = logging.getLogger(__name__)
REDIRECTS = (301, 302, 303, 307, 308)
ROBOTS_REDIRECTS = 5          # RFC 9309 2.3.1.2
CROSS_HOST_DROPPED = ("authorization", "cookie", "proxy-authorization")


def user_agent(settings: Settings) -> str:
    return settings.user_agent.replace("{version}", __version__)


class Fetcher:
    """One per process (the root) or per scan (a view from `scoped()`); thread-safe."""

    def __init__(self, settings: Settings, *, cluster: ClusterSlots | None = None):
        if settings.record and settings.replay:
            raise ArchiveError("record and replay settings cannot be used together (one archive is written or read)")
        layer = SharedLayer(settings, cluster)
        archive = recorder = None
        if settings.replay:
            archive = Archive(settings.replay) if is_folder(settings.replay) else layer.archive(settings.replay)
        if settings.record and not is_folder(settings.record):
            recorder = WarcRecorder(settings.record)
        self._setup(settings, layer, None, archive, recorder, owner=True)
        self.home: str | None = None

    def _setup(self, settings: Settings, layer: SharedLayer, deadline: float | None,
               archive: Archive | None, recorder: WarcRecorder | None, owner: bool,
               robots: RobotsCache | None = None) -> None:
        self.settings, self.layer, self.deadline = settings, layer, deadline
        self.archive, self.recorder, self._owner = archive, recorder, owner
        self._owns_recorder = owner
        live = archive is None and recorder is None
        self.robots = layer.robots if live else (robots or RobotsCache())
        self.tally = Tally()
        self.session = self._new_session(cached=live and settings.cache)

    def _new_session(self, cached: bool) -> requests.Session:
        if cached:
            from requests_cache import CachedSession

            session: requests.Session = CachedSession(
                backend=self.layer.cache_backend(), expire_after=self.settings.cache_ttl,
                allowable_codes=CACHEABLE, allowable_methods=("GET", "HEAD"), cache_control=False,
                stale_if_error=False, autoclose=False, key_fn=cache_key_fn(self.settings),
                filter_fn=lambda r: cut_of(r) is None)   # a page cut at the cap is not an answer to keep
        else:
            session = requests.Session()
        adapter = ScanAdapter(self)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["User-Agent"] = user_agent(self.settings)
        session.max_redirects = self.settings.max_redirects
        # No proxies or netrc from the environment (a proxy would bypass the address check).
        session.trust_env = False
        session.verify = self.settings.ca_bundle or True
        return session

    def scoped(self, *, deadline: float | None = None, record: str | None = None,
               replay: str | None = None, name: str | None = None) -> "Fetcher":
        """A view for one scan: its own deadline (time.monotonic() value) and WARC file, the
        shared pools, gates, robots and cache. `name` (the organisation key) picks
        `<folder>/<name>.warc.gz` when the record/replay setting is a folder."""
        s = self.settings
        archive, recorder, owns = self.archive, self.recorder, False
        if replay:
            archive = self.layer.archive(replay)
        elif name and s.replay and is_folder(s.replay):     # read per scan, freed with the view
            archive = Archive.load(scan_file(s.replay, name), missing_ok=True,
                                   max_body=s.max_body)
        if record:
            recorder, owns = WarcRecorder(record), True
        elif name and s.record and is_folder(s.record):
            recorder, owns = WarcRecorder(scan_file(s.record, name)), True
        same = archive is self.archive and recorder is self.recorder
        view = object.__new__(Fetcher)
        view._setup(s, self.layer, self.deadline if deadline is None else deadline, archive,
                    recorder, owner=False, robots=self.robots if same else None)
        view._owns_recorder = owns
        view.home = name or self.home      # the organisation whose own hosts need no cluster slot
        return view

    def stage(self, deadline: float | None) -> "Fetcher":
        """A view of this view for one stage of a scan (the website's share of the budget): the
        same archive, recorder, robots and offline tally, an earlier deadline. Close it after."""
        view = object.__new__(Fetcher)
        if deadline is not None and self.deadline is not None:
            deadline = min(deadline, self.deadline)
        view._setup(self.settings, self.layer, deadline if deadline is not None else self.deadline,
                    self.archive, self.recorder, owner=False, robots=self.robots)
        view._owns_recorder = False
        view.tally = self.tally
        view.home = self.home
        return view

    @property
    def capture_time(self) -> datetime | None:
        """When the replayed material was captured (earliest WARC-Date), else None."""
        return self.archive.capture_time if self.archive is not None else None

    def offline(self) -> bool:
        """Whether every request of this view failed because the machine has no network."""
        return self.archive is None and machine_offline(self.tally)

    def close(self) -> None:
        self.session.close()
        if self._owns_recorder and self.recorder is not None:
            self.recorder.close()
        if self._owner:
            self.layer.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- fetching ---------------------------------------------------------------------------

    def get(self, url: str, *, purpose: str = "page", headers: Mapping[str, str] | None = None,
            params: Mapping[str, Any] | None = None, accept: tuple[str, ...] = (),
            partial: bool = False) -> Response:
        """GET `url`, following redirects hop by hop; raise FetchError on any failure.

        A 4xx/5xx answer raises too: bot_wall or login_wall when it looks like one, else
        not_found (404, 410) or http_error. A 200 answer is returned as it is; a caller that
        must tell a login page from content asks `looks_like_wall(response)`. `accept` lists
        content types (`type/*` allowed); another type raises unsupported_content. `partial`:
        an HTML page over the size cap comes back cut at the cap (`truncated`), not as too_large.
        """
        if purpose not in ("page", "api"):
            raise ValueError(f"purpose must be 'page' or 'api', not {purpose!r}")
        if params:
            url = requests.Request("GET", url, params=params).prepare().url or url
        hops: list[str] = []
        cookie_setters: set[str] = set()
        current, sent = url, dict(headers or {})
        for _hop in range(self.settings.max_redirects + 1):
            try:
                r = self._hop(current, sent, purpose)
            except FetchError as exc:
                raise _for(url, current, exc) from None
            if r.status_code not in REDIRECTS or "location" not in r.headers:
                return self._finish(url, current, hops, r, accept, partial)
            nxt = urldefrag(urljoin(current, r.headers["location"]))[0]
            hops.append(current)
            if "set-cookie" in r.headers:
                cookie_setters.add(current)
            if hops.count(nxt) >= (2 if nxt in cookie_setters else 1):
                raise FetchError(url, "redirect_loop", f"{nxt} redirects back to itself via "
                                 f"{len(hops)} hop(s)", r.status_code)
            if urlsplit(nxt).hostname != urlsplit(current).hostname:
                sent = {k: v for k, v in sent.items() if k.lower() not in CROSS_HOST_DROPPED}
            current = nxt
        raise FetchError(url, "too_many_redirects", f"more than {self.settings.max_redirects} redirects")

    def _hop(self, url: str, headers: Mapping[str, str], purpose: str) -> requests.Response:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "malformed", "not an http(s) URL")
        if purpose == "page":
            self.robots.rules(url, self._fetch_robots).check(url)
        return self._attempts(url, headers)

    def _attempts(self, url: str, headers: Mapping[str, str]) -> requests.Response:
        """One GET with retries on connection errors, 429 and 5xx; raises FetchError."""
        s = self.settings
        tries = 1 if self.archive is not None else s.retries + 1
        for attempt in range(tries):
            last = attempt == tries - 1
            try:
                r = self.session.get(url, headers=dict(headers), allow_redirects=False,
                                     timeout=(s.connect_timeout, s.read_timeout))
            except requests.RequestException as exc:
                err = classify(exc, url)
                if err.reason not in RETRYABLE or last or not err.retryable:
                    raise err from None
                self._pause(backoff(s.backoff, attempt), err)
                continue
            if r.status_code not in RETRY_STATUSES or _wall(url, r):
                return r
            reason = "rate_limited" if r.status_code == 429 else "http_error"
            wait = retry_after(r.headers)
            if wait is not None and wait > s.retry_after_cap:
                raise FetchError(url, "rate_limited", f"HTTP {r.status_code} asks to wait {wait:.0f}s, "
                                 f"over the {s.retry_after_cap:g}s cap", r.status_code)
            err = FetchError(url, reason, f"HTTP {r.status_code} after {attempt + 1} attempt(s)", r.status_code)
            if last:
                raise err
            self._pause(backoff(s.backoff, attempt) if wait is None else wait, err)
        raise AssertionError("unreachable")

    def _pause(self, seconds: float, err: FetchError) -> None:
        if self.deadline is not None and time.monotonic() + seconds > self.deadline:
            raise FetchError(err.url, err.reason, f"{err.detail}; no time left in the scan budget to retry",
                             err.status)
        log.debug("retrying %s in %.2fs after %s", err.url, seconds, err.reason)
        time.sleep(seconds)

    def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        current = url
        for _ in range(ROBOTS_REDIRECTS + 1):
            r = self._attempts(current, {})
            if r.status_code not in REDIRECTS or "location" not in r.headers:
                return r.status_code, r.content
            current = urljoin(current, r.headers["location"])
        raise FetchError(url, "too_many_redirects", "robots.txt redirects more than five times")

    def _finish(self, url: str, final: str, hops: list[str], r: requests.Response,
                accept: tuple[str, ...], partial: bool = False) -> Response:
        ctype = r.headers.get("content-type") or ""
        cut = cut_of(r)
        result = Response(
            url=url, final_url=final, status=r.status_code,
            headers={k.lower(): v for k, v in r.headers.items()}, body=r.content or b"",
            fetched_at=_fetched_at(r), redirects=tuple(hops), from_cache=bool(getattr(r, "from_cache", False)),
            encoding=r.encoding if "charset" in ctype.lower() else None, truncated=cut is not None)
        if r.status_code >= 400:
            wall = looks_like_wall(result)
            reason = wall or ("not_found" if r.status_code in (404, 410) else "http_error")
            raise FetchError(url, reason, f"HTTP {r.status_code}", r.status_code)
        if accept and result.content_type and not _accepted(result.content_type, accept):
            raise FetchError(url, "unsupported_content", f"{result.content_type} is not one of "
                             f"{', '.join(accept)}", r.status_code)
        if cut is not None and not partial:
            raise FetchError(url, "too_large", f"over {len(result.body)} bytes (the size cap); "
                             f"only a page is read in part", r.status_code)
        return result


def _wall(url: str, r: requests.Response) -> bool:
    """A challenge page on 429/5xx (Cloudflare's "Just a moment..." comes with 503) is a wall, not
    an outage: asking again gets the same page, and `_finish` names it bot_wall/login_wall."""
    headers = {k.lower(): v for k, v in r.headers.items()}
    return looks_like_wall(Response(url=url, final_url=url, status=r.status_code, headers=headers,
                                    body=r.content or b"", fetched_at=utcnow())) is not None


def _accepted(ctype: str, accept: tuple[str, ...]) -> bool:
    return any(ctype == a or (a.endswith("/*") and ctype.startswith(a[:-1])) for a in accept)


def _fetched_at(r: requests.Response) -> datetime:
    when = getattr(r, "footprint_captured_at", None) or getattr(r, "created_at", None)
    if not isinstance(when, datetime):
        return utcnow()
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _for(url: str, hop: str, exc: FetchError) -> FetchError:
    """The error named after the requested URL, saying which hop failed when it was another."""
    if hop == url:
        return exc
    return FetchError(url, exc.reason, f"at {hop}: {exc.detail}".rstrip(": "), exc.status)
