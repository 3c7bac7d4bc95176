"""`footprint batch` end to end: the real scan of fixture sites on the fake internet."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

from tests.servers import html

REPO = Path(__file__).resolve().parents[1]
HOME = ("<html lang='nl'><head><title>Gemeente Voorbeeld</title></head><body><main><h1>Welkom</h1>"
        "<p>Stel je vraag via sociale media.</p></main><footer>Volg ons op "
        "<a href='https://x.com/gemeente_voorbeeld'>X</a></footer></body></html>")


def footprint(net, db, *args):
    env = {**os.environ, **net.env(), "FOOTPRINT_DB": str(db), "PYTHONPATH": str(REPO),
           "FOOTPRINT_SCAN_BUDGET": "20", "FOOTPRINT_PLATFORM_READS": "0",
           "FOOTPRINT_READ_TIMEOUT": "1", "FOOTPRINT_RETRIES": "0"}
    return subprocess.run([sys.executable, "-m", "analyzer.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=240)


def test_batch_command_scans_resumes_and_writes_xlsx(net, tmp_path):
    net.site("gemeente-voorbeeld.nl", {"/": html(HOME)})
    net.site("hangt.nl", {"/": html("<p>traag</p>", delay=10)})
    src = tmp_path / "gemeenten.csv"
    src.write_bytes("\ufeffnaam;website\nVoorbeeld;gemeente-voorbeeld.nl\nTraag;hangt.nl\nFout;geen domein\n"
                    .encode("utf-8"))
    out, db = tmp_path / "scores.xlsx", tmp_path / "fp.db"
    proc = footprint(net, db, "batch", str(src), "--out", str(out), "--lang", "nl", "-q", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["rows"] == 3 and summary["scanned"] == 2 and summary["counts"]["invalid"] == 1
    assert "rij 4: bevat spaties" in proc.stderr   # --lang nl: the line is Dutch
    sheet = openpyxl.load_workbook(out)["summary"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    first = dict(zip(header, rows[1]))
    assert first["domain"] == "gemeente-voorbeeld.nl" and first["status"] in ("scored", "partial")
    assert first["phase_label"] in ("Ad hoc", "Experimenteel", "Functioneel", "Transformatie")
    assert first["platforms"] >= 1
    assert dict(zip(header, rows[2]))["status"] == "unobservable"

    again = footprint(net, db, "batch", str(src), "--out", str(out), "-q", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["scanned"] == 0 and json.loads(again.stdout)["resumed"] is True
    assert net.hits("gemeente-voorbeeld.nl", "/") == 1

    forgot = footprint(net, db, "forget", "gemeente-voorbeeld.nl")
    assert forgot.returncode == 0 and "1 stored scan removed" in forgot.stdout
