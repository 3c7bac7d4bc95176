"""What a platform read keeps: the posts read and the questions addressed to the account.

A platform collector never computes activity. It keeps one `PostsRead` per account it read (the
evidence kind `posts_read`), and the signal layer computes `Activity` from it at the scan's
`as_of` (analyzer.signals.activity_model), so one record serves a scan, a re-evaluation at a
later `as_of` and the simulator alike. Each post is one compact record; the JSON leaves out false
flags and empty fields.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from analyzer.core.types import iso, parse_iso

SOURCE_STATUSES: tuple[str, ...] = ("ok", "partial", "refused", "failed", "skipped")
VIA: tuple[str, ...] = ("reply", "mention")


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    # `is False` keeps a reply_count of 0 (0 == False in Python), which says "no thread to read".
    return {k: v for k, v in d.items() if v is not None and v is not False}


@dataclass(frozen=True)
class PostRecord:
    """One item of the account's own timeline: a post, a reply, a self-thread post or a repost.

    `is_reply_to_other`: replies to another account; `is_self_thread`: continues the account's own
    thread (never both). `reply_count`: replies under it as the platform counts them (None unknown).
    """

    id: str
    created_at: datetime
    is_reply_to_other: bool = False
    is_self_thread: bool = False
    is_repost: bool = False
    reply_count: int | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _compact({"id": self.id, "created_at": iso(self.created_at),
                         "is_reply_to_other": self.is_reply_to_other,
                         "is_self_thread": self.is_self_thread, "is_repost": self.is_repost,
                         "reply_count": self.reply_count, "url": self.url})

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "PostRecord":
        return cls(id=str(d["id"]), created_at=parse_iso(d["created_at"]),
                   is_reply_to_other=bool(d.get("is_reply_to_other")),
                   is_self_thread=bool(d.get("is_self_thread")), is_repost=bool(d.get("is_repost")),
                   reply_count=d.get("reply_count"), url=d.get("url"))


@dataclass(frozen=True)
class Question:
    """A message addressed to the organisation by another account: a reply under one of its posts
    (`via` reply) or a post mentioning it (`via` mention); `answered_at` when the account replied."""

    id: str
    created_at: datetime
    via: str = "reply"
    answered_at: datetime | None = None
    answer_id: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _compact({"id": self.id, "created_at": iso(self.created_at), "via": self.via,
                         "answered_at": iso(self.answered_at), "answer_id": self.answer_id,
                         "url": self.url})

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Question":
        return cls(id=str(d["id"]), created_at=parse_iso(d["created_at"]), via=d.get("via", "reply"),
                   answered_at=parse_iso(d.get("answered_at")), answer_id=d.get("answer_id"),
                   url=d.get("url"))


@dataclass(frozen=True)
class SourceRead:
    """How one source of questions was read (threads, a mention search, a mentions timeline).

    `read` threads or pages read, `cap` the most this read may take per account, `eligible` what it
    could have read (posts with replies > 0), `bounded` threads whose reply list the platform cut
    (Mastodon's logged-out context: 60 descendants).
    """

    status: str = "ok"
    reason: str | None = None
    read: int = 0
    cap: int | None = None
    eligible: int | None = None
    bounded: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "reason": self.reason, "read": self.read, "cap": self.cap,
                "eligible": self.eligible, "bounded": self.bounded}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "SourceRead":
        return cls(status=d.get("status", "ok"), reason=d.get("reason"), read=int(d.get("read") or 0),
                   cap=d.get("cap"), eligible=d.get("eligible"), bounded=int(d.get("bounded") or 0))


@dataclass(frozen=True)
class QuestionsRead:
    """The questions read for one account and how each source was read (source name -> read)."""

    sources: dict[str, SourceRead] = field(default_factory=dict)
    items: tuple[Question, ...] = ()

    @property
    def observed(self) -> bool:
        """At least one source answered: its questions (even none) are an observation."""
        return any(s.status in ("ok", "partial") for s in self.sources.values())

    def to_json(self) -> dict[str, Any]:
        return {"sources": {k: v.to_json() for k, v in self.sources.items()},
                "items": [q.to_json() for q in self.items]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "QuestionsRead":
        return cls(sources={k: SourceRead.from_json(v) for k, v in (d.get("sources") or {}).items()},
                   items=tuple(Question.from_json(q) for q in d.get("items") or ()))


@dataclass(frozen=True)
class PostsRead:
    """One account's timeline as read, and what bounded the read.

    `history_complete`: no further page existed, so the account's whole history was read.
    `sample_cap`: the most posts the read could take (pages x page size). `partial`: the coverage
    reason when a later page failed (the pages before it are kept). `replies_observed` /
    `reposts_observed`: False where the source cannot show them (RSS, video feeds).
    """

    platform: str
    handle: str
    source: str
    posts: tuple[PostRecord, ...] = ()
    history_complete: bool = False
    sample_cap: int | None = None
    partial: str | None = None
    replies_observed: bool = True
    reposts_observed: bool = True
    account_created_at: datetime | None = None
    followers: int | None = None
    questions: QuestionsRead | None = None

    def to_json(self) -> dict[str, Any]:
        return {"platform": self.platform, "handle": self.handle, "source": self.source,
                "history_complete": self.history_complete, "sample_cap": self.sample_cap,
                "partial": self.partial, "replies_observed": self.replies_observed,
                "reposts_observed": self.reposts_observed,
                "account_created_at": iso(self.account_created_at), "followers": self.followers,
                "posts": [p.to_json() for p in self.posts],
                "questions": self.questions.to_json() if self.questions is not None else None}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "PostsRead":
        q = d.get("questions")
        return cls(platform=d["platform"], handle=d["handle"], source=d.get("source", ""),
                   posts=tuple(PostRecord.from_json(p) for p in d.get("posts") or ()),
                   history_complete=bool(d.get("history_complete")), sample_cap=d.get("sample_cap"),
                   partial=d.get("partial"), replies_observed=d.get("replies_observed", True),
                   reposts_observed=d.get("reposts_observed", True),
                   account_created_at=parse_iso(d.get("account_created_at")),
                   followers=d.get("followers"),
                   questions=QuestionsRead.from_json(q) if q is not None else None)
