"""One account candidate found on a page, before discovery dedupes candidates into Sightings."""
from __future__ import annotations

from dataclasses import dataclass

from collectors.urlparsers import ProfileRef


@dataclass(frozen=True)
class Candidate:
    ref: ProfileRef
    location: str   # footer | header | nav | jsonld | microdata | meta | rel_me | widget | body | script
    role: str       # official | staff | other
    excerpt: str
