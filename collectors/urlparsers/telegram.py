"""Telegram: t.me/NAME (also s/NAME); joinchat/ and +invite links are groups, share/url a share."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url

PLATFORM = "telegram"
HOSTS = {"t.me", "www.t.me", "telegram.me", "www.telegram.me", "telegram.dog"}
HANDLE = re.compile(r"^[a-z0-9_]{3,32}$")
RESERVED = {"share", "joinchat", "addstickers", "iv", "proxy", "socks", "setlanguage", "login", "addtheme",
            "addemoji", "c", "contact", "confirmphone", "bg", "invoice", "boost", "telegram", "username"}


def canonical(handle: str) -> str:
    return f"https://t.me/{handle}"


def parse(url: Url) -> ProfileRef | None:
    if url.host not in HOSTS:
        return None
    segs = list(url.segs)
    if segs and segs[0].lower() == "s" and len(segs) >= 2:
        segs = segs[1:]
    first = segs[0].lower().lstrip("@") if segs else ""
    if first == "share":
        return make(PLATFORM, "", url.text, "share")
    if not first or first in RESERVED or not HANDLE.match(first):
        return make(PLATFORM, "", url.text, "other")
    if len(segs) > 1:
        return make(PLATFORM, first, url.text, "post")
    return make(PLATFORM, first, canonical(first), "profile")
