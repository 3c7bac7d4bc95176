"""Ordered upgrade steps for a serialised scan result, as detect-secrets does for its baseline.

Every stored scan carries `format`; `upgrade(data)` runs the steps from that format up to
`FORMAT`, so rows written by any earlier footprint read as today's shape (the store, the batch
journal and a distributed run's wire all go through `analyzer.core.serialize.result_from_dict`).

To change what a scan result holds (a field added, renamed, moved or dropped):

1. change the codec in `analyzer/core/serialize.py` (what is written from now on);
2. write one function below, `_vN_to_vN1(data) -> None`, that turns a format-N dict into a
   format-N+1 dict in place (fill what old rows cannot know with None, never with a guess);
3. append it to `STEPS`. `FORMAT` follows from the length of `STEPS`; nothing else changes;
4. add a test with a row in the old shape (tests/test_store.py has one per step).

Never edit or reorder a step that has shipped: rows in users' stores depend on it.
"""
from __future__ import annotations

from typing import Any, Callable

Step = Callable[[dict[str, Any]], None]


def _v1_to_v2(data: dict[str, Any]) -> None:
    """Coverage and signals are keyed by their name: the copy of it inside each entry went."""
    for cov in (data.get("coverage") or {}).values():
        cov.pop("collector", None)
    for sig in (data.get("signals") or {}).values():
        sig.pop("name", None)


def _v2_to_v3(data: dict[str, Any]) -> None:
    """Activity is kept once: the collector-made `activity` evidence lost the definitions text it
    carried in every account (they live in analyzer.signals.activity_model); its numbers and id
    stay, since reports cite them. Accounts' activity gains `source` and `bounded_by`, unknown
    for old rows."""
    for ev in data.get("evidence") or ():
        if ev.get("kind") == "activity" and isinstance(ev.get("value"), dict):
            ev["value"].pop("definitions", None)
    for acc in data.get("accounts") or ():
        act = acc.get("activity")
        if isinstance(act, dict):
            act.setdefault("source", None)
            act.setdefault("bounded_by", [])


def _v3_to_v4(data: dict[str, Any]) -> None:
    """An unobservable scan has no phase, no probabilities and confidence 0 (the contract's
    `phase: null`): rows stored while the scan and the estimate each decided "unobservable" on their
    own may carry a phase the status denies. It is cleared, never guessed; the rules judged stay."""
    estimate = data.get("estimate")
    if data.get("status") != "unobservable" or not isinstance(estimate, dict):
        return
    estimate.update(phase=None, probabilities=None, confidence=0.0, next_steps=[], method="none", model=None)


STEPS: tuple[Step, ...] = (_v1_to_v2, _v2_to_v3, _v3_to_v4)
FORMAT = len(STEPS) + 1


class FormatTooNew(ValueError):
    """A stored scan written by a newer footprint than this one."""


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """`data` (changed in place) brought from its `format` up to FORMAT; rows without one are 1."""
    version = int(data.get("format") or 1)
    if version > FORMAT:
        raise FormatTooNew(f"stored scan format {version} is newer than this footprint ({FORMAT})")
    for step in STEPS[version - 1:]:
        step(data)
    data["format"] = FORMAT
    return data
