"""The scan JSON contract (DESIGN.md "The scan JSON"), rendered from a ScanResult.

`scan_to_json(result, lang)` is the one renderer: `footprint scan --json`, the batch's JSON lines
and the report all use it. Ids never change with the language; labels, reasons and next steps do.
The JSON Schema ships beside this module (scan.schema.json) and a test validates real output.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from analyzer import SCHEMA_VERSION, __version__
from analyzer.core.types import PHASE_LABELS, PHASES, ScanResult, iso


def _text(d: dict[str, str] | None, lang: str) -> str | None:
    if not d:
        return None
    return d.get(lang) or d.get("en")


def scan_to_json(result: ScanResult, lang: str = "en") -> dict[str, Any]:
    est = result.estimate
    probabilities = None
    if est.probabilities is not None:
        probabilities = {p: round(float(est.probabilities.get(p, 0.0)), 4) for p in PHASES}
    return {
        "schema_version": SCHEMA_VERSION,
        "version": result.version or __version__,
        "domain": result.target.key,
        "domain_display": result.target.display,
        "input": result.target.input,
        "scan_id": result.scan_id,
        "scanned_at": iso(result.scanned_at),
        "as_of": iso(result.as_of),
        "status": result.status,
        "phase": est.phase,
        "phase_label": PHASE_LABELS[est.phase][lang] if est.phase else None,
        "probabilities": probabilities,
        "confidence": round(float(est.confidence), 3),
        "confidence_reasons": [_text(r, lang) for r in est.confidence_reasons],
        "method": est.method,
        "ruleset": est.ruleset,
        "model": est.model,
        "accounts": [a.to_json() for a in result.accounts],
        "signals": {name: sig.value for name, sig in result.signals.items()},
        "signal_evidence": {name: list(sig.evidence) for name, sig in result.signals.items() if sig.evidence},
        "rules": [o.to_json(lang) for o in est.rules],
        "next_steps": [_text(s, lang) for s in est.next_steps],
        "evidence": [e.to_json() for e in result.evidence],
        "coverage": {name: cov.to_json() for name, cov in sorted(result.coverage.items())},
    }


@lru_cache(maxsize=1)
def scan_schema() -> dict[str, Any]:
    return json.loads(resources.files("analyzer.present").joinpath("scan.schema.json").read_text("utf-8"))


def validate_scan_json(data: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `data` does not follow the contract."""
    import jsonschema

    jsonschema.validate(data, scan_schema())
