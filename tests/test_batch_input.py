"""Reading batch input: delimiters, BOM, Windows-1252, XLSX, the domain column, clear errors."""
from __future__ import annotations

import pytest
from openpyxl import Workbook

from analyzer.batch.reader import read_table
from analyzer.core.errors import UsageError


def rows(table):
    return list(table.rows())


def test_semicolon_csv_with_bom_and_dutch_header(tmp_path):
    path = tmp_path / "gemeenten.csv"
    path.write_bytes("\ufeffNaam;Webadres;Provincie\r\nGemeente A;gemeente-a.nl;Utrecht\r\n\r\n"
                     "Gemeente B;gemeente-b.nl;Zeeland\r\n".encode("utf-8"))
    table = read_table(path)
    assert (table.delimiter, table.columns, table.domain_header) == (";", ("Naam", "Webadres", "Provincie"), "Webadres")
    assert rows(table) == [(2, ("Gemeente A", "gemeente-a.nl", "Utrecht")), (4, ("Gemeente B", "gemeente-b.nl", "Zeeland"))]


def test_windows_1252_falls_back_and_keeps_accents(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("name,e-mail\nSúdwest-Fryslân,info@sudwestfryslan.nl\nCafé 't Hoekje,cafe.nl\n".encode("cp1252"))
    table = read_table(path)
    assert table.encoding == "cp1252" and table.domain_header == "e-mail"
    assert rows(table)[0][1] == ("Súdwest-Fryslân", "info@sudwestfryslan.nl")
    assert rows(table)[1][1][0] == "Café 't Hoekje"


def test_tab_separated_and_quoted_cells(tmp_path):
    path = tmp_path / "list.tsv"
    path.write_text('id\tsite\tnote\n1\texample.nl\t"a, b; c"\n2\texample.org\t\n', encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == "\t"
    assert rows(table) == [(2, ("1", "example.nl", "a, b; c")), (3, ("2", "example.org", ""))]


def test_column_option_and_short_rows_are_padded(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("name,homepage_link,x\nA,a.nl\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no domain column found"):
        read_table(path)
    table = read_table(path, column="homepage_link")
    assert rows(table) == [(2, ("A", "a.nl", ""))]
    with pytest.raises(UsageError, match=r"no column named 'nope'.*'homepage_link'"):
        read_table(path, column="nope")


def test_xlsx_input_with_numbers_and_blank_rows(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["KvK", "Website", "Naam"])
    ws.append([12345678, "gemeente-a.nl", "Gemeente A"])
    ws.append([None, None, None])
    ws.append([87654321.0, "https://gemeente-b.nl/", None])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    table = read_table(path)
    assert table.kind == "xlsx" and table.domain_header == "Website"
    assert rows(table) == [(2, ("12345678", "gemeente-a.nl", "Gemeente A")), (4, ("87654321", "https://gemeente-b.nl/", ""))]


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"name,sector\nA,zorg\n", "no domain column found"),
])
def test_unusable_files_are_one_clear_error(tmp_path, content, problem):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(UsageError, match=problem) as info:
        read_table(path)
    assert "bad.csv" in str(info.value)


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UsageError, match="broken.xlsx: not a readable XLSX"):
        read_table(broken)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf")
    with pytest.raises(UsageError, match="save it as .xlsx"):
        read_table(old)
