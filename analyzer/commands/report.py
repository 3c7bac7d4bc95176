"""`footprint report`: a self-contained HTML report of one organisation, or a batch run's pages."""
from __future__ import annotations

from pathlib import Path

import click

from analyzer.commands.common import Options, common_options, emit_json
from analyzer.core.errors import UsageError


@click.command(name="report")
@click.argument("domain", required=False)
@click.option("--out", "out", required=True, help="HTML file to write (a folder with --run).")
@click.option("--scan", "scan_id", type=int, default=None, help="Report this stored scan (default: the latest).")
@click.option("--run", "run", default=None, help="Write an index page and one page per organisation of this batch run.")
@click.option("--names", is_flag=True, default=False,
              help="Show staff handles and names (personal data; hidden by default).")
@common_options
def command(opts: Options, domain: str | None, out: str, scan_id: int | None, run: str | None,
            names: bool) -> None:
    """Write a self-contained HTML report for DOMAIN (or, with --run NAME, for a batch run).

    The page needs no network: it can be opened from a file or sent as an attachment. It shows the
    phase and its probability, the accounts, the evidence per phase with links to the sources,
    what could not be observed, the next steps and, with several scans, the history.
    """
    from analyzer.store import Store

    if (domain is None) == (run is None):
        raise UsageError("report: give either DOMAIN or --run NAME (not both)")
    if run is not None and scan_id is not None:
        raise UsageError("report: --scan cannot be combined with --run")
    show_names = names or opts.settings.show_names
    with Store.open(opts.settings) as store:
        if run is not None:
            written = _batch(store, run, Path(out), opts.lang, show_names)
        else:
            written = [_single(store, domain or "", Path(out), opts, scan_id, show_names)]
    if opts.json:
        emit_json({"out": str(out), "files": [str(p) for p in written]})
    else:
        click.echo(str(written[-1]))


def _single(store, domain: str, out: Path, opts: Options, scan_id: int | None, show_names: bool) -> Path:
    from analyzer.present.report.batch import write_atomic
    from analyzer.present.report.render import render_scan
    from analyzer.present.report.source import load_or_scan, target_for

    if out.is_dir():
        raise UsageError(f"--out {out}: is a folder; give a file name such as {out / 'report.html'}")
    target = target_for(domain, opts.settings)
    result = load_or_scan(store, target, opts.settings, scan_id)
    history = store.history(target.key)
    html = render_scan(result, lang=opts.lang, show_names=show_names, history=history)
    return write_atomic(out, html)


def _batch(store, run: str, out: Path, lang: str, show_names: bool) -> list[Path]:
    from analyzer.present.report.batch import write_batch
    from analyzer.present.report.source import run_entries

    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file; with --run give a folder")
    entries = list(run_entries(store, run))
    return write_batch(entries, out, run=run, lang=lang, show_names=show_names, history=store.history)
