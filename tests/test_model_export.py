"""The data-only model export: equal to scikit-learn, bounded and validated before use, and the
only model a scan loads (scans never import scikit-learn or skops)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analyzer.core.errors import ModelError
from analyzer.core.types import PHASES
from analyzer.features import FEATURES, feature_matrix, read_heldout, read_simulated
from analyzer.scoring import BUNDLED_EXPORT, export_path, load_scoring_model
from analyzer.scoring.fileformat import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled_sklearn():
    from analyzer.classifier import BUNDLED_MODEL, load_model

    return load_model(BUNDLED_MODEL)


@pytest.fixture(scope="module")
def bundled_doc():
    return json.loads(BUNDLED_EXPORT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("orgs", [read_simulated(), read_heldout()], ids=["simulated", "heldout"])
def test_the_bundled_export_gives_scikit_learns_probabilities(bundled_sklearn, orgs):
    X = feature_matrix([o.values for o in orgs])
    expected = bundled_sklearn.estimator.predict_proba(X)
    got = load_scoring_model(BUNDLED_EXPORT).predict_proba(X)
    assert got.shape == (len(orgs), len(PHASES))
    assert np.max(np.abs(got - expected)) <= 1e-9


def test_a_freshly_trained_model_exports_equal_probabilities_incl_constant_and_isotonic(tmp_path):
    from analyzer.classifier import save_model, train_model
    from analyzer.features import LabelledOrg
    from analyzer.tools.simulate import simulate

    rows = simulate(120, seed=3)
    # no transformation examples: the last threshold is a constant, the isotonic calibrators are used
    orgs = [LabelledOrg(r["org_id"], r["phase"], {f: r[f] for f in FEATURES}, {}) for r in rows
            if r["phase"] != "transformation"]
    model = train_model(orgs, source="test", digest="sha256:t", max_iter=15, cv=2, calibration="isotonic")
    path = save_model(model, tmp_path / "m.skops")
    doc = json.loads(export_path(path).read_text())
    assert "constant" in doc["thresholds"][-1]
    assert doc["thresholds"][0]["calibration"]["method"] == "isotonic"
    X = feature_matrix([o.values for o in read_simulated()[:500]])
    got = load_scoring_model(path).predict_proba(X)
    assert np.max(np.abs(got - model.estimator.predict_proba(X))) <= 1e-9


def test_the_export_is_data_only_json():
    text = BUNDLED_EXPORT.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["format"] == "footprint-phase-model" and doc["format_version"] == 1
    assert doc["features"] == list(FEATURES) and doc["phases"] == list(PHASES)
    assert len(text) < 1_000_000


def _write(tmp_path, doc, name="m.export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _tree(doc, k=0, t=0):
    return doc["thresholds"][k]["trees"][t]


BROKEN = {
    "a cycle": (lambda d: _tree(d).__setitem__("left", [0] * len(_tree(d)["left"])), "point forward"),
    "a child out of range": (lambda d: _tree(d)["right"].__setitem__(0, 10**6), "point forward"),
    "a feature out of range": (lambda d: _tree(d)["feature"].__setitem__(0, len(FEATURES)), "feature index"),
    "lists of unequal length": (lambda d: _tree(d)["value"].pop(), "different lengths"),
    "a string for a number": (lambda d: d["thresholds"][1].__setitem__("baseline", "0.5"), "baseline"),
    "a string in a tree": (lambda d: _tree(d)["threshold"].__setitem__(0, "0.5"), "lists of numbers"),
    "a nested list in a tree": (lambda d: _tree(d)["left"].__setitem__(0, [1, [2]]), "flat lists|integers"),
    "a huge integer": (lambda d: _tree(d)["left"].__setitem__(0, 10**40), "flat lists|integers"),
    "too few thresholds": (lambda d: d["thresholds"].pop(), "thresholds"),
    "an unknown calibration": (lambda d: d["thresholds"][0].__setitem__("calibration", {"method": "magic"}),
                               "sigmoid or isotonic"),
    "another feature list": (lambda d: d.__setitem__("features", d["features"][:-1] + ["followers_total"]),
                             "feature list differs.*followers_total"),
    "another format version": (lambda d: d.__setitem__("format_version", 2), "format_version"),
    "not an export": (lambda d: d.clear(), "not a footprint-phase-model export"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_structurally_wrong_export_never_loads(tmp_path, bundled_doc, case):
    damage, message = BROKEN[case]
    doc = json.loads(json.dumps(bundled_doc))
    damage(doc)
    with pytest.raises(ModelError, match=message):
        load_scoring_model(_write(tmp_path, doc))


def test_hostile_files_are_refused_before_parsing(tmp_path):
    deep = tmp_path / "deep.export.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(ModelError, match="nested deeper"):
        load_scoring_model(deep)
    big = tmp_path / "big.export.json"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: size is checked before a byte is read
    with pytest.raises(ModelError, match="more than a model file may have"):
        load_scoring_model(big)
    nan = _write(tmp_path, {"format": "footprint-phase-model"}, "nan.export.json")
    nan.write_text('{"format": NaN}')
    with pytest.raises(ModelError, match="not a JSON model export"):
        load_scoring_model(nan)
    with pytest.raises(ModelError, match="not a regular file"):
        load_scoring_model(Path("/dev/zero"))
    with pytest.raises(ModelError, match="no such file"):
        load_scoring_model(tmp_path / "absent.export.json")


def test_a_refused_model_is_one_line_and_exit_2(tmp_path):
    deep = tmp_path / "deep.export.json"
    deep.write_text("{\"a\":" * 100_000 + "1" + "}" * 100_000)
    out = subprocess.run([sys.executable, "-m", "analyzer.cli", "scan", "zuidhaven.nl", "--replay",
                          str(ROOT / "fixtures/demo/zuidhaven.warc.gz"), "--model", str(deep), "--db",
                          str(tmp_path / "db.sqlite")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "deep.export.json" in lines[0] and len(lines[0]) < 300


def test_a_replayed_scan_imports_neither_scikit_learn_nor_skops(tmp_path):
    code = ("import sys; from click.testing import CliRunner; from analyzer.cli import main; "
            f"r = CliRunner().invoke(main, ['scan', 'zuidhaven.nl', '--replay', {str(ROOT / 'fixtures/demo/zuidhaven.warc.gz')!r}, "
            f"'--json', '--db', {str(tmp_path / 'db.sqlite')!r}]); assert r.exit_code == 0, r.output; "
            "import json; assert json.loads(r.stdout)['probabilities']; "
            "print(sorted(m for m in ('sklearn', 'skops', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_skops_model_without_an_export_is_exported_once(tmp_path, bundled_sklearn):
    import shutil

    from analyzer.classifier import BUNDLED_MODEL, meta_path

    old = tmp_path / "old.skops"
    shutil.copy(BUNDLED_MODEL, old)
    shutil.copy(meta_path(BUNDLED_MODEL), meta_path(old))
    model = load_scoring_model(old)
    assert export_path(old).is_file() and model.path == export_path(old)
    X = feature_matrix([o.values for o in read_heldout()])
    assert np.max(np.abs(model.predict_proba(X) - bundled_sklearn.estimator.predict_proba(X))) <= 1e-9


def test_a_refused_bundled_export_falls_back_to_the_scikit_learn_model(tmp_path, bundled_doc, bundled_sklearn):
    from analyzer.core.settings import Settings
    from analyzer.scoring.loader import load_bundled_export

    stale = _write(tmp_path, bundled_doc | {"features": bundled_doc["features"][:-1] + ["gone"]})
    model = load_bundled_export(Settings(), stale)
    X = feature_matrix([o.values for o in read_heldout()])
    assert np.max(np.abs(model.predict_proba(X) - bundled_sklearn.estimator.predict_proba(X))) <= 1e-9
