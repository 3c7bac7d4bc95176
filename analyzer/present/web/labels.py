"""The consultant's phases as LABELS.csv, in the format `footprint train` and `evaluate` read.

Columns: `domain` (the organisation key), `phase` (the id), `date` (the `as_of` of the scan that was
assessed, so that train picks that very scan), then `reviewer` and `assessed_at` for people; train
ignores columns it does not know. Comma-separated UTF-8, every field quoted, so a name or note with
a delimiter in it cannot confuse the reader's delimiter sniffing.
"""
from __future__ import annotations

import csv
from typing import Any, TextIO

from analyzer.store import Store

HEADER = ("domain", "phase", "date", "reviewer", "assessed_at")


def labels_csv(assessments: list[dict[str, Any]], out: TextIO, *, run: str | None = None,
               store: Store | None = None) -> int:
    """Write one row per assessed organisation (of `run`, when given); return the rows written."""
    keep = None
    if run is not None and store is not None:
        keep = {r[0] for r in store.query("SELECT DISTINCT org_key FROM run_rows WHERE run = ?", (run,))}
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    n = 0
    for a in assessments:
        if keep is not None and a["key"] not in keep:
            continue
        writer.writerow((a["key"], a["phase"], a["as_of"] or "", a["reviewer"], a["created_at"]))
        n += 1
    return n
