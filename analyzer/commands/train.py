"""`footprint train LABELS.csv | --simulated`: learn from a consultant's labelled organisations.

LABELS.csv has the columns `domain`, `phase` (an id, or the Dutch or English label) and optionally
`date` (ISO; the stored scan nearest that date is used): each domain's stored scan is read from the
store, or the domain is scanned (and stored) when there is none. A file with the columns of
fixtures/labelled/simulated.csv (org_id, phase, one column per signal) is used as signal rows
directly. The labels join the bundled simulated prior with a weight chosen by cross-validation on
them (analyzer.tools.learn), so the model is never worse than the bundled one on those labels; at
least MIN_LABELS (16) are needed. The model is written under a new id in the user's models folder
(or to --model PATH) and is NOT activated: `footprint model use ID` does that.
"""
from __future__ import annotations

import csv
import logging
from pathlib import Path

import click

from analyzer.commands.common import Options, common_options, emit_json
from analyzer.core.errors import UsageError

log = logging.getLogger(__name__)


def read_labels(path: Path) -> list[tuple[int, str, str, str | None]]:
    """(row number, domain, phase id, date or None) per row; a bad file or row is a UsageError."""
    from analyzer.features import parse_phase

    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
            reader = csv.DictReader(fh, dialect=dialect)
            fields = {(f or "").strip().lower(): f for f in reader.fieldnames or ()}
            if "domain" not in fields or "phase" not in fields:
                raise UsageError(f"{path}: needs the columns domain and phase (optional: date)")
            rows = []
            for i, row in enumerate(reader, start=2):
                domain = (row.get(fields["domain"]) or "").strip()
                if not domain:
                    raise UsageError(f"{path} row {i}: empty domain")
                phase = parse_phase(row.get(fields["phase"]) or "", f"{path} row {i}")
                date = ((row.get(fields["date"]) or "").strip() or None) if "date" in fields else None
                if date:
                    _check_date(date, f"{path} row {i}")
                rows.append((i, domain, phase, date))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: not a readable UTF-8 CSV file ({exc})") from exc
    if not rows:
        raise UsageError(f"{path}: no labelled rows")
    return rows


def _check_date(text: str, where: str) -> None:
    from analyzer.core.types import parse_iso

    try:
        parse_iso(text)
    except ValueError:
        raise UsageError(f"{where}: date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def labelled_from_scans(path: Path, settings):
    """LabelledOrg per row, from the store (nearest the row's date, else latest) or a new scan."""
    from analyzer.features import LabelledOrg, signal_features
    from analyzer.core.normalize import normalize
    from analyzer.core.types import parse_iso

    try:
        from analyzer.scan import run_scan
        from analyzer.store import Store
    except ImportError as exc:
        raise UsageError(f"{path}: training from domains needs the scanner and the store, "
                         f"which this build lacks ({exc.name})") from exc
    orgs = []
    with Store.open(settings) as store:
        for row, domain, phase, date in read_labels(path):
            target = normalize(domain, allow_private=settings.allow_private)
            history = store.history(target.key)
            if history and date:
                when = parse_iso(date)
                result = min(history, key=lambda r: abs((r.as_of - when).total_seconds()))
            elif history:
                result = history[-1]  # oldest first
            else:
                log.info("scanning %s (row %d)", domain, row)
                result = run_scan(target, settings)
                store.save(result)
            if result.status == "unobservable":
                log.warning("%s row %d: %s could not be observed; left out", path, row, domain)
                continue
            orgs.append(LabelledOrg(target.key, phase, signal_features(result.signals), {"row": row}))
    return orgs


def read_labelled(path: Path, settings):
    """Signal rows (the columns of fixtures/labelled/simulated.csv) are used as they are; a file
    of domain, phase (, date) is read from the store or scanned."""
    from analyzer.features import FEATURES, read_simulated

    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            header = {h.strip() for h in next(csv.reader(fh), [])}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: cannot read ({exc})") from exc
    if {"org_id", "phase", *FEATURES} <= header:
        return read_simulated(path)
    return labelled_from_scans(path, settings)


@click.command(help="Train a classifier from labelled assessments: LABELS.csv with domain, phase "
                    "(optional date), or signal rows with the columns of fixtures/labelled/simulated.csv. "
                    "The labels are added to the bundled simulated prior with a weight chosen by "
                    "cross-validation on them; the model is written, not activated (footprint model use). "
                    "--simulated retrains the bundled model.")
@click.argument("labels", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--simulated", is_flag=True, help="Retrain the bundled model from fixtures/labelled/simulated.csv.")
@common_options
def command(opts: Options, labels: Path | None, simulated: bool) -> None:
    from analyzer.classifier import save_model, train_model
    from analyzer.features import file_digest, labelled_dir, read_simulated
    from analyzer.scoring.active import model_path

    if bool(labels) == simulated:
        raise UsageError("train: give either LABELS.csv or --simulated")
    prior_file = labelled_dir() / "simulated.csv"
    if simulated:
        from analyzer.calibrate import with_calibration

        orgs = read_simulated(prior_file)
        model = with_calibration(train_model(orgs, source="simulated", digest=file_digest(prior_file)), orgs)
        model_id, figures = "simulated", None
    else:
        orgs = read_labelled(labels, opts.settings)
        model, model_id, figures = _learn(labels, orgs, read_simulated(prior_file), opts)
    out = Path(opts.settings.model).expanduser() if opts.settings.model else model_path(opts.settings, model_id)
    try:
        save_model(model, out)
    except OSError as exc:
        raise UsageError(f"model {out}: cannot write ({exc.strerror or exc})") from exc
    summary = {"model": str(out), "id": model_id, "rows": len(orgs),
               "per_phase": {p: sum(o.phase == p for o in orgs) for p in model.meta["phases"]},
               "sklearn_version": model.meta["sklearn_version"], "digest": model.meta["training"]["digest"],
               "cross_validated": figures, "active": False}
    if opts.json:
        emit_json(summary)
        return
    per = ", ".join(f"{k} {v}" for k, v in summary["per_phase"].items())
    if figures:
        click.echo(f"cross-validated on your {len(orgs)} labels (combined estimate):")
        for row in figures["grid"]:
            what = "bundled model (before)" if row["share"] == 0 else f"your labels at {row['share']:.0%} of the weight"
            click.echo(f"  {what:32} accuracy {row['accuracy']:.3f}  within one {row['within_one']:.3f}  "
                       f"Brier {row['brier']:.3f}")
        chosen = figures["chosen"]
        click.echo(f"after: {'the bundled model stays best on your labels' if chosen['share'] == 0 else 'share ' + format(chosen['share'], '.0%')}"
                   f" (accuracy {chosen['accuracy']:.3f}, Brier {chosen['brier']:.3f})")
    click.echo(f"trained on {len(orgs)} organisations ({per}); model {model_id} written to {out}; "
               f"not active: `footprint model use {model_id}` makes scans use it")


def _learn(labels: Path, orgs, prior, opts):
    """Search the weight of the labels, fit the final model; (model, id, figures)."""
    from dataclasses import asdict

    from analyzer.core.types import utcnow
    from analyzer.features import file_digest
    from analyzer.rules import load_rules
    from analyzer.scoring import BUNDLED_EXPORT, load_scoring_model
    from analyzer.tools.learn import best, check_enough, fit, search

    check_enough(orgs, str(labels))
    ruleset = load_rules(opts.settings.rules or None)
    results = search(orgs, prior, load_scoring_model(BUNDLED_EXPORT), ruleset)
    chosen = best(results)
    digest = file_digest(labels)
    model_id = f"trained-{utcnow():%Y%m%dT%H%M%S}-{digest.removeprefix('sha256:')[:8]}"
    if chosen.share == 0:  # nothing beat the bundled model on these labels: it is what is written
        from analyzer.classifier import PhaseModel, load_bundled

        bundled = load_bundled(opts.settings)
        model = PhaseModel(bundled.estimator, dict(bundled.meta))
    else:
        model = fit(orgs, prior, chosen.share, source=f"user:{labels.name}", digest=digest, ruleset=ruleset)
    figures = {"grid": [asdict(r) for r in results], "chosen": asdict(chosen)}
    model.meta["training_note"] = (f"{len(orgs)} labels from {labels.name} at share {chosen.share:.0%} "
                                   f"(CV accuracy {chosen.accuracy:.3f} vs bundled {results[0].accuracy:.3f})")
    model.meta["consultant_cv"] = figures
    return model, model_id, figures
