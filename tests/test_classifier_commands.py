"""`footprint train` and `footprint evaluate` end to end (stored scans stand in for fresh ones)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from analyzer import __version__
from analyzer.cli import main
from analyzer.features import FEATURES, as_signals
from analyzer.core.normalize import normalize
from analyzer.tools.simulate import simulate
from analyzer.core.types import Estimate, ScanResult

LABEL = {"ad_hoc": "Ad hoc", "experimental": "Experimenteel", "functional": "functional",
         "transformation": "Transformation"}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def labelled(tmp_path):
    """Sixteen stored scans of simulated organisations and a labels file naming them."""
    from analyzer.store import Store

    db = tmp_path / "store.db"
    now = datetime(2025, 3, 1, tzinfo=timezone.utc)
    lines = ["domain;phase;date"]
    with Store(db) as store:
        for i, row in enumerate(simulate(16, seed=21)):
            target = normalize(f"org{i}.nl")
            result = ScanResult(target=target, scanned_at=now, as_of=now, status="complete", accounts=(),
                                evidence=(), coverage={}, signals=as_signals({f: row[f] for f in FEATURES}),
                                estimate=Estimate(phase=None, probabilities=None, confidence=0.0),
                                version=__version__)
            store.save(result)
            lines.append(f"www.org{i}.nl;{LABEL[row['phase']]};{'2025-03-01' if i % 2 else ''}")
    labels = tmp_path / "labels.csv"
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return db, labels


def test_train_from_labels_reads_stored_scans_and_writes_the_model(tmp_path, labelled):
    db, labels = labelled
    model = tmp_path / "mine" / "phase.skops"
    result = run("train", str(labels), "--db", str(db), "--model", str(model), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["rows"] == 16 and sum(summary["per_phase"].values()) == 16
    assert summary["active"] is False and summary["cross_validated"]["grid"][0]["share"] == 0
    assert model.is_file() and model.with_suffix(".json").is_file()
    from analyzer.classifier import load_model

    chosen = summary["cross_validated"]["chosen"]
    before = summary["cross_validated"]["grid"][0]
    assert (chosen["accuracy"], -chosen["brier"]) >= (before["accuracy"], -before["brier"])
    assert load_model(model).meta["source"] in ("user:labels.csv", "bundled")


def test_evaluate_labels_prints_three_methods_side_by_side(labelled):
    db, labels = labelled
    result = run("evaluate", str(labels), "--db", str(db), "--folds", "2")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "classifier" in line and "rules" in line)
    assert header.split() == ["rules", "classifier", "combined"]
    for metric in ("accuracy", "within one", "macro F1", "Brier score", "confusion"):
        assert metric in result.output


def test_evaluate_heldout_json_has_every_figure():
    result = run("evaluate", "--heldout", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["results"]) >= {"as read", "X unreadable", "subpages unreadable", "both"}
    combined = data["results"]["as read"]["combined"]
    assert combined["n"] >= 16 and set(combined) >= {"accuracy", "within_one", "macro_f1", "brier", "confusion"}
    assert sum(map(sum, combined["confusion"])) == combined["n"]
    wrong = round((1 - combined["accuracy"]) * combined["n"])
    assert len(data["misses"]) == wrong and all(m["phase"] != m["estimate"] for m in data["misses"])


def test_train_refuses_below_the_minimum_naming_the_file(tmp_path):
    from analyzer.tools.simulate import write_csv

    rows = tmp_path / "few.csv"
    write_csv(simulate(15, seed=3), rows)
    result = run("train", str(rows))
    assert result.exit_code == 2
    assert f"{rows}: 15 labelled organisations; train needs at least 16" in result.output


@pytest.mark.parametrize("args,message", [
    (("train",), "either LABELS.csv or --simulated"),
    (("evaluate", "--simulated", "--heldout"), "exactly one of"),
])
def test_usage_errors(args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.output


def test_a_bad_labels_file_names_the_file_and_row(tmp_path):
    bad = tmp_path / "labels.csv"
    bad.write_text("domain,phase\nexample.nl,experimental\nother.nl,almost there\n", encoding="utf-8")
    result = run("train", str(bad))
    assert result.exit_code == 2
    assert "labels.csv row 3: 'almost there' is not a phase" in result.output
    bad.write_text("domain,stage\nexample.nl,experimental\n", encoding="utf-8")
    result = run("train", str(bad))
    assert result.exit_code == 2 and "needs the columns domain and phase" in result.output


def test_help_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from analyzer.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0; "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
