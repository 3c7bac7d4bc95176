"""What people read never carries raw control characters or takes scraped or user text as markup:
a `[/x]` in a URL path once crashed `scan` and `history` (rich read it as a closing tag), and C1
controls and bidi overrides of a page reached the JSON and the HTML report."""
from __future__ import annotations

import json

from tests import hostile_files as hf

BAD = "\x1b]0;owned\x07 \x9b31m \u202eelif"
PAGE = ("<!doctype html><html><head><title>Stichting " + BAD + "</title></head><body><h1>Welkom " + BAD +
        "</h1><p>Ons webcareteam " + BAD + " beantwoordt vragen op werkdagen.</p>"
        '<a href="https://x.com/hard_org">X ' + BAD + "</a></body></html>").encode("utf-8")


def _archive(tmp_path, url):
    return hf.warc(tmp_path / "site.warc.gz", [(url, PAGE, hf.HTML, "2026-03-01T10:00:00Z")])


def test_markup_in_a_url_path_never_crashes_scan_or_history(tmp_path):
    db = str(tmp_path / "db")
    url = "https://hardorg.nl/a[/x]b[bold]"
    site = _archive(tmp_path, url)
    for args in (["scan", url, "--replay", str(site)], ["history", url], ["history", "https://hardorg.nl/b[/y]"]):
        code, stdout, stderr = hf.cli(*args, "--db", db)
        assert code in (0, 2, 3), stderr
        assert "internal error" not in stderr and "Traceback" not in stderr


def test_no_control_or_bidi_character_reaches_json_or_report(tmp_path):
    db = str(tmp_path / "db")
    site = _archive(tmp_path, "https://hardorg.nl/")
    code, stdout, _ = hf.cli("scan", "hardorg.nl", "--replay", str(site), "--db", db, "--json")
    assert code == 0 and "webcareteam" in stdout      # the page was read
    data = json.loads(stdout)
    shown = json.dumps(data, ensure_ascii=False)
    assert not any(c in shown for c in "\x1b\x07\x9b\u202e")
    report = tmp_path / "r.html"
    code, _o, err = hf.cli("report", "hardorg.nl", "--out", str(report), "--db", db)
    assert code == 0, err
    html = report.read_text(encoding="utf-8")
    assert not any(c in html for c in "\x1b\x07\x9b\u202e")
    code, stdout, _ = hf.cli("scan", "hardorg.nl", "--replay", str(site), "--db", db)
    assert code == 0 and not any(c in stdout for c in "\x1b\x07\x9b\u202e")


def test_no_control_or_bidi_character_reaches_batch_json_lines_or_parquet(tmp_path):
    import pyarrow.parquet as pq

    folder = tmp_path / "warcs"
    folder.mkdir()
    hf.warc(folder / "hardorg.nl.warc.gz", [("https://hardorg.nl/", PAGE, hf.HTML, "2026-03-01T10:00:00Z")])
    src = tmp_path / "in.csv"
    src.write_text("domain,naam\nhardorg.nl,Stichting " + BAD + "\n", encoding="utf-8")
    for out in (tmp_path / "o.jsonl", tmp_path / "o.parquet"):
        code, _o, err = hf.cli("batch", str(src), "--out", str(out), "--replay", str(folder),
                               "--db", str(tmp_path / "db"), "--run", out.suffix[1:], "-q")
        assert code == 0, err
    lines = (tmp_path / "o.jsonl").read_text(encoding="utf-8")
    assert "webcareteam" in lines            # the page was read, and the input cell came through
    assert "Stichting" in json.loads(lines.splitlines()[0])["input"]["naam"]
    cells = json.dumps(pq.read_table(tmp_path / "o.parquet").to_pylist(), ensure_ascii=False)
    assert "webcareteam" in cells
    for shown in (lines, cells):
        assert not any(c in shown for c in "\x1b\x07\x9b\u202e")
