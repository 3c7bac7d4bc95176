"""`--lang nl` is Dutch everywhere: every command and the report, without one English label of the
vocabulary (analyzer.present.i18n) and without internal codes."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from analyzer.present import i18n

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "fixtures" / "demo" / "zuidhaven.warc.gz"
TABLES = {"LABELS": i18n.LABELS, "ROLES": i18n.ROLES, "OWNERSHIP": i18n.OWNERSHIP,
          "SCAN_STATUS": i18n.SCAN_STATUS, "COVERAGE_STATUS": i18n.COVERAGE_STATUS,
          "COVERAGE_REASONS": i18n.COVERAGE_REASONS, "SIGNALS": i18n.SIGNALS,
          "SIGNALS_SHORT": i18n.SIGNALS_SHORT, "EVIDENCE_KINDS": i18n.EVIDENCE_KINDS,
          "SOURCES": i18n.SOURCES}
# Codes a person never needs to read (they stay in --json and -v).
CODES = ("login_wall", "not_in_archive", "internal_error", "no_accounts", "dns_error", "ad_hoc.",
         "experimental.", "functional.", "transformation.", "claimed", "official ", "partial")


DUTCH_TOO = {"Platforms", "Accounts", "Status", "Model", "webcare"}


def english_labels() -> list[tuple[str, str]]:
    """(where, English text) for every label whose English differs from its Dutch."""
    out = []
    for name, table in TABLES.items():
        for key, texts in table.items():
            en, nl = texts.get("en", ""), texts.get("nl", "")
            for part in re.split(r"\{[^}]*\}", en):
                part = part.strip(" .:;,()")
                # Short words (Met, Run, ok) and plurals like Platforms are Dutch words too.
                if len(part) >= 5 and part != nl and part.lower() not in nl.lower() and part not in DUTCH_TOO:
                    out.append((f"{name}[{key!r}]", part))
    return out


def footprint(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "FOOTPRINT_CACHE": "0", "COLUMNS": "100",
           "FOOTPRINT_DB": str(root / "fp.db")}
    proc = subprocess.run([sys.executable, "-m", "analyzer.cli", "--lang", "nl", *args], env=env, cwd=root,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("nl")
    out = {"scan": footprint(root, "scan", "zuidhaven.nl", "--replay", str(DEMO)).stdout}
    footprint(root, "scan", "zuidhaven.nl", "--replay", str(DEMO), "--as-of", "2026-11-28T10:00:00Z")
    out["explain"] = footprint(root, "explain", "zuidhaven.nl").stdout
    out["history"] = footprint(root, "history", "zuidhaven.nl").stdout
    footprint(root, "report", "zuidhaven.nl", "--out", "r.html")
    tree = lxml_html.fromstring((root / "r.html").read_text(encoding="utf-8"))
    for bad in tree.xpath("//style|//script"):
        bad.getparent().remove(bad)
    out["report"] = " ".join(tree.itertext())
    # The activity definitions after the signal list are reference text in English only (not done).
    out["signals"] = footprint(root, "signals", "zuidhaven.nl").stdout.split("accounts[].activity", 1)[0]
    out["signals"] = re.sub(r"\[[^\]]*\]", "", out["signals"])   # units are ids, like signal names
    out["rules check"] = footprint(root, "rules", "check").stdout
    return out


@pytest.mark.parametrize("command", ["scan", "explain", "history", "report", "signals", "rules check"])
def test_no_english_vocabulary_in_dutch_output(outputs, command):
    text = outputs[command]
    found = [(where, en) for where, en in english_labels() if re.search(rf"(?<!\w){re.escape(en)}(?!\w)", text)]
    assert not found, f"{command} --lang nl shows English labels: {found}"


@pytest.mark.parametrize("command", ["scan", "explain", "report"])
def test_no_internal_codes_for_people(outputs, command):
    text = outputs[command]
    shown = [code for code in CODES if code in text]
    assert not shown, f"{command} shows internal codes: {shown}"


def test_the_check_knows_english_when_it_sees_it():
    # The vocabulary check itself must be able to fail: English output trips it.
    sample = f"{i18n.t('coverage', 'en')} {i18n.t('next_steps', 'en')}"
    assert any(re.search(rf"(?<!\w){re.escape(en)}(?!\w)", sample) for _w, en in english_labels())


def test_signals_states_the_activity_definitions_in_dutch():
    from click.testing import CliRunner

    from analyzer.cli import main
    from analyzer.signals.activity_model import DEFINITIONS

    out = CliRunner().invoke(main, ["signals", "--lang", "nl"]).stdout.split("accounts[].activity", 1)[1]
    assert "berekend op as_of" in out
    for name, english in DEFINITIONS.items():
        line = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert english not in line, name           # the Dutch text, not the English one
    assert "posts in the window" not in out and "questions answered" not in out
