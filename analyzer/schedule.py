"""When each collector of one scan runs: every request as early as its inputs allow.

    accounts, evidence, coverage = collect(ctx)

The chain of one scan is robots.txt -> homepage -> further pages, and the platform reads hang off
the accounts. So:

1. the discoverers start side by side, each on no findings (the website; Wikidata's one query needs
   only the domain), and their results merge in registry order: an account an earlier one found
   keeps its facts and gains the later one's evidence;
2. as soon as the homepage has given accounts (`ScanContext.found_early`), round 1: every reader
   that has accounts among them starts on the homepage's accounts, while the further pages are
   still being read;
3. when the discoverers are done, round 2: the readers start on the readable accounts that round 1
   did not have (found or confirmed on further pages, or by Wikidata), without waiting for round 1;
4. round 3: the accounts that rounds 1 and 2 found (named in a bio, by actor search) are read by
   the collectors of their platforms;
5. then the "follow" collectors, in registry order, on everything found (the staff accounts' read).

Timing decides when a round starts, never what it reads or how its results combine: round 1 reads
what the homepage gave, round 2 what the discoverers gave beyond it, and the results are absorbed
in a fixed order (discoverers, then round 1, 2 and 3, each in registry order). A round-1 account
is rebased onto the discoverers' final view of it: what the reader changed (activity, badge,
department role, ownership) wins, the rest is the website's final word. The same served world
gives the same accounts, evidence order and JSON, however fast each part answered.

A collector that raises is a bug: it is logged with its traceback and shows as a gap
(`internal_error`), and the scan goes on.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import fields, replace
from typing import Iterable

from analyzer.core.types import Account, CollectorResult, Coverage, Evidence
from collectors import registry
from collectors.base import Findings, ScanContext
from collectors.registry import load_collector

log = logging.getLogger(__name__)
stages = logging.getLogger("footprint.stage")


def collect(ctx: ScanContext) -> tuple[tuple[Account, ...], tuple[Evidence, ...], dict[str, Coverage]]:
    """Run every collector; return the merged accounts, evidence and coverage."""
    readers = list(registry.names("read")) if ctx.settings.platform_reads else []
    for name in readers:   # import them here, one by one: parallel first imports can deadlock on a module lock
        try:
            _platforms(name)
        except Exception:   # noqa: BLE001 - _run_one reports it as this collector's gap
            pass
    workers = 2 * len(readers) + len(registry.names("discover"))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="collector") as pool:
        early = _EarlyRound(ctx, readers, pool)
        findings, coverage = _discover(ctx, replace(ctx, early=early.start) if readers else ctx, pool)
        if not ctx.settings.platform_reads:
            for name in registry.names("read") + registry.names("follow"):
                coverage[name] = Coverage(name, "skipped", "disabled")
            return findings.accounts, findings.evidence, coverage
        first = early.close()
        done = first.read
        second = {n: _unread(findings, n, done.get(n, frozenset())) for n in readers}
        second = {n: keys for n, keys in second.items() if keys or n not in first.futures}
        if not first.futures:
            stages.info("%s: %s", ctx.target.key, "platforms")
        _prepare(ctx, list(second), findings)
        # a reader round 1 did not run gets every account (a once-per-organisation read included)
        later = {n: pool.submit(_run_one, n, ctx, replace(findings, only=keys if n in first.futures else None))
                 for n, keys in second.items()}
        for name in readers:   # round 1, rebased onto the discoverers' final view
            if name in first.futures:
                result = _rebased(first.futures[name].result(), first.findings, findings)
                findings = _absorb(findings, coverage, result)
        for name in readers:
            if name in later:
                findings = _absorb(findings, coverage, later[name].result())
        read = {k for keys in done.values() for k in keys} | {k for keys in second.values() for k in keys}
        # Accounts the first rounds found (named in a bio, by actor search) are read in a third,
        # by the collectors of their platforms only: department and regional accounts get activity too.
        unread = frozenset(a.key for a in findings.accounts if a.key not in read and _readable(a))
        again = [n for n in readers if any(p in _platforms(n) for p, _ in unread)]
        if again and ctx.time_left() > 0:
            _prepare(ctx, again, findings)
            third = {n: pool.submit(_run_one, n, ctx, replace(findings, only=unread)) for n in again}
            for name in again:
                findings = _absorb(findings, coverage, third[name].result())
    # Then what follows from every round, on the scan's own thread: the staff accounts' small,
    # aggregated read (collectors.platforms.staff), once the bios and actor searches named them.
    for name in registry.names("follow"):
        findings = _absorb(findings, coverage, _run_one(name, ctx, findings))
    return findings.accounts, findings.evidence, coverage


def _discover(ctx: ScanContext, first_ctx: ScanContext, pool: ThreadPoolExecutor
              ) -> tuple[Findings, dict[str, Coverage]]:
    """The discoverers side by side; the first (the website) on the scan's own thread, with the
    ear for its early accounts (`first_ctx`)."""
    first, *rest = registry.names("discover")
    beside = {name: pool.submit(_run_one, name, ctx, Findings()) for name in rest}
    stages.info("%s: %s", ctx.target.key, first)
    coverage: dict[str, Coverage] = {}
    findings = _absorb(Findings(), coverage, _run_one(first, first_ctx, Findings()))
    for name in rest:
        findings = _absorb(findings, coverage, _kept(beside[name].result(), findings))
    return findings, coverage


def _kept(result: CollectorResult, found: Findings) -> CollectorResult:
    """A discoverer's result merged after the earlier ones': an account they found keeps its facts
    (role, ownership) and gains this result's evidence; a new one comes as found."""
    known = {a.key: a for a in found.accounts}
    accounts = tuple(known[a.key].with_(evidence=tuple(dict.fromkeys(known[a.key].evidence + a.evidence)))
                     if a.key in known else a for a in result.accounts)
    return replace(result, accounts=accounts)


class _EarlyRound:
    """Round 1: the readers on what a discoverer handed over early (the homepage's accounts)."""

    def __init__(self, ctx: ScanContext, readers: list[str], pool: ThreadPoolExecutor) -> None:
        self.ctx, self.readers, self.pool = ctx, readers, pool
        self.lock = threading.Lock()
        self.closed = False
        self.findings = Findings()
        self.futures: dict[str, Future] = {}
        self.read: dict[str, frozenset[tuple[str, str]]] = {}

    def start(self, result: CollectorResult) -> None:
        """Called from the website's thread, once; a later call (another discoverer) is ignored,
        so round 1 is always the homepage's accounts, whatever finished first."""
        with self.lock:
            if self.closed or self.findings.accounts or result.collector != "website":
                return
            self.findings = Findings(accounts=result.accounts, evidence=result.evidence)
            for name in self.readers:
                keys = _unread(self.findings, name, frozenset())
                if keys:
                    self.read[name] = keys
            _prepare(self.ctx, list(self.read), self.findings)
            for name in self.read:
                self.futures[name] = self.pool.submit(_run_one, name, self.ctx, self.findings)
            if self.futures:
                stages.info("%s: %s", self.ctx.target.key, "platforms")

    def close(self) -> "_EarlyRound":
        with self.lock:
            self.closed = True
        return self


def _prepare(ctx: ScanContext, names: list[str], findings: Findings) -> None:
    """Each collector's `prepare`, on the scan's own thread before its readers start (imports that
    only some scans need: a first import inside a collector thread can deadlock on a module lock)."""
    for name in names:
        try:
            prepare = getattr(load_collector(name), "prepare", None)
            if prepare is not None:
                prepare(ctx.settings, findings)
        except Exception:   # noqa: BLE001 - _run_one reports it as this collector's gap
            pass


def _unread(findings: Findings, name: str, done: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """The readable accounts on collector `name`'s platforms not in `done`."""
    platforms = _platforms(name)
    return frozenset(a.key for a in findings.accounts
                     if a.platform in platforms and _readable(a) and a.key not in done)


def _rebased(result: CollectorResult, given: Findings, final: Findings) -> CollectorResult:
    """A round-1 result as if its reader had been given the discoverers' final accounts: on each
    account it read, what the reader changed wins and the rest is the final account's; an account
    it found that the discoverers know by now is theirs (its evidence stays)."""
    before = {a.key: a for a in given.accounts}
    now = {a.key: a for a in final.accounts}
    out: list[Account] = []
    for acc in result.accounts:
        base, last = before.get(acc.key), now.get(acc.key)
        if base is None:
            if last is None:
                out.append(acc)
            continue
        if last is None:
            out.append(acc)
            continue
        changed = {f.name: getattr(acc, f.name) for f in fields(Account)
                   if f.name != "evidence" and getattr(acc, f.name) != getattr(base, f.name)}
        added = tuple(e for e in acc.evidence if e not in base.evidence)
        out.append(last.with_(evidence=tuple(dict.fromkeys(last.evidence + added)), **changed))
    return replace(result, accounts=tuple(out))


def _absorb(findings: Findings, coverage: dict[str, Coverage], result: CollectorResult) -> Findings:
    coverage[result.collector] = _worse(coverage.get(result.collector), result.coverage)
    return Findings(accounts=merge_accounts(findings.accounts, result.accounts),
                    evidence=_merge_evidence(findings.evidence, result.evidence))


def _run_one(name: str, ctx: ScanContext, findings: Findings) -> CollectorResult:
    try:
        collector = load_collector(name)()
        return collector.collect(ctx, findings)
    except Exception as exc:  # a bug in a collector must not end the scan
        log.error("collector %s failed on %s: %s", name, ctx.target.key, exc, exc_info=True)
        return CollectorResult(collector=name, coverage=Coverage(name, "failed", "internal_error",
                                                                 f"{type(exc).__name__}: {exc}"[:200]))


def merge_accounts(current: Iterable[Account], updates: Iterable[Account]) -> tuple[Account, ...]:
    """Later results replace earlier ones with the same (platform, handle); evidence accumulates."""
    merged: dict[tuple[str, str], Account] = {}
    for acc in current:
        merged[acc.key] = acc
    for acc in updates:
        old = merged.get(acc.key)
        if old is not None:
            evidence = tuple(dict.fromkeys(old.evidence + acc.evidence))
            acc = acc.with_(evidence=evidence, activity=acc.activity or old.activity,
                            name=acc.name or old.name,
                            platform_verified=acc.platform_verified if acc.platform_verified is not None
                            else old.platform_verified)
        merged[acc.key] = acc
    return tuple(merged.values())


def _merge_evidence(current: tuple[Evidence, ...], new: Iterable[Evidence]) -> tuple[Evidence, ...]:
    seen = {e.id for e in current}
    out = list(current)
    for ev in new:
        if ev.id not in seen:
            seen.add(ev.id)
            out.append(ev)
    return tuple(out)


def _readable(account: Account) -> bool:
    """What platform collectors read (Findings.official): the organisation's own accounts."""
    return account.role in ("official", "department") and account.ownership != "doubtful"


def _platforms(name: str) -> tuple[str, ...]:
    return tuple(getattr(load_collector(name), "platforms", ()))


def _worse(before: Coverage | None, after: Coverage) -> Coverage:
    """One coverage per collector over its rounds: the worse of the two (a gap is never hidden)."""
    order = ("ok", "skipped", "partial", "unavailable", "failed")
    if before is None or after.status == "skipped":
        return before or after
    if before.status == "skipped":
        return after
    if before.status == after.status == "ok":
        return before
    worst = max(before, after, key=lambda c: order.index(c.status))
    detail = "; ".join(d for d in (before.detail, after.detail) if d) or None
    status = worst.status
    if {before.status, after.status} & {"ok", "partial"} and status in ("unavailable", "failed"):
        status = "partial"   # one pass read something: the collector observed part of it
    return Coverage(worst.collector, status, worst.reason, detail[:500] if detail else None)
