"""Every built-in rule's own cases, run by one parametrized test, plus the rules' conventions."""
from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.rules import load_rules, verdict
from analyzer.core.types import PHASES

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = load_rules()
CASES = [pytest.param(rule, case, id=f"{rule.id}::{case.name}") for rule in BUILTIN.rules for case in rule.cases]
RULES = [pytest.param(rule, id=rule.id) for rule in BUILTIN.rules]


@pytest.mark.parametrize("rule, case", CASES)
def test_rule_case(rule, case):
    assert verdict(rule.evaluate(case.values())) == case.expect


@pytest.mark.parametrize("rule", RULES)
def test_rule_has_fired_and_not_fired_cases(rule):
    expected = {case.expect for case in rule.cases}
    assert {"fired", "not_fired"} <= expected, f"{rule.path} needs a fired and a not_fired case"


@pytest.mark.parametrize("rule", RULES)
def test_rule_has_an_unknown_case(rule):
    assert "unknown" in {case.expect for case in rule.cases}, f"{rule.path} needs an unknown case"


@pytest.mark.parametrize("rule", RULES)
def test_builtin_rule_conventions(rule):
    assert rule.id.split(".")[0] == rule.phase, "a built-in rule's id starts with its phase"
    assert rule.source, "a built-in rule cites where its threshold comes from"
    assert rule.reason["en"] != rule.reason["nl"] and rule.next_step["en"] != rule.next_step["nl"]


def test_rule_set_size_and_every_phase_covered():
    assert 20 <= len(BUILTIN) <= 28
    by_phase = {p: [r for r in BUILTIN.rules if r.phase == p] for p in PHASES}
    assert all(len(rules) >= 3 for rules in by_phase.values()), {p: len(r) for p, r in by_phase.items()}


def test_the_models_own_words_are_covered():
    """Each element the model names (seed text, M&I/Partners 2011) has a rule."""
    ids = {r.id for r in BUILTIN.rules}
    for rid in ("ad_hoc.staff_on_own_initiative", "experimental.first_accounts", "experimental.links_on_site",
                "experimental.departments_on_own", "experimental.replies_given", "functional.multi_channel",
                "functional.policy", "functional.social_media_manager", "functional.webcare",
                "transformation.co_creation", "transformation.stakeholder_network", "transformation.influencers"):
        assert rid in ids


def test_builtin_rules_load_the_same_from_the_package_and_the_folder():
    from_folder = load_rules(str(ROOT / "rules"))
    assert from_folder.digest == BUILTIN.digest
    assert [r.id for r in from_folder.rules] == [r.id for r in BUILTIN.rules]
    assert BUILTIN.name == "built-in" and len(BUILTIN.digest) == 12
