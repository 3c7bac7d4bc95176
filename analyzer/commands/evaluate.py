"""`footprint evaluate LABELS.csv | --simulated | --heldout`: how good are rules, classifier, both?

Prints, side by side for rules alone, the classifier alone and the combined estimate: accuracy,
accuracy within one phase, the largest miss (in phases), macro-F1, the multi-class Brier score
(mean over organisations of the summed squared differences between the probabilities and the
true phase's one-hot vector: 0 is perfect, 2 is certain and wrong) and the confusion matrix.
LABELS.csv and --simulated are cross-validated (stratified folds, the classifier retrained on each
training part); --heldout is judged with the model in use, never trained on (see
fixtures/labelled/README.md). The evaluation itself is analyzer.tools.evaluate.
"""
from __future__ import annotations

import textwrap
from dataclasses import asdict
from pathlib import Path

import click

from analyzer.commands.common import Options, common_options, emit_json
from analyzer.core.errors import UsageError
from analyzer.core.types import PHASES
from analyzer.present.i18n import phase_label, t
from analyzer.tools.evaluate import (METHODS, WIDTH, cross_validated, heldout_knockouts, misses, reliability,
                                     reliability_of, render, render_brier, render_reliability, score, three_ways)


@click.command(help="Cross-validated accuracy, within-one, macro-F1, confusion matrix and Brier "
                    "score for rules alone, the classifier alone and combined.")
@click.argument("labels", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--simulated", is_flag=True, help="Cross-validate on fixtures/labelled/simulated.csv.")
@click.option("--heldout", is_flag=True, help="Judge the model in use on the held-out organisations.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True, help="Cross-validation folds.")
@common_options
def command(opts: Options, labels: Path | None, simulated: bool, heldout: bool, folds: int) -> None:
    from analyzer.features import read_heldout, read_simulated
    from analyzer.rules import load_rules

    if sum((labels is not None, simulated, heldout)) != 1:
        raise UsageError("evaluate: give exactly one of LABELS.csv, --simulated or --heldout")
    from analyzer.scoring import load_classifier

    ruleset = load_rules(opts.settings.rules or None)
    calibration = load_classifier(opts.settings).calibration   # the confidence scans show
    confidences: list[float] = []
    if heldout:
        model = load_classifier(opts.settings)
        orgs = read_heldout()
        results = heldout_knockouts(orgs, model, ruleset)
        missed = misses(orgs, model, ruleset)
        values = [o.values for o in orgs]
        combined = three_ways(values, model.predict_many(values), ruleset, confidences, calibration)["combined"]
        title = t("eval_heldout_title", opts.lang, model=model.name, rules=ruleset.name)
    else:
        missed = []
        if simulated:
            orgs, source = read_simulated(), "fixtures/labelled/simulated.csv"
        else:
            from analyzer.commands.train import labelled_from_scans

            orgs, source = labelled_from_scans(labels, opts.settings), str(labels)
        dists = cross_validated(orgs, ruleset, folds, confidences=confidences, calibration=calibration)
        results = {f"{folds}-fold cross-validation": {m: score([o.phase for o in orgs], dists[m]) for m in METHODS}}
        combined = dists["combined"]
        title = t("eval_title", opts.lang, source=source, rules=ruleset.name)
    from analyzer.estimate import argmax_phase

    table = reliability([o.phase for o in orgs], combined)
    confidence_table = reliability_of(confidences, [o.phase == argmax_phase(p) for o, p in zip(orgs, combined)])
    brier = score([o.phase for o in orgs], combined).brier
    if opts.json:
        emit_json({"title": title, "methods": list(METHODS), "phases": list(PHASES),
                   "results": {k: {m: asdict(s) for m, s in v.items()} for k, v in results.items()},
                   "misses": [{"id": i, "phase": t, "estimate": e, "probability": round(p, 3)}
                              for i, t, e, p in missed],
                   "reliability": table, "brier": round(brier, 4),
                   "confidence_reliability": confidence_table,
                   "confidence_calibration": None if calibration is None else calibration.source})
        return
    click.echo(title)
    for name, scores in results.items():
        click.echo("")
        click.echo(render(name, scores, opts.lang))
    lang = opts.lang
    click.echo("")
    click.echo(render_brier(brier, lang))
    click.echo("")
    click.echo(render_reliability(table, lang))
    click.echo("")
    click.echo(render_reliability(confidence_table, lang, what="confidence"))
    if calibration is not None:
        click.echo(textwrap.fill(t("confidence_calibrated_on", lang, n=calibration.n), WIDTH))
    if missed:
        click.echo("\n" + t("eval_missed", lang))
        for org_id, truth, est, prob in missed:
            p = f"{prob:.2f}".replace(".", ",") if lang == "nl" else f"{prob:.2f}"
            click.echo(t("eval_missed_row", lang, org=org_id, truth=phase_label(truth, lang),
                         est=phase_label(est, lang), p=p))
