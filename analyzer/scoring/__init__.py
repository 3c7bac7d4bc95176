"""Scoring with the data-only model export: numpy only, never scikit-learn or skops.

A scan only predicts, so it reads the export `train` writes beside its skops file (tree arrays,
calibration parameters, feature list; JSON, no pickle, no code; the format is documented in
`analyzer.scoring.fileformat`). Training and evaluation keep scikit-learn (`analyzer.classifier`).
"""
from analyzer.scoring.fileformat import EXPORT_FORMAT, EXPORT_VERSION, export_path, read_export
from analyzer.scoring.loader import BUNDLED_EXPORT, load_classifier, load_scoring_model, user_model_path
from analyzer.scoring.model import ScoringModel

__all__ = ["BUNDLED_EXPORT", "EXPORT_FORMAT", "EXPORT_VERSION", "ScoringModel", "export_path",
           "load_classifier", "load_scoring_model", "read_export", "user_model_path"]
