"""Defensive readers of API values: a wrong type or a bad date is "not observed", never a crash."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from analyzer.types import parse_iso


def as_time(text: Any) -> datetime | None:
    """An ISO 8601 string as an aware datetime, else None."""
    if not isinstance(text, str):
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None


def as_int(value: Any) -> int | None:
    """An int (never a bool, which is an int in Python), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
