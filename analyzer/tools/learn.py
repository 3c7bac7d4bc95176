"""Learning from a consultant's labels without ever doing worse than the bundled model on them.

The bundled model is trained on simulated organisations (the prior). A consultant's labels are
few, so they are added to that prior rather than trained on alone (16 labels alone once gave a
model that called every organisation Ad hoc). How much they weigh is chosen by cross-validation on
the consultant's own labels from a small fixed grid of shares (WEIGHT_GRID: the share of the
training rows that are the consultant's, by repeating each label); share 0 is the bundled model
itself, judged on all the labels (it never saw them). A share wins only when its cross-validated
accuracy and Brier score are both no worse than the bundled model's and one is better, so the
model `train` writes is never worse than the bundled one on the consultant's labels; when no
share qualifies, the bundled model is what is written (and `train` says so).

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


def _repeat(orgs: Sequence[LabelledOrg], share: float, prior_rows: int) -> list[LabelledOrg]:
    """The labels repeated so that they make up `share` of prior + labels."""
    times = max(1, round(share / (1 - share) * prior_rows / max(1, len(orgs))))
    return [o for o in orgs for _ in range(times)]


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
            chosen = [labels[i] for i in train]
            model = train_model(part + _repeat(chosen, share, len(part)), source="cv", digest="")
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


def fit(labels: Sequence[LabelledOrg], prior: Sequence[LabelledOrg], share: float, *, source: str, digest: str):
    """The final model: the whole prior plus the labels at `share`."""
    from analyzer.classifier import train_model

    return train_model(list(prior) + _repeat(labels, share, len(prior)), source=source, digest=digest)
