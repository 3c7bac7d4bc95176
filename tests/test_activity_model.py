"""Activity computed from the posts read at `as_of` (analyzer.signals.activity_model)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from analyzer.core.posts import PostRecord, PostsRead, Question, QuestionsRead, SourceRead
from analyzer.core.types import Account, Activity, Evidence
from analyzer.signals.activity_model import DEFINITIONS, attach_activity, compute_activity, window_start

NOW = datetime(2025, 6, 2, 12, tzinfo=timezone.utc)


def ago(days: float, **kw) -> PostRecord:
    return PostRecord(f"p{days}", NOW - timedelta(days=days), **kw)


def read(posts, complete=False, source="test", **kw) -> PostsRead:
    return PostsRead("bluesky", "acme.nl", source, tuple(posts), history_complete=complete, **kw)


def asked(hours: float, answered_after: float | None = None, via: str = "reply") -> Question:
    at = NOW - timedelta(hours=hours)
    return Question(f"q{hours}", at, via,
                    at + timedelta(hours=answered_after) if answered_after is not None else None)


def test_rates_over_the_window_read_and_self_threads_excluded():
    posts = [ago(1), ago(2, is_reply_to_other=True), ago(3, is_repost=True), ago(4, is_self_thread=True),
             ago(20)]
    act = compute_activity(read(posts, sample_cap=5), NOW)
    assert act.window_days == 20 and act.sample_size == 5     # the cap cut the read at 20 days
    assert act.posts_per_week == pytest.approx(5 / (20 / 7))
    assert act.reply_share == 0.2 and act.repost_share == 0.2
    assert act.active is True and act.last_post_at == NOW - timedelta(days=1)
    assert act.bounded_by == ("sample_cap",)


def test_window_is_90_days_when_the_read_went_past_it():
    act = compute_activity(read([ago(10), ago(50), ago(120)]), NOW)
    assert act.window_days == 90 and act.sample_size == 2 and act.bounded_by == ()
    assert act.posts_per_week == pytest.approx(2 / (90 / 7), rel=1e-3)


def test_whole_history_of_a_young_account_counts_from_its_creation():
    act = compute_activity(read([ago(3), ago(10)], True, account_created_at=NOW - timedelta(days=14)), NOW)
    assert act.window_days == 14


def test_read_but_silent_is_zero_posts_not_unobserved():
    for r in (read([], False), read([], True), read([ago(430)], True), read([ago(200)], False)):
        act = compute_activity(r, NOW)
        assert act.sample_size == 0 and act.posts_per_week == 0.0 and act.active is False
        assert act.window_days == 90 and act.reply_share is None


def test_an_account_without_posts_read_keeps_no_activity():
    acc = Account("bluesky", "acme.nl", "https://bsky.app/profile/acme.nl")
    assert attach_activity([acc], [], NOW)[0].activity is None


def test_later_as_of_moves_into_silence():
    r = read([ago(d) for d in (1, 5, 9, 13, 40)], True)
    now = compute_activity(r, NOW)
    later = compute_activity(r, NOW + timedelta(days=185))
    assert now.active and now.sample_size == 5
    assert later.active is False and later.sample_size == 0 and later.posts_per_week == 0.0
    earlier = compute_activity(r, NOW - timedelta(days=6))   # posts after as_of do not exist yet
    assert earlier.sample_size == 3 and earlier.last_post_at == NOW - timedelta(days=9)


def test_active_means_a_post_within_30_days():
    assert compute_activity(read([ago(29.9)], True), NOW).active is True
    assert compute_activity(read([ago(30.1)], True), NOW).active is False


def test_gap_cv_and_unobservable_shares():
    even = compute_activity(read([ago(d) for d in (1, 2, 3, 4)], True, replies_observed=False,
                                 reposts_observed=False, source="rss"), NOW)
    assert even.gap_cv == 0.0 and even.reply_share is None and even.repost_share is None
    assert even.source == "rss"
    bursty = compute_activity(read([ago(d) for d in (1, 1.01, 1.02, 40)], True), NOW)
    assert bursty.gap_cv > 1
    assert compute_activity(read([ago(1), ago(2)], True), NOW).gap_cv is None


def test_questions_rate_median_and_window():
    q = QuestionsRead({"threads": SourceRead("ok", read=3, cap=10, eligible=3)},
                      (asked(5, 1), asked(9, 3), asked(2), asked(24 * 100, 1)))  # the last is outside
    act = compute_activity(read([ago(1)], True, questions=q), NOW)
    assert act.mention_response_rate == pytest.approx(2 / 3, abs=1e-4)
    assert act.median_response_minutes == 120.0 and act.mention_sample_size == 3
    # An answer after as_of is not an answer yet.
    early = compute_activity(read([ago(1)], True, questions=q), NOW - timedelta(hours=7))
    assert early.mention_sample_size == 1 and early.mention_response_rate == 0.0


def test_questions_not_read_and_refused_sources():
    assert compute_activity(read([ago(1)], True), NOW).mention_sample_size is None
    refused = QuestionsRead({"search": SourceRead("refused", "refused")})
    act = compute_activity(read([ago(1)], True, questions=refused), NOW)
    assert act.mention_sample_size is None and act.mention_response_rate is None   # never zero
    assert "search:refused" in act.bounded_by
    none_asked = QuestionsRead({"threads": SourceRead("ok", cap=10, eligible=0)})
    act = compute_activity(read([ago(1)], True, questions=none_asked), NOW)
    assert act.mention_sample_size == 0 and act.mention_response_rate is None
    capped = QuestionsRead({"threads": SourceRead("ok", read=10, cap=10, eligible=14, bounded=1)},
                           (asked(3, 1),))
    assert compute_activity(read([ago(1)], True, questions=capped), NOW).bounded_by == ("thread_cap", "context_cap")


def test_partial_read_is_stated():
    act = compute_activity(read([ago(1), ago(3)], partial="rate_limited"), NOW)
    assert act.bounded_by == ("partial:rate_limited",) and act.sample_size == 2
    assert act.window_days == 3


def test_posts_read_round_trips_compactly():
    q = QuestionsRead({"threads": SourceRead("partial", "timeout", 2, 10, 4, 1)}, (asked(5, 1),))
    r = read([ago(1, reply_count=0), ago(2, is_repost=True), ago(3, reply_count=4, url="https://x/3")],
             sample_cap=200, partial="timeout", questions=q, followers=3,
             account_created_at=NOW - timedelta(days=900))
    data = r.to_json()
    assert PostsRead.from_json(data) == r
    assert data["posts"][1] == {"id": "p2", "created_at": "2025-05-31T12:00:00Z", "is_repost": True}
    assert data["posts"][0]["reply_count"] == 0          # 0 replies is kept: it says "no thread"
    assert "definitions" not in data


def test_attach_activity_reads_the_accounts_own_record():
    ev = Evidence.make(kind="posts_read", value=read([ago(1), ago(2)], True).to_json(), collector="bluesky",
                       observed_at=NOW, platform="bluesky")
    other = Evidence.make(kind="posts_read", value=read([], True).to_json(), collector="bluesky",
                          observed_at=NOW, platform="bluesky", source_url="https://other")
    acc = Account("bluesky", "acme.nl", "https://bsky.app/profile/acme.nl", evidence=(ev.id,))
    out = attach_activity([acc], [other, ev], NOW)
    assert out[0].activity.sample_size == 2 and out[0].activity.active


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 400), st.booleans(), st.booleans(), st.booleans()), max_size=60),
       st.booleans(), st.floats(0, 400))
def test_invariants(rows, complete, later):
    posts = [ago(d, is_reply_to_other=r and not s, is_repost=p, is_self_thread=s) for d, r, p, s in rows]
    r = read(posts, complete)
    act = compute_activity(r, NOW)
    assert 1 <= act.window_days <= 90
    start = window_start(r, NOW)
    assert act.sample_size == sum(1 for p in posts if p.created_at >= start)
    for share in (act.reply_share, act.repost_share):
        assert share is None or 0 <= share <= 1
    assert act.posts_per_week >= 0
    assert act.active == any(d <= 30 for d, *_ in rows)
    # No post added: a later as_of is active only while a post is still within 30 days of it.
    assert compute_activity(r, NOW + timedelta(days=later)).active == any(d + later <= 30 for d, *_ in rows)


def test_definitions_cover_every_activity_field():
    assert set(Activity.__dataclass_fields__) <= set(DEFINITIONS)


def _low(v):   # None (unobserved) is the least of all
    return -1.0 if v is None else v


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 150.0), st.booleans(), st.booleans()), max_size=30),
       st.lists(st.tuples(st.floats(0.01, 140.0), st.none() | st.floats(1.0, 3000.0)), max_size=10),
       st.booleans(), st.floats(0.0, 200.0), st.floats(0.01, 200.0))
def test_silence_thins_every_figure_never_sharpens_it(posts, questions, complete, first, later):
    items = tuple(Question(f"q{i}", NOW - timedelta(days=d),
                           answered_at=None if w is None or NOW - timedelta(days=d) + timedelta(minutes=w) > NOW
                           else NOW - timedelta(days=d) + timedelta(minutes=w))
                  for i, (d, w) in enumerate(questions))
    r = read([PostRecord(f"p{i}", NOW - timedelta(days=d), is_reply_to_other=rep, is_repost=rp and not rep)
              for i, (d, rep, rp) in enumerate(posts)], complete,
             questions=QuestionsRead({"threads": SourceRead("ok")}, items))
    a = compute_activity(r, NOW + timedelta(days=first))
    b = compute_activity(r, NOW + timedelta(days=first + later))
    for name in ("posts_per_week", "reply_share", "repost_share", "mention_response_rate", "sample_size"):
        assert _low(getattr(b, name)) <= _low(getattr(a, name)) + 1e-9, name
    slow = [float("inf") if x.median_response_minutes is None else x.median_response_minutes for x in (a, b)]
    assert slow[1] >= slow[0]
    if b.active and a.gap_cv is not None:
        assert b.gap_cv is not None and b.gap_cv >= a.gap_cv - 1e-9
