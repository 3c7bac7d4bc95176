"""Rules: declarative, human-editable YAML over signals, validated on load, evaluated with
three-valued logic (fired True, not fired False, unknown None when a signal it needs is
unobserved). See rules/README.md for the file format and the operators.

    from analyzer.rules import load_rules, next_steps
    ruleset = load_rules()                 # the built-in rules; load_rules(DIR) for your own
    outcomes = ruleset.evaluate(signals)   # tuple[RuleOutcome, ...]
    steps = next_steps("experimental", outcomes)   # unmet functional rules' {en, nl} next steps
"""
from __future__ import annotations

from analyzer.rules.conditions import LOGICAL_OPERATORS, OPERATORS, SIGNAL_OPERATORS
from analyzer.rules.loader import BUILTIN, CheckReport, check_rules, load_rules
from analyzer.rules.model import SCHEMA_VERSION, Case, Rule, verdict
from analyzer.rules.ruleset import RuleSet, next_phase, next_steps, rules_by_phase, unmet_rules

__all__ = ["BUILTIN", "SCHEMA_VERSION", "OPERATORS", "LOGICAL_OPERATORS", "SIGNAL_OPERATORS", "Case",
           "CheckReport", "Rule", "RuleSet", "check_rules", "load_rules", "next_phase", "next_steps",
           "rules_by_phase", "unmet_rules", "verdict"]
