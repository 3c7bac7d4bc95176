"""A whole scan against its critical path: every fixture organisation at 100 ms per response.

The fixture organisations (fixtures/orgs/, served as tests/orgsim.py serves them: websites, the X
API, Bluesky, Mastodon, YouTube) answer from a child process after an injected latency; each is
scanned for real (`run_scan`, platform reads on, a fake X token) and the served request log gives
the longest chain of dependent requests (benchmarks/latency_world.py says how). Per organisation:

    ideal = chain x latency + the scan's own CPU (process time of this process during the scan)
    ratio = wall / ideal                  target <= 1.3

    python benchmarks/bench_critical_path.py [--latency 0.1] [--only NAME] [--chains]
"""
from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency_world import World, critical_chain, vocabulary  # noqa: E402

from analyzer.core.normalize import normalize  # noqa: E402
from analyzer.core.settings import load_settings  # noqa: E402
from analyzer.scan import run_scan  # noqa: E402
from tests.orgsim import FIXED_NOW, load_orgs  # noqa: E402


def scan(domain: str, env: dict[str, str]):
    settings = load_settings(flags={"as_of": FIXED_NOW.isoformat(), "x_bearer_token": "bench-token"},
                             environ=env)
    started, cpu = time.monotonic(), time.process_time()
    result = run_scan(normalize(domain, allow_private=True), settings)
    return result, time.monotonic() - started, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.1, help="seconds before every response starts")
    ap.add_argument("--only", help="one fixture organisation (file name without .yaml); the APIs' fixed "
                    "words are then unknown, so its chain may come out longer")
    ap.add_argument("--chains", action="store_true", help="print each organisation's critical chain")
    args = ap.parse_args()
    specs = [s for s in load_orgs() if args.only in (None, s.name)]
    # the X read budget (and anything else a scan keeps) in a throw-away data directory, never the user's
    os.environ["XDG_DATA_HOME"] = data = tempfile.mkdtemp(prefix="footprint-bench-")
    atexit.register(shutil.rmtree, data, True)
    world = World.start(args.latency)
    try:
        env = {**world.env, "FOOTPRINT_READ_TIMEOUT": "20", "FOOTPRINT_CONNECT_TIMEOUT": "10"}
        world.serve(specs[0].name)
        scan(specs[0].domain, env)            # warm-up: imports, the model, TLS contexts
        runs = []
        for spec in specs:
            world.serve(spec.name)
            result, wall, cpu = scan(spec.domain, env)
            runs.append((spec, result.status, wall, cpu, world.take_log()))
    finally:
        world.stop()
    fixed = vocabulary([r[4] for r in runs], [r[0].domain for r in runs]) if len(runs) > 1 else set()
    rows = []
    for spec, status, wall, cpu, log in runs:
        links, chain = critical_chain(log, fixed=fixed)
        rows.append((spec.name, wall, cpu, links, len(log), status))
        if args.chains:
            print(f"{spec.name}: " + " -> ".join(f"{s.host}{s.path[:50]}" for s in chain))
    print(f"scan vs critical path, {args.latency * 1000:.0f} ms per response, {len(rows)} fixture organisations")
    print(f"  {'organisation':24} {'wall s':>7} {'cpu s':>6} {'chain':>5} {'ideal s':>7} {'ratio':>6} {'reqs':>5}  status")
    walls = ideals = 0.0
    for name, wall, cpu, links, requests, status in rows:
        ideal = links * args.latency + cpu
        walls, ideals = walls + wall, ideals + ideal
        print(f"  {name:24} {wall:7.3f} {cpu:6.3f} {links:5d} {ideal:7.3f} {wall / ideal:6.2f} {requests:5d}  {status}")
    worst = max(rows, key=lambda r: r[1] / (r[3] * args.latency + r[2]))
    print(f"  total wall {walls:.2f} s, total ideal {ideals:.2f} s, ratio {walls / ideals:.2f} "
          f"(worst {worst[0]}: {worst[1] / (worst[3] * args.latency + worst[2]):.2f}); target <= 1.3")


if __name__ == "__main__":
    main()
