"""Bluesky AppView JSON -> plain values: profiles and author feeds (app.bsky.* lexicons).

Kept apart from the collector so the parser benchmark can run it over recorded responses.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collectors.platforms.values import as_dict, as_int as _int, as_str, as_time as _time
from collectors.platforms.metrics import Post

REPOST = "app.bsky.feed.defs#reasonRepost"
PIN = "app.bsky.feed.defs#reasonPin"


@dataclass(frozen=True)
class Profile:
    did: str
    handle: str
    name: str | None
    description: str | None
    followers: int | None
    posts_count: int | None
    created_at: Any
    verified: bool | None


def parse_profile(data: Any) -> Profile:
    """An app.bsky.actor.defs#profileViewDetailed; ValueError when it is not one."""
    if not isinstance(data, dict) or not as_str(data.get("did")) or not as_str(data.get("handle")):
        raise ValueError("not a Bluesky profile (no did/handle)")
    verification = data.get("verification")
    verified = None
    if isinstance(verification, dict):
        verified = verification.get("verifiedStatus") == "valid"
    return Profile(did=data["did"], handle=str(data["handle"]).lower(),
                   name=as_str(data.get("displayName")), description=as_str(data.get("description")),
                   followers=_int(data.get("followersCount")), posts_count=_int(data.get("postsCount")),
                   created_at=_time(data.get("createdAt")), verified=verified)


def parse_feed(data: Any, did: str) -> tuple[list[Post], str | None]:
    """An app.bsky.feed.getAuthorFeed page -> (the account's posts and reposts, next cursor).

    A repost's time is when it was reposted (the reason's indexedAt). A reply whose parent post is
    the account's own is a self-thread. Pinned posts are read once, at their own time.
    """
    if not isinstance(data, dict) or not isinstance(data.get("feed"), list):
        raise ValueError("not an author feed (no feed list)")
    posts: list[Post] = []
    for item in map(as_dict, data["feed"]):      # fields of the wrong type count as absent
        post = as_dict(item.get("post"))
        reason = as_dict(item.get("reason"))
        rtype = reason.get("$type")
        if rtype == PIN:
            continue  # the pinned post also appears in its own place in the feed
        if rtype == REPOST:
            when = _time(reason.get("indexedAt")) or _time(post.get("indexedAt"))
            if when:
                posts.append(Post(when, is_repost=True, id=as_str(post.get("uri"))))
            continue
        if as_dict(post.get("author")).get("did") not in (did, None):
            continue
        record = as_dict(post.get("record"))
        when = _time(record.get("createdAt")) or _time(post.get("indexedAt"))
        if when is None:
            continue
        parent = as_str(as_dict(as_dict(record.get("reply")).get("parent")).get("uri"))
        parent_did = _did_of(parent) if parent else None
        posts.append(Post(when, is_reply_to_other=bool(parent) and parent_did != did,
                          is_self_thread=bool(parent) and parent_did == did, id=as_str(post.get("uri"))))
    cursor = data.get("cursor")
    return posts, cursor if isinstance(cursor, str) and cursor else None


def post_url(uri: str | None, handle: str) -> str | None:
    """at://did/app.bsky.feed.post/rkey -> the bsky.app web URL."""
    if not uri or "/app.bsky.feed.post/" not in uri:
        return None
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"


def _did_of(uri: str) -> str | None:
    if not uri.startswith("at://"):
        return None
    return uri[5:].split("/", 1)[0]


