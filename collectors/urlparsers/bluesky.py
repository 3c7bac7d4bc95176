"""Bluesky: bsky.app/profile/HANDLE (a domain handle or a did:plc id)."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "bluesky"
DOMAINS = ("bsky.app",)
HANDLE = re.compile(r"^(?:did:(?:plc|web):[a-z0-9._:%-]{3,64}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$")


def canonical(handle: str) -> str:
    return f"https://bsky.app/profile/{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    if sub not in ("", "www") or url.seg0 != "profile" or len(segs) < 2:
        return make(PLATFORM, "", url.text, "share" if url.seg0 == "intent" else "other")
    name = segs[1].lower().lstrip("@")
    if not HANDLE.match(name):
        return make(PLATFORM, "", url.text, "other")
    if len(segs) > 2 and segs[2].lower() == "post":
        return make(PLATFORM, name, url.text, "post")
    return make(PLATFORM, name, canonical(name), "profile")
