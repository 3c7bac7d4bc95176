"""The one serialisation of a scan result and its parts: frozen types <-> JSON-ready dicts.

`result_to_dict` is lossless (every field, texts kept in both languages) and carries `format`;
`result_from_dict` first runs the ordered upgrade steps of `analyzer.core.upgrades`, so a dict
of any earlier format reads as today's. The store, the batch journal and a distributed run's
wire use this pair; the scan JSON contract (`analyzer.present.output`) is a projection of
`result_to_dict` in one language, so a field is written here once and nowhere else.

`result_from_dict(result_to_dict(r)) == r` except for `scan_id`, which the store sets on read.
To change the shape, follow the checklist in `analyzer/core/upgrades.py`.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from analyzer.core.types import (Account, Activity, Collected, Coverage, Estimate, Evidence, RuleOutcome, ScanResult,
                                 Signal, Target, _jsonable, iso, parse_iso)
from analyzer.core.upgrades import FORMAT, upgrade

__all__ = ["FORMAT", "result_to_dict", "result_from_dict", "collected_to_dict", "collected_from_dict", "evidence_to_dict", "evidence_from_dict",
           "activity_to_dict", "activity_from_dict", "account_to_dict", "account_from_dict"]

_TIMES = ("last_post_at", "created_at")  # the datetime fields of Activity
_LISTS = ("bounded_by",)                   # its tuple fields


def evidence_to_dict(e: Evidence) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind, "platform": e.platform, "value": e.value,
            "source_url": e.source_url, "observed_at": iso(e.observed_at),
            "excerpt": e.excerpt, "collector": e.collector, "derived_from": list(e.derived_from)}


def evidence_from_dict(d: dict[str, Any]) -> Evidence:
    return Evidence(id=d["id"], kind=d["kind"], platform=d.get("platform"), value=d.get("value"),
                    source_url=d.get("source_url"), observed_at=parse_iso(d["observed_at"]),
                    excerpt=d.get("excerpt"), collector=d["collector"],
                    derived_from=tuple(d.get("derived_from") or ()))


def activity_to_dict(a: Activity) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in Activity.__dataclass_fields__:
        value = getattr(a, name)
        out[name] = iso(value) if name in _TIMES else list(value) if name in _LISTS else value
    return out


def activity_from_dict(d: dict[str, Any]) -> Activity:
    values: dict[str, Any] = {}
    for name in Activity.__dataclass_fields__:
        value = d.get(name)
        values[name] = parse_iso(value) if name in _TIMES else tuple(value or ()) if name in _LISTS else value
    return Activity(**values)


def account_to_dict(a: Account) -> dict[str, Any]:
    return {"platform": a.platform, "handle": a.handle, "url": a.url, "role": a.role,
            "ownership": a.ownership, "platform_verified": a.platform_verified, "name": a.name,
            "evidence": list(a.evidence),
            "activity": activity_to_dict(a.activity) if a.activity else None}


def account_from_dict(d: dict[str, Any]) -> Account:
    act = d.get("activity")
    return Account(platform=d["platform"], handle=d["handle"], url=d["url"], role=d["role"],
                   ownership=d["ownership"], platform_verified=d.get("platform_verified"),
                   evidence=tuple(d.get("evidence") or ()), name=d.get("name"),
                   activity=activity_from_dict(act) if act else None)


def coverage_to_dict(c: Coverage) -> dict[str, Any]:
    """Without the collector's name: coverage is keyed by it."""
    return {"status": c.status, "reason": c.reason, "detail": c.detail}


def _coverage_from_dict(d: dict[str, Any]) -> dict[str, Coverage]:
    return {name: Coverage(name, c["status"], c.get("reason"), c.get("detail")) for name, c in d.items()}


def rule_to_dict(o: RuleOutcome) -> dict[str, Any]:
    return {"id": o.id, "phase": o.phase, "weight": o.weight, "fired": o.fired,
            "reason": dict(o.reason), "next_step": dict(o.next_step),
            "signals": list(o.signals), "evidence": list(o.evidence)}


def _rule_from_dict(d: dict[str, Any]) -> RuleOutcome:
    return RuleOutcome(id=d["id"], phase=d["phase"], weight=d["weight"], fired=d["fired"],
                       reason=dict(d["reason"]), next_step=dict(d["next_step"]),
                       evidence=tuple(d.get("evidence") or ()), signals=tuple(d.get("signals") or ()))


def _estimate_to_dict(e: Estimate) -> dict[str, Any]:
    return {"phase": e.phase, "probabilities": dict(e.probabilities) if e.probabilities is not None else None,
            "confidence": e.confidence, "confidence_reasons": [dict(r) for r in e.confidence_reasons],
            "rules": [rule_to_dict(o) for o in e.rules], "next_steps": [dict(s) for s in e.next_steps],
            "method": e.method, "ruleset": e.ruleset, "model": e.model}


def _estimate_from_dict(d: dict[str, Any]) -> Estimate:
    return Estimate(phase=d["phase"], probabilities=d.get("probabilities"), confidence=d["confidence"],
                    confidence_reasons=tuple(dict(r) for r in d.get("confidence_reasons") or ()),
                    rules=tuple(_rule_from_dict(o) for o in d.get("rules") or ()),
                    next_steps=tuple(dict(s) for s in d.get("next_steps") or ()),
                    method=d.get("method", "none"), ruleset=d.get("ruleset"), model=d.get("model"))


def result_to_dict(result: ScanResult) -> dict[str, Any]:
    """Every field of `result` as JSON-ready data (scan_id left out: the store owns it)."""
    return {
        "format": FORMAT,
        "target": asdict(result.target),
        "scanned_at": iso(result.scanned_at),
        "as_of": iso(result.as_of),
        "status": result.status,
        "version": result.version,
        "accounts": [account_to_dict(a) for a in result.accounts],
        "evidence": [evidence_to_dict(e) for e in result.evidence],
        "coverage": {name: coverage_to_dict(c) for name, c in result.coverage.items()},
        "signals": {name: {"value": _jsonable(s.value), "evidence": list(s.evidence)}
                    for name, s in result.signals.items()},
        "estimate": _estimate_to_dict(result.estimate),
        "extra": _jsonable(result.extra),
    }


def result_from_dict(d: dict[str, Any], scan_id: int | None = None) -> ScanResult:
    """The inverse of result_to_dict, for a dict of any format (upgraded in place first).

    Raises `FormatTooNew` for a dict from a newer footprint, KeyError/TypeError for another shape.
    """
    d = upgrade(d)
    return ScanResult(
        target=Target(**d["target"]),
        scanned_at=parse_iso(d["scanned_at"]),
        as_of=parse_iso(d["as_of"]),
        status=d["status"],
        accounts=tuple(account_from_dict(a) for a in d.get("accounts") or ()),
        evidence=tuple(evidence_from_dict(e) for e in d.get("evidence") or ()),
        coverage=_coverage_from_dict(d.get("coverage") or {}),
        signals={name: Signal(name, s.get("value"), tuple(s.get("evidence") or ()))
                 for name, s in (d.get("signals") or {}).items()},
        estimate=_estimate_from_dict(d["estimate"]),
        version=d.get("version", ""),
        scan_id=scan_id,
        extra=dict(d.get("extra") or {}),
    )


def collected_to_dict(c: Collected) -> dict[str, Any]:
    """What a worker observed, as plain data for the trip back to the client (same codec)."""
    return {"format": FORMAT, "target": asdict(c.target), "scanned_at": iso(c.scanned_at), "as_of": iso(c.as_of),
            "version": c.version, "accounts": [account_to_dict(a) for a in c.accounts],
            "evidence": [evidence_to_dict(e) for e in c.evidence],
            "coverage": {name: coverage_to_dict(cov) for name, cov in c.coverage.items()}}


def collected_from_dict(d: dict[str, Any]) -> Collected:
    d = upgrade(d)
    return Collected(target=Target(**d["target"]), scanned_at=parse_iso(d["scanned_at"]),
                     as_of=parse_iso(d["as_of"]),
                     accounts=tuple(account_from_dict(a) for a in d.get("accounts") or ()),
                     evidence=tuple(evidence_from_dict(e) for e in d.get("evidence") or ()),
                     coverage=_coverage_from_dict(d.get("coverage") or {}), version=d.get("version", ""))
