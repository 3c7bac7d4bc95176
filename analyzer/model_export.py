"""Fitted scikit-learn phase model -> the data-only export `analyzer.scoring` evaluates.

Imports scikit-learn (through the fitted objects it reads), so only `train`, `evaluate` and the
retraining of the bundled model use it. The format is documented in analyzer/scoring/fileformat.py.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from analyzer.scoring.fileformat import EXPORT_FORMAT, EXPORT_VERSION


def export_model(model) -> dict[str, Any]:
    """The export document of a PhaseModel (analyzer.classifier) with an OrdinalPhaseClassifier."""
    estimator = model.estimator
    return {"format": EXPORT_FORMAT, "format_version": EXPORT_VERSION,
            "features": list(model.meta["features"]), "phases": [str(c) for c in estimator.classes_],
            "meta": dict(model.meta),
            "thresholds": [_threshold(m) for m in estimator.thresholds_]}


def write_export(model, path: Path) -> Path:
    """Write the export of `model` to `path` through a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    # allow_nan=False: a non-finite number would make a file the loader refuses; fail here instead
    tmp.write_text(json.dumps(export_model(model), allow_nan=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def _threshold(model) -> dict[str, Any]:
    if isinstance(model, float):
        return {"constant": model}
    calibration = None
    if hasattr(model, "calibrated_classifiers_"):
        (calibrated,) = model.calibrated_classifiers_  # ensemble=False: one booster, one calibrator
        (calibrator,) = calibrated.calibrators
        calibration = _calibration(calibrator)
        model = calibrated.estimator
    return _booster(model) | {"calibration": calibration}


def _calibration(calibrator) -> dict[str, Any]:
    if hasattr(calibrator, "a_"):
        return {"method": "sigmoid", "a": float(calibrator.a_), "b": float(calibrator.b_)}
    return {"method": "isotonic", "x": [float(v) for v in calibrator.X_thresholds_],
            "y": [float(v) for v in calibrator.y_thresholds_]}


def _booster(observed) -> dict[str, Any]:
    """An ObservedBooster: its HistGradientBoosting trees, feature ids mapped back to the full list."""
    import numpy as np

    columns = np.flatnonzero(observed.observed_)
    booster = observed.booster_
    if booster.n_trees_per_iteration_ != 1:
        raise ValueError("the export holds binary boosters only")
    trees = []
    for (predictor,) in booster._predictors:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("the export holds numerical splits only")
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({"feature": [-1 if lf else int(columns[f]) for f, lf in zip(nodes["feature_idx"], leaf)],
                      "threshold": [0.0 if lf else _threshold_value(t) for t, lf in zip(nodes["num_threshold"], leaf)],
                      "missing_left": [0 if lf else int(m) for m, lf in zip(nodes["missing_go_to_left"], leaf)],
                      "left": [0 if lf else int(c) for c, lf in zip(nodes["left"], leaf)],
                      "right": [0 if lf else int(c) for c, lf in zip(nodes["right"], leaf)],
                      "value": [float(v) if lf else 0.0 for v, lf in zip(nodes["value"], leaf)]})
    return {"baseline": float(np.asarray(booster._baseline_prediction).ravel()[0]), "trees": trees}


def _threshold_value(t) -> float | None:
    """A split threshold; +inf (observed values left, missing right) is written as null, since
    JSON has no infinity."""
    import math

    if math.isinf(t) and t > 0:
        return None
    return float(t)
