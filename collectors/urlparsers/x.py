"""X / Twitter: twitter.com and x.com in any case, mobile hosts, `#!/`, `/@name`, intents."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "x"
DOMAINS = ("twitter.com", "x.com")
ACCOUNT_HOSTS = {"", "www", "mobile", "m", "web"}
GARBLED_URL = re.compile(r"^https?(?:www)?(?:mobile)?(?:twitter|x)com(?=[a-z0-9_])")
HANDLE = re.compile(r"^[a-z0-9_]{1,30}$")  # 15 today; older and meta-only names run longer
RESERVED = {
    "intent", "share", "home", "hashtag", "search", "i", "widgets", "login", "signup", "settings",
    "explore", "notifications", "messages", "tos", "privacy", "compose", "account", "oauth",
    "download", "about", "jobs", "logout", "following", "followers", "who_to_follow", "en", "web",
    "statuses", "status", "personalization", "rules", "help", "lists", "tweetbutton", "search-home",
    "signin", "sessions", "twitterblue", "verified", "i18n", "intents", "retweet", "tweet", "content",
    "safety", "x", "twitter", "js", "pages", "start", "invitations", "accounts",
}
SHARE_INTENTS = {"tweet", "retweet", "like", "favorite", "post"}
NOT_PROFILE_TAILS = {"status", "statuses", "lists", "moments", "events", "broadcasts", "timelines"}


def canonical(handle: str) -> str:
    return f"https://x.com/{handle}"


def handle_from(text: str) -> str | None:
    """A screen name from `@name`, `name` or a URL-ish string; None when it cannot be one."""
    name = (text or "").strip().lstrip("@").strip().lower()
    name = GARBLED_URL.sub("", name)  # "httpstwittercomname": a URL with its punctuation stripped
    return name if HANDLE.match(name) and name not in RESERVED else None


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    if sub not in ACCOUNT_HOSTS:
        return make(PLATFORM, "", url.text, "other")  # platform., developer., help. ...
    segs = url.segs
    first = url.seg0
    if first == "intent" and len(segs) > 1:
        action = segs[1].lower()
        if action in ("follow", "user"):
            name = handle_from(url.query.get("screen_name", ""))
            if name:
                return make(PLATFORM, name, canonical(name), "follow_intent")
            return make(PLATFORM, "", url.text, "other")
        return make(PLATFORM, "", url.text, "share" if action in SHARE_INTENTS else "other")
    if first in ("share", "home") or "status" in url.query or ("text" in url.query and not segs):
        return make(PLATFORM, "", url.text, "share")
    if not segs:
        return make(PLATFORM, "", url.text, "other")
    if first == "i" and len(segs) > 2 and segs[1].lower() == "web" and segs[2].lower() == "status":
        return make(PLATFORM, "", url.text, "post")
    if first in RESERVED:
        return make(PLATFORM, "", url.text, "other")
    name = handle_from(first)
    if name is None:
        return make(PLATFORM, "", url.text, "other")
    if len(segs) > 1 and segs[1].lower() in NOT_PROFILE_TAILS:
        kind = "post" if segs[1].lower() in ("status", "statuses") else "other"
        return make(PLATFORM, name, url.text, kind)
    return make(PLATFORM, name, canonical(name), "profile")
