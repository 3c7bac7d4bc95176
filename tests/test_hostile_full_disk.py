"""A full disk during a batch (the store can no longer grow: RLIMIT_FSIZE in the child, with
SIGXFSZ ignored, so writes fail with EFBIG as on a full disk) stops with one line, exit 2, no
traceback; the same command then resumes after the rows already stored."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys

from tests.batch_helpers import serve_orgs
from tests.hostile_files import one_clean_line
from tests.test_batch_resume import REPO


def _full_disk(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_stops_the_batch_in_one_line_and_it_resumes(net, tmp_path):
    orgs = [f"org-{i:02d}.nl" for i in range(30)]
    serve_orgs(net, orgs, delay=0.01)
    src = tmp_path / "orgs.csv"
    src.write_text("domain\n" + "".join(f"{o}\n" for o in orgs), encoding="utf-8")
    out = tmp_path / "o.csv"
    env = {**os.environ, **net.env(), "FOOTPRINT_DB": str(tmp_path / "fp.db"), "FOOTPRINT_CACHE": "0",
           "FOOTPRINT_PLATFORM_READS": "0", "FOOTPRINT_MAX_PAGES": "2", "XDG_DATA_HOME": str(tmp_path / "data"),
           "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-m", "analyzer.cli", "batch", str(src), "--out", str(out), "-q"]
    full = subprocess.run(args, env=env, capture_output=True, text=True, cwd=REPO, timeout=180,
                          preexec_fn=_full_disk(300_000))
    assert full.returncode == 2, full.stderr[-1000:]
    assert one_clean_line(full.stderr) and "run the same command again" in full.stderr
    again = subprocess.run(args, env=env, capture_output=True, text=True, cwd=REPO, timeout=180)
    assert again.returncode == 0, again.stderr[-1000:]
    assert "resumed" in again.stdout and f"{len(orgs)} scored" in again.stdout
    assert len(out.read_text("utf-8-sig").splitlines()) == 1 + len(orgs)
