"""Text fit to show to people: no control characters, no bidi overrides, bounded length.

Scraped pages, file names and user files can carry escape sequences (a title-setting ESC ] ... BEL
rewrites the terminal), C1 controls and bidi overrides (U+202E turns `exe.txt` into `txt.exe`).

    escaped(text)      every such character as a visible escape (\\x1b, \\u202e): for messages and names
    one_line(text)     escaped, and cut to `limit` characters: an error line stays one short line
    dropped(text)      every such character removed: for texts shown as prose (rule reasons, excerpts)
"""
from __future__ import annotations

import re
from typing import Any

# C0 (but tab/newline), DEL, C1, bidi embeddings/overrides/isolates, and the line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LIMIT = 300


def _escape(match: re.Match) -> str:
    return repr(match.group())[1:-1] if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}"


def escaped(text: str) -> str:
    return _UNSAFE_LINE.sub(_escape, text)


def one_line(text: str, limit: int = LIMIT) -> str:
    text = escaped(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dropped(text: str) -> str:
    return _UNSAFE.sub("", text)


def dropped_all(data: Any) -> Any:
    """Every string in a JSON-like structure with unsafe characters dropped (keys included)."""
    if isinstance(data, str):
        return dropped(data)
    if isinstance(data, dict):
        return {dropped_all(k): dropped_all(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [dropped_all(v) for v in data]
    return data
