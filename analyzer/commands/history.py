"""`footprint history DOMAIN`: every stored scan of an organisation and what changed."""
from __future__ import annotations

import click

from analyzer.commands.common import STORED, Options, common_options, emit_json


@click.command(name="history")
@click.argument("domain")
@common_options(*STORED)
def command(opts: Options, domain: str) -> None:
    """Every stored scan of DOMAIN, oldest first, with how its phase and key signals changed."""
    from analyzer.commands.stored import target_for
    from analyzer.present.report.timeline import history_view
    from analyzer.store import Store

    target = target_for(domain, opts.settings)
    with Store.open(opts.settings) as store:
        results = store.history(target.key)
    view = history_view(results, opts.lang, domain=target.display)
    if opts.json:
        emit_json(view)
        return
    from rich.console import Console

    from analyzer.present.explain import render_history

    render_history(view, Console(highlight=False))
