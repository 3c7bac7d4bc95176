"""Full, lossless serialisation of a ScanResult for the store.

This is the store's own format (every field, languages kept as {en, nl} dicts), not the scan JSON
contract that `analyzer.present.output` renders for people and scripts. `result_from_dict(result_to_dict(r))`
equals `r` except for `scan_id`, which the store sets on read.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from analyzer.core.types import (Account, Collected, Coverage, Estimate, Evidence, RuleOutcome, ScanResult,
                            Signal, Target, _jsonable, iso, parse_iso)

FORMAT = 1  # bump with an upgrade step in result_from_dict when the shape changes


def _rule_to_dict(o: RuleOutcome) -> dict[str, Any]:
    return {"id": o.id, "phase": o.phase, "weight": o.weight, "fired": o.fired,
            "reason": dict(o.reason), "next_step": dict(o.next_step),
            "evidence": list(o.evidence), "signals": list(o.signals)}


def _rule_from_dict(d: dict[str, Any]) -> RuleOutcome:
    return RuleOutcome(id=d["id"], phase=d["phase"], weight=d["weight"], fired=d["fired"],
                       reason=dict(d["reason"]), next_step=dict(d["next_step"]),
                       evidence=tuple(d.get("evidence") or ()), signals=tuple(d.get("signals") or ()))


def _estimate_to_dict(e: Estimate) -> dict[str, Any]:
    return {"phase": e.phase, "probabilities": dict(e.probabilities) if e.probabilities is not None else None,
            "confidence": e.confidence, "confidence_reasons": [dict(r) for r in e.confidence_reasons],
            "rules": [_rule_to_dict(o) for o in e.rules], "next_steps": [dict(s) for s in e.next_steps],
            "method": e.method, "ruleset": e.ruleset, "model": e.model}


def _estimate_from_dict(d: dict[str, Any]) -> Estimate:
    return Estimate(phase=d["phase"], probabilities=d.get("probabilities"), confidence=d["confidence"],
                    confidence_reasons=tuple(dict(r) for r in d.get("confidence_reasons") or ()),
                    rules=tuple(_rule_from_dict(o) for o in d.get("rules") or ()),
                    next_steps=tuple(dict(s) for s in d.get("next_steps") or ()),
                    method=d.get("method", "none"), ruleset=d.get("ruleset"), model=d.get("model"))


def _coverage_to_dict(coverage: dict[str, Coverage]) -> dict[str, Any]:
    return {name: {"collector": c.collector, "status": c.status, "reason": c.reason, "detail": c.detail}
            for name, c in coverage.items()}


def _coverage_from_dict(d: dict[str, Any]) -> dict[str, Coverage]:
    return {name: Coverage(c.get("collector", name), c["status"], c.get("reason"), c.get("detail"))
            for name, c in d.items()}


def result_to_dict(result: ScanResult) -> dict[str, Any]:
    """Every field of `result` as JSON-ready data (scan_id left out: the store owns it)."""
    return {
        "format": FORMAT,
        "target": asdict(result.target),
        "scanned_at": iso(result.scanned_at),
        "as_of": iso(result.as_of),
        "status": result.status,
        "version": result.version,
        "accounts": [a.to_json() for a in result.accounts],
        "evidence": [e.to_json() for e in result.evidence],
        "coverage": _coverage_to_dict(result.coverage),
        "signals": {name: {"name": s.name, "value": _jsonable(s.value), "evidence": list(s.evidence)}
                    for name, s in result.signals.items()},
        "estimate": _estimate_to_dict(result.estimate),
        "extra": _jsonable(result.extra),
    }


def result_from_dict(d: dict[str, Any], scan_id: int | None = None) -> ScanResult:
    """The inverse of result_to_dict; raises KeyError/TypeError on a dict of another shape."""
    if d.get("format", 1) > FORMAT:
        raise ValueError(f"stored scan format {d.get('format')} is newer than this footprint ({FORMAT})")
    return ScanResult(
        target=Target(**d["target"]),
        scanned_at=parse_iso(d["scanned_at"]),
        as_of=parse_iso(d["as_of"]),
        status=d["status"],
        accounts=tuple(Account.from_json(a) for a in d.get("accounts") or ()),
        evidence=tuple(Evidence.from_json(e) for e in d.get("evidence") or ()),
        coverage=_coverage_from_dict(d.get("coverage") or {}),
        signals={name: Signal(s.get("name", name), s.get("value"), tuple(s.get("evidence") or ()))
                 for name, s in (d.get("signals") or {}).items()},
        estimate=_estimate_from_dict(d["estimate"]),
        version=d.get("version", ""),
        scan_id=scan_id,
        extra=dict(d.get("extra") or {}),
    )


def collected_to_dict(c: Collected) -> dict[str, Any]:
    """What a worker observed, as plain data for the trip back to the client."""
    return {"format": FORMAT, "target": asdict(c.target), "scanned_at": iso(c.scanned_at), "as_of": iso(c.as_of),
            "version": c.version, "accounts": [a.to_json() for a in c.accounts],
            "evidence": [e.to_json() for e in c.evidence], "coverage": _coverage_to_dict(c.coverage)}


def collected_from_dict(d: dict[str, Any]) -> Collected:
    return Collected(target=Target(**d["target"]), scanned_at=parse_iso(d["scanned_at"]), as_of=parse_iso(d["as_of"]),
                     accounts=tuple(Account.from_json(a) for a in d.get("accounts") or ()),
                     evidence=tuple(Evidence.from_json(e) for e in d.get("evidence") or ()),
                     coverage=_coverage_from_dict(d.get("coverage") or {}), version=d.get("version", ""))
