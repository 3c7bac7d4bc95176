"""Pinterest: pinterest.com and its country hosts (pinterest.ca, .co.uk, .de, nl.pinterest.com);
pin/ID is a post, pin/create/ a share button."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url

PLATFORM = "pinterest"
HOST = re.compile(r"^(?:(www|[a-z]{2})\.)?pinterest\.(?:com?\.)?[a-z]{2,3}$")
OTHER_HOST = re.compile(r"(^|\.)pinterest\.(?:com?\.)?[a-z]{2,3}$|^pin\.it$")
HANDLE = re.compile(r"^[a-z0-9_.-]{1,40}$")
RESERVED = {
    "pin", "search", "ideas", "today", "login", "business", "explore", "_", "categories", "resource",
    "settings", "source", "oauth", "discover", "topics", "news_hub", "about", "join", "signup", "pinterest",
    "help", "static", "js", "developers", "password", "username", "yourname", "homefeed", "videos",
}
PROFILE_TAILS = {"boards", "pins", "followers", "following", "_created", "_saved", "_shop", "_profile"}


def canonical(handle: str) -> str:
    return f"https://www.pinterest.com/{handle}/"


def parse(url: Url) -> ProfileRef | None:
    if not HOST.match(url.host):
        if OTHER_HOST.search(url.host):
            return make(PLATFORM, "", url.text, "other")  # assets., widgets., business., pin.it
        return None
    segs = url.segs
    first = url.seg0
    if first == "pin":
        if len(segs) > 1 and segs[1].lower() in ("create", "find"):
            return make(PLATFORM, "", url.text, "share")
        return make(PLATFORM, "", url.text, "post")
    if not segs or first in RESERVED or not HANDLE.match(first):
        return make(PLATFORM, "", url.text, "other")
    if len(segs) == 1 or segs[1].lower() in PROFILE_TAILS:
        return make(PLATFORM, first, canonical(first), "profile")
    return make(PLATFORM, first, url.text, "other")  # a board of that account
