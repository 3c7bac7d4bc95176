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


def _footprint(*args, cwd=None):
    """The real CLI in a subprocess: stdout, stderr and exit code as a person sees them."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    return subprocess.run([sys.executable, "-m", "analyzer.cli", *args], cwd=root, capture_output=True,
                          text=True, timeout=300)


REPLAY = ("scan", "zuidhaven.nl", "--replay", "fixtures/demo/zuidhaven.warc.gz")


def test_replaying_the_same_archive_twice_stores_one_scan(tmp_path):
    db = str(tmp_path / "fp.db")
    first = _footprint(*REPLAY, "--db", db)
    again = _footprint(*REPLAY, "--db", db)
    assert first.returncode == again.returncode == 0, again.stderr
    assert "not stored again" not in first.stderr
    said = [line for line in again.stderr.splitlines() if "not stored again" in line]
    assert len(said) == 1 and said[0].startswith("zuidhaven.nl: the same result as the stored scan"), again.stderr
    with Store(tmp_path / "fp.db") as store:
        assert store.query("SELECT COUNT(*) FROM scans")[0][0] == 1
    history = json.loads(_footprint("history", "zuidhaven.nl", "--db", db, "--json").stdout)
    assert [s["number"] for s in history["scans"]] == [1]
    dutch = _footprint(*REPLAY, "--db", db, "--lang", "nl")
    assert dutch.returncode == 0 and "niet opnieuw opgeslagen" in dutch.stderr, dutch.stderr


def test_history_orders_by_observation_time_and_numbers_the_scans(tmp_path):
    db = str(tmp_path / "fp.db")
    for as_of in ("2026-11-27T22:00:00Z", "2026-11-20T09:00:00Z", "2026-11-27T08:30:00Z"):  # run out of order
        assert _footprint(*REPLAY, "--db", db, "--as-of", as_of).returncode == 0
    data = json.loads(_footprint("history", "zuidhaven.nl", "--db", db, "--json").stdout)
    assert [(s["number"], s["as_of"][:16]) for s in data["scans"]] == [
        (1, "2026-11-20T09:00"), (2, "2026-11-27T08:30"), (3, "2026-11-27T22:00")]
    assert [s["date"] for s in data["scans"]] == ["20 Nov 2026", "27 Nov 2026 08:30 UTC", "27 Nov 2026 22:00 UTC"]
    text = _footprint("history", "zuidhaven.nl", "--db", db, "--lang", "nl").stdout
    assert "Waargenomen" in text and "#1" in text and "#3" in text and "20 nov 2026" in text, text
    assert "27 nov 2026 08:30 UTC" in text


def test_two_days_give_two_numbered_entries(tmp_path):
    db = str(tmp_path / "fp.db")
    for as_of in ("2026-11-20T09:00:00Z", "2026-11-27T09:00:00Z"):
        assert _footprint(*REPLAY, "--db", db, "--as-of", as_of).returncode == 0
    text = _footprint("history", "zuidhaven.nl", "--db", db).stdout
    rows = [line for line in text.splitlines() if line.lstrip()[:2] in ("#1", "#2", "#3")]
    assert len(rows) == 2 and "#1" in rows[0] and "20 Nov 2026" in rows[0] and "#2" in rows[1], text
    assert "UTC" not in text, "one scan a day: the date alone"
