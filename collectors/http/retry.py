"""When to ask again: Retry-After (seconds or HTTP date), rate-limit windows, exponential backoff.

Rate-limit headers come in three spellings: X's `x-rate-limit-*` (reset: epoch seconds),
Mastodon's `x-ratelimit-*` (reset: an ISO 8601 time) and the IETF draft's `ratelimit-*` that
Bluesky sends (reset: epoch seconds or seconds from now).
"""
from __future__ import annotations

import time
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Mapping

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asks us to wait, from Retry-After or the X API's x-rate-limit-reset."""
    now = time.time() if now is None else now
    value = (headers.get("retry-after") or "").strip()
    if value:
        if value.isdigit():
            return float(value)
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return _reset(headers, now)


SPELLINGS = ("x-rate-limit-", "x-ratelimit-", "ratelimit-")


def _header(headers: Mapping[str, str], name: str) -> str:
    for prefix in SPELLINGS:
        value = headers.get(prefix + name)
        if value:
            return value.strip()
    return ""


def _reset(headers: Mapping[str, str], now: float) -> float | None:
    reset = _header(headers, "reset")
    if reset.isdigit():
        n = float(reset)
        return max(0.0, n - now) if n > 1_000_000_000 else n   # epoch seconds, or delta seconds
    if reset[:4].isdigit() and "T" in reset:
        try:
            when = datetime.fromisoformat(reset.replace("Z", "+00:00"))
        except ValueError:
            return None
        return max(0.0, when.timestamp() - now) if when.tzinfo else None
    return None


def window_left(headers: Mapping[str, str], now: float | None = None) -> tuple[int, float] | None:
    """(requests left, seconds until the window resets) from an API's rate-limit headers, or None."""
    remaining = _header(headers, "remaining")
    if not remaining.isdigit():
        return None
    seconds = _reset(headers, time.time() if now is None else now)
    return None if seconds is None else (int(remaining), seconds)


def exhausted_window(headers: Mapping[str, str]) -> float | None:
    """Seconds until an API's rate-limit window resets when it says none are left, else None."""
    if _header(headers, "remaining") == "0":
        return _reset(headers, time.time()) or 0.0
    return None


def backoff(base: float, attempt: int) -> float:
    """The pause before retry number `attempt` (0-based): base, 2*base, 4*base, ..."""
    return base * (2 ** attempt)
