"""`footprint train` on signal rows writes a model without activating it; `footprint model`
lists, activates and resets; scans record the model they used; a model that no longer fits is set
aside with a warning and the scan says so."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.tools.simulate import simulate, write_csv

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo" / "zuidhaven.warc.gz"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One `train` run on 16 signal rows from another simulator seed, in its own data folder."""
    home = tmp_path_factory.mktemp("home")
    rows = home / "labels.csv"
    write_csv(simulate(16, seed=7), rows)
    env = {"XDG_DATA_HOME": str(home), "X_BEARER_TOKEN": ""}
    result = CliRunner().invoke(main, ["train", str(rows)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return env, result.output, home


def run(env, *args):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def scan_json(env, home):
    result = run(env, "scan", "zuidhaven.nl", "--replay", str(DEMO), "--json", "--db", str(home / "db.sqlite"))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_train_prints_before_and_after_and_does_not_activate(trained):
    env, out, home = trained
    assert "bundled model (before)" in out and "after:" in out and "not active" in out
    listing = run(env, "model", "list").output.splitlines()
    assert listing[0].startswith("* bundled")
    assert any(line.startswith("  trained-") for line in listing)
    assert scan_json(env, home)["model"].startswith("bundled:")


def test_use_and_reset_switch_the_model_scans_record(trained):
    env, _out, home = trained
    model_id = next(line.split()[0] for line in run(env, "model", "list").output.splitlines()
                    if line.startswith("  trained-"))
    used = run(env, "model", "use", model_id)
    assert used.exit_code == 0 and model_id in used.output
    listing = run(env, "model", "list", "--json")
    assert [m["id"] for m in json.loads(listing.output)["models"] if m["active"]] == [model_id]
    assert run(env, "model", "use", "no-such-model").exit_code == 2
    assert run(env, "model", "reset").exit_code == 0
    assert json.loads(run(env, "model", "list", "--json").output)["models"][0]["active"] is True


def test_an_active_model_that_no_longer_fits_is_set_aside_and_said(trained, tmp_path):
    env, _out, home = trained
    model_id = next(line.split()[0] for line in run(env, "model", "list").output.splitlines()
                    if line.startswith("  trained-"))
    assert run(env, "model", "use", model_id).exit_code == 0
    export = home / "footprint" / "models" / f"{model_id}.export.json"
    original = export.read_text(encoding="utf-8")
    try:
        doc = json.loads(original)
        doc["features"] = doc["features"][:-1]          # as if the signal catalogue had changed
        export.write_text(json.dumps(doc), encoding="utf-8")
        data = scan_json(env, home)
        assert data["model"].startswith("bundled:")
        assert any(model_id in r and "no longer fits" in r for r in data["confidence_reasons"])
        listing = run(env, "model", "list").output
        assert listing.startswith("* bundled") and "set aside" in listing
    finally:
        export.write_text(original, encoding="utf-8")
        run(env, "model", "reset")
