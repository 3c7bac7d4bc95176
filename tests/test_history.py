"""`footprint history`: every stored scan of an organisation and what changed between them."""
from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from rich.cells import cell_len
from rich.console import Console

from analyzer.present.explain import render_history
from analyzer.present.report.timeline import history_view
from analyzer.store import Store
from tests.report_helpers import cli, history_results, unobservable_result


def terminal(view: dict) -> str:
    buf = io.StringIO()
    render_history(view, Console(file=buf, width=80, color_system=None))
    return buf.getvalue()


def test_changes_list_the_phase_and_each_key_signal_that_moved():
    view = history_view(history_results(), "en")
    first, second, third = view["scans"]
    assert first["changes"] == []
    assert [(c["field"], c["from"], c["to"]) for c in second["changes"]] == [
        ("active_platforms", 1, 2), ("posts_per_week", 4.2, 9.8)]
    assert [(c["field"], c["from"], c["to"]) for c in third["changes"]] == [
        ("phase", "experimental", "functional"), ("posts_per_week", 9.8, 17.6)]
    assert third["changes"][0]["text"] == "Experimental → Functional"
    assert [s["scan_id"] for s in view["scans"]] == [1, 2, 3]


def test_unobserved_signals_and_phase_show_as_unknown_not_zero():
    results = [*history_results(), unobservable_result(key="gemeente-voorbeeld.nl")]
    last = history_view(results, "nl")["scans"][-1]
    assert last["phase"] is None and last["phase_index"] is None
    assert last["signals"]["posts_per_week"] is None and last["signals_display"]["posts_per_week"] == "–"
    assert ("phase", "functional", None) in [(c["field"], c["from"], c["to"]) for c in last["changes"]]


@pytest.mark.parametrize("lang, needles", [
    ("en", ("History: 3 scan(s)", "Experimental → Functional", "Posts/wk 4.2 → 9.8", "15 Sep 2024")),
    ("nl", ("Verloop: 3 scan(s)", "Experimenteel → Functioneel", "Ber./wk 4,2 → 9,8", "15 sep 2024")),
])
def test_terminal_history_fits_80_columns(lang, needles):
    out = terminal(history_view(history_results(), lang))
    assert all(cell_len(line) <= 80 for line in out.splitlines()), out
    for needle in needles:
        assert needle in out


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "fp.db"
    with Store(path) as store:
        for r in history_results():
            store.save(replace(r, scan_id=None))
        store.save(replace(unobservable_result(key="ander.nl"), scan_id=None))
    return str(path)


def test_history_command_json(db):
    res = cli("history", "www.gemeente-voorbeeld.nl", "--db", db, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["domain"] == "gemeente-voorbeeld.nl"
    assert [(s["scan_id"], s["phase"]) for s in data["scans"]] == [
        (1, "experimental"), (2, "experimental"), (3, "functional")]
    assert data["scans"][2]["signals"]["posts_per_week"] == 17.6


def test_history_command_text(db):
    res = cli("history", "gemeente-voorbeeld.nl", "--db", db, "--lang", "nl")
    assert res.exit_code == 0, res.output
    assert "Fase Experimenteel → Functioneel" in res.output


def test_history_of_an_organisation_never_scanned(db):
    res = cli("history", "nooit-gescand.nl", "--db", db)
    assert res.exit_code == 0
    assert "No stored scans of nooit-gescand.nl." in res.output
    res = cli("history", "nooit-gescand.nl", "--db", db, "--json")
    assert json.loads(res.output)["scans"] == []


def test_history_of_bad_input_is_a_usage_error(db):
    res = cli("history", "not a domain", "--db", db)
    assert res.exit_code == 2 and "not a domain" in res.output
