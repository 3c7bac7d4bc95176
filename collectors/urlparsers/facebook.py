"""Facebook: page slugs, `profile.php?id=`, `pages/Name/ID`, locale hosts, plugins, sharer, pixel."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix, split_url

PLATFORM = "facebook"
DOMAINS = ("facebook.com", "fb.com", "fb.me", "facebook.de", "facebook.nl")
ACCOUNT_HOSTS = {"", "www", "m", "mobile", "web", "touch", "mbasic", "business", "free", "lite", "iphone"}
LOCALE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$")
TRAILING_ID = re.compile(r"(?:^|-)(\d{6,})$")
SLUG = re.compile(r"^[\w.\-]{1,80}$")
SHARE = {"sharer", "sharer.php", "share", "share.php", "dialog", "sharer.html"}
WIDGETS = {"page.php", "likebox.php", "like.php", "follow.php", "fan.php", "like_box.php", "page", "likebox",
           "follow", "fan", "like"}
RESERVED = {
    "tr", "l.php", "login", "login.php", "hashtag", "events", "watch", "photo.php", "permalink.php",
    "story.php", "photo", "photos", "video.php", "media", "help", "policies", "privacy", "legal", "home.php",
    "messages", "search", "ads", "business", "marketplace", "gaming", "notes", "fundraisers", "bookmarks",
    "friends", "connect", "recover", "reg", "r.php", "campaign", "audiencenetwork", "offsite_event",
    "groups", "group.php", "plugins", "rsrc.php", "ajax", "images", "badges", "common", "settings",
    "find-friends", "public", "directory", "places", "careers", "about", "terms.php", "terms", "cookies",
    "policy.php", "mobile", "unsupportedbrowser", "reel", "reels", "stories", "profile.php", "people",
    "pages", "home", "watchparty", "live", "video", "videos", "page", "brand", "facebook", "fb", "v2.0",
    "dialog", "apps", "developers", "docs", "sdk", "2008", "x", "help.php", "sharer", "l", "n",
    "notifications", "feeds", "pg", "hashtags", "new", "event", "latest", "username", "your-page",
    "yourpage", "pagename", "yourname", "example", "story", "posts", "permalink", "index.php",
}
POST_TAILS = {"posts", "videos", "photos", "photo", "permalink", "story", "reviews", "events", "live",
              "notes", "albums", "media_set", "photo.php", "videos.php", "reels", "activity"}


def canonical(handle: str) -> str:
    if handle.startswith("id:"):
        return f"https://www.facebook.com/profile.php?id={handle[3:]}"
    return f"https://www.facebook.com/{handle}"


def _profile(handle: str, kind: str = "profile") -> ProfileRef:
    return make(PLATFORM, handle, canonical(handle), kind)


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    if sub not in ACCOUNT_HOSTS and not LOCALE.match(sub):
        return make(PLATFORM, "", url.text, "other")  # developers., l., static. ...
    segs = url.segs
    first = url.seg0
    numeric_id = url.query.get("id", "")
    if first in ("profile.php", "people", "") and numeric_id.isdigit():
        return _profile("id:" + numeric_id)
    if not segs:
        return make(PLATFORM, "", url.text, "other")
    if first in SHARE:
        return make(PLATFORM, "", url.text, "share")
    if first == "plugins":
        return _plugin(url)
    if first in ("pages", "people") and len(segs) >= 2:
        # pages/Name/ID, people/Name/ID, pages/category/Type/Name-ID
        digits = next((m.group(1) for s in reversed(segs[1:]) if (m := TRAILING_ID.search(s))), None)
        if digits:
            return _profile("id:" + digits)
        if first == "pages" and len(segs) == 2 and SLUG.match(segs[1]) and segs[1].lower() not in RESERVED:
            return _profile(segs[1].lower())
        return make(PLATFORM, "", url.text, "other")
    if first == "pg" and len(segs) >= 2 and SLUG.match(segs[1]):
        return _profile(segs[1].lower())
    if first in RESERVED or first.endswith(".php") or not SLUG.match(first):
        return make(PLATFORM, "", url.text, "other")
    handle = "id:" + first if first.isdigit() else first.lower()
    if len(segs) > 1 and segs[1].lower() in POST_TAILS:
        return make(PLATFORM, handle, url.text, "post")
    return _profile(handle)


def _plugin(url: Url) -> ProfileRef:
    """`plugins/page.php?href=...` and friends: a follow widget for the page in `href`."""
    name = url.segs[1].lower() if len(url.segs) > 1 else ""
    inner = url.query.get("href", "")
    if name in WIDGETS and inner:
        target = split_url(inner)
        if target is not None and host_prefix(target, DOMAINS) is not None and target.seg0 != "plugins":
            ref = parse(target)
            if ref is not None and ref.kind == "profile":
                return ref
    return make(PLATFORM, "", url.text, "other")
