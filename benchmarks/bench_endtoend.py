"""End-to-end accuracy on the hand-written fixture organisations (fixtures/orgs/).

Each organisation is served as a real website and real platform APIs on 127.0.0.1 and scanned
with the real pipeline; the estimated phase is compared with the hand-written label. Also runs
with collectors knocked out (X unreadable; website subpages unreadable) to show how far the
estimate falls. Prints a table and the figures.

    python benchmarks/bench_endtoend.py
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# A data directory of its own: the X read budget, cache and store of the user stay untouched.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="footprint-bench-")

from analyzer.core.types import PHASES  # noqa: E402
from tests.orgsim import load_orgs, scan_org  # noqa: E402
from tests.servers import FakeInternet  # noqa: E402

KNOCKOUTS = {
    "none": {},
    "x_unreadable": {"x_bearer_token": ""},
    "homepage_only": {"max_pages": 1},
    "no_platform_reads": {"platform_reads": False},
}


def evaluate(knockout: str) -> list[tuple[str, str, str | None, float]]:
    rows = []
    for spec in load_orgs():
        with tempfile.TemporaryDirectory() as tmp:
            net = FakeInternet().start(tmp)
            try:
                result = scan_org(spec, net, **KNOCKOUTS[knockout])
            finally:
                net.stop()
        rows.append((spec.name, spec.label, result.estimate.phase, result.estimate.confidence))
    return rows


def figures(rows):
    n = len(rows)
    exact = sum(1 for _n, y, p, _c in rows if p == y)
    idx = {p: i for i, p in enumerate(PHASES)}
    within = sum(1 for _n, y, p, _c in rows if p is not None and abs(idx[p] - idx[y]) <= 1)
    return exact / n, within / n


def main() -> None:
    for name in KNOCKOUTS:
        t0 = time.perf_counter()
        rows = evaluate(name)
        acc, within = figures(rows)
        print(f"\n== knock-out: {name}  accuracy {acc:.2f}  within-one {within:.2f}  "
              f"({len(rows)} orgs, {time.perf_counter() - t0:.1f}s)")
        if name == "none" or acc < 1:
            for org, label, phase, conf in rows:
                mark = "" if phase == label else "   <-- wrong"
                print(f"  {org:22} {label:15} {str(phase):15} conf {conf:.2f}{mark}")


if __name__ == "__main__":
    main()
