"""Where explain and report get their scans: the store, or a fresh scan when there is none.

The command layer's one place for "which scan do we show": `--scan ID`, else the organisation's
latest stored scan, else scan now and store the result. Batch runs come from the run journal.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Iterator

from analyzer.core.errors import FootprintError, UsageError
from analyzer.core.normalize import normalize
from analyzer.present.report.batch import BatchEntry
from analyzer.core.settings import Settings
from analyzer.store import Store, result_from_dict
from analyzer.core.types import ScanResult, Target

log = logging.getLogger(__name__)


def target_for(domain: str, settings: Settings) -> Target:
    return normalize(domain, allow_private=settings.allow_private)


def load_or_scan(store: Store, target: Target, settings: Settings,
                 scan_id: int | None = None) -> ScanResult:
    """The scan to show: `scan_id`, else the latest stored one, else a new scan (then stored)."""
    if scan_id is not None:
        result = store.get(scan_id)
        if result.target.key != target.key:
            raise UsageError(f"--scan {scan_id}: that scan is of {result.target.key}, not {target.key}")
        return result
    result = store.latest(target.key)
    if result is not None:
        return result
    from analyzer.scan import run_scan  # the scan pulls in collectors and the classifier: only now

    log.info("no stored scan of %s: scanning it now", target.key)
    result = run_scan(target, settings)
    try:
        from dataclasses import replace

        return replace(result, scan_id=store.save(result))
    except (OSError, FootprintError) as exc:  # the result is still shown; it is just not kept
        log.error("the scan of %s could not be stored: %s", target.key, exc)
        return result


def run_entries(store: Store, run: str) -> Iterator[BatchEntry]:
    """One entry per organisation of batch run `run`, in input order (first row wins)."""
    from analyzer.store.runs import RunJournal

    journal = RunJournal(store)
    if journal.meta(run) is None:
        raise UsageError(f"--run {run!r}: no batch run of that name in the store {store.path}")
    seen: set[str] = set()
    for row in journal.rows(run):
        key = row.key or row.raw
        if key in seen:
            continue
        seen.add(key)
        if row.result_json:
            yield BatchEntry(key, _result(row.result_json, row.scan_id), row.status, row.reason)
        else:
            yield BatchEntry(key, None, row.status, row.reason)


def _result(body: str, scan_id: Any) -> ScanResult:
    return result_from_dict(json.loads(body), scan_id=scan_id)
