"""Bluesky AppView JSON -> plain values: profiles and author feeds (app.bsky.* lexicons).

Kept apart from the collector so the parser benchmark can run it over recorded responses.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collectors.platforms.values import as_dict, as_int as _int, as_list, as_str, as_time as _time
from analyzer.core.posts import PostRecord, Question

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


@dataclass(frozen=True)
class FeedPage:
    """One author-feed page: the account's posts and reposts, what each own reply answers (post
    uri -> parent uri, for the mentions the organisation answered), and the next cursor."""

    posts: list[PostRecord]
    parents: dict[str, str]
    cursor: str | None


def parse_feed(data: Any, did: str, handle: str | None = None) -> FeedPage:
    """An app.bsky.feed.getAuthorFeed page (ValueError when it is not one).

    A repost's time is when it was reposted (the reason's indexedAt). A reply continues the
    account's own thread only when both the thread's root (record.reply.root) and its parent are
    the account's own posts; any other reply answers another account. A deleted or blocked parent
    still has its uri in the record, so the reply stays a reply. Pinned posts are read once, at
    their own place in the feed.
    """
    if not isinstance(data, dict) or not isinstance(data.get("feed"), list):
        raise ValueError("not an author feed (no feed list)")
    posts: list[PostRecord] = []
    parents: dict[str, str] = {}
    seen: set[str] = set()
    for item in map(as_dict, data["feed"]):      # fields of the wrong type count as absent
        post = as_dict(item.get("post"))
        reason = as_dict(item.get("reason"))
        rtype = reason.get("$type")
        uri = as_str(post.get("uri"))
        if rtype == PIN:
            continue  # the pinned post also appears in its own place in the feed
        if rtype == REPOST:
            when = _time(reason.get("indexedAt")) or _time(post.get("indexedAt"))
            if when and uri:
                posts.append(PostRecord(f"repost:{uri}@{when.isoformat()}", when, is_repost=True))
            continue
        if as_dict(post.get("author")).get("did") not in (did, None) or not uri or uri in seen:
            continue
        record = as_dict(post.get("record"))
        when = _time(record.get("createdAt")) or _time(post.get("indexedAt"))
        if when is None:
            continue
        seen.add(uri)
        reply = as_dict(record.get("reply"))
        parent = as_str(as_dict(reply.get("parent")).get("uri"))
        root = as_str(as_dict(reply.get("root")).get("uri")) or parent
        own_thread = bool(parent) and _did_of(parent) == did and _did_of(root or "") == did
        if parent:
            parents[uri] = parent
        posts.append(PostRecord(uri, when, is_reply_to_other=bool(parent) and not own_thread,
                                is_self_thread=own_thread, reply_count=_int(post.get("replyCount")),
                                url=post_url(uri, handle) if handle else None))
    cursor = data.get("cursor")
    return FeedPage(posts, parents, cursor if isinstance(cursor, str) and cursor else None)


def post_url(uri: str | None, handle: str) -> str | None:
    """at://did/app.bsky.feed.post/rkey -> the bsky.app web URL."""
    if not uri or "/app.bsky.feed.post/" not in uri:
        return None
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"


def _did_of(uri: str) -> str | None:
    if not uri.startswith("at://"):
        return None
    return uri[5:].split("/", 1)[0]


def parse_thread(data: Any, did: str) -> list[tuple[Question, tuple[str, ...]]]:
    """An app.bsky.feed.getPostThread answer -> the questions in it with their author (DID, handle).

    A question is a reply by another account to one of the account's posts in the thread; it is
    answered when the account replied to it (the earliest such reply). Deleted, blocked and
    not-found posts (notFoundPost, blockedPost) carry no author or time and are passed over.
    """
    thread = as_dict(data).get("thread") if isinstance(data, dict) else None
    if not isinstance(thread, dict):
        raise ValueError("not a post thread (no thread object)")
    found: list[tuple[Question, tuple[str, ...]]] = []

    def walk(node: dict, parent_is_own: bool) -> None:
        for child in map(as_dict, as_list(node.get("replies"))):
            post = as_dict(child.get("post"))
            who = as_dict(post.get("author"))
            author = as_str(who.get("did"))
            handle = str(who.get("handle") or author).lower()
            uri = as_str(post.get("uri"))
            when = _time(as_dict(post.get("record")).get("createdAt")) or _time(post.get("indexedAt"))
            if not author or not uri or when is None:
                continue
            if author != did and parent_is_own:
                answer = _first_answer(child, did)
                found.append((Question(uri, when, "reply", answer[0] if answer else None,
                                       answer[1] if answer else None,
                                       post_url(uri, handle)), (author, handle)))
            walk(child, author == did)

    root_author = as_str(as_dict(as_dict(thread.get("post")).get("author")).get("did"))
    walk(thread, root_author == did)
    return found


def _first_answer(node: dict, did: str):
    answers = []
    for child in map(as_dict, as_list(node.get("replies"))):
        post = as_dict(child.get("post"))
        if as_dict(post.get("author")).get("did") == did:
            when = _time(as_dict(post.get("record")).get("createdAt")) or _time(post.get("indexedAt"))
            if when:
                answers.append((when, as_str(post.get("uri"))))
    return min(answers, key=lambda a: a[0]) if answers else None


def parse_search(data: Any, did: str) -> list[tuple[Question, tuple[str, ...], str | None]]:
    """An app.bsky.feed.searchPosts answer -> (mention, author (DID, handle), the uri it replies to)."""
    if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
        raise ValueError("not a post search answer (no posts list)")
    out = []
    for post in map(as_dict, data["posts"]):
        author = as_dict(post.get("author"))
        uri = as_str(post.get("uri"))
        record = as_dict(post.get("record"))
        when = _time(record.get("createdAt")) or _time(post.get("indexedAt"))
        if not uri or when is None or not as_str(author.get("did")) or author.get("did") == did:
            continue
        parent = as_str(as_dict(as_dict(record.get("reply")).get("parent")).get("uri"))
        handle = str(author.get("handle") or author["did"]).lower()
        out.append((Question(uri, when, "mention", url=post_url(uri, handle)), (author["did"], handle), parent))
    return out
