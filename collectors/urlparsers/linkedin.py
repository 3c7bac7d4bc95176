"""LinkedIn: company/, school/, showcase/ (organisations) versus in/ and pub/ (people)."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "linkedin"
DOMAINS = ("linkedin.com",)
ACCOUNT_HOSTS = {"", "www", "m", "mobile", "touch"}
COUNTRY = re.compile(r"^[a-z]{2}(?:-[a-z]{2})?$")
ORGS = {"company": "company", "company-beta": "company", "school": "school", "edu": "school",
        "showcase": "showcase"}
PEOPLE = {"in", "pub"}
SHARE = {"sharearticle", "sharing", "cws", "share", "shareart"}
POSTS = {"feed", "posts", "pulse", "embed", "events"}
SLUG = re.compile(r"^[^\s/?#<>\"']{1,120}$")


def canonical(handle: str) -> str:
    prefix, _, slug = handle.partition(":")
    return f"https://www.linkedin.com/{prefix}/{slug}/"


def _slug(text: str) -> str | None:
    slug = text.strip().lower()
    return slug if SLUG.match(slug) else None


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    if sub not in ACCOUNT_HOSTS and not COUNTRY.match(sub):
        return make(PLATFORM, "", url.text, "other")
    segs = url.segs
    first = url.seg0
    if first in SHARE:
        return make(PLATFORM, "", url.text, "share")
    if first in ORGS and len(segs) >= 2:
        slug = _slug(segs[1])
        if slug:
            handle = f"{ORGS[first]}:{slug}"
            return make(PLATFORM, handle, canonical(handle), "profile")
    if first == "edu" and url.query.get("id", "").isdigit():
        handle = "school:" + url.query["id"]
        return make(PLATFORM, handle, canonical(handle), "profile")
    if first in PEOPLE and len(segs) >= 2:
        slug = _slug(segs[1])
        if slug:
            return make(PLATFORM, "in:" + slug, canonical("in:" + slug), "person")
    if first in POSTS:
        return make(PLATFORM, "", url.text, "post")
    return make(PLATFORM, "", url.text, "other")
