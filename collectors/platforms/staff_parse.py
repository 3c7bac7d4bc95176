"""One page of a staff account's posts -> what the aboutness test needs, and nothing kept.

Each post becomes a `StaffItem`: when it was made (a repost: when it was reposted), and the words
that can name the organisation: its text, the links in it, the accounts it mentions, and for a
repost the reposted author. The collector tests them (`OrgMentions.about`) and keeps only the
time and the yes/no (analyzer.core.staff); the text is dropped there.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from collectors.platforms.mastodon_parse import text_of, timed_statuses
from collectors.platforms.ownership import hrefs
from collectors.platforms.values import as_dict, as_list, as_str, as_time as _time


@dataclass(frozen=True)
class StaffItem:
    created_at: datetime
    words: str                         # text, links and mentioned handles, space separated
    ids: frozenset[str] = frozenset()  # platform ids it names (Bluesky DIDs, X user ids)


def bluesky(data: Any, did: str | None = None) -> tuple[list[StaffItem], str | None]:
    """An app.bsky.feed.getAuthorFeed page -> (items, cursor); ValueError when it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("feed"), list):
        raise ValueError("not an author feed (no feed list)")
    items = []
    for item in map(as_dict, data["feed"]):
        post, reason = as_dict(item.get("post")), as_dict(item.get("reason"))
        record, author = as_dict(post.get("record")), as_dict(post.get("author"))
        if reason.get("$type") == "app.bsky.feed.defs#reasonPin":
            continue
        repost = reason.get("$type") == "app.bsky.feed.defs#reasonRepost"
        when = _time(reason.get("indexedAt")) if repost else _time(record.get("createdAt"))
        when = when or _time(post.get("indexedAt"))
        if when is None or (not repost and did and author.get("did") not in (did, None)):
            continue
        words = [as_str(record.get("text")) or ""]
        ids = set()
        for facet in map(as_dict, as_list(record.get("facets"))):
            for feature in map(as_dict, as_list(facet.get("features"))):
                words.append(as_str(feature.get("uri")) or "")
                if as_str(feature.get("did")):
                    ids.add(feature["did"])
        embed = as_dict(record.get("embed"))
        words.append(as_str(as_dict(embed.get("external")).get("uri")) or "")
        quoted = as_str(as_dict(embed.get("record")).get("uri")) or ""
        if quoted.startswith("at://"):
            ids.add(quoted[5:].split("/", 1)[0])
        if repost:
            words.append("@" + str(author.get("handle") or ""))
            if as_str(author.get("did")):
                ids.add(author["did"])
        items.append(StaffItem(when, " ".join(w for w in words if w), frozenset(ids)))
    cursor = data.get("cursor")
    return items, cursor if isinstance(cursor, str) and cursor else None


def mastodon(data: Any) -> list[StaffItem]:
    """A page of GET /api/v1/accounts/:id/statuses -> items (a boost: the boosted status)."""
    items = []
    for status, when in timed_statuses(data):
        shown = as_dict(status.get("reblog")) or status
        html = as_str(shown.get("content")) or ""
        words = [text_of(html), *hrefs(html), as_str(as_dict(shown.get("card")).get("url")) or ""]
        words += [_acct(m) for m in map(as_dict, as_list(shown.get("mentions")))]
        if shown is not status:
            words.append(_acct(as_dict(shown.get("account"))))
        items.append(StaffItem(when, " ".join(w for w in words if w)))
    return items


def _acct(account: dict) -> str:
    """@user@instance of a mention or an account (a local acct has no instance: its URL gives it)."""
    acct = str(account.get("acct") or "")
    if acct and "@" not in acct:
        host = urlsplit(str(account.get("url") or "")).hostname
        acct = f"{acct}@{host}" if host else acct
    return "@" + acct if acct else ""


def feed(entries) -> list[StaffItem]:
    """YouTube feed entries (collectors.platforms.feeds) -> items: a video's title and link."""
    return [StaffItem(e.published, " ".join(w for w in (e.title or "", e.link or "") if w))
            for e in entries if e.published is not None]


def x(data: Any) -> tuple[list[StaffItem], str | None]:
    """A GET /2/users/:id/tweets page (with entities) -> (items, next_token)."""
    if not isinstance(data, dict):
        raise ValueError("not an X API answer (not an object)")
    rows = data.get("data") or []
    if not isinstance(rows, list):
        raise ValueError("data is not a list of posts")
    items = []
    for row in map(as_dict, rows):
        when = _time(row.get("created_at"))
        if when is None:
            continue
        entities = as_dict(row.get("entities"))
        words = [as_str(row.get("text")) or ""]
        words += [as_str(u.get("expanded_url")) or "" for u in map(as_dict, as_list(entities.get("urls")))]
        ids = {str(m["id"]) for m in map(as_dict, as_list(entities.get("mentions"))) if m.get("id")}
        words += ["@" + str(m.get("username") or "") for m in map(as_dict, as_list(entities.get("mentions")))]
        items.append(StaffItem(when, " ".join(w for w in words if w), frozenset(ids)))
    token = as_dict(data.get("meta")).get("next_token")
    return items, token if isinstance(token, str) and token else None
