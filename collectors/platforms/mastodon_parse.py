"""Mastodon REST API JSON -> plain values: accounts, statuses, Link headers, WebFinger.

Kept apart from the collector so the parser benchmark can run it over recorded responses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from datetime import datetime
from typing import Any, Iterator

from collectors.platforms.values import as_dict, as_int as _int, as_list, as_str, as_time as _time
from analyzer.core.posts import PostRecord, Question

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>|</li>", re.I)
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?([a-z]+)"?', re.I)

@dataclass(frozen=True)
class MastodonAccount:
    id: str
    acct: str
    name: str | None
    note: str | None              # the bio as text
    note_html: str | None
    url: str | None
    followers: int | None
    statuses_count: int | None
    created_at: Any
    fields: tuple[tuple[str, str, Any], ...]   # (name, value html, verified_at)
    bot: bool
    suspended: bool
    moved_to: str | None


def text_of(html_text: str | None) -> str:
    """Profile HTML as text: inline tags vanish (so "@<span>jan</span>" stays "@jan"), breaks
    become spaces."""
    return " ".join(unescape(_TAG.sub("", _BREAK.sub(" ", html_text or ""))).split())


def parse_account(data: Any) -> MastodonAccount:
    """A Mastodon Account entity; ValueError when it is not one."""
    if not isinstance(data, dict) or not data.get("id") or "acct" not in data:
        raise ValueError("not a Mastodon account (no id/acct)")
    fields = tuple((str(f.get("name", "")), str(f.get("value", "")), f.get("verified_at"))
                   for f in as_list(data.get("fields")) if isinstance(f, dict))
    moved = data.get("moved")
    note = as_str(data.get("note"))
    return MastodonAccount(
        id=str(data["id"]), acct=str(data["acct"]), name=as_str(data.get("display_name")),
        note=text_of(note) or None, note_html=note,
        url=as_str(data.get("url")), followers=_int(data.get("followers_count")),
        statuses_count=_int(data.get("statuses_count")), created_at=_time(data.get("created_at")),
        fields=fields, bot=bool(data.get("bot")), suspended=bool(data.get("suspended")),
        moved_to=as_str(as_dict(moved).get("acct")))


def timed_statuses(data: Any) -> Iterator[tuple[dict, datetime]]:
    """The statuses of a timeline page with their time (those without a readable time left out);
    a page that is not a list of status objects is malformed (ValueError)."""
    if not isinstance(data, list):
        raise ValueError("not a list of statuses")
    for status in data:
        if not isinstance(status, dict):
            raise ValueError("a status is not an object")
        when = _time(status.get("created_at"))
        if when is not None:
            yield status, when


def parse_statuses(data: Any, account_id: str) -> list[PostRecord]:
    """A page of GET /api/v1/accounts/:id/statuses -> posts.

    A reblog is a repost. A reply is a status with `in_reply_to_account_id`: Mastodon clears
    `in_reply_to_id` when the parent is deleted but keeps the account id, so such a status is still
    a reply (a self-thread when the account is its own).
    """
    posts = []
    for status, when in timed_statuses(data):
        reply_to = status.get("in_reply_to_account_id")
        is_reply = reply_to is not None or status.get("in_reply_to_id") is not None
        self_thread = is_reply and str(reply_to) == account_id
        repost = status.get("reblog") is not None
        posts.append(PostRecord(str(status.get("id")), when,
                                is_reply_to_other=is_reply and not self_thread and not repost,
                                is_repost=repost, is_self_thread=self_thread and not repost,
                                reply_count=None if repost else _int(status.get("replies_count")),
                                url=as_str(status.get("url")) or as_str(status.get("uri"))))
    return posts


def parse_context(data: Any, account_id: str, host: str) -> tuple[list[tuple[Question, tuple[str, ...]]], int]:
    """GET /api/v1/statuses/:id/context -> (questions with their author (id, acct), descendants).

    A question is a descendant by another account that replies to one of the account's statuses
    (`in_reply_to_account_id`); answered when a descendant by the account replies to it.
    """
    if not isinstance(data, dict) or not isinstance(data.get("descendants"), list):
        raise ValueError("not a status context (no descendants list)")
    rows = [s for s in data["descendants"] if isinstance(s, dict)]
    answers: dict[str, tuple] = {}
    for s in rows:
        if str(as_dict(s.get("account")).get("id")) == account_id and s.get("in_reply_to_id"):
            when = _time(s.get("created_at"))
            parent = str(s["in_reply_to_id"])
            if when and (parent not in answers or when < answers[parent][0]):
                answers[parent] = (when, str(s.get("id")))
    out = []
    for s in rows:
        who = as_dict(s.get("account"))
        author = str(who.get("id"))
        when = _time(s.get("created_at"))
        if author == account_id or when is None or str(s.get("in_reply_to_account_id")) != account_id:
            continue
        sid = str(s.get("id"))
        answer = answers.get(sid)
        out.append((Question(sid, when, "reply", answer[0] if answer else None,
                             answer[1] if answer else None, as_str(s.get("url"))),
                    (author, _full_acct(who.get("acct"), host))))
    return out, len(data["descendants"])


def _full_acct(acct: Any, host: str) -> str:
    """`user` on the instance itself -> `user@instance`, as footprint writes Mastodon handles."""
    acct = str(acct or "").lower()
    return acct if "@" in acct else f"{acct}@{host}"


def next_link(link_header: str | None) -> str | None:
    """The rel="next" URL of a Link header, or None."""
    for url, rel in _LINK.findall(link_header or ""):
        if rel.lower() == "next":
            return url
    return None


def webfinger_acct(data: Any) -> tuple[str, str] | None:
    """(user, host) of the account a WebFinger answer points to (its self link), or None."""
    if not isinstance(data, dict):
        return None
    for link in map(as_dict, as_list(data.get("links"))):
        href = as_str(link.get("href"))
        if link.get("rel") == "self" and href and "/users/" in href:
            host = href.split("://", 1)[-1].split("/", 1)[0]
            return href.rstrip("/").rsplit("/", 1)[-1], host
    subject = str(data.get("subject", ""))
    if subject.startswith("acct:") and "@" in subject:
        user, host = subject[5:].split("@", 1)
        return user, host
    return None


