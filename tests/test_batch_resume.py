"""A batch killed with SIGKILL mid-run resumes: nothing scanned twice, nothing lost."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from analyzer.batch import BatchOptions, run_batch
from analyzer.store import Store
from tests.batch_helpers import serve_orgs, stand_in_run_scan

REPO = Path(__file__).resolve().parents[1]
DRIVER = """
import sys
from pathlib import Path
from analyzer.core.settings import load_settings
from analyzer.batch import BatchOptions, run_batch
from tests.batch_helpers import stand_in_run_scan
src, out = Path(sys.argv[1]), Path(sys.argv[2])
run_batch(src, out, load_settings(), BatchOptions(run="kill-test", concurrency=2), scan_fn=stand_in_run_scan)
"""


def done_rows(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(DISTINCT org_key) FROM run_rows WHERE status = 'done'").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_resume_after_kill_9(net, tmp_path):
    orgs = [f"org-{i:02d}.nl" for i in range(12)]
    serve_orgs(net, orgs, delay=0.3)
    src = tmp_path / "orgs.csv"
    src.write_text("domain,n\n" + "".join(f"{o},{i}\n" for i, o in enumerate(orgs)) + "org-00.nl,dup\n",
                   encoding="utf-8")
    out, db = tmp_path / "out.csv", tmp_path / "fp.db"
    env = {**os.environ, **net.env(), "FOOTPRINT_DB": str(db), "FOOTPRINT_QUIET": "1", "FOOTPRINT_CACHE": "0",
           "PYTHONPATH": str(REPO)}
    log = tmp_path / "driver.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(src), str(out)], env=env, cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 30
    while done_rows(db) < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, f"the batch ended before it could be killed: {log.read_text()}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists(), "no output before the run finishes"

    with Store(db) as store:
        finished = {r[0] for r in store.query("SELECT org_key FROM run_rows WHERE status = 'done'")}
    assert 4 <= len(finished) < len(orgs)
    hits_before = {o: net.hits(o, "/") for o in orgs}

    settings = net.settings(db=str(db), cache=False, quiet=True)
    summary = run_batch(src, out, settings, BatchOptions(run="kill-test", concurrency=4), scan_fn=stand_in_run_scan)
    assert summary.resumed and summary.scanned == len(orgs) - len(finished)
    for org in finished:
        assert net.hits(org, "/") == hits_before[org], f"{org} was scanned again"
    lines = out.read_text("utf-8-sig").splitlines()
    assert len(lines) == 1 + 13 and all(",scored," in line for line in lines[1:])
    assert lines[-1].startswith("org-00.nl,dup,org-00.nl,scored")
    with Store(db) as store:
        per_key = store.query("SELECT org_key, COUNT(*) FROM scans GROUP BY org_key")
    assert sorted(k for k, _ in per_key) == orgs and all(n == 1 for _, n in per_key), "no duplicates"
