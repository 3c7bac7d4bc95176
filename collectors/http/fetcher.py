"""The Fetcher: the one object collectors use to reach the network.

    fetcher.get(url, purpose="page") -> Response      (raises FetchError with a coverage reason)

`purpose="page"` obeys robots.txt (website pages); `purpose="api"` is a documented public API that
follows its own rate-limit headers instead. `fetcher.session` is the requests.Session underneath,
for libraries such as tweepy that need one.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import NameResolutionError

from analyzer import __version__
from analyzer.settings import Settings
from analyzer.types import utcnow
from collectors.http.transport import AddressPolicy, AddressRefused, GuardedAdapter

log = logging.getLogger(__name__)


class FetchError(Exception):
    """A request that gave no usable answer; `reason` is one of analyzer.types.COVERAGE_REASONS."""

    def __init__(self, url: str, reason: str, detail: str = "", status: int | None = None):
        self.url = url
        self.reason = reason
        self.detail = detail
        self.status = status
        super().__init__(f"{url}: {reason}{': ' + detail if detail else ''}")


@dataclass(frozen=True)
class Response:
    """A complete answer. `url` was asked for, `final_url` answered after `redirects`."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: datetime
    redirects: tuple[str, ...] = ()
    from_cache: bool = False
    encoding: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return (self.headers.get("content-type") or "").split(";")[0].strip().lower()

    def text(self) -> str:
        enc = self.encoding or "utf-8"
        try:
            return self.body.decode(enc, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """Parsed JSON, or FetchError(malformed) naming the URL."""
        try:
            return json.loads(self.body.decode(self.encoding or "utf-8", errors="strict"))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise FetchError(self.final_url, "malformed", f"not JSON ({type(exc).__name__})",
                             self.status) from None


def user_agent(settings: Settings) -> str:
    return settings.user_agent.replace("{version}", __version__)


class Fetcher:
    """One per scan (or shared by a batch's scans); thread-safe for concurrent get() calls."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.policy = AddressPolicy(allow_private=settings.allow_private, resolve=settings.resolve_map())
        self.session = requests.Session()
        adapter = GuardedAdapter(self.policy, pool_maxsize=max(4, settings.per_host * 2))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent(settings)
        # No proxies or netrc from the environment (a proxy would bypass the address check), but
        # the CA bundle is honoured as requests normally does.
        self.session.trust_env = False
        self.session.verify = settings.ca_bundle or True

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, purpose: str = "page", headers: Mapping[str, str] | None = None,
            params: Mapping[str, Any] | None = None, accept: tuple[str, ...] = ()) -> Response:
        """GET `url`, following redirects hop by hop; raise FetchError on any failure."""
        if params:
            url = requests.Request("GET", url, params=params).prepare().url
        seen: list[str] = []
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError(url, "malformed", f"redirect to non-http URL {current}")
            resp = self._one(current, headers)
            if resp.status in (301, 302, 303, 307, 308) and "location" in resp.headers:
                nxt = urljoin(current, resp.headers["location"])
                seen.append(current)
                if nxt in seen:
                    raise FetchError(url, "redirect_loop", f"{nxt} seen before")
                current = nxt
                continue
            result = Response(url=url, final_url=current, status=resp.status, headers=resp.headers,
                              body=resp.body, fetched_at=resp.fetched_at, redirects=tuple(seen),
                              encoding=resp.encoding)
            if resp.status == 429:
                raise FetchError(url, "rate_limited", "HTTP 429", resp.status)
            if resp.status >= 400:
                raise FetchError(url, "not_found" if resp.status in (404, 410) else "http_error",
                                 f"HTTP {resp.status}", resp.status)
            if accept and result.content_type and result.content_type not in accept:
                raise FetchError(url, "unsupported_content", result.content_type, resp.status)
            return result
        raise FetchError(url, "too_many_redirects", f"more than {self.settings.max_redirects}")

    def _one(self, url: str, headers: Mapping[str, str] | None) -> Response:
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        try:
            with self.session.get(url, headers=dict(headers or {}), timeout=timeout,
                                  allow_redirects=False, stream=True) as r:
                body = bytearray()
                for chunk in r.raw.stream(65536, decode_content=True):
                    body += chunk
                    if len(body) > self.settings.max_body:
                        raise FetchError(url, "too_large", f"over {self.settings.max_body} bytes", r.status_code)
                enc = r.encoding if "charset" in (r.headers.get("content-type") or "") else None
                return Response(url=url, final_url=url, status=r.status_code,
                                headers={k.lower(): v for k, v in r.headers.items()},
                                body=bytes(body), fetched_at=utcnow(), encoding=enc)
        except FetchError:
            raise
        except requests.exceptions.ConnectionError as exc:
            raise _classify(url, exc) from None
        except requests.exceptions.Timeout:
            raise FetchError(url, "timeout") from None
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, "connection_error", type(exc).__name__) from None
        except Exception as exc:  # urllib3 protocol/decoding errors surface raw during streaming
            name = type(exc).__name__
            if "Timeout" in name:
                raise FetchError(url, "timeout") from None
            raise FetchError(url, "connection_error", name) from None


def _classify(url: str, exc: Exception) -> FetchError:
    chain = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 8:
        chain.append(e)
        e = e.__context__ or e.__cause__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else None)
    for e in chain:
        reason = getattr(e, "reason", None)
        for cand in (e, reason):
            if isinstance(cand, AddressRefused):
                return FetchError(url, "private_address", str(cand).split(": ", 1)[-1])
            if isinstance(cand, NameResolutionError):
                return FetchError(url, "dns_error")
    text = str(exc)
    if "timed out" in text or "Timeout" in text:
        return FetchError(url, "timeout")
    if "SSL" in text or "CERTIFICATE" in text:
        return FetchError(url, "tls_error", text[:120])
    if "refused" in text.lower():
        return FetchError(url, "refused")
    return FetchError(url, "connection_error", text[:120])
