"""The estimate: rules and classifier combined, confidence with reasons, next steps, no made-up phase."""
from __future__ import annotations

from dataclasses import replace

import pytest

from analyzer.estimate import blend, make_estimate, rule_distribution
from analyzer.core.types import PHASES, Account, Coverage, RuleOutcome, Signal
from analyzer.status import scan_status


def rule(rid: str, phase: str, weight: float, fired: bool | None) -> RuleOutcome:
    return RuleOutcome(id=rid, phase=phase, weight=weight, fired=fired,
                       reason={"en": f"reason {rid}", "nl": f"reden {rid}"},
                       next_step={"en": f"do {rid}", "nl": f"doe {rid}"})


def outcomes_for(level: int) -> tuple[RuleOutcome, ...]:
    """Rules of an organisation at phase index `level`: its own and earlier phases' rules fire."""
    return (
        rule("ad_hoc.no_official_accounts", "ad_hoc", 0.8, level == 0),
        rule("experimental.first_accounts", "experimental", 0.9, level >= 1),
        rule("experimental.posting_started", "experimental", 0.6, level >= 1),
        rule("functional.policy", "functional", 0.7, level >= 2),
        rule("functional.webcare", "functional", 0.9, level >= 2),
        rule("functional.cadence", "functional", 0.5, level >= 2),
        rule("transformation.community", "transformation", 0.9, level >= 3),
        rule("transformation.ambassadors", "transformation", 0.6, level >= 3),
    )


OK = {"website": Coverage("website", "ok"), "x": Coverage("x", "ok"), "youtube": Coverage("youtube", "ok")}
SIGNALS = {"website_observed": Signal("website_observed", True),
           "official_platforms": Signal("official_platforms", 3),
           "observable_platforms": Signal("observable_platforms", 2),
           "unobservable_platforms": Signal("unobservable_platforms", 1)}
CLF = {"ad_hoc": 0.02, "experimental": 0.08, "functional": 0.8, "transformation": 0.1}


def estimate(outcomes=outcomes_for(2), probs=CLF, coverage=OK, signals=SIGNALS):
    return make_estimate(outcomes, probs, coverage, signals, status="complete", ruleset="test", model="m")


@pytest.mark.parametrize("level", range(4))
def test_rules_alone_put_a_clear_organisation_in_its_phase(level):
    dist = rule_distribution(outcomes_for(level))
    assert abs(sum(dist.values()) - 1) < 1e-9
    assert max(dist, key=dist.get) == PHASES[level]


def expected(dist):
    return sum(i * dist[p] for i, p in enumerate(PHASES))


@pytest.mark.parametrize("level", range(4))
@pytest.mark.parametrize("index", range(8))
def test_an_unknown_rule_counts_as_its_least_mature_outcome(level, index):
    rules = list(outcomes_for(level))
    least = rules[index].phase == "ad_hoc"   # fired is the least mature outcome of an ad hoc rule
    as_least = rule_distribution(tuple(rules[:index] + [replace(rules[index], fired=least)] + rules[index + 1:]))
    unknown = rule_distribution(tuple(rules[:index] + [replace(rules[index], fired=None)] + rules[index + 1:]))
    assert unknown == pytest.approx(as_least)
    assert expected(unknown) <= expected(rule_distribution(tuple(rules))) + 1e-12


def test_no_judged_rule_gives_no_rule_verdict():
    assert rule_distribution((rule("a", "functional", 0.5, None),)) is None


def test_combined_probabilities_sum_to_one_and_method_says_what_was_used():
    both = estimate()
    assert both.method == "combined" and abs(sum(both.probabilities.values()) - 1) < 1e-9
    assert both.phase == "functional" and both.ruleset == "test" and both.model == "m"
    rules_only = estimate(probs=None)
    assert rules_only.method == "rules" and abs(sum(rules_only.probabilities.values()) - 1) < 1e-9
    clf_only = estimate(outcomes=())
    assert clf_only.method == "classifier" and clf_only.probabilities == pytest.approx(CLF)


def test_blend_weighs_classifier_and_rules():
    rules = {"ad_hoc": 1.0, "experimental": 0.0, "functional": 0.0, "transformation": 0.0}
    mixed = blend(rules, CLF, weight=0.7)
    assert mixed["ad_hoc"] == pytest.approx(0.3 + 0.7 * 0.02)
    assert blend(rules, CLF)["ad_hoc"] == pytest.approx(0.2 + 0.8 * 0.02)
    assert blend(None, None) is None


def test_nothing_observed_gives_no_phase_and_says_why():
    coverage = {"website": Coverage("website", "failed", "timeout"), "x": Coverage("x", "skipped", "no_accounts")}
    signals = {"website_observed": Signal("website_observed", False),
               "official_platforms": Signal("official_platforms", 0),
               "staff_accounts": Signal("staff_accounts", None)}
    est = make_estimate(outcomes_for(0), CLF, coverage, signals, status=scan_status((), coverage),
                        ruleset="r", model="m")
    assert est.phase is None and est.probabilities is None and est.confidence == 0
    assert est.method == "none" and est.next_steps == ()
    assert "timeout" in est.confidence_reasons[0]["en"] and "niets" in est.confidence_reasons[0]["nl"]


def test_a_failed_website_with_accounts_found_elsewhere_still_gets_a_phase():
    coverage = {"website": Coverage("website", "failed", "timeout"), "wikidata": Coverage("wikidata", "ok")}
    signals = {"website_observed": Signal("website_observed", False),
               "official_platforms": Signal("official_platforms", 2)}
    found = (Account("x", "org", "https://x.com/org"),)
    est = make_estimate(outcomes_for(1), None, coverage, signals, status=scan_status(found, coverage),
                        ruleset="r", model=None)
    assert est.phase == "experimental"
    assert any("The website could not be read (timeout)" in r["en"] for r in est.confidence_reasons)


def test_poor_coverage_lowers_confidence_and_says_why_in_both_languages():
    good = estimate()
    poor_cov = {"website": Coverage("website", "partial", "budget_exhausted"),
                "x": Coverage("x", "unavailable", "no_token"), "youtube": Coverage("youtube", "ok"),
                "mastodon": Coverage("mastodon", "skipped", "no_accounts")}
    poor = estimate(coverage=poor_cov)
    assert poor.probabilities == good.probabilities  # coverage changes confidence, not the verdict
    assert 0 <= poor.confidence < good.confidence <= 1
    en = [r["en"] for r in poor.confidence_reasons]
    nl = [r["nl"] for r in poor.confidence_reasons]
    assert "X could not be read (no_token)." in en
    assert "X kon niet worden gelezen (no_token)." in nl
    assert "The website could only partly be read (budget_exhausted)." in en
    assert not any("Mastodon" in r for r in en)  # nothing to read there is not a gap


def test_login_walled_platforms_and_disagreement_lower_confidence():
    walled = dict(SIGNALS, observable_platforms=Signal("observable_platforms", 0))
    assert estimate(signals=walled).confidence < estimate().confidence
    disagree = estimate(probs={"ad_hoc": 0.05, "experimental": 0.75, "functional": 0.15, "transformation": 0.05})
    assert any("classifier" in r["en"] and "classifier" in r["nl"] for r in disagree.confidence_reasons)


def test_next_steps_are_the_unmet_rules_of_the_next_phase_by_weight():
    outcomes = outcomes_for(1) + (rule("functional.role", "functional", 0.95, None),)
    est = estimate(outcomes=outcomes, probs={"ad_hoc": 0.1, "experimental": 0.8, "functional": 0.1,
                                             "transformation": 0.0})
    assert est.phase == "experimental"
    assert [s["en"] for s in est.next_steps] == ["do functional.role", "do functional.webcare",
                                                 "do functional.policy", "do functional.cadence"]
    assert {s["kind"] for s in est.next_steps} == {"next"}
    assert [s["nl"] for s in est.next_steps][0] == "doe functional.role"


def test_gaps_of_the_current_phase_and_fired_ad_hoc_rules_come_before_the_next_phase():
    outcomes = (rule("ad_hoc.dormant_accounts", "ad_hoc", 0.6, True),
                rule("experimental.first_accounts", "experimental", 0.9, True),
                rule("experimental.replies_given", "experimental", 0.5, False),
                rule("functional.webcare", "functional", 0.9, False))
    est = estimate(outcomes=outcomes, probs={"ad_hoc": 0.1, "experimental": 0.8, "functional": 0.1,
                                             "transformation": 0.0})
    assert est.phase == "experimental"
    assert [(s["kind"], s["en"]) for s in est.next_steps] == [
        ("gap", "do experimental.replies_given"), ("gap", "do ad_hoc.dormant_accounts"),
        ("next", "do functional.webcare")]


def test_at_the_top_the_next_steps_are_the_own_phase_gaps():
    outcomes = outcomes_for(3)[:-1] + (rule("transformation.ambassadors", "transformation", 0.6, False),)
    est = estimate(outcomes=outcomes, probs={"ad_hoc": 0, "experimental": 0, "functional": 0.2, "transformation": 0.8})
    assert est.phase == "transformation"
    assert est.next_steps == ({"en": "do transformation.ambassadors", "nl": "doe transformation.ambassadors",
                               "kind": "gap"},)


def test_a_transformation_with_every_rule_met_is_told_what_sustains_it():
    est = estimate(outcomes=outcomes_for(3), probs={"ad_hoc": 0, "experimental": 0, "functional": 0.1,
                                                    "transformation": 0.9})
    assert est.phase == "transformation" and est.next_steps
    assert {s["kind"] for s in est.next_steps} == {"sustain"}
    assert est.next_steps[0]["en"] == "Keep this up: reason transformation.community"
    assert est.next_steps[0]["nl"] == "Houd dit vast: reden transformation.community"


def test_an_unobservable_scan_never_has_a_phase_whatever_the_signals_say():
    coverage = {"website": Coverage("website", "failed", "timeout")}
    est = make_estimate(outcomes_for(2), CLF, coverage, SIGNALS, status="unobservable", ruleset="r", model="m")
    assert est.phase is None and est.probabilities is None and est.model is None


def test_real_rules_give_next_steps_in_dutch_and_english():
    from analyzer.features import as_signals, read_heldout
    from analyzer.rules import load_rules

    org = next(o for o in read_heldout() if o.org_id == "fietsenmaker-van-dam")
    signals = as_signals(org.values)
    ruleset = load_rules(None)
    est = make_estimate(ruleset.evaluate(signals), None, OK, signals, status="complete", ruleset=ruleset.name,
                        model=None)
    assert est.phase == "experimental" and est.rules
    functional = [o for o in est.rules if o.phase == "functional" and o.fired is not True]
    gaps = [o for o in est.rules if (o.phase == "experimental" and o.fired is not True)
            or (o.phase == "ad_hoc" and o.fired is True)]
    assert [s["kind"] for s in est.next_steps] == ["gap"] * len(gaps) + ["next"] * len(functional)
    assert functional
    for step in est.next_steps:
        assert step["en"] and step["nl"] and step["en"] != step["nl"]
