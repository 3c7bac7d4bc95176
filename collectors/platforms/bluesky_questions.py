"""Bluesky: the questions addressed to one account, and whether and when it answered them.

Two sources, both public AppView methods:
- threads: app.bsky.feed.getPostThread for the account's latest posts inside the window whose
  replyCount is above 0, at most THREADS_PER_ACCOUNT per account (a stated bound, within the
  per-host politeness and the scan's deadline), read side by side; a reply by another account to one of its posts is
  a question, answered when the account replied to it.
- mentions: app.bsky.feed.searchPosts (mentions=DID, since the window's start). Public callers
  are often refused (403): then the source is `refused`, never "no mentions". A mention is
  answered when one of the account's own posts read replies to it.
"""
from __future__ import annotations

from analyzer.core.posts import PostRecord, Question, QuestionsRead, SourceRead
from collectors.http import FetchError
from collectors.platforms.bluesky_parse import parse_search, parse_thread
from collectors.platforms.common import fetch_each
from collectors.platforms.metrics import THREADS_PER_ACCOUNT, horizon

THREAD_DEPTH = 4      # question, answer and two follow-ups
SEARCH_LIMIT = 50
STOP_READING = ("rate_limited", "budget_exhausted", "quota_exhausted")


def search_mentions(reader, profile):
    """The mention search's answer (JSON), or the FetchError or ValueError it failed with: it
    needs only the profile, so the reader runs it beside the author feed."""
    since = horizon(reader.ctx.now).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        return reader._get("app.bsky.feed.searchPosts", q=profile.handle, mentions=profile.did, since=since,
                           sort="latest", limit=SEARCH_LIMIT)
    except (FetchError, ValueError) as exc:
        return exc


class Questions:
    def __init__(self, reader, profile, out, searched=None):
        self.reader = reader
        self.ctx = reader.ctx
        self.profile = profile
        self.out = out
        self.searched = searched   # a future of search_mentions, when it was started already

    def read(self, posts: list[PostRecord], parents: dict[str, str]) -> QuestionsRead:
        found: dict[str, Question] = {}
        threads = self._threads(posts, found)
        search = self._search(found)
        answers: dict[str, tuple] = {}
        for own, parent in parents.items():
            post = next((p for p in posts if p.id == own), None)
            if post is not None and (parent not in answers or post.created_at < answers[parent][0]):
                answers[parent] = (post.created_at, own)
        for qid, q in list(found.items()):
            if qid in answers and (q.answered_at is None or answers[qid][0] < q.answered_at):
                found[qid] = Question(q.id, q.created_at, q.via, answers[qid][0], answers[qid][1], q.url)
        items = tuple(sorted(found.values(), key=lambda q: q.created_at))
        return QuestionsRead({"threads": threads, "search": search}, items)

    def _threads(self, posts: list[PostRecord], found: dict[str, Question]) -> SourceRead:
        since = horizon(self.ctx.now)
        eligible = sorted((p for p in posts if not p.is_repost and (p.reply_count or 0) > 0
                           and p.created_at >= since), key=lambda p: p.created_at, reverse=True)
        read, reason = 0, None
        answers = fetch_each(self.ctx, eligible[:THREADS_PER_ACCOUNT], lambda post: parse_thread(
            self.reader._get("app.bsky.feed.getPostThread", uri=post.id, depth=THREAD_DEPTH, parentHeight=0),
            self.profile.did))
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
            for q, author in answer:
                self.out.authors[q.id] = author
                found.setdefault(q.id, q)
            read += 1
        wanted = min(len(eligible), THREADS_PER_ACCOUNT)
        status = "ok" if read == wanted else ("partial" if read else ("failed" if wanted else "ok"))
        return SourceRead(status, reason if status != "ok" else None, read=read,
                          cap=THREADS_PER_ACCOUNT, eligible=len(eligible))

    def _search(self, found: dict[str, Question]) -> SourceRead:
        data = self.searched.result() if self.searched is not None else search_mentions(self.reader, self.profile)
        try:
            if isinstance(data, Exception):
                raise data
            rows = parse_search(data, self.profile.did)
        except FetchError as exc:
            if exc.status in (401, 403):
                return SourceRead("refused", "refused", cap=SEARCH_LIMIT)
            return SourceRead("failed", exc.reason, cap=SEARCH_LIMIT)
        except ValueError:
            return SourceRead("failed", "malformed", cap=SEARCH_LIMIT)
        for q, author, _parent in rows:
            self.out.authors.setdefault(q.id, author)
            found.setdefault(q.id, q)
        return SourceRead("ok", read=1, cap=SEARCH_LIMIT, eligible=len(rows))
