"""Validate one rule document (already read from YAML) into a Rule.

Every mistake raises `Problem` with a short text; the loader adds the file and the rule to make
the one-line RuleError. Nothing from the document is ever evaluated as code.
"""
from __future__ import annotations

import difflib
import math
import re
import reprlib
from typing import Any

from analyzer.rules.conditions import (FLAG_OPERATORS, LOGICAL_OPERATORS, NUMERIC_OPERATORS,
                                       SIGNAL_OPERATORS, All, Any_, Compare, Condition, Not)
from analyzer.rules.model import EXPECTATIONS, SCHEMA_VERSION, Case, Rule
from analyzer.core.printable import dropped
from analyzer.signals import BY_NAME
from analyzer.core.types import LANGS, PHASES

REQUIRED = ("schema", "id", "phase", "weight", "when", "reason", "next_step")
OPTIONAL = ("source", "tests")
CASE_FIELDS = ("name", "signals", "expect")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]*")
MAX_DEPTH = 12
MAX_NODES = 200   # YAML aliases can make a small file a huge tree: keep evaluation cheap


class Problem(Exception):
    """A mistake in a rule document; str() is the problem without file or rule."""


_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict, _REPR.maxlevel = 60, 60, 4, 4, 2


def _show(value: Any) -> str:
    """A short repr: a value built from YAML aliases can be huge when printed whole."""
    return _REPR.repr(value) if isinstance(value, str) else f"{_REPR.repr(value)} ({type(value).__name__})"


def _keys(mapping: dict) -> list[str]:
    return [str(k) for k in mapping]


def _check_fields(mapping: dict, allowed: tuple[str, ...], where: str) -> None:
    for key in mapping:
        if key not in allowed:
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            also = f"; did you mean {hint[0]!r}?" if hint else ""
            raise Problem(f"unknown field {str(key)!r}{where} (expected {', '.join(allowed)}){also}")


def rule_id_of(doc: Any, stem: str) -> str:
    """The rule's name for messages: its id when that is a valid id, else the file's stem."""
    if isinstance(doc, dict) and isinstance(doc.get("id"), str) and ID_PATTERN.fullmatch(doc["id"]):
        return doc["id"]
    return stem


def parse_rule(doc: Any, stem: str, path: str) -> Rule:
    if not isinstance(doc, dict):
        raise Problem(f"expected a mapping of fields ({', '.join(REQUIRED)}), got {type(doc).__name__}")
    if "schema" not in doc:
        raise Problem(f"missing field 'schema' (this footprint reads schema {SCHEMA_VERSION})")
    schema = doc["schema"]
    if isinstance(schema, bool) or schema != SCHEMA_VERSION:
        raise Problem(f"schema version {_show(schema)} is not supported (this footprint reads schema {SCHEMA_VERSION})")
    _check_fields(doc, REQUIRED + OPTIONAL, "")
    for key in REQUIRED:
        if key not in doc:
            raise Problem(f"missing field {key!r}")
    rid = doc["id"]
    if not isinstance(rid, str) or not ID_PATTERN.fullmatch(rid):
        raise Problem(f"id {_show(rid)} is not valid (lowercase letters, digits, '_', '.', '-')")
    if rid != stem:
        raise Problem(f"id {rid!r} does not match the file name (expected {stem!r})")
    phase = doc["phase"]
    if phase not in PHASES or not isinstance(phase, str):
        raise Problem(f"unknown phase {_show(phase)} (expected one of {', '.join(PHASES)})")
    weight = doc["weight"]
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 1:
        raise Problem(f"weight {_show(weight)} out of range (expected a number above 0 and at most 1)")
    when = parse_condition(doc["when"], "when", 0, [0])
    return Rule(id=rid, phase=phase, weight=float(weight), when=when,
                reason=_texts(doc["reason"], "reason"), next_step=_texts(doc["next_step"], "next_step"),
                source=_source(doc.get("source")), cases=_cases(doc.get("tests")), path=path)


def _texts(value: Any, field: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Problem(f"{field} must be a mapping with en and nl texts, got {type(value).__name__}")
    _check_fields(value, LANGS, f" in {field}")
    for lang in LANGS:
        if lang not in value:
            raise Problem(f"missing {lang} text in {field}")
        if not isinstance(value[lang], str) or not value[lang].strip():
            raise Problem(f"{field}.{lang} must be non-empty text")
    # Shown to people everywhere (terminal, report, JSON): control and bidi characters dropped.
    return {lang: " ".join(dropped(value[lang]).split()) for lang in LANGS}


def _source(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(s, str) and s.strip() for s in items):
        raise Problem("source must be text or a list of texts")
    return tuple(" ".join(dropped(s).split()) for s in items)


def _signal_name(name: Any, where: str) -> str:
    if not isinstance(name, str) or name not in BY_NAME:
        hint = difflib.get_close_matches(str(name), list(BY_NAME), n=1)
        also = f"; did you mean {hint[0]!r}?" if hint else ""
        raise Problem(f"unknown signal {_show(name)} in {where}{also}")
    return name


def _fits(name: str, value: Any) -> bool:
    """Whether `value` is a value the signal can have (None = unobserved always fits)."""
    if value is None:
        return True
    if BY_NAME[name].kind == "bool":
        return isinstance(value, bool)
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def parse_condition(node: Any, where: str, depth: int = 0, seen: list[int] | None = None) -> Condition:
    """Parse one condition; `seen` counts the nodes of the whole tree (at most MAX_NODES)."""
    seen = [0] if seen is None else seen
    seen[0] += 1
    if depth > MAX_DEPTH:
        raise Problem(f"condition nested deeper than {MAX_DEPTH} levels at {where}")
    if seen[0] > MAX_NODES:
        raise Problem(f"condition has more than {MAX_NODES} parts (at {where})")
    if not isinstance(node, dict) or not node:
        raise Problem(f"{where} must be a mapping such as {{signal: NAME, gte: 1}} or {{all: [...]}}, "
                      f"got {_show(node) if not isinstance(node, (dict, list)) else type(node).__name__}")
    if "signal" in node:
        return _comparison(node, where)
    if len(node) != 1:
        raise Problem(f"{where} must have exactly one of all, any, not (or signal), got {', '.join(map(repr, _keys(node)))}")
    (key, value), = node.items()
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise Problem(f"{where}.{key} must be a non-empty list of conditions")
        parts = tuple(parse_condition(v, f"{where}.{key}[{i}]", depth + 1, seen) for i, v in enumerate(value))
        return All(parts) if key == "all" else Any_(parts)
    if key == "not":
        return Not(parse_condition(value, f"{where}.not", depth + 1, seen))
    raise Problem(f"unknown operator {str(key)!r} in {where} "
                  f"(expected one of {', '.join(LOGICAL_OPERATORS)}, or signal: NAME with an operator)")


def _comparison(node: dict, where: str) -> Compare:
    name = _signal_name(node["signal"], where)
    ops = [k for k in node if k != "signal"]
    for op in ops:
        if op not in SIGNAL_OPERATORS:
            hint = difflib.get_close_matches(str(op), SIGNAL_OPERATORS, n=1)
            also = f"; did you mean {hint[0]!r}?" if hint else ""
            raise Problem(f"unknown operator {str(op)!r} in {where} "
                          f"(expected one of {', '.join(SIGNAL_OPERATORS)}){also}")
    if len(ops) != 1:
        raise Problem(f"{where} must have exactly one operator, got {len(ops)} "
                      f"({', '.join(repr(str(o)) for o in ops) or 'none'}; expected one of {', '.join(SIGNAL_OPERATORS)})")
    op, operand = ops[0], node[ops[0]]
    kind = BY_NAME[name].kind
    if op in FLAG_OPERATORS:
        if op != "present" and kind != "bool":
            raise Problem(f"{op} in {where} needs a yes/no signal; {name} is a {kind} (use gte, lte, eq, ...)")
        if operand is None:
            operand = True
        if not isinstance(operand, bool) or (op != "present" and operand is not True):
            allowed = "true or false" if op == "present" else "true (or nothing)"
            raise Problem(f"{op} in {where} takes {allowed}, got {_show(operand)}")
        return Compare(name, op, operand)
    if op in NUMERIC_OPERATORS and kind == "bool":
        raise Problem(f"{op} in {where} needs a number signal; {name} is yes/no (use is_true or is_false)")
    if op == "in":
        if not isinstance(operand, list) or not operand or not all(v is not None and _fits(name, v) for v in operand):
            raise Problem(f"in in {where} needs a non-empty list of values that {name} can have")
        return Compare(name, op, tuple(operand))
    if operand is None or not _fits(name, operand):
        expected = "true or false" if kind == "bool" else "a finite number"
        raise Problem(f"{op} in {where} needs {expected} for {name}, got {_show(operand)}")
    return Compare(name, op, operand)


def _cases(value: Any) -> tuple[Case, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise Problem("tests must be a list of cases {name, signals, expect}")
    cases, names = [], set()
    for i, item in enumerate(value):
        where = f"tests[{i}]"
        if not isinstance(item, dict):
            raise Problem(f"{where} must be a mapping {{name, signals, expect}}")
        _check_fields(item, CASE_FIELDS, f" in {where}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise Problem(f"{where} needs a name")
        where = f"{where} ({name})"
        if name in names:
            raise Problem(f"{where}: case name used twice")
        names.add(name)
        expect = item.get("expect")
        if not isinstance(expect, str) or expect not in EXPECTATIONS:
            raise Problem(f"{where}: expect {_show(expect)} (expected one of {', '.join(EXPECTATIONS)})")
        signals = item.get("signals", {})
        if signals is None:
            signals = {}
        if not isinstance(signals, dict):
            raise Problem(f"{where}: signals must be a mapping of signal name to value")
        for sig, val in signals.items():
            _signal_name(sig, where)
            if not _fits(sig, val):
                expected = "true, false or null" if BY_NAME[sig].kind == "bool" else "a number or null"
                raise Problem(f"{where}: signal {sig} must be {expected}, got {_show(val)}")
        cases.append(Case(name=name, signals=tuple(signals.items()), expect=expect))
    return tuple(cases)
