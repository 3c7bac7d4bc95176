"""Signals from hand-built scans: definitions, None when unobserved vs 0, and provenance by id."""
from __future__ import annotations

import pytest

from analyzer.signals import BY_NAME, SIGNAL_NAMES, SIGNALS, compute_signals
from tests.signals_helpers import NOW, account, activity, coverage, ev, link, page, scan

# The catalogue's names are a public API (docs/briefs signal table): they never change silently.
CATALOGUE = (
    "official_platforms", "verified_accounts", "observable_platforms", "unobservable_platforms",
    "active_platforms", "posts_per_week", "posts_per_week_total", "gap_regularity", "reply_share",
    "repost_share", "mention_response_rate", "median_response_minutes", "days_since_last_post",
    "department_accounts", "active_department_accounts", "staff_accounts", "staff_active", "policy_page", "webcare",
    "webcare_hours", "social_role", "community_platform", "ambassador_programme",
    "embedded_timeline", "share_buttons_only", "stopped_platform", "dormant_platforms_explained",
    "fediverse_accounts", "public_sector", "website_observed", "coverage_ratio", "staff_posts_about_org",
)
WEBSITE_SIGNALS = ("staff_accounts", "policy_page", "webcare", "webcare_hours", "social_role",
                   "community_platform", "ambassador_programme", "embedded_timeline", "share_buttons_only",
                   "stopped_platform", "dormant_platforms_explained")
ACTIVITY_SIGNALS = ("active_platforms", "posts_per_week", "posts_per_week_total", "gap_regularity",
                    "reply_share", "repost_share", "days_since_last_post")


def values(accounts, evidence, cov, **kw):
    return {n: s.value for n, s in compute_signals(accounts, evidence, cov, NOW, **kw).items()}


def test_catalogue_is_complete_and_documented_in_both_languages():
    assert SIGNAL_NAMES == CATALOGUE
    for sig in SIGNALS:
        assert sig.unit and sig.kind in ("count", "number", "bool")
        assert len(sig.definition["en"]) > 20 and len(sig.definition["nl"]) > 20
        assert sig.definition["en"] != sig.definition["nl"]
        assert sig.describe("nl") == sig.definition["nl"]


def test_every_signal_is_computed_with_its_own_name():
    out = compute_signals((), (), {}, NOW)
    assert tuple(out) == CATALOGUE
    assert all(out[n].name == n for n in out)


def test_website_failed_means_unobserved_not_false():
    out = values((), (), coverage(website="failed"))
    for name in WEBSITE_SIGNALS:
        assert out[name] is None, name
    for name in ACTIVITY_SIGNALS:
        assert out[name] is None, name
    assert out["website_observed"] is False
    assert out["official_platforms"] == 0 and out["observable_platforms"] == 0


def test_website_read_without_findings_gives_false_and_zero_resting_on_the_pages():
    home = page()
    signals = compute_signals((), (home, page("https://example.nl/over-ons", role="about")),
                              coverage(website="ok"), NOW)
    for name in ("policy_page", "webcare", "webcare_hours", "social_role", "community_platform",
                 "ambassador_programme", "embedded_timeline", "share_buttons_only", "stopped_platform"):
        assert signals[name].value is False, name
        assert home.id in signals[name].evidence
    assert signals["staff_accounts"].value == 0
    assert signals["dormant_platforms_explained"].value == 0
    assert signals["website_observed"].value is True and signals["website_observed"].evidence == (home.id,)


def test_on_site_evidence_becomes_true_with_its_ids():
    policy = ev("policy_page", {"title": "Huisregels sociale media", "lang": "nl"}, url="https://example.nl/huisregels")
    care = ev("webcare", {"hours": None, "channels": ["x"]})
    role = ev("social_role", {"title": "Social media manager", "vacancy": True})
    out = compute_signals((), (page(), policy, care, role), coverage(website="ok"), NOW)
    assert out["policy_page"].value is True and out["policy_page"].evidence == (policy.id,)
    assert out["webcare"].value is True and out["webcare"].evidence == (care.id,)
    assert out["webcare_hours"].value is False
    assert out["social_role"].value is True
    hours = ev("webcare", {"hours": "ma-vr 8.00-22.00 uur", "channels": ["x", "whatsapp"]})
    out = compute_signals((), (page(), hours), coverage(website="partial"), NOW)
    assert out["webcare_hours"].value is True and out["webcare_hours"].evidence == (hours.id,)


def test_share_buttons_only_needs_the_absence_of_own_account_links():
    buttons = ev("share_buttons", {"platforms": ["facebook", "x"]})
    assert values((), (page(), buttons), coverage(website="ok"))["share_buttons_only"] is True
    acc = account("linkedin", "company:example")
    accounts, evidence = scan(acc, extra=(buttons,))
    assert values(accounts, evidence, coverage(website="ok"))["share_buttons_only"] is False
    staff_link = link("x", "janjansen", role="staff")
    assert values((), (page(), buttons, staff_link), coverage(website="ok"))["share_buttons_only"] is True


def test_activity_signals_rest_only_on_accounts_that_could_be_read():
    x = account("x", "example", act=activity(days_ago=2, ppw=5.0, sample=40, reply=0.25, repost=0.1, gap_cv=0.8))
    yt = account("youtube", "@example", act=activity(days_ago=45, ppw=0.1, sample=3, reply=0.0, repost=0.0, gap_cv=0.2))
    fb = account("facebook", "example")  # login-walled: present, activity unknown
    accounts, evidence = scan(x, yt, fb)
    out = values(accounts, evidence, coverage(website="ok", x="ok", youtube="ok", presence="ok"))
    assert out["official_platforms"] == 3
    assert out["observable_platforms"] == 2
    assert out["unobservable_platforms"] == 1
    assert out["active_platforms"] == 1
    assert out["posts_per_week"] == 5.0
    assert out["posts_per_week_total"] == pytest.approx(5.1)
    assert out["gap_regularity"] == 0.8           # the inactive channel's 0.2 does not count
    # the best account's share, among those with 5 posts in the window (YouTube's 3 say nothing)
    assert out["reply_share"] == pytest.approx(0.25)
    assert out["repost_share"] == pytest.approx(0.1)
    assert out["days_since_last_post"] == pytest.approx(2.0)
    assert out["mention_response_rate"] is None and out["median_response_minutes"] is None


def test_no_activity_read_is_none_but_read_and_silent_is_zero():
    unread = account("x", "example", act=None)
    accounts, evidence = scan(unread)
    out = values(accounts, evidence, coverage(website="ok", x="unavailable"))
    assert out["active_platforms"] is None and out["posts_per_week"] is None
    assert out["observable_platforms"] == 0 and out["unobservable_platforms"] == 1
    silent = account("x", "example", act=activity(days_ago=100, ppw=0.0, sample=12, reply=0.0))
    accounts, evidence = scan(silent)
    out = values(accounts, evidence, coverage(website="ok", x="ok"))
    assert out["active_platforms"] == 0
    assert out["posts_per_week"] == 0.0
    assert out["days_since_last_post"] == pytest.approx(100.0)


def test_shares_need_five_posts_and_regularity_five_posts():
    few = account("bluesky", "example.nl", act=activity(sample=4, reply=0.5, gap_cv=0.3))
    accounts, evidence = scan(few)
    out = values(accounts, evidence, coverage(website="ok", bluesky="ok"))
    assert out["reply_share"] is None and out["repost_share"] is None and out["gap_regularity"] is None
    assert out["posts_per_week"] == 3.0


def test_doubtful_and_staff_accounts_are_not_official():
    doubtful = account("x", "examplefan", ownership="doubtful", act=activity())
    staff = account("x", "janjansen", role="staff", act=activity(days_ago=3))
    staff2 = account("linkedin", "in:piet", role="staff", act=None)
    accounts, evidence = scan(doubtful, staff, staff2)
    out = values(accounts, evidence, coverage(website="ok", x="ok"))
    assert out["official_platforms"] == 0 and out["active_platforms"] is None
    assert out["staff_accounts"] == 2 and out["staff_active"] == 1


def test_staff_from_evidence_only_counts_but_activity_stays_unknown():
    person = ev("staff_account", {"platform": "x", "handle": "marketingmanager", "name": "M. Manager",
                                  "source": "team page"}, url="https://example.nl/team")
    signals = compute_signals((), (page(), person), coverage(website="ok"), NOW)
    assert signals["staff_accounts"].value == 1 and signals["staff_accounts"].evidence == (person.id,)
    assert signals["staff_active"].value is None


def test_department_and_verified_and_fediverse_counts():
    main = account("x", "example", ownership="verified")
    jobs = account("x", "werkenbijexample")           # a second official account on X
    region = account("instagram", "example_noord", role="department", verified=True)
    masto = account("mastodon", "example@social.example")
    sky = account("bluesky", "example.nl")
    accounts, evidence = scan(main, jobs, region, masto, sky)
    out = values(accounts, evidence, coverage(website="ok"))
    assert out["department_accounts"] == 2
    assert out["verified_accounts"] == 2
    assert out["fediverse_accounts"] == 2
    assert out["official_platforms"] == 4


def test_conversation_figures_are_the_best_accounts_so_taking_one_away_never_raises_them():
    a = account("x", "example", act=activity(mention_rate=0.5, mention_sample=90, response_minutes=600, reply=0.1))
    b = account("x", "examplehelp", act=activity(mention_rate=0.9, mention_sample=10, response_minutes=30, reply=0.4))
    c = account("x", "examplejobs", act=activity(mention_rate=None, response_minutes=90, reply=0.0))
    accounts, evidence = scan(a, b, c)
    out = values(accounts, evidence, coverage(website="ok", x="ok"))
    assert out["mention_response_rate"] == pytest.approx(0.9)
    assert out["median_response_minutes"] == 30
    assert out["reply_share"] == pytest.approx(0.4)
    accounts, evidence = scan(a, c)   # the help account taken away: each figure falls or stays
    out = values(accounts, evidence, coverage(website="ok", x="ok"))
    assert out["mention_response_rate"] == pytest.approx(0.5)
    assert out["median_response_minutes"] == 90
    assert out["reply_share"] == pytest.approx(0.1)


def test_dormant_platform_explained_only_when_the_site_says_so():
    x = account("x", "example", act=activity(days_ago=400, ppw=0.0, sample=10))
    li = account("mastodon", "example@social.example", act=activity(days_ago=1, ppw=4.0, sample=30))
    stopped = ev("stopped_platform", {"platform": "x", "moved_to": ["mastodon"]}, url="https://example.nl/nieuws/x")
    accounts, evidence = scan(x, li, extra=(stopped,))
    signals = compute_signals(accounts, evidence, coverage(website="ok", x="ok", mastodon="ok"), NOW)
    assert signals["dormant_platforms_explained"].value == 1
    assert stopped.id in signals["dormant_platforms_explained"].evidence
    assert signals["stopped_platform"].value is True
    accounts, evidence = scan(x, li)
    assert values(accounts, evidence, coverage(website="ok", x="ok"))["dormant_platforms_explained"] == 0
    accounts, evidence = scan(x, li, extra=(stopped,), pages=())
    assert values(accounts, evidence, coverage(website="failed", x="ok"))["dormant_platforms_explained"] is None


@pytest.mark.parametrize("domain, title, handle, expected", [
    ("gemeente-voorbeeld.nl", "Welkom", None, True),
    ("rijksoverheid.nl", "Rijksoverheid", None, True),
    ("www.ons.overheid.nl", "Ons", None, True),
    ("dvla.gov.uk", "DVLA", None, True),
    ("mygov.uk", "Not a government", None, False),
    ("tilburg.nl", "Gemeente Tilburg", None, True),
    ("voorbeeldstad.nl", "Voorbeeldstad", "voorbeeldstad@social.overheid.nl", True),
    ("bakkerij.nl", "Bakkerij de Korenschoof", "bakkerij@mastodon.social", False),
])
def test_public_sector(domain, title, handle, expected):
    items = [account("mastodon", handle)] if handle else []
    accounts, evidence = scan(*items, pages=(page(f"https://{domain}/", title=title),))
    assert values(accounts, evidence, coverage(website="ok"), domain=domain)["public_sector"] is expected


@pytest.mark.parametrize("instance", ["social.gouv.fr", "social.overheid.nl", "mastodon.gov.pl", "fedi.gouv.fr"])
def test_a_government_instance_is_one_for_the_signal_and_the_mastodon_collector(instance):
    """social.gouv.fr was government for the Mastodon collector's evidence and not for
    public_sector (two lists that disagreed); both ask analyzer.core.government now."""
    from analyzer.core.government import government_instance

    accounts, evidence = scan(account("mastodon", f"info@{instance}"),
                              pages=(page("https://bakkerij.nl/", title="Bakkerij"),))
    signal = values(accounts, evidence, coverage(website="ok"), domain="bakkerij.nl")["public_sector"]
    assert signal is True and government_instance(instance) is True
    assert government_instance("mastodon.social") is False


def test_public_sector_without_a_domain_uses_the_pages_read():
    out = values((), (page("https://www.provincie-utrecht.nl/", title="Home"),), coverage(website="ok"))
    assert out["public_sector"] is True


def test_coverage_ratio_counts_only_needed_platform_collectors():
    x = account("x", "example")
    masto = account("mastodon", "example@social.example", act=activity())
    fb = account("facebook", "example")
    accounts, evidence = scan(x, masto, fb)
    out = values(accounts, evidence, coverage(website="ok", x="unavailable", mastodon="ok", youtube="skipped"))
    assert out["coverage_ratio"] == 0.5
    assert values((), (page(),), coverage(website="ok"))["coverage_ratio"] == 1.0


def test_every_evidence_id_points_into_the_scan():
    x = account("x", "example", act=activity(mention_rate=0.7, mention_sample=20, response_minutes=45))
    dept = account("instagram", "example_jobs", role="department")
    staff = account("x", "jan", role="staff", act=activity(days_ago=1))
    extra = (ev("policy_page", {"title": "Reactiebeleid"}), ev("webcare", {"hours": "24/7"}),
             ev("community_platform", {"url": "https://ideeen.example.nl", "name": "Denk mee"}),
             ev("stopped_platform", {"platform": "facebook", "moved_to": []}),
             ev("department_account", {"platform": "instagram", "handle": "example_jobs", "unit": "HR"}))
    accounts, evidence = scan(x, dept, staff, extra=extra)
    known = {e.id for e in evidence}
    signals = compute_signals(accounts, evidence, coverage(website="ok", x="ok"), NOW)
    for sig in signals.values():
        assert set(sig.evidence) <= known, sig.name
        if sig.value not in (None, 0, False) and sig.name != "coverage_ratio":
            assert sig.evidence, f"{sig.name}={sig.value!r} rests on no evidence"


def test_activity_evidence_is_linked_to_its_account():
    acc, evs = account("x", "example", act=activity())
    accounts, evidence = scan((acc, evs))
    activity_ev = [e for e in evs if e.kind == "activity"][0]
    signals = compute_signals(accounts, evidence, coverage(website="ok", x="ok"), NOW)
    assert activity_ev.id in signals["posts_per_week"].evidence
    assert activity_ev.id in signals["active_platforms"].evidence


def test_naive_now_is_read_as_utc():
    acc = account("x", "example", act=activity(days_ago=10))
    accounts, evidence = scan(acc)
    out = values(accounts, evidence, coverage(website="ok"))
    naive = {n: s.value for n, s in compute_signals(accounts, evidence, coverage(website="ok"),
                                                     NOW.replace(tzinfo=None)).items()}
    assert naive == out


def test_active_department_accounts_counts_read_departments_that_posted():
    main = account("x", "example", act=activity(days_ago=1))
    jobs = account("x", "example_jobs", role="department", act=activity(days_ago=3))
    north = account("bluesky", "noord.example.nl", role="department", act=activity(days_ago=200, ppw=0.0, sample=0))
    unread = account("mastodon", "zuid@social.example", role="department")
    accounts, evidence = scan(main, jobs, north, unread)
    assert values(accounts, evidence, coverage(website="ok"))["active_department_accounts"] == 1
    accounts, evidence = scan(main, unread)
    assert values(accounts, evidence, coverage(website="ok"))["active_department_accounts"] is None
    accounts, evidence = scan(main)
    assert values(accounts, evidence, coverage(website="ok"))["active_department_accounts"] == 0


def test_staff_signals_rest_on_the_aggregated_staff_read_at_as_of():
    from datetime import timedelta

    from analyzer.core.staff import StaffAccountRead, StaffPost, StaffReads

    def posts(*days_about):
        return tuple(StaffPost(NOW - timedelta(days=d), about) for d, about in days_about)

    reads = StaffReads(found=4, cap=10, failed=1, accounts=(
        StaffAccountRead("bluesky", posts((3, True), (40, False))),   # active, about the organisation
        StaffAccountRead("mastodon", posts((45, True))),              # not active, but about it in the window
        StaffAccountRead("youtube", ())))                             # read, silent
    people = [account("bluesky", f"p{i}.bsky.social", role="staff") for i in range(4)]
    accounts, evidence = scan(*people)
    read = ev("staff_read", reads.to_json())
    out = compute_signals(accounts, evidence + (read,), coverage(website="ok"), NOW)
    assert out["staff_active"].value == 1 and out["staff_active"].evidence == (read.id,)
    assert out["staff_posts_about_org"].value == 2
    later = compute_signals(accounts, evidence + (read,), coverage(website="ok"), NOW + timedelta(days=50))
    assert later["staff_active"].value == 0 and later["staff_posts_about_org"].value == 1
    nothing = ev("staff_read", StaffReads(found=4, cap=10, failed=4).to_json())
    unknown = compute_signals(accounts, evidence + (nothing,), coverage(website="ok"), NOW)
    assert unknown["staff_active"].value is None and unknown["staff_posts_about_org"].value is None
    none = compute_signals((), (page(),), coverage(website="ok"), NOW)
    assert none["staff_active"].value == 0 and none["staff_posts_about_org"].value == 0
