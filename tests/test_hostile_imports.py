"""Collector modules are imported before the scan's threads start: an import inside a collector
thread could deadlock or fail (seen in 1 of 100 process starts under load) and show up as an
internal_error, so replayed results would differ between runs. A fresh process with an audit hook
records every first import made off the main thread during a real replayed scan."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from tests import hostile_files as hf
from tests.hardening_helpers import HOME
from tests.servers import html

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


# What a command imports: a fresh process runs the CLI and prints which of these libraries ended
# up in sys.modules. Scans only predict (a data-only model evaluated with numpy: no scikit-learn);
# the web workspace, the distributed batch and the HTML report have their own commands; tweepy is for
# reading X; fsspec (and asyncio with it) only for warcio's own tools.
HEAVY = ("sklearn", "skops", "scipy", "pandas", "dask", "distributed", "starlette", "uvicorn", "jinja2",
         "fsspec", "asyncio")
LOADED = """
import runpy, sys
wanted = sys.argv[1].split(",")
sys.argv = ["footprint", *sys.argv[2:]]
try:
    runpy.run_module("analyzer.cli", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("LOADED", code, sorted(m for m in wanted if m in sys.modules))
"""


def loaded(args: list[str], wanted: tuple[str, ...], env: dict[str, str]) -> tuple[str, list[str], str]:
    """(exit code, which of `wanted` the command imported, its output)."""
    out = subprocess.run([sys.executable, "-c", LOADED, ",".join(wanted), *args], capture_output=True,
                         text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **env},
                         timeout=120)
    output, sep, line = out.stdout.rpartition("LOADED ")
    assert sep, (out.stdout[-500:], out.stderr[-1500:])
    code, mods = line.strip().split(" ", 1)
    return code, ast.literal_eval(mods), output


def test_help_imports_no_collector_library(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    wanted = HEAVY + ("tweepy", "requests", "urllib3", "lxml", "numpy", "warcio", "yaml", "feedparser")
    code, mods, output = loaded(["--help"], wanted, env)
    assert (code, mods) == ("0", []) and "scan" in output


def test_replayed_demo_scan_and_its_history_import_nothing_heavy(tmp_path):
    demo = ROOT / "fixtures" / "demo" / "zuidhaven.warc.gz"
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    args = ["scan", "zuidhaven.nl", "--replay", str(demo), "--db", str(tmp_path / "db"), "--json"]
    code, mods, output = loaded(args, HEAVY, env)
    assert (code, mods) == ("0", [])
    assert json.loads(output)["coverage"]["x"]["status"] == "ok"  # X read from the archive: tweepy may load
    for command in ("history", "explain"):  # what was stored, shown as text: no Jinja2, no model
        code, mods, output = loaded([command, "zuidhaven.nl", "--db", str(tmp_path / "db")], HEAVY, env)
        assert (code, mods) == ("0", []) and "zuidhaven.nl" in output, (command, mods)


def test_a_scan_without_an_x_token_does_not_import_tweepy(net, tmp_path):
    net.site("gemeente-tokenloos.nl", {"/": html(
        "<html lang='nl'><head><title>Gemeente Tokenloos</title></head><body><main><h1>Welkom</h1></main>"
        "<footer>Volg ons op <a href='https://x.com/gem_tokenloos'>X</a></footer></body></html>")})
    env = {**net.env(), "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "FOOTPRINT_SCAN_BUDGET": "20", "FOOTPRINT_READ_TIMEOUT": "1", "FOOTPRINT_RETRIES": "0"}
    args = ["scan", "gemeente-tokenloos.nl", "--db", str(tmp_path / "db"), "--json"]
    code, mods, output = loaded(args, HEAVY + ("tweepy",), env)
    assert (code, mods) == ("0", [])
    x = json.loads(output)["coverage"]["x"]
    assert (x["status"], x["reason"]) == ("unavailable", "no_token")  # the X collector did run
