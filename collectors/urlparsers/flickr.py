"""Flickr: photos/NAME and people/NAME (NSIDs such as 12345678@N02 keep their case)."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "flickr"
DOMAINS = ("flickr.com", "flic.kr")
NSID = re.compile(r"^\d+@N\d+$", re.I)
NAME = re.compile(r"^[\w.\-]{1,64}$")
RESERVED = {"tags", "search", "upload", "organize", "me", "favorites", "friends"}
PROFILE_TAILS = {"albums", "sets", "collections", "galleries", "favorites", "with", "page1", "groups"}


def canonical(handle: str) -> str:
    return f"https://www.flickr.com/photos/{handle}/"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    first = url.seg0
    if url.host != "flic.kr" and sub in ("", "www", "m") and first in ("photos", "people") and len(segs) >= 2 and NAME.match(segs[1].replace("@", "")):
        raw = segs[1]
        if raw.lower() in RESERVED:
            return make(PLATFORM, "", url.text, "other")
        handle = raw.upper() if NSID.match(raw) else raw.lower()
        if len(segs) == 2 or segs[2].lower() in PROFILE_TAILS:
            return make(PLATFORM, handle, canonical(handle), "profile")
        return make(PLATFORM, handle, url.text, "post")
    return make(PLATFORM, "", url.text, "other")
