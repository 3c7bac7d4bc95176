"""The consultant's review, kept beside the machine's scans and never over them.

    reviews = Reviews(store)
    reviews.record(Review(key, scan_id, reviewer, phase="functional", note="...",
                          accounts=(AccountVerdict("x", "gem", "reject"),), rules=(RuleVerdict(id, "dispute"),)))
    reviews.corrections(key)      # the stored --account / --not-account corrections for the next scan

Every verdict is a new row with who and when (append-only); the latest verdict on a thing counts.
An account verdict `reject` becomes a `--not-account` correction, `add` an `--account` one, and a
later `accept` of the same account withdraws an earlier rejection.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analyzer.core.errors import UsageError
from analyzer.core.types import PHASES, PLATFORMS, utcnow
from analyzer.store.db import Store, ts
from collectors.base import UserCorrection

ACCOUNT_VERDICTS = ("accept", "reject", "add")
RULE_VERDICTS = ("agree", "dispute")
MAX_TEXT = 2000


@dataclass(frozen=True)
class AccountVerdict:
    platform: str
    handle: str
    verdict: str   # accept | reject | add


@dataclass(frozen=True)
class RuleVerdict:
    rule_id: str
    verdict: str   # agree | dispute


@dataclass(frozen=True)
class Review:
    """One submission of the review form: any of a phase, account verdicts and rule verdicts."""

    key: str
    scan_id: int | None
    reviewer: str
    phase: str | None = None
    note: str = ""
    accounts: tuple[AccountVerdict, ...] = ()
    rules: tuple[RuleVerdict, ...] = ()

    def check(self) -> None:
        """A UsageError naming the field that is wrong."""
        if not self.reviewer.strip():
            raise UsageError("reviewer: give your name, so that the assessment says who made it")
        if len(self.reviewer) > 200 or len(self.note) > MAX_TEXT:
            raise UsageError(f"reviewer or note: too long (at most 200 and {MAX_TEXT} characters)")
        if self.phase is not None and self.phase not in PHASES:
            raise UsageError(f"phase {self.phase!r}: one of {', '.join(PHASES)}")
        for a in self.accounts:
            if a.verdict not in ACCOUNT_VERDICTS or a.platform not in PLATFORMS or not a.handle.strip():
                raise UsageError(f"account {a.platform}:{a.handle} {a.verdict!r}: expected a known platform, "
                                 f"a handle and one of {', '.join(ACCOUNT_VERDICTS)}")
        for r in self.rules:
            if r.verdict not in RULE_VERDICTS:
                raise UsageError(f"rule {r.rule_id} {r.verdict!r}: one of {', '.join(RULE_VERDICTS)}")


class Reviews:
    """Reads and writes the review tables of a Store (each write one short transaction)."""

    def __init__(self, store: Store):
        self.store = store

    def record(self, review: Review) -> None:
        review.check()
        now = ts(utcnow())
        who = review.reviewer.strip()
        row = self.store._row
        with self.store.transaction() as conn:
            if review.phase is not None:
                conn.execute("INSERT INTO assessments (org_key, scan_id, phase, note, reviewer, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             row(review.key, review.scan_id, review.phase, review.note.strip(), who, now))
            conn.executemany("INSERT INTO account_verdicts (org_key, scan_id, platform, handle, verdict, "
                             "reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [row(review.key, review.scan_id, a.platform, a.handle.strip(), a.verdict, who, now)
                              for a in review.accounts])
            conn.executemany("INSERT INTO rule_verdicts (org_key, scan_id, rule_id, verdict, reviewer, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             [row(review.key, review.scan_id, r.rule_id, r.verdict, who, now) for r in review.rules])

    def assessment(self, key: str) -> dict[str, Any] | None:
        """The latest assessed phase of `key` (phase, note, reviewer, created_at, scan_id), or None."""
        rows = self.store.query("SELECT phase, note, reviewer, created_at, scan_id FROM assessments "
                                "WHERE org_key = ? ORDER BY created_at DESC, id DESC LIMIT 1", (key,))
        return dict(zip(("phase", "note", "reviewer", "created_at", "scan_id"), rows[0])) if rows else None

    def assessments(self) -> list[dict[str, Any]]:
        """The latest assessment of every organisation, with the phase the machine gave the scan it
        was made on (or the latest scan when that one is gone) and that scan's `as_of`."""
        sql = ("SELECT a.org_key, a.phase, a.note, a.reviewer, a.created_at, s.id, s.phase, s.as_of "
               "FROM assessments a LEFT JOIN scans s ON s.id = COALESCE(a.scan_id, "
               " (SELECT id FROM scans WHERE org_key = a.org_key ORDER BY scanned_at DESC, id DESC LIMIT 1)) "
               "WHERE a.id = (SELECT id FROM assessments b WHERE b.org_key = a.org_key "
               " ORDER BY created_at DESC, id DESC LIMIT 1) ORDER BY a.org_key")
        names = ("key", "phase", "note", "reviewer", "created_at", "scan_id", "estimate", "as_of")
        return [dict(zip(names, r)) for r in self.store.query(sql)]

    def history(self, key: str) -> list[dict[str, Any]]:
        """Every verdict on `key`, newest first: what, who and when."""
        sql = ("SELECT 'phase', phase, note, reviewer, created_at FROM assessments WHERE org_key = ? UNION ALL "
               "SELECT 'account', platform || ':' || handle, verdict, reviewer, created_at FROM account_verdicts "
               "WHERE org_key = ? UNION ALL "
               "SELECT 'rule', rule_id, verdict, reviewer, created_at FROM rule_verdicts WHERE org_key = ? "
               "ORDER BY 5 DESC")
        return [dict(zip(("kind", "subject", "verdict", "reviewer", "created_at"), r))
                for r in self.store.query(sql, (key, key, key))]

    def account_verdicts(self, key: str) -> dict[tuple[str, str], str]:
        """(platform, handle) -> the latest verdict on that account."""
        rows = self.store.query("SELECT platform, handle, verdict FROM account_verdicts WHERE org_key = ? "
                                "ORDER BY created_at, id", (key,))
        return {(p, h): v for p, h, v in rows}

    def rule_verdicts(self, key: str) -> dict[str, str]:
        rows = self.store.query("SELECT rule_id, verdict FROM rule_verdicts WHERE org_key = ? "
                                "ORDER BY created_at, id", (key,))
        return {rid: v for rid, v in rows}

    def disputes(self) -> list[tuple[str, int, int]]:
        """(rule id, organisations agreeing, organisations disputing) by the latest verdicts."""
        rows = self.store.query(
            "SELECT rule_id, SUM(verdict = 'agree'), SUM(verdict = 'dispute') FROM rule_verdicts v "
            "WHERE id = (SELECT id FROM rule_verdicts w WHERE w.org_key = v.org_key AND w.rule_id = v.rule_id "
            " ORDER BY created_at DESC, id DESC LIMIT 1) GROUP BY rule_id ORDER BY 3 DESC, 1")
        return [(rid, int(a or 0), int(d or 0)) for rid, a, d in rows]

    def corrections(self, key: str) -> tuple[UserCorrection, ...]:
        """The account corrections stored for `key`: rejected -> remove, added -> add."""
        action = {"reject": "remove", "add": "add"}
        return tuple(UserCorrection(action[v], p, h) for (p, h), v in self.account_verdicts(key).items()
                     if v in action)

    def corrected_keys(self, run: str | None = None) -> list[str]:
        """Organisations (of `run`, when given) with at least one stored account correction."""
        keys = [r[0] for r in self.store.query(
            "SELECT DISTINCT org_key FROM account_verdicts ORDER BY org_key")]
        keys = [k for k in keys if self.corrections(k)]
        if run is None:
            return keys
        in_run = {r[0] for r in self.store.query("SELECT DISTINCT org_key FROM run_rows WHERE run = ?", (run,))}
        return [k for k in keys if k in in_run]


def with_stored(stored: tuple[UserCorrection, ...], *given: tuple[UserCorrection, ...]) -> tuple[UserCorrection, ...]:
    """Corrections in the order they are applied, so that the later word on an account wins:
    the workspace's stored ones first, then batch columns, then command-line flags."""
    out = list(stored)
    for layer in given:
        out.extend(layer)
    return tuple(out)
