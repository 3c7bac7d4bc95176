"""The rule loader never crashes: arbitrary YAML-ish data gives a Rule or a one-line RuleError."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from analyzer.core.errors import RuleError
from analyzer.rules.conditions import OPERATORS
from analyzer.rules.loader import RuleFile, parse_file
from analyzer.rules.model import Rule
from analyzer.signals import SIGNAL_NAMES
from analyzer.core.types import PHASES

WORDS = st.sampled_from(OPERATORS + SIGNAL_NAMES + PHASES + (
    "signal", "schema", "id", "phase", "weight", "when", "reason", "next_step", "source", "tests", "name",
    "signals", "expect", "fired", "not_fired", "unknown", "en", "nl", "r"))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 10), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=6), WORDS)
KEYS = st.one_of(WORDS, st.text(max_size=6), st.integers(-2, 2), st.booleans(), st.none())
YAMLISH = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(KEYS, inner, max_size=5)), max_leaves=30)
COMPARE = st.fixed_dictionaries({"signal": st.one_of(st.sampled_from(SIGNAL_NAMES), YAMLISH)}).flatmap(
    lambda d: st.dictionaries(st.sampled_from(OPERATORS), SCALARS, min_size=0, max_size=2).map(lambda ops: {**d, **ops}))
CONDITION = st.recursive(COMPARE, lambda inner: st.one_of(
    st.fixed_dictionaries({"all": st.lists(inner, max_size=3)}),
    st.fixed_dictionaries({"any": st.lists(inner, max_size=3)}),
    st.fixed_dictionaries({"not": inner}), YAMLISH), max_leaves=8)
TEXTS = st.one_of(st.just({"en": "a", "nl": "b"}), YAMLISH)
CASES = st.lists(st.fixed_dictionaries({"name": st.one_of(st.text(min_size=1, max_size=4), YAMLISH),
                                        "signals": st.one_of(st.dictionaries(st.sampled_from(SIGNAL_NAMES), SCALARS,
                                                                             max_size=3), YAMLISH),
                                        "expect": st.one_of(st.sampled_from(["fired", "not_fired", "unknown"]),
                                                            YAMLISH)}), max_size=3)
DOCS = st.fixed_dictionaries({
    "schema": st.one_of(st.just(1), SCALARS), "id": st.one_of(st.just("r"), YAMLISH),
    "phase": st.one_of(st.sampled_from(PHASES), SCALARS), "weight": st.one_of(st.floats(0, 1), SCALARS),
    "when": CONDITION, "reason": TEXTS, "next_step": TEXTS,
}, optional={"tests": st.one_of(CASES, YAMLISH), "source": st.one_of(st.text(max_size=5), YAMLISH),
             "extra": YAMLISH})
QUICK = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


def load(data: bytes) -> Rule | None:
    try:
        return parse_file(RuleFile(name="r.yaml", shown="rules/r.yaml", data=data))
    except RuleError as exc:
        message = str(exc)
        assert message.startswith("rules/r.yaml: rule ") and len(message.splitlines()) == 1, message
        return None


@QUICK
@given(DOCS, st.dictionaries(st.sampled_from(SIGNAL_NAMES), SCALARS))
def test_loader_never_crashes_on_rule_like_data(doc, values):
    rule = load(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))
    if rule is not None:
        assert rule.evaluate(values) in (True, False, None)
        rule.run_cases()


@QUICK
@given(YAMLISH)
def test_loader_never_crashes_on_any_yaml_data(doc):
    load(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))


@QUICK
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_loader_never_crashes_on_any_bytes(data):
    load(data)
