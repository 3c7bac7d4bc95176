"""Helpers for the batch tests: fixture organisations on the fake internet, and a TEST DOUBLE of
the scan.

`stand_in_run_scan` has analyzer.scan.run_scan's signature and really fetches the organisation's
homepage through the real fetch layer (so hangs, timeouts and errors are real), but builds a tiny
estimate itself: it lets the batch machinery be tested apart from the collectors and the model.
It lives in the tests only; the batch code calls analyzer.scan.run_scan unless a test passes this.
"""
from __future__ import annotations

import re

from analyzer.core.types import Coverage, Estimate, RuleOutcome, ScanResult, Signal, utcnow
from tests.servers import FakeInternet, html

LINK = re.compile(r"https://x\.com/([A-Za-z0-9_]+)")


def org_page(handle: str | None) -> str:
    link = f"<a href='https://x.com/{handle}'>Volg ons op X</a>" if handle else "Geen sociale media."
    return f"<html lang='nl'><body><h1>Welkom</h1><footer>{link}</footer></body></html>"


def serve_orgs(net: FakeInternet, domains: list[str], **reply_kw) -> None:
    for i, domain in enumerate(domains):
        handle = None if i % 3 == 2 else domain.split(".")[0].replace("-", "_")
        net.site(domain, {"/": html(org_page(handle), **reply_kw)})


def stand_in_run_scan(target, settings, *, layer=None, corrections=()) -> ScanResult:
    """TEST DOUBLE of analyzer.scan.run_scan: one real homepage fetch, a toy estimate."""
    from analyzer.core.types import Account, Evidence
    from collectors.http import Fetcher, FetchError

    if target.key.startswith("crash"):
        raise RuntimeError("a bug in the scan")
    started = utcnow()
    with Fetcher(settings) as fetcher:
        try:
            page = fetcher.get(target.start_url)
            handles = sorted(set(LINK.findall(page.text())))
            coverage = {"website": Coverage("website", "ok")}
        except FetchError as exc:
            handles = []
            coverage = {"website": Coverage("website", "failed", exc.reason, str(exc)[:100])}
    evidence = tuple(Evidence.make(kind="account_link", platform="x", value={"handle": h}, collector="website",
                                   observed_at=started, source_url=target.start_url, excerpt=f"x.com/{h}")
                     for h in handles)
    accounts = tuple(Account("x", h.lower(), f"https://x.com/{h}", evidence=(e.id,))
                     for h, e in zip(handles, evidence))
    observed = coverage["website"].status == "ok"
    phase = ("experimental" if accounts else "ad_hoc") if observed else None
    rule = RuleOutcome("experimental.first_account", "experimental", 0.5, bool(accounts) if observed else None,
                       {"en": "Has an organisation account.", "nl": "Heeft een organisatieaccount."},
                       {"en": "Open an account.", "nl": "Open een account."})
    probabilities = None if phase is None else {
        "ad_hoc": 0.2 if accounts else 0.7, "experimental": 0.6 if accounts else 0.2,
        "functional": 0.15 if accounts else 0.07, "transformation": 0.05 if accounts else 0.03}
    estimate = Estimate(phase=phase, probabilities=probabilities, confidence=0.4 if observed else 0.0,
                        rules=(rule,), method="stand-in")
    signals = {"active_platforms": Signal("active_platforms", None),
               "staff_accounts": Signal("staff_accounts", 0 if observed else None)}
    return ScanResult(target=target, scanned_at=started, as_of=started,
                      status="complete" if observed else "unobservable", accounts=accounts,
                      evidence=evidence, coverage=coverage, signals=signals, estimate=estimate, version="test")
