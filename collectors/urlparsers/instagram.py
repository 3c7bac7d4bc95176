"""Instagram: instagram.com/NAME; p/, reel/, tv/, explore/, stories/ are not profiles."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "instagram"
DOMAINS = ("instagram.com", "instagr.am")
ACCOUNT_HOSTS = {"", "www", "m"}
HANDLE = re.compile(r"^[a-z0-9._]{1,30}$")
POSTS = {"p", "tv", "reel", "reels", "stories"}
RESERVED = POSTS | {
    "explore", "accounts", "embed", "embed.js", "direct", "about", "developer", "legal", "web", "oembed",
    "static", "graphql", "privacy", "terms", "press", "api", "challenge", "emails", "session", "download",
    "directory", "instagram", "username", "yourname", "yourusername", "your_username", "youraccount",
}


def canonical(handle: str) -> str:
    return f"https://www.instagram.com/{handle}/"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    if sub not in ACCOUNT_HOSTS:
        return make(PLATFORM, "", url.text, "other")
    segs = list(url.segs)
    if segs and segs[0] == "_u":
        segs = segs[1:]
    if not segs:
        return make(PLATFORM, "", url.text, "other")
    first = segs[0].lower().lstrip("@")
    if first in RESERVED or not HANDLE.match(first):
        return make(PLATFORM, "", url.text, "post" if first in POSTS else "other")
    if len(segs) > 1 and segs[1].lower() in POSTS:
        return make(PLATFORM, first, url.text, "post")
    return make(PLATFORM, first, canonical(first), "profile")
