"""The store's schema as ordered migrations: version N's steps turn a version N-1 database into N.

A new table or column is a new entry at the end, never an edit of an old one, so every database
ever written can be brought up to date. Each step runs in one transaction with its version bump.
"""
from __future__ import annotations

import sqlite3
from typing import Callable, Union

Step = Union[str, Callable[[sqlite3.Connection], None]]

MIGRATIONS: tuple[tuple[int, str, tuple[Step, ...]], ...] = (
    (1, "scans, their evidence and accounts", (
        """CREATE TABLE scans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            org_key TEXT NOT NULL,
            domain TEXT NOT NULL,
            input TEXT NOT NULL,
            run TEXT,
            scanned_at TEXT NOT NULL,
            as_of TEXT NOT NULL,
            status TEXT NOT NULL,
            phase TEXT,
            confidence REAL,
            result TEXT NOT NULL)""",
        "CREATE INDEX scans_by_key ON scans (org_key, scanned_at)",
        """CREATE TABLE evidence (
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            evidence_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            platform TEXT,
            source_url TEXT,
            observed_at TEXT,
            excerpt TEXT,
            value TEXT,
            PRIMARY KEY (scan_id, evidence_id))""",
        """CREATE TABLE accounts (
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            handle TEXT NOT NULL,
            url TEXT,
            role TEXT NOT NULL,
            ownership TEXT NOT NULL,
            active INTEGER,
            posts_per_week REAL,
            PRIMARY KEY (scan_id, platform, handle))""",
    )),
    (2, "batch runs: the journal of every input row", (
        """CREATE TABLE runs (
            name TEXT PRIMARY KEY,
            input_digest TEXT NOT NULL,
            source TEXT NOT NULL,
            created_at TEXT NOT NULL,
            rows INTEGER NOT NULL DEFAULT 0,
            meta TEXT NOT NULL DEFAULT '{}')""",
        """CREATE TABLE run_rows (
            run TEXT NOT NULL REFERENCES runs (name) ON DELETE CASCADE,
            row INTEGER NOT NULL,
            org_key TEXT,
            raw TEXT,
            cells TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT,
            scan_id INTEGER REFERENCES scans (id) ON DELETE SET NULL,
            worker TEXT,
            updated_at TEXT,
            PRIMARY KEY (run, row))""",
        "CREATE INDEX run_rows_by_key ON run_rows (run, org_key)",
        "ALTER TABLE evidence ADD COLUMN collector TEXT",
    )),
    # Nothing ever read these copies: every reader takes the scan's `result`, which holds the
    # evidence and accounts already (and is what forget and retention rewrite).
    (3, "evidence and accounts live in the scan's result only", (
        "DROP TABLE evidence",
        "DROP TABLE accounts",
    )),
    (4, "the consultant's review: assessed phases, account and rule verdicts (append-only)", (
        """CREATE TABLE assessments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            org_key TEXT NOT NULL,
            scan_id INTEGER REFERENCES scans (id) ON DELETE SET NULL,
            phase TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        "CREATE INDEX assessments_by_key ON assessments (org_key, created_at)",
        """CREATE TABLE account_verdicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            org_key TEXT NOT NULL,
            scan_id INTEGER REFERENCES scans (id) ON DELETE SET NULL,
            platform TEXT NOT NULL,
            handle TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject', 'add')),
            reviewer TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        "CREATE INDEX account_verdicts_by_key ON account_verdicts (org_key, platform, handle)",
        """CREATE TABLE rule_verdicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            org_key TEXT NOT NULL,
            scan_id INTEGER REFERENCES scans (id) ON DELETE SET NULL,
            rule_id TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('agree', 'dispute')),
            reviewer TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        "CREATE INDEX rule_verdicts_by_key ON rule_verdicts (org_key, rule_id)",
    )),
    # The columns beside the result: the result itself is upgraded on read (analyzer.core.upgrades,
    # step 3 -> 4), these are what history and list queries read without it.
    (5, "an unobservable scan has no phase and confidence 0", (
        "UPDATE scans SET phase = NULL, confidence = 0 WHERE status = 'unobservable'",
    )),
)
LATEST = MIGRATIONS[-1][0]


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version, 0 for a new database (read only: nothing is written)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone() is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> int:
    """Apply every migration above the database's version up to `target`; return the new version.

    The connection must be in autocommit mode (isolation_level=None): the versions due run in one
    BEGIN IMMEDIATE transaction (DDL included), so a crash leaves the version before intact, two
    processes opening a new store at once do not both apply the same step, and a new store costs
    one durable commit, not one per version (each is a disk sync: 5 ms, more on a busy machine).
    """
    version = current_version(conn)
    if not any(version < number <= target for number, _about, _steps in MIGRATIONS):
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        version = current_version(conn)  # re-read under the write lock
        for number, _about, steps in MIGRATIONS:
            if version < number <= target:
                for step in steps:
                    step(conn) if callable(step) else conn.execute(step)
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
                version = number
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return version
