"""An ordinal, calibrated phase classifier over signals (never over rule outcomes).

`OrdinalPhaseClassifier` follows the scikit-learn estimator contract (`__init__` stores
parameters, `fit` returns self, learned state ends in `_`, `predict_proba` columns follow
`classes_`), so `clone`, cross-validation and pipelines work. It uses the order of the phases the
way Frank & Hall (2001) proposed: for each threshold k one binary model estimates P(phase > k);
each is a HistGradientBoosting model (unobserved signals arrive imputed as their least mature
value, analyzer.features.impute, so the monotonic constraints also bound them) calibrated with
`CalibratedClassifierCV` (Platt scaling, cross-fitted). The cumulative probabilities are repaired
to be non-increasing in k and differenced into one probability per phase.

Persistence: skops files (never pickle) loaded with an explicit trust list, beside a JSON file of
metadata (scikit-learn version, feature list, phase order, training data digest). A model that does
not match the installed scikit-learn or the signal catalogue is refused with a ModelError; the
bundled model is then retrained deterministically from fixtures/labelled/ and cached in the user
data directory. This module imports scikit-learn, so import it only where a model is needed
(`footprint --help` never does).
"""
from __future__ import annotations

import functools
import json
import logging
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from analyzer.core.errors import ModelError
from analyzer.signals import SIGNALS
from analyzer.features import FEATURES, LabelledOrg, feature_matrix, signal_features
from analyzer.core.types import PHASES
from analyzer.scoring.loader import MODEL_FILE, user_model_path  # noqa: F401 (one place says where)

log = logging.getLogger(__name__)

MODEL_FORMAT = 1
BUNDLED_MODEL = Path(__file__).resolve().parent / "model" / MODEL_FILE
# Types a model file may contain beyond skops' own defaults (numpy, builtins, scikit-learn
# estimators). Anything else in a file is refused: skops then never builds it.
TRUSTED_TYPES: tuple[str, ...] = (
    "analyzer.classifier.OrdinalPhaseClassifier",
    "analyzer.classifier.ObservedBooster",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
)


class OrdinalPhaseClassifier(ClassifierMixin, BaseEstimator):
    """Cumulative binary models P(y > k) over ordered classes, calibrated, NaN-tolerant.

    Parameters: `order` (the class labels in their order; default: sorted labels, which for the
    phase ids is the model's order), the boosting settings, `monotonic` (per feature: 1 = never
    lowers P(y > k), -1 = never raises it, 0 = free), `calibration` ("sigmoid" or
    "isotonic"), `cv` (calibration folds) and `random_state` (fixed, so retraining is repeatable).
    """

    def __init__(self, order: Sequence[Any] | None = None, max_iter: int = 120,
                 learning_rate: float = 0.06, max_leaf_nodes: int = 12, min_samples_leaf: int = 20,
                 l2_regularization: float = 1.0, monotonic: Sequence[int] | None = None,
                 calibration: str = "sigmoid", cv: int = 3, random_state: int = 0):
        self.order = order
        self.monotonic = monotonic
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.calibration = calibration
        self.cv = cv
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit; `sample_weight` (one non-negative weight per row) weighs rows in the boosting and
        in the calibration, e.g. a consultant's labels against the simulated prior."""
        from sklearn.utils.multiclass import check_classification_targets

        X, y = _validate(self, X, y, reset=True)
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight, dtype=float)
            if sample_weight.shape != (len(y),) or not np.isfinite(sample_weight).all() or (sample_weight < 0).any():
                raise ValueError("sample_weight must hold one finite, non-negative weight per row")
        check_classification_targets(y)
        self.classes_ = np.asarray(self.order) if self.order is not None else np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"need at least two classes to fit, got 1 class: {list(self.classes_)}")
        unknown = set(np.unique(y)) - set(self.classes_.tolist())
        if unknown:
            raise ValueError(f"labels {sorted(map(str, unknown))} are not in order={list(self.classes_)}")
        rank = {c: i for i, c in enumerate(self.classes_.tolist())}
        ranks = np.array([rank[v] for v in y.tolist()])
        with _one_thread():
            self.thresholds_ = [self._fit_threshold(X, (ranks > k).astype(int), sample_weight)
                                for k in range(len(self.classes_) - 1)]
        self.n_iter_ = np.array([_boosting_rounds(m) for m in self.thresholds_])
        return self

    def _fit_threshold(self, X, target, sample_weight=None):
        from sklearn.calibration import CalibratedClassifierCV

        counts = np.bincount(target, minlength=2)
        if counts.min() == 0:  # every example on one side: a constant answer, not a model
            return float(counts[1] / counts.sum())
        fit_kw = {} if sample_weight is None else {"sample_weight": sample_weight}
        booster = ObservedBooster(
            max_iter=self.max_iter, learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes, min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization, monotonic=self.monotonic,
            random_state=self.random_state)
        # `cv` is a number of folds, or (as scikit-learn's checks pass it) a splitter used as given
        folds = min(self.cv, int(counts.min())) if isinstance(self.cv, (int, np.integer)) else self.cv
        if isinstance(folds, (int, np.integer)) and folds < 2:  # too few of one side to cross-fit
            return booster.fit(X, target, **fit_kw)
        # ensemble=False: the calibrator learns from cross-fitted predictions, the booster is then
        # fitted once on all data, so the model file holds one booster per threshold, not `cv`.
        return CalibratedClassifierCV(booster, method=self.calibration, cv=folds,
                                      ensemble=False).fit(X, target, **fit_kw)

    def cumulative_proba(self, X):
        """P(y > k) for each threshold k, repaired to be non-increasing in k."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "thresholds_")
        X = _validate(self, X, reset=False)
        cols = []
        with _one_thread():
            for model in self.thresholds_:
                if isinstance(model, float):
                    cols.append(np.full(X.shape[0], model))
                else:
                    cols.append(model.predict_proba(X)[:, 1])
        upper = np.column_stack(cols)
        return np.minimum.accumulate(upper, axis=1)

    def predict_proba(self, X):
        upper = self.cumulative_proba(X)
        n = upper.shape[0]
        left = np.column_stack([np.ones(n), upper])
        right = np.column_stack([upper, np.zeros(n)])
        proba = np.clip(left - right, 0.0, 1.0)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


class ObservedBooster(ClassifierMixin, BaseEstimator):
    """HistGradientBoosting on the features observed at least once in the data it is fitted on.

    A column that is missing in every row carries nothing to learn and breaks the booster's
    binning; small labelled sets (and their calibration folds) have such columns. They are left
    out at fit and at predict time, and their monotonic constraints with them.
    """

    def __init__(self, max_iter: int = 120, learning_rate: float = 0.06, max_leaf_nodes: int = 12,
                 min_samples_leaf: int = 20, l2_regularization: float = 1.0,
                 monotonic: Sequence[int] | None = None, random_state: int = 0):
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.monotonic = monotonic
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        from sklearn.ensemble import HistGradientBoostingClassifier

        X = np.asarray(X, dtype=float)
        self.observed_ = ~np.all(np.isnan(X), axis=0)
        if not self.observed_.any():
            self.observed_[0] = True  # nothing observed at all: the booster learns the prior
            X = np.where(np.isnan(X), 0.0, X)
        cst = None if self.monotonic is None else [int(c) for c, k in zip(self.monotonic, self.observed_) if k]
        self.booster_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes, min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization, early_stopping=False, monotonic_cst=cst,
            random_state=self.random_state).fit(X[:, self.observed_], y, sample_weight=sample_weight)
        self.classes_ = self.booster_.classes_
        self.n_iter_ = self.booster_.n_iter_
        return self

    def decision_function(self, X):
        return self.booster_.decision_function(np.asarray(X, dtype=float)[:, self.observed_])

    def predict_proba(self, X):
        return self.booster_.predict_proba(np.asarray(X, dtype=float)[:, self.observed_])

    def predict(self, X):
        return self.booster_.predict(np.asarray(X, dtype=float)[:, self.observed_])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


def _one_thread():
    """OpenMP limited to one thread: on data this small, threads cost more than they save (a
    2000-row fit takes seconds instead of minutes on a busy machine), and a fit can never depend
    on the number of cores."""
    return _threadpools().limit(limits=1)


@functools.lru_cache(maxsize=1)
def _threadpools():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # inspecting the loaded libraries is slow: do it once


def _boosting_rounds(model) -> int:
    """Boosting iterations behind one threshold model (0 for a constant)."""
    if isinstance(model, float):
        return 0
    if hasattr(model, "calibrated_classifiers_"):
        model = model.calibrated_classifiers_[0].estimator
    return int(model.n_iter_)


_NO_Y = object()


def _validate(est, X, y=_NO_Y, *, reset: bool):
    """validate_data where scikit-learn has it (>= 1.6), the older method otherwise."""
    try:
        from sklearn.utils.validation import validate_data
    except ImportError:  # pragma: no cover - scikit-learn < 1.6
        kw = {"force_all_finite": "allow-nan"}
        if y is _NO_Y:
            return est._validate_data(X, reset=reset, **kw)
        return est._validate_data(X, y, reset=reset, **kw)
    if y is _NO_Y:
        return validate_data(est, X, reset=reset, ensure_all_finite="allow-nan")
    return validate_data(est, X, y, reset=reset, ensure_all_finite="allow-nan")


# The monotonic constraints come from the signal catalogue, where each signal declares its expected
# direction once (analyzer.signals.registry.SignalDef.direction).
MONOTONIC: dict[str, int] = {s.name: s.direction for s in SIGNALS if s.direction}


@dataclass(frozen=True)
class PhaseModel:
    """A fitted classifier with its metadata; `name` identifies it in estimates and reports."""

    estimator: OrdinalPhaseClassifier
    meta: dict[str, Any]
    path: Path | None = None

    @property
    def name(self) -> str:
        digest = str(self.meta.get("training", {}).get("digest", ""))
        return f"{self.meta.get('source', 'model')}:{digest.removeprefix('sha256:')[:12]}"

    @property
    def calibration(self):
        """The confidence calibration in the metadata (analyzer.confidence), or None."""
        from analyzer.confidence import Calibration

        return Calibration.from_meta(self.meta)

    def predict_signals(self, signals: Mapping[str, Any]) -> dict[str, float]:
        """Phase -> probability for one organisation's signals (Signal objects or plain values)."""
        return self.predict_many([signals])[0]

    def predict_many(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, float]]:
        """`predict_signals` for many organisations at once (one matrix, one pass per model)."""
        if not rows:
            return []
        X = feature_matrix([signal_features(r) for r in rows], tuple(self.meta["features"]))
        classes = [str(c) for c in self.estimator.classes_]
        return [dict(zip(classes, map(float, p))) for p in self.estimator.predict_proba(X)]


def train_model(orgs: Sequence[LabelledOrg], *, source: str, digest: str,
                sample_weight: Sequence[float] | None = None, **params: Any) -> PhaseModel:
    """Fit a classifier on labelled organisations (deterministic for the same data and params);
    `sample_weight`, one per organisation, weighs them (analyzer.tools.learn)."""
    import sklearn

    if not orgs:
        raise ModelError(f"{source}: no labelled organisations to train on")
    X = feature_matrix([o.values for o in orgs])
    y = np.array([o.phase for o in orgs])
    params.setdefault("monotonic", tuple(MONOTONIC.get(f, 0) for f in FEATURES))
    estimator = OrdinalPhaseClassifier(order=PHASES, **params).fit(X, y, sample_weight=sample_weight)
    meta = {"format": MODEL_FORMAT, "source": source, "sklearn_version": sklearn.__version__,
            "skops_version": _skops_version(), "features": list(FEATURES), "phases": list(PHASES),
            "training": {"digest": digest, "rows": len(orgs),
                         **({} if sample_weight is None else {"weighted": True}),
                         "per_phase": {p: int((y == p).sum()) for p in PHASES}},
            "params": {k: v for k, v in estimator.get_params().items() if k != "order"}}
    return PhaseModel(estimator, meta)


def save_model(model: PhaseModel, path: Path) -> Path:
    """Write `path` (skops), its metadata (`.json`) and the data-only export scans score with
    (`.export.json`) beside it, each via a temporary file."""
    import skops.io as sio

    from analyzer.model_export import write_export
    from analyzer.scoring import export_path

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    sio.dump(model.estimator, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(tmp, path)
    meta_tmp = path.with_name(path.name + ".json.tmp")
    meta_tmp.write_text(json.dumps(model.meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(meta_tmp, meta_path(path))
    write_export(model, export_path(path))
    return path


def meta_path(path: Path) -> Path:
    return path.with_suffix(".json")


def load_model(path: Path) -> PhaseModel:
    """Load a model file after checking its metadata and its types; ModelError when refused.

    A file already loaded (same path, size and modification time, metadata included) is not read
    again: a batch scores every organisation with one model.
    """
    try:
        stamp = tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in (path, meta_path(path)))
    except OSError:
        stamp = ()
    if not stamp:
        return _load_model(path)
    return _load_model_cached(path.resolve(), stamp)


@functools.lru_cache(maxsize=8)
def _load_model_cached(path: Path, stamp: tuple) -> PhaseModel:
    return _load_model(path)


def _load_model(path: Path) -> PhaseModel:
    import skops.io as sio

    meta = _read_meta(path)
    check_compatible(meta, path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # skops raises many kinds on a damaged archive
        raise ModelError(f"model {path}: not a readable skops file ({exc})") from exc
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise ModelError(f"model {path}: refused, it contains types outside the trust list: {', '.join(refused)}")
    try:
        estimator = sio.load(path, trusted=list(untrusted))
    except Exception as exc:
        raise ModelError(f"model {path}: cannot be loaded ({type(exc).__name__}: {exc})") from exc
    if not isinstance(estimator, OrdinalPhaseClassifier):
        raise ModelError(f"model {path}: holds a {type(estimator).__name__}, not a phase classifier")
    return PhaseModel(estimator, meta, path)


def _read_meta(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ModelError(f"model {path}: no such file")
    try:
        return json.loads(meta_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model {path}: its metadata {meta_path(path).name} is missing or unreadable ({exc})") from exc


def check_compatible(meta: Mapping[str, Any], path: Path | str) -> None:
    """Refuse a model trained with another scikit-learn (major.minor), features or phases."""
    import sklearn

    if meta.get("format") != MODEL_FORMAT:
        raise ModelError(f"model {path}: format {meta.get('format')!r}, this footprint reads {MODEL_FORMAT}")
    trained = str(meta.get("sklearn_version", "?"))
    if _minor(trained) != _minor(sklearn.__version__):
        raise ModelError(f"model {path}: trained with scikit-learn {trained}, installed is "
                         f"{sklearn.__version__}; retrain it with `footprint train`")
    if list(meta.get("features", [])) != list(FEATURES):
        changed = sorted(set(meta.get("features", [])) ^ set(FEATURES)) or ["(order)"]
        raise ModelError(f"model {path}: its feature list differs from the signal catalogue "
                         f"({', '.join(changed)}); retrain it with `footprint train`")
    if list(meta.get("phases", [])) != list(PHASES):
        raise ModelError(f"model {path}: phases {meta.get('phases')} are not {list(PHASES)}")


def _minor(version: str) -> tuple[str, ...]:
    # Patch releases keep fitted estimators loadable; a minor release may change internals.
    return tuple(version.split(".")[:2])


def _skops_version() -> str:
    from importlib.metadata import version

    return version("skops")


def load_bundled(settings, *, path: Path = BUNDLED_MODEL, labelled: Path | None = None) -> PhaseModel:
    """The bundled model, or (when refused) one retrained from fixtures/labelled/ and cached.

    `path` and `labelled` exist for tests; footprint always uses the bundled files.
    """
    from analyzer.features import file_digest, labelled_dir

    try:
        return load_model(path)
    except ModelError as exc:
        refused = exc
    import sklearn

    labelled = labelled or labelled_dir() / "simulated.csv"
    cache = settings.data_dir() / "models" / f"bundled-sklearn-{sklearn.__version__}.skops"
    digest = file_digest(labelled)
    if cache.is_file():
        try:
            cached = load_model(cache)
            if cached.meta["training"]["digest"] == digest:
                log.info("%s; using the retrained model cached in %s", refused, cache)
                return cached
        except ModelError as exc:
            log.warning("%s; retraining", exc)
    log.warning("%s; retraining the bundled model from fixtures/labelled/", refused)
    model = train_bundled(labelled)
    try:
        save_model(model, cache)
    except OSError as exc:  # a read-only home still gets a working (uncached) model
        log.warning("cannot cache the retrained model in %s: %s", cache, exc)
    return model


def train_bundled(labelled: Path | None = None) -> PhaseModel:
    """Retrain the bundled model from fixtures/labelled/simulated.csv (same data, same model),
    with its confidence calibration (analyzer.calibrate) in the metadata."""
    from analyzer.calibrate import with_calibration
    from analyzer.features import file_digest, labelled_dir, read_simulated

    labelled = labelled or labelled_dir() / "simulated.csv"
    orgs = read_simulated(labelled)
    return with_calibration(train_model(orgs, source="bundled", digest=file_digest(labelled)), orgs)
