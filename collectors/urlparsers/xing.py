"""Xing: companies/SLUG and pages/SLUG are the organisation (handle: the slug); profile/NAME is a
person (`profile:name`)."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "xing"
DOMAINS = ("xing.com",)
SLUG = re.compile(r"^[\w.\-]{1,100}$")


def canonical(handle: str) -> str:
    if handle.startswith("profile:"):
        return f"https://www.xing.com/profile/{handle[8:]}"
    return f"https://www.xing.com/pages/{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    first = url.seg0
    if first == "news" and len(segs) >= 3 and segs[1].lower() == "pages":
        segs, first = segs[1:], "pages"
    if sub in ("", "www", "m", "mobile") and len(segs) >= 2 and SLUG.match(segs[1]):
        slug = segs[1].lower()
        if first in ("companies", "company", "pages"):
            return make(PLATFORM, slug, f"https://www.xing.com/{'pages' if first == 'pages' else 'companies'}/{slug}",
                        "profile")
        if first == "profile":
            return make(PLATFORM, "profile:" + slug, f"https://www.xing.com/profile/{segs[1]}", "person")
    shared = "share" in url.path.lower() or url.query.get("op") == "share" or "url" in url.query
    return make(PLATFORM, "", url.text, "share" if shared else "other")
