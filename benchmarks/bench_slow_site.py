"""The slow-site case: a 4 s homepage, an 8 s page, a hanging page, a 1 byte/s page and a 6 s X
lookup (tests/slow_site.py), scanned with the default settings (a fake X token). Target: the scan
ends within 60 s with the website partial and X read.

    python benchmarks/bench_slow_site.py [--home 4] [--page 8] [--lookup 6]
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

from analyzer.core.normalize import normalize  # noqa: E402
from analyzer.scan import run_scan  # noqa: E402
from tests.orgsim import FIXED_NOW  # noqa: E402
from tests.servers import FakeInternet  # noqa: E402
from tests.slow_site import DOMAIN, X_HANDLE, serve_slow  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=float, default=4.0)
    ap.add_argument("--page", type=float, default=8.0)
    ap.add_argument("--lookup", type=float, default=6.0)
    args = ap.parse_args()
    # the X read budget (and anything else a scan keeps) in a throw-away data directory, never the user's
    os.environ["XDG_DATA_HOME"] = data = tempfile.mkdtemp(prefix="footprint-bench-")
    atexit.register(shutil.rmtree, data, True)
    with tempfile.TemporaryDirectory() as tmp:
        net = FakeInternet().start(tmp)
        try:
            serve_slow(net, home=args.home, page=args.page, lookup=args.lookup)
            env = {k: v for k, v in net.env().items() if not k.startswith(("FOOTPRINT_CONNECT", "FOOTPRINT_READ",
                                                                           "FOOTPRINT_RETR", "FOOTPRINT_BACKOFF"))}
            from analyzer.core.settings import load_settings

            settings = load_settings(flags={"as_of": FIXED_NOW.isoformat(), "x_bearer_token": "bench-token"},
                                     environ=env)
            started = time.monotonic()
            result = run_scan(normalize(DOMAIN, allow_private=True), settings)
            wall = time.monotonic() - started
        finally:
            net.stop()
    x = next((a for a in result.accounts if a.platform == "x" and a.handle == X_HANDLE), None)
    website, xcov = result.coverage["website"], result.coverage["x"]
    print(f"slow site: homepage {args.home:g} s, page {args.page:g} s, a hanging page, a 1 byte/s page, "
          f"X lookup {args.lookup:g} s; scan_budget {settings.scan_budget:g} s, read_timeout "
          f"{settings.read_timeout:g} s, request_timeout {settings.request_timeout:g} s")
    print(f"  wall time        {wall:6.1f} s   (target <= 60 s)")
    print(f"  website          {website.status} ({website.reason}): {website.detail}")
    print(f"  x                {xcov.status} ({xcov.reason}); posts read: "
          f"{x.activity.sample_size if x is not None and x.activity else None}")
    print(f"  scan status      {result.status}, phase {result.estimate.phase}")


if __name__ == "__main__":
    main()
