"""Commands that read the store never scan; output files get the user's umask, the store stays private;
common options work before the subcommand; each subcommand's help lists only what it uses."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "fixtures" / "demo" / "zuidhaven.warc.gz"
CHROMIUM = Path("/usr/bin/chromium")


def footprint(tmp_path: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "FOOTPRINT_CACHE": "0"}
    before = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "analyzer.cli", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=180, preexec_fn=before)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A store holding the demo organisation's replayed scan (given options before `scan`)."""
    root = tmp_path_factory.mktemp("stored")
    db = root / "fp.db"
    proc = footprint(root, "-q", "--db", str(db), "scan", "zuidhaven.nl", "--replay", str(DEMO), umask=0o022)
    assert proc.returncode == 0, proc.stderr
    return root, db


@pytest.mark.parametrize("command", ["explain", "report"])
def test_no_stored_scan_refuses_with_how_to_scan_and_never_scans(tmp_path, command):
    db = tmp_path / "empty.db"
    proc = footprint(tmp_path, command, "example.nl", "--db", str(db))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"footprint: example.nl: no stored scan; scan it first with `footprint scan example.nl --db {db}`"]
    assert proc.stdout == ""
    assert not list(tmp_path.glob("*.html"))
    import sqlite3

    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM scans").fetchone()[0] == 0


def test_report_without_out_writes_domain_html_with_the_users_umask(stored):
    root, db = stored
    proc = footprint(root, "--db", str(db), "report", "zuidhaven.nl", umask=0o022)
    assert proc.returncode == 0, proc.stderr
    page = root / "zuidhaven.nl.html"
    assert proc.stdout.strip() == "zuidhaven.nl.html" and page.is_file()
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
    assert "<html" in page.read_text(encoding="utf-8")[:200]
    proc = footprint(root, "--db", str(db), "report", "zuidhaven.nl", "--out", "shared.html", umask=0o002)
    assert stat.S_IMODE((root / "shared.html").stat().st_mode) == 0o664


def test_the_store_stays_private(stored):
    _root, db = stored
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_report_refuses_an_unknown_file_type(stored):
    root, db = stored
    proc = footprint(root, "report", "zuidhaven.nl", "--db", str(db), "--out", "r.docx")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "footprint: --out r.docx: unknown report type '.docx'; use .html or .pdf"]
    assert not (root / "r.docx").exists()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (CI installs it)")
def test_report_pdf_is_a_real_pdf(stored):
    root, db = stored
    proc = footprint(root, "report", "zuidhaven.nl", "--db", str(db), "--out", "r.pdf")
    assert proc.returncode == 0, proc.stderr
    data = (root / "r.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert b"<html" not in data[:4096]


def test_report_pdf_without_chromium_refuses(stored, tmp_path):
    root, db = stored
    env_path = tmp_path / "bin"
    env_path.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PATH": str(env_path)}
    proc = subprocess.run([sys.executable, "-m", "analyzer.cli", "report", "zuidhaven.nl", "--db", str(db),
                           "--out", "none.pdf"], env=env, cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "none.pdf" in lines[0] and "Chromium" in lines[0]
    assert not (root / "none.pdf").exists()


def test_rules_check_on_a_missing_folder_is_one_clean_line(tmp_path):
    proc = footprint(tmp_path, "rules", "check", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"footprint: rules check {tmp_path / 'nope'}: no such folder "
                                                "(give a folder of rule YAML files)"]
    assert proc.stdout == ""


def test_common_options_work_before_the_subcommand(stored):
    root, db = stored
    proc = footprint(root, "--json", "--lang", "nl", "--db", str(db), "explain", "zuidhaven.nl")
    assert proc.returncode == 0, proc.stderr
    import json

    assert json.loads(proc.stdout)["phase_label"] == "Functioneel"


@pytest.mark.parametrize("command,absent", [
    (["explain"], ["--replay", "--record", "--resolve", "--as-of", "--rules", "--model", "--no-cache", "--cache-ttl"]),
    (["history"], ["--replay", "--record", "--resolve", "--as-of", "--rules", "--model", "--no-cache"]),
    (["report"], ["--replay", "--record", "--resolve", "--as-of", "--rules", "--model", "--no-cache"]),
    (["forget"], ["--replay", "--record", "--resolve", "--as-of", "--rules", "--model"]),
    (["rules", "check"], ["--replay", "--record", "--resolve", "--db", "--model", "--as-of"]),
])
def test_each_subcommand_help_lists_only_the_options_it_uses(tmp_path, command, absent):
    out = footprint(tmp_path, *command, "--help").stdout
    assert "--json" in out
    shown = [opt for opt in absent if f"  {opt}" in out or f", {opt}" in out]
    assert not shown, f"{' '.join(command)} --help lists options it ignores: {shown}"
