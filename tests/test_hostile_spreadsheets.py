"""Spreadsheets are untrusted: the zip's declared sizes and the cell count are checked before and
while reading (a bomb fails under a memory limit today, and is refused in a second now), and a
workbook that declares a DTD is refused without resolving anything."""
from __future__ import annotations

import pytest

from analyzer.batch import xlsx_guard
from analyzer.batch.reader import read_table
from analyzer.core.errors import UsageError
from tests import hostile_files as hf
from tests.hardening_helpers import Counter
from tests.servers import text


def test_a_shared_strings_bomb_is_refused_within_a_memory_limit(tmp_path):
    bomb = hf.xlsx_bomb(tmp_path / "lijst.xlsx", 1 << 30)
    assert bomb.stat().st_size < 3_000_000
    code = f"""
from pathlib import Path
from analyzer.core.errors import UsageError
from analyzer.batch.reader import read_table
try:
    read_table(Path({str(bomb)!r}))
except UsageError as exc:
    print(exc)
"""
    out = hf.limited_python(code, limit_mb=900, timeout=60)
    assert out.returncode == 0, out.stderr[-400:]
    assert str(bomb) in out.stdout and "unpacks to more than" in out.stdout and hf.one_clean_line(out.stdout)


def test_a_sheet_of_whitespace_is_refused(tmp_path):
    sheet = hf.xlsx_whitespace(tmp_path / "leeg.xlsx", 1_200_000)
    code, _out, stderr = hf.cli("batch", str(sheet), "--out", str(tmp_path / "uit.csv"), "--db", str(tmp_path / "db"))
    assert code == 2 and hf.one_clean_line(stderr) and str(sheet) in stderr


def test_past_the_cell_cap_reading_stops_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "MAX_CELLS", 5000)
    sheet = hf.xlsx_whitespace(tmp_path / "breed.xlsx", 16_000)
    table = read_table(sheet)
    with pytest.raises(UsageError, match="more than 5000 cells"):
        list(table.rows())


@pytest.mark.parametrize("target", ["file:///etc/passwd", "http://dtd.hardorg.nl/x.dtd"])
def test_a_dtd_is_refused_and_never_resolved(tmp_path, net, target):
    seen = Counter(text("<!ENTITY ext 'leaked'>"))
    net.route("dtd.hardorg.nl", "/x.dtd", seen)
    book = hf.xlsx_dtd(tmp_path / "dtd.xlsx", target)
    with pytest.raises(UsageError) as err:
        read_table(book)
    assert "declares a DTD" in str(err.value) and hf.one_clean_line(str(err.value))
    assert seen.seen == []


def test_a_plain_workbook_still_reads(tmp_path):
    table = read_table(hf.xlsx_plain(tmp_path / "lijst.xlsx"))
    assert table.columns == ("domain",) and [cells for _n, cells in table.rows()] == [("gemeente.nl",)]


def test_a_zip_that_is_no_workbook_is_one_line(tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x1b]0;owned\x07" * 100)
    with pytest.raises(UsageError) as err:
        read_table(path)
    assert hf.one_clean_line(str(err.value)) and "owned" not in str(err.value)
