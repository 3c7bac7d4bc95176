"""Signals -> classifier features, and the labelled sets the classifier learns and is judged on.

The classifier sees signals only (never rule outcomes), so a consultant's own rule set never
invalidates a model. `FEATURES` is the signal catalogue in its published order, less the signals
added since the bundled model was trained (`NOT_YET_FEATURES`); a model file records the list it
was trained on and is refused when it differs.

Labelled sets (fixtures/labelled/): `simulated.csv` (org_id, phase, one column per signal; an
empty cell is an unobserved signal) and `heldout.yaml` (hand-written organisations, never trained
on). Both are package data, found through `labelled_dir()`.
"""
from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from analyzer.core.errors import UsageError
from analyzer.signals import SIGNAL_NAMES, SIGNALS
from analyzer.core.types import PHASE_LABELS, PHASES, Signal

# Signals added to the catalogue after the bundled model was trained: the classifier leaves them
# out until a retrain adds them (with the bundled model, the simulator and fixtures/labelled/),
# so that a new signal never silently changes the model's features. staff_posts_about_org stayed
# out at the issue-11 retrain: with it the simulated 5-fold CV was the same (0.836 exact, Brier
# 0.255) and a free-direction feature moves the estimate either way, which a consultant cannot
# defend without a gain to show; the scan JSON and the report still show it.
NOT_YET_FEATURES: tuple[str, ...] = ("staff_posts_about_org",)
# the classifier sees every other catalogue signal, in catalogue order
FEATURES: tuple[str, ...] = tuple(n for n in SIGNAL_NAMES if n not in NOT_YET_FEATURES)

# Missing values (one place, used by training, `evaluate`, scikit-learn's and the data-only scoring
# path alike, so the two stay identical): the classifier never sees NaN. An unobserved signal with a
# declared direction is read as its value least favourable to maturity (monotone-worst imputation:
# 0 posts, no policy, share buttons only, silent for UNBOUNDED days); a free signal as "nothing
# found" (0). Together with the monotonic constraints this makes "unobserved" score exactly like
# "observed at the least mature value" and never above any observed value: a gap in what could be
# read can lower the estimate, never raise it. What was unobserved is told to the classifier by the
# coverage signals (website_observed, observable_platforms, coverage_ratio: direction +1;
# unobservable_platforms: -1), whose directions likewise never reward being unobserved. The cost:
# a partly read organisation is estimated from what could be shown, a lower bound rather than a
# guess, and the confidence says what was missing (analyzer.estimate).
# Why not native NaN handling: a tree learns where missing values go from the training data, and
# on simulated data with a login wall it learnt that "unknown" looks like a mature organisation
# (an unknown scored above the same signal observed absent in 898 of 900 generated cases).
UNOBSERVED_AS: dict[str, float] = {s.name: s.unobserved_as for s in SIGNALS}


@dataclass(frozen=True)
class LabelledOrg:
    """One labelled organisation: its signal values (None = unobserved) and its phase."""

    org_id: str
    phase: str
    values: dict[str, float | None]
    meta: dict[str, Any]


def feature_value(name: str, value: Any) -> float | None:
    """A signal value as a number: bools -> 0/1, None stays None; anything else is a bug upstream."""
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        number = float(value)
        return None if math.isnan(number) else number
    raise UsageError(f"signal {name}: value {value!r} is not a number, a bool or None")


def signal_features(signals: Mapping[str, Signal | Any]) -> dict[str, float | None]:
    """The feature dict of one organisation, over the whole catalogue (absent signals are None)."""
    out: dict[str, float | None] = {}
    for name in FEATURES:
        item = signals.get(name)
        value = item.value if isinstance(item, Signal) else item
        out[name] = feature_value(name, value)
    return out


def impute(name: str, value: float | None) -> float:
    """The number the classifier sees for one feature value (None -> UNOBSERVED_AS, see above)."""
    if value is None or value != value:  # None or NaN
        return UNOBSERVED_AS.get(name, 0.0)
    return float(value)


def feature_matrix(rows: Iterable[Mapping[str, float | None]], features: tuple[str, ...] = FEATURES):
    """Rows of feature dicts -> a float matrix, unobserved values imputed (`impute`; numpy, lazily)."""
    import numpy as np

    data = [[impute(f, row.get(f)) for f in features] for row in rows]
    return np.asarray(data, dtype=float).reshape(len(data), len(features))


def parse_phase(text: str, where: str) -> str:
    """A phase id, or its Dutch or English label (any case) -> the id; else a UsageError naming `where`."""
    key = " ".join(str(text).split()).lower()
    for phase in PHASES:
        names = {phase, phase.replace("_", " "), *(v.lower() for v in PHASE_LABELS[phase].values())}
        if key in names:
            return phase
    raise UsageError(f"{where}: {text!r} is not a phase (use {', '.join(PHASES)} or the Dutch/English label)")


def labelled_dir() -> Path:
    """The bundled fixtures/labelled/ folder (package data)."""
    import fixtures

    return Path(fixtures.__file__).resolve().parent / "labelled"


def file_digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def read_simulated(path: Path | None = None) -> list[LabelledOrg]:
    """The simulated set written by analyzer.tools.simulate (org_id, phase, one column per signal)."""
    path = path or labelled_dir() / "simulated.csv"
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = {"org_id", "phase", *FEATURES} - set(reader.fieldnames or ())
            if missing:
                raise UsageError(f"{path}: missing columns {', '.join(sorted(missing))}")
            rows = list(reader)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    orgs = []
    for i, row in enumerate(rows, start=2):
        where = f"{path} row {i}"
        values = {f: _cell(row[f], f"{where} column {f}") for f in FEATURES}
        meta = {k: v for k, v in row.items() if k not in values and k not in ("org_id", "phase")}
        orgs.append(LabelledOrg(row["org_id"], parse_phase(row["phase"], where), values, meta))
    return orgs


def _cell(text: str, where: str) -> float | None:
    text = (text or "").strip()
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise UsageError(f"{where}: {text!r} is not a number") from None


def read_heldout(path: Path | None = None) -> list[LabelledOrg]:
    """The hand-written held-out organisations (heldout.yaml); never used for training."""
    import yaml

    path = path or labelled_dir() / "heldout.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read ({exc})") from exc
    orgs = []
    for i, item in enumerate(data.get("organisations") or []):
        where = f"{path} organisation {item.get('id', i)}"
        signals = item.get("signals") or {}
        unknown = set(signals) - set(FEATURES)
        if unknown:
            raise UsageError(f"{where}: unknown signals {', '.join(sorted(unknown))}")
        values = {f: feature_value(f, signals.get(f)) for f in FEATURES}
        meta = {k: v for k, v in item.items() if k not in ("id", "phase", "signals")}
        orgs.append(LabelledOrg(str(item["id"]), parse_phase(item["phase"], where), values, meta))
    return orgs


def as_signals(values: Mapping[str, float | None]) -> dict[str, Signal]:
    """Feature values back to Signal objects (counts as int, 0/1 flags of bool signals as bool)."""
    out = {}
    for name in FEATURES:
        value = values.get(name)
        if value is not None and name in BOOL_SIGNALS:
            value = bool(value)
        elif value is not None and name in COUNT_SIGNALS:
            value = int(value)
        out[name] = Signal(name, value)
    return out


BOOL_SIGNALS = frozenset({
    "policy_page", "webcare", "webcare_hours", "social_role", "community_platform",
    "ambassador_programme", "embedded_timeline", "share_buttons_only", "stopped_platform",
    "public_sector", "website_observed",
})
COUNT_SIGNALS = frozenset({
    "official_platforms", "verified_accounts", "observable_platforms", "unobservable_platforms",
    "active_platforms", "department_accounts", "active_department_accounts", "staff_accounts", "staff_active",
    "dormant_platforms_explained", "fediverse_accounts",
})
