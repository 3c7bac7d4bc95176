"""The per-scan requests adapter: every request of a scan passes here, tweepy's included.

Order for one request: replay (answer from the archive, never the network) or else: the scan's
deadline, the host's rate-limit block, its Crawl-delay turn (when robots.txt is known for it), one
of its `per_host` connection slots (a documented API: its turn at the API's rate instead), the
guarded network adapter (address policy, pinning), the body read within the size cap (an HTML page
is cut there and marked so) and the time limit, every credential the request sent scrubbed from the
answer (`redact.scrub_response`: the one place), then the WARC record. Finished responses carry a
decoded body (see `body.py`), so the HTTP cache above never sees an unchecked body (nor stores a
cut one).
"""
from __future__ import annotations

import logging
import time
from contextlib import nullcontext
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from urllib3.exceptions import HTTPError

from collectors.http.body import complete, read_capped
from collectors.http.errors import LayerError, classify
from collectors.http.hostgate import shared_host
from collectors.http.redact import scrub_response
from collectors.http.retry import exhausted_window, retry_after

if TYPE_CHECKING:
    from collectors.http.fetcher import Fetcher

log = logging.getLogger(__name__)


class ScanAdapter(BaseAdapter):
    """Mounted on one fetcher view's session; the shared state lives in `view.layer`."""

    def __init__(self, view: "Fetcher"):
        super().__init__()
        self.view = view

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout=None,
             verify=True, cert=None, proxies=None) -> requests.Response:
        view, url = self.view, request.url or ""
        if view.archive is not None:
            return scrub_response(request, view.archive.answer(request))
        layer, settings = view.layer, view.settings
        host = (urlsplit(url).hostname or "").lower()
        deadline = view.deadline
        if deadline is not None and time.monotonic() >= deadline:
            raise LayerError("budget_exhausted", "scan time budget spent", url)
        layer.gate.wait_unblocked(host, deadline, url)
        rules = view.robots.known(url)
        if rules is not None and (delay := rules.crawl_delay):
            layer.gate.crawl_turn(host, min(delay, settings.crawl_delay_cap), deadline, url)
        limit = layer.api_limits.limit(host, urlsplit(url).path)
        shared = shared_host(host, view.home)
        if limit is not None:
            layer.gate.pace(limit, deadline, url, shared)
        with layer.gate.slot(host, deadline, url, shared=shared) if limit is None else nullcontext():
            connect, read, stop_at = self._limits(timeout)
            try:
                resp = layer.network.send(request, stream=True, timeout=(connect, read), verify=verify,
                                          cert=cert, proxies=proxies)
                body, cut = read_capped(resp, settings.max_body, stop_at)
                resp = scrub_response(request, complete(resp, body, cut))
            except (requests.RequestException, HTTPError, OSError) as exc:   # not bugs: those surface
                view.tally.failure(exc)
                raise self._failed(request, exc) from exc
        view.tally.answer()
        self._note_limits(host, resp, shared)
        if limit is not None:
            layer.gate.rates.follow(limit, resp.headers)
        if view.recorder is not None:
            view.recorder.exchange(request, resp)
        return resp

    def close(self) -> None:
        """The network adapter is shared; the fetcher that owns the layer closes it."""

    def _limits(self, timeout) -> tuple[float, float, float]:
        s, now = self.view.settings, time.monotonic()
        connect, read = s.connect_timeout, s.read_timeout
        if isinstance(timeout, tuple) and len(timeout) == 2:
            connect, read = (t if t is not None else d for t, d in zip(timeout, (connect, read)))
        elif isinstance(timeout, (int, float)):
            connect = read = float(timeout)
        stop_at = now + s.request_timeout
        if self.view.deadline is not None:
            left = self.view.deadline - now
            connect, read, stop_at = min(connect, left), min(read, left), min(stop_at, self.view.deadline)
        return max(connect, 0.001), max(read, 0.001), stop_at

    def _failed(self, request: requests.PreparedRequest, exc: Exception) -> Exception:
        """Record a failed exchange; a timeout past the scan deadline is budget_exhausted."""
        url = request.url or ""
        err = classify(exc, url)
        deadline = self.view.deadline
        if err.reason == "timeout" and deadline is not None and time.monotonic() >= deadline - 0.01:
            return LayerError("budget_exhausted", "scan time budget spent while waiting for an answer", url)
        if self.view.recorder is not None:
            self.view.recorder.failure(request, err.reason, err.detail)
        return exc if isinstance(exc, requests.RequestException) else LayerError(err.reason, err.detail, url)

    def _note_limits(self, host: str, resp: requests.Response, shared: bool) -> None:
        """Remember a host's request to wait (429/503 Retry-After, an exhausted API window)."""
        wait = retry_after(resp.headers) if resp.status_code in (429, 503) else None
        if wait is None:
            wait = exhausted_window(resp.headers)
        if wait:
            self.view.layer.gate.block(host, wait, shared)
