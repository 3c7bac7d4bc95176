"""The organisation's name as its homepage title gives it ("Home | Gemeente X" -> "Gemeente X")."""
from __future__ import annotations

import re
from typing import Iterable

from analyzer.core.types import Evidence

_TITLE_PARTS = re.compile(r"\s+[|\-–—·:]\s+")
_NOT_A_NAME = {"home", "homepage", "welkom", "welcome", "start", "startpagina", "voorpagina", "hoofdpagina"}


def organisation_name(evidence: Iterable[Evidence]) -> str | None:
    """The name in the homepage's title (the shortest meaningful part), or None without one."""
    home = next((e for e in evidence if e.kind == "page_fetched" and isinstance(e.value, dict)
                 and e.value.get("role") in ("home", "homepage") and e.value.get("title")), None)
    if home is None:
        return None
    parts = [p.strip() for p in _TITLE_PARTS.split(str(home.value["title"])) if p.strip()]
    names = [p for p in parts if p.lower() not in _NOT_A_NAME and len(p) <= 80]
    return names[-1] if len(names) > 1 and len(names[-1]) < len(names[0]) else (names[0] if names else None)
