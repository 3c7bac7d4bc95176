"""The store and the paths a command writes to, as users leave them: a read-only store still prints
the scan (with a warning), a --db under a file and an unwritable --out are one exit-2 line found
before any scan, and a token with a trailing CR is a one-line hint that never shows the token."""
from __future__ import annotations

import json
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

from tests import hostile_files as hf
from tests.servers import html

URL = "https://hardorg.nl/"


def _site(tmp_path: Path) -> Path:
    return hf.warc(tmp_path / "site.warc.gz", [(URL, b"<html><body><h1>Hallo</h1></body></html>", hf.HTML,
                                                "2026-03-01T10:00:00Z")])


@contextmanager
def read_only(path: Path):
    """`path` made unwritable for real: chmod for a user, the immutable flag for root (whom modes
    do not stop)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def test_a_read_only_store_prints_the_scan_and_warns(tmp_path):
    site, db = _site(tmp_path), tmp_path / "store.db"
    assert hf.cli("scan", "hardorg.nl", "--replay", str(site), "--db", str(db))[0] == 0
    with read_only(db):
        code, stdout, stderr = hf.cli("scan", "hardorg.nl", "--replay", str(site), "--db", str(db), "--json")
    assert code == 0, stderr
    assert json.loads(stdout)["domain"] == "hardorg.nl"
    assert "not stored" in stderr and "Traceback" not in stderr


def test_a_db_under_a_file_is_one_line_before_scanning(tmp_path):
    (tmp_path / "plain").write_text("x")
    for db in (tmp_path / "plain" / "store.db", tmp_path):
        code, stdout, stderr = hf.cli("scan", "hardorg.nl", "--replay", str(tmp_path / "absent.warc"),
                                      "--db", str(db))
        assert code == 2 and hf.one_clean_line(stderr) and "--db" in stderr and not stdout


def test_an_unwritable_out_is_found_before_any_row_is_scanned(tmp_path, net):
    net.site("hardorg.nl", {"/": html("<h1>Hallo</h1>")})
    rows = tmp_path / "lijst.csv"
    rows.write_text("domain\nhardorg.nl\n")
    outdir = tmp_path / "uit"
    outdir.mkdir()
    env = net.env()
    with read_only(outdir):
        code, _stdout, stderr = hf.cli("batch", str(rows), "--out", str(outdir / "scores.csv"),
                                       "--db", str(tmp_path / "db"), env=env)
    assert code == 2 and hf.one_clean_line(stderr) and "--out" in stderr
    assert net.hits("hardorg.nl") == 0


def test_a_token_with_a_trailing_cr_is_a_one_line_hint(tmp_path):
    token = "AAAAAAAAAAAAAAAAAAAAAtrailingCR0tK3n"
    code, stdout, stderr = hf.cli("scan", "hardorg.nl", "--replay", str(_site(tmp_path)), "--db",
                                  str(tmp_path / "db"), env={"X_BEARER_TOKEN": token + "\r"})
    assert code == 2 and hf.one_clean_line(stderr) and "malformed" in stderr
    assert token not in stdout + stderr
