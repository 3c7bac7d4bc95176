"""Evaluate a validated model export with numpy: the same numbers scikit-learn computes.

Per threshold k: raw = baseline + the leaf of every tree, added in tree order (scikit-learn's own
order, so the sum is bit-for-bit the same); the calibration maps raw to P(phase > k); the
cumulative probabilities are made non-increasing in k and differenced into one per phase.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np


@dataclass(frozen=True)
class _Forest:
    """The trees of one threshold as flat arrays (node ids global across the trees)."""

    baseline: float
    roots: np.ndarray          # (n_trees,) node id of each tree's root
    feature: np.ndarray        # -1 at leaves
    threshold: np.ndarray
    missing_left: np.ndarray   # bool
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int                 # longest root-to-leaf path: the number of steps to walk
    calibration: Mapping[str, Any] | None

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> "_Forest":
        parts = {f: [] for f in ("feature", "threshold", "missing_left", "left", "right", "value")}
        roots, depth, offset = [], 0, 0
        for tree in doc["trees"]:
            n = len(tree["feature"])
            roots.append(offset)
            leaf = [f == -1 for f in tree["feature"]]
            parts["feature"] += tree["feature"]
            parts["threshold"] += [0.0 if is_leaf else (np.inf if t is None else t)
                                   for t, is_leaf in zip(tree["threshold"], leaf)]
            parts["missing_left"] += [bool(m) and not is_leaf for m, is_leaf in zip(tree["missing_left"], leaf)]
            # a leaf points at itself, so walking on from it stays put
            parts["left"] += [offset + (i if is_leaf else c) for i, (c, is_leaf) in enumerate(zip(tree["left"], leaf))]
            parts["right"] += [offset + (i if is_leaf else c) for i, (c, is_leaf) in enumerate(zip(tree["right"], leaf))]
            parts["value"] += tree["value"]
            depth = max(depth, _tree_depth(tree["feature"], tree["left"], tree["right"]))
            offset += n
        return cls(float(doc["baseline"]), np.asarray(roots, dtype=np.int64),
                   np.asarray(parts["feature"], dtype=np.int64), np.asarray(parts["threshold"], dtype=float),
                   np.asarray(parts["missing_left"], dtype=bool), np.asarray(parts["left"], dtype=np.int64),
                   np.asarray(parts["right"], dtype=np.int64), np.asarray(parts["value"], dtype=float),
                   depth, doc.get("calibration"))

    def raw(self, X: np.ndarray) -> np.ndarray:
        node = np.broadcast_to(self.roots, (X.shape[0], len(self.roots))).copy()
        rows = np.arange(X.shape[0])[:, None]
        for _ in range(self.depth):
            x = X[rows, np.maximum(self.feature[node], 0)]
            go_left = np.where(np.isnan(x), self.missing_left[node], x <= self.threshold[node])
            node = np.where(go_left, self.left[node], self.right[node])
        leaves = self.value[node]
        raw = np.zeros(X.shape[0])
        raw += self.baseline
        for t in range(leaves.shape[1]):
            raw += leaves[:, t]
        return raw

    def proba(self, X: np.ndarray) -> np.ndarray:
        raw = self.raw(X)
        cal = self.calibration
        if cal is None:  # an uncalibrated booster: its own logistic link
            return _expit(raw)
        if cal["method"] == "sigmoid":
            return _expit(-(cal["a"] * raw + cal["b"]))
        x, y = np.asarray(cal["x"], dtype=float), np.asarray(cal["y"], dtype=float)
        return np.interp(np.clip(raw, x[0], x[-1]), x, y)


def _expit(z: np.ndarray) -> np.ndarray:
    # scipy.special.expit's formula; exp overflow at very negative z correctly gives 0
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def _tree_depth(feature: list[int], left: list[int], right: list[int]) -> int:
    """Longest path; children have larger indices than parents, so one forward pass suffices."""
    depth = [0] * len(feature)
    for i in range(len(feature)):
        if feature[i] != -1:
            depth[left[i]] = max(depth[left[i]], depth[i] + 1)
            depth[right[i]] = max(depth[right[i]], depth[i] + 1)
    return max(depth)


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

    def cumulative_proba(self, X: np.ndarray) -> np.ndarray:
        """P(phase > k) per threshold k, made non-increasing in k."""
        cols = [np.full(X.shape[0], m) if isinstance(m, float) else m.proba(X) for m in self.thresholds]
        return np.minimum.accumulate(np.column_stack(cols), axis=1)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """One row per organisation, one column per phase (in `phases` order)."""
        X = np.asarray(X, dtype=float).reshape(-1, len(self.features))
        upper = self.cumulative_proba(X)
        n = upper.shape[0]
        proba = np.clip(np.column_stack([np.ones(n), upper]) - np.column_stack([upper, np.zeros(n)]), 0.0, 1.0)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict_signals(self, signals: Mapping[str, Any]) -> dict[str, float]:
        """Phase -> probability for one organisation's signals (Signal objects or plain values)."""
        return self.predict_many([signals])[0]

    def predict_many(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, float]]:
        """`predict_signals` for many organisations at once (one matrix, one pass per forest)."""
        from analyzer.features import feature_matrix, signal_features

        if not rows:
            return []
        X = feature_matrix([signal_features(r) for r in rows], self.features)
        return [dict(zip(self.phases, map(float, p))) for p in self.predict_proba(X)]
