"""Account discovery on one HTML page: every social account the page links to or declares, with
where it sits and what role that suggests.

    discover(html, page_url, site_host) -> list[Sighting]

Candidates come from markup (`a/link/area[href]`, `iframe[src]`, `data-href`-style widget
attributes), JSON-LD `sameAs`, microdata `sameAs`, meta tags (`twitter:site`, `twitter:creator`,
`article:publisher`, `article:author`), `rel=me`, and inline script data. Each URL is typed by
collectors.profiles; only profiles, follow intents and people become sightings. The role follows
GOLD.md's judgement rules: site chrome, structured data of the publisher, `twitter:site`,
`rel=me` and follow modules are official; bylines, author cards, people's profiles and
`twitter:creator` are staff; embedded and cited accounts in article bodies are other.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from collectors import discovery_sources as sources
from collectors.discovery_page import parse_html

log = logging.getLogger(__name__)

LOCATIONS = ("footer", "header", "nav", "jsonld", "microdata", "meta", "rel_me", "widget", "body", "script")
ROLES = ("official", "staff", "other")
_RANK = {"official": 0, "staff": 1, "other": 2}


@dataclass(frozen=True)
class Sighting:
    """One account seen at one place of one page."""

    platform: str
    handle: str
    url: str
    kind: str        # profile | follow_intent | person
    location: str    # one of LOCATIONS
    role: str        # official | staff | other
    excerpt: str     # anchor text, label and ancestor classes around the link
    page_url: str


def discover(html: str | bytes, page_url: str, site_host: str) -> list[Sighting]:
    """All account sightings on the page, one per (platform, handle, location). Never raises on
    bad HTML; an empty or unparseable page gives []."""
    try:
        root = parse_html(html)
        if root is None:
            return []
        found = sources.collect(root, page_url, site_host)
    except RecursionError:
        log.warning("page too deeply nested for discovery: %s", page_url)
        return []
    best: dict[tuple[str, str, str], Sighting] = {}
    for cand in found:
        ref = cand.ref
        key = (ref.platform, ref.handle, cand.location)
        sighting = Sighting(platform=ref.platform, handle=ref.handle, url=ref.url, kind=ref.kind,
                            location=cand.location, role=cand.role, excerpt=cand.excerpt[:200], page_url=page_url)
        old = best.get(key)
        if old is None or _RANK[sighting.role] < _RANK[old.role]:
            best[key] = sighting
    return list(best.values())


def roles_by_account(sightings: list[Sighting]) -> dict[tuple[str, str], str]:
    """One role per (platform, handle) over all its sightings: official beats staff beats other."""
    out: dict[tuple[str, str], str] = {}
    for s in sightings:
        key = (s.platform, s.handle)
        if key not in out or _RANK[s.role] < _RANK[out[key]]:
            out[key] = s.role
    return out
