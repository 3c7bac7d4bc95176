"""A loaded rule set: evaluate it on signals, group the outcomes, and derive the next steps."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from analyzer.rules.model import Rule
from analyzer.core.types import PHASES, RuleOutcome, Signal


@dataclass(frozen=True)
class RuleSet:
    """Rules in a stable order (phase, then weight high to low, then id); `name` and `digest`
    identify the set a report was made with."""

    rules: tuple[Rule, ...]
    name: str
    digest: str

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.rules, key=lambda r: (PHASES.index(r.phase), -r.weight, r.id)))
        object.__setattr__(self, "rules", ordered)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.digest}"

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def evaluate(self, signals: Mapping[str, Signal]) -> tuple[RuleOutcome, ...]:
        """One outcome per rule: fired True/False/None, with the signals read and their evidence.

        `signals` maps names to Signal (plain values are accepted too, with no evidence)."""
        values = {name: sig.value if isinstance(sig, Signal) else sig for name, sig in signals.items()}
        ids = {name: sig.evidence for name, sig in signals.items() if isinstance(sig, Signal)}
        out = []
        for rule in self.rules:
            names = rule.signals()
            evidence = tuple(dict.fromkeys(i for n in names for i in ids.get(n, ())))
            out.append(RuleOutcome(id=rule.id, phase=rule.phase, weight=rule.weight,
                                   fired=rule.evaluate(values), reason=dict(rule.reason),
                                   next_step=dict(rule.next_step), evidence=evidence, signals=names))
        return tuple(out)


def rules_by_phase(outcomes: Iterable[RuleOutcome]) -> dict[str, tuple[RuleOutcome, ...]]:
    """Outcomes grouped by phase, every phase present (in model order), weight high to low."""
    grouped: dict[str, list[RuleOutcome]] = {phase: [] for phase in PHASES}
    for outcome in outcomes:
        grouped.setdefault(outcome.phase, []).append(outcome)
    return {phase: tuple(sorted(items, key=lambda o: (-o.weight, o.id))) for phase, items in grouped.items()}


def next_phase(phase: str | None) -> str | None:
    """The phase after `phase` (None after transformation, or when the phase is unknown)."""
    if phase not in PHASES:
        return None
    i = PHASES.index(phase)
    return PHASES[i + 1] if i + 1 < len(PHASES) else None


def unmet_rules(phase: str | None, outcomes: Iterable[RuleOutcome]) -> tuple[RuleOutcome, ...]:
    """The rules of the phase after `phase` that did not fire (False or unknown), weight high to low."""
    target = next_phase(phase)
    if target is None:
        return ()
    return tuple(o for o in rules_by_phase(outcomes).get(target, ()) if o.fired is not True)


def next_steps(phase: str | None, outcomes: Iterable[RuleOutcome]) -> tuple[dict[str, str], ...]:
    """What to do to reach the next phase: the unmet rules' next steps as {en, nl} dicts."""
    return tuple(dict(o.next_step) for o in unmet_rules(phase, outcomes))
