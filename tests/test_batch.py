"""Batch runs end to end over the fake internet (scans by the stand-in scan in batch_helpers)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time

import openpyxl
import pandas as pd
import pytest

from analyzer.batch import OUTPUT_COLUMNS, BatchOptions, run_batch
from analyzer.batch.writers import FORMATS
from analyzer.core.errors import UsageError
from analyzer.store import Store
from tests.batch_helpers import serve_orgs, stand_in_run_scan
from tests.servers import Reply, html

ORGS = ["gemeente-a.nl", "gemeente-b.nl", "gemeente-c.nl"]


@pytest.fixture
def settings(net, tmp_path):
    serve_orgs(net, ORGS)
    return net.settings(db=str(tmp_path / "fp.db"), cache=False, quiet=True, connect_timeout=1,
                        read_timeout=1, retries=0, scan_budget=5)


def batch(src, out, settings, **kw):
    return run_batch(src, out, settings, BatchOptions(**kw), scan_fn=stand_in_run_scan)


def read_csv(path, delimiter=";"):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV output is UTF-8 with BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_semicolon_bom_csv_with_invalid_and_duplicate_rows(net, settings, tmp_path):
    src = tmp_path / "gemeenten.csv"
    src.write_bytes("\ufeffnaam;domein;notitie\nA;gemeente-a.nl;eerste\nKapot;geen domein;\n"
                    "A again;https://GEMEENTE-A.nl/;dubbel\nB;gemeente-b.nl;\nC;gemeente-c.nl;\n"
                    "Gmail;iemand@gmail.com;\n".encode("utf-8"))
    summary = batch(src, tmp_path / "out.csv", settings)
    table = read_csv(tmp_path / "out.csv")
    assert table[0] == ["naam", "domein", "notitie", *OUTPUT_COLUMNS]
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    assert [r["naam"] for r in rows] == ["A", "Kapot", "A again", "B", "C", "Gmail"]
    assert [r["status"] for r in rows] == ["scored", "invalid", "scored", "scored", "scored", "invalid"]
    assert rows[1]["reason"].startswith("row 3: contains spaces")
    assert rows[5]["reason"].startswith("row 7: gmail.com is a free-mail provider")
    assert rows[0]["scanned_at"] == rows[2]["scanned_at"] and rows[0]["domain"] == rows[2]["domain"] == "gemeente-a.nl"
    assert net.hits("gemeente-a.nl", "/") == 1, "a duplicate is scanned once"
    assert (rows[0]["phase"], rows[0]["phase_label"], rows[0]["platforms"]) == ("experimental", "Experimental", "1")
    assert rows[4]["phase"] == "ad_hoc" and rows[4]["platforms"] == "0"
    assert rows[0]["active_platforms"] == "" and rows[0]["staff_accounts"] == "0"  # unobserved stays empty
    assert rows[0]["top_reasons"] == "Has an organisation account."
    assert summary.counts == {"scored": 4, "partial": 0, "unobservable": 0, "invalid": 2, "failed": 0}
    assert [n for n, _ in summary.invalid] == [3, 7]
    with Store(tmp_path / "fp.db") as store:
        assert store.query("SELECT COUNT(*) FROM scans")[0][0] == 3


def test_windows_1252_input_comes_out_as_utf8_with_the_same_delimiter(settings, tmp_path):
    src = tmp_path / "list.csv"
    src.write_bytes("name,website\nSúdwest-Fryslân,gemeente-a.nl\n".encode("cp1252"))
    batch(src, tmp_path / "out.csv", settings.with_(lang="nl"))
    table = read_csv(tmp_path / "out.csv", delimiter=",")
    assert table[1][0] == "Súdwest-Fryslân" and table[1][table[0].index("phase_label")] == "Experimenteel"


def test_formula_injection_is_neutralised_in_csv_and_xlsx(settings, tmp_path):
    src = tmp_path / "list.csv"
    src.write_text('domain,name,phone\ngemeente-a.nl,"=HYPERLINK(""http://evil"",""x"")",+31 20 123\n'
                   'gemeente-b.nl,@SUM(A1),-5\n', encoding="utf-8")
    batch(src, tmp_path / "out.csv", settings)
    table = read_csv(tmp_path / "out.csv", delimiter=",")
    assert table[1][1] == "'=HYPERLINK(\"http://evil\",\"x\")" and table[1][2] == "'+31 20 123"
    assert table[2][1] == "'@SUM(A1)" and table[2][2] == "-5"  # a plain number is no formula
    batch(src, tmp_path / "out.xlsx", settings)
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["summary"]
    cell = ws["B2"]
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")


def test_xlsx_in_and_out_with_sheets_filters_and_labels(settings, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Organisatie", "Website", "domain"])
    for name, site in [("A", "gemeente-a.nl"), ("B", "gemeente-b.nl"), ("X", "not valid")]:
        wb.active.append([name, site, "kept"])
    src = tmp_path / "lijst.xlsx"
    wb.save(src)
    batch(src, tmp_path / "out.xlsx", settings.with_(lang="nl"), column="Website")
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert out.sheetnames == ["summary", "accounts", "evidence"]
    summary = out["summary"]
    header = [c.value for c in summary[1]]
    assert header[:4] == ["Organisatie", "Website", "domain (input)", "domain"]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == f"A1:{summary.cell(1, len(header)).column_letter}4"
    values = [dict(zip(header, [c.value for c in row])) for row in summary.iter_rows(min_row=2)]
    assert [v["status"] for v in values] == ["scored", "scored", "invalid"]
    assert values[0]["phase_label"] == "Experimenteel" and values[0]["p_experimental"] == 0.6
    accounts = list(out["accounts"].values)
    assert accounts[1][:3] == ("gemeente-a.nl", "x", "gemeente_a")
    evidence = list(out["evidence"].values)
    assert evidence[0][:3] == ("domain", "evidence_id", "kind") and len(evidence) == 3


def test_xlsx_evidence_sheet_is_capped(settings, tmp_path):
    from analyzer.batch import xlsx
    from analyzer.batch.writers import iter_output
    from analyzer.store.runs import RunJournal

    src = tmp_path / "list.csv"
    src.write_text("domain\n" + "\n".join(ORGS) + "\n", encoding="utf-8")
    batch(src, tmp_path / "out.csv", settings)
    with Store(tmp_path / "fp.db") as store:
        rows = list(iter_output(RunJournal(store), "list.csv", "en"))
    xlsx.write_xlsx(iter(rows), tmp_path / "capped.xlsx", ("domain (input)",), "en", evidence_cap=1)
    evidence = list(openpyxl.load_workbook(tmp_path / "capped.xlsx")["evidence"].values)
    assert len(evidence) == 3 and evidence[-1][0].startswith("Evidence capped at 1 rows")


def _read_output(path):
    """Rows of any output format as a DataFrame of strings (the reader people would use)."""
    readers = {".csv": lambda p: pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False),
               ".xlsx": lambda p: pd.read_excel(p, sheet_name=0, dtype=str).fillna(""),
               ".jsonl": lambda p: pd.DataFrame([{**r["input"], **{c: r[c] for c in OUTPUT_COLUMNS}}
                                                 for r in map(json.loads, p.read_text("utf-8").splitlines())]),
               ".parquet": pd.read_parquet}
    return readers[path.suffix](path)


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_output_format_writes_one_row_per_input_row(settings, tmp_path, suffix):
    """One test over the registry of output formats: a new one is checked the day it is added."""
    src = tmp_path / "list.csv"
    src.write_text("domain,id\ngemeente-a.nl,1\nbad domain,2\ngemeente-c.nl,3\n", encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    batch(src, out, settings)
    frame = _read_output(out)
    assert list(frame.columns)[:2] == ["domain (input)", "id"]
    assert set(OUTPUT_COLUMNS) <= set(frame.columns)
    assert [str(v) for v in frame["id"]] == ["1", "2", "3"]
    assert list(frame["status"]) == ["scored", "invalid", "scored"]
    assert list(tmp_path.glob("*.tmp*")) == []


def test_jsonl_and_parquet_carry_the_full_scan(settings, tmp_path):
    src = tmp_path / "list.csv"
    src.write_text("domain,id\ngemeente-a.nl,1\nbad domain,2\n", encoding="utf-8")
    batch(src, tmp_path / "out.jsonl", settings)
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [line["status"] for line in lines] == ["scored", "invalid"]
    assert lines[0]["input"] == {"domain (input)": "gemeente-a.nl", "id": "1"}
    assert lines[0]["scan"]["accounts"][0]["handle"] == "gemeente_a" and lines[1]["scan"] is None
    batch(src, tmp_path / "out.parquet", settings)
    frame = pd.read_parquet(tmp_path / "out.parquet")
    assert list(frame.columns) == ["domain (input)", "id", *OUTPUT_COLUMNS, "scan"]
    assert frame["p_ad_hoc"].dtype == "float64" and frame["platforms"].iloc[0] == 1
    assert json.loads(frame["scan"].iloc[0])["domain"] == "gemeente-a.nl"


def test_a_hanging_site_does_not_stop_the_batch(net, settings, tmp_path):
    net.site("hangt.nl", {"/": Reply(hang=True)})
    net.route("gemeente-b.nl", "/", html("<a href='https://x.com/traag'>X</a>", delay=0.2))
    src = tmp_path / "list.csv"
    src.write_text("domain\nhangt.nl\ngemeente-a.nl\ngemeente-b.nl\ncrash.nl\n", encoding="utf-8")
    started = time.monotonic()
    summary = batch(src, tmp_path / "out.csv", settings, concurrency=2)
    assert time.monotonic() - started < 10
    rows = read_csv(tmp_path / "out.csv", delimiter=",")
    status = {r[1]: (r[2], r[3]) for r in rows[1:]}
    assert status["hangt.nl"] == ("unobservable", "website: timeout")
    assert status["gemeente-a.nl"][0] == status["gemeente-b.nl"][0] == "scored"
    assert status["crash.nl"][0] == "failed" and "a bug in the scan" in status["crash.nl"][1]
    assert summary.counts["failed"] == 1


def test_retry_failed_and_max_age(net, settings, tmp_path):
    flaky = iter([html("down", status=503)])
    net.route("flaky.nl", "/", lambda req: next(flaky, html("<a href='https://x.com/flaky'>X</a>")))
    src = tmp_path / "list.csv"
    src.write_text("domain\nflaky.nl\ngemeente-a.nl\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert batch(src, out, settings).counts["unobservable"] == 1
    assert batch(src, out, settings).scanned == 0, "a finished run rescans nothing"
    again = batch(src, out, settings, retry_failed=True)
    assert again.scanned == 1 and again.counts["scored"] == 2
    assert net.hits("flaky.nl", "/") == 2 and net.hits("gemeente-a.nl", "/") == 1
    other = batch(src, tmp_path / "other.csv", settings, run="fresh-run", max_age_days=30)
    assert other.scanned == 0 and other.counts["scored"] == 2, "recent stored scans are reused"
    stale = batch(src, tmp_path / "other.csv", settings, run="fresh-run", max_age_days=0)
    assert stale.scanned == 2 and net.hits("gemeente-a.nl", "/") == 2


def test_the_same_run_name_with_another_input_is_refused(settings, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("domain\ngemeente-a.nl\n", encoding="utf-8")
    second.write_text("domain\ngemeente-b.nl\n", encoding="utf-8")
    batch(first, tmp_path / "out.csv", settings, run="q3")
    with pytest.raises(UsageError, match="run 'q3' was made from another input"):
        batch(second, tmp_path / "out.csv", settings, run="q3")


def test_cli_usage_errors_exit_2_with_one_line(tmp_path):
    src = tmp_path / "names.csv"
    src.write_text("name,sector\nA,zorg\n", encoding="utf-8")
    for args, expected in [([str(src), "--out", str(tmp_path / "o.csv")], "no domain column found"),
                           ([str(src), "--out", str(tmp_path / "o.txt")], "unknown output type"),
                           ([str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o.csv")], "no such file")]:
        proc = subprocess.run([sys.executable, "-m", "analyzer.cli", "batch", *args, "--db", str(tmp_path / "fp.db")],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert expected in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.csv").exists()


def test_api_score_returns_the_batch_columns(settings):
    from analyzer.api import score

    frame = score(["gemeente-a.nl", "nope nope", "gemeente-a.nl"], settings=settings, scan_fn=stand_in_run_scan)
    assert list(frame.columns) == ["domain (input)", *OUTPUT_COLUMNS]
    assert list(frame["status"]) == ["scored", "invalid", "scored"]
    df = pd.DataFrame({"Naam": ["A", "C"], "Website": ["gemeente-a.nl", "gemeente-c.nl"]})
    scored = score(df, settings=settings, lang="nl", scan_fn=stand_in_run_scan)
    assert list(scored["Naam"]) == ["A", "C"] and list(scored["phase_label"]) == ["Experimenteel", "Ad hoc"]
    with pytest.raises(UsageError, match="the DataFrame: no domain column"):
        score(pd.DataFrame({"x": [1]}), settings=settings, scan_fn=stand_in_run_scan)


def test_api_score_builds_the_frame_from_the_store_without_files(settings, tmp_path, monkeypatch):
    """No DataFrame -> CSV -> JSON lines -> DataFrame: no input file is read and no output file
    written, the same frame comes back on a resumed run, and the invalid row keeps its row number."""
    from analyzer.api import score
    from analyzer.batch import reader, runner, writers

    def no_file(*_a, **_k):
        raise AssertionError("score() went through a file")

    for module, name in ((reader, "read_table"), (runner, "read_table"), (writers, "write_jsonl"),
                         (writers, "write_csv"), (runner, "write_output")):
        monkeypatch.setattr(module, name, no_file)
    df = pd.DataFrame({"Website": ["gemeente-a.nl", "", "nope nope"], "n": ["1", "", "3"]})  # an empty row is skipped
    first = score(df, settings=settings, run="notebook", scan_fn=stand_in_run_scan)
    again = score(df, settings=settings, run="notebook", scan_fn=stand_in_run_scan)
    assert list(first["status"]) == ["scored", "invalid"] and list(first["n"]) == ["1", "3"]
    assert first["reason"].iloc[1].startswith("row 4: ")
    pd.testing.assert_frame_equal(first, again)


def test_account_columns_become_user_corrections():
    from analyzer.batch.runner import corrections
    from collectors.base import UserCorrection

    columns = ("domain", "Account", "not-account", "note")
    cells = ("a.nl", "x:gemeente_a | bluesky:a.nl", "youtube:@oud", "x:ignored")
    # "@oud" loses its "@" as on the CLI; profile_ref makes it the YouTube handle "@oud" again.
    assert corrections(columns, cells, 2) == (UserCorrection("add", "x", "gemeente_a"),
                                              UserCorrection("add", "bluesky", "a.nl"),
                                              UserCorrection("remove", "youtube", "oud"))
    assert corrections(columns, ("a.nl", "nonsense", "", ""), 3) == ()


def test_a_batch_cell_means_what_the_cli_flag_means():
    """`twitter:Gemeente` is the X account in a batch cell as with --account (it was an account on
    a platform "twitter", outside the closed list); an unknown platform is skipped, not kept."""
    from analyzer.batch.runner import corrections
    from analyzer.commands.scan import parse_corrections

    cli = parse_corrections(("twitter:Gemeente", " X:@gemeente_b "), ())
    cells = corrections(("domain", "account"), ("a.nl", "twitter:Gemeente | X:@gemeente_b"), 2)
    assert cells == cli and [c.platform for c in cells] == ["x", "x"]
    assert corrections(("domain", "account"), ("a.nl", "myspace:gemeente"), 3) == ()
    with pytest.raises(UsageError, match="--account 'myspace:gemeente': unknown platform 'myspace'"):
        parse_corrections(("myspace:gemeente",), ())


def test_a_usage_error_in_the_scan_ends_the_batch_with_that_error(settings, tmp_path):
    def bad_settings_scan(target, settings, *, layer=None, corrections=()):
        raise UsageError("--as-of 'soon': not an ISO 8601 time")

    src = tmp_path / "list.csv"
    src.write_text("domain\ngemeente-a.nl\ngemeente-b.nl\n", encoding="utf-8")
    with pytest.raises(UsageError, match="--as-of"):
        run_batch(src, tmp_path / "out.csv", settings, BatchOptions(), scan_fn=bad_settings_scan)
    assert not (tmp_path / "out.csv").exists()


def test_a_journal_that_cannot_commit_stops_the_batch(tmp_path):
    import sqlite3

    from analyzer.batch.executors import Job, Outcome
    from analyzer.batch.journal_writer import JournalWriter
    from analyzer.store.runs import RunJournal
    from tests.store_helpers import make_result

    store = Store(tmp_path / "fp.db")
    writer = JournalWriter(RunJournal(store), "run")
    store.close()  # the disk went away
    result = make_result()
    writer.put(Outcome(Job(result.target), result, None, "1@host"))
    with pytest.raises(sqlite3.ProgrammingError):
        writer.close()


def test_semicolon_csv_opens_in_dutch_excel_with_decimal_commas(settings, tmp_path):
    """Dutch Excel reads `;` and `,` as the decimal sign: what pandas does with sep=';', decimal=','."""
    src = tmp_path / "gemeenten.csv"
    src.write_text("sep=;\nnaam;domein\nA;gemeente-a.nl\nC;gemeente-c.nl\n", encoding="utf-8")
    batch(src, tmp_path / "out.csv", settings)
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith("\ufeffnaam;domein;".encode("utf-8")), "the sep= line is read, never written"
    frame = pd.read_csv(tmp_path / "out.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame["naam"]) == ["A", "C"]
    for column in ("p_ad_hoc", "p_experimental", "p_functional", "p_transformation", "confidence"):
        assert frame[column].dtype == float, column
    assert list(frame["p_experimental"]) == [0.6, 0.2] and list(frame["confidence"]) == [0.4, 0.4]
    header, *rows = csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";")
    column = header.index("p_experimental")  # the cell itself: a timestamp may hold "0.6" by chance
    assert [row[column] for row in rows] == ["0,6", "0,2"]


def test_comma_csv_keeps_decimal_points(settings, tmp_path):
    src = tmp_path / "list.csv"
    src.write_text("domain,id\ngemeente-a.nl,1\n", encoding="utf-8")
    batch(src, tmp_path / "out.csv", settings.with_(lang="nl"))
    frame = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")
    assert frame["p_experimental"].dtype == float and list(frame["p_experimental"]) == [0.6]


@pytest.mark.parametrize("lang, delimiter", [("nl", ";"), ("en", ",")])
def test_xlsx_input_with_csv_output_takes_the_delimiter_of_the_language(settings, tmp_path, lang, delimiter):
    wb = openpyxl.Workbook()
    wb.active.append(["Organisatie", "Website"])
    wb.active.append(["A", "gemeente-a.nl"])
    src = tmp_path / "lijst.xlsx"
    wb.save(src)
    batch(src, tmp_path / "out.csv", settings.with_(lang=lang))
    text = (tmp_path / "out.csv").read_bytes().decode("utf-8-sig")
    assert text.startswith(f"Organisatie{delimiter}Website{delimiter}domain{delimiter}")
    decimal = "," if delimiter == ";" else "."
    frame = pd.read_csv(tmp_path / "out.csv", sep=delimiter, decimal=decimal, encoding="utf-8-sig")
    assert list(frame["p_experimental"]) == [0.6]


def test_what_is_left_to_scan_comes_a_page_at_a_time_each_organisation_once(tmp_path, monkeypatch):
    """The list is read from the store in pages (a batch's memory must not grow with it): input
    order, a repeated organisation once at its first row, and answers given during the reading
    (the batch commits while it reads) neither repeat nor lose an organisation."""
    from analyzer.store.runs import InputRow, RunJournal, ToScan
    from tests.store_helpers import make_result

    monkeypatch.setattr(ToScan, "PAGE", 2)
    keys = [f"gemeente-{c}.nl" for c in "abcdefg"]
    rows = [InputRow(i, (k,), k, k) for i, k in enumerate(keys + ["gemeente-b.nl", "gemeente-h.nl"])]
    with Store(tmp_path / "fp.db") as store:
        journal = RunJournal(store)
        journal.open("run", "digest", "in.csv", {}, iter(rows))
        todo = journal.to_scan("run")
        assert len(todo) == 8
        seen = []
        for key, raw, cells, row in todo:
            seen.append((key, row))
            with store.transaction() as conn:  # answered at once, as the journal writer does
                store.insert_scan(conn, make_result(key), "run")
        assert seen == [(k, i) for i, k in enumerate(keys)] + [("gemeente-h.nl", 8)]
        assert len(journal.to_scan("run")) == 0 and list(journal.to_scan("run")) == []
