"""`footprint forget DOMAIN`: remove an organisation's stored scans (personal data)."""
from __future__ import annotations

import click

from analyzer.commands.common import STORED, Options, common_options, emit_json


@click.command(name="forget")
@click.argument("domain")
@common_options(*STORED)
def command(opts: Options, domain: str) -> None:
    """Remove every stored scan of DOMAIN, with its evidence and accounts."""
    from analyzer.core.normalize import normalize
    from analyzer.store import Store

    target = normalize(domain, allow_private=opts.settings.allow_private)
    with Store.open(opts.settings) as store:
        removed = store.forget(target.key)
    if opts.json:
        emit_json({"domain": target.key, "scans_removed": removed})
    else:
        noun = "scan" if removed == 1 else "scans"
        click.echo(f"{target.display}: {removed} stored {noun} removed")
