"""The Dask executor on a LocalCluster of two worker processes, against fake sites and a fake API.

The scans run in the workers (collection only: the client scores), a shared host never has more
requests in flight than `per_host` for the cluster as a whole and an API never gets more than its
rate (both counted by the server), and a worker killed mid-batch still leaves every input row
answered exactly once.
"""
from __future__ import annotations

import csv
import os
import signal
import sqlite3
import time
from collections import Counter

import pytest

from analyzer.batch import BatchOptions, run_batch
from analyzer.batch.dask_executor import CLUSTER_CONFIG
from analyzer.core.errors import UsageError
from analyzer.core.normalize import normalize
from analyzer.store import Store
from tests.servers import html, json_reply

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

API = "public.api.bsky.app"
PER_HOST = 2
LIMIT = 8            # requests per second the fake AppView allows (api_rates)
THREADS = 3


@pytest.fixture(scope="module")
def cluster():
    with dask.config.set({**CLUSTER_CONFIG, "distributed.scheduler.locks.lease-timeout": "3s"}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=THREADS, processes=True,
                                           dashboard_address=":0", silence_logs=40)
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c


def serve_api(net, delay: float = 0.04, arrivals: list[float] | None = None) -> None:
    """A Bluesky AppView answering every account with an empty feed, slowly enough to overlap;
    `arrivals` gets the wall-clock time of every request."""
    def answer(req):
        if arrivals is not None:
            arrivals.append(time.time())
        method = req.path.rsplit("/", 1)[-1]
        actor = (req.query.get("actor") or req.query.get("q") or [""])[0]
        if method == "app.bsky.actor.getProfile":
            return json_reply({"did": f"did:plc:{actor.replace('.', '')}", "handle": actor, "postsCount": 0},
                              delay=delay)
        if method == "app.bsky.feed.getAuthorFeed":
            return json_reply({"feed": []}, delay=delay)
        if method == "app.bsky.actor.searchActors":
            return json_reply({"actors": []}, delay=delay)
        return json_reply({"error": "InvalidRequest"}, status=400, delay=delay)

    net.fallback(API, answer)


def serve_org_sites(net, orgs: list[str]) -> None:
    for org in orgs:
        net.site(org, {"/": html(f"<html lang='nl'><body><h1>{org}</h1><footer>"
                                 f"<a href='https://bsky.app/profile/{org}'>Bluesky</a></footer></body></html>")})


def batch_input(tmp_path, orgs: list[str], extra: str = ""):
    src = tmp_path / "orgs.csv"
    src.write_text("domain\n" + "\n".join(orgs) + "\n" + extra, encoding="utf-8")
    return src


def done_workers(db) -> dict[str, int]:
    with Store(db) as store:
        return {key: int(w.split("@")[0]) for key, w in
                store.query("SELECT org_key, worker FROM run_rows WHERE status = 'done'")}


SHARED = "sites.example"     # shared hosting: organisations under paths of one host


def test_scans_run_in_the_workers_and_a_shared_host_stays_within_its_limit(net, tmp_path, client):
    orgs = [f"{SHARED}/gemeente-{i}" for i in range(16)]
    net.site(SHARED, {f"/gemeente-{i}": html(f"<html lang='nl'><body><h1>Gemeente {i}</h1><footer>"
                                              f"<a href='https://bsky.app/profile/gemeente-{i}.nl'>Bluesky</a>"
                                              "</footer></body></html>", delay=0.05) for i in range(16)})
    serve_api(net)
    settings = net.settings(db=str(tmp_path / "fp.db"), cache=False, quiet=True, per_host=PER_HOST,
                            max_pages=1)
    summary = run_batch(batch_input(tmp_path, orgs, "not valid\n"), tmp_path / "out.csv", settings,
                        BatchOptions(executor="dask", client=client))
    assert summary.counts["invalid"] == 1
    assert summary.counts["scored"] + summary.counts["partial"] == 16, summary.counts
    worker_pids = set(client.run(os.getpid).values())
    used = done_workers(tmp_path / "fp.db")
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids
    assert set(used.values()) == worker_pids, "both workers scanned, the client none"
    assert net.hits(API) >= 2 * len(orgs), "every scan asked the shared API"
    assert 1 <= net.peak(SHARED) <= PER_HOST, f"{net.peak(SHARED)} requests in flight at {SHARED}"
    assert all(net.hits(SHARED, f"/gemeente-{i}") == 1 for i in range(16))


def test_an_apis_rate_holds_for_the_cluster_as_a_whole(net, tmp_path, client):
    """The fake AppView counts its requests per second: the two workers together never send more
    than the limit, though each alone would be allowed it if the rate were not split."""
    orgs = [f"dorp-{i}.nl" for i in range(14)]
    serve_org_sites(net, orgs)
    arrivals: list[float] = []
    serve_api(net, delay=0.01, arrivals=arrivals)
    settings = net.settings(db=str(tmp_path / "fp.db"), cache=False, quiet=True, max_pages=1,
                            api_rates=f"{API}={LIMIT}/1")
    summary = run_batch(batch_input(tmp_path, orgs), tmp_path / "out.csv", settings,
                        BatchOptions(executor="dask", client=client))
    assert summary.counts["scored"] + summary.counts["partial"] == len(orgs), summary.counts
    assert len(set(done_workers(tmp_path / "fp.db").values())) == 2, "both workers asked the API"
    assert len(arrivals) >= 2 * len(orgs)
    per_second = Counter(int(t) for t in arrivals)
    assert max(per_second.values()) <= LIMIT, sorted(per_second.items())
    sliding = max(sum(1 for u in arrivals if t <= u < t + 1) for t in arrivals)
    assert sliding <= LIMIT, f"{sliding} requests within one second"
    assert max(arrivals) - min(arrivals) >= (len(arrivals) - LIMIT) / LIMIT, "paced, not all at once"


def _layer_gate(settings):
    from analyzer.batch.dask_worker import worker_layer

    return worker_layer(settings)[0].layer.gate


def _block(settings, host: str, seconds: float) -> int:
    _layer_gate(settings).block(host, seconds, shared=True)
    return os.getpid()


def _waits(settings, host: str) -> float:
    """Seconds this worker process would still hold off `host`."""
    gate = _layer_gate(settings)
    with gate._lock:
        return gate._blocked_until.get(host, 0.0) - time.monotonic()


def test_a_shared_hosts_request_to_wait_reaches_every_worker(net, client):
    settings = net.settings(cache=False, quiet=True)
    a, b = sorted(client.scheduler_info()["workers"])
    for addr in (a, b):   # both processes have the batch's fetch layer, neither has heard of a wait
        assert client.submit(_waits, settings, API, workers=[addr], pure=False).result() <= 0
    client.submit(_block, settings, API, 30.0, workers=[a], pure=False).result()
    waits = 0.0
    for _ in range(100):   # the news travels through the scheduler: wait for it, up to 10 s
        waits = client.submit(_waits, settings, API, workers=[b], pure=False).result()
        if waits > 0:
            break
        time.sleep(0.1)
    assert 20 < waits <= 30, "the other worker holds off the shared host too"


def test_workers_send_back_what_they_collected_not_a_score(net, client):
    from analyzer.batch.dask_worker import scan_task
    from analyzer.batch.executors import Job
    from analyzer import __version__

    serve_org_sites(net, ["gemeente-x.nl"])
    serve_api(net, delay=0)
    settings = net.settings(cache=False, quiet=True, max_pages=1)
    item = client.submit(scan_task, Job(normalize("gemeente-x.nl", allow_private=True)), settings,
                         __version__, None, pure=False).result()
    assert item["error"] is None and "result" not in item
    assert set(item["collected"]) >= {"accounts", "evidence", "coverage"}
    assert not {"signals", "estimate", "status"} & set(item["collected"])
    assert int(item["worker"].split("@")[0]) in set(client.run(os.getpid).values())


def test_a_worker_of_another_version_is_refused(net, tmp_path, client, monkeypatch):
    import analyzer.batch.dask_connect as connect

    monkeypatch.setattr(connect, "__version__", "0.0.1-other")
    src = batch_input(tmp_path, ["gemeente-a.nl"])
    with pytest.raises(UsageError, match=r"runs footprint .*, this is 0.0.1-other; every worker needs the same"):
        run_batch(src, tmp_path / "out.csv", net.settings(db=str(tmp_path / "fp.db"), quiet=True),
                  BatchOptions(executor="dask", client=client))


def test_an_address_that_is_not_a_dask_scheduler_is_a_usage_error(net, tmp_path, monkeypatch):
    import analyzer.batch.dask_connect as connect

    monkeypatch.setattr(connect, "KNOCK_TIMEOUT", 1.0)
    src = batch_input(tmp_path, ["gemeente-a.nl"])
    settings = net.settings(db=str(tmp_path / "fp.db"), quiet=True)
    with pytest.raises(UsageError, match=rf"--scheduler tcp://127.0.0.1:{net.http_port}: no Dask scheduler"):
        run_batch(src, tmp_path / "out.csv", settings,
                  BatchOptions(executor="dask", scheduler=f"tcp://127.0.0.1:{net.http_port}"))


def test_killing_a_worker_mid_batch_still_answers_every_row_once(net, tmp_path, client):
    orgs = [f"stad-{i}.nl" for i in range(12)]
    slow = "stad-5.nl"
    serve_org_sites(net, orgs)
    serve_api(net, delay=0.01)
    killed: list[int] = []
    committed: set[str] = set()     # in the store when the worker died
    page = html(f"<html><body><a href='https://bsky.app/profile/{slow}'>Bluesky</a></body></html>")

    def kill_the_worker_scanning_it(req):
        if not killed:   # first visit: the worker scanning this organisation dies mid-scan
            busy = [addr for addr, keys in client.processing().items()
                    if any(str(k).startswith(f"footprint-scan-{slow}-") for k in keys)]
            pid = client.run(os.getpid, workers=busy)[busy[0]]
            with sqlite3.connect(f"file:{tmp_path / 'fp.db'}?mode=ro", uri=True) as db:
                committed.update(k for (k,) in db.execute("SELECT org_key FROM run_rows WHERE status = 'done'"))
            killed.append(pid)
            os.kill(pid, signal.SIGKILL)
        return page

    net.route(slow, "/", kill_the_worker_scanning_it)
    settings = net.settings(db=str(tmp_path / "fp.db"), cache=False, quiet=True, max_pages=1)
    summary = run_batch(batch_input(tmp_path, orgs), tmp_path / "out.csv", settings,
                        BatchOptions(executor="dask", client=client))
    assert killed, "a worker was killed mid-scan"
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["domain"] for r in rows] == orgs
    assert summary.counts["failed"] == 0 and summary.counts["scored"] + summary.counts["partial"] == 12
    with Store(tmp_path / "fp.db") as store:
        assert sorted(k for (k,) in store.query("SELECT org_key FROM scans")) == sorted(orgs)
    assert done_workers(tmp_path / "fp.db")[slow] != killed[0], "the lost scan ran again on another worker"
    assert net.hits(slow, "/") == 2
    rescanned = {o for o in orgs if net.hits(o, "/") > 1}
    assert all(net.hits(o, "/") <= 2 for o in orgs)
    # Only what was not yet in the journal ran again (the scans on the killed worker, and results of
    # it that had not reached the client yet); nothing already committed was scanned twice.
    assert not rescanned & committed, rescanned & committed


def test_without_a_scheduler_a_local_cluster_is_started_and_records_come_back(net, tmp_path):
    orgs = ["dorp-a.nl", "dorp-b.nl"]
    serve_org_sites(net, orgs)
    serve_api(net, delay=0)
    warcs = tmp_path / "warc"
    settings = net.settings(db=str(tmp_path / "fp.db"), cache=False, quiet=True, max_pages=1,
                            dask_workers=2, record=str(warcs) + "/")
    summary = run_batch(batch_input(tmp_path, orgs), tmp_path / "out.jsonl", settings,
                        BatchOptions(executor="dask", concurrency=1))
    assert summary.counts["scored"] + summary.counts["partial"] == 2
    assert os.getpid() not in set(done_workers(tmp_path / "fp.db").values())
    assert sorted(p.name for p in warcs.iterdir()) == ["dorp-a.nl.warc.gz", "dorp-b.nl.warc.gz"]
    assert all(p.stat().st_size > 0 for p in warcs.iterdir())


def _spend(monthly: int, wanted: int, times: int) -> int:
    """In a worker: take `wanted` posts `times` times from this month's budget (May 2031)."""
    from datetime import datetime, timezone
    from pathlib import Path

    from analyzer.batch.dask_budget import in_this_worker
    from collectors.platforms.x_budget import budget_for

    in_this_worker()
    budget = budget_for(Path("/nonexistent/x-budget.json"), monthly, datetime(2031, 5, 2, tzinfo=timezone.utc))
    return sum(budget.take(wanted) for _ in range(times))


def test_the_monthly_x_budget_is_counted_once_for_the_cluster(net, client):
    """This machine had read 40 of 100 posts in May; two workers asking 70 each get 60 together,
    and the machine's file then says the month is spent."""
    from datetime import datetime, timezone

    from analyzer.batch.dask_budget import MonthReads
    from collectors.platforms.x_budget import ReadBudget

    settings = net.settings(as_of="2031-05-01T12:00:00Z", x_monthly_reads=100)
    mine = ReadBudget(settings.data_dir() / "x-budget.json", 100, datetime(2031, 5, 1, tzinfo=timezone.utc))
    assert mine.take(40) == 40
    reads = MonthReads(client, settings)
    reads.start()
    a, b = sorted(client.scheduler_info()["workers"])
    both = [client.submit(_spend, 100, 7, 10, workers=[w], pure=False) for w in (a, b)]
    granted = [f.result() for f in both]
    assert sum(granted) == 60, granted
    reads.write_back()
    assert mine.used() == 100 and mine.remaining() == 0
