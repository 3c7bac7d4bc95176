"""Spotify: show/ID (podcasts), artist/ID and user/ID are accounts (ids keep their case);
episodes, tracks, albums and playlists are posts."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "spotify"
DOMAINS = ("spotify.com",)
ACCOUNTS = ("show", "artist", "user")
POSTS = ("episode", "track", "album", "playlist")
ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def canonical(handle: str) -> str:
    kind, _, ident = handle.partition(":")
    return f"https://open.spotify.com/{kind}/{ident}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = [s for s in url.segs if not s.lower().startswith("intl-")]
    if segs and segs[0].lower() in ("embed", "embed-podcast"):
        segs = segs[1:]
    first = segs[0].lower() if segs else ""
    if sub == "open" and first in ACCOUNTS and len(segs) >= 2 and ID.match(segs[1]):
        ident = segs[1].lower() if first == "user" else segs[1]
        return make(PLATFORM, f"{first}:{ident}", canonical(f"{first}:{ident}"), "profile")
    return make(PLATFORM, "", url.text, "post" if first in POSTS else "other")
