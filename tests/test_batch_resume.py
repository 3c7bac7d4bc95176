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


def test_ctrl_c_stops_with_one_line_and_the_same_command_resumes(net, tmp_path):
    """Ctrl-C (SIGINT) mid-batch: one line on stderr, no traceback from the scan threads, and the
    same command then finishes the run without scanning a finished row again."""
    orgs = [f"org-{i:02d}.nl" for i in range(10)]
    serve_orgs(net, orgs, delay=0.4)
    src = tmp_path / "orgs.csv"
    src.write_text("domain\n" + "".join(f"{o}\n" for o in orgs), encoding="utf-8")
    out, db = tmp_path / "out.csv", tmp_path / "fp.db"
    env = {**os.environ, **net.env(), "FOOTPRINT_DB": str(db), "FOOTPRINT_CACHE": "0", "PYTHONPATH": str(REPO),
           "FOOTPRINT_PLATFORM_READS": "0", "FOOTPRINT_RETRIES": "0", "FOOTPRINT_CONCURRENCY": "2"}
    command = [sys.executable, "-m", "analyzer.cli", "batch", str(src), "--out", str(out), "--run", "ctrl-c", "-q"]
    proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while done_rows(db) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before Ctrl-C"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode in (2, 130), stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert not out.exists()
    finished = done_rows(db)
    assert 2 <= finished < len(orgs)

    again = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert len(out.read_text("utf-8-sig").splitlines()) == 1 + len(orgs)
    with Store(db) as store:
        per_key = store.query("SELECT org_key, COUNT(*) FROM scans GROUP BY org_key")
    assert sorted(k for k, _ in per_key) == orgs and all(n == 1 for _, n in per_key), "nothing scanned twice"


def test_two_batches_started_together_on_one_run_never_scan_a_row_twice(net, tmp_path):
    orgs = [f"org-{i:02d}.nl" for i in range(6)]
    serve_orgs(net, orgs, delay=0.3)
    src = tmp_path / "orgs.csv"
    src.write_text("domain\n" + "".join(f"{o}\n" for o in orgs), encoding="utf-8")
    db = tmp_path / "fp.db"
    env = {**os.environ, **net.env(), "FOOTPRINT_DB": str(db), "FOOTPRINT_CACHE": "0", "PYTHONPATH": str(REPO),
           "FOOTPRINT_PLATFORM_READS": "0", "FOOTPRINT_RETRIES": "0"}
    procs = [subprocess.Popen([sys.executable, "-m", "analyzer.cli", "batch", str(src), "--out",
                               str(tmp_path / f"out{i}.csv"), "--run", "together", "-q"],
                              env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 2]), results
    for code, err in results:
        if code == 2:
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    with Store(db) as store:
        per_key = store.query("SELECT org_key, COUNT(*) FROM scans GROUP BY org_key")
    assert sorted(k for k, _ in per_key) == orgs and all(n == 1 for _, n in per_key), "never two scans of a row"
