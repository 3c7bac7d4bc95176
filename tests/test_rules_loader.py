"""A rule file with a mistake stops loading with one line naming the file, the rule and the problem."""
from __future__ import annotations

import textwrap

import pytest
import yaml

from analyzer.core.errors import RuleError
from analyzer.rules import check_rules, load_rules

GOOD = {
    "schema": 1, "id": "functional.policy", "phase": "functional", "weight": 0.8,
    "when": {"signal": "policy_page", "is_true": True},
    "reason": {"en": "A policy page.", "nl": "Een beleidspagina."},
    "next_step": {"en": "Publish a policy.", "nl": "Publiceer beleid."},
    "tests": [{"name": "yes", "signals": {"policy_page": True}, "expect": "fired"},
              {"name": "no", "signals": {"policy_page": False}, "expect": "not_fired"}],
}


def write(folder, name, doc):
    path = folder / f"{name}.yaml"
    path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def error_of(folder) -> str:
    with pytest.raises(RuleError) as info:
        load_rules(str(folder))
    message = str(info.value)
    assert "\n" not in message, "one line"
    return message


def changed(**changes):
    doc = {**GOOD, **changes}
    return {k: v for k, v in doc.items() if v is not ...}


def test_a_good_rule_loads(tmp_path):
    write(tmp_path, "functional.policy", GOOD)
    ruleset = load_rules(str(tmp_path))
    assert [r.id for r in ruleset.rules] == ["functional.policy"]
    assert ruleset.name == str(tmp_path)


def test_a_users_rule_may_omit_tests_and_source(tmp_path):
    write(tmp_path, "mine", changed(id="mine", tests=...))
    assert load_rules(str(tmp_path)).get("mine").cases == ()


@pytest.mark.parametrize("name, doc, problem", [
    ("functional.policy", "schema: 1\nid: [unclosed\n", "not valid YAML at line"),
    ("functional.policy", "schema: 1\n\tid: tab\n", "not valid YAML"),
    ("functional.policy", changed(id="functional.policies"), "id 'functional.policies' does not match the file name (expected 'functional.policy')"),
    ("functional.policy", changed(phase="mature"), "unknown phase 'mature' (expected one of ad_hoc, experimental, functional, transformation)"),
    ("functional.policy", changed(when={"all": [{"signal": "policy_page", "is_true": True}, {"signal": "reply_share", "gtee": 0.2}]}),
     "unknown operator 'gtee' in when.all[1] (expected one of eq, ne, gt, gte, lt, lte, in, is_true, is_false, present); did you mean 'gte'?"),
    ("functional.policy", changed(when={"both": []}), "unknown operator 'both' in when"),
    ("functional.policy", changed(when={"signal": "post_per_week", "gte": 3}), "unknown signal 'post_per_week' in when; did you mean 'posts_per_week'?"),
    ("functional.policy", changed(reason={"en": "Only English."}), "missing nl text in reason"),
    ("functional.policy", changed(next_step={"en": "x", "nl": "  "}), "next_step.nl must be non-empty text"),
    ("functional.policy", changed(weight=1.5), "weight 1.5 (float) out of range"),
    ("functional.policy", changed(weight=0), "weight 0 (int) out of range"),
    ("functional.policy", changed(weight="heavy"), "weight 'heavy' out of range"),
    ("functional.policy", changed(weight=True), "out of range"),
    ("functional.policy", changed(schema=2), "schema version 2 (int) is not supported (this footprint reads schema 1)"),
    ("functional.policy", changed(schema=...), "missing field 'schema'"),
    ("functional.policy", changed(wehn={}), "unknown field 'wehn'"),
    ("functional.policy", changed(when=...), "missing field 'when'"),
    ("functional.policy", changed(when={"signal": "policy_page", "gte": 1}), "gte in when needs a number signal; policy_page is yes/no"),
    ("functional.policy", changed(when={"signal": "reply_share", "is_true": True}), "is_true in when needs a yes/no signal"),
    ("functional.policy", changed(when={"signal": "reply_share", "gte": "a lot"}), "gte in when needs a finite number for reply_share"),
    ("functional.policy", changed(when={"signal": "reply_share", "gte": 0.1, "lte": 0.3}), "must have exactly one operator"),
    ("functional.policy", changed(when={"signal": "reply_share"}), "must have exactly one operator, got 0"),
    ("functional.policy", changed(when={"all": []}), "when.all must be a non-empty list"),
    ("functional.policy", changed(when=[{"signal": "policy_page", "is_true": True}]), "when must be a mapping"),
    ("functional.policy", changed(when={"signal": "active_platforms", "in": []}), "in in when needs a non-empty list"),
    ("functional.policy", changed(tests=[{"name": "x", "signals": {"polcy_page": True}, "expect": "fired"}]), "unknown signal 'polcy_page' in tests[0] (x); did you mean 'policy_page'?"),
    ("functional.policy", changed(tests=[{"name": "x", "signals": {"policy_page": 1}, "expect": "fired"}]), "signal policy_page must be true, false or null"),
    ("functional.policy", changed(tests=[{"name": "x", "signals": {}, "expect": "yes"}]), "expect 'yes'"),
    ("functional.policy", changed(tests=[{"name": "x", "expect": "fired"}, {"name": "x", "expect": "fired"}]), "case name used twice"),
    ("functional.policy", changed(source=42), "source must be text"),
    ("functional.policy", "- just\n- a list\n", "expected a mapping of fields"),
])
def test_each_mistake_gives_one_line_naming_file_rule_and_problem(tmp_path, name, doc, problem):
    path = write(tmp_path, name, doc)
    message = error_of(tmp_path)
    rule = doc.get("id") if isinstance(doc, dict) else name   # the id as written, else the file name
    assert message.startswith(f"{path}: rule {rule}: "), message
    assert problem in message, message


def test_an_id_that_is_not_text_is_named_by_the_file(tmp_path):
    path = write(tmp_path, "x", changed(id=["a"]))
    assert error_of(tmp_path).startswith(f"{path}: rule x: id ['a'] (list) is not valid")


def test_deep_nesting_and_self_reference_are_errors_not_crashes(tmp_path):
    deep = {"signal": "policy_page", "is_true": True}
    for _ in range(20):
        deep = {"not": deep}
    write(tmp_path, "functional.policy", changed(when=deep))
    assert "nested deeper than" in error_of(tmp_path)
    write(tmp_path, "functional.policy", "schema: 1\nid: functional.policy\nphase: functional\nweight: 0.5\n"
                                        "when: &a {all: [*a]}\nreason: {en: a, nl: b}\nnext_step: {en: a, nl: b}\n")
    assert "nested deeper than" in error_of(tmp_path)


def test_not_utf8_is_an_error(tmp_path):
    (tmp_path / "r.yaml").write_bytes(b"schema: 1\nid: \xff\xfe\n")
    assert error_of(tmp_path).endswith("rule r: not UTF-8 text")


def test_missing_or_empty_folder(tmp_path):
    assert "not a folder of rule files" in error_of(tmp_path / "nowhere")
    assert "no rule files" in error_of(tmp_path)


def test_loading_stops_at_the_first_bad_file_but_check_reports_all(tmp_path):
    write(tmp_path, "a", changed(id="a", phase="nope"))
    write(tmp_path, "b", changed(id="b", weight=2))
    write(tmp_path, "c", changed(id="c"))
    assert "rule a: unknown phase" in error_of(tmp_path)
    report = check_rules(str(tmp_path))
    assert not report.ok and len(report.problems) == 2
    assert [r[1] for r in report.rules] == ["a", "b", "c"]


def test_a_failing_case_is_a_problem_in_check_not_on_load(tmp_path):
    write(tmp_path, "functional.policy", changed(tests=[{"name": "wrong", "signals": {"policy_page": True},
                                                         "expect": "not_fired"}]))
    assert len(load_rules(str(tmp_path))) == 1
    report = check_rules(str(tmp_path))
    assert report.problems == (f"{tmp_path / 'functional.policy.yaml'}: rule functional.policy: "
                               "case 'wrong' expected not_fired, got fired",)


def test_flow_style_flags_and_null_signals(tmp_path):
    write(tmp_path, "r", textwrap.dedent("""\
        schema: 1
        id: r
        phase: experimental
        weight: 0.5
        when: {any: [{signal: webcare, is_true}, {signal: reply_share, present: false}]}
        reason: {en: a, nl: b}
        next_step: {en: c, nl: d}
        tests:
          - {name: webcare, signals: {webcare: true, reply_share: 0.3}, expect: fired}
          - {name: reply_unobserved, signals: {webcare: false, reply_share: null}, expect: fired}
          - {name: neither, signals: {webcare: false, reply_share: 0.3}, expect: not_fired}
          - {name: webcare_unknown, signals: {reply_share: 0.3}, expect: unknown}
        """))
    assert check_rules(str(tmp_path)).ok


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    """Anchors (defined under `source`, which is read after `when`) nest 9 ** 11 comparisons."""
    anchors = ["&x0 {signal: policy_page, is_true}"]
    anchors += [f"&x{i} {{any: [{', '.join([f'*x{i - 1}'] * 9)}]}}" for i in range(1, 12)]
    doc = ("schema: 1\nid: functional.policy\nphase: functional\nweight: 0.5\nsource:\n"
           + "".join(f"  - {a}\n" for a in anchors)
           + "when: *x11\nreason: {en: a, nl: b}\nnext_step: {en: a, nl: b}\n")
    write(tmp_path, "functional.policy", doc)
    assert "more than 5000 YAML values once aliases are expanded" in error_of(tmp_path)
