"""A loaded rule and its test cases (frozen values; parsing lives in analyzer.rules.parse)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from analyzer.rules.conditions import Condition, Truth

SCHEMA_VERSION = 1
EXPECTATIONS: dict[str, Truth] = {"fired": True, "not_fired": False, "unknown": None}


def verdict(fired: Truth) -> str:
    """True/False/None -> fired/not_fired/unknown."""
    return {True: "fired", False: "not_fired", None: "unknown"}[fired]


@dataclass(frozen=True)
class Case:
    """One test case of a rule: signal values (None = unobserved) and the expected outcome."""

    name: str
    signals: tuple[tuple[str, Any], ...]
    expect: str  # fired | not_fired | unknown

    def values(self) -> dict[str, Any]:
        return dict(self.signals)


@dataclass(frozen=True)
class Rule:
    """One rule: when its condition holds, it supports `phase` with `weight`."""

    id: str
    phase: str
    weight: float
    when: Condition
    reason: dict[str, str]
    next_step: dict[str, str]
    source: tuple[str, ...]
    cases: tuple[Case, ...]
    path: str

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        """True (fired), False (not fired) or None (a signal it needs is unobserved)."""
        return self.when.evaluate(values)

    def signals(self) -> tuple[str, ...]:
        """The names of the signals the rule reads, in order of appearance."""
        return self.when.signals()

    def problem(self, text: str) -> str:
        return f"{self.path}: rule {self.id}: {text}"

    def run_cases(self) -> list[str]:
        """Run the rule's own test cases; one problem line per failing case."""
        problems = []
        for case in self.cases:
            got = verdict(self.evaluate(case.values()))
            if got != case.expect:
                problems.append(self.problem(f"case {case.name!r} expected {case.expect}, got {got}"))
        return problems
