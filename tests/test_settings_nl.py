"""`footprint settings --lang nl` states every setting's meaning in Dutch, and --json keeps the
English documentation under the same keys whatever the language is."""
from __future__ import annotations

from click.testing import CliRunner

from analyzer.cli import main
from analyzer.core.settings import DOC_NL, SETTING_FIELDS, describe_settings


def test_every_setting_has_a_dutch_meaning():
    assert set(DOC_NL) == set(SETTING_FIELDS)
    for name, text in DOC_NL.items():
        assert text and text != SETTING_FIELDS[name].metadata["doc"], name


def test_the_settings_table_is_dutch_under_lang_nl(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path), "COLUMNS": "80"}
    nl = CliRunner().invoke(main, ["--lang", "nl", "settings"], env=env)
    assert nl.exit_code == 0, nl.output
    assert "betekenis" in nl.output and "instelling" in nl.output and "Gelijktijdige" in nl.output
    assert "meaning" not in nl.output and "Concurrent requests" not in nl.output
    en = CliRunner().invoke(main, ["settings"], env=env)
    assert "meaning" in en.output and "Concurrent" in en.output
    assert max(len(line) for line in nl.output.splitlines()) <= 80


def test_describe_settings_keeps_the_rows_and_changes_only_the_text():
    en, nl = describe_settings("en"), describe_settings("nl")
    assert [r[:3] for r in en] == [r[:3] for r in nl]
    assert dict((r[0], r[3]) for r in nl)["per_host"] == DOC_NL["per_host"]
