"""Evaluate a validated model export in plain Python: the same numbers scikit-learn computes.

Per threshold k: raw = baseline + the leaf of every tree, added in tree order (scikit-learn's own
order, so the sum is bit-for-bit the same); the calibration maps raw to P(phase > k); the
cumulative probabilities are made non-increasing in k and differenced into one per phase.

A scan scores one organisation: a few hundred short tree walks, well under a millisecond, so the
scan path does not import numpy (50 ms of a one-second scan). `predict_proba` takes and gives a
matrix (numpy, lazily) for evaluation and tests; it scores each row the same way.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

_INF = float("inf")


@dataclass(frozen=True)
class _Tree:
    """One tree's node lists; a leaf has feature -1 and counts its value."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]     # +inf for null: every observed value goes left
    missing_left: tuple[bool, ...]   # where NaN goes
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    @classmethod
    def from_doc(cls, tree: Mapping[str, Any]) -> "_Tree":
        return cls(tuple(tree["feature"]), tuple(_INF if t is None else float(t) for t in tree["threshold"]),
                   tuple(bool(m) for m in tree["missing_left"]), tuple(tree["left"]), tuple(tree["right"]),
                   tuple(float(v) for v in tree["value"]))

    def leaf(self, row: Sequence[float]) -> float:
        feature, node = self.feature, 0
        f = feature[0]
        while f != -1:
            x = row[f]
            go_left = self.missing_left[node] if x != x else x <= self.threshold[node]  # x != x: NaN
            node = self.left[node] if go_left else self.right[node]
            f = feature[node]
        return self.value[node]


@dataclass(frozen=True)
class _Forest:
    """The trees of one threshold, their baseline and calibration."""

    baseline: float
    trees: tuple[_Tree, ...]
    calibration: Mapping[str, Any] | None

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> "_Forest":
        return cls(float(doc["baseline"]), tuple(_Tree.from_doc(t) for t in doc["trees"]), doc.get("calibration"))

    def raw(self, row: Sequence[float]) -> float:
        raw = 0.0
        raw += self.baseline
        for tree in self.trees:
            raw += tree.leaf(row)
        return raw

    def proba(self, row: Sequence[float]) -> float:
        raw = self.raw(row)
        cal = self.calibration
        if cal is None:  # an uncalibrated booster: its own logistic link
            return _expit(raw)
        if cal["method"] == "sigmoid":
            return _expit(-(cal["a"] * raw + cal["b"]))
        return _interp(min(max(raw, cal["x"][0]), cal["x"][-1]), cal["x"], cal["y"])


def _expit(z: float) -> float:
    # scipy.special.expit's formula; a very negative z gives 0, as exp's overflow does in numpy
    try:
        return 1.0 / (1.0 + math.exp(-z))
    except OverflowError:
        return 0.0


def _interp(x: float, xp: Sequence[float], fp: Sequence[float]) -> float:
    """numpy.interp for one x inside [xp[0], xp[-1]], step by step as numpy computes it."""
    j = bisect_right(xp, x) - 1
    if j >= len(xp) - 1:
        return float(fp[-1])
    if xp[j] == x:
        return float(fp[j])
    slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    y = slope * (x - xp[j]) + fp[j]
    if y != y:  # NaN from an infinite slope: numpy's fallbacks
        y = slope * (x - xp[j + 1]) + fp[j + 1]
        if y != y and fp[j] == fp[j + 1]:
            y = fp[j]
    return float(y)


@dataclass(frozen=True)
class ScoringModel:
    """A phase model read from its export; `name` identifies it in estimates and reports."""

    features: tuple[str, ...]
    phases: tuple[str, ...]
    meta: Mapping[str, Any]
    thresholds: tuple[_Forest | float, ...] = field(repr=False)
    path: Path | None = None

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], path: Path | None = None) -> "ScoringModel":
        """From a document that `read_export` validated."""
        thresholds = tuple(float(m["constant"]) if "constant" in m else _Forest.from_doc(m)
                           for m in doc["thresholds"])
        return cls(tuple(doc["features"]), tuple(doc["phases"]), dict(doc.get("meta", {})), thresholds, path)

    @property
    def name(self) -> str:
        digest = str(self.meta.get("training", {}).get("digest", ""))
        return f"{self.meta.get('source', 'model')}:{digest.removeprefix('sha256:')[:12]}"

    @property
    def calibration(self):
        """The confidence calibration the export carries (analyzer.confidence), or None."""
        from analyzer.confidence import Calibration

        return Calibration.from_meta(self.meta)

    def predict_row(self, row: Sequence[float]) -> list[float]:
        """One organisation's feature values (NaN = unobserved) -> one probability per phase."""
        upper, low = [], 1.0
        for m in self.thresholds:  # P(phase > k), made non-increasing in k
            low = min(low, m if isinstance(m, float) else m.proba(row))
            upper.append(low)
        proba = [min(max(a - b, 0.0), 1.0) for a, b in zip([1.0, *upper], [*upper, 0.0])]
        total = 0.0
        for p in proba:  # added left to right, as numpy sums a row (Python 3.12's sum() compensates)
            total += p
        return [p / total for p in proba]

    def predict_proba(self, X) -> Any:
        """One row per organisation, one column per phase (in `phases` order): a numpy matrix."""
        import numpy as np

        X = np.asarray(X, dtype=float).reshape(-1, len(self.features))
        return np.array([self.predict_row(row) for row in X.tolist()], dtype=float).reshape(-1, len(self.phases))

    def predict_signals(self, signals: Mapping[str, Any]) -> dict[str, float]:
        """Phase -> probability for one organisation's signals (Signal objects or plain values)."""
        return self.predict_many([signals])[0]

    def predict_many(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, float]]:
        """`predict_signals` for many organisations."""
        from analyzer.features import feature_row, signal_features

        return [dict(zip(self.phases, self.predict_row(feature_row(signal_features(r), self.features))))
                for r in rows]
