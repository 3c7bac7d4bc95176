"""Model files: skops with a trust list, metadata checks, refusal, and the bundled model's retrain."""
from __future__ import annotations

import json
import logging
import shutil

import numpy as np
import pytest

from analyzer.classifier import (BUNDLED_MODEL, TRUSTED_TYPES, load_bundled, load_model, meta_path,
                                 save_model, train_model)
from analyzer.scoring import BUNDLED_EXPORT, export_path, load_classifier
from analyzer.core.errors import ModelError
from analyzer.features import FEATURES, LabelledOrg, file_digest, read_heldout
from analyzer.core.settings import Settings
from analyzer.tools.simulate import simulate, write_csv

FAST = {"max_iter": 20, "cv": 2}


@pytest.fixture(scope="module")
def small_model():
    orgs = [LabelledOrg(r["org_id"], r["phase"], {f: r[f] for f in FEATURES}, {})
            for r in simulate(160, seed=5)]
    return train_model(orgs, source="test", digest="sha256:small", **FAST)


@pytest.fixture(scope="module")
def heldout_values():
    return [o.values for o in read_heldout()]


def probs(model, rows):
    return np.array([[p[k] for k in sorted(p)] for p in model.predict_many(rows)])


def tamper(path, **changes):
    meta = json.loads(meta_path(path).read_text())
    meta.update(changes)
    meta_path(path).write_text(json.dumps(meta))


def test_save_and_load_round_trip_keeps_predictions_and_metadata(tmp_path, small_model, heldout_values):
    path = save_model(small_model, tmp_path / "m.skops")
    loaded = load_model(path)
    assert np.array_equal(probs(loaded, heldout_values), probs(small_model, heldout_values))
    meta = json.loads(meta_path(path).read_text())
    import sklearn

    assert meta["sklearn_version"] == sklearn.__version__
    assert meta["features"] == list(FEATURES)
    assert meta["phases"] == ["ad_hoc", "experimental", "functional", "transformation"]
    assert meta["training"]["digest"] == "sha256:small" and meta["training"]["rows"] == 160
    assert loaded.name == "test:small"


def test_a_model_from_another_scikit_learn_is_refused(tmp_path, small_model):
    path = save_model(small_model, tmp_path / "m.skops")
    tamper(path, sklearn_version="0.24.2")
    with pytest.raises(ModelError, match=r"trained with scikit-learn 0\.24\.2.*footprint train"):
        load_model(path)


def test_a_model_with_another_feature_list_is_refused(tmp_path, small_model):
    path = save_model(small_model, tmp_path / "m.skops")
    tamper(path, features=list(FEATURES[:-1]) + ["followers_total"])
    with pytest.raises(ModelError, match="feature list differs.*coverage_ratio.*followers_total"):
        load_model(path)


def test_a_file_with_types_outside_the_trust_list_is_refused_before_loading(tmp_path):
    import skops.io as sio
    from fractions import Fraction

    path = tmp_path / "evil.skops"
    sio.dump({"payload": Fraction(1, 3)}, path)  # a type skops does not trust by default
    shutil.copy(BUNDLED_MODEL.with_suffix(".json"), meta_path(path))
    untrusted = sio.get_untrusted_types(file=path)
    assert untrusted and not set(untrusted) <= set(TRUSTED_TYPES)
    with pytest.raises(ModelError, match="outside the trust list: fractions.Fraction"):
        load_model(path)


def test_the_trust_list_is_explicit_and_covers_a_real_model(tmp_path, small_model):
    import skops.io as sio

    path = save_model(small_model, tmp_path / "m.skops")
    needed = set(sio.get_untrusted_types(file=path))
    assert needed <= set(TRUSTED_TYPES)
    assert "analyzer.classifier.OrdinalPhaseClassifier" in needed


def test_missing_or_damaged_files_are_clear_errors(tmp_path, small_model):
    with pytest.raises(ModelError, match="no such file"):
        load_model(tmp_path / "absent.skops")
    path = save_model(small_model, tmp_path / "m.skops")
    meta_path(path).unlink()
    with pytest.raises(ModelError, match="metadata m.json is missing"):
        load_model(path)
    path = save_model(small_model, tmp_path / "n.skops")
    path.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="not a readable skops file"):
        load_model(path)


def test_refused_bundled_model_is_retrained_deterministically_and_cached(tmp_path, caplog, heldout_values):
    bundled = tmp_path / "bundled" / "phase-model.skops"
    bundled.parent.mkdir()
    shutil.copy(BUNDLED_MODEL, bundled)
    shutil.copy(meta_path(BUNDLED_MODEL), meta_path(bundled))
    tamper(bundled, sklearn_version="0.20.0")
    labelled = tmp_path / "simulated.csv"
    write_csv(simulate(200, seed=9), labelled)
    settings = Settings()
    with caplog.at_level(logging.WARNING, logger="analyzer.classifier"):
        first = load_bundled(settings, path=bundled, labelled=labelled)
    assert "trained with scikit-learn 0.20.0" in caplog.text and "retraining" in caplog.text
    assert first.meta["training"]["digest"] == file_digest(labelled)
    cache = settings.data_dir() / "models"
    cached_files = list(cache.glob("bundled-sklearn-*.skops"))
    assert len(cached_files) == 1
    second = load_bundled(settings, path=bundled, labelled=labelled)  # from the cache
    assert second.path == cached_files[0]
    cached_files[0].unlink()
    third = load_bundled(settings, path=bundled, labelled=labelled)  # retrained again
    assert third.path is None
    assert np.array_equal(probs(first, heldout_values), probs(second, heldout_values))
    assert np.array_equal(probs(first, heldout_values), probs(third, heldout_values))


def test_load_classifier_prefers_the_flag_then_the_activated_model_then_the_bundled(tmp_path, small_model, caplog):
    from analyzer.scoring.active import model_path, read_state, write_state

    settings = Settings()
    assert load_classifier(settings).path == BUNDLED_EXPORT
    user = save_model(small_model, model_path(settings, "mine"))
    assert load_classifier(settings).path == BUNDLED_EXPORT  # written is not activated
    write_state(settings, "mine")
    assert load_classifier(settings).path == export_path(user)
    explicit = save_model(small_model, tmp_path / "chosen.skops")
    assert load_classifier(settings.with_(model=str(explicit))).path == export_path(explicit)
    doc = json.loads(export_path(user).read_text())
    export_path(user).write_text(json.dumps(doc | {"features": ["posts_per_week"]}))
    with caplog.at_level(logging.WARNING, logger="analyzer.scoring.active"):
        assert load_classifier(settings).path == BUNDLED_EXPORT  # a stale user model falls back
    assert "set aside" in caplog.text and "bundled model" in caplog.text
    assert read_state(settings) == {"active": None, "set_aside": {"id": "mine", "reason": read_state(settings)["set_aside"]["reason"]}}
    export_path(explicit).write_text(json.dumps(doc | {"format_version": 99}))
    with pytest.raises(ModelError, match="chosen.export.json"):
        load_classifier(settings.with_(model=str(explicit)))  # an explicit choice is never replaced
