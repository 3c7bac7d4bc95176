"""How fast does `footprint --help` answer, and what does a first scan pay for imports?

    python benchmarks/bench_startup.py

Prints the median wall time of `python -m analyzer.cli --help` (the command a person types most)
over several runs, and the import time of the heavy libraries the scan loads lazily.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(args, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    py = sys.executable
    bare = timed([py, "-c", "pass"])
    help_ = timed([py, "-m", "analyzer.cli", "--help"])
    print(f"python -c pass            {bare * 1000:7.0f} ms")
    print(f"footprint --help          {help_ * 1000:7.0f} ms  (CLI's own share {1000 * (help_ - bare):.0f} ms)")
    for mod in ("requests", "lxml.html", "sklearn.ensemble", "skops.io", "pandas"):
        t = timed([py, "-c", f"import {mod}"], runs=3)
        print(f"import {mod:18} {1000 * (t - bare):7.0f} ms  (paid only by commands that need it)")


if __name__ == "__main__":
    main()
