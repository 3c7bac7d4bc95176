"""One organisation's scan: collectors -> evidence -> signals -> rules + classifier -> estimate.

    result = run_scan(normalize("example.nl"), settings)      # = score(collect_scan(...), settings)

Two halves with a typed value between them: `collect_scan` (the network: collectors -> `Collected`)
and `score` (no network: signals, rules, classifier, estimate). A distributed batch runs the first
on a worker and the second on the client, so workers need neither the client's rules nor its model.

The website collector runs first (it discovers the accounts); Wikidata (opt-in) next; then the
platform collectors in parallel, each on the accounts of its platforms. A collector that raises is
a bug: it is logged with its traceback and shows as a gap (`internal_error`), and the scan goes on.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from analyzer import __version__
from analyzer.core.errors import NoNetwork
from analyzer.core.settings import Settings
from analyzer.core.types import (Account, Collected, CollectorResult, Coverage, Evidence, ScanResult, Target,
                            parse_iso, utcnow)
from analyzer.status import scan_status  # noqa: F401 - re-exported: the one status decision
from collectors.base import Findings, ScanContext, UserCorrection
from analyzer.signals.activity_model import attach_activity
from collectors import registry
from collectors.registry import load_collector

log = logging.getLogger(__name__)
# The stages of one scan, for a person watching a terminal (the CLI shows them on stderr).
stages = logging.getLogger("footprint.stage")

# The website's further pages must be read within this share of the scan budget, so that a site
# whose pages hang or drip cannot starve the platform collectors (they get the rest, and whatever
# the site left over). The homepage, the input of everything else, may use the whole budget.
WEBSITE_SHARE = 0.5
# Seconds kept back from the network for signals, rules, classifier and thread joins, so that the
# whole scan, not only its requests, ends within the budget (the estimate takes well under 0.1 s).
ESTIMATE_RESERVE = 0.5   # (at most a twentieth of a very small budget)


def _as_of(settings: Settings, fetcher: Any) -> datetime:
    if settings.as_of:
        try:
            return parse_iso(settings.as_of)  # type: ignore[return-value]
        except ValueError:
            from analyzer.core.errors import UsageError

            raise UsageError(f"--as-of {settings.as_of!r}: not an ISO 8601 time") from None
    captured = getattr(fetcher, "capture_time", None)
    return captured or utcnow()


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


def collect(ctx: ScanContext) -> tuple[tuple[Account, ...], tuple[Evidence, ...], dict[str, Coverage]]:
    """Run every collector; return the merged accounts, evidence and coverage."""
    findings = Findings()
    coverage: dict[str, Coverage] = {}

    def absorb(result: CollectorResult) -> None:
        nonlocal findings
        coverage[result.collector] = result.coverage
        findings = Findings(accounts=merge_accounts(findings.accounts, result.accounts),
                            evidence=_merge_evidence(findings.evidence, result.evidence))

    for name in registry.names("discover"):  # in order: each builds on what the last found
        stages.info("%s: %s", ctx.target.key, name)
        absorb(_run_one(name, ctx, findings))
    rest = registry.names("read")
    if not ctx.settings.platform_reads:
        for name in rest:
            coverage[name] = Coverage(name, "skipped", "disabled")
        return findings.accounts, findings.evidence, coverage
    read = {a.key for a in findings.accounts if _readable(a)}
    stages.info("%s: %s", ctx.target.key, "platforms")
    for result in _platform_pass(ctx, rest, findings):
        absorb(result)
    # Accounts the first pass found (named in a bio, by actor search) are read in a second pass,
    # by the collectors of their platforms only: department and regional accounts get activity too.
    unread = frozenset(a.key for a in findings.accounts if a.key not in read and _readable(a))
    again = [n for n in rest if any(p in _platforms(n) for p, _ in unread)]
    if again and ctx.time_left() > 0:
        for result in _platform_pass(ctx, again, replace(findings, only=unread)):
            coverage_before = coverage.get(result.collector)
            absorb(result)
            coverage[result.collector] = _worse(coverage_before, result.coverage)
    return findings.accounts, findings.evidence, coverage


def _platform_pass(ctx: ScanContext, names: list[str], findings: Findings) -> list[CollectorResult]:
    for name in names:   # import them here, one by one: parallel first imports can deadlock on a module lock
        try:
            prepare = getattr(load_collector(name), "prepare", None)
            if prepare is not None:   # what only some scans need (tweepy for X with a token)
                prepare(ctx.settings, findings)
        except Exception:   # noqa: BLE001 - _run_one reports it as this collector's gap
            pass
    with ThreadPoolExecutor(max_workers=max(1, len(names)), thread_name_prefix="collector") as pool:
        return list(pool.map(lambda n: _run_one(n, ctx, findings), names))


def _readable(account: Account) -> bool:
    """What platform collectors read (Findings.official): the organisation's own accounts."""
    return account.role in ("official", "department") and account.ownership != "doubtful"


def _platforms(name: str) -> tuple[str, ...]:
    return tuple(getattr(load_collector(name), "platforms", ()))


def _worse(before: Coverage | None, after: Coverage) -> Coverage:
    """One coverage per collector over both passes: the worse of the two (a gap is never hidden)."""
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


_tools_lock = threading.Lock()


@lru_cache(maxsize=8)
def _ruleset(rules_dir: str):
    from analyzer.rules import load_rules

    return load_rules(rules_dir or None)


@lru_cache(maxsize=8)
def _classifier(model_path: str, data_dir: str, stamp: tuple[float, ...]):
    from analyzer.scoring import load_classifier  # plain Python: scans never import scikit-learn

    return load_classifier(Settings(model=model_path))


def _model_stamp(settings: Settings) -> tuple[float, float]:
    """Changes when the model that would be loaded changes (`--model`'s file, or `footprint model
    use/reset` rewriting the active-model file)."""
    from analyzer.scoring import export_path
    from analyzer.scoring.active import ACTIVE_FILE, models_dir

    paths = [models_dir(settings) / ACTIVE_FILE]
    if settings.model:
        paths.append(export_path(Path(settings.model).expanduser()))
    stamps = []
    for path in paths:
        try:
            stamps.append(path.stat().st_mtime)
        except OSError:
            stamps.append(0.0)
    return tuple(stamps)


def analysis_tools(settings: Settings):
    """The rule set and a classifier loader, each loaded once per process (a batch scans thousands)."""
    with _tools_lock:
        ruleset = _ruleset(settings.rules)

    def classifier():
        return _classifier(settings.model, str(settings.data_dir()), _model_stamp(settings))

    return ruleset, classifier


def estimate_for(accounts, evidence, coverage, now, settings: Settings, status: str):
    """Signals, rule outcomes, classifier probabilities and the combined estimate."""
    from analyzer.estimate import make_estimate
    from analyzer.signals import compute_signals

    signals = compute_signals(accounts, evidence, coverage, now)
    ruleset, classifier = analysis_tools(settings)
    outcomes = ruleset.evaluate(signals)
    probabilities = None
    model_name = None
    if status != "unobservable":
        with _tools_lock:
            clf = classifier()
        probabilities = clf.predict_signals(signals)
        model_name = clf.name
    estimate = make_estimate(outcomes, probabilities, coverage, signals, status=status,
                             ruleset=ruleset.name, model=model_name)
    if model_name is not None and not settings.model:
        from analyzer.scoring.active import set_aside_reason

        aside = set_aside_reason(settings)
        if aside is not None:  # the consultant's activated model was not used: they must see it
            estimate = replace(estimate, confidence_reasons=estimate.confidence_reasons + (aside,))
    return signals, estimate


def open_fetcher(settings: Settings, target: Target, layer: Any = None, deadline: float | None = None):
    """A fetcher view for one scan (its deadline and WARC file) and the root it owns, if any.

    `layer` is a shared root Fetcher (a batch's); without one the scan makes and owns its own."""
    from collectors.http import Fetcher

    if layer is not None:
        return layer.scoped(deadline=deadline, name=target.key), None
    root = Fetcher(settings)
    return root.scoped(deadline=deadline, name=target.key), root


def collect_scan(target: Target, settings: Settings, *, layer: Any = None,
                 corrections: tuple[UserCorrection, ...] = ()) -> Collected:
    """Run the collectors for one organisation: everything a scan needs from the network."""
    scanned_at = utcnow()
    # Replayed, the archive answers at once and no cut may depend on the clock (same result every
    # time); live, the budget is wall-clock time for the whole scan, the estimate included.
    replaying = bool(settings.replay)
    reserve = min(ESTIMATE_RESERVE, settings.scan_budget / 20)
    deadline = float("inf") if replaying else time.monotonic() + settings.scan_budget - reserve
    fetcher, root = open_fetcher(settings, target, layer, None if replaying else deadline)
    try:
        now = _as_of(settings, fetcher)
        ctx = ScanContext(target=target, settings=settings, fetcher=fetcher, now=now,
                          deadline=deadline, corrections=tuple(corrections),
                          crawl_deadline=deadline - settings.scan_budget * (1 - WEBSITE_SHARE))
        accounts, evidence, coverage = collect(ctx)
        if fetcher.offline():   # nothing about the organisation was learnt: say so, store nothing
            raise NoNetwork()
    finally:
        fetcher.close()
        if root is not None:
            root.close()
    return Collected(target=target, scanned_at=scanned_at, as_of=now, accounts=accounts, evidence=evidence,
                     coverage=coverage, version=__version__)


def score(collected: Collected, settings: Settings) -> ScanResult:
    """Status, signals and estimate of what was collected, with this process's rules and model."""
    c = collected
    stages.info("%s: %s", c.target.key, "estimate")
    accounts = attach_activity(c.accounts, c.evidence, c.as_of)
    status = scan_status(accounts, c.coverage)
    signals, estimate = estimate_for(accounts, c.evidence, c.coverage, c.as_of, settings, status)
    return ScanResult(target=c.target, scanned_at=c.scanned_at, as_of=c.as_of, status=status,
                      accounts=accounts, evidence=c.evidence, coverage=c.coverage, signals=signals,
                      estimate=estimate, version=c.version)


def run_scan(target: Target, settings: Settings, *, layer: Any = None,
             corrections: tuple[UserCorrection, ...] = ()) -> ScanResult:
    """Scan one organisation and return the finished ScanResult (not yet stored)."""
    return score(collect_scan(target, settings, layer=layer, corrections=corrections), settings)
