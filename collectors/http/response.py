"""The complete answer to one `Fetcher.get`: status, headers, decoded body, and how we got there."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping
from urllib.parse import urlsplit

from collectors.http.errors import FetchError


@dataclass(frozen=True)
class Response:
    """A complete answer. `url` was asked for; `final_url` answered after the `redirects`.

    `redirects` lists every URL that answered with a redirect, in order (so `redirects[0] == url`
    when there was one); `hosts` and `crossed_hosts` make a move to another host visible. `body` is
    decoded (no content-encoding) and at most `settings.max_body` bytes; `truncated` says it is
    only the first `max_body` bytes of a longer HTML page (asked for with `get(partial=True)`).
    `fetched_at` is when the answer was captured: now, the cache's store time, or the WARC-Date
    when replaying.
    """

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: datetime
    redirects: tuple[str, ...] = ()
    from_cache: bool = False
    encoding: str | None = None
    truncated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return (self.headers.get("content-type") or "").split(";")[0].strip().lower()

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host on the way, in order, without repeats."""
        seen: list[str] = []
        for u in (*self.redirects, self.final_url):
            host = (urlsplit(u).hostname or "").lower()
            if host not in seen:
                seen.append(host)
        return tuple(seen)

    @property
    def crossed_hosts(self) -> bool:
        """Whether a redirect moved the request to another host."""
        return len(self.hosts) > 1

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
        except (ValueError, UnicodeDecodeError, RecursionError, LookupError) as exc:
            raise FetchError(self.final_url, "malformed", f"not JSON ({type(exc).__name__})",
                             self.status) from None
