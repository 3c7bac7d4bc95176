"""`footprint assessments export LABELS.csv | rescan --run NAME`: what the review workspace recorded.

`export` writes the consultant's latest phase per organisation in the format `footprint train` and
`footprint evaluate` read. `rescan` scans again the organisations of a run that have account
corrections (rejected or added accounts), with those corrections, and stores the scans in the run.
"""
from __future__ import annotations

import logging
from pathlib import Path

import click

from analyzer.commands.common import Options, common_options, emit_json
from analyzer.core.errors import UsageError

log = logging.getLogger(__name__)


@click.group(name="assessments", help="Export or act on the assessments of the review workspace.")
def command() -> None:
    pass


@command.command(name="export", help="Write the assessed phases as LABELS.csv (domain, phase, date) for train/evaluate.")
@click.argument("labels", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--run", default=None, help="Only the organisations of this batch run.")
@common_options
def export(opts: Options, labels: Path, run: str | None) -> None:
    from analyzer.present.web.labels import labels_csv
    from analyzer.store import Store
    from analyzer.store.reviews import Reviews

    with Store.open(opts.settings) as store:
        assessments = Reviews(store).assessments()
        tmp = labels.with_name(labels.name + ".tmp")
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                n = labels_csv(assessments, fh, run=run, store=store)
            tmp.replace(labels)
        except OSError as exc:
            raise UsageError(f"{labels}: cannot write ({exc.strerror or exc})") from exc
    if opts.json:
        emit_json({"labels": str(labels), "rows": n})
    else:
        click.echo(f"{n} assessed organisations written to {labels}")


@command.command(name="rescan", help="Scan again the organisations of a run that have stored account corrections.")
@click.option("--run", required=True, help="The batch run whose corrected organisations to rescan.")
@common_options
def rescan(opts: Options, run: str) -> None:
    from analyzer.core.normalize import normalize
    from analyzer.scan import run_scan
    from analyzer.store import Store
    from analyzer.store.reviews import Reviews
    from analyzer.store.runs import RunJournal

    done = []
    with Store.open(opts.settings) as store:
        if RunJournal(store).meta(run) is None:
            raise UsageError(f"run {run!r}: not in the store {store.path}")
        reviews = Reviews(store)
        for key in reviews.corrected_keys(run):
            raw = store.query("SELECT raw FROM run_rows WHERE run = ? AND org_key = ? ORDER BY row LIMIT 1",
                              (run, key))[0][0]
            result = run_scan(normalize(raw, allow_private=opts.settings.allow_private), opts.settings,
                              corrections=reviews.corrections(key))
            store.save(result, run=run)
            done.append({"domain": key, "status": result.status, "phase": result.estimate.phase})
            log.info("rescanned %s with %d corrections", key, len(reviews.corrections(key)))
    if opts.json:
        emit_json({"run": run, "rescanned": done})
    else:
        click.echo(f"run {run}: {len(done)} corrected organisations rescanned"
                   + "".join(f"\n  {d['domain']}: {d['phase'] or '-'} ({d['status']})" for d in done))
