"""`footprint explain DOMAIN`: why an organisation got its phase, with the evidence behind it."""
from __future__ import annotations

import click

from analyzer.commands.common import STORED, Options, common_options, emit_json


@click.command(name="explain")
@click.argument("domain")
@click.option("--scan", "scan_id", type=int, default=None, help="Explain this stored scan (default: the latest).")
@click.option("--names", is_flag=True, default=False,
              help="Show staff handles and names (personal data; hidden by default).")
@common_options(*STORED)
def command(opts: Options, domain: str, scan_id: int | None, names: bool) -> None:
    """Explain a scan of DOMAIN: phase and probabilities, the rules met and unmet per phase with
    their evidence, the accounts, what could not be observed, and the next steps.

    Uses the latest stored scan (or --scan ID); with none stored it says how to scan DOMAIN.
    """
    from analyzer.commands.stored import stored_scan, target_for
    from analyzer.present.report.view import scan_view
    from analyzer.store import Store

    target = target_for(domain, opts.settings)
    with Store.open(opts.settings) as store:
        result = stored_scan(store, target, opts.settings, scan_id)
    view = scan_view(result, opts.lang, show_names=names or opts.settings.show_names)
    if opts.json:
        emit_json(view)
        return
    from rich.console import Console

    from analyzer.present.explain import render_scan

    render_scan(view, Console(highlight=False), verbose=opts.settings.verbose > 0)
