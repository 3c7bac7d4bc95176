"""The simulator-scan identity over many simulated organisations, not only the suite's chosen few.

Each organisation of the bundled seed (indices START..END) is served as a website plus platform
APIs on 127.0.0.1 (tests/simweb.py) and scanned for real with the same as_of; every catalogue
signal is compared with the simulator's row (analyzer.tools.simulate.signal_row). Prints each
organisation that differs (with the scan's coverage gaps) and the totals; exit status 1 when any
differs. On a machine loaded to the point that the fake servers miss the scan's timeouts, a scan
sees gaps the simulated one did not (a timeout among its gaps): run it again on a quieter machine.

    python benchmarks/simulate_identity_long.py [--start 0] [--end 200]

Needs no network (fake internet on 127.0.0.1) and no research data.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# A data directory of its own: the X read budget, cache and store of the user stay untouched.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="footprint-identity-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--end", type=int, default=200)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)   # scans of failing sites log their gaps; the figures say enough

    from analyzer.core.normalize import normalize
    from analyzer.scan import run_scan
    from analyzer.tools.simulate import signal_row, world_of
    from tests.servers import FakeInternet
    from tests.simweb import serve_world

    started, scanned, differ = time.perf_counter(), 0, 0
    for i in range(args.start, args.end):
        world = world_of(i)
        expected = signal_row(world)
        if expected is None:
            continue   # unobservable: not in the training set either
        net = FakeInternet().start(tempfile.mkdtemp(prefix="footprint-identity-net-"))
        try:
            serve_world(world, net)
            settings = net.settings(as_of=world.as_of.isoformat(), wikidata=world.website == "failed",
                                    x_bearer_token="fixture-token" if world.x_token else "")
            result = run_scan(normalize(world.domain, allow_private=True), settings)
        finally:
            net.stop()
        scanned += 1
        got = {name: sig.value for name, sig in result.signals.items()}
        diff = {k: (expected[k], got.get(k)) for k in expected if expected[k] != got.get(k)}
        if diff:
            differ += 1
            gaps = {k: c.reason for k, c in result.coverage.items() if c.status not in ("ok", "skipped")}
            print(f"{world.org_id} ({world.phase}, website {world.website}): {diff}; scan's gaps {gaps}")
    seconds = time.perf_counter() - started
    print(f"organisations scanned {scanned}, differing {differ}, {seconds:.1f} s "
          f"({seconds / max(scanned, 1):.2f} s each)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
