"""YouTube: @handle, channel/UC..., c/, user/, bare youtube.com/NAME; watch, embed, playlist are not
accounts; trailing /videos, /featured and ?sub_confirmation=1 are ignored."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "youtube"
DOMAINS = ("youtube.com", "youtu.be", "youtube-nocookie.com")
ACCOUNT_HOSTS = {"", "www", "m", "music", "gaming"}
CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{20,24}$")
NAME = re.compile(r"^[\w.\-]{1,100}$")
POSTS = {"watch", "embed", "v", "playlist", "shorts", "live", "e", "clip", "view_play_list", "p"}
RESERVED = POSTS | {
    "results", "feed", "redirect", "attribution_link", "iframe_api", "player_api", "yts", "s", "t",
    "account", "premium", "kids", "about", "gaming", "hashtag", "signin", "logout", "upload", "api",
    "sw.js", "error", "channels", "creators", "howyoutubeworks", "intl", "ads", "music", "movies",
    "trends", "static", "img", "yt", "education", "jobs", "new", "supported_browsers", "index", "html5",
    "gallery", "tv", "comment", "community", "subscription_center", "profile", "user", "c", "channel",
    "select_site", "t_", "dev", "testtube", "red", "copyright", "creators_for_change", "youtube",
    "yourchannel", "channelname", "username", "results.php", "sitemap.xml", "favicon.ico",
}


def canonical(handle: str) -> str:
    if handle.startswith("@"):
        return f"https://www.youtube.com/{handle}"
    prefix, _, name = handle.partition(":")
    return f"https://www.youtube.com/{prefix}/{name}"


def _profile(handle: str) -> ProfileRef:
    return make(PLATFORM, handle, canonical(handle), "profile")


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    if url.host.endswith(("youtu.be", "youtube-nocookie.com")):
        return make(PLATFORM, "", url.text, "post" if url.segs else "other")
    if sub not in ACCOUNT_HOSTS:
        return make(PLATFORM, "", url.text, "other")
    segs = url.segs
    first = url.seg0
    if first == "channel" and len(segs) >= 2 and CHANNEL_ID.match(segs[1]):
        return _profile("channel:" + segs[1])
    if first in ("user", "c") and len(segs) >= 2 and NAME.match(segs[1]):
        return _profile(f"{first}:{segs[1].lower()}")
    if first.startswith("@") and len(first) > 1 and NAME.match(first[1:]):
        return _profile(first)
    if first == "subscription_center" and NAME.match(url.query.get("add_user", "")):
        return _profile("user:" + url.query["add_user"].lower())
    if first == "profile" and NAME.match(url.query.get("user", "")):
        return _profile("user:" + url.query["user"].lower())
    if not segs or first in RESERVED or not NAME.match(first):
        return make(PLATFORM, "", url.text, "post" if first in POSTS else "other")
    return _profile("c:" + first)
