"""`footprint batch FILE --out OUT`: score a list of organisations, resumably."""
from __future__ import annotations

from pathlib import Path

import click

from analyzer.commands.common import Options, common_options, emit_json
from analyzer.present.errors_nl import localise_error

SHOW_INVALID = 20


@click.command(name="batch")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file: .csv, .xlsx, .jsonl or .parquet.")
@click.option("--run", "run", default=None, help="Run name (default: the input file's name); the same name resumes.")
@click.option("--column", default=None, help="The column holding the domains (default: found by its header).")
@click.option("--retry-failed", is_flag=True, default=False, help="Scan failed and unobservable rows again.")
@click.option("--max-age", "max_age", type=float, default=None,
              help="Reuse stored scans younger than DAYS; rescan older ones.")
@click.option("--executor", type=click.Choice(["thread", "dask"]), default="thread",
              help="thread: threads on this machine; dask: a Dask cluster (--scheduler, or a local one "
                   "of dask_workers processes).")
@click.option("--scheduler", default=None, help="Join this Dask scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option("--concurrency", type=click.IntRange(1, 512), default=None,
              help="Organisations scanned at once (default: the concurrency setting).")
@common_options
def command(opts: Options, file: Path, out: Path, run: str | None, column: str | None, retry_failed: bool,
            max_age: float | None, executor: str, scheduler: str | None, concurrency: int | None) -> None:
    """Score every organisation in FILE (CSV or XLSX) and write OUT.

    Every finished organisation is stored first; running the same command again resumes where it
    stopped. Rows with an invalid domain are reported with their row number and kept in OUT.
    """
    from analyzer.batch import BatchOptions, run_batch
    from analyzer.commands.paths import check_db, check_out, disk_failure
    from analyzer.core.errors import UsageError

    check_out(out)
    check_db(opts.settings.db_path())
    options = BatchOptions(run=run, column=column, retry_failed=retry_failed, max_age_days=max_age,
                           executor=executor, scheduler=scheduler, concurrency=concurrency)
    try:
        summary = run_batch(file, out, opts.settings, options)
    except Exception as exc:
        if not disk_failure(exc):
            raise
        # Every finished row is in the store already: the same command resumes after the rest.
        raise UsageError(f"the batch stopped: cannot write ({exc}; disk full?) to {opts.settings.db_path()} "
                         f"or {out}; free space and run the same command again to resume") from None
    lang = opts.settings.lang
    for row, reason in summary.invalid[:SHOW_INVALID]:
        where = f"rij {row}" if lang == "nl" else f"row {row}"
        click.echo(f"footprint: {file} {where}: {localise_error(reason, lang)}", err=True)
    if len(summary.invalid) > SHOW_INVALID:
        more = len(summary.invalid) - SHOW_INVALID
        line = (f"nog {more} ongeldige rijen (zie {out})" if lang == "nl"
                else f"{more} more invalid rows (see {out})")
        click.echo(f"footprint: {file}: {line}", err=True)
    if opts.json:
        emit_json({"run": summary.run, "out": str(out), "rows": summary.rows, "scanned": summary.scanned,
                   "resumed": summary.resumed, "seconds": round(summary.seconds, 2), "counts": summary.counts})
        return
    parts = ", ".join(f"{n} {status}" for status, n in summary.counts.items() if n)
    verb = "resumed" if summary.resumed else "run"
    click.echo(f"{verb} {summary.run!r}: {summary.rows} rows ({parts or 'none'}); "
               f"{summary.scanned} scanned now -> {out}")
