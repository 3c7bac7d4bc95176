"""Account discovery on one HTML page: every social account the page links to or declares, with
where it sits and what role that suggests.

    discover(html, page_url, site_host) -> list[Sighting]

Candidates come from markup (`a/link/area[href]`, `iframe[src]`, `data-href`-style widget
attributes), JSON-LD `sameAs`, microdata `sameAs`, meta tags (`twitter:site`, `twitter:creator`,
`article:publisher`, `article:author`), `rel=me`, and inline script data. Each URL is typed by
collectors.urlparsers; only profiles, follow intents and people become sightings. The role follows
GOLD.md's judgement rules: site chrome, structured data of the publisher, `twitter:site`,
`rel=me` and follow modules are official; bylines, author cards, people's profiles and
`twitter:creator` are staff; embedded and cited accounts in article bodies are other.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from urllib.parse import urlsplit

from collectors.website.discovery import structured
from collectors.website.discovery.candidate import Candidate
from collectors.website.discovery.markup import from_markup
from collectors.website.discovery.page import parse_html
from collectors.website.discovery.site import own_page
from collectors.urlparsers import parse_profile_url

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
    return discover_in(parse_html(html), page_url, site_host)


def discover_in(root, page_url: str, site_host: str) -> list[Sighting]:
    """`discover` on a page already parsed by `parse_html` (the website collector parses each page
    once, for discovery and the on-site signals alike); None gives []."""
    if root is None:
        return []
    try:
        found = collect(root, page_url, site_host)
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


def collect(root, page_url: str, site_host: str) -> list[Candidate]:
    """Every candidate on a parsed page, from every place accounts are declared."""
    base = next((el.get("href") for el in root.iter("base") if el.get("href")), None) or page_url
    found = from_markup(root, base, site_host)
    found += structured.from_jsonld(root, base)
    found += structured.from_microdata(root, base)
    found += structured.from_meta(root, base, site_host)
    found += structured.from_scripts(root, base, site_host)
    # a Mastodon-shaped path on the site itself (/@login, api.site/@x) is the site's own page
    found = [c for c in found
             if not (c.ref.platform == "mastodon" and own_page(urlsplit(c.ref.url).hostname or "", site_host))]
    # on a platform's own page (facebook.com/somepage) that platform's links are its chrome, not accounts
    own = parse_profile_url(f"https://{site_host}/") if site_host else None
    if own is None:
        return found
    return [Candidate(c.ref, c.location, "other", c.excerpt) if c.ref.platform == own.platform else c for c in found]


def roles_by_account(sightings: list[Sighting]) -> dict[tuple[str, str], str]:
    """One role per (platform, handle) over all its sightings: official beats staff beats other."""
    out: dict[tuple[str, str], str] = {}
    for s in sightings:
        key = (s.platform, s.handle)
        if key not in out or _RANK[s.role] < _RANK[out[key]]:
            out[key] = s.role
    return out
