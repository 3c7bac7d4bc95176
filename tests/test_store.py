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


def test_store_uses_wal_and_indexes_evidence_and_accounts(store, tmp_path):
    scan_id = store.save(make_result())
    with sqlite3.connect(tmp_path / "footprint.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        kinds = {r[0] for r in conn.execute("SELECT kind FROM evidence WHERE scan_id = ?", (scan_id,))}
        roles = {r[0] for r in conn.execute("SELECT role FROM accounts WHERE scan_id = ?", (scan_id,))}
    assert kinds == {"account_link", "staff_account"}
    assert roles == {"official", "staff"}


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
    assert store.query("SELECT COUNT(*) FROM evidence")[0][0] == 2


def test_forget_removes_scans_evidence_and_accounts(store):
    store.save(make_result())
    store.save(make_result(scanned_at=T0 + timedelta(days=1)))
    kept = store.save(make_result("other.nl"))
    assert store.forget("gemeente-a.nl") == 2
    assert store.history("gemeente-a.nl") == []
    assert store.query("SELECT COUNT(*) FROM evidence WHERE scan_id != ?", (kept,))[0][0] == 0
    assert store.query("SELECT COUNT(*) FROM accounts WHERE scan_id != ?", (kept,))[0][0] == 0
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


def test_migrates_a_version_1_store_keeping_its_scans(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    body = json.dumps(result_to_dict(make_result()))
    conn.execute("INSERT INTO scans (org_key, domain, input, run, scanned_at, as_of, status, phase, "
                 "confidence, result) VALUES ('gemeente-a.nl', 'gemeente-a.nl', 'gemeente-a.nl', NULL, "
                 "'2025-03-01T09:30:15.123456Z', '2025-03-01T09:30:15.123456Z', 'complete', "
                 "'functional', 0.62, ?)", (body,))
    conn.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.latest("gemeente-a.nl").estimate.phase == "functional"
        assert s.query("SELECT COUNT(*) FROM runs")[0][0] == 0  # version 2 tables exist now


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
