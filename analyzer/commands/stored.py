"""Which stored scans `explain`, `report` and `history` show: never a new scan.

`--scan ID`, else the organisation's latest stored scan; with none stored the command refuses
with one line that says how to scan it (exit 2), so nothing is drawn for an organisation that was
not observed. Batch runs come from the run journal.
"""
from __future__ import annotations

import json
import shlex
from typing import TYPE_CHECKING, Any, Iterator

from analyzer.core.errors import UsageError
from analyzer.core.normalize import normalize
from analyzer.core.settings import Settings
from analyzer.core.types import ScanResult, Target
from analyzer.store import Store, result_from_dict

if TYPE_CHECKING:  # the report's module loads Jinja2: `history` and `explain` need neither
    from analyzer.present.report.batch import BatchEntry


def target_for(domain: str, settings: Settings) -> Target:
    return normalize(domain, allow_private=settings.allow_private)


def scan_hint(target: Target, settings: Settings) -> str:
    """The command that scans `target` into the same store."""
    db = f" --db {shlex.quote(settings.db)}" if settings.db else ""
    return f"footprint scan {shlex.quote(target.key)}{db}"


def stored_scan(store: Store, target: Target, settings: Settings, scan_id: int | None = None) -> ScanResult:
    """The scan to show: `scan_id`, else the latest stored one; none stored is a usage error."""
    if scan_id is not None:
        result = store.get(scan_id)
        if result.target.key != target.key:
            raise UsageError(f"--scan {scan_id}: that scan is of {result.target.key}, not {target.key}")
        return result
    result = store.latest(target.key)
    if result is None:
        raise UsageError(f"{target.key}: no stored scan; scan it first with `{scan_hint(target, settings)}`")
    return result


def run_entries(store: Store, run: str) -> Iterator[BatchEntry]:
    """One entry per organisation of batch run `run`, in input order (first row wins)."""
    from analyzer.present.report.batch import BatchEntry
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
