"""The review workspace over HTTP: the real `footprint serve` over a store filled by a real batch of
fixture organisations; filters, security (Host header, CSRF), assessments, corrections on the next
scan and their precedence, the labels export that train reads, forget and retention."""
from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from datetime import timedelta

import pytest

from analyzer.core.types import utcnow
from analyzer.store import Store, ts
from analyzer.store.reviews import AccountVerdict, Review, Reviews
from tests.servers import FakeInternet
from tests.web_helpers import RUN, cli_env, fill_store, footprint, start_server, stop_server

GEMEENTE = "zuidhaven.nl"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    home = tmp_path_factory.mktemp("web")
    net = FakeInternet().start(str(home))
    env = cli_env(net, home)
    db = fill_store(net, home)
    server = start_server(env, db)
    yield env, db, server, home
    stop_server(server)
    net.stop()


def rows_of(page: str) -> list[str]:
    return re.findall(r'<tr class="org" data-key="([^"]+)"', page)


def test_the_list_filters_by_input_column_phase_and_search_and_sorts(world):
    env, db, server, _ = world
    status, page = server.get("/")
    assert status == 200
    everything = rows_of(page)
    assert len(everything) == 4 and GEMEENTE in everything
    assert 'name="c:sector"' in page and 'name="c:name"' in page     # the batch's input columns
    assert rows_of(server.get("/?c%3Asector=overheid")[1]) == [GEMEENTE]
    assert rows_of(server.get("/?q=zuidhav")[1]) == [GEMEENTE]
    with Store(db) as store:
        phases = dict(store.query("SELECT org_key, phase FROM scans"))
    functional = sorted(k for k, p in phases.items() if p == "functional")
    assert rows_of(server.get("/?phase=functional")[1]) == functional
    by_conf = rows_of(server.get("/?sort=confidence&dir=desc")[1])
    with Store(db) as store:
        conf = dict(store.query("SELECT org_key, confidence FROM scans"))
    # equal confidences (the calibrated confidence takes a few steps) are ordered by domain, and
    # the descending order is the ascending one reversed
    assert by_conf == sorted(conf, key=lambda k: (conf[k], k), reverse=True)
    assert rows_of(server.get("/?sort=confidence&dir=asc")[1]) == by_conf[::-1]


def test_peers_percentile_on_the_organisation_page(world):
    _, _, server, _ = world
    status, page = server.get(f"/org/{GEMEENTE}")
    assert status == 200
    assert f"Compared with 4 organisations of {RUN}" in page
    assert re.search(r'data-signal="posts_per_week">.*?(\d+)th percentile of (\d)', page, re.S)
    assert 'id="all-evidence"' in page and "https://" in page
    dutch = server.get(f"/org/{GEMEENTE}?lang=nl")[1]
    assert "Vergeleken met 4 organisaties van proef" in dutch and "Uw beoordeling" in dutch


def test_host_header_of_another_site_is_refused(world):
    _, _, server, _ = world
    assert server.get("/", {"Host": "rebind.attacker.example"})[0] == 400
    assert server.get("/", {"Host": f"localhost:{server.port}"})[0] == 200


def test_a_post_without_the_form_token_or_from_another_origin_is_refused(world):
    _, db, server, _ = world
    fields = server.form_fields(f"/org/{GEMEENTE}")
    review = {"scan_id": fields["scan_id"], "reviewer": "Eve", "phase": "ad_hoc"}
    assert server.post(f"/org/{GEMEENTE}", review)[0] == 403
    assert server.post(f"/org/{GEMEENTE}", {**review, "csrf": "guess"})[0] == 403
    assert server.post(f"/org/{GEMEENTE}", {**review, "csrf": fields["csrf"]},
                       {"Origin": "http://attacker.example"})[0] == 403
    with Store(db) as store:
        assert store.query("SELECT COUNT(*) FROM assessments WHERE reviewer = 'Eve'")[0][0] == 0


def test_a_rejected_account_is_not_in_the_next_scan_and_the_export_trains(world, tmp_path):
    env, db, server, _ = world
    page = server.get(f"/org/{GEMEENTE}")[1]
    accounts = re.findall(r'<tr data-account="([^"]+)">', page)
    assert "x:gem_zuidhaven" in accounts
    fields = server.form_fields(f"/org/{GEMEENTE}")
    status, _ = server.post(f"/org/{GEMEENTE}", {**fields, "reviewer": "Anne de Vries; adviseur",
                                                 "phase": "functional", "note": "checked <b>by hand</b>",
                                                 f"account-{accounts.index('x:gem_zuidhaven')}": "reject"})
    assert status == 303
    page = server.get(f"/org/{GEMEENTE}")[1]
    assert "--not-account x:gem_zuidhaven" in page and "footprint assessments rescan --run proef" in page
    assert "checked &lt;b&gt;by hand&lt;/b&gt;" in page

    result = footprint(env, "assessments", "rescan", "--run", RUN, "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    assert [d["domain"] for d in json.loads(result.stdout)["rescanned"]] == [GEMEENTE]
    with Store(db) as store:
        latest = store.latest(GEMEENTE)
        first = store.history(GEMEENTE)[0]
    assert ("x", "gem_zuidhaven") in {a.key for a in first.accounts}            # nothing overwritten
    assert ("x", "gem_zuidhaven") not in {a.key for a in latest.accounts}
    assert any(e.kind == "user" and "--not-account x:gem_zuidhaven" in (e.excerpt or "") for e in latest.evidence)

    # one more organisation assessed, so that train sees two phases
    other = next(k for k in rows_of(server.get("/?phase=ad_hoc")[1] + server.get("/?phase=experimental")[1]))
    fields = server.form_fields(f"/org/{other}")
    assert server.post(f"/org/{other}", {**fields, "reviewer": "Anne", "phase": "experimental"})[0] == 303
    labels = tmp_path / "labels.csv"
    result = footprint(env, "assessments", "export", str(labels), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert labels.read_text(encoding="utf-8") == server.get("/export/labels.csv")[1]
    from analyzer.commands.train import read_labels

    assert {(d, p) for _r, d, p, _date in read_labels(labels)} == {(GEMEENTE, "functional"), (other, "experimental")}
    # train reads the file and its scans; with two organisations it stops only at its minimum count
    result = footprint(env, "train", str(labels), "--db", str(db), "--model", str(tmp_path / "m.skops"), "--json")
    assert result.exit_code == 0 or "2 labelled organisations; train needs at least" in result.stderr, result.output
    agreement = server.get("/agreement")[1]
    assert re.search(r"\d of 2 agree", agreement)


def test_an_assessment_waits_for_a_batch_that_is_writing(world):
    _, db, server, _ = world
    fields = server.form_fields(f"/org/{GEMEENTE}")
    writer = sqlite3.connect(db, isolation_level=None, timeout=30)
    writer.execute("BEGIN IMMEDIATE")             # what a batch holds while it commits a scan
    answer: list[int] = []
    post = threading.Thread(target=lambda: answer.append(
        server.post(f"/org/{GEMEENTE}", {**fields, "reviewer": "Bram", "phase": "experimental"})[0]))
    post.start()
    time.sleep(0.5)                                # the POST reaches the server first and waits for the lock
    assert server.get("/")[0] == 200               # reading goes on meanwhile (WAL, its own connection)
    writer.execute("COMMIT")
    writer.close()
    post.join(30)
    assert answer == [303]
    with Store(db) as store:
        assert store.query("SELECT COUNT(*) FROM assessments WHERE reviewer = 'Bram'")[0][0] == 1


def test_precedence_workspace_then_batch_columns_then_flags(world, tmp_path):
    env, db, _server, home = world
    with Store(db) as store:
        key, account = next((k, a) for k in store.keys() if k != GEMEENTE
                            for a in store.latest(k).accounts if a.role == "official")
        Reviews(store).record(Review(key, None, "Anne", accounts=(AccountVerdict(account.platform, account.handle, "reject"),)))
    spec = f"{account.platform}:{account.handle}"
    # the stored rejection holds on a plain scan ...
    out = footprint(env, "scan", key, "--db", str(db), "--json")
    assert out.exit_code == 0, out.output
    assert spec not in {f"{a['platform']}:{a['handle']}" for a in json.loads(out.stdout)["accounts"]}
    # ... a flag overrules it ...
    out = footprint(env, "scan", key, "--db", str(db), "--json", "--account", spec)
    assert spec in {f"{a['platform']}:{a['handle']}" for a in json.loads(out.stdout)["accounts"]}
    # ... and so does a batch column
    source = tmp_path / "one.csv"
    source.write_text(f"domain;account\n{key};{spec}\n", encoding="utf-8")
    out = footprint(env, "batch", str(source), "--out", str(tmp_path / "one.jsonl"), "--db", str(db), "-q")
    assert out.exit_code == 0, out.output
    with Store(db) as store:
        assert (account.platform, account.handle) in {a.key for a in store.latest(key).accounts}


def test_forget_and_retention_cover_the_review(tmp_path):
    db = tmp_path / "db.sqlite"
    from tests.report_helpers import experimental_result, functional_result

    with Store(db) as store:
        for r in (functional_result(), experimental_result()):
            store.save(r)
        reviews = Reviews(store)
        reviews.record(Review("gemeente-voorbeeld.nl", None, "Anne", phase="functional",
                              accounts=(AccountVerdict("x", "gemvoorbeeld", "reject"),)))
        reviews.record(Review("bakkerij-dekorst.nl", None, "Anne", phase="experimental"))
        store.forget("gemeente-voorbeeld.nl")
        assert reviews.assessment("gemeente-voorbeeld.nl") is None and not reviews.corrections("gemeente-voorbeeld.nl")
        assert reviews.assessment("bakkerij-dekorst.nl") is not None
        old = ts(utcnow() - timedelta(days=40))
        with store.transaction() as conn:
            conn.execute("UPDATE assessments SET created_at = ?", (old,))
        store.expire(30)
        assert reviews.assessment("bakkerij-dekorst.nl") is None


def test_serve_refuses_a_store_it_cannot_read_with_one_line(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    for path in (bad, tmp_path / "missing.sqlite"):
        result = footprint({"XDG_DATA_HOME": str(tmp_path)}, "serve", "--db", str(path))
        assert result.exit_code == 2
        assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr


def test_the_review_tables_arrive_by_migration_on_an_older_store(tmp_path):
    from analyzer.store.migrations import migrate

    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=2)
    conn.close()
    with Store(db) as store:
        assert store.schema_version >= 3
        Reviews(store).record(Review("a.nl", None, "Anne", phase="ad_hoc"))
