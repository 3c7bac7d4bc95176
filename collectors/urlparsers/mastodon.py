"""Mastodon (and other fediverse servers with the same URL shape), on any instance:
https://INSTANCE/@user and https://INSTANCE/users/user -> `user@instance`.

Many non-Mastodon sites use `/@name` paths too (Medium, Flipboard, Unsplash, Substack, npm CDNs,
Google Maps coordinates...). They are told apart by a denylist of such hosts plus the shape: exactly
one `@user` segment (optionally `@user@other.instance`), a user name of letters, digits and `_`,
and a host that is a plain domain name.
"""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url

PLATFORM = "mastodon"
USER = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,29}$", re.I)
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9-]+\.)+[a-z]{2,24}$")
REMOTE = re.compile(r"^@?([a-z0-9_][a-z0-9_.-]{0,29})@(([a-z0-9-]+\.)+[a-z]{2,24})$", re.I)
# Hosts (and their subdomains) whose /@name paths are not fediverse accounts.
NOT_MASTODON = (
    "medium.com", "flipboard.com", "unsplash.com", "newsbreak.com", "substack.com", "google.com",
    "google.de", "google.nl", "google.co.uk", "goo.gl", "youtube.com", "tiktok.com", "threads.net",
    "threads.com", "npmjs.com", "npmjs.org", "jsdelivr.net", "unpkg.com", "esm.sh", "skypack.dev",
    "cdnjs.cloudflare.com", "figma.com", "hashnode.com", "hashnode.dev", "glitch.com", "replit.com",
    "observablehq.com", "producthunt.com", "vsco.co", "ello.co", "teespring.com", "pexels.com",
    "dribbble.com", "tumblr.com", "reddit.com", "snapchat.com", "linktr.ee", "giphy.com", "cara.app",
    "fiverr.com", "upwork.com", "vero.co", "quora.com", "deviantart.com", "wattpad.com", "kick.com",
    "rumble.com", "dailymotion.com", "vk.com", "ok.ru", "t.me", "tenor.com", "soundcloud.com",
    "mixcloud.com", "bandcamp.com", "patreon.com", "ko-fi.com", "buymeacoffee.com", "gumroad.com",
    "apple.com", "spotify.com", "bing.com", "openstreetmap.org", "here.com", "waze.com", "yelp.com",
    "tripadvisor.com", "booking.com", "airbnb.com", "etsy.com", "ebay.com", "amazon.com", "gitlab.com",
    "github.com", "bitbucket.org", "wikipedia.org", "wikimedia.org", "archive.org", "steemit.com",
    "hive.blog", "peakd.com", "lbry.tv", "odysee.com", "trovo.live", "gettr.com", "parler.com",
    "truthsocial.com", "gab.com", "minds.com", "mewe.com", "clubhouse.com", "lnk.to", "beacons.ai",
    "bio.link", "campsite.bio", "later.com", "about.me", "behance.net", "issuu.com", "scribd.com",
    "slideshare.net", "coub.com", "imgur.com", "9gag.com", "ifunny.co", "likee.video", "triller.co",
    "lemon8-app.com", "bsky.app", "facebook.com", "instagram.com", "twitter.com", "x.com",
    "linkedin.com", "pinterest.com", "vimeo.com", "twitch.tv", "flickr.com", "whatsapp.com",
)


def _denied(host: str) -> bool:
    if re.search(r"(^|\.)google\.[a-z.]+$|(^|\.)maps\.|(^|\.)cdn\.|(^|\.)static\.", host):
        return True
    return any(host == d or host.endswith("." + d) for d in NOT_MASTODON)


def canonical(handle: str) -> str:
    user, _, instance = handle.partition("@")
    return f"https://{instance}/@{user}"


def account(user: str, instance: str) -> ProfileRef:
    handle = f"{user.lower()}@{instance.lower()}"
    return make(PLATFORM, handle, canonical(handle), "profile")


def parse(url: Url) -> ProfileRef | None:
    host = url.host.removeprefix("www.")
    if not DOMAIN.match(host) or _denied(host):
        return None
    segs = list(url.segs)
    if segs and segs[0].lower() == "web" and len(segs) >= 2 and segs[1].startswith("@"):
        segs = segs[1:]  # the old web interface: /web/@user
    if not segs:
        return None
    first = segs[0]
    if first.startswith("@") and len(first) > 1:
        remote = REMOTE.match(first)
        if remote:
            user, instance = remote.group(1), remote.group(2)
        elif USER.match(first[1:]) and not first[1:].replace(".", "").isdigit():
            user, instance = first[1:], host
        else:
            return None
        tail = [s.lower() for s in segs[1:]]
        if not tail or tail[0] in ("with_replies", "media", "followers", "following", "tagged"):
            return account(user, instance)
        if len(tail) == 1 and tail[0].isdigit():
            return make(PLATFORM, f"{user.lower()}@{instance.lower()}", url.text, "post")
        return None  # /@scope/package/... on a CDN, an @-path with more below it
    if first.lower() == "users" and len(segs) >= 2 and USER.match(segs[1]) and "@" not in segs[1]:
        if len(segs) == 2:
            return account(segs[1], host)
        if len(segs) >= 4 and segs[2].lower() == "statuses":
            return make(PLATFORM, f"{segs[1].lower()}@{host}", url.text, "post")
    return None
