"""The SQLite store: round trip, history, forget, retention, migrations, hostile strings."""
from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest

from analyzer.core.errors import StoreError
from analyzer.store import SCHEMA_VERSION, ScanNotFound, Store, result_from_dict, result_to_dict
from analyzer.core.upgrades import FORMAT, FormatTooNew
from analyzer.store.migrations import migrate
from analyzer.core.types import utcnow
from tests.store_helpers import T0, make_result


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "footprint.db") as s:
        yield s


def test_result_round_trips_through_dict_and_json():
    result = make_result()
    again = result_from_dict(json.loads(json.dumps(result_to_dict(result))))
    assert again == result


def test_save_get_round_trip_keeps_every_field(store):
    result = make_result()
    scan_id = store.save(result)
    loaded = store.get(scan_id)
    assert loaded.scan_id == scan_id
    assert dataclasses.replace(loaded, scan_id=None) == result
    assert loaded.estimate.rules[1].fired is None
    assert loaded.accounts[0].activity.reply_share == 0.25
    assert loaded.signals["reply_share"].value is None


def test_store_uses_wal_and_keeps_each_scan_once(store, tmp_path):
    store.save(make_result())
    with sqlite3.connect(tmp_path / "footprint.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        body = json.loads(conn.execute("SELECT result FROM scans").fetchone()[0])
    assert {"evidence", "accounts"}.isdisjoint(tables)  # no second copy that nothing reads
    assert body["format"] == FORMAT
    assert {e["kind"] for e in body["evidence"]} == {"account_link", "staff_account"}


def test_latest_and_history_order(store):
    first = store.save(make_result(scanned_at=T0))
    second = store.save(make_result(scanned_at=T0 + timedelta(days=3), phase="experimental"))
    store.save(make_result("other.nl"))
    assert [r.scan_id for r in store.history("gemeente-a.nl")] == [first, second]
    assert store.latest("gemeente-a.nl").estimate.phase == "experimental"
    assert store.latest("never-scanned.nl") is None
    assert store.history("never-scanned.nl") == []
    with pytest.raises(ScanNotFound):
        store.get(999)


def test_sql_injection_looking_strings_are_stored_verbatim(store):
    nasty = "Robert'); DROP TABLE scans;-- \" OR 1=1 --"
    scan_id = store.save(make_result(excerpt=nasty, handle="x'; DELETE FROM evidence; --"))
    loaded = store.get(scan_id)
    assert loaded.evidence[0].excerpt == nasty
    assert loaded.accounts[0].handle == "x'; DELETE FROM evidence; --"
    assert store.latest("gemeente-a.nl").scan_id == scan_id
    assert store.query("SELECT COUNT(*) FROM scans")[0][0] == 1


def test_forget_removes_scans_evidence_and_accounts(store):
    store.save(make_result())
    store.save(make_result(scanned_at=T0 + timedelta(days=1)))
    kept = store.save(make_result("other.nl"))
    assert store.forget("gemeente-a.nl") == 2
    assert store.history("gemeente-a.nl") == []
    assert [r[0] for r in store.query("SELECT id FROM scans")] == [kept]
    assert store.latest("other.nl").scan_id == kept
    assert store.forget("gemeente-a.nl") == 0


def test_forget_command_normalises_the_domain(tmp_path):
    db = tmp_path / "fp.db"
    with Store(db) as s:
        s.save(make_result())
    proc = subprocess.run([sys.executable, "-m", "analyzer.cli", "forget", "https://WWW.Gemeente-A.nl/",
                           "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "1 stored scan removed" in proc.stdout
    with Store(db) as s:
        assert s.history("gemeente-a.nl") == []


def test_expire_drops_old_evidence_and_staff_but_keeps_the_estimate(store):
    old = store.save(make_result(scanned_at=utcnow() - timedelta(days=400)))
    new = store.save(make_result(scanned_at=utcnow()))
    assert store.expire(365) == 2
    expired = store.get(old)
    assert expired.evidence == ()
    assert [a.role for a in expired.accounts] == ["official"]
    assert expired.estimate.phase == "functional"
    assert len(store.get(new).evidence) == 2
    assert store.expire(365) == 0
    with pytest.raises(ValueError):
        store.expire(0)


def test_credentials_never_reach_the_store(tmp_path):
    token = "AAAAsecret-bearer-token-123"
    result = make_result(excerpt=f"leaked {token} here")
    with Store(tmp_path / "s.db", secrets=(token,)) as s:
        s.save(result)
    assert token.encode() not in (tmp_path / "s.db").read_bytes() + _wal(tmp_path / "s.db")


def _wal(path):
    wal = path.with_name(path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def format_1_row(result):
    """`result` as footprint stored it before the upgrade steps existed (format 1): the names of
    coverage and signals repeated inside each entry."""
    data = result_to_dict(result)
    data["format"] = 1
    for name, cov in data["coverage"].items():
        cov["collector"] = name
    for name, sig in data["signals"].items():
        sig["name"] = name
    return data


def test_a_format_1_row_reads_through_the_upgrade_steps(store):
    result = make_result()
    old = format_1_row(result)
    assert "collector" in old["coverage"]["x"] and "name" in old["signals"]["posts_per_week"]
    assert result_from_dict(json.loads(json.dumps(old))) == result
    del old["format"]  # the first rows carried no format at all
    assert result_from_dict(old) == result


def test_a_stored_old_row_reads_and_expires_through_the_upgrade_steps(store):
    scan_id = store.save(make_result(scanned_at=utcnow() - timedelta(days=400)))
    store.query("UPDATE scans SET result = ? WHERE id = ?",
                (json.dumps(format_1_row(store.get(scan_id))), scan_id))
    assert store.get(scan_id).coverage["x"].reason == "no_token"
    assert store.expire(365) == 2
    rewritten = json.loads(store.query("SELECT result FROM scans WHERE id = ?", (scan_id,))[0][0])
    assert rewritten["format"] == FORMAT and "collector" not in rewritten["coverage"]["x"]


def test_a_row_from_a_newer_footprint_is_a_clear_error(store):
    data = result_to_dict(make_result())
    data["format"] = FORMAT + 1
    with pytest.raises(FormatTooNew):
        result_from_dict(data)
    scan_id = store.save(make_result())
    store.query("UPDATE scans SET result = ? WHERE id = ?", (json.dumps(data), scan_id))
    with pytest.raises(StoreError, match=f"scan {scan_id}.*newer"):
        store.get(scan_id)


def test_migrates_a_version_1_store_keeping_its_scans(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    body = json.dumps(format_1_row(make_result()))
    conn.execute("INSERT INTO scans (org_key, domain, input, run, scanned_at, as_of, status, phase, "
                 "confidence, result) VALUES ('gemeente-a.nl', 'gemeente-a.nl', 'gemeente-a.nl', NULL, "
                 "'2025-03-01T09:30:15.123456Z', '2025-03-01T09:30:15.123456Z', 'complete', "
                 "'functional', 0.62, ?)", (body,))
    conn.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.latest("gemeente-a.nl").estimate.phase == "functional"
        assert s.query("SELECT COUNT(*) FROM runs")[0][0] == 0  # version 2 tables exist now
        assert s.latest("gemeente-a.nl").coverage["x"].detail == "X_BEARER_TOKEN not set"


def test_a_newer_or_foreign_database_is_a_clear_error(tmp_path):
    path = tmp_path / "new.db"
    with Store(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version (version) VALUES (999)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store(junk)


def test_a_format_2_row_loses_the_definitions_copy_in_activity_evidence():
    from analyzer.core.types import Evidence

    result = make_result()
    data = result_to_dict(result)
    data["format"] = 2
    data["evidence"].append({"id": "ev-0123456789ab", "kind": "activity", "platform": "x",
                             "value": {"posts_per_week": 3.5, "source": "GET /2/users/:id/tweets",
                                       "definitions": {"active": "at least one post in the 30 days before as_of"}},
                             "source_url": "https://x.com/a", "observed_at": "2025-01-01T00:00:00Z",
                             "excerpt": None, "collector": "x", "derived_from": []})
    for acc in data["accounts"]:
        if acc.get("activity"):
            acc["activity"].pop("source", None)
            acc["activity"].pop("bounded_by", None)
    back = result_from_dict(json.loads(json.dumps(data)))
    old = next(e for e in back.evidence if e.kind == "activity")
    assert isinstance(old, Evidence) and old.id == "ev-0123456789ab"
    assert old.value == {"posts_per_week": 3.5, "source": "GET /2/users/:id/tweets"}
    assert [a.activity for a in back.accounts] == [a.activity for a in result.accounts]


def test_an_old_unobservable_scan_with_a_phase_reads_without_one(tmp_path):
    """Stored before one place decided the status: the phase the status denies is cleared, both in
    the result (upgrade step 3 -> 4) and in the columns beside it (migration 5)."""
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=4) == 4
    data = result_to_dict(make_result(status="unobservable"))
    data["format"] = 3
    assert data["estimate"]["phase"] == "functional" and data["estimate"]["probabilities"]
    for status, body in (("unobservable", data), ("complete", {**result_to_dict(make_result()), "format": 3})):
        conn.execute("INSERT INTO scans (org_key, domain, input, run, scanned_at, as_of, status, phase, "
                     "confidence, result) VALUES (?, ?, ?, NULL, '2025-03-01T09:30:15Z', '2025-03-01T09:30:15Z', "
                     "?, 'functional', 0.62, ?)",
                     (f"{status}.nl", f"{status}.nl", f"{status}.nl", status, json.dumps(body)))
    conn.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.query("SELECT status, phase, confidence FROM scans ORDER BY status") == [
            ("complete", "functional", 0.62), ("unobservable", None, 0)]
        old = s.latest("unobservable.nl")
        assert old.status == "unobservable" and old.estimate.phase is None
        assert old.estimate.probabilities is None and old.estimate.confidence == 0.0 and not old.estimate.next_steps
        assert old.estimate.rules   # what was judged stays
        assert s.latest("complete.nl").estimate.phase == "functional"
