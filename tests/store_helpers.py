"""Hand-built ScanResults with every field filled, for store and batch tests."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from analyzer.core.normalize import normalize
from analyzer.core.types import (Account, Activity, Coverage, Estimate, Evidence, RuleOutcome, ScanResult,
                            Signal)

T0 = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=timezone.utc)


def make_result(domain: str = "gemeente-a.nl", *, scanned_at: datetime = T0, status: str = "complete",
                phase: str | None = "functional", excerpt: str = "Volg ons op X",
                handle: str = "gemeente_a") -> ScanResult:
    target = normalize(domain)
    link = Evidence.make(kind="account_link", platform="x", collector="website", observed_at=scanned_at,
                         value={"platform": "x", "handle": handle, "url": f"https://x.com/{handle}",
                                "location": "footer", "role": "official", "shape": "profile"},
                         source_url=f"https://{target.host}/", excerpt=excerpt)
    staff = Evidence.make(kind="staff_account", platform="linkedin", collector="website",
                          observed_at=scanned_at, value={"platform": "linkedin", "handle": "jan-jansen",
                                                         "name": "Jan Jansen", "source": "team page"},
                          source_url=f"https://{target.host}/team", excerpt="Jan Jansen, webredacteur",
                          derived_from=(link.id,))
    activity = Activity(last_post_at=scanned_at - timedelta(days=2), active=True, posts_per_week=4.5,
                        window_days=90.0, reply_share=0.25, sample_size=40, followers=1200)
    accounts = (
        Account("x", handle, f"https://x.com/{handle}", evidence=(link.id,), activity=activity,
                platform_verified=None, name="Gemeente A"),
        Account("linkedin", "jan-jansen", "https://www.linkedin.com/in/jan-jansen", role="staff",
                ownership="doubtful", evidence=(staff.id,)),
    )
    rules = (
        RuleOutcome("functional.regular_cadence", "functional", 0.6, True,
                    {"en": "Posts regularly.", "nl": "Plaatst regelmatig."},
                    {"en": "Keep going.", "nl": "Ga zo door."}, evidence=(link.id,), signals=("posts_per_week",)),
        RuleOutcome("transformation.community", "transformation", 0.8, None,
                    {"en": "Runs a community.", "nl": "Heeft een community."},
                    {"en": "Start a community.", "nl": "Begin een community."}, signals=("community",)),
    )
    probabilities = None if phase is None else {"ad_hoc": 0.05, "experimental": 0.15, "functional": 0.7,
                                                "transformation": 0.1}
    estimate = Estimate(phase=phase, probabilities=probabilities, confidence=0.62,
                        confidence_reasons=({"en": "X read", "nl": "X gelezen"},), rules=rules,
                        next_steps=({"en": "Start a community.", "nl": "Begin een community."},),
                        method="rules+classifier", ruleset="builtin", model="bundled-1")
    return ScanResult(
        target=target, scanned_at=scanned_at, as_of=scanned_at, status=status, accounts=accounts,
        evidence=(link, staff),
        coverage={"website": Coverage("website", "ok"),
                  "x": Coverage("x", "unavailable", "no_token", "X_BEARER_TOKEN not set")},
        signals={"posts_per_week": Signal("posts_per_week", 4.5, (link.id,)),
                 "active_platforms": Signal("active_platforms", 1, (link.id,)),
                 "reply_share": Signal("reply_share", None),
                 "staff_accounts": Signal("staff_accounts", 1, (staff.id,))},
        estimate=estimate, version="0.1.0", extra={"note": ["a", "b"]},
    )
