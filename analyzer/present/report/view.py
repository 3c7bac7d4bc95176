"""What a person reads about one scan, as plain JSON-able data in one language.

`scan_view` is the single source for `footprint explain` (terminal and --json) and the HTML
report, so they always say the same thing. Untrusted text (handles, excerpts, URLs) is passed on
as-is; escaping is the renderer's job, but only http(s) URLs are offered as `link`. Staff accounts
are personal data: without `show_names` their handles, names, profile URLs and the evidence about
them are left out, and only their number, platforms and roles remain.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from analyzer.present import i18n
from analyzer.core.orgname import organisation_name as _organisation_name
from analyzer.core.types import PHASES, Account, Evidence, ScanResult, iso

STAFF = "staff"


def safe_link(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) URL with a host, else None (shown as text only)."""
    if not url or any(ord(c) < 0x21 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def scan_view(result: ScanResult, lang: str, show_names: bool = False) -> dict[str, Any]:
    est = result.estimate
    personal = set() if show_names else personal_evidence(result)
    evidence = {e.id: e for e in result.evidence}
    probs = est.probabilities or {}
    return {
        "domain": result.target.display, "name": organisation_name(result),
        "key": result.target.key, "scan_id": result.scan_id,
        "status": result.status, "status_label": i18n.label(i18n.SCAN_STATUS, result.status, lang),
        "scanned_at": iso(result.scanned_at), "scanned_at_label": i18n.fmt_date(result.scanned_at, lang, True),
        "as_of": iso(result.as_of), "as_of_label": i18n.fmt_date(result.as_of, lang, True),
        "version": result.version, "ruleset": est.ruleset,
        "model": est.model, "method": est.method, "lang": lang,
        "phase": est.phase, "phase_label": i18n.phase_label(est.phase, lang) if est.phase else None,
        "confidence": est.confidence,
        "confidence_reasons": [readable_codes(i18n.pick(r, lang), lang) for r in est.confidence_reasons],
        "probabilities": [{"phase": p, "label": i18n.phase_label(p, lang), "p": probs.get(p),
                           "current": p == est.phase,
                           "description": i18n.pick(i18n.PHASE_DESCRIPTIONS[p], lang)} for p in PHASES],
        "rules": _rules(result, evidence, personal, lang),
        "accounts": [_account(a, lang) for a in result.accounts if a.role != STAFF],
        "staff": _staff(result, lang, show_names),
        "coverage": _coverage(result, lang),
        "signals": _signals(result, lang),
        "next_steps": [i18n.step_text(s, lang) for s in est.next_steps],
    }


def organisation_name(result: ScanResult) -> str | None:
    """The organisation's name as its homepage title gives it (analyzer.core.orgname)."""
    return _organisation_name(result.evidence)


def readable_codes(text: str, lang: str) -> str:
    """A coverage reason's code in a sentence, "(login_wall)", said in words for people."""
    return re.sub(r"\((\w+)\)", lambda m: f"({i18n.COVERAGE_REASONS[m.group(1)][lang]})"
                  if m.group(1) in i18n.COVERAGE_REASONS else m.group(0), text)


def personal_evidence(result: ScanResult) -> set[str]:
    """Ids of evidence that would identify a person: about staff accounts, from their profiles, or
    quoting them (an official bio that names an account classified as staff is not quoted either).
    The one rule for every output meant for people: explain, the report, XLSX, the workspace."""
    staff = [a for a in result.accounts if a.role == STAFF]
    if not staff:
        return set()
    ids = {eid for a in staff for eid in a.evidence}
    urls = {a.url for a in staff if a.url}
    mentions = _mentions(staff)
    for e in result.evidence:
        if e.kind == "staff_account" or (e.source_url and e.source_url in urls):
            ids.add(e.id)
        elif mentions and mentions.search(f"{e.excerpt or ''} {e.value if isinstance(e.value, str) else ''}"):
            ids.add(e.id)
    return ids


def _mentions(staff) -> re.Pattern | None:
    """A staff account as it is quoted: @handle, its profile URL without scheme, or the bare handle."""
    forms: set[str] = set()
    for a in staff:
        handle = (a.handle or "").rpartition(":")[2].lstrip("@").split("@")[0]
        if len(handle) >= 3:
            forms.add(handle.lower())
        if a.url:
            forms.add(a.url.split("://", 1)[-1].rstrip("/").lower())
    if not forms:
        return None
    alternatives = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])@?(?:{alternatives})(?![\w-])", re.I)


def evidence_view(e: Evidence, lang: str, hidden: bool = False) -> dict[str, Any]:
    kind = i18n.label(i18n.EVIDENCE_KINDS, e.kind, lang)
    if hidden:
        return {"id": e.id, "kind": e.kind, "kind_label": kind, "platform": e.platform, "url": None, "link": None,
                "observed_at": iso(e.observed_at), "seen": i18n.fmt_date(e.observed_at, lang),
                "excerpt": None, "hidden": True}
    return {"id": e.id, "kind": e.kind, "kind_label": kind, "platform": e.platform, "url": e.source_url,
            "link": safe_link(e.source_url), "observed_at": iso(e.observed_at),
            "seen": i18n.fmt_date(e.observed_at, lang), "excerpt": e.excerpt, "hidden": False}


def _rules(result: ScanResult, evidence: dict[str, Evidence], personal: set[str],
           lang: str) -> list[dict[str, Any]]:
    phases = list(PHASES) + sorted({r.phase for r in result.estimate.rules} - set(PHASES))
    out = []
    for phase in phases:
        groups: dict[str, list[dict[str, Any]]] = {"fired": [], "unmet": [], "unknown": []}
        for r in sorted((r for r in result.estimate.rules if r.phase == phase), key=lambda r: -r.weight):
            group = "fired" if r.fired is True else "unmet" if r.fired is False else "unknown"
            shown = [evidence_view(evidence[eid], lang, eid in personal) for eid in r.evidence if eid in evidence]
            # A rule that found nothing rests only on the pages read: say so, do not list the pages.
            nothing = group != "fired" and bool(shown) and all(e["kind"] == "page_fetched" for e in shown)
            groups[group].append({
                "id": r.id, "weight": r.weight, "fired": r.fired,
                "reason": i18n.pick(r.reason, lang), "next_step": i18n.pick(r.next_step, lang) or None,
                "evidence": shown, "sources": [] if nothing else sources(shown),
                "nothing_found": i18n.t("nothing_found", lang, n=len(shown)) if nothing else None})
        out.append({"phase": phase, "label": i18n.phase_label(phase, lang),
                    "relation": _relation(phase, result.estimate.phase), **groups})
    return out


def _relation(phase: str, current: str | None) -> str | None:
    """Where a phase lies from the estimated one: below, current, above (None without estimate)."""
    if current not in PHASES or phase not in PHASES:
        return None
    here, there = PHASES.index(current), PHASES.index(phase)
    return "current" if here == there else "below" if there < here else "above"


def sources(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence grouped by where it was seen: one entry per source URL (hidden ones together),
    with the kinds of observation made there, the latest date and the distinct excerpts."""
    out: dict[str, dict[str, Any]] = {}
    for e in items:
        key = "hidden" if e["hidden"] else e["url"] or f"kind:{e['kind']}"
        group = out.setdefault(key, {"url": e["url"], "link": e["link"], "hidden": e["hidden"],
                                     "kinds": [], "observed_at": e["observed_at"], "seen": e["seen"],
                                     "excerpts": [], "count": 0})
        group["count"] += 1
        if e["kind_label"] not in group["kinds"]:
            group["kinds"].append(e["kind_label"])
        if e["observed_at"] and (group["observed_at"] or "") < e["observed_at"]:
            group["observed_at"], group["seen"] = e["observed_at"], e["seen"]
        # A page's title is no evidence of anything: only what was found on the page is quoted.
        if e["excerpt"] and e["kind"] != "page_fetched" and e["excerpt"] not in group["excerpts"]:
            group["excerpts"].append(e["excerpt"])
    return list(out.values())


def _account(a: Account, lang: str) -> dict[str, Any]:
    act = a.activity
    return {
        "platform": a.platform, "platform_label": i18n.platform_name(a.platform), "handle": a.handle,
        "name": a.name, "url": a.url, "link": safe_link(a.url), "role": a.role,
        "role_label": i18n.label(i18n.ROLES, a.role, lang), "ownership": a.ownership,
        "ownership_label": i18n.label(i18n.OWNERSHIP, a.ownership, lang),
        "platform_verified": a.platform_verified,
        "active": act.active if act else None,
        "posts_per_week": act.posts_per_week if act else None,
        "reply_share": act.reply_share if act else None,
        "sample_size": act.sample_size if act else None,
        "mention_response_rate": act.mention_response_rate if act else None,
        "mention_sample_size": act.mention_sample_size if act else None,
        "median_response_minutes": act.median_response_minutes if act else None,
        "answered": i18n.fmt_answered(act.mention_response_rate, act.mention_sample_size, lang) if act else "–",
        "bounded_by": list(act.bounded_by) if act else [],
        "window_days": act.window_days if act else None,
        "last_post_at": iso(act.last_post_at) if act else None,
        "last_post": i18n.fmt_date(act.last_post_at, lang) if act and act.last_post_at else None,
        "evidence": list(a.evidence),
    }


def _staff(result: ScanResult, lang: str, show_names: bool) -> dict[str, Any]:
    staff = [a for a in result.accounts if a.role == STAFF]
    signal = result.signals.get("staff_accounts")
    count = len(staff) if staff or signal is None else signal.value
    platforms: dict[str, int] = {}
    for a in staff:
        platforms[a.platform] = platforms.get(a.platform, 0) + 1
    ids = {eid for a in staff for eid in a.evidence}
    titles = sorted({str(e.value["title"]) for e in result.evidence
                     if e.id in ids and isinstance(e.value, dict) and e.value.get("title")})
    return {"count": count, "names_shown": show_names,
            "platforms": [{"platform": p, "label": i18n.platform_name(p), "count": n}
                          for p, n in sorted(platforms.items())],
            "roles": titles, "read": _staff_read(result, lang),
            "accounts": [_account(a, lang) for a in staff] if show_names else []}


def _staff_read(result: ScanResult, lang: str) -> dict[str, Any] | None:
    """What the staff accounts' aggregated read gave (counts only, never per person), or None."""
    from analyzer.core.staff import KIND, StaffReads

    ev = next((e for e in reversed(result.evidence) if e.kind == KIND and isinstance(e.value, dict)), None)
    if ev is None:
        return None
    reads = StaffReads.from_json(ev.value)
    values = {n: result.signals[n].value if n in result.signals else None
              for n in ("staff_active", "staff_posts_about_org")}
    return {"read": len(reads.accounts), "found": reads.found, "failed": reads.failed,
            "not_read": reads.not_read, "evidence": ev.id, **values,
            "text": i18n.t("staff_read_line", lang, read=len(reads.accounts), found=reads.found,
                           active=signal_text("staff_active", values["staff_active"], lang),
                           about=signal_text("staff_posts_about_org", values["staff_posts_about_org"], lang))}


def _coverage(result: ScanResult, lang: str) -> list[dict[str, Any]]:
    out = []
    for name, cov in sorted(result.coverage.items()):
        out.append({"collector": name, "label": i18n.source_name(name, lang), "status": cov.status,
                    "status_label": i18n.label(i18n.COVERAGE_STATUS, cov.status, lang),
                    "reason": cov.reason, "meaning": i18n.label(i18n.COVERAGE_REASONS, cov.reason, lang),
                    "detail": cov.detail, "gap": cov.status not in ("ok", "skipped")})
    return out


def _signals(result: ScanResult, lang: str) -> list[dict[str, Any]]:
    names = [n for n in i18n.KEY_SIGNALS if n in result.signals]
    names += sorted(set(result.signals) - set(names))
    return [{"name": n, "label": i18n.label(i18n.SIGNALS, n, lang), "value": result.signals[n].value,
             "display": signal_text(n, result.signals[n].value, lang), "key": n in i18n.KEY_SIGNALS}
            for n in names]


def signal_text(name: str, value: Any, lang: str) -> str:
    """A signal value as a person reads it: shares as percentages, unobserved as a dash."""
    if value is None:
        return "–"
    if name.endswith("_share") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return i18n.fmt_share(value, lang)
    if isinstance(value, (bool, int, float)):
        return i18n.fmt_number(value, lang)
    return str(value)
