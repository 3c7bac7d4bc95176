"""Collector modules are imported before the scan's threads start: an import inside a collector
thread could deadlock or fail (seen in 1 of 100 process starts under load) and show up as an
internal_error, so replayed results would differ between runs. A fresh process with an audit hook
records every first import made off the main thread during a real replayed scan."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests import hostile_files as hf
from tests.hardening_helpers import HOME

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys, threading
late = []
def hook(event, args):
    if event == "import" and threading.current_thread() is not threading.main_thread() and args[0] not in sys.modules:
        late.append(args[0])
sys.addaudithook(hook)
from click.testing import CliRunner
from analyzer.cli import main
r = CliRunner().invoke(main, ["scan", "hardorg.nl", "--replay", sys.argv[1], "--db", sys.argv[2], "--json"])
print(r.exit_code, sorted(set(late)))
"""


def test_no_module_is_first_imported_in_a_collector_thread(tmp_path):
    site = hf.warc(tmp_path / "site.warc.gz", [("https://hardorg.nl/", HOME.encode(), hf.HTML, "2026-03-01T10:00:00Z")])
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "X_BEARER_TOKEN": "AAAAAAAAAAAAAAAAAAAAAimportprobe",
           "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-c", PROBE, str(site), str(tmp_path / "db")], capture_output=True,
                         text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "0 []", out.stdout
