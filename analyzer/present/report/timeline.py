"""How an organisation changed over its stored scans: phase and key signals, scan by scan.

`history_view` feeds `footprint history` (terminal and --json) and the history chart of the
report. Scans come oldest observation first (as_of), as the store returns them, numbered #1, #2 ...;
a scan's date is its as_of, with the time when another scan shares its day.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from analyzer.present import i18n
from analyzer.present.report.view import signal_text
from analyzer.core.types import PHASES, ScanResult, iso


def history_view(results: Sequence[ScanResult], lang: str, domain: str | None = None) -> dict[str, Any]:
    scans: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    days = Counter(_day(r) for r in results)
    for number, r in enumerate(results, start=1):
        row = {"number": number, **_scan_row(r, lang, with_time=days[_day(r)] > 1)}
        row["changes"] = _changes(previous, row, lang)
        scans.append(row)
        previous = row
    shown = domain or (results[-1].target.display if results else "")
    return {"domain": shown, "lang": lang, "signals": list(i18n.KEY_SIGNALS),
            "signal_labels": {n: i18n.label(i18n.SIGNALS, n, lang) for n in i18n.KEY_SIGNALS},
            "scans": scans}


def _day(r: ScanResult) -> str:
    return (iso(r.as_of) or "")[:10]


def _scan_row(r: ScanResult, lang: str, with_time: bool) -> dict[str, Any]:
    est = r.estimate
    signals = {n: (r.signals[n].value if n in r.signals else None) for n in i18n.KEY_SIGNALS}
    return {
        "scan_id": r.scan_id, "scanned_at": iso(r.scanned_at), "as_of": iso(r.as_of),
        "date": i18n.fmt_date(r.as_of, lang, with_time=with_time), "status": r.status,
        "phase": est.phase, "phase_label": i18n.phase_label(est.phase, lang) if est.phase else None,
        "phase_index": PHASES.index(est.phase) if est.phase in PHASES else None,
        "probabilities": dict(est.probabilities) if est.probabilities else None,
        "confidence": est.confidence, "ruleset": est.ruleset, "version": r.version,
        "signals": signals,
        "signals_display": {n: signal_text(n, v, lang) for n, v in signals.items()},
    }


def _changes(before: dict[str, Any] | None, after: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """What differs from the scan before: the phase first, then each key signal."""
    if before is None:
        return []
    out = []
    if before["phase"] != after["phase"]:
        out.append({"field": "phase", "label": i18n.t("phase", lang),
                    "from": before["phase"], "to": after["phase"],
                    "text": f"{before['phase_label'] or '–'} → {after['phase_label'] or '–'}"})
    for name in i18n.KEY_SIGNALS:
        old, new = before["signals"][name], after["signals"][name]
        if old != new:
            out.append({"field": name, "label": i18n.label(i18n.SIGNALS_SHORT, name, lang),
                        "from": old, "to": new,
                        "text": f"{signal_text(name, old, lang)} → {signal_text(name, new, lang)}"})
    return out
