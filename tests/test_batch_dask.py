"""The Dask executor on a LocalCluster of two worker processes: the scans run in the workers."""
from __future__ import annotations

import os

import pytest

from analyzer.batch import BatchOptions, run_batch
from analyzer.core.errors import UsageError
from analyzer.store import Store
from tests.batch_helpers import serve_orgs, stand_in_run_scan

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c


def test_dask_partitions_scan_in_the_worker_processes(net, tmp_path, client):
    orgs = [f"org-{i}.nl" for i in range(8)]
    serve_orgs(net, orgs)
    src = tmp_path / "orgs.csv"
    src.write_text("domain\n" + "\n".join(orgs) + "\nnot valid\n", encoding="utf-8")
    settings = net.settings(db=str(tmp_path / "fp.db"), cache=False, quiet=True)
    summary = run_batch(src, tmp_path / "out.csv", settings,
                        BatchOptions(executor="dask", client=client, concurrency=2), scan_fn=stand_in_run_scan)
    assert summary.counts["scored"] == 8 and summary.counts["invalid"] == 1
    worker_pids = set(client.run(os.getpid).values())
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids
    with Store(tmp_path / "fp.db") as store:
        used = {int(w.split("@")[0]) for (w,) in store.query("SELECT worker FROM run_rows WHERE status = 'done'")}
        assert store.query("SELECT COUNT(*) FROM scans")[0][0] == 8
    assert used <= worker_pids and os.getpid() not in used
    assert len(used) == 2, "both workers got a partition"
    assert all(net.hits(o, "/") == 1 for o in orgs)


def test_dask_by_scheduler_address_resumes_like_a_local_run(net, tmp_path, cluster, client):
    orgs = ["org-a.nl", "org-b.nl", "org-c.nl"]
    serve_orgs(net, orgs)
    src = tmp_path / "orgs.csv"
    src.write_text("domain\n" + "\n".join(orgs) + "\n", encoding="utf-8")
    settings = net.settings(db=str(tmp_path / "fp.db"), cache=False, quiet=True)
    options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address)
    first = run_batch(src, tmp_path / "out.jsonl", settings, options, scan_fn=stand_in_run_scan)
    again = run_batch(src, tmp_path / "out.jsonl", settings, options, scan_fn=stand_in_run_scan)
    assert (first.scanned, again.scanned, again.counts["scored"]) == (3, 0, 3)
    assert all(net.hits(o, "/") == 1 for o in orgs)


def test_dask_needs_a_scheduler_address(net, tmp_path):
    src = tmp_path / "orgs.csv"
    src.write_text("domain\norg-1.nl\n", encoding="utf-8")
    with pytest.raises(UsageError, match="--scheduler"):
        run_batch(src, tmp_path / "out.csv", net.settings(db=str(tmp_path / "fp.db"), quiet=True),
                  BatchOptions(executor="dask"), scan_fn=stand_in_run_scan)
