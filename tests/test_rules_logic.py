"""Three-valued logic, the operators, evaluation with evidence, and next steps."""
from __future__ import annotations

import itertools

import pytest

from analyzer.rules import RuleSet, next_phase, next_steps, rules_by_phase, unmet_rules
from analyzer.rules.conditions import All, Any_, Compare, Not, all_of, any_of, not_
from analyzer.rules.model import Rule
from analyzer.rules.parse import parse_condition
from analyzer.core.types import RuleOutcome, Signal

T, F, U = True, False, None


@pytest.mark.parametrize("a, b, expected", [
    (T, T, T), (T, F, F), (T, U, U), (F, T, F), (F, F, F), (F, U, F), (U, T, U), (U, F, F), (U, U, U)])
def test_all_is_kleene_and(a, b, expected):
    assert all_of([a, b]) is expected


@pytest.mark.parametrize("a, b, expected", [
    (T, T, T), (T, F, T), (T, U, T), (F, T, T), (F, F, F), (F, U, U), (U, T, T), (U, F, U), (U, U, U)])
def test_any_is_kleene_or(a, b, expected):
    assert any_of([a, b]) is expected


def test_not_flips_true_and_false_and_keeps_unknown():
    assert (not_(T), not_(F), not_(U)) == (F, T, U)


def test_de_morgan_holds_in_three_values():
    for a, b in itertools.product((T, F, U), repeat=2):
        assert not_(all_of([a, b])) is any_of([not_(a), not_(b)])


def cond(node):
    return parse_condition(node, "when", 0)


@pytest.mark.parametrize("node, values, expected", [
    ({"signal": "reply_share", "gte": 0.2}, {"reply_share": 0.2}, T),
    ({"signal": "reply_share", "gt": 0.2}, {"reply_share": 0.2}, F),
    ({"signal": "reply_share", "lt": 0.2}, {"reply_share": 0.1}, T),
    ({"signal": "reply_share", "lte": 0.2}, {"reply_share": 0.3}, F),
    ({"signal": "reply_share", "gte": 0.2}, {"reply_share": None}, U),
    ({"signal": "reply_share", "gte": 0.2}, {}, U),
    ({"signal": "official_platforms", "eq": 0}, {"official_platforms": 0}, T),
    ({"signal": "official_platforms", "ne": 0}, {"official_platforms": 0}, F),
    ({"signal": "official_platforms", "ne": 0}, {}, U),
    ({"signal": "official_platforms", "in": [1, 2]}, {"official_platforms": 2}, T),
    ({"signal": "official_platforms", "in": [1, 2]}, {"official_platforms": 3}, F),
    ({"signal": "policy_page", "is_true": True}, {"policy_page": True}, T),
    ({"signal": "policy_page", "is_true": None}, {"policy_page": False}, F),
    ({"signal": "policy_page", "is_false": True}, {"policy_page": False}, T),
    ({"signal": "policy_page", "is_false": True}, {}, U),
    ({"signal": "policy_page", "eq": False}, {"policy_page": False}, T),
    ({"signal": "policy_page", "present": True}, {}, F),
    ({"signal": "policy_page", "present": True}, {"policy_page": False}, T),
    ({"signal": "policy_page", "present": False}, {"policy_page": None}, T),
    ({"not": {"signal": "policy_page", "is_true": True}}, {}, U),
    ({"not": {"signal": "policy_page", "is_true": True}}, {"policy_page": False}, T),
    ({"all": [{"signal": "policy_page", "is_true": True}, {"signal": "webcare", "is_true": True}]},
     {"policy_page": False}, F),
    ({"any": [{"signal": "policy_page", "is_true": True}, {"signal": "webcare", "is_true": True}]},
     {"webcare": True}, T),
    ({"any": [{"signal": "policy_page", "is_true": True}, {"signal": "webcare", "is_true": True}]},
     {"webcare": False}, U),
])
def test_operators(node, values, expected):
    assert cond(node).evaluate(values) is expected


def test_yes_no_is_never_a_number():
    """In Python True == 1; in a rule a yes/no value never equals or compares as a number."""
    assert Compare("official_platforms", "eq", 1).evaluate({"official_platforms": True}) is False
    assert Compare("official_platforms", "gte", 1).evaluate({"official_platforms": True}) is None
    assert Compare("official_platforms", "in", (1,)).evaluate({"official_platforms": True}) is False


def test_condition_lists_the_signals_it_reads_once_in_order():
    c = cond({"all": [{"signal": "reply_share", "gte": 0.1}, {"any": [{"signal": "webcare", "is_true": True},
              {"not": {"signal": "reply_share", "lt": 0.5}}]}]})
    assert isinstance(c, All) and isinstance(c.parts[1], Any_) and isinstance(c.parts[1].parts[1], Not)
    assert c.signals() == ("reply_share", "webcare")


def make_rule(rid, phase, weight, node):
    return Rule(id=rid, phase=phase, weight=weight, when=cond(node), reason={"en": f"{rid} en", "nl": f"{rid} nl"},
                next_step={"en": f"do {rid}", "nl": f"doe {rid}"}, source=(), cases=(), path=f"{rid}.yaml")


RULES = RuleSet(rules=(
    make_rule("functional.b", "functional", 0.5, {"signal": "policy_page", "is_true": True}),
    make_rule("functional.a", "functional", 0.9, {"signal": "social_role", "is_true": True}),
    make_rule("functional.c", "functional", 0.7, {"signal": "reply_share", "gte": 0.2}),
    make_rule("experimental.a", "experimental", 0.9,
              {"all": [{"signal": "official_platforms", "gte": 1}, {"signal": "reply_share", "gt": 0}]}),
    make_rule("ad_hoc.a", "ad_hoc", 0.8, {"signal": "official_platforms", "eq": 0}),
), name="test", digest="0" * 12)


def test_rule_set_order_is_phase_then_weight():
    assert [r.id for r in RULES.rules] == ["ad_hoc.a", "experimental.a", "functional.a", "functional.c",
                                           "functional.b"]


def test_evaluate_gives_evidence_union_of_the_signals_read():
    signals = {"official_platforms": Signal("official_platforms", 2, ("ev-1", "ev-2")),
               "reply_share": Signal("reply_share", 0.25, ("ev-2", "ev-3")),
               "policy_page": Signal("policy_page", None, ()),
               "social_role": Signal("social_role", True, ("ev-9",))}
    out = {o.id: o for o in RULES.evaluate(signals)}
    assert out["experimental.a"].fired is True
    assert out["experimental.a"].evidence == ("ev-1", "ev-2", "ev-3")
    assert out["experimental.a"].signals == ("official_platforms", "reply_share")
    assert out["functional.b"].fired is None and out["functional.b"].evidence == ()
    assert out["ad_hoc.a"].fired is False
    assert out["functional.a"].reason == {"en": "functional.a en", "nl": "functional.a nl"}


def test_missing_signals_are_unknown():
    assert {o.id: o.fired for o in RULES.evaluate({})} == {
        "ad_hoc.a": None, "experimental.a": None, "functional.a": None, "functional.c": None, "functional.b": None}


def outcome(rid, phase, weight, fired):
    return RuleOutcome(id=rid, phase=phase, weight=weight, fired=fired, reason={"en": rid, "nl": rid},
                       next_step={"en": f"do {rid}", "nl": f"doe {rid}"})


OUTCOMES = (outcome("experimental.a", "experimental", 0.9, True),
            outcome("functional.b", "functional", 0.5, None),
            outcome("functional.a", "functional", 0.9, False),
            outcome("functional.d", "functional", 0.7, True),
            outcome("functional.c", "functional", 0.7, False),
            outcome("transformation.a", "transformation", 0.8, False))


def test_rules_by_phase_has_every_phase_weight_first():
    grouped = rules_by_phase(OUTCOMES)
    assert list(grouped) == ["ad_hoc", "experimental", "functional", "transformation"]
    assert grouped["ad_hoc"] == ()
    assert [o.id for o in grouped["functional"]] == ["functional.a", "functional.c", "functional.d", "functional.b"]


def test_next_steps_are_the_unmet_rules_of_the_next_phase_by_weight():
    assert next_steps("experimental", OUTCOMES) == ({"en": "do functional.a", "nl": "doe functional.a"},
                                                    {"en": "do functional.c", "nl": "doe functional.c"},
                                                    {"en": "do functional.b", "nl": "doe functional.b"})
    assert [o.id for o in unmet_rules("functional", OUTCOMES)] == ["transformation.a"]
    assert next_steps("transformation", OUTCOMES) == ()
    assert next_steps(None, OUTCOMES) == ()
    assert next_phase("ad_hoc") == "experimental" and next_phase("transformation") is None


def test_plain_values_are_accepted_without_evidence():
    out = {o.id: o for o in RULES.evaluate({"official_platforms": 0, "social_role": True})}
    assert out["ad_hoc.a"].fired is True and out["ad_hoc.a"].evidence == ()
    assert out["functional.a"].fired is True
