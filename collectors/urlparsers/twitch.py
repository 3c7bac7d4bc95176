"""Twitch: twitch.tv/NAME; videos, clips, the player and directory pages are not accounts."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "twitch"
DOMAINS = ("twitch.tv",)
NAME = re.compile(r"^[a-z0-9_]{2,25}$")
RESERVED = {"directory", "p", "settings", "downloads", "jobs", "videos", "search", "login", "signup",
            "subscriptions", "inventory", "wallet", "turbo", "prime", "store", "friends", "messages", "user",
            "broadcast", "embed", "team", "legal", "creatorcamp", "collections", "twitch", "username"}
PROFILE_TAILS = {"videos", "about", "schedule", "clips"}


def canonical(handle: str) -> str:
    return f"https://www.twitch.tv/{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    first = url.seg0
    if sub not in ("", "www", "m") or not segs or first in RESERVED or not NAME.match(first):
        return make(PLATFORM, "", url.text, "post" if first == "videos" or sub in ("clips", "player") else "other")
    if len(segs) > 1 and segs[1].lower() not in PROFILE_TAILS:
        return make(PLATFORM, first, url.text, "post")
    return make(PLATFORM, first, canonical(first), "profile")
