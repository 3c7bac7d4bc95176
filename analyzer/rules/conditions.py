"""Rule conditions: a closed set of operators with three-valued logic (no eval).

A condition is one of

    {all: [cond, ...]}              true when every part is true
    {any: [cond, ...]}              true when at least one part is true
    {not: cond}                     flips true and false; unknown stays unknown
    {signal: NAME, OP: OPERAND}     one comparison on one signal

with OP one of

    eq, ne          equal / not equal to a number, yes/no or text
    gt, gte, lt, lte  greater than, at least, less than, at most a number
    in              the value is one of a list
    is_true         the yes/no signal is true   (write `is_true: true`, or just `is_true` in a flow map)
    is_false        the yes/no signal is false
    present         `present: true`: the signal was observed; `present: false`: it was not

Three-valued logic: a comparison on an unobserved signal (None or missing) is unknown (None),
except `present`, which is always true or false. `all` is false if any part is false, else
unknown if any part is unknown, else true. `any` is true if any part is true, else unknown if
any part is unknown, else false.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable, Mapping

Truth = bool | None

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gte": operator.ge,
    "lt": operator.lt, "lte": operator.le,
}
NUMERIC_OPERATORS = ("gt", "gte", "lt", "lte")
FLAG_OPERATORS = ("is_true", "is_false", "present")
SIGNAL_OPERATORS: tuple[str, ...] = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "is_true", "is_false", "present")
LOGICAL_OPERATORS: tuple[str, ...] = ("all", "any", "not")
OPERATORS: tuple[str, ...] = LOGICAL_OPERATORS + SIGNAL_OPERATORS


def all_of(values) -> Truth:
    """Kleene AND: false beats unknown beats true."""
    values = list(values)
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def any_of(values) -> Truth:
    """Kleene OR: true beats unknown beats false."""
    values = list(values)
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def not_(value: Truth) -> Truth:
    return None if value is None else not value


@dataclass(frozen=True)
class All:
    parts: tuple["Condition", ...]

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        return all_of(p.evaluate(values) for p in self.parts)

    def signals(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for p in self.parts for s in p.signals()))


@dataclass(frozen=True)
class Any_:
    parts: tuple["Condition", ...]

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        return any_of(p.evaluate(values) for p in self.parts)

    def signals(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for p in self.parts for s in p.signals()))


@dataclass(frozen=True)
class Not:
    part: "Condition"

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        return not_(self.part.evaluate(values))

    def signals(self) -> tuple[str, ...]:
        return self.part.signals()


@dataclass(frozen=True)
class Compare:
    signal: str
    op: str
    operand: Any

    def evaluate(self, values: Mapping[str, Any]) -> Truth:
        value = values.get(self.signal)
        if self.op == "present":
            return (value is not None) is self.operand
        if value is None:
            return None
        if self.op == "is_true":
            return value is True
        if self.op == "is_false":
            return value is False
        if self.op == "in":
            return any(_same(value, item) for item in self.operand)
        if self.op in ("eq", "ne"):
            equal = _same(value, self.operand)
            return equal if self.op == "eq" else not equal
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None  # a non-number where a number is needed: cannot be judged
        return COMPARISONS[self.op](value, self.operand)

    def signals(self) -> tuple[str, ...]:
        return (self.signal,)


def _same(a: Any, b: Any) -> bool:
    """Equality that keeps yes/no apart from 1/0 (True == 1 in Python, not in a rule)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    return a == b


Condition = All | Any_ | Not | Compare
