"""Evaluation of rules, classifier and both: the library behind `footprint evaluate`, the accuracy
gate (tests/test_accuracy_gate.py) and the classifier benchmark.

For rules alone, the classifier alone and the combined estimate: accuracy, accuracy within one
phase, the largest miss (in phases), macro-F1, the multi-class Brier score (mean over
organisations of the summed squared differences between the probabilities and the true phase's
one-hot vector: 0 is perfect, 2 is certain and wrong) and the confusion matrix. A tool: scans never
import it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from analyzer.core.types import PHASES

METHODS = ("rules", "classifier", "combined")
UNIFORM = {p: 1 / len(PHASES) for p in PHASES}


@dataclass(frozen=True)
class Scores:
    n: int
    accuracy: float
    within_one: float
    max_off: int
    macro_f1: float
    brier: float
    confusion: list[list[int]]  # rows: true phase, columns: estimated phase (PHASES order)


def score(truth: Sequence[str], probas: Sequence[dict[str, float]]) -> Scores:
    from sklearn.metrics import confusion_matrix, f1_score

    from analyzer.estimate import argmax_phase

    pred = [argmax_phase(p) for p in probas]
    off = [abs(PHASES.index(t) - PHASES.index(p)) for t, p in zip(truth, pred)]
    brier = sum(sum((p.get(k, 0.0) - (k == t)) ** 2 for k in PHASES) for t, p in zip(truth, probas))
    n = len(truth)
    return Scores(n=n, accuracy=sum(o == 0 for o in off) / n, within_one=sum(o <= 1 for o in off) / n,
                  max_off=max(off), brier=brier / n,
                  macro_f1=float(f1_score(truth, pred, labels=list(PHASES), average="macro", zero_division=0)),
                  confusion=confusion_matrix(truth, pred, labels=list(PHASES)).tolist())


def three_ways(values: Sequence[dict[str, float | None]], clf_probas: Sequence[dict[str, float] | None],
               ruleset, confidences: list | None = None, calibration=None) -> dict[str, list[dict[str, float]]]:
    """Rules-alone, classifier-alone and combined distributions, the way a scan computes them;
    the confidence of each estimate is appended to `confidences` when given (calibrated with
    `calibration`, raw without)."""
    from analyzer.estimate import make_estimate, rule_distribution
    from analyzer.features import as_signals

    out: dict[str, list[dict[str, float]]] = {m: [] for m in METHODS}
    for vals, probs in zip(values, clf_probas):
        signals = as_signals(vals)
        outcomes = ruleset.evaluate(signals)
        est = make_estimate(outcomes, probs, {}, signals, status="complete", ruleset=ruleset.name, model=None,
                            calibration=calibration)
        if confidences is not None:
            confidences.append(est.confidence)
        out["rules"].append(rule_distribution(outcomes) or UNIFORM)
        out["classifier"].append(probs or UNIFORM)
        out["combined"].append(est.probabilities or UNIFORM)
    return out


def judge(orgs, model, ruleset, transform: Callable[[Any], dict] | None = None) -> dict[str, Scores]:
    """Scores of the three methods on `orgs` with a fitted `model` (a PhaseModel)."""
    values = [transform(o) if transform else o.values for o in orgs]
    probas = model.predict_many(values)
    dists = three_ways(values, probas, ruleset)
    return {m: score([o.phase for o in orgs], dists[m]) for m in METHODS}


def cross_validate(orgs, ruleset, folds: int = 5, seed: int = 0, **params: Any) -> dict[str, Scores]:
    """Stratified k-fold: the classifier is retrained on each training part, judged on the rest."""
    dists = cross_validated(orgs, ruleset, folds, seed, **params)
    return {m: score([o.phase for o in orgs], dists[m]) for m in METHODS}


def cross_validated(orgs, ruleset, folds: int = 5, seed: int = 0, confidences: list | None = None,
                    calibration=None, **params: Any) -> dict[str, list[dict[str, float]]]:
    """The three methods' distributions per organisation, each from a model that never saw it
    (and the confidence shown, appended to `confidences`, when given)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from analyzer.classifier import train_model

    labels = np.array([o.phase for o in orgs])
    smallest = min(int((labels == p).sum()) for p in set(labels))
    folds = min(folds, smallest)
    if folds < 2:
        raise UsageError("evaluate: cross-validation needs at least two organisations of every phase")
    probas: list[dict[str, float] | None] = [None] * len(orgs)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(labels, labels):
        model = train_model([orgs[i] for i in train], source="cv", digest="", **params)
        for i, p in zip(test, model.predict_many([orgs[i].values for i in test])):
            probas[i] = p
    return three_ways([o.values for o in orgs], probas, ruleset, confidences, calibration)


RELIABILITY_BINS = (0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # upper edges of the top-probability bins


def reliability(truth: Sequence[str], probas: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """Predicted vs observed per bin of the estimate's probability for the phase it names:
    `said` is the mean of that probability in the bin, `right` the share of those organisations
    whose phase it was. A calibrated estimate has the two close in every bin."""
    from analyzer.estimate import argmax_phase

    tops = [p[argmax_phase(p)] for p in probas]
    return reliability_of(tops, [t == argmax_phase(p) for t, p in zip(truth, probas)])


def reliability_of(said: Sequence[float], right: Sequence[bool]) -> list[dict[str, float]]:
    """Per bin of `said` (a probability or the confidence): its mean and the share right."""
    rows, lower = [], 0.0
    for upper in RELIABILITY_BINS:
        inside = [(q, r) for q, r in zip(said, right) if lower < q <= upper or (lower == 0.0 and q == 0.0)]
        if inside:
            rows.append({"from": lower, "to": upper, "n": len(inside),
                         "said": round(sum(q for q, _ in inside) / len(inside), 3),
                         "right": round(sum(bool(r) for _, r in inside) / len(inside), 3)})
        lower = upper
    return rows


def render_reliability(rows: list[dict[str, float]], lang: str = "en", what: str = "estimate") -> str:
    """The reliability table in words a consultant reads (`what`: estimate or confidence)."""
    from analyzer.present.i18n import t

    import textwrap

    lines = [textwrap.fill(t(f"reliability_{what}", lang), WIDTH),
             f"{t('rel_band', lang):>13}{t('rel_orgs', lang):>15}{t('rel_said', lang):>9}{t('rel_right', lang):>9}"]
    for r in rows:
        band = f"{r['from']:>6.2f}-{r['to']:<6.2f}"
        lines.append(f"{band.replace('.', ',') if lang == 'nl' else band}{r['n']:>15}{r['said']:>9.0%}{r['right']:>9.0%}")
    if rows:
        worst = max(rows, key=lambda r: abs(r["said"] - r["right"]) * r["n"])
        lines.append(textwrap.fill(t("rel_summary", lang, n=worst["n"], said=round(100 * worst["said"]),
                                     right=round(100 * worst["right"])), WIDTH))
    return "\n".join(lines)


def render_brier(value: float, lang: str = "en") -> str:
    """The four-class Brier score with what it means, in one or two sentences."""
    from analyzer.present.i18n import t

    import textwrap

    text = f"{value:.3f}"
    return textwrap.fill(t("brier_words", lang, value=text.replace(".", ",") if lang == "nl" else text), WIDTH)


def misses(orgs, model, ruleset) -> list[tuple[str, str, str, float]]:
    """(org id, true phase, combined estimate, its probability) for every organisation missed."""
    from analyzer.estimate import argmax_phase

    values = [o.values for o in orgs]
    combined = three_ways(values, model.predict_many(values), ruleset)["combined"]
    return [(o.org_id, o.phase, argmax_phase(p), p[argmax_phase(p)])
            for o, p in zip(orgs, combined) if argmax_phase(p) != o.phase]


def heldout_knockouts(orgs, model, ruleset, seeds: int = 20) -> dict[str, dict[str, Scores]]:
    """The held-out set as read, with X unreadable, with only homepages, and knocked at random."""
    import numpy as np

    from analyzer.tools.simulate import knock_out_subpages, knock_out_x

    out = {"as read": judge(orgs, model, ruleset),
           "X unreadable": judge(orgs, model, ruleset, lambda o: knock_out_x(o.values, o.meta.get("x", "none"))),
           "subpages unreadable": judge(orgs, model, ruleset, lambda o: knock_out_subpages(o.values)),
           "both": judge(orgs, model, ruleset, lambda o: knock_out_subpages(
               knock_out_x(o.values, o.meta.get("x", "none"))))}
    runs = []
    for seed in range(seeds):  # each collector fails with probability 1/2, independently
        rng = np.random.default_rng(seed)

        def knock(o, rng=rng):
            vals = knock_out_x(o.values, o.meta.get("x", "none")) if rng.random() < .5 else o.values
            return knock_out_subpages(vals) if rng.random() < .5 else vals
        runs.append(judge(orgs, model, ruleset, knock))
    out[f"random (mean of {seeds})"] = {m: _mean([r[m] for r in runs]) for m in METHODS}
    return out


def _mean(items: list[Scores]) -> Scores:
    n = len(items)
    confusion = [[sum(s.confusion[i][j] for s in items) for j in range(len(PHASES))] for i in range(len(PHASES))]
    return Scores(n=items[0].n, accuracy=sum(s.accuracy for s in items) / n,
                  within_one=sum(s.within_one for s in items) / n, max_off=max(s.max_off for s in items),
                  macro_f1=sum(s.macro_f1 for s in items) / n, brier=sum(s.brier for s in items) / n,
                  confusion=confusion)


# What a person reads for the keys of the results (the keys stay as they are in --json and the gates).
SECTION_NL = {"as read": "zoals gelezen", "X unreadable": "X onleesbaar", "subpages unreadable":
              "subpagina's onleesbaar", "both": "beide", "random (mean of 20)": "willekeurig (gemiddelde van 20)"}
WIDTH = 79   # the text lines fit an 80-column terminal


def section_title(title: str, lang: str) -> str:
    if lang != "nl":
        return title
    if title.endswith("-fold cross-validation"):
        return f"{title.split('-')[0]}-voudige kruisvalidatie"
    return SECTION_NL.get(title, title)


def render(title: str, scores: dict[str, Scores], lang: str = "en") -> str:
    """A plain-text table (80 columns): metrics as rows, the three methods as columns, then the
    three confusion matrices side by side, in `lang`."""
    from analyzer.present.i18n import phase_label, t

    def num(value, fmt: str) -> str:
        text = fmt.format(value)
        return text.replace(".", ",") if lang == "nl" else text

    methods = [t(f"method_col_{m}", lang) for m in METHODS]
    lines = [section_title(title, lang), f"{'':16}" + "".join(f"{m:>14}" for m in methods)]
    for name, fmt in (("accuracy", "{:.3f}"), ("within_one", "{:.3f}"), ("max_off", "{}"),
                      ("macro_f1", "{:.3f}"), ("brier", "{:.3f}"), ("n", "{}")):
        lines.append(f"{t('metric_' + name, lang):16}"
                     + "".join(f"{num(getattr(scores[m], name), fmt):>14}" for m in METHODS))
    short = [t(f"phase_short_{p}", lang) for p in PHASES]
    lines.append(t("confusion_heading", lang))
    lines.append(f"{'':15}" + "".join(f"{m:>16}  " for m in methods).rstrip())
    lines.append(f"{'':15}" + "  ".join("".join(f"{s:>4}" for s in short) for _ in METHODS))
    for i, phase in enumerate(PHASES):
        cells = "  ".join("".join(f"{v:>4}" for v in scores[m].confusion[i]) for m in METHODS)
        lines.append(f"{phase_label(phase, lang)[:14]:15}{cells}")
    return "\n".join(lines)
