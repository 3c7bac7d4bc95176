"""Mastodon: the replies under an account's statuses and whether it answered them.

GET /api/v1/statuses/:id/context for the latest own statuses inside the window whose
replies_count is above 0, at most THREADS_PER_ACCOUNT per account, read side by side (within the
per-host limit). Logged out, the context is
capped (40 ancestors, 60 descendants): a thread that returns 60 descendants may hold more, which
the read records as `bounded` (and the activity as `context_cap`), so the answered rate of such a
thread rests on its first 60 replies.
"""
from __future__ import annotations

from analyzer.core.posts import PostRecord, Question, QuestionsRead, SourceRead
from collectors.http import FetchError
from collectors.platforms.mastodon_parse import parse_context
from collectors.platforms.common import fetch_each
from collectors.platforms.metrics import THREADS_PER_ACCOUNT, horizon

CONTEXT_DESCENDANTS_CAP = 60   # Mastodon's limit on descendants for logged-out callers
STOP_READING = ("rate_limited", "budget_exhausted", "quota_exhausted")


class Threads:
    def __init__(self, reader, account_id: str, host: str, out):
        self.reader = reader
        self.ctx = reader.ctx
        self.account_id = account_id
        self.host = host
        self.out = out

    def read(self, posts: list[PostRecord]) -> QuestionsRead:
        since = horizon(self.ctx.now)
        eligible = sorted((p for p in posts if not p.is_repost and (p.reply_count or 0) > 0
                           and p.created_at >= since), key=lambda p: p.created_at, reverse=True)
        found: dict[str, Question] = {}
        read = bounded = 0
        reason = None
        answers = fetch_each(self.ctx, eligible[:THREADS_PER_ACCOUNT], lambda post: parse_context(
            self.reader._get(f"https://{self.host}/api/v1/statuses/{post.id}/context").json(),
            self.account_id, self.host))
        for answer in answers:   # in post order: a stop keeps what came before it, whatever answered first
            if answer is None:
                reason = "budget_exhausted"
                break
            if isinstance(answer, FetchError):
                reason = answer.reason
                if answer.reason in STOP_READING:
                    break
                continue
            if isinstance(answer, ValueError):
                reason = "malformed"
                continue
            rows, descendants = answer
            read += 1
            bounded += descendants >= CONTEXT_DESCENDANTS_CAP
            for q, author in rows:
                self.out.authors[q.id] = author
                found.setdefault(q.id, q)
        wanted = min(len(eligible), THREADS_PER_ACCOUNT)
        status = "ok" if read == wanted else ("partial" if read else "failed")
        source = SourceRead(status, None if status == "ok" else reason, read=read,
                            cap=THREADS_PER_ACCOUNT, eligible=len(eligible), bounded=bounded)
        return QuestionsRead({"threads": source}, tuple(sorted(found.values(), key=lambda q: q.created_at)))
