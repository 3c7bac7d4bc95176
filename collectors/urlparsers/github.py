"""GitHub: github.com/NAME profiles only; repository links name an owner but are not profiles."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "github"
DOMAINS = ("github.com",)
HANDLE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38})$")
RESERVED = {
    "about", "features", "pricing", "login", "join", "marketplace", "explore", "topics", "orgs", "settings",
    "site", "security", "sponsors", "apps", "collections", "trending", "contact", "search", "enterprise",
    "team", "customer-stories", "readme", "notifications", "new", "organizations", "logout", "signup",
    "github", "events", "home", "issues", "pulls", "codespaces", "mobile", "nonprofit", "education",
    "resources", "solutions", "users", "username", "your-username", "yourname",
}


def canonical(handle: str) -> str:
    return f"https://github.com/{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    first = url.seg0
    if first == "orgs" and len(segs) >= 2:
        segs, first = segs[1:], segs[1].lower()
    if sub not in ("", "www") or not segs or first in RESERVED or not HANDLE.match(first):
        return make(PLATFORM, "", url.text, "other")
    if len(segs) > 1:
        return make(PLATFORM, first, url.text, "other")  # a repository, gist or tab
    return make(PLATFORM, first, canonical(first), "profile")
