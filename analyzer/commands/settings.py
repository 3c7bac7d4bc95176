"""`footprint settings`: every setting, its environment variable, default and meaning."""
from __future__ import annotations

import click

from analyzer.commands.common import Options, common_options, emit_json
from analyzer.core.settings import describe_settings


@click.command(help="List every setting with its environment variable, default and meaning.")
@common_options
def command(opts: Options) -> None:
    rows = describe_settings(opts.lang)
    if opts.json:
        emit_json([{"name": n, "env": e, "default": d, "doc": doc} for n, e, d, doc in rows])
        return
    from rich.console import Console
    from rich.table import Table

    nl = opts.lang == "nl"
    table = Table(title="footprint-instellingen (vlag > omgeving > configuratiebestand > standaard)" if nl
                  else "footprint settings (flag > environment > config file > default)")
    for col in (("instelling", "omgeving", "standaard", "betekenis") if nl
                else ("setting", "environment", "default", "meaning")):
        table.add_column(col, overflow="fold")
    for name, env, default, doc in rows:
        table.add_row(name, env, default, doc)
    Console().print(table)
