"""The ordinal phase classifier: estimator contract, probabilities, order, determinism."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.base import clone

from analyzer.classifier import OrdinalPhaseClassifier, train_model
from analyzer.features import FEATURES, LabelledOrg, feature_matrix, signal_features
from analyzer.tools.simulate import simulate
from analyzer.core.types import PHASES, Signal

FAST = {"max_iter": 30, "cv": 2}


def small_set(n: int = 240, seed: int = 3) -> list[LabelledOrg]:
    return [LabelledOrg(r["org_id"], r["phase"], {f: r[f] for f in FEATURES}, {})
            for r in simulate(n, seed=seed)]


@pytest.fixture(scope="module")
def orgs() -> list[LabelledOrg]:
    return small_set()


@pytest.fixture(scope="module")
def model(orgs):
    return train_model(orgs, source="test", digest="sha256:test", **FAST)


def matrix(orgs):
    return feature_matrix([o.values for o in orgs]), np.array([o.phase for o in orgs])


def test_scikit_learn_estimator_checks_pass():
    from sklearn.exceptions import SkipTestWarning
    from sklearn.utils.estimator_checks import check_estimator

    from threadpoolctl import threadpool_limits

    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore", SkipTestWarning)
        # As for scikit-learn's own HistGradientBoosting (in its list of expected failures): a weight
        # is not the same as a repeated row (leaf sizes count rows); close, not equal.
        results = check_estimator(OrdinalPhaseClassifier(max_iter=5, cv=2, min_samples_leaf=2), on_fail=None,
                                  expected_failed_checks={"check_sample_weight_equivalence_on_dense_data":
                                                          "boosting: a weight is not a repeated row"})
    failed = [(r["check_name"], str(r["exception"])[:200]) for r in results if r["status"] == "failed"]
    assert failed == []
    assert sum(r["status"] == "passed" for r in results) >= 40


def test_contract_clone_fit_returns_self_and_learned_state_ends_in_underscore(orgs):
    X, y = matrix(orgs)
    est = OrdinalPhaseClassifier(order=PHASES, **FAST)
    params = est.get_params()
    assert not [k for k in vars(est) if k.endswith("_")]  # __init__ only stores parameters
    fitted = est.fit(X, y)
    assert fitted is est
    assert est.get_params() == params
    assert list(est.classes_) == list(PHASES)
    assert est.n_features_in_ == len(FEATURES)
    copy = clone(est)
    assert not hasattr(copy, "classes_") and copy.get_params() == params


def test_predict_proba_columns_follow_classes_and_sum_to_one(model, orgs):
    X, y = matrix(orgs)
    proba = model.estimator.predict_proba(X)
    assert proba.shape == (len(orgs), 4)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert (proba >= 0).all()
    assert list(model.estimator.classes_[proba.argmax(axis=1)]) == list(model.estimator.predict(X))
    assert (model.estimator.predict(X) == y).mean() > 0.8  # it learned something


def test_cumulative_probabilities_never_increase(model, orgs):
    X, _ = matrix(orgs)
    upper = model.estimator.cumulative_proba(X)
    assert upper.shape == (len(orgs), 3)
    assert (np.diff(upper, axis=1) <= 1e-12).all()


def expected_phase(p):
    return sum(i * p[k] for i, k in enumerate(PHASES))


def test_an_unobserved_signal_scores_as_its_least_mature_value_never_above(model):
    from analyzer.features import UNOBSERVED_AS, impute

    empty = model.predict_signals({})
    assert abs(sum(empty.values()) - 1) < 1e-9
    none_seen = {"website_observed": True, "official_platforms": 3, "observable_platforms": 0,
                 "unobservable_platforms": 3, "public_sector": False, "coverage_ratio": 1.0}
    least = dict(none_seen, active_platforms=0, posts_per_week=0.0, days_since_last_post=UNOBSERVED_AS["days_since_last_post"])
    seen = dict(none_seen, active_platforms=1, posts_per_week=2.0, days_since_last_post=3)
    p_none, p_least, p_seen = (model.predict_signals(v) for v in (none_seen, least, seen))
    assert p_none == pytest.approx(p_least, abs=1e-12)
    assert expected_phase(p_none) <= expected_phase(p_seen) + 1e-12
    assert impute("share_buttons_only", None) == 1.0 and impute("policy_page", None) == 0.0
    assert impute("posts_per_week", 0.0) == 0.0 and impute("staff_accounts", None) == 0.0


SITE_NONE = {"policy_page": False, "webcare": False, "webcare_hours": False, "social_role": False,
             "community_platform": False, "ambassador_programme": False, "embedded_timeline": False,
             "share_buttons_only": False, "stopped_platform": False, "dormant_platforms_explained": 0,
             "fediverse_accounts": 0, "public_sector": False, "website_observed": True, "coverage_ratio": 1.0}
LADDER = [  # one plain organisation per phase, every signal observed
    {**SITE_NONE, "official_platforms": 0, "verified_accounts": 0, "observable_platforms": 0,
     "unobservable_platforms": 0, "department_accounts": 0, "staff_accounts": 3, "staff_active": 1,
     "share_buttons_only": True},
    {**SITE_NONE, "official_platforms": 2, "verified_accounts": 0, "observable_platforms": 1,
     "unobservable_platforms": 1, "active_platforms": 1, "posts_per_week": 0.7, "posts_per_week_total": 0.7,
     "gap_regularity": 1.6, "reply_share": 0.03, "repost_share": 0.2, "mention_response_rate": 0.15,
     "median_response_minutes": 900, "days_since_last_post": 9, "department_accounts": 0,
     "staff_accounts": 1, "staff_active": 0},
    {**SITE_NONE, "official_platforms": 5, "verified_accounts": 2, "observable_platforms": 2,
     "unobservable_platforms": 3, "active_platforms": 2, "posts_per_week": 6.0, "posts_per_week_total": 7.0,
     "gap_regularity": 0.8, "reply_share": 0.3, "repost_share": 0.15, "mention_response_rate": 0.7,
     "median_response_minutes": 180, "days_since_last_post": 0, "department_accounts": 1,
     "staff_accounts": 1, "staff_active": 0, "policy_page": True, "webcare": True, "webcare_hours": True,
     "social_role": True},
    {**SITE_NONE, "official_platforms": 7, "verified_accounts": 5, "observable_platforms": 3,
     "unobservable_platforms": 4, "active_platforms": 3, "posts_per_week": 15.0, "posts_per_week_total": 25.0,
     "gap_regularity": 0.5, "reply_share": 0.45, "repost_share": 0.15, "mention_response_rate": 0.85,
     "median_response_minutes": 45, "days_since_last_post": 0, "department_accounts": 6,
     "staff_accounts": 6, "staff_active": 3, "policy_page": True, "webcare": True, "webcare_hours": True,
     "social_role": True, "community_platform": True, "ambassador_programme": True},
]


def test_obvious_organisations_come_out_in_order(model):
    probas = model.predict_many(LADDER)
    assert [max(p, key=p.get) for p in probas] == list(PHASES)
    expected_rank = [sum(i * p[ph] for i, ph in enumerate(PHASES)) for p in probas]
    assert expected_rank == sorted(expected_rank)


def test_retraining_is_deterministic(orgs):
    a = train_model(orgs, source="a", digest="d", **FAST)
    b = train_model(list(orgs), source="b", digest="d", **FAST)
    X, _ = matrix(orgs)
    assert np.array_equal(a.estimator.predict_proba(X), b.estimator.predict_proba(X))


def test_features_follow_the_signal_catalogue():
    from analyzer.features import NOT_YET_FEATURES
    from analyzer.signals import SIGNAL_NAMES

    assert tuple(n for n in SIGNAL_NAMES if n not in NOT_YET_FEATURES) == FEATURES
    assert set(NOT_YET_FEATURES) <= set(SIGNAL_NAMES)   # only signals still waiting for a retrain


def test_signal_features_maps_bools_and_keeps_none():
    feats = signal_features({"policy_page": Signal("policy_page", True), "webcare": Signal("webcare", False),
                             "posts_per_week": Signal("posts_per_week", 2), "reply_share": Signal("reply_share", None)})
    assert feats["policy_page"] == 1.0 and feats["webcare"] == 0.0 and feats["posts_per_week"] == 2.0
    assert feats["reply_share"] is None and feats["community_platform"] is None
    assert set(feats) == set(FEATURES)


def test_a_class_order_that_misses_a_label_is_refused(orgs):
    X, y = matrix(orgs)
    with pytest.raises(ValueError, match="not in order"):
        OrdinalPhaseClassifier(order=PHASES[:3], **FAST).fit(X, y)


def test_labels_weigh_their_share_of_the_training_weight_without_repeating_rows():
    from analyzer.tools.learn import _weighted, label_weight

    prior = [LabelledOrg(f"p{i}", PHASES[i % 4], {}, {}) for i in range(400)]
    labels = [LabelledOrg(f"l{i}", PHASES[i % 4], {}, {}) for i in range(16)]
    rows, weights = _weighted(prior, labels, 0.3)
    assert len(rows) == 416 and weights[:400] == [1.0] * 400
    assert sum(weights[400:]) / sum(weights) == pytest.approx(0.3)
    assert label_weight(0.5, 400, 16) == pytest.approx(25.0)


def test_sample_weights_move_the_model(orgs):
    X, y = matrix(orgs)
    plain = OrdinalPhaseClassifier(max_iter=20, cv=2).fit(X, y)
    heavy = np.where(y == "transformation", 5.0, 1.0)
    weighted = OrdinalPhaseClassifier(max_iter=20, cv=2).fit(X, y, sample_weight=heavy)
    assert (weighted.predict_proba(X)[:, 3].mean() > plain.predict_proba(X)[:, 3].mean())
    with pytest.raises(ValueError, match="sample_weight"):
        OrdinalPhaseClassifier(max_iter=5, cv=2).fit(X, y, sample_weight=-heavy)
