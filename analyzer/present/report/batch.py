"""A batch run as a folder of pages: index.html plus one page per organisation.

`BatchEntry` is one organisation of the run: its latest scan, or why there is none (an invalid
input, a failed scan). Files are written to a temporary name and renamed into place, so an
interrupted run never leaves half a page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from analyzer.core.files import write_text_atomic
from analyzer.present import i18n
from analyzer.present.report.charts import distribution
from analyzer.present.report.render import render_index, render_scan
from analyzer.present.report.view import signal_text
from analyzer.core.types import PHASES, ScanResult, iso, utcnow

ROW_STATUS = {"scored": {"en": "scored", "nl": "gescoord"}, "partial": {"en": "partial", "nl": "gedeeltelijk"},
              "unobservable": {"en": "unobservable", "nl": "niet waarneembaar"},
              "invalid": {"en": "invalid input", "nl": "ongeldige invoer"},
              "failed": {"en": "failed", "nl": "mislukt"}, "pending": {"en": "not scanned yet", "nl": "nog niet gescand"}}


@dataclass(frozen=True)
class BatchEntry:
    key: str
    result: ScanResult | None = None
    status: str | None = None
    reason: str | None = None

    @property
    def row_status(self) -> str:
        if self.result is None:
            return self.status or "failed"
        return {"complete": "scored"}.get(self.result.status, self.result.status)


def page_name(key: str, taken: set[str]) -> str:
    """A safe, unique file name for an organisation key (which may hold a path)."""
    stem = re.sub(r"[^a-z0-9.-]+", "_", key.lower()).strip("._") or "organisation"
    name, n = f"{stem[:120]}.html", 2
    while name in taken or name == "index.html":
        name, n = f"{stem[:120]}-{n}.html", n + 1
    taken.add(name)
    return name


def index_row(entry: BatchEntry, lang: str, page: str | None) -> dict[str, Any]:
    r = entry.result
    est = r.estimate if r else None
    values = {n: (r.signals[n].value if r and n in r.signals else None) for n in i18n.KEY_SIGNALS}
    return {
        "key": entry.key, "domain": r.target.display if r else entry.key, "page": page,
        "status": entry.row_status, "status_label": i18n.label(ROW_STATUS, entry.row_status, lang),
        "reason": entry.reason, "phase": est.phase if est else None,
        "phase_label": i18n.phase_label(est.phase, lang) if est and est.phase else None,
        "phase_index": PHASES.index(est.phase) if est and est.phase in PHASES else None,
        "confidence": est.confidence if est and est.phase else None,
        "display": {n: signal_text(n, v, lang) for n, v in values.items()},
        "sort": {n: _sortable(v) for n, v in values.items()},
        "scanned_at": iso(r.scanned_at) if r else None,
        "date": i18n.fmt_date(r.scanned_at, lang) if r else None,
    }


def _sortable(value: Any) -> str:
    if isinstance(value, bool):
        return str(int(value))
    return str(value) if isinstance(value, (int, float)) else ""


def write_batch(entries: Iterable[BatchEntry], out_dir: Path, *, run: str, lang: str = "en",
                show_names: bool = False,
                history: Callable[[str], Sequence[ScanResult]] | None = None) -> list[Path]:
    """Write one page per scanned organisation and index.html; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    rows, written = [], []
    counts: dict[str | None, int] = {}
    for entry in entries:
        page = None
        if entry.result is not None:
            page = page_name(entry.key, taken)
            html = render_scan(entry.result, lang=lang, show_names=show_names,
                               history=history(entry.key) if history else (), back_link="index.html")
            written.append(write_atomic(out_dir / page, html))
            phase = entry.result.estimate.phase
            counts[phase] = counts.get(phase, 0) + 1
        rows.append(index_row(entry, lang, page))
    labels = {p: i18n.phase_label(p, lang) for p in PHASES} | {None: i18n.t("no_estimate", lang)}
    html = render_index(rows, run=run, lang=lang, generated=utcnow(), dist=distribution(counts, labels))
    written.append(write_atomic(out_dir / "index.html", html))
    return written


def write_atomic(path: Path, text: str) -> Path:
    """Write `text` next to `path` and rename it into place (never a half-written page)."""
    return write_text_atomic(path, text)
