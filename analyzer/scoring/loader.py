"""Which model a scan scores with, read once per process: the flag, the user's, the bundled one."""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from analyzer.core.errors import ModelError
from analyzer.scoring.fileformat import EXPORT_SUFFIX, export_path, read_export
from analyzer.scoring.model import ScoringModel

log = logging.getLogger(__name__)

MODEL_FILE = "phase-model.skops"
BUNDLED_EXPORT = export_path(Path(__file__).resolve().parent.parent / "model" / MODEL_FILE)


def user_model_path(settings) -> Path:
    """Where `footprint train` writes by default (the user data directory); the export sits beside."""
    return settings.data_dir() / "models" / MODEL_FILE


def load_scoring_model(path: Path) -> ScoringModel:
    """The model export at `path` (or beside the skops file `path`); ModelError when refused.

    A file already read (same path, size and modification time) is not read again: a batch
    scores every organisation with one model.
    """
    path = export_path(path)
    if not path.exists() and path.name.endswith(EXPORT_SUFFIX) and _skops_beside(path).is_file():
        return _export_legacy(_skops_beside(path))
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        return _load(path)  # reports the problem
    return _load_cached(path.resolve(), stamp)


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path, stamp: tuple[int, int]) -> ScoringModel:
    return _load(path)


def _load(path: Path) -> ScoringModel:
    from analyzer.core.types import PHASES
    from analyzer.features import FEATURES

    return ScoringModel.from_doc(read_export(path, FEATURES, PHASES), path)


def _skops_beside(export: Path) -> Path:
    return export.with_name(export.name.removesuffix(EXPORT_SUFFIX) + ".skops")


def _export_legacy(skops: Path) -> ScoringModel:
    """A skops model trained before exports existed: export it once (this needs scikit-learn)."""
    from analyzer.model_export import write_export
    from analyzer.classifier import load_model

    from analyzer.model_export import export_model

    log.warning("model %s has no data-only export beside it; writing one (once)", skops)
    model = load_model(skops)
    try:
        write_export(model, export_path(skops))
    except OSError as exc:  # a read-only folder still gets a working model, exported each time
        log.warning("cannot write the export of %s: %s", skops, exc)
        from analyzer.core.types import PHASES
        from analyzer.features import FEATURES
        from analyzer.scoring.fileformat import check_doc

        doc = export_model(model)
        check_doc(doc, FEATURES, PHASES, skops)
        return ScoringModel.from_doc(doc, skops)
    return load_scoring_model(skops)


def load_classifier(settings) -> ScoringModel:
    """settings.model if set (refused loudly), else the model activated with `footprint model use`
    (set aside with a warning when it no longer fits), else the bundled one."""
    from analyzer.scoring.active import model_path, read_state, set_aside

    if settings.model:
        return load_scoring_model(Path(settings.model).expanduser())
    active = read_state(settings)["active"]
    if active:
        try:
            return load_scoring_model(model_path(settings, active))
        except ModelError as exc:
            set_aside(settings, active, str(exc))
    return load_bundled_export(settings)


def load_bundled_export(settings, path: Path | None = None) -> ScoringModel:
    """The bundled export; when it is refused (a signal catalogue changed without a retrain), the
    bundled model retrained from fixtures/labelled/ (scikit-learn, cached) and exported in memory."""
    try:
        return load_scoring_model(path or BUNDLED_EXPORT)
    except ModelError as exc:
        log.warning("%s; retraining the bundled model", exc)
    from analyzer.classifier import load_bundled
    from analyzer.core.types import PHASES
    from analyzer.features import FEATURES
    from analyzer.model_export import export_model
    from analyzer.scoring.fileformat import check_doc

    model = load_bundled(settings)
    doc = export_model(model)
    check_doc(doc, FEATURES, PHASES, model.path or "retrained bundled model")
    return ScoringModel.from_doc(doc, model.path)
