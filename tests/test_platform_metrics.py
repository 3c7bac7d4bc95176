"""The shared activity computation, role reading, ownership helpers, and collector conformance."""
from __future__ import annotations

import importlib
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from analyzer.core.kinds import EVIDENCE_KINDS
from analyzer.core.types import COVERAGE_REASONS
from collectors.platforms.metrics import DEFINITIONS, Mention, Post, compute_activity
from collectors.platforms.ownership import host_in_domain, text_links_to_domain, url_in_domain
from collectors.platforms.roles import department_unit, own_unit, signed_mentions
from collectors.registry import COLLECTORS
from tests.platform_helpers import account, findings, scan_context

NOW = datetime(2025, 6, 2, 12, tzinfo=timezone.utc)


def ago(days: float, **kw) -> Post:
    return Post(NOW - timedelta(days=days), **kw)


def test_rates_over_the_window_read_and_self_threads_excluded():
    posts = [ago(1), ago(2, is_reply_to_other=True), ago(3, is_repost=True), ago(4, is_self_thread=True),
             ago(20)]
    act = compute_activity(posts, NOW, exhausted=False)
    assert act.window_days == 20 and act.sample_size == 5
    assert act.posts_per_week == pytest.approx(5 / (20 / 7))
    assert act.reply_share == 0.2 and act.repost_share == 0.2
    assert act.active is True and act.last_post_at == NOW - timedelta(days=1)


def test_window_is_90_days_when_the_read_went_past_it():
    act = compute_activity([ago(10), ago(50), ago(120)], NOW, exhausted=False)
    assert act.window_days == 90 and act.sample_size == 2
    assert act.posts_per_week == pytest.approx(2 / (90 / 7), rel=1e-3)


def test_whole_history_of_a_young_account_counts_from_its_creation():
    act = compute_activity([ago(3), ago(10)], NOW, exhausted=True, created_at=NOW - timedelta(days=14))
    assert act.window_days == 14


def test_nothing_read_and_not_exhausted_is_unobserved_not_zero():
    act = compute_activity([], NOW, exhausted=False, followers=12)
    assert act.active is None and act.posts_per_week is None and act.sample_size is None
    assert act.followers == 12


def test_dormant_and_empty_accounts_are_observed_silences():
    dormant = compute_activity([ago(430)], NOW, exhausted=True)
    assert dormant.active is False and dormant.posts_per_week == 0.0 and dormant.window_days == 90
    assert dormant.reply_share is None and dormant.sample_size == 0
    empty = compute_activity([], NOW, exhausted=True)
    assert empty.active is False and empty.last_post_at is None and empty.posts_per_week == 0.0


def test_active_means_a_post_within_30_days():
    assert compute_activity([ago(29.9)], NOW, exhausted=True).active is True
    assert compute_activity([ago(30.1)], NOW, exhausted=True).active is False


def test_gap_cv_and_unobservable_shares():
    even = compute_activity([ago(d) for d in (1, 2, 3, 4)], NOW, exhausted=True,
                            replies_observed=False, reposts_observed=False)
    assert even.gap_cv == 0.0 and even.reply_share is None and even.repost_share is None
    bursty = compute_activity([ago(d) for d in (1, 1.01, 1.02, 40)], NOW, exhausted=True)
    assert bursty.gap_cv > 1
    assert compute_activity([ago(1), ago(2)], NOW, exhausted=True).gap_cv is None


def test_mentions_rate_and_median():
    m = [Mention(NOW - timedelta(hours=5), NOW - timedelta(hours=4)),
         Mention(NOW - timedelta(hours=9), NOW - timedelta(hours=6)),
         Mention(NOW - timedelta(hours=2))]
    act = compute_activity([ago(1)], NOW, exhausted=True, mentions=m)
    assert act.mention_response_rate == pytest.approx(2 / 3, abs=1e-4)
    assert act.median_response_minutes == 120.0 and act.mention_sample_size == 3
    assert compute_activity([ago(1)], NOW, exhausted=True).mention_sample_size is None


@given(st.lists(st.tuples(st.floats(0, 400), st.booleans(), st.booleans(), st.booleans()), max_size=60),
       st.booleans())
def test_invariants(rows, exhausted):
    posts = [ago(d, is_reply_to_other=r, is_repost=p, is_self_thread=s) for d, r, p, s in rows]
    act = compute_activity(posts, NOW, exhausted=exhausted)
    if act.sample_size is None:
        assert not posts and not exhausted
        return
    assert 1 <= act.window_days <= 90
    assert act.sample_size == sum(1 for d, *_ in rows if d <= 90)
    for share in (act.reply_share, act.repost_share):
        assert share is None or 0 <= share <= 1
    assert act.posts_per_week >= 0
    assert act.active == any(d <= 30 for d, *_ in rows)


def test_definitions_cover_every_activity_field():
    from analyzer.core.types import Activity

    assert set(DEFINITIONS) == set(Activity.__dataclass_fields__)


@pytest.mark.parametrize("bio,expected", [
    ("Webcare door @koffie_sanne ^SK. Vacatures: @koffie_jobs",
     [("koffie_sanne", "staff", None), ("koffie_jobs", "department", "recruitment")]),
    ("^JD = @jdevries, ^MK = @mkok", [("jdevries", "staff", None), ("mkok", "staff", None)]),
    ("Tweets by @jan and the team", [("jan", "staff", None)]),
    ("Partner van @anderbedrijf en @gemeente", []),
    ("Beheerd door @communicatie@social.overheid.nl", [("communicatie@social.overheid.nl", "staff", None)]),
    (None, []),
])
def test_signed_mentions(bio, expected):
    assert [(m.handle, m.role, m.unit) for m in signed_mentions(bio)] == expected


def test_units_in_dutch_and_english():
    assert department_unit("Werken bij de gemeente") == "recruitment"
    assert department_unit("Careers at Acme") == "recruitment"
    assert department_unit("Klantenservice van Acme") == "customer_service"
    assert department_unit("Politie regio Utrecht") == "region"
    assert department_unit("Gemeente Voorbeeldstad") is None
    # An official account that names its jobs account is not itself the jobs account.
    assert own_unit("Koffiebrander", "koffiebrander", "Vacatures: @koffiebrander_jobs") is None
    assert own_unit("Koffiebrander", "koffiebrander_jobs", None) == "recruitment"


def test_domain_matching():
    assert host_in_domain("werkenbij.voorbeeldstad.nl", "voorbeeldstad.nl")
    assert host_in_domain("www.voorbeeldstad.nl", "voorbeeldstad.nl")
    assert not host_in_domain("voorbeeldstad.nl.evil.com", "voorbeeldstad.nl")
    assert not host_in_domain("notvoorbeeldstad.nl", "voorbeeldstad.nl")
    assert url_in_domain("voorbeeldstad.nl/contact", "voorbeeldstad.nl")
    assert text_links_to_domain("q=https%3A%2F%2Fwww.voorbeeldstad.nl%2F", "voorbeeldstad.nl")


PLATFORM_COLLECTORS = [c for c in COLLECTORS if c[1].startswith("collectors.platforms.")]


@pytest.mark.parametrize("name,module,cls", PLATFORM_COLLECTORS)
def test_conformance(net, name, module, cls):
    """Every platform collector: named as registered, skipped without accounts, its vocabulary
    from analyzer.core.kinds and COVERAGE_REASONS, and its request bound stated in its docstring."""
    collector_cls = getattr(importlib.import_module(module), cls)
    collector = collector_cls()
    assert collector.name == name and collector.platforms
    mod = importlib.import_module(module)
    assert "Requests per account: at most" in mod.__doc__
    with scan_context(net, "voorbeeldstad.nl") as ctx:
        result = collector.collect(ctx, findings())
        other = "mastodon" if name != "mastodon" else "x"
        result2 = collector.collect(ctx, findings(account(other, "a@b.example" if other == "mastodon" else "a")))
    assert (result.coverage.status, result.coverage.reason) == ("skipped", "no_accounts")
    assert result.collector == result.coverage.collector == name
    assert result2.coverage.reason in COVERAGE_REASONS or result2.coverage.reason is None
    for ev in result.evidence + result2.evidence:
        assert ev.kind in EVIDENCE_KINDS
