"""`footprint model list | use ID | reset`: which classifier model scans use.

`footprint train` writes a new model without activating it; `model use ID` activates one (after
checking that it loads), `model reset` goes back to the bundled model. Every scan records the
model it used (`model` in the scan JSON).
"""
from __future__ import annotations

import click

from analyzer.commands.common import Options, common_options, emit_json
from analyzer.core.errors import UsageError


@click.group(name="model")
def command() -> None:
    """List, activate or reset the classifier models."""


def _rows(settings) -> list[dict]:
    from analyzer.scoring import BUNDLED_EXPORT, load_scoring_model
    from analyzer.scoring.active import BUNDLED_ID, model_path, read_state, trained_ids

    state = read_state(settings)
    bundled = load_scoring_model(BUNDLED_EXPORT)
    rows = [{"id": BUNDLED_ID, "name": bundled.name, "active": state["active"] is None,
             "rows": bundled.meta.get("training", {}).get("rows"), "note": "simulated prior"}]
    for mid in trained_ids(settings):
        row = {"id": mid, "active": state["active"] == mid, "name": None, "rows": None, "note": ""}
        try:
            model = load_scoring_model(model_path(settings, mid))
            row.update(name=model.name, rows=model.meta.get("training", {}).get("rows"),
                       note=str(model.meta.get("training_note", "")))
        except UsageError as exc:
            row["note"] = f"does not fit this version: {exc}"
        rows.append(row)
    aside = state["set_aside"]
    if aside:
        for row in rows:
            if row["id"] == aside.get("id"):
                row["note"] = f"set aside: {aside.get('reason', '')}"
    return rows


@command.command(name="list")
@common_options
def list_models(opts: Options) -> None:
    """The bundled model and every trained one; * marks the one scans use."""
    rows = _rows(opts.settings)
    if opts.json:
        emit_json({"models": rows})
        return
    for row in rows:
        mark = "*" if row["active"] else " "
        click.echo(f"{mark} {row['id']}  {row['name'] or '-'}  rows={row['rows'] or '-'}  {row['note']}".rstrip())


@command.command(name="use")
@click.argument("model_id")
@common_options
def use(opts: Options, model_id: str) -> None:
    """Make MODEL_ID (from `footprint model list`) the model every later scan uses."""
    from analyzer.scoring import load_scoring_model
    from analyzer.scoring.active import BUNDLED_ID, model_path, trained_ids, write_state

    if model_id == BUNDLED_ID:
        write_state(opts.settings, None)
    else:
        if model_id not in trained_ids(opts.settings):
            raise UsageError(f"model {model_id!r}: no such trained model (see footprint model list)")
        model = load_scoring_model(model_path(opts.settings, model_id))  # refuses one that does not fit
        write_state(opts.settings, model_id)
        model_id = f"{model_id} ({model.name})"
    if opts.json:
        emit_json({"active": model_id})
    else:
        click.echo(f"scans now use model {model_id}")


@command.command(name="reset")
@common_options
def reset(opts: Options) -> None:
    """Go back to the bundled model."""
    from analyzer.scoring.active import write_state

    write_state(opts.settings, None)
    if opts.json:
        emit_json({"active": "bundled"})
    else:
        click.echo("scans now use the bundled model")
