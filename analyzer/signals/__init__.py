"""The signal catalogue: named, documented features derived from a scan's evidence.

    from analyzer.signals import SIGNALS, compute_signals
    signals = compute_signals(accounts, evidence, coverage, now)   # name -> analyzer.core.types.Signal

Every signal lists the evidence ids it rests on; its value is None when it could not be observed
(a website signal when the website could not be read, an activity signal when no official
account's activity could be read), never 0. Names are a public API (the classifier uses them as
features, rules refer to them): rename only with an alias and a note.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Iterable, Mapping

from analyzer.signals import accounts, activity, context, website  # noqa: F401 - registers the signals
from analyzer.signals.registry import KINDS, ORDER, SignalDef, registered
from analyzer.signals.view import ScanView
from analyzer.core.types import Account, Coverage, Evidence, Signal

log = logging.getLogger(__name__)

SIGNALS: tuple[SignalDef, ...] = registered()
SIGNAL_NAMES: tuple[str, ...] = tuple(s.name for s in SIGNALS)
BY_NAME: dict[str, SignalDef] = {s.name: s for s in SIGNALS}

__all__ = ["SIGNALS", "SIGNAL_NAMES", "BY_NAME", "KINDS", "ORDER", "SignalDef", "compute_signals",
           "signal_def"]


def signal_def(name: str) -> SignalDef:
    """The catalogue entry of `name` (KeyError when there is none)."""
    return BY_NAME[name]


def compute_signals(accounts: Iterable[Account], evidence: Iterable[Evidence],
                    coverage: Mapping[str, Coverage] | None, now: datetime, *,
                    domain: str | None = None) -> dict[str, Signal]:
    """Compute every catalogue signal, in catalogue order.

    `coverage` is keyed by collector name (website, wikidata, x, bluesky, mastodon, youtube,
    presence). `now` is the scan's "as of" time. `domain` (the organisation's host) helps
    recognise public bodies; without it the hosts of the pages read are used.
    """
    view = ScanView.build(accounts, evidence, coverage or {}, now, domain=domain)
    out: dict[str, Signal] = {}
    for sig in SIGNALS:
        value, ids = sig.fn(view)
        if value is None and not sig.nullable:
            raise RuntimeError(f"signal {sig.name} is never unobserved but returned None")
        out[sig.name] = Signal(name=sig.name, value=value, evidence=tuple(dict.fromkeys(ids)))
    log.debug("computed %d signals (%d observed)", len(out), sum(s.value is not None for s in out.values()))
    return out
