"""Vimeo: vimeo.com/NAME and channels/NAME (`channel:name`); numeric paths and the player are videos."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "vimeo"
DOMAINS = ("vimeo.com",)
HANDLE = re.compile(r"^[a-z0-9_.-]{2,64}$")
RESERVED = {"groups", "album", "showcase", "ondemand", "categories", "search", "join", "log_in", "upgrade",
            "watch", "blog", "help", "features", "user", "video", "api", "privacy", "terms", "cookie_policy",
            "channels", "about", "jobs", "stock", "create", "upload", "manage", "live", "solutions", "enterprise",
            "for-hire", "features", "apps", "vimeo", "home", "login", "settings", "event", "embed", "tag",
            "username"}


def canonical(handle: str) -> str:
    if handle.startswith("channel:"):
        return f"https://vimeo.com/channels/{handle[8:]}"
    return f"https://vimeo.com/{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    first = url.seg0
    if sub not in ("", "www") or not segs:
        return make(PLATFORM, "", url.text, "post" if sub == "player" else "other")
    if first == "channels" and len(segs) >= 2 and HANDLE.match(segs[1].lower()):
        if len(segs) > 2 and segs[2].isdigit():
            return make(PLATFORM, "", url.text, "post")
        handle = "channel:" + segs[1].lower()
        return make(PLATFORM, handle, canonical(handle), "profile")
    if first.isdigit():
        return make(PLATFORM, "", url.text, "post")
    if first in RESERVED or not HANDLE.match(first):
        return make(PLATFORM, "", url.text, "other")
    if len(segs) > 1 and segs[1].isdigit():
        return make(PLATFORM, first, url.text, "post")
    return make(PLATFORM, first, canonical(first), "profile")
