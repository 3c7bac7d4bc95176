"""X API v2 JSON -> plain values: users, timelines, mentions and error payloads.

Kept apart from the collector so the parser benchmark can run it over recorded responses.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from collectors.platforms.values import as_dict, as_int as _int, as_list, as_str, as_time as _time
from analyzer.core.posts import PostRecord, Question

TWEET_FIELDS = ["created_at", "referenced_tweets", "in_reply_to_user_id", "conversation_id",
                "public_metrics", "author_id"]
USER_FIELDS = ["created_at", "description", "url", "public_metrics", "verified", "verified_type",
               "entities"]


@dataclass(frozen=True)
class XUser:
    id: str
    username: str
    name: str | None
    description: str | None
    links: tuple[str, ...]          # expanded profile and bio links
    followers: int | None
    tweet_count: int | None
    created_at: datetime | None
    verified: bool | None
    verified_type: str | None


@dataclass(frozen=True)
class Tweet:
    id: str
    created_at: datetime
    author_id: str | None
    replied_to: str | None          # id of the post it replies to
    in_reply_to_user_id: str | None
    is_retweet: bool
    reply_count: int | None = None


class XApiError(ValueError):
    """A 200 answer that carries only `errors` (unknown or suspended user)."""

    def __init__(self, reason: str, detail: str):
        self.reason = reason
        self.detail = detail
        super().__init__(detail)


def api_error(data: Any) -> XApiError | None:
    """The error of an answer without data: suspended, not_found, or another problem."""
    if not isinstance(data, dict) or data.get("data") is not None:
        return None
    errors = [e for e in as_list(data.get("errors")) if isinstance(e, dict)]
    if not errors:
        return None
    first = errors[0]
    detail = str(first.get("detail") or first.get("message") or first.get("title") or "error")
    text = (detail + " " + str(first.get("type", ""))).lower()
    if "suspended" in text:
        return XApiError("suspended", detail)
    if "not-found" in text or "could not find" in text or "not found" in text:
        return XApiError("not_found", detail)
    return XApiError("http_error", detail)


def parse_user(data: Any) -> XUser:
    """GET /2/users/by/username/:name -> XUser; XApiError or ValueError otherwise."""
    err = api_error(data)
    if err:
        raise err
    user = data.get("data") if isinstance(data, dict) else None
    if not isinstance(user, dict) or not user.get("id") or not user.get("username"):
        raise ValueError("not an X user object (no id/username)")
    entities = as_dict(user.get("entities"))
    links = [as_str(u.get("expanded_url")) or as_str(u.get("url")) for part in ("url", "description")
             for u in as_list(as_dict(entities.get(part)).get("urls")) if isinstance(u, dict)]
    links.append(as_str(user.get("url")))
    metrics = as_dict(user.get("public_metrics"))
    verified = user.get("verified")
    return XUser(id=str(user["id"]), username=str(user["username"]).lower(),
                 name=as_str(user.get("name")), description=as_str(user.get("description")),
                 links=tuple(link for link in links if link), followers=_int(metrics.get("followers_count")),
                 tweet_count=_int(metrics.get("tweet_count")), created_at=_time(user.get("created_at")),
                 verified=verified if isinstance(verified, bool) else None,
                 verified_type=as_str(user.get("verified_type")))


def parse_tweets(data: Any) -> tuple[list[Tweet], str | None]:
    """A timeline or mentions page -> (tweets with a created_at, next_token)."""
    if not isinstance(data, dict):
        raise ValueError("not an X API answer (not an object)")
    err = api_error(data)
    if err and err.reason != "not_found":
        raise err
    rows = data.get("data") or []
    if not isinstance(rows, list):
        raise ValueError("data is not a list of posts")
    tweets = []
    for row in rows:
        when = _time(row.get("created_at")) if isinstance(row, dict) else None
        if when is None:
            continue
        refs = {r.get("type"): str(r.get("id")) for r in as_list(row.get("referenced_tweets"))
                if isinstance(r, dict)}
        reply_user = row.get("in_reply_to_user_id")
        tweets.append(Tweet(id=str(row.get("id")), created_at=when,
                            author_id=str(row["author_id"]) if row.get("author_id") else None,
                            replied_to=refs.get("replied_to"),
                            in_reply_to_user_id=str(reply_user) if reply_user else None,
                            is_retweet="retweeted" in refs,
                            reply_count=_int(as_dict(row.get("public_metrics")).get("reply_count"))))
    token = as_dict(data.get("meta")).get("next_token")
    return tweets, token if isinstance(token, str) and token else None


def to_post(tweet: Tweet, user_id: str) -> PostRecord:
    """A timeline post: a retweet is a repost; a reply to the account itself is a self-thread.

    Only a `replied_to` reference makes a reply: X also sets `in_reply_to_user_id` on a post that
    merely starts with @someone (its conversation_id is its own id), which is a post."""
    is_reply = tweet.replied_to is not None and not tweet.is_retweet
    self_thread = is_reply and tweet.in_reply_to_user_id == user_id
    return PostRecord(tweet.id, tweet.created_at, is_reply_to_other=is_reply and not self_thread,
                      is_repost=tweet.is_retweet, is_self_thread=self_thread,
                      reply_count=tweet.reply_count, url=None)


def answered_mentions(mentions: list[Tweet], timeline: list[Tweet],
                      user_id: str) -> list[tuple[Question, tuple[str, ...]]]:
    """Mentions that are questions, each with the time of the account's first reply to it (a
    timeline post whose replied_to is the mention), and its author id.

    Retweets are no questions (a department's mentions hold its sister accounts' retweets of its
    posts), nor are the account's own posts; the organisation's other accounts are left out by the
    collector, which knows them all."""
    replies: dict[str, Tweet] = {}
    for t in timeline:
        if t.replied_to and (t.replied_to not in replies or t.created_at < replies[t.replied_to].created_at):
            replies[t.replied_to] = t
    out = []
    for m in mentions:
        if m.author_id == user_id or m.is_retweet:
            continue
        answer = replies.get(m.id)
        out.append((Question(m.id, m.created_at, "mention", answer.created_at if answer else None,
                             answer.id if answer else None), (m.author_id or "",)))
    return out
