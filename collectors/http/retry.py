"""When to ask again: Retry-After (seconds or HTTP date), X-Rate-Limit-Reset, exponential backoff."""
from __future__ import annotations

import time
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


def _reset(headers: Mapping[str, str], now: float) -> float | None:
    reset = (headers.get("x-rate-limit-reset") or headers.get("ratelimit-reset") or "").strip()
    if reset.isdigit():
        n = float(reset)
        return max(0.0, n - now) if n > 1_000_000_000 else n   # epoch seconds, or delta seconds
    return None


def exhausted_window(headers: Mapping[str, str]) -> float | None:
    """Seconds until an API's rate-limit window resets when it says none are left, else None."""
    remaining = (headers.get("x-rate-limit-remaining") or headers.get("ratelimit-remaining") or "").strip()
    if remaining == "0":
        return _reset(headers, time.time()) or 0.0
    return None


def backoff(base: float, attempt: int) -> float:
    """The pause before retry number `attempt` (0-based): base, 2*base, 4*base, ..."""
    return base * (2 ** attempt)
