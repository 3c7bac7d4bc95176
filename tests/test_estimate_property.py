"""Properties of the estimate a consultant must be able to defend (Hypothesis, over simulated
organisations as the scan's signal rows): evidence of a policy, webcare or co-creation never
lowers the expected phase or P(functional or transformation), and such a feature left unobserved
never scores above the same feature observed present."""
from __future__ import annotations

import functools

from hypothesis import given, settings, strategies as st

from analyzer.core.types import PHASES

FLAGS = ("policy_page", "webcare", "webcare_hours", "social_role", "community_platform", "ambassador_programme")
CASES = settings(max_examples=max(200, settings.default.max_examples), deadline=None)


@functools.lru_cache(maxsize=1)
def tools():
    from analyzer.core.settings import Settings
    from analyzer.features import read_simulated
    from analyzer.rules import load_rules
    from analyzer.scoring import load_classifier

    return read_simulated(), load_classifier(Settings()), load_rules(None)


def figures(values):
    """(expected phase index, P(functional or transformation)) of the combined estimate."""
    from analyzer.tools.evaluate import three_ways

    _orgs, model, ruleset = tools()
    p = three_ways([values], model.predict_many([values]), ruleset)["combined"][0]
    return sum(i * p[k] for i, k in enumerate(PHASES)), p["functional"] + p["transformation"]


def with_flag(values, flag, value):
    out = dict(values, **{flag: value})
    if flag == "webcare_hours" and value:
        out["webcare"] = 1.0   # hours are stated for a webcare offer
    return out


@CASES
@given(st.integers(0, 1999), st.sampled_from(FLAGS))
def test_evidence_of_policy_webcare_or_co_creation_never_lowers_the_estimate(index, flag):
    org = tools()[0][index]
    if not org.values.get("website_observed"):
        return  # on-site features cannot be observed without the website
    before = figures(org.values)
    after = figures(with_flag(org.values, flag, 1.0))
    assert after[0] >= before[0] - 1e-9 and after[1] >= before[1] - 1e-9, (org.org_id, flag, before, after)


@CASES
@given(st.integers(0, 1999), st.sampled_from(FLAGS))
def test_an_unobserved_feature_never_scores_above_the_feature_present(index, flag):
    org = tools()[0][index]
    unknown = figures(with_flag(org.values, flag, None))
    present = figures(with_flag(org.values, flag, 1.0))
    assert unknown[0] <= present[0] + 1e-9 and unknown[1] <= present[1] + 1e-9, (org.org_id, flag)


DIRECTED = ("policy_page", "webcare", "social_role", "community_platform", "ambassador_programme", "reply_share",
            "mention_response_rate", "active_platforms", "posts_per_week", "share_buttons_only",
            "days_since_last_post", "median_response_minutes")
LEAST = {"share_buttons_only": 1.0, "days_since_last_post": 3650.0, "median_response_minutes": 525_600.0}


@CASES
@given(st.integers(0, 1999), st.sampled_from(DIRECTED))
def test_an_unknown_never_scores_above_the_same_signal_observed_absent(index, name):
    """The case that failed ~898 of 900 times with native missing-value handling: unobserved (None)
    against the same signal observed at its least mature value (0, absent, long silent)."""
    org = tools()[0][index]
    unknown = figures(dict(org.values, **{name: None}))
    absent = figures(dict(org.values, **{name: LEAST.get(name, 0.0)}))
    assert unknown[0] <= absent[0] + 1e-9 and unknown[1] <= absent[1] + 1e-9, (org.org_id, name)
