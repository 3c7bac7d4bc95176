"""`footprint train LABELS.csv | --simulated`: train the phase classifier from labelled organisations.

LABELS.csv has the columns `domain`, `phase` (an id, or the Dutch or English label) and optionally
`date` (ISO; the stored scan nearest that date is used). Each domain's latest stored scan is read
from the store, or the domain is scanned (and stored) when there is none. The model is written to
the user data directory, or to --model PATH.
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


@click.command(help="Train the classifier from labelled assessments (LABELS.csv: domain, phase, "
                    "optional date) or from the bundled simulated set (--simulated).")
@click.argument("labels", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--simulated", is_flag=True, help="Train on fixtures/labelled/simulated.csv.")
@common_options
def command(opts: Options, labels: Path | None, simulated: bool) -> None:
    from analyzer.classifier import save_model, train_model, user_model_path
    from analyzer.features import file_digest, labelled_dir, read_simulated

    if bool(labels) == simulated:
        raise UsageError("train: give either LABELS.csv or --simulated")
    if simulated:
        source = labelled_dir() / "simulated.csv"
        orgs = read_simulated(source)
    else:
        source = labels
        orgs = labelled_from_scans(labels, opts.settings)
    if len({o.phase for o in orgs}) < 2:
        raise UsageError(f"{source}: needs organisations of at least two phases to train")
    model = train_model(orgs, source="simulated" if simulated else f"user:{source.name}",
                        digest=file_digest(source))
    out = Path(opts.settings.model).expanduser() if opts.settings.model else user_model_path(opts.settings)
    try:
        save_model(model, out)
    except OSError as exc:
        raise UsageError(f"model {out}: cannot write ({exc.strerror or exc})") from exc
    summary = {"model": str(out), "rows": len(orgs), "per_phase": model.meta["training"]["per_phase"],
               "sklearn_version": model.meta["sklearn_version"], "digest": model.meta["training"]["digest"]}
    if opts.json:
        emit_json(summary)
    else:
        per = ", ".join(f"{k} {v}" for k, v in summary["per_phase"].items())
        click.echo(f"trained on {len(orgs)} organisations ({per}); model written to {out}")
