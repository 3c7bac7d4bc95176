"""One computation of activity for every platform: normalised `Post` records -> `Activity`.

Every platform collector turns what it read into `Post(created_at, is_reply_to_other, is_repost,
is_self_thread)` and calls `compute_activity`, so "posts per week" means the same on X, Bluesky,
Mastodon and YouTube. The definitions below are also written into each activity evidence value
(`DEFINITIONS`), next to the numbers they explain.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from analyzer.core.types import Activity

ACTIVE_DAYS = 30        # the Fortune 500 adoption studies' definition of an active account
WINDOW_DAYS = 90        # the longest span rates are measured over
MIN_WINDOW_DAYS = 1.0   # a rate over less than a day says nothing per week

DEFINITIONS: dict[str, str] = {
    "last_post_at": "time of the newest post (reposts included) the collector read",
    "active": f"at least one post in the {ACTIVE_DAYS} days before as_of",
    "posts_per_week": "posts (replies and reposts included) in the window / (window_days / 7)",
    "window_days": f"days the rate covers: {WINDOW_DAYS} (or since the account was created, if later) "
                   "when the read reached past that or read the whole history; otherwise from the "
                   "oldest post read to as_of",
    "reply_share": "posts in the window that reply to another account (replies in the account's own "
                   "threads excluded) / sample_size; null when replies are not observable",
    "repost_share": "reposts in the window / sample_size; null when reposts are not observable",
    "sample_size": "number of posts in the window that the rates rest on",
    "gap_cv": "standard deviation / mean of the gaps between consecutive posts in the window "
              "(0 = clockwork, above 1 = bursty); null below 3 posts",
    "mention_response_rate": "mentions by other accounts answered by a reply from the account / "
                             "mentions read that fall inside the span of the account's posts read",
    "median_response_minutes": "median minutes from a mention to the account's reply to it",
    "mention_sample_size": "mentions the response rate rests on",
    "followers": "followers (subscribers) as the platform reports them",
    "created_at": "when the account was created, as the platform reports it",
}


@dataclass(frozen=True)
class Post:
    """One item of an account's own timeline, reduced to what the metrics need."""

    created_at: datetime
    is_reply_to_other: bool = False
    is_repost: bool = False
    is_self_thread: bool = False
    id: str | None = None


@dataclass(frozen=True)
class Mention:
    """A post by another account that mentions the account; `answered_at` when it replied."""

    created_at: datetime
    answered_at: datetime | None = None
    id: str | None = None


def compute_activity(posts: Iterable[Post], now: datetime, *, exhausted: bool,
                     replies_observed: bool = True, reposts_observed: bool = True,
                     followers: int | None = None, created_at: datetime | None = None,
                     mentions: Sequence[Mention] | None = None) -> Activity:
    """Activity of one account as of `now` from the posts read.

    `exhausted`: the read saw the account's whole history (no further page), so an empty or short
    read is an observation, not a gap. Without any post and without `exhausted` nothing is known
    and the rates stay None.
    """
    items = sorted(posts, key=lambda p: p.created_at)
    start = now - timedelta(days=WINDOW_DAYS)
    in_window = [p for p in items if p.created_at >= start]
    reached_past = len(in_window) < len(items)
    last = items[-1].created_at if items else None
    if not items and not exhausted:
        return Activity(followers=followers, created_at=created_at)
    if reached_past or exhausted:
        window_start = max(start, created_at) if created_at and created_at < now else start
    else:
        window_start = in_window[0].created_at
    window_days = max((now - window_start).total_seconds() / 86400, MIN_WINDOW_DAYS)
    n = len(in_window)
    replies = sum(1 for p in in_window if p.is_reply_to_other and not p.is_self_thread)
    reposts = sum(1 for p in in_window if p.is_repost)
    mention_rate, median_minutes, mention_n = _mention_stats(mentions)
    return Activity(
        last_post_at=last,
        active=last is not None and last >= now - timedelta(days=ACTIVE_DAYS),
        posts_per_week=round(n / (window_days / 7), 4),
        window_days=round(window_days, 2),
        reply_share=round(replies / n, 4) if n and replies_observed else None,
        repost_share=round(reposts / n, 4) if n and reposts_observed else None,
        sample_size=n,
        gap_cv=_gap_cv(in_window),
        mention_response_rate=mention_rate,
        median_response_minutes=median_minutes,
        mention_sample_size=mention_n,
        followers=followers,
        created_at=created_at,
    )


def _gap_cv(posts: Sequence[Post]) -> float | None:
    if len(posts) < 3:
        return None
    gaps = [(b.created_at - a.created_at).total_seconds() for a, b in zip(posts, posts[1:])]
    mean = statistics.fmean(gaps)
    if mean <= 0:
        return None
    return round(statistics.pstdev(gaps) / mean, 3)


def _mention_stats(mentions: Sequence[Mention] | None) -> tuple[float | None, float | None, int | None]:
    if mentions is None:
        return None, None, None
    if not mentions:
        return None, None, 0
    waits = [(m.answered_at - m.created_at).total_seconds() / 60
             for m in mentions if m.answered_at is not None]
    rate = round(len(waits) / len(mentions), 4)
    median = round(statistics.median(waits), 1) if waits else None
    return rate, median, len(mentions)


def activity_value(activity: Activity, source: str) -> dict:
    """The evidence value of kind "activity": the numbers, where they came from, what they mean."""
    return {**activity.to_json(), "source": source, "definitions": DEFINITIONS}
