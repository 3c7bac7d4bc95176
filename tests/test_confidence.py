"""The confidence shown to people: calibrated on simulated organisations, said in one sentence,
carried by the data-only export, and built so that it never rises when evidence thins."""
from __future__ import annotations

import json

import pytest

from analyzer.confidence import Calibration, evidence_share, meaning
from analyzer.core.errors import ModelError
from analyzer.core.types import Coverage, Signal
from analyzer.estimate import make_estimate
from analyzer.scoring.fileformat import check_doc

CAL = Calibration((0.0, 0.4, 0.8), (0.3, 0.6, 0.95), 2000, "5-fold cross-validation on 2000 simulated organisations")
CLF = {"ad_hoc": 0.05, "experimental": 0.15, "functional": 0.7, "transformation": 0.1}


def signals(**values):
    return {k: Signal(k, v) for k, v in values.items()}


def test_the_map_is_monotone_piecewise_linear_and_clipped():
    assert CAL.apply(-1) == 0.3 and CAL.apply(0.2) == pytest.approx(0.45) and CAL.apply(2) == 0.95
    xs = [i / 50 for i in range(51)]
    assert all(CAL.apply(a) <= CAL.apply(b) for a, b in zip(xs, xs[1:]))
    assert Calibration.from_meta({"confidence": CAL.to_doc()}) == CAL
    assert Calibration.from_meta({}) is None


def test_more_evidence_observed_gives_a_higher_share_and_none_counts_as_unseen():
    few = signals(official_platforms=1, observable_platforms=0)
    more = signals(official_platforms=1, observable_platforms=1, active_platforms=1, posts_per_week=2.0,
                   reply_share=0.1, policy_page=False)
    assert 0 <= evidence_share(few) < evidence_share(more) <= 1
    assert evidence_share(dict(more, policy_page=Signal("policy_page", None))) < evidence_share(more)


def test_the_estimate_says_what_its_confidence_means_in_both_languages():
    sig = signals(official_platforms=2, observable_platforms=1, active_platforms=1, posts_per_week=3.0)
    est = make_estimate((), CLF, {}, sig, status="complete", ruleset="r", model="m", calibration=CAL)
    assert est.confidence == pytest.approx(CAL.apply(evidence_share(sig)), abs=1e-4)
    first = est.confidence_reasons[0]
    n = round(est.confidence * 100)
    assert f"about {n} in 100 were placed in the right phase" in first["en"] and "simulated" in first["en"]
    assert f"ongeveer {n} op de 100 de juiste fase" in first["nl"] and "gesimuleerde" in first["nl"]
    raw = make_estimate((), CLF, {}, sig, status="complete", ruleset="r", model="m")
    assert "not calibrated" in raw.confidence_reasons[0]["en"]
    assert meaning(0.5, None)["nl"].startswith("Betrouwbaarheid 50%: niet gekalibreerd")


def test_a_coverage_gap_lowers_the_confidence():
    sig = signals(official_platforms=2, observable_platforms=1, active_platforms=1)
    ok = make_estimate((), CLF, {"website": Coverage("website", "ok")}, sig, status="complete", ruleset="r",
                       model="m", calibration=CAL)
    gap = make_estimate((), CLF, {"website": Coverage("website", "partial", "timeout")}, sig, status="partial",
                        ruleset="r", model="m", calibration=CAL)
    assert gap.confidence < ok.confidence


def test_the_bundled_export_carries_the_calibration_and_the_loader_refuses_a_bad_one():
    from analyzer.core.settings import Settings
    from analyzer.features import FEATURES
    from analyzer.scoring import load_classifier
    from analyzer.core.types import PHASES

    model = load_classifier(Settings())
    cal = model.calibration
    assert cal is not None and cal.n >= 1000 and "simulated" in cal.source
    assert list(cal.x) == sorted(cal.x) and all(0 <= v <= 1 for v in cal.y)
    from analyzer.scoring.loader import BUNDLED_EXPORT
    doc = json.loads(BUNDLED_EXPORT.read_text(encoding="utf-8"))
    check_doc(doc, FEATURES, PHASES, BUNDLED_EXPORT)
    doc["meta"]["confidence"]["y"][0] = 1.5
    with pytest.raises(ModelError, match="meta.confidence"):
        check_doc(doc, FEATURES, PHASES, BUNDLED_EXPORT)
