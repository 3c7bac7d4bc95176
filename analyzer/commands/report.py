"""`footprint report`: a self-contained HTML (or PDF) report of one organisation, or a batch run's pages."""
from __future__ import annotations

from pathlib import Path

import click

from analyzer.commands.common import STORED, Options, common_options, emit_json
from analyzer.core.errors import UsageError

SINGLE_TYPES = (".html", ".htm", ".pdf")


@click.command(name="report")
@click.argument("domain", required=False)
@click.option("--out", "out", default=None,
              help="File to write: .html, or .pdf through Chromium (default DOMAIN.html); a folder with --run.")
@click.option("--scan", "scan_id", type=int, default=None, help="Report this stored scan (default: the latest).")
@click.option("--run", "run", default=None, help="Write an index page and one page per organisation of this batch run.")
@click.option("--names", is_flag=True, default=False,
              help="Show staff handles and names (personal data; hidden by default).")
@common_options(*STORED)
def command(opts: Options, domain: str | None, out: str | None, scan_id: int | None, run: str | None,
            names: bool) -> None:
    """Write a self-contained report for DOMAIN from its stored scan (or, with --run NAME, for a
    batch run).

    The page needs no network: it can be opened from a file or sent as an attachment. It shows the
    phase and its probability, the accounts, the evidence per phase with links to the sources,
    what could not be observed, the next steps and, with several scans, the history. With no
    stored scan of DOMAIN it says how to scan it.
    """
    from analyzer.store import Store

    if (domain is None) == (run is None):
        raise UsageError("report: give either DOMAIN or --run NAME (not both)")
    if run is not None and scan_id is not None:
        raise UsageError("report: --scan cannot be combined with --run")
    if run is not None and out is None:
        raise UsageError("report --run: give --out FOLDER for the pages")
    show_names = names or opts.settings.show_names
    with Store.open(opts.settings) as store:
        if run is not None:
            written = _batch(store, run, Path(out or ""), opts.lang, show_names)
        else:
            written = [_single(store, domain or "", out, opts, scan_id, show_names)]
    if opts.json:
        emit_json({"out": str(written[-1] if out is None else out), "files": [str(p) for p in written]})
    else:
        click.echo(str(written[-1]))


def _single(store, domain: str, out: str | None, opts: Options, scan_id: int | None, show_names: bool) -> Path:
    from analyzer.commands.stored import stored_scan, target_for
    from analyzer.core.files import write_bytes_atomic
    from analyzer.present.report.batch import page_name, write_atomic
    from analyzer.present.report.render import render_scan

    target = target_for(domain, opts.settings)
    path = Path(out) if out is not None else Path(page_name(target.key, set()))
    if path.is_dir():
        raise UsageError(f"--out {path}: is a folder; give a file name such as {path / 'report.html'}")
    if path.suffix.lower() not in SINGLE_TYPES:
        raise UsageError(f"--out {path}: unknown report type {path.suffix or '(none)'!r}; use .html or .pdf")
    result = stored_scan(store, target, opts.settings, scan_id)
    history = store.history(target.key)
    html = render_scan(result, lang=opts.lang, show_names=show_names, history=history)
    if path.suffix.lower() == ".pdf":
        from analyzer.present.report.pdf import html_to_pdf

        return write_bytes_atomic(path, html_to_pdf(html, path))
    return write_atomic(path, html)


def _batch(store, run: str, out: Path, lang: str, show_names: bool) -> list[Path]:
    from analyzer.commands.stored import run_entries
    from analyzer.present.report.batch import write_batch

    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file; with --run give a folder")
    entries = list(run_entries(store, run))
    return write_batch(entries, out, run=run, lang=lang, show_names=show_names, history=store.history)
