"""Each signal's expected direction is declared once, with the signal; the classifier's monotonic
constraints and the bundled model are built from it."""
from __future__ import annotations

import json
from pathlib import Path

from analyzer.classifier import MONOTONIC
from analyzer.features import FEATURES
from analyzer.signals import SIGNALS


def test_constraints_are_the_catalogue_directions():
    assert MONOTONIC == {s.name: s.direction for s in SIGNALS if s.direction}
    assert {s.direction for s in SIGNALS} <= {-1, 0, 1}
    # what a consultant would defend: more evidence of maturity never lowers the estimate
    for name in ("policy_page", "webcare", "community_platform", "ambassador_programme", "active_platforms"):
        assert MONOTONIC[name] == 1
    for name in ("days_since_last_post", "median_response_minutes", "share_buttons_only"):
        assert MONOTONIC[name] == -1


def test_the_bundled_model_was_trained_with_them():
    meta = json.loads((Path(__file__).resolve().parents[1] / "analyzer" / "model" / "phase-model.json").read_text())
    assert list(meta["params"]["monotonic"]) == [MONOTONIC.get(f, 0) for f in FEATURES]
