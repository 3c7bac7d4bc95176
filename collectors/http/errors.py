"""Failures of the fetch layer, each classified with a coverage reason.

`FetchError` is what `Fetcher.get` raises; `ArchiveError` is a fetch layer that cannot be set
up as configured (a record or replay archive that cannot be used). `LayerError` is raised beneath requests (in the scan
adapter), so code that holds `fetcher.session` directly (tweepy) sees an ordinary
`requests.ConnectionError`; `classify(exc, url)` turns any exception from that session into a
`FetchError` with the right reason.
"""
from __future__ import annotations

import socket
import ssl

import requests
from urllib3.exceptions import (ConnectTimeoutError, DecodeError, NameResolutionError, NewConnectionError,
                                ProtocolError, ReadTimeoutError, SSLError)

from analyzer.core.errors import UsageError
from analyzer.core.types import COVERAGE_REASONS
from collectors.http.transport import AddressRefused

RETRYABLE = frozenset({"timeout", "refused", "connection_error"})


class ArchiveError(UsageError):
    """The fetch layer's own set-up error: a record/replay archive that cannot be used, or both
    asked at once. It names the setting and the file; the CLI and the batch map it like every
    UsageError (one line, exit 2), so the fetch layer never speaks in command-line flags."""


class FetchError(Exception):
    """A request that gave no usable answer; `reason` is one of analyzer.core.types.COVERAGE_REASONS."""

    def __init__(self, url: str, reason: str, detail: str = "", status: int | None = None,
                 retryable: bool = True):
        assert reason in COVERAGE_REASONS, reason
        self.url = url
        self.reason = reason
        self.detail = detail
        self.status = status
        self.retryable = retryable   # False: trying again would cost as much and end the same way
        super().__init__(f"{url}: {reason}{': ' + detail if detail else ''}")


class LayerError(requests.exceptions.ConnectionError):
    """A refusal by the fetch layer itself (budget, archive, size cap, rate limit), as a requests error."""

    def __init__(self, reason: str, detail: str = "", url: str = "", retryable: bool = True):
        assert reason in COVERAGE_REASONS, reason
        self.reason = reason
        self.detail = detail
        self.url = url
        self.retryable = retryable
        super().__init__(f"{url}: {reason}{': ' + detail if detail else ''}")


def chain(exc: BaseException) -> list[BaseException]:
    """The exception with everything it wraps (causes, contexts, urllib3 reasons), nearest first."""
    out: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(out) < 16:
        e = todo.pop(0)
        if any(e is seen for seen in out):
            continue
        out.append(e)
        for nxt in (getattr(e, "reason", None), e.__cause__, e.__context__,
                    *(a for a in e.args if isinstance(a, BaseException))):
            if isinstance(nxt, BaseException):
                todo.append(nxt)
    return out


def classify(exc: BaseException, url: str) -> FetchError:
    """The coverage reason for an exception raised by the fetch layer or its session."""
    if isinstance(exc, FetchError):
        return exc
    links = chain(exc)
    for e in links:
        if isinstance(e, LayerError):
            return FetchError(url, e.reason, e.detail, retryable=e.retryable)
    lookup = next((e for e in links if isinstance(e, socket.gaierror)), None)
    for e in links:
        if isinstance(e, AddressRefused):
            return FetchError(url, "private_address", str(e).split("refused: ", 1)[-1])
        if lookup is not None or isinstance(e, NameResolutionError):
            return FetchError(url, "dns_error", _lookup_detail(lookup))
        if isinstance(e, requests.exceptions.TooManyRedirects):
            return FetchError(url, "too_many_redirects", str(e)[:120])
    for e in links:
        if isinstance(e, NewConnectionError):   # urllib3 makes it a ConnectTimeoutError subclass
            continue
        if isinstance(e, ConnectTimeoutError | ReadTimeoutError | socket.timeout | TimeoutError
                      | requests.exceptions.Timeout):
            return FetchError(url, "timeout", "no answer in time")
        if isinstance(e, SSLError | ssl.SSLError | requests.exceptions.SSLError):
            return FetchError(url, "tls_error", str(e)[:160])
        if isinstance(e, ConnectionRefusedError):
            return FetchError(url, "refused", "connection refused")
        if isinstance(e, DecodeError | requests.exceptions.ContentDecodingError):
            return FetchError(url, "malformed", "body cannot be decoded")
    for e in links:
        if isinstance(e, ConnectionResetError | ProtocolError | requests.exceptions.ChunkedEncodingError):
            return FetchError(url, "connection_error", "connection broken: " + type(e).__name__)
    text = str(exc)
    if "refused" in text.lower():
        return FetchError(url, "refused", "connection refused")
    return FetchError(url, "connection_error", f"{type(exc).__name__}: {text[:120]}")


def _lookup_detail(exc: socket.gaierror | None) -> str:
    """A name that does not exist is not a resolver that cannot answer: say which."""
    if exc is not None and exc.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_FAIL", None)):
        return "temporary failure in name resolution (no answer from the name servers)"
    return "host name does not exist"
