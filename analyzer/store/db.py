"""The store: an embedded SQLite database holding every scan, its evidence and accounts.

Each scan is one row; its `result` column is the versioned serialisation of
`analyzer.core.serialize` (read back through the upgrade steps of `analyzer.core.upgrades`).

    store = Store(settings.db_path())          # or Store.open(settings)
    scan_id = store.save(result)
    store.latest("example.nl"), store.history("example.nl"), store.forget("example.nl")

WAL mode, one connection guarded by a lock (safe to share between threads), every statement with
parameters. Each save is one transaction committed durably (synchronous=FULL), so a killed process
loses at most the scan in flight. Secrets given to the store are scrubbed from everything written.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

from analyzer.core.errors import StoreError, UsageError
from analyzer.store.migrations import LATEST, current_version, migrate
from analyzer.core.serialize import result_from_dict, result_to_dict
from analyzer.core.upgrades import FormatTooNew
from analyzer.core.types import ScanResult, utcnow

log = logging.getLogger(__name__)
# The review tables (analyzer.store.reviews): what forget and retention remove of them.
FORGET_REVIEWS = tuple(f"DELETE FROM {t} WHERE org_key = ?" for t in ("assessments", "account_verdicts", "rule_verdicts"))
EXPIRE_REVIEWS = tuple(f"DELETE FROM {t} WHERE created_at < ?" for t in ("assessments", "account_verdicts", "rule_verdicts"))


class ScanNotFound(UsageError):
    """A scan id or organisation that the store does not hold."""


def ts(dt: datetime) -> str:
    """A fixed-width UTC timestamp, so that text order is time order in SQL."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store:
    """SQLite store of scans. Thread-safe; close() when done (or use it as a context manager)."""

    def __init__(self, path: str | Path, *, secrets: tuple[str, ...] = ()):
        self.path = Path(path)
        self._secrets = tuple(s for s in secrets if s)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():   # personal data: private to the user (SQLite gives -wal/-shm the same mode)
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA secure_delete=ON")  # forgotten personal data is overwritten
            version = current_version(self._conn)
            if version > LATEST:
                raise StoreError(f"store {self.path}: schema version {version} is newer than this "
                                 f"footprint understands ({LATEST}); upgrade footprint")
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"store {self.path}: cannot be opened as a footprint database ({exc})") from None

    @classmethod
    def open(cls, settings: Any) -> "Store":
        """The store at settings.db_path(), scrubbing the settings' secrets from what it writes."""
        return cls(settings.db_path(), secrets=(settings.x_bearer_token,))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return current_version(self._conn)

    # --- plumbing shared with the batch journal -------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT under the lock; ROLLBACK on any error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cur = self._conn.execute(sql, params)
            return cur.fetchall()

    def iterate(self, sql: str, params: tuple[Any, ...] = (), size: int = 200) -> Iterator[tuple]:
        """Rows of a query in chunks, so that large results never sit in memory at once."""
        with self._lock:
            cur = self._conn.execute(sql, params)
            chunk = cur.fetchmany(size)
        while chunk:
            yield from chunk
            with self._lock:
                chunk = cur.fetchmany(size)

    def dumps(self, data: Any) -> str:
        return self.scrub(json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str))

    def scrub(self, text: Any) -> Any:
        """`text` with every secret replaced by ***; non-strings pass through."""
        if not isinstance(text, str):
            return text
        for secret in self._secrets:
            if secret in text:
                log.warning("a credential was found in data for the store and was removed")
                text = text.replace(secret, "***")
        return text

    def _row(self, *values: Any) -> tuple[Any, ...]:
        return tuple(self.scrub(v) for v in values)

    # --- scans ----------------------------------------------------------------------------------

    def save(self, result: ScanResult, run: str | None = None, row_keys: tuple[int, ...] = (),
             *, worker: str | None = None) -> int:
        """Store one finished scan (and, for a batch, mark its rows done) in one transaction.

        `run` names the batch run; `row_keys` are the run's row numbers this scan answers (by
        default every row of the run with this organisation key). Returns the new scan id.
        """
        with self.transaction() as conn:
            return self.insert_scan(conn, result, run, row_keys, worker)

    def insert_scan(self, conn: sqlite3.Connection, result: ScanResult, run: str | None = None,
                    row_keys: tuple[int, ...] = (), worker: str | None = None) -> int:
        """`save` inside a transaction the caller holds (the batch commits several at once)."""
        t = result.target
        body = self.dumps(result_to_dict(result))
        cur = conn.execute(
            "INSERT INTO scans (org_key, domain, input, run, scanned_at, as_of, status, phase, "
            "confidence, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._row(t.key, t.host, t.input, run, ts(result.scanned_at), ts(result.as_of),
                      result.status, result.estimate.phase, result.estimate.confidence, body))
        scan_id = int(cur.lastrowid)
        if run is not None:
            self._mark_rows(conn, run, t.key, row_keys, scan_id, worker)
        return scan_id

    @staticmethod
    def _mark_rows(conn: sqlite3.Connection, run: str, key: str, rows: tuple[int, ...],
                   scan_id: int, worker: str | None) -> None:
        now = ts(utcnow())
        if rows:
            conn.executemany("UPDATE run_rows SET status = 'done', reason = NULL, scan_id = ?, "
                             "worker = ?, updated_at = ? WHERE run = ? AND row = ?",
                             [(scan_id, worker, now, run, r) for r in rows])
        else:
            conn.execute("UPDATE run_rows SET status = 'done', reason = NULL, scan_id = ?, worker = ?, "
                         "updated_at = ? WHERE run = ? AND org_key = ? AND status != 'invalid'",
                         (scan_id, worker, now, run, key))

    def get(self, scan_id: int) -> ScanResult:
        rows = self.query("SELECT id, result FROM scans WHERE id = ?", (int(scan_id),))
        if not rows:
            raise ScanNotFound(f"scan {scan_id}: not in the store {self.path}")
        return self._load(rows[0][0], rows[0][1])

    def _load(self, scan_id: int, body: str) -> ScanResult:
        try:
            return result_from_dict(json.loads(body), scan_id=scan_id)
        except FormatTooNew as exc:
            raise StoreError(f"store {self.path}: scan {scan_id}: {exc}; upgrade footprint") from None

    def same_stored(self, result: ScanResult) -> int | None:
        """The id of the latest stored scan of the organisation with `result`'s as_of whose result
        equals it apart from when it ran (a replay of the same archive), else None."""
        rows = self.query("SELECT id, result FROM scans WHERE org_key = ? AND as_of = ? "
                          "ORDER BY id DESC LIMIT 1", (result.target.key, ts(result.as_of)))
        if not rows:
            return None
        stored, new = json.loads(rows[0][1]), json.loads(self.dumps(result_to_dict(result)))
        stored.pop("scanned_at", None)
        new.pop("scanned_at", None)
        return int(rows[0][0]) if stored == new else None

    def latest(self, key: str) -> ScanResult | None:
        rows = self.query("SELECT id, result FROM scans WHERE org_key = ? "
                          "ORDER BY scanned_at DESC, id DESC LIMIT 1", (key,))
        return self._load(rows[0][0], rows[0][1]) if rows else None

    def history(self, key: str) -> list[ScanResult]:
        """Every stored scan of `key`, oldest observation first (as_of: a replay of last month's
        archive run today belongs before this week's scan)."""
        rows = self.query("SELECT id, result FROM scans WHERE org_key = ? ORDER BY as_of, scanned_at, id",
                          (key,))
        return [self._load(sid, body) for sid, body in rows]

    def keys(self) -> list[str]:
        return [r[0] for r in self.query("SELECT DISTINCT org_key FROM scans ORDER BY org_key")]

    def forget(self, key: str) -> int:
        """Delete every scan of `key` (its evidence and accounts are part of it); return how many."""
        with self.transaction() as conn:
            conn.execute("UPDATE run_rows SET status = 'pending', scan_id = NULL, worker = NULL "
                         "WHERE scan_id IN (SELECT id FROM scans WHERE org_key = ?)", (key,))
            n = conn.execute("DELETE FROM scans WHERE org_key = ?", (key,)).rowcount
            for sql in FORGET_REVIEWS:  # the consultant's verdicts name the organisation and the reviewer
                conn.execute(sql, (key,))
        with self._lock:  # move the deletion out of the WAL into the (overwritten) main file
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return n

    def expire(self, older_than_days: float) -> int:
        """Retention: drop the evidence and staff accounts (personal data) of scans older than
        `older_than_days`, and the review verdicts (assessments and account corrections, which name
        their reviewer) made before then; the estimate stays. Returns the evidence records removed."""
        if older_than_days <= 0:
            raise ValueError("older_than_days must be positive (0 means keep everything)")
        cutoff = ts(utcnow() - timedelta(days=older_than_days))
        removed = 0
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT id, result FROM scans WHERE scanned_at < ? AND (json_array_length(result, '$.evidence') > 0 "
                "OR EXISTS (SELECT 1 FROM json_each(result, '$.accounts') WHERE json_extract(value, '$.role') = 'staff'))",
                (cutoff,)).fetchall()
            for scan_id, body in rows:
                result = result_from_dict(json.loads(body))
                removed += len(result.evidence)
                result = replace(result, evidence=(),
                                 accounts=tuple(a for a in result.accounts if a.role != "staff"),
                                 extra={**result.extra, "evidence_expired_at": ts(utcnow())})
                conn.execute("UPDATE scans SET result = ? WHERE id = ?",
                             (self.dumps(result_to_dict(result)), scan_id))
            for sql in EXPIRE_REVIEWS:
                conn.execute(sql, (cutoff,))
        return removed
