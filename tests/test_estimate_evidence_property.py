"""Properties of the estimate at the evidence level: generated scans (official accounts on X,
Bluesky, Mastodon and YouTube with the posts, replies and questions read; website findings;
coverage) go through the code a scan runs (compute_signals -> rules + classifier -> estimate), and
the estimate must move the way a consultant can defend:

(a) moving as_of further into silence (no posts added) never raises the expected phase nor
    P(functional or transformation);
(b) removing an active official account never raises them;
    and in (a) and (b), where the evidence thins, the confidence shown never rises either;
(c) adding evidence of a policy, webcare or co-creation never lowers them;
(d) a signal left unobserved (None) never scores above the same signal observed at its least
    mature value.

A few hundred cases each here; benchmarks/fuzz_long.py runs them with thousands.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings, strategies as st

from analyzer.core.posts import PostRecord, PostsRead, Question, QuestionsRead, SourceRead
from analyzer.core.types import PHASES, Account, Coverage, Evidence

CAPTURE = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
SITE = "https://example.nl/"
PLATFORMS = ("x", "bluesky", "mastodon", "youtube")
FINDINGS = ("policy_page", "webcare", "social_role", "community_platform", "ambassador_programme")
ADDED = {"policy": ("policy_page", {}), "webcare": ("webcare", {"hours": None, "channels": []}),
         "webcare with hours": ("webcare", {"hours": "ma-vr 8-20", "channels": []}),
         "co-creation": ("community_platform", {}), "ambassadors": ("ambassador_programme", {})}
CASES = settings(max_examples=max(150, settings.default.max_examples), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EPS = 1e-9


@functools.lru_cache(maxsize=1)
def tools():
    from analyzer.core.settings import Settings
    from analyzer.rules import load_rules
    from analyzer.scoring import load_classifier

    return load_rules(None), load_classifier(Settings())


def ev(kind, value, *, platform=None, url=SITE, collector="website", derived_from=()) -> Evidence:
    return Evidence.make(kind=kind, value=value, platform=platform, source_url=url, collector=collector,
                         observed_at=CAPTURE, excerpt=f"{kind} on {url}", derived_from=derived_from)


@dataclass(frozen=True)
class Scan:
    """What a scan collected: accounts with their evidence, the site findings and coverage."""

    accounts: tuple[Account, ...]
    evidence: tuple[Evidence, ...]
    website: str                 # coverage status of the website collector
    unread: frozenset            # platforms whose collector could not run (no token, failed)

    def coverage(self) -> dict[str, Coverage]:
        from collectors import registry

        readers = registry.activity_readers()
        out = {"website": Coverage("website", self.website, None if self.website == "ok" else "timeout")}
        used = {a.platform for a in self.accounts if a.role in ("official", "department")}
        for platform in PLATFORMS:
            name = readers.get(platform, platform)
            if platform not in used:
                out[name] = Coverage(name, "skipped", "no_accounts")
            elif platform in self.unread:
                out[name] = Coverage(name, "unavailable" if platform == "x" else "failed",
                                     "no_token" if platform == "x" else "timeout")
            else:
                out[name] = Coverage(name, "ok")
        return out

    def without(self, account: Account) -> "Scan":
        own = set(account.evidence)
        return Scan(tuple(a for a in self.accounts if a is not account),
                    tuple(e for e in self.evidence if e.id not in own), self.website, self.unread)

    def plus(self, *extra: Evidence) -> "Scan":
        return Scan(self.accounts, self.evidence + extra, self.website, self.unread)


def signals_at(scan: Scan, as_of: datetime):
    from analyzer.signals import compute_signals

    return compute_signals(scan.accounts, scan.evidence, scan.coverage(), as_of, domain="example.nl")


def figures_of(signals, scan: Scan):
    """(expected phase index, P(functional or transformation)) of the estimate a scan makes."""
    from analyzer.estimate import make_estimate
    from analyzer.status import scan_status

    ruleset, model = tools()
    coverage = scan.coverage()
    status = scan_status(scan.accounts, coverage)
    if status == "unobservable":
        return None
    est = make_estimate(ruleset.evaluate(signals), model.predict_signals(signals), coverage, signals,
                        status=status, ruleset=ruleset.name, model=model.name)
    p = est.probabilities
    return sum(i * p[k] for i, k in enumerate(PHASES)), p["functional"] + p["transformation"], est.confidence


def figures(scan: Scan, as_of: datetime = CAPTURE):
    return figures_of(signals_at(scan, as_of), scan)


def changed(a: Scan, a_at: datetime, b: Scan, b_at: datetime) -> dict:
    """The signals that differ between two scans (the message of a failing property)."""
    sa, sb = signals_at(a, a_at), signals_at(b, b_at)
    return {n: (sa[n].value, sb[n].value) for n in sa if sa[n].value != sb[n].value}


def not_above(after, before, confidence: bool = False) -> bool:
    """`after` no higher than `before` in expected phase and P(functional or transformation), and
    (when asked: the evidence thinned) in the confidence shown."""
    if after is None or before is None:
        return True
    return (after[0] <= before[0] + EPS and after[1] <= before[1] + EPS
            and (not confidence or after[2] <= before[2] + EPS))


# --- strategies ---------------------------------------------------------------------------------

@st.composite
def posts_read(draw, platform: str, handle: str) -> PostsRead:
    video = platform == "youtube"
    n = draw(st.integers(0, 40))
    days = sorted(draw(st.lists(st.floats(0.05, 200.0), min_size=n, max_size=n)))
    posts = []
    for i, d in enumerate(days):
        reply = not video and draw(st.booleans())
        posts.append(PostRecord(id=f"{handle}-{i}", created_at=CAPTURE - timedelta(days=d),
                                is_reply_to_other=reply, is_repost=not video and not reply and draw(st.booleans()),
                                reply_count=None if video else draw(st.integers(0, 3))))
    questions = None
    if not video and draw(st.booleans()):
        items = []
        for i in range(draw(st.integers(0, 12))):
            asked = CAPTURE - timedelta(days=draw(st.floats(0.1, 150.0)))
            wait = draw(st.none() | st.floats(1.0, 5000.0))
            answered = asked + timedelta(minutes=wait) if wait is not None else None
            if answered is not None and answered > CAPTURE:
                answered = None   # an answer after the capture was not read
            items.append(Question(id=f"{handle}-q{i}", created_at=asked, answered_at=answered))
        questions = QuestionsRead(sources={"threads": SourceRead(status="ok", read=len(items))}, items=tuple(items))
    created = draw(st.none() | st.floats(5.0, 2000.0))
    return PostsRead(platform=platform, handle=handle, source="rss" if video else "api", posts=tuple(posts),
                     history_complete=draw(st.booleans()), sample_cap=100,
                     replies_observed=not video, reposts_observed=not video,
                     account_created_at=None if created is None else CAPTURE - timedelta(days=created),
                     followers=draw(st.none() | st.integers(0, 50_000)), questions=questions)


@st.composite
def scans(draw) -> Scan:
    website = draw(st.sampled_from(("ok", "ok", "ok", "partial", "failed")))
    evidence: list[Evidence] = []
    if website != "failed":
        evidence.append(ev("page_fetched", {"status": 200, "final_url": SITE, "title": "Example", "lang": "nl",
                                            "role": "home"}))
        for kind in draw(st.lists(st.sampled_from(FINDINGS), unique=True, max_size=3)):
            evidence.append(ev(kind, {"hours": draw(st.none() | st.just("9-17")), "channels": []}
                               if kind == "webcare" else {}))
        if draw(st.booleans()):
            evidence.append(ev("share_buttons", {"platforms": ["x"]}))
    accounts: list[Account] = []
    slots = draw(st.lists(st.tuples(st.sampled_from(PLATFORMS), st.sampled_from(("official", "official", "department"))),
                          max_size=4))
    unread = frozenset(draw(st.lists(st.sampled_from(PLATFORMS), unique=True, max_size=2)))
    for i, (platform, role) in enumerate(slots):
        handle = f"org{i}" if platform != "mastodon" else f"org{i}@mastodon.social"
        url = f"https://{platform}.example/{handle}"
        found = ev("account_link", {"platform": platform, "handle": handle, "url": url, "location": "footer",
                                    "role": role, "shape": "profile"})
        ids = [found.id]
        evidence.append(found)
        if platform not in unread:
            read = draw(posts_read(platform, handle))
            kept = ev("posts_read", read.to_json(), platform=platform, url=url, collector=platform,
                      derived_from=(found.id,))
            evidence.append(kept)
            ids.append(kept.id)
        accounts.append(Account(platform=platform, handle=handle, url=url, role=role,
                                ownership=draw(st.sampled_from(("verified", "claimed"))),
                                platform_verified=draw(st.none() | st.booleans()), evidence=tuple(ids)))
    for i in range(draw(st.integers(0, 2))):   # staff on their own initiative, found on the site
        url = f"https://x.example/staff{i}"
        found = ev("account_link", {"platform": "x", "handle": f"staff{i}", "url": url, "location": "team",
                                    "role": "staff", "shape": "profile"})
        evidence.append(found)
        accounts.append(Account(platform="x", handle=f"staff{i}", url=url, role="staff", evidence=(found.id,)))
    return Scan(tuple(accounts), tuple(evidence), website, unread)


# --- the properties -----------------------------------------------------------------------------

@CASES
@given(scans(), st.floats(0.0, 400.0), st.floats(0.5, 400.0))
def test_moving_as_of_further_into_silence_never_raises_the_estimate(scan, start, later):
    first = CAPTURE + timedelta(days=start)
    before, after = figures(scan, first), figures(scan, first + timedelta(days=later))
    assert not_above(after, before, confidence=True), \
        f"{before} {after} {changed(scan, first, scan, first + timedelta(days=later))}"


@CASES
@given(scans(), st.floats(0.0, 60.0), st.integers(0, 3))
def test_removing_an_active_official_account_never_raises_the_estimate(scan, days, pick):
    from analyzer.signals.view import ScanView

    as_of = CAPTURE + timedelta(days=days)
    view = ScanView.build(scan.accounts, scan.evidence, scan.coverage(), as_of)
    active = [a for a, seen in zip(scan.accounts, view.accounts)
              if a.role in ("official", "department") and view.is_active(seen)]
    if not active:
        return
    fewer = scan.without(active[pick % len(active)])
    before, after = figures(scan, as_of), figures(fewer, as_of)
    assert not_above(after, before, confidence=True), f"{before} {after} {changed(scan, as_of, fewer, as_of)}"


@CASES
@given(scans(), st.sampled_from(sorted(ADDED)), st.floats(0.0, 200.0))
def test_evidence_of_policy_webcare_or_co_creation_never_lowers_the_estimate(scan, what, days):
    if scan.website == "failed":
        return   # on-site evidence needs the website read
    kind, value = ADDED[what]
    as_of = CAPTURE + timedelta(days=days)
    more = scan.plus(ev(kind, value, url=SITE + "over-ons"))
    before, after = figures(scan, as_of), figures(more, as_of)
    assert not_above(before, after), f"{before} {after} {changed(scan, as_of, more, as_of)}"


def _least_mature():
    """Directed, nullable signals and a value at their least mature end a scan can observe."""
    from analyzer.signals import SIGNALS

    far = {"days_since_last_post": 3650.0, "median_response_minutes": 525_600.0, "gap_regularity": 10.0}
    return {s.name: far.get(s.name, s.unobserved_as if s.kind != "bool" else bool(s.unobserved_as))
            for s in SIGNALS if s.direction and s.nullable}


@CASES
@given(scans(), st.sampled_from(sorted(_least_mature())), st.floats(0.0, 200.0))
def test_an_unobserved_signal_never_scores_above_its_least_mature_value(scan, name, days):
    from analyzer.core.types import Signal

    signals = signals_at(scan, CAPTURE + timedelta(days=days))
    unknown = dict(signals, **{name: Signal(name, None)})
    least = dict(signals, **{name: Signal(name, _least_mature()[name])})
    assert not_above(figures_of(unknown, scan), figures_of(least, scan))
