"""`footprint serve [--db PATH] [--port N] [--host H]`: the review workspace in the browser.

It listens on 127.0.0.1 unless --host names another address (then it warns: anyone who can reach
that address can read and change the assessments). A store that is missing or unreadable is one
line and exit 2, before anything listens.
"""
from __future__ import annotations

import click

from analyzer.commands.common import Options, common_options
from analyzer.core.errors import StoreError, UsageError


@click.command(help="Start the review workspace (a local web app over the store).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the workspace to others.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--names", "show_names", is_flag=True, help="Show staff handles and names (personal data).")
@common_options
def command(opts: Options, host: str, port: int, show_names: bool) -> None:
    import uvicorn

    from analyzer.present.web.app import create_app
    from analyzer.present.web.security import is_loopback
    from analyzer.store import Store

    path = opts.settings.db_path()
    if not path.is_file():
        raise UsageError(f"store {path}: no such file; fill it with `footprint scan` or `footprint batch` "
                         f"first, or give --db PATH")
    try:
        store = Store.open(opts.settings)
        store.keys()   # reads the tables: a file that is not a footprint store fails here, not in a page
    except StoreError as exc:  # unusable input, not a bug: one line, exit 2
        raise UsageError(str(exc)) from None
    try:
        if not is_loopback(host):
            click.echo(f"footprint serve: warning: listening on {host}, not only this machine: anyone who "
                       f"reaches it can read and change the assessments", err=True)
        click.echo(f"footprint serve: http://{'[' + host + ']' if ':' in host else host}:{port}/ "
                   f"(store {path}; Ctrl+C stops)", err=True)
        with Store.open(opts.settings) as writer:
            app = create_app(store, lang=opts.lang, host=host, show_names=show_names, writer=writer)
            uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    finally:
        store.close()
