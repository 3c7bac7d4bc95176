"""Threads: threads.net/@NAME and threads.com/@NAME; posts and intents are not accounts."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "threads"
DOMAINS = ("threads.net", "threads.com")
HANDLE = re.compile(r"^[a-z0-9._]{1,30}$")


def canonical(handle: str) -> str:
    return f"https://www.threads.net/@{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    if sub not in ("", "www") or not segs or not segs[0].startswith("@"):
        return make(PLATFORM, "", url.text, "share" if url.seg0 == "intent" else "other")
    name = segs[0][1:].lower()
    if not HANDLE.match(name):
        return make(PLATFORM, "", url.text, "other")
    if len(segs) > 1:
        return make(PLATFORM, name, url.text, "post")
    return make(PLATFORM, name, canonical(name), "profile")
