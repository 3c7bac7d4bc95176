"""The batch journal: every input row of a run, and which scan (or failure) answered it.

A run is created with all its rows in one transaction; each finished organisation then marks its
rows done in the same transaction that stores its scan (`Store.save(result, run=...)`), so a run
killed at any moment resumes with nothing lost and nothing scanned twice.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Iterable, Iterator

from analyzer.core.errors import UsageError
from analyzer.store.db import Store, ts
from analyzer.core.types import utcnow

ROW_STATUSES = ("pending", "done", "failed", "invalid")


@dataclass(frozen=True)
class InputRow:
    """One input row as the journal keeps it: `key` is None when the domain is invalid."""

    row: int
    cells: tuple[str, ...]
    raw: str
    key: str | None
    reason: str | None = None


@dataclass(frozen=True)
class RunRow:
    row: int
    cells: tuple[str, ...]
    raw: str
    key: str | None
    status: str
    reason: str | None
    scan_id: int | None
    worker: str | None
    result_json: str | None


class RunJournal:
    def __init__(self, store: Store):
        self.store = store

    def meta(self, name: str) -> dict[str, Any] | None:
        rows = self.store.query("SELECT input_digest, source, created_at, rows, meta FROM runs WHERE name = ?",
                                (name,))
        if not rows:
            return None
        digest, source, created, n, meta = rows[0]
        return {"digest": digest, "source": source, "created_at": created, "rows": n, **json.loads(meta)}

    def open(self, name: str, digest: str, source: str, meta: dict[str, Any],
             rows: Iterable[InputRow]) -> bool:
        """Create run `name` with its rows, or check that it was made from the same input.

        Returns True when the run is new, False when it resumes. Raises UsageError when the name
        was used for a different input file.
        """
        old = self.meta(name)
        if old is not None:
            if old["digest"] != digest:
                raise UsageError(f"run {name!r} was made from another input ({old['source']}); "
                                 f"use another --run NAME for {source}")
            return False
        with self.store.transaction() as conn:
            conn.execute("INSERT INTO runs (name, input_digest, source, created_at, meta) VALUES (?, ?, ?, ?, ?)",
                         (name, digest, source, ts(utcnow()), self.store.dumps(meta)))
            count = 0
            batch: list[tuple[Any, ...]] = []
            for r in rows:
                status = "pending" if r.key is not None else "invalid"
                batch.append((name, r.row, r.key, r.raw, self.store.dumps(list(r.cells)), status, r.reason))
                count += 1
                if len(batch) >= 500:
                    self._insert(conn, batch)
            self._insert(conn, batch)
            conn.execute("UPDATE runs SET rows = ? WHERE name = ?", (count, name))
        return True

    @staticmethod
    def _insert(conn: Any, batch: list[tuple[Any, ...]]) -> None:
        conn.executemany("INSERT INTO run_rows (run, row, org_key, raw, cells, status, reason) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
        batch.clear()

    def to_scan(self, name: str, *, retry_failed: bool = False,
                max_age_days: float | None = None) -> "ToScan":
        """(key, raw input, cells, row number of its first row) of every organisation the run still has to scan, in input order.

        Rows already answered stay answered, unless `retry_failed` (failed or unobservable) or
        `max_age_days` (their scan is older) says otherwise. With `max_age_days`, a pending
        organisation with a recent enough scan in the store (from any run) is linked to it instead.
        The answer has a length and is read from the store a page at a time as it is iterated, so
        a batch of 100,000 organisations never holds its whole list in memory.
        """
        cutoff = ts(utcnow() - timedelta(days=max_age_days)) if max_age_days is not None else None
        if cutoff is not None:
            self._link_recent(name, cutoff)
        clauses = ["r.status = 'pending'"]
        params: list[Any] = [name]
        if retry_failed:
            clauses += ["r.status = 'failed'", "(r.status = 'done' AND s.status = 'unobservable')"]
        if cutoff is not None:
            clauses.append("(r.status = 'done' AND s.scanned_at < ?)")
            params.append(cutoff)
        (count,), = self.store.query(
            "SELECT COUNT(DISTINCT r.org_key) FROM run_rows r LEFT JOIN scans s ON s.id = r.scan_id "
            f"WHERE r.run = ? AND r.org_key IS NOT NULL AND ({' OR '.join(clauses)})", tuple(params))
        return ToScan(self.store, tuple(clauses), tuple(params), count)

    def _link_recent(self, name: str, cutoff: str) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE run_rows SET status = 'done', reason = NULL, updated_at = ?, scan_id = "
                "(SELECT s.id FROM scans s WHERE s.org_key = run_rows.org_key AND s.scanned_at >= ? "
                " AND s.status != 'unobservable' ORDER BY s.scanned_at DESC, s.id DESC LIMIT 1) "
                "WHERE run = ? AND status = 'pending' AND org_key IS NOT NULL AND EXISTS "
                "(SELECT 1 FROM scans s WHERE s.org_key = run_rows.org_key AND s.scanned_at >= ? "
                " AND s.status != 'unobservable')", (ts(utcnow()), cutoff, name, cutoff))

    def mark_failed(self, name: str, key: str, reason: str, worker: str | None = None) -> None:
        """Record that the scan of `key` failed (a bug or a stuck scan), for every row asking it."""
        with self.store.transaction() as conn:
            self.fail_in(conn, name, key, reason, worker)

    def fail_in(self, conn: Any, name: str, key: str, reason: str, worker: str | None) -> None:
        conn.execute("UPDATE run_rows SET status = 'failed', reason = ?, scan_id = NULL, worker = ?, "
                     "updated_at = ? WHERE run = ? AND org_key = ? AND status != 'invalid'",
                     (self.store.scrub(reason), worker, ts(utcnow()), name, key))

    def rows(self, name: str) -> Iterator[RunRow]:
        """Every row of the run in input order, with the stored scan's JSON when there is one."""
        sql = ("SELECT r.row, r.cells, r.raw, r.org_key, r.status, r.reason, r.scan_id, r.worker, s.result "
               "FROM run_rows r LEFT JOIN scans s ON s.id = r.scan_id WHERE r.run = ? ORDER BY r.row")
        for row, cells, raw, key, status, reason, scan_id, worker, body in self.store.iterate(sql, (name,)):
            yield RunRow(row, tuple(json.loads(cells)), raw, key, status, reason, scan_id, worker, body)

    def counts(self, name: str) -> dict[str, int]:
        rows = self.store.query("SELECT status, COUNT(*) FROM run_rows WHERE run = ? GROUP BY status", (name,))
        return {status: n for status, n in rows}


class ToScan:
    """The organisations a run still has to scan (see RunJournal.to_scan): `len()` was counted
    when it was made, the rows come a page at a time, in input order.

    Each page asks again for the organisations whose first row comes after the last one handed
    out. An organisation handed out and answered meanwhile has a first row before that point, or
    no longer matches, so it is never handed out twice; the answers do not change what is left."""

    PAGE = 1000

    def __init__(self, store: Store, clauses: tuple[str, ...], params: tuple[Any, ...], count: int):
        # `clauses` are RunJournal.to_scan's fixed SQL conditions (never values: those are `params`)
        self._store, self._clauses, self._params, self._count = store, clauses, params, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[str, str, tuple[str, ...], int]]:
        after = -1
        while True:
            # SQLite takes the bare columns (raw, cells) from the row that gives MIN(row).
            page = self._store.query(
                "SELECT r.org_key, MIN(r.row), r.raw, r.cells FROM run_rows r LEFT JOIN scans s ON s.id = r.scan_id "
                f"WHERE r.run = ? AND r.org_key IS NOT NULL AND ({' OR '.join(self._clauses)}) GROUP BY r.org_key "
                "HAVING MIN(r.row) > ? ORDER BY MIN(r.row) LIMIT ?", (*self._params, after, self.PAGE))
            for key, row, raw, cells in page:
                yield key, raw, tuple(json.loads(cells)), row
            if len(page) < self.PAGE:
                return
            after = page[-1][1]
