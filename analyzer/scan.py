"""One organisation's scan: collectors -> evidence -> signals -> rules + classifier -> estimate.

    result = run_scan(normalize("example.nl"), settings)      # = score(collect_scan(...), settings)

Two halves with a typed value between them: `collect_scan` (the network: collectors -> `Collected`)
and `score` (no network: signals, rules, classifier, estimate). A distributed batch runs the first
on a worker and the second on the client, so workers need neither the client's rules nor its model.

When each collector runs is analyzer/schedule.py's: the website first (it discovers the accounts),
Wikidata (opt-in) next, the platform collectors in parallel as soon as the homepage has given
accounts, and again on what the further pages add; then the "follow" collectors (the staff
accounts' aggregated read) on everything found.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from analyzer import __version__
from analyzer.core.errors import NoNetwork
from analyzer.core.settings import Settings
from analyzer.core.types import Collected, ScanResult, Target, parse_iso, utcnow
from analyzer.schedule import collect, merge_accounts  # noqa: F401 - re-exported
from analyzer.status import scan_status  # noqa: F401 - re-exported: the one status decision
from collectors.base import ScanContext, UserCorrection
from analyzer.signals.activity_model import attach_activity

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


_tools_lock = threading.Lock()


@lru_cache(maxsize=8)
def _ruleset(rules_dir: str):
    from analyzer.rules import load_rules

    return load_rules(rules_dir or None)


@lru_cache(maxsize=8)
def _classifier(model_path: str, data_dir: str, stamp: tuple[float, ...]):
    from analyzer.scoring import load_classifier  # numpy only: scans never import scikit-learn

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
    calibration = None
    if status != "unobservable":
        with _tools_lock:
            clf = classifier()
        probabilities = clf.predict_signals(signals)
        model_name = clf.name
        calibration = clf.calibration
    estimate = make_estimate(outcomes, probabilities, coverage, signals, status=status,
                             ruleset=ruleset.name, model=model_name, calibration=calibration)
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
