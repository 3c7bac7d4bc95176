"""Two batches on one run: while one process runs it, a second is refused with one line (no row is
scanned twice); once that process is killed with kill -9 the run is no longer in progress and
resumes at once, with no stale lock to clean up."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from analyzer.batch import BatchOptions, run_batch
from analyzer.core.errors import UsageError
from analyzer.store import Store
from tests.batch_helpers import serve_orgs, stand_in_run_scan
from tests.hostile_files import one_clean_line
from tests.test_batch_resume import DRIVER, REPO, done_rows


def test_a_second_batch_is_refused_and_a_killed_one_resumes(net, tmp_path):
    orgs = [f"org-{i:02d}.nl" for i in range(10)]
    serve_orgs(net, orgs, delay=0.4)
    src = tmp_path / "orgs.csv"
    src.write_text("domain\n" + "".join(f"{o}\n" for o in orgs), encoding="utf-8")
    out, db = tmp_path / "out.csv", tmp_path / "fp.db"
    env = {**os.environ, **net.env(), "FOOTPRINT_DB": str(db), "FOOTPRINT_QUIET": "1", "FOOTPRINT_CACHE": "0",
           "PYTHONPATH": str(REPO)}
    with open(tmp_path / "driver.log", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(src), str(out)], env=env, cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 30
        while done_rows(db) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, (tmp_path / "driver.log").read_text()
        settings = net.settings(db=str(db), cache=False, quiet=True)
        with pytest.raises(UsageError) as err:
            run_batch(src, out, settings, BatchOptions(run="kill-test"), scan_fn=stand_in_run_scan)
        assert "in progress in another process" in str(err.value) and one_clean_line(str(err.value))
        assert f"pid {proc.pid}" in str(err.value)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    summary = run_batch(src, out, settings, BatchOptions(run="kill-test", concurrency=4), scan_fn=stand_in_run_scan)
    assert summary.resumed
    with Store(db) as store:
        per_key = store.query("SELECT org_key, COUNT(*) FROM scans GROUP BY org_key")
    assert sorted(k for k, _ in per_key) == orgs and all(n == 1 for _, n in per_key)
