"""SoundCloud: soundcloud.com/NAME; tracks, sets and the embedded player are not accounts."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "soundcloud"
DOMAINS = ("soundcloud.com",)
NAME = re.compile(r"^[a-z0-9_-]{2,64}$")
RESERVED = {"discover", "search", "upload", "you", "stream", "pages", "terms-of-use", "imprint", "charts",
            "stations", "people", "mobile", "settings", "jobs", "go", "pro", "tags", "popular", "signin",
            "login", "logout", "messages", "notifications", "creators", "premium", "connect", "for", "explore"}
PROFILE_TAILS = {"tracks", "albums", "sets", "reposts", "popular-tracks", "likes", "followers", "following"}


def canonical(handle: str) -> str:
    return f"https://soundcloud.com/{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    first = url.seg0
    if sub not in ("", "www", "m") or not segs or first in RESERVED or not NAME.match(first):
        return make(PLATFORM, "", url.text, "share" if "share" in url.path.lower() else "other")
    if len(segs) > 1 and segs[1].lower() not in PROFILE_TAILS:
        return make(PLATFORM, first, url.text, "post")
    return make(PLATFORM, first, canonical(first), "profile")
