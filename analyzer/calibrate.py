"""Fit the confidence calibration (analyzer.confidence) that a model export carries.


    model = with_calibration(train_model(orgs, ...), orgs, ruleset)

The raw confidence of every organisation comes from a model that never saw it (stratified
k-fold, the classifier retrained on each training part, rules and classifier combined as a scan
combines them); an isotonic regression of "placed in the right phase" (0/1) on the raw confidence
gives the monotone map. It is stored in the model's metadata (`meta.confidence`), which the
data-only export carries, so scans apply it with plain Python. Imports scikit-learn, like analyzer.classifier: only training uses it.
"""
from __future__ import annotations

from typing import Any, Sequence

from analyzer.confidence import Calibration

FOLDS = 5


def raw_confidences(orgs: Sequence, ruleset, folds: int = FOLDS, seed: int = 0, weights=None,
                    **params: Any) -> tuple[list[float], list[bool]]:
    """(raw confidence, placed right) per organisation, each from a model that never saw it."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from analyzer.classifier import train_model
    from analyzer.estimate import make_estimate
    from analyzer.features import as_signals

    labels = np.array([o.phase for o in orgs])
    folds = min(folds, min(int((labels == p).sum()) for p in set(labels)))
    probas: list = [None] * len(orgs)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(labels, labels):
        w = None if weights is None else [weights[i] for i in train]
        model = train_model([orgs[i] for i in train], source="cv", digest="", sample_weight=w, **params)
        for i, p in zip(test, model.predict_many([orgs[i].values for i in test])):
            probas[i] = p
    raw, right = [], []
    for org, p in zip(orgs, probas):   # combined as a scan combines them (as tools.evaluate does)
        signals = as_signals(org.values)
        est = make_estimate(ruleset.evaluate(signals), p, {}, signals, status="complete",
                            ruleset=ruleset.name, model=None)
        raw.append(est.confidence)
        right.append(est.phase == org.phase)
    return raw, right


def fit_calibration(orgs: Sequence, ruleset, *, what: str = "simulated organisations", **kw: Any) -> Calibration:
    """The isotonic map raw confidence -> share placed right (see the module docstring)."""
    from sklearn.isotonic import IsotonicRegression

    raw, right = raw_confidences(orgs, ruleset, **kw)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip").fit(raw, right)
    x = [round(float(v), 6) for v in iso.X_thresholds_]
    y = [round(float(v), 6) for v in iso.y_thresholds_]
    return Calibration(tuple(x), tuple(y), len(orgs),
                       f"{FOLDS}-fold cross-validation on {len(orgs)} {what}")


def with_calibration(model, orgs: Sequence, ruleset=None, **kw: Any):
    """`model` (a PhaseModel) with the calibration fitted on `orgs` in its metadata."""
    from analyzer.classifier import PhaseModel
    from analyzer.rules import load_rules

    calibration = fit_calibration(orgs, ruleset or load_rules(None), **kw)
    return PhaseModel(model.estimator, {**model.meta, "confidence": calibration.to_doc()}, model.path)
