"""The scan JSON contract (DESIGN.md "The scan JSON"), rendered from a ScanResult.

`scan_to_json(result, lang, show_names)` is the one renderer: `footprint scan --json`, the batch's JSON lines
and the report all use it. It is a projection of the lossless `analyzer.core.serialize` form into
one language, so no field of a scan is written twice. Ids never change with the language; labels,
reasons and next steps do. Staff display names (and the excerpts about staff) appear only with
`show_names` (`--names`); staff activity is kept aggregated (`staff_read`), never per person.
The JSON Schema ships beside this module (scan.schema.json) and a test validates real output.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from analyzer import SCHEMA_VERSION, __version__
from analyzer.core.serialize import result_to_dict
from analyzer.core.types import PHASE_LABELS, PHASES, ScanResult


def _text(d: dict[str, str] | None, lang: str) -> str | None:
    if not d:
        return None
    return d.get(lang) or d.get("en")


def _rule(rule: dict[str, Any], lang: str) -> dict[str, Any]:
    return {**rule, "reason": _text(rule["reason"], lang), "next_step": _text(rule["next_step"], lang)}


def _without_names(data: dict[str, Any]) -> None:
    """Staff are personal data: the machine contract keeps their handles and URLs, never their display
    names nor what a team page or a bio says about them (DESIGN.md "Personal data"), unless asked."""
    for account in data["accounts"]:
        if account.get("role") == "staff":
            account["name"] = None
    for ev in data["evidence"]:
        if ev.get("kind") == "staff_account":
            ev["excerpt"] = None
            if isinstance(ev.get("value"), dict) and "name" in ev["value"]:
                ev["value"] = {**ev["value"], "name": None}


def scan_to_json(result: ScanResult, lang: str = "en", show_names: bool = False) -> dict[str, Any]:
    data = result_to_dict(result)
    if not show_names:
        _without_names(data)
    est = data["estimate"]
    probabilities = None
    if est["probabilities"] is not None:
        probabilities = {p: round(float(est["probabilities"].get(p, 0.0)), 4) for p in PHASES}
    return {
        "schema_version": SCHEMA_VERSION,
        "version": data["version"] or __version__,
        "domain": result.target.key,
        "domain_display": result.target.display,
        "input": result.target.input,
        "scan_id": result.scan_id,
        "scanned_at": data["scanned_at"],
        "as_of": data["as_of"],
        "status": data["status"],
        "phase": est["phase"],
        "phase_label": PHASE_LABELS[est["phase"]][lang] if est["phase"] else None,
        "probabilities": probabilities,
        "confidence": round(float(est["confidence"]), 3),
        "confidence_reasons": [_text(r, lang) for r in est["confidence_reasons"]],
        "method": est["method"],
        "ruleset": est["ruleset"],
        "model": est["model"],
        "accounts": data["accounts"],
        "signals": {name: sig["value"] for name, sig in data["signals"].items()},
        "signal_evidence": {name: sig["evidence"] for name, sig in data["signals"].items() if sig["evidence"]},
        "rules": [_rule(o, lang) for o in est["rules"]],
        "next_steps": [_text(s, lang) for s in est["next_steps"]],
        "evidence": data["evidence"],
        "coverage": dict(sorted(data["coverage"].items())),
    }


@lru_cache(maxsize=1)
def scan_schema() -> dict[str, Any]:
    return json.loads(resources.files("analyzer.present").joinpath("scan.schema.json").read_text("utf-8"))


def validate_scan_json(data: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `data` does not follow the contract."""
    import jsonschema

    jsonschema.validate(data, scan_schema())
