"""Defensive readers of API values: a wrong type or a bad date is "not observed", never a crash."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from analyzer.core.types import parse_iso


def as_time(text: Any) -> datetime | None:
    """An ISO 8601 string as an aware datetime, else None."""
    if not isinstance(text, str):
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None


def as_dict(value: Any) -> dict:
    """A JSON object, else an empty one (a field of another type is as good as absent)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    """A JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str | None:
    """A non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def as_int(value: Any) -> int | None:
    """An int (never a bool, which is an int in Python), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
