"""Learning from a consultant's labels without ever doing worse than the bundled model on them.

The bundled model is trained on simulated organisations (the prior). A consultant's labels are
few, so they are added to that prior rather than trained on alone (16 labels alone once gave a
model that called every organisation Ad hoc). How much they weigh is chosen by cross-validation on
the consultant's own labels from a small fixed grid of shares (WEIGHT_GRID: the share of the
training weight that is the consultant's, given as sample weights: each simulated row weighs 1,
each label share/(1-share) x prior rows / labels; repeating rows, as before, made the data up to
ten times larger for the same effect); share 0 is the bundled model itself, judged on all the labels (it never saw them). A share wins only when its cross-validated
accuracy and Brier score are both no worse than the bundled model's and one is better, so the
model `train` writes is never worse than the bundled one on the consultant's labels; when no
share qualifies, the bundled model is what is written (and `train` says so). The model written
carries a confidence calibration (analyzer.calibrate) fitted the same way on its weighted rows.

To stay within a few minutes on 2 cores, the search trains on a fixed stratified part of the prior
(SEARCH_PRIOR_PER_PHASE rows per phase); the final model uses the whole prior.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from analyzer.core.errors import UsageError
from analyzer.core.types import PHASES
from analyzer.features import LabelledOrg

MIN_LABELS = 16          # a small engagement can train; fewer cannot be cross-validated meaningfully
WEIGHT_GRID = (0.1, 0.3, 0.5)
SEARCH_PRIOR_PER_PHASE = 100
MAX_FOLDS = 4


@dataclass(frozen=True)
class Figures:
    """Cross-validated figures of one candidate on the consultant's labels (combined estimate)."""

    share: float
    accuracy: float
    within_one: float
    brier: float



def check_enough(orgs: Sequence[LabelledOrg], source: str) -> None:
    if len(orgs) < MIN_LABELS:
        raise UsageError(f"{source}: {len(orgs)} labelled organisations; train needs at least {MIN_LABELS}")
    if len({o.phase for o in orgs}) < 2:
        raise UsageError(f"{source}: needs organisations of at least two phases to train")


def _folds(orgs: Sequence[LabelledOrg]):
    import numpy as np
    from sklearn.model_selection import KFold, StratifiedKFold

    y = np.array([o.phase for o in orgs])
    smallest = min(int((y == p).sum()) for p in set(y))
    if smallest >= 2:
        return list(StratifiedKFold(min(MAX_FOLDS, smallest), shuffle=True, random_state=0).split(y, y))
    return list(KFold(MAX_FOLDS, shuffle=True, random_state=0).split(y))


def label_weight(share: float, prior_rows: int, labels: int) -> float:
    """The sample weight of one label so that the labels make up `share` of the total weight."""
    return share / (1 - share) * prior_rows / max(1, labels)


def _weighted(prior: Sequence[LabelledOrg], labels: Sequence[LabelledOrg], share: float):
    """(rows, sample weights): the prior at weight 1, the labels at `label_weight`."""
    w = label_weight(share, len(prior), len(labels))
    return list(prior) + list(labels), [1.0] * len(prior) + [w] * len(labels)


def _figures(share: float, orgs, probas, ruleset) -> Figures:
    from analyzer.tools.evaluate import score, three_ways

    combined = three_ways([o.values for o in orgs], probas, ruleset)["combined"]
    s = score([o.phase for o in orgs], combined)
    return Figures(share, round(s.accuracy, 4), round(s.within_one, 4), round(s.brier, 4))


def search(labels: Sequence[LabelledOrg], prior: Sequence[LabelledOrg], bundled, ruleset) -> list[Figures]:
    """Figures of the bundled model (share 0) and of every share in WEIGHT_GRID."""
    from analyzer.classifier import train_model

    part = [o for p in PHASES for o in [x for x in prior if x.phase == p][:SEARCH_PRIOR_PER_PHASE]]
    results = [_figures(0.0, labels, bundled.predict_many([o.values for o in labels]), ruleset)]
    folds = _folds(labels)
    for share in WEIGHT_GRID:
        probas: list = [None] * len(labels)
        for train, test in folds:
            rows, weights = _weighted(part, [labels[i] for i in train], share)
            model = train_model(rows, source="cv", digest="", sample_weight=weights)
            for i, p in zip(test, model.predict_many([labels[i].values for i in test])):
                probas[i] = p
        results.append(_figures(share, labels, probas, ruleset))
    return results


def best(results: Sequence[Figures]) -> Figures:
    """The bundled model (results[0]) unless a share is no worse on accuracy AND Brier score and
    better on one of them; among those, the best accuracy, then the best Brier score."""
    bundled = results[0]
    fair = [r for r in results[1:] if r.accuracy >= bundled.accuracy and r.brier <= bundled.brier
            and (r.accuracy, -r.brier) != (bundled.accuracy, -bundled.brier)]
    return max(fair, key=lambda r: (r.accuracy, -r.brier), default=bundled)


def fit(labels: Sequence[LabelledOrg], prior: Sequence[LabelledOrg], share: float, *, source: str, digest: str,
        ruleset=None):
    """The final model: the whole prior plus the labels at `share`, with its confidence calibration."""
    from analyzer.calibrate import with_calibration
    from analyzer.classifier import train_model

    rows, weights = _weighted(prior, labels, share)
    model = train_model(rows, source=source, digest=digest, sample_weight=weights)
    return with_calibration(model, rows, ruleset, weights=weights, what="simulated and labelled organisations")
