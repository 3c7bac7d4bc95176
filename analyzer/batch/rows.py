"""One output row per input row: the input's cells, then the batch columns of DESIGN.md "Batch".

Every output format (CSV, XLSX, JSON lines, Parquet, the notebook DataFrame) is built from
`output_row`, so they cannot disagree. Unobserved values are None (an empty cell), never 0.
"""
from __future__ import annotations

from typing import Any

from analyzer.store.runs import RunRow
from analyzer.core.types import PHASE_LABELS, PHASES, ScanResult, iso

OUTPUT_COLUMNS: tuple[str, ...] = (
    "domain", "status", "reason", "phase", "phase_label", "p_ad_hoc", "p_experimental", "p_functional",
    "p_transformation", "confidence", "platforms", "active_platforms", "posts_per_week", "reply_share",
    "staff_accounts", "top_reasons", "scanned_at",
)
BATCH_STATUSES = ("scored", "partial", "unobservable", "invalid", "failed")
STATUS_OF_SCAN = {"complete": "scored", "partial": "partial", "unobservable": "unobservable"}
SIGNAL_COLUMNS = ("active_platforms", "posts_per_week", "reply_share", "staff_accounts")
OWN_ROLES = ("official", "department")


def input_headers(columns: tuple[str, ...]) -> tuple[str, ...]:
    """The input's column names, renamed where they clash with a batch column ('domain (input)')."""
    out = []
    for name in columns:
        new = name
        while new in OUTPUT_COLUMNS or new in out:
            new = f"{new} (input)"
        out.append(new)
    return tuple(out)


def _round(value: Any, digits: int) -> Any:
    return round(float(value), digits) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def top_reasons(result: ScanResult, lang: str, limit: int = 3) -> str | None:
    fired = sorted((o for o in result.estimate.rules if o.fired is True), key=lambda o: (-o.weight, o.id))
    texts = [o.reason.get(lang) or o.reason.get("en") or o.id for o in fired[:limit]]
    return " | ".join(texts) or None


def official_platforms(result: ScanResult) -> Any:
    """The `official_platforms` signal, or the same count taken from the accounts."""
    if "official_platforms" in result.signals:
        return result.signals["official_platforms"].value
    return len({a.platform for a in result.accounts if a.role in OWN_ROLES and a.ownership != "doubtful"})


def gaps(result: ScanResult) -> str | None:
    """What could not be observed, as 'collector: reason; ...' (None when nothing is missing)."""
    parts = [f"{name}: {cov.reason or cov.status}" for name, cov in sorted(result.coverage.items())
             if cov.status not in ("ok", "skipped")]
    return "; ".join(parts) or None


def scan_columns(result: ScanResult, lang: str) -> dict[str, Any]:
    est = result.estimate
    probs = est.probabilities or {}
    values = {name: (result.signals[name].value if name in result.signals else None) for name in SIGNAL_COLUMNS}
    unobservable = result.status == "unobservable"
    return {
        "domain": result.target.key,
        "status": STATUS_OF_SCAN.get(result.status, "partial"),
        "reason": gaps(result),
        "phase": est.phase,
        "phase_label": PHASE_LABELS[est.phase][lang] if est.phase else None,
        **{f"p_{p}": _round(probs.get(p), 4) if est.probabilities is not None else None for p in PHASES},
        "confidence": None if unobservable else _round(est.confidence, 3),
        "platforms": None if unobservable else official_platforms(result),
        "active_platforms": values["active_platforms"],
        "posts_per_week": _round(values["posts_per_week"], 2),
        "reply_share": _round(values["reply_share"], 3),
        "staff_accounts": values["staff_accounts"],
        "top_reasons": top_reasons(result, lang),
        "scanned_at": iso(result.scanned_at),
    }


def output_row(row: RunRow, result: ScanResult | None, lang: str) -> dict[str, Any]:
    """The batch columns for one journal row (`result` is its stored scan, if any)."""
    if result is not None:
        return scan_columns(result, lang)
    empty: dict[str, Any] = dict.fromkeys(OUTPUT_COLUMNS)
    empty["domain"] = row.key
    if row.status == "invalid":
        empty.update(status="invalid", reason=f"row {row.row}: {row.reason}")
    elif row.status == "failed":
        empty.update(status="failed", reason=row.reason or "failed")
    else:
        empty.update(status="failed", reason="not scanned yet (the run was interrupted; run it again)")
    return empty
