"""The organisations table of the review workspace: one row per organisation in the store.

Each row is the organisation's latest scan (phase, probabilities, confidence, status, key signals
read straight from the stored JSON by SQLite, so no scan is parsed in Python), the batch runs it is
in with their input columns, and the consultant's latest assessment. `select` filters and sorts.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from analyzer.core.types import PHASES
from analyzer.present import i18n
from analyzer.store import Store

PROB_COLUMNS = tuple(f"p_{p}" for p in PHASES)
BASE_COLUMNS = ("domain", "phase", *PROB_COLUMNS, "confidence", "status", "scanned_at", "runs", "review")


@dataclass
class OrgRow:
    key: str
    domain: str
    scan_id: int
    status: str
    phase: str | None
    confidence: float | None
    scanned_at: str
    probabilities: dict[str, float]
    signals: dict[str, Any]
    runs: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)   # input column -> value (first row that has it)
    review: str | None = None                                # the consultant's latest phase

    def value(self, column: str) -> Any:
        """The value `column` sorts by (None sorts last)."""
        if column == "phase":
            return PHASES.index(self.phase) if self.phase in PHASES else None
        if column == "review":
            return PHASES.index(self.review) if self.review in PHASES else None
        if column in PROB_COLUMNS:
            return self.probabilities.get(column[2:])
        if column == "runs":
            return ", ".join(self.runs) or None
        if column in ("domain", "status", "scanned_at", "confidence"):
            return getattr(self, column)
        if column.startswith("s:"):
            return self.signals.get(column[2:])
        if column.startswith("c:"):
            return self.columns.get(column[2:])
        raise KeyError(column)


def load_rows(store: Store) -> list[OrgRow]:
    """Every organisation's latest scan with its runs, input columns and latest assessment."""
    params = tuple(f'$.signals."{n}".value' for n in i18n.KEY_SIGNALS)   # the paths go as parameters
    sql = (f"SELECT s.id, s.org_key, s.domain, s.status, s.phase, s.confidence, s.scanned_at, "
           f"json_extract(s.result, '$.estimate.probabilities'), "
           f"{', '.join(['json_extract(s.result, ?)'] * len(params))} FROM scans s "
           "WHERE s.id = (SELECT id FROM scans t WHERE t.org_key = s.org_key "
           "ORDER BY t.scanned_at DESC, t.id DESC LIMIT 1) ORDER BY s.org_key")
    rows: dict[str, OrgRow] = {}
    for sid, key, domain, status, phase, conf, scanned, probs, *values in store.query(sql, params):
        rows[key] = OrgRow(key, domain, sid, status, phase, conf, scanned, json.loads(probs) if probs else {},
                           dict(zip(i18n.KEY_SIGNALS, values)))
    headers = {name: json.loads(meta).get("columns", []) for name, meta in store.query("SELECT name, meta FROM runs")}
    for run, key, cells in store.query("SELECT run, org_key, cells FROM run_rows WHERE org_key IS NOT NULL "
                                       "ORDER BY run, row"):
        row = rows.get(key)
        if row is None:
            continue
        if run not in row.runs:
            row.runs.append(run)
        for name, cell in zip(headers.get(run, []), json.loads(cells)):
            if cell and name:
                row.columns.setdefault(name, cell)
    for key, phase in store.query("SELECT org_key, phase FROM assessments a WHERE id = (SELECT id FROM "
                                  "assessments b WHERE b.org_key = a.org_key ORDER BY created_at DESC, id DESC LIMIT 1)"):
        if key in rows:
            rows[key].review = phase
    return list(rows.values())


def input_columns(store: Store) -> list[str]:
    """Every input column of every run, except the domain column itself (in first-seen order)."""
    out: dict[str, None] = {}
    for (meta,) in store.query("SELECT meta FROM runs ORDER BY created_at"):
        data = json.loads(meta)
        for name in data.get("columns", []):
            if name and name != data.get("domain_column"):
                out.setdefault(name, None)
    return list(out)


@dataclass(frozen=True)
class Query:
    """What the organisations page was asked: filters, search and sort (all from the URL)."""

    run: str = ""
    phase: str = ""          # a phase id, or "none"
    status: str = ""
    review: str = ""         # "yes" (assessed) | "no"
    q: str = ""
    columns: tuple[tuple[str, str], ...] = ()   # (input column, value) pairs
    sort: str = "domain"
    desc: bool = False

    @classmethod
    def from_params(cls, params: Any, known_columns: list[str]) -> "Query":
        get = lambda k: (params.get(k) or "").strip()  # noqa: E731
        cols = tuple((c, get(f"c:{c}")) for c in known_columns if get(f"c:{c}"))
        return cls(run=get("run"), phase=get("phase"), status=get("status"), review=get("review"),
                   q=get("q"), columns=cols, sort=get("sort") or "domain", desc=get("dir") == "desc")

    def matches(self, row: OrgRow) -> bool:
        if self.run and self.run not in row.runs:
            return False
        if self.phase and (row.phase or "none") != self.phase:
            return False
        if self.status and row.status != self.status:
            return False
        if self.review and (row.review is not None) != (self.review == "yes"):
            return False
        if self.q and self.q.casefold() not in f"{row.key} {row.domain} {' '.join(row.columns.values())}".casefold():
            return False
        return all(row.columns.get(c, "").casefold() == v.casefold() for c, v in self.columns)


def select(rows: list[OrgRow], query: Query) -> list[OrgRow]:
    """The rows the query keeps, sorted by its column (unobserved values last, either way)."""
    kept = [r for r in rows if query.matches(r)]
    try:
        kept[0].value(query.sort) if kept else None
    except KeyError:
        query = Query(**{**query.__dict__, "sort": "domain"})
    known = [r for r in kept if r.value(query.sort) is not None]
    unknown = [r for r in kept if r.value(query.sort) is None]
    known.sort(key=lambda r: (_sortable(r.value(query.sort)), r.key), reverse=query.desc)
    return known + unknown


def _sortable(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, (int, float)):
        return (0, value)
    return (1, str(value).casefold())
