"""Builders of realistic ScanResult objects for the explain, history and report tests.

The organisations are invented but shaped like real scans: a municipality in the functional phase
with a login-walled LinkedIn, a bakery experimenting with one X account, a site that could not be
reached at all, and a hostile site whose texts try to run script in the report.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from analyzer.core.types import (Account, Activity, Coverage, Estimate, Evidence, RuleOutcome,
                            ScanResult, Signal, Target)

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)
XSS_SCRIPT = "<script>document.title='pwned'</script>"
XSS_IMG = "<img src=x onerror=\"document.title='pwned'\">"
XSS_JS_URL = "javascript:document.title='pwned'"
XSS_DIALOG = "<svg onload=alert('dialog-sentinel')></svg><iframe src=\"javascript:alert('dialog-sentinel')\"></iframe>"


def target(key: str) -> Target:
    return Target(input=key, key=key, host=key, display=key, start_url=f"https://{key}/")


def ev(kind: str, url: str | None, excerpt: str | None, *, platform: str | None = None,
       value: object = None, days_ago: float = 0, now: datetime = NOW) -> Evidence:
    return Evidence.make(kind=kind, value=value if value is not None else {"url": url},
                         collector="website" if platform is None else platform, platform=platform,
                         observed_at=now - timedelta(days=days_ago), source_url=url, excerpt=excerpt)


def rule(rid: str, phase: str, fired: bool | None, en: str, nl: str, step_en: str = "",
         step_nl: str = "", evidence: tuple[Evidence, ...] = (), weight: float = 0.5) -> RuleOutcome:
    return RuleOutcome(id=rid, phase=phase, weight=weight, fired=fired, reason={"en": en, "nl": nl},
                       next_step={"en": step_en, "nl": step_nl} if step_en else {},
                       evidence=tuple(e.id for e in evidence))


def activity(ppw: float | None, reply: float | None, sample: int | None, *, active: bool | None = True,
             last_days: float | None = 2, now: datetime = NOW) -> Activity:
    return Activity(last_post_at=None if last_days is None else now - timedelta(days=last_days),
                    active=active, posts_per_week=ppw, window_days=90.0 if sample else None,
                    reply_share=reply, sample_size=sample, followers=None if sample is None else 4200)


def functional_result(*, now: datetime = NOW, scan_id: int | None = 3, posts: float = 17.6,
                      phase: str = "functional", key: str = "gemeente-voorbeeld.nl") -> ScanResult:
    """A municipality with webcare, a policy page, two active channels and two staff accounts."""
    site = f"https://www.{key}"
    home = ev("page_fetched", f"{site}/", "Gemeente Voorbeeld – Welkom", value={"status": 200, "title": "Welkom"}, now=now)
    x_link = ev("account_link", f"{site}/", "Volg ons op X: @gemvoorbeeld", value={"platform": "x", "handle": "gemvoorbeeld"}, now=now)
    fb_link = ev("account_link", f"{site}/contact", "Facebook: facebook.com/gemeentevoorbeeld", value={"platform": "facebook"}, now=now)
    li_link = ev("account_link", f"{site}/", "LinkedIn – Gemeente Voorbeeld", value={"platform": "linkedin"}, now=now)
    yt_link = ev("account_link", f"{site}/", "Onze video's op YouTube", value={"platform": "youtube"}, now=now)
    policy = ev("policy_page", f"{site}/socialmediabeleid", "Ons socialemediabeleid: wij reageren binnen één werkdag op vragen via X en Facebook.", value={"title": "Socialemediabeleid", "lang": "nl"}, now=now)
    webcare = ev("webcare", f"{site}/contact", "Webcare: ma–vr 8.00–20.00 via X, Facebook en WhatsApp", value={"hours": "ma-vr 8-20", "channels": ["x", "facebook"]}, now=now)
    x_act = ev("activity", "https://x.com/gemvoorbeeld", "120 posts read, 42% replies to residents", platform="x", value={"posts_per_week": 12.5}, now=now)
    fb_act = ev("activity", "https://www.facebook.com/gemeentevoorbeeld", "48 posts read over 90 days", platform="facebook", value={"posts_per_week": 5.1}, now=now)
    yt_act = ev("activity", "https://www.youtube.com/@gemeentevoorbeeld", "Last video 4 months ago", platform="youtube", value={"posts_per_week": 0.1}, now=now)
    staff1 = ev("staff_account", "https://x.com/janjansen_gv", "Jan Jansen – woordvoerder bij Gemeente Voorbeeld", platform="x", value={"platform": "x", "handle": "janjansen_gv", "name": "Jan Jansen", "title": "woordvoerder"}, now=now)
    staff2 = ev("staff_account", "https://www.linkedin.com/in/petra-de-vries", "Petra de Vries, online communicatie", platform="linkedin", value={"platform": "linkedin", "handle": "in:petra-de-vries", "name": "Petra de Vries"}, now=now)
    evidence = (home, x_link, fb_link, li_link, yt_link, policy, webcare, x_act, fb_act, yt_act, staff1, staff2)
    accounts = (
        Account("x", "gemvoorbeeld", "https://x.com/gemvoorbeeld", "official", "verified", True, (x_link.id, x_act.id), activity(12.5, 0.42, 120, now=now), "Gemeente Voorbeeld"),
        Account("facebook", "gemeentevoorbeeld", "https://www.facebook.com/gemeentevoorbeeld", "official", "claimed", None, (fb_link.id, fb_act.id), activity(5.1, 0.2, 48, last_days=1, now=now)),
        Account("linkedin", "company:gemeente-voorbeeld", "https://www.linkedin.com/company/gemeente-voorbeeld", "official", "claimed", None, (li_link.id,), None),
        Account("youtube", "@gemeentevoorbeeld", "https://www.youtube.com/@gemeentevoorbeeld", "official", "verified", False, (yt_link.id, yt_act.id), activity(0.1, 0.0, 9, active=False, last_days=121, now=now)),
        Account("instagram", "voorbeeld_jeugd", "https://www.instagram.com/voorbeeld_jeugd", "department", "claimed", None, (), None),
        Account("x", "janjansen_gv", "https://x.com/janjansen_gv", "staff", "claimed", None, (staff1.id,), None, "Jan Jansen"),
        Account("linkedin", "in:petra-de-vries", "https://www.linkedin.com/in/petra-de-vries", "staff", "doubtful", None, (staff2.id,), None, "Petra de Vries"),
    )
    coverage = {
        "website": Coverage("website", "ok"),
        "x": Coverage("x", "ok"),
        "facebook": Coverage("facebook", "partial", "rate_limited", "stopped after 48 posts"),
        "linkedin": Coverage("linkedin", "unavailable", "login_wall"),
        "instagram": Coverage("instagram", "unavailable", "login_wall"),
        "youtube": Coverage("youtube", "ok"),
        "bluesky": Coverage("bluesky", "skipped", "no_accounts"),
    }
    signals = {
        "official_platforms": Signal("official_platforms", 4, (x_link.id, fb_link.id, li_link.id, yt_link.id)),
        "active_platforms": Signal("active_platforms", 2, (x_act.id, fb_act.id)),
        "posts_per_week": Signal("posts_per_week", posts, (x_act.id, fb_act.id, yt_act.id)),
        "reply_share": Signal("reply_share", 0.36, (x_act.id, fb_act.id)),
        "staff_accounts": Signal("staff_accounts", 2, (staff1.id, staff2.id)),
        "policy_page": Signal("policy_page", True, (policy.id,)),
        "webcare": Signal("webcare", True, (webcare.id,)),
        "community_platform": Signal("community_platform", False, (home.id,)),
    }
    rules = (
        rule("ad_hoc.staff_only", "ad_hoc", False, "Only staff accounts, no organisation accounts.", "Alleen accounts van medewerkers, geen accounts van de organisatie.", evidence=(staff1, staff2)),
        rule("experimental.first_accounts", "experimental", True, "The organisation has its own accounts, linked from its website.", "De organisatie heeft eigen accounts, gelinkt vanaf haar website.", evidence=(x_link, fb_link, li_link, yt_link), weight=0.4),
        rule("functional.regular_cadence", "functional", True, "Posts at least three times a week on two or more platforms.", "Plaatst minstens drie keer per week op twee of meer platforms.", evidence=(x_act, fb_act), weight=0.6),
        rule("functional.policy", "functional", True, "Publishes a social media policy.", "Publiceert een socialemediabeleid.", evidence=(policy,)),
        rule("functional.webcare", "functional", True, "Offers webcare with stated hours.", "Biedt webcare met vaste tijden.", evidence=(webcare,)),
        rule("functional.all_channels_active", "functional", False, "Every official channel is active.", "Elk officieel kanaal is actief.", "Revive or close the YouTube channel: its last video is four months old.", "Blaas het YouTube-kanaal nieuw leven in of sluit het: de laatste video is vier maanden oud.", evidence=(yt_act,)),
        rule("functional.linkedin_active", "functional", None, "Posts regularly on LinkedIn.", "Plaatst regelmatig op LinkedIn.", "Let footprint read LinkedIn (it shows nothing without logging in).", "Laat footprint LinkedIn lezen (zonder inloggen toont het niets)."),
        rule("transformation.community", "transformation", False, "Runs a community or co-creation platform.", "Heeft een community- of co-creatieplatform.", "Open a place where residents help shape plans, such as an ideas platform.", "Open een plek waar inwoners meedenken over plannen, zoals een ideeënplatform.", evidence=(home,), weight=0.7),
        rule("transformation.ambassadors", "transformation", False, "Has an ambassador or employee-advocacy programme.", "Heeft een ambassadeurs- of medewerkersprogramma.", "Invite staff to share the municipality's news as ambassadors.", "Nodig medewerkers uit om als ambassadeur nieuws van de gemeente te delen."),
    )
    probs = {"functional": {"ad_hoc": 0.03, "experimental": 0.22, "functional": 0.61, "transformation": 0.14},
             "experimental": {"ad_hoc": 0.12, "experimental": 0.58, "functional": 0.26, "transformation": 0.04}}[phase]
    estimate = Estimate(
        phase=phase, probabilities=probs, confidence=0.72,
        confidence_reasons=({"en": "LinkedIn and Instagram show nothing without logging in; their activity is unknown.",
                             "nl": "LinkedIn en Instagram tonen niets zonder inloggen; hun activiteit is onbekend."},
                            {"en": "Facebook was read in part (rate limited).", "nl": "Facebook is deels gelezen (snelheidslimiet)."}),
        rules=rules,
        next_steps=({"en": "Revive or close the YouTube channel: its last video is four months old.",
                     "nl": "Blaas het YouTube-kanaal nieuw leven in of sluit het: de laatste video is vier maanden oud."},
                    {"en": "Open a place where residents help shape plans, such as an ideas platform.",
                     "nl": "Open een plek waar inwoners meedenken over plannen, zoals een ideeënplatform."}),
        method="rules+classifier", ruleset="builtin 2025.1", model="bundled-2025.1")
    return ScanResult(target=target(key), scanned_at=now, as_of=now, status="partial", accounts=accounts,
                      evidence=evidence, coverage=coverage, signals=signals, estimate=estimate,
                      version="0.1.0", scan_id=scan_id)


def experimental_result(*, key: str = "bakkerij-dekorst.nl", scan_id: int | None = 7,
                        now: datetime = NOW) -> ScanResult:
    """A bakery with one irregular X account and a Facebook page nobody answers on."""
    site = f"https://{key}"
    x_link = ev("account_link", f"{site}/", "Volg ons: twitter.com/dekorst", value={"platform": "x"}, now=now)
    x_act = ev("activity", "https://x.com/dekorst", "14 posts in 90 days, none a reply", platform="x", value={}, now=now)
    accounts = (Account("x", "dekorst", "https://x.com/dekorst", "official", "claimed", False, (x_link.id, x_act.id),
                        activity(1.1, 0.0, 14, last_days=9, now=now)),)
    signals = {"official_platforms": Signal("official_platforms", 1, (x_link.id,)),
               "active_platforms": Signal("active_platforms", 1, (x_act.id,)),
               "posts_per_week": Signal("posts_per_week", 1.1, (x_act.id,)),
               "reply_share": Signal("reply_share", 0.0, (x_act.id,)),
               "staff_accounts": Signal("staff_accounts", 0, ())}
    rules = (rule("experimental.first_accounts", "experimental", True, "The organisation has its own accounts.", "De organisatie heeft eigen accounts.", evidence=(x_link,)),
             rule("functional.regular_cadence", "functional", False, "Posts at least three times a week on two or more platforms.", "Plaatst minstens drie keer per week op twee of meer platforms.", "Post on a fixed schedule, at least three times a week.", "Plaats volgens een vast schema, minstens drie keer per week.", evidence=(x_act,)))
    estimate = Estimate(phase="experimental", probabilities={"ad_hoc": 0.2, "experimental": 0.65, "functional": 0.13, "transformation": 0.02},
                        confidence=0.81, rules=rules, method="rules+classifier", ruleset="builtin 2025.1", model="bundled-2025.1",
                        next_steps=({"en": "Post on a fixed schedule, at least three times a week.", "nl": "Plaats volgens een vast schema, minstens drie keer per week."},))
    return ScanResult(target=target(key), scanned_at=now, as_of=now, status="complete", accounts=accounts,
                      evidence=(x_link, x_act), coverage={"website": Coverage("website", "ok"), "x": Coverage("x", "ok")},
                      signals=signals, estimate=estimate, version="0.1.0", scan_id=scan_id)


def unobservable_result(*, key: str = "offline-stichting.nl", scan_id: int | None = 9) -> ScanResult:
    """Nothing could be fetched: no phase, no probabilities, a coverage gap that says why."""
    estimate = Estimate(phase=None, probabilities=None, confidence=0.0,
                        confidence_reasons=({"en": "The website could not be reached.", "nl": "De website was niet bereikbaar."},))
    signals = {name: Signal(name, None) for name in ("official_platforms", "active_platforms", "posts_per_week", "reply_share", "staff_accounts")}
    return ScanResult(target=target(key), scanned_at=NOW, as_of=NOW, status="unobservable", accounts=(), evidence=(),
                      coverage={"website": Coverage("website", "failed", "dns_error")}, signals=signals,
                      estimate=estimate, version="0.1.0", scan_id=scan_id)


def hostile_result(*, key: str = "evil-example.nl", scan_id: int | None = 13) -> ScanResult:
    """Every text that comes from the site tries to run script in whatever renders it."""
    payload = f"{XSS_SCRIPT}{XSS_IMG}{XSS_DIALOG}"
    link = ev("account_link", XSS_JS_URL, f"Follow {payload}", value={"platform": "x", "handle": payload})
    data_link = ev("policy_page", "data:text/html,<script>alert('dialog-sentinel')</script>", f"policy {XSS_IMG}", value={"title": XSS_SCRIPT})
    vb = ev("webcare", "vbscript:msgbox('dialog-sentinel')", XSS_SCRIPT, value={})
    ok = ev("page_fetched", f"https://{key}/?q=\"><script>document.title='pwned'</script>", f"home {XSS_DIALOG}", value={})
    staff = ev("staff_account", XSS_JS_URL, f"staff {payload}", platform="x", value={"name": XSS_SCRIPT, "title": XSS_IMG})
    accounts = (
        Account("x", payload, XSS_JS_URL, "official", "claimed", None, (link.id,), activity(3.0, 0.5, 20), XSS_SCRIPT),
        Account("mastodon", f"{XSS_IMG}@evil.social", "https://evil.social/@x\" onmouseover=\"document.title='pwned'", "official", "doubtful", None, (), None, XSS_IMG),
        Account("x", f"staff{XSS_SCRIPT}", XSS_JS_URL, "staff", "claimed", None, (staff.id,), None, XSS_IMG),
    )
    rules = (rule("experimental.first_accounts", "experimental", True, f"reason {XSS_SCRIPT}", f"reden {XSS_IMG}", f"step {XSS_DIALOG}", f"stap {XSS_DIALOG}", evidence=(link, data_link, vb, ok)),
             rule(f"custom.{XSS_IMG}", "functional", False, f"custom {XSS_IMG}", f"eigen {XSS_IMG}", evidence=(staff,)))
    estimate = Estimate(phase="experimental", probabilities={"ad_hoc": 0.1, "experimental": 0.7, "functional": 0.15, "transformation": 0.05},
                        confidence=0.5, rules=rules, confidence_reasons=({"en": XSS_SCRIPT, "nl": XSS_SCRIPT},),
                        next_steps=({"en": f"step {XSS_DIALOG}", "nl": f"stap {XSS_DIALOG}"},), method="rules", ruleset=XSS_IMG, model=None)
    signals = {"official_platforms": Signal("official_platforms", 2), "posts_per_week": Signal("posts_per_week", 3.0),
               "staff_accounts": Signal("staff_accounts", 1), XSS_SCRIPT: Signal(XSS_SCRIPT, XSS_IMG)}
    return ScanResult(target=target(key), scanned_at=NOW, as_of=NOW, status="complete", accounts=accounts,
                      evidence=(link, data_link, vb, ok, staff),
                      coverage={"website": Coverage("website", "ok"), "x": Coverage("x", "partial", "http_error", XSS_SCRIPT)},
                      signals=signals, estimate=estimate, version="0.1.0", scan_id=scan_id)


def history_results(key: str = "gemeente-voorbeeld.nl") -> list[ScanResult]:
    """Three scans of one organisation, oldest first: experimental twice, then functional."""
    first = functional_result(now=NOW - timedelta(days=180), scan_id=1, posts=4.2, phase="experimental", key=key)
    second = functional_result(now=NOW - timedelta(days=90), scan_id=2, posts=9.8, phase="experimental", key=key)
    third = functional_result(now=NOW, scan_id=3, key=key)
    first = _with_signal(first, "active_platforms", 1)
    return [first, second, third]


def _with_signal(result: ScanResult, name: str, value: object) -> ScanResult:
    from dataclasses import replace

    signals = dict(result.signals)
    signals[name] = Signal(name, value, signals[name].evidence if name in signals else ())
    return replace(result, signals=signals)


def cli(*args: str):
    """Run `footprint ARGS` in-process and return click's Result.

    The CLI's setup_logging replaces the root handlers without closing them; an open log file
    would be reported as an unraisable ResourceWarning, so close what the command left behind."""
    from click.testing import CliRunner

    from analyzer.cli import main

    try:
        return CliRunner().invoke(main, list(args))
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if isinstance(handler, logging.FileHandler):
                root.removeHandler(handler)
                handler.close()


def crowded_result() -> ScanResult:
    """A rule resting on many observations, several from the same page (as real rules do)."""
    from dataclasses import replace as _replace

    base = functional_result()
    pages = [f"https://www.gemeente-voorbeeld.nl/{p}" for p in ("", "contact", "over-ons", "nieuws", "pers", "werken")]
    items = [ev("account_link", url, f"link {i}", value={"i": i}) for i, url in enumerate(pages)]
    items.append(ev("page_fetched", pages[0], "Welkom", value={"status": 200}))
    crowded = rule("functional.many_sources", "functional", True, "Rests on many sources.", "Rust op veel bronnen.",
                   evidence=tuple(items))
    estimate = _replace(base.estimate, rules=(*base.estimate.rules, crowded))
    return _replace(base, evidence=(*base.evidence, *items), estimate=estimate)
