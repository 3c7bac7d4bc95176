"""How fast does `footprint --help` answer, and how long does a replayed demo scan take?

    python benchmarks/bench_startup.py [--runs 5] [--root CHECKOUT]

Prints the median wall and CPU time (user + system of the child) of `python -m analyzer.cli --help`
and of `scan zuidhaven.nl --replay fixtures/demo/zuidhaven.warc.gz` (a fresh store each run), and
the import time of the heavy libraries only some commands need. `--root` measures another checkout
(e.g. an export of main, for a before/after figure). Target: the replayed demo scan <= 1.0 s wall.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], root: Path, runs: int) -> tuple[float, float]:
    """Median (wall, cpu) seconds of running `args` in `root`."""
    walls, cpus = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, XDG_DATA_HOME=home, HOME=home)
            # byte code cached as an installed package has it (this machine sets DONTWRITEBYTECODE)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(args, cwd=root, capture_output=True, env=env)
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    py, root = sys.executable, args.root.resolve()
    demo = str(root / "fixtures" / "demo" / "zuidhaven.warc.gz")
    cases = {"python -c pass": [py, "-c", "pass"],
             "footprint --help": [py, "-m", "analyzer.cli", "--help"],
             "replayed demo scan": [py, "-m", "analyzer.cli", "scan", "zuidhaven.nl", "--replay", demo]}
    print(f"{root} (median of {args.runs})")
    for name, cmd in cases.items():
        timed(cmd, root, 1)  # warm: byte code written, files in the page cache
        wall, cpu = timed(cmd, root, args.runs)
        print(f"{name:24} wall {wall * 1000:7.0f} ms   cpu {cpu * 1000:7.0f} ms")
    bare, _ = timed([py, "-c", "pass"], root, 3)
    for mod in ("requests", "lxml.html", "numpy", "sklearn.ensemble", "skops.io", "pandas"):
        wall, _ = timed([py, "-c", f"import {mod}"], root, 3)
        print(f"import {mod:18} {1000 * (wall - bare):7.0f} ms  (paid only by commands that need it)")


if __name__ == "__main__":
    main()
