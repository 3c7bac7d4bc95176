"""How far a platform read reaches back, and the evidence kind it keeps.

Collectors never compute activity: they turn what they read into `PostRecord`s and questions,
wrap them in a `PostsRead` with what bounded the read (analyzer.core.posts), and keep it as one
`posts_read` evidence record per account (collectors.platforms.common.keep_read). The signal layer
(analyzer.signals.activity_model) computes the activity from it at the scan's `as_of`.
"""
from __future__ import annotations

from datetime import datetime, timedelta

WINDOW_DAYS = 90   # how far back a read needs to go (the window of analyzer.signals.activity_model)
KIND = "posts_read"
THREADS_PER_ACCOUNT = 10   # reply threads read per account (Bluesky, Mastodon): the answered-rate sample


def horizon(now: datetime) -> datetime:
    """The oldest time a read needs to reach: 90 days before the scan's time."""
    return now - timedelta(days=WINDOW_DAYS)
