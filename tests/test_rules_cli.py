"""`footprint rules check` and `footprint signals` through click's CliRunner."""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from click.testing import CliRunner

from analyzer.cli import main
from analyzer.signals import SIGNALS

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str):
    try:
        return CliRunner().invoke(main, list(args))
    finally:  # setup_logging leaves a log file handler open on the root logger
        root = logging.getLogger()
        for handler in list(root.handlers):
            if isinstance(handler, logging.FileHandler):
                root.removeHandler(handler)
                handler.close()


def copy_rules(tmp_path, *names):
    folder = tmp_path / "rules"
    folder.mkdir()
    for name in names:
        shutil.copy(ROOT / "rules" / f"{name}.yaml", folder)
    return folder


def test_check_builtin_rules_passes():
    result = cli("rules", "check")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "ok   functional.regular_cadence (4 cases)" in lines
    assert lines[-1].startswith("built-in: 26 rules, all good")
    assert result.stderr == ""


def test_check_a_good_folder(tmp_path):
    folder = copy_rules(tmp_path, "functional.policy", "transformation.co_creation")
    result = cli("rules", "check", str(folder))
    assert result.exit_code == 0, result.output
    assert "ok   functional.policy (3 cases)" in result.stdout


def test_check_a_broken_folder_exits_2_with_one_line_per_problem(tmp_path):
    folder = copy_rules(tmp_path, "functional.policy", "functional.conversation", "transformation.co_creation")
    policy = folder / "functional.policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("is_true", "is_ture"), encoding="utf-8")
    conv = folder / "functional.conversation.yaml"
    conv.write_text(conv.read_text(encoding="utf-8").replace("gte: 0.2}", "gte: 0.25}"), encoding="utf-8")
    result = cli("rules", "check", str(folder))
    assert result.exit_code == 2
    problems = result.stderr.strip().splitlines()
    assert problems == [
        f"{conv}: rule functional.conversation: case 'at_threshold' expected fired, got not_fired",
        f"{policy}: rule functional.policy: unknown operator 'is_ture' in when (expected one of eq, ne, gt, gte, "
        "lt, lte, in, is_true, is_false, present); did you mean 'is_true'?",
    ]
    assert "FAIL functional.policy" in result.stdout and "ok   transformation.co_creation" in result.stdout


def test_check_uses_the_rules_option_and_json(tmp_path):
    folder = copy_rules(tmp_path, "functional.policy")
    (folder / "broken.yaml").write_text("schema: 1\nid: other\n", encoding="utf-8")
    result = cli("rules", "check", "--rules", str(folder), "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["ruleset"] == str(folder)
    assert data["problems"] == [f"{folder / 'broken.yaml'}: rule other: missing field 'phase'"]
    assert [r["id"] for r in data["rules"]] == ["broken", "functional.policy"]


def test_check_an_empty_or_missing_folder(tmp_path):
    result = cli("rules", "check", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"footprint: rules check {tmp_path / 'none'}: no such folder (give a folder of rule YAML files)"]
    assert "problem(s)" not in result.output


def test_signals_lists_every_signal_in_the_chosen_language():
    result = cli("signals", "--lang", "nl")
    assert result.exit_code == 0, result.output
    for sig in SIGNALS:
        assert sig.name in result.stdout and sig.definition["nl"] in result.stdout
    data = json.loads(cli("signals", "--json").stdout)
    assert [row["name"] for row in data] == [s.name for s in SIGNALS]
    assert data[0]["definition"] == SIGNALS[0].definition["en"] and data[0]["unit"] == "count"


def test_signals_of_a_domain_without_a_stored_scan_is_a_usage_error(tmp_path):
    result = cli("signals", "example.nl", "--db", str(tmp_path / "store.db"))
    assert result.exit_code == 2
    assert result.stderr.strip() == "footprint: example.nl: no stored scan; run `footprint scan example.nl` first"


def test_signals_of_a_domain_shows_the_stored_values(tmp_path):
    from analyzer.core.settings import load_settings
    from analyzer.store import Store
    from tests.store_helpers import make_result

    db = str(tmp_path / "store.db")
    with Store.open(load_settings(flags={"db": db})) as store:
        store.save(make_result("gemeente-a.nl"))
    result = cli("signals", "gemeente-a.nl", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["posts_per_week"]["value"] == 4.5 and len(rows["posts_per_week"]["evidence"]) == 1
    assert rows["reply_share"]["value"] is None
    assert rows["policy_page"]["value"] is None      # not in that scan: unobserved
    text = cli("signals", "gemeente-a.nl", "--db", db).stdout
    assert "posts_per_week" in text and "= 4.5" in text
