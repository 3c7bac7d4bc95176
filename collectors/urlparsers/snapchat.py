"""Snapchat: add/NAME and /@NAME give the name; discover/NAME/ID gives `discover:name`."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "snapchat"
DOMAINS = ("snapchat.com",)
NAME = re.compile(r"^[a-z][a-z0-9._-]{1,30}$")


def canonical(handle: str) -> str:
    if handle.startswith("discover:"):
        return f"https://www.snapchat.com/discover/{handle[9:]}"
    return f"https://www.snapchat.com/add/{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    first = url.seg0
    name = ""
    if sub in ("", "www", "story") and segs:
        if first in ("add", "discover", "s") and len(segs) >= 2:
            name = segs[1].lower()
        elif first.startswith("@"):
            name = first[1:]
    if name and NAME.match(name):
        handle = "discover:" + name if first == "discover" else name
        return make(PLATFORM, handle, canonical(handle), "profile")
    return make(PLATFORM, "", url.text, "share" if first in ("scan", "share", "t") else "other")
