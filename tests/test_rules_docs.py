"""The rule format's documentation stays in step with the code (datasette-style docs test)."""
from __future__ import annotations

import re
from pathlib import Path

import analyzer.rules.conditions as conditions
from analyzer.rules import OPERATORS, SCHEMA_VERSION
from analyzer.signals import SIGNALS

README = (Path(__file__).resolve().parents[1] / "rules" / "README.md").read_text(encoding="utf-8")


def test_every_operator_is_documented_in_the_readme_and_the_docstring():
    table = set(re.findall(r"^\| `([a-z_]+)` \|", README, flags=re.M))
    assert table == set(OPERATORS)
    for op in OPERATORS:
        assert re.search(rf"\b{op}\b", conditions.__doc__), op


def test_yes_no_signals_listed_in_the_readme_match_the_catalogue():
    section = README.split("Yes/no signals:", 1)[1].split("All others", 1)[0]
    listed = set(re.findall(r"`([a-z_]+)`", section))
    assert listed == {s.name for s in SIGNALS if s.kind == "bool"}


def test_schema_version_in_the_readme():
    assert f"schema: {SCHEMA_VERSION}" in README
