"""Replayed archives are untrusted files: each hostile one is bounded like a live answer and ends in
one clean line (exit 2) or a partial scan, never in a MemoryError, a hang or raw bytes on stderr."""
from __future__ import annotations

import json

import pytest

from analyzer.core.errors import UsageError
from collectors.http import FetchError
from collectors.http import warc_read
from collectors.http.replay import Archive
from tests import hostile_files as hf

URL = "https://hardorg.nl/"


def test_a_gzip_bomb_body_is_too_large_within_a_memory_limit(tmp_path):
    bomb = hf.warc_bomb(tmp_path / "bomb.warc.gz", URL, 2 << 30)
    assert bomb.stat().st_size < 3_000_000
    code = f"""
from analyzer.core.settings import Settings
from collectors.http import Fetcher, FetchError
with Fetcher(Settings(replay={str(bomb)!r})) as f:
    try:
        f.get({URL!r})
    except FetchError as exc:
        print(exc.reason)
"""
    out = hf.limited_python(code, limit_mb=900)     # the body alone is 2 GB decoded
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "too_large"


def test_a_gzip_bomb_scan_ends_as_a_scan(tmp_path):
    bomb = hf.warc_bomb(tmp_path / "bomb.warc.gz", URL, 64 << 20)
    code, stdout, _ = hf.cli("scan", "hardorg.nl", "--replay", str(bomb), "--json", "--db", str(tmp_path / "db"))
    data = json.loads(stdout)
    assert code == 3 and data["status"] == "unobservable"      # the one page was over the cap


@pytest.mark.parametrize("make", [
    lambda d: hf.not_warc(d / "junk.warc", 2 * hf.MB),
    lambda d: hf.no_target(d / "anon.warc.gz", URL),
    lambda d: "/dev/zero",
], ids=["not_warc", "no_target_uri", "dev_zero"])
def test_unreadable_archives_are_one_clean_line(tmp_path, make):
    target = make(tmp_path)
    code, _stdout, stderr = hf.cli("scan", "hardorg.nl", "--replay", str(target), "--db", str(tmp_path / "db"))
    assert code == 2, stderr[-300:]
    assert hf.one_clean_line(stderr) and str(target) in stderr
    assert "lorem" not in stderr and "owned" not in stderr      # never the file's content


def test_a_record_of_year_one_is_no_capture_time(tmp_path):
    old = hf.year_one(tmp_path / "old.warc.gz", URL)
    archive = Archive.load(old)
    assert archive.capture_time is None and len(archive) == 1
    code, stdout, _ = hf.cli("scan", "hardorg.nl", "--replay", str(old), "--json", "--db", str(tmp_path / "db"))
    assert code == 0 and not json.loads(stdout)["as_of"].startswith("0001")


def test_past_the_record_cap_the_rest_is_not_in_archive(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(warc_read, "MAX_RECORDS", 50)
    many = hf.warc_many(tmp_path / "many.warc", URL + "p/", 80)
    archive = Archive.load(many)
    assert len(archive) == 50
    assert any("stopped reading after 50 records" in r.getMessage() for r in caplog.records)


def test_a_broken_record_keeps_what_came_before_and_prints_no_raw_bytes(tmp_path, capfd, caplog):
    path = hf.warc(tmp_path / "bad.warc", [(URL, b"<html>ok</html>", hf.HTML, "2026-03-01T10:00:00Z"),
                                           (URL + "b", b"<html>ok</html>", hf.HTML, "2026-03-01T10:00:00Z")])
    data = path.read_bytes()
    cut = data.index(b"WARC/1.1", 10)                      # junk with a title-setting escape
    path.write_bytes(data[:cut] + b"\x1b]0;owned\x07junk\r\n" + data[cut:])
    archive = Archive.load(path)
    assert archive.lookup(URL) is not None and archive.lookup(URL + "b") is None
    shown = capfd.readouterr().err + " ".join(r.getMessage() for r in caplog.records)
    assert "\x1b" not in shown and "owned" not in shown and "malformed" in shown


def test_body_over_the_cap_replays_as_too_large_or_a_page_in_part(tmp_path):
    """As a live answer: JSON over the cap is too_large, an HTML page is kept up to the cap."""
    json_type = [("Content-Type", "application/json")]
    path = hf.warc(tmp_path / "big.warc.gz", [(URL + "api", b"1" * 2000, json_type, "2026-03-01T10:00:00Z"),
                                              (URL, b"x" * 2000, hf.HTML, "2026-03-01T10:00:00Z")])
    archive = Archive.load(path, max_body=1000)
    assert archive.lookup(URL + "api").failure == "too_large"
    page = archive.lookup(URL)
    assert (page.failure, page.body, page.truncated) == (None, b"x" * 1000, "length")
    whole = Archive.load(path, max_body=5000)
    assert whole.lookup(URL).body == b"x" * 2000 and not whole.lookup(URL).truncated
