"""Batch throughput: generated organisations served from 127.0.0.1 with a per-response latency.

Every organisation has its own host name (org-<run>-<i>.nl, pinned to the local server with
FOOTPRINT_RESOLVE-style `*` pinning), a small website linking its X, Mastodon (on its own
instance, social.org-<run>-<i>.nl) and Bluesky accounts, and the platform APIs answer in their real
shapes. The server runs in its own process (its CPU is measured); each batch runs in a fresh child
process (`footprint`'s real batch code and analyzer.scan.run_scan) so peak memory is its own.

Printed per executor, size and concurrency (organisations in flight in total; with `dask`, a
LocalCluster of --workers processes sharing it): organisations/second, requests per organisation,
CPU seconds per organisation (client, Dask workers, server), peak RSS of the client process, the
most AppView requests in flight at once and within one second (counted by the server), and
wall / ideal, where ideal = max(latency bound, API-rate bound, CPU bound):
- latency bound: the critical-path latency of one scan (measured: one organisation alone with the
  latency on, minus the same with it off) x organisations / concurrency;
- API-rate bound: the shared API (the Bluesky AppView) is paced at its rate (--api-rate, given to
  footprint as `api_rates`; Bluesky publishes 3000/300): (its requests - the bucket's burst) /
  the pace, both from collectors.http.ratelimit.pace for the batch's processes together;
- CPU bound: (client + workers + server CPU seconds) / cores.

    python benchmarks/bench_batch.py                       # 1000, 2000, 5000 orgs x concurrency 8, 16, 32
    python benchmarks/bench_batch.py --sizes 300 --concurrency 32 --api-rate 3000/300   # Bluesky's own
    python benchmarks/bench_batch.py --sizes 200 --concurrency 8 16
    python benchmarks/bench_batch.py --sizes 1000 --concurrency 16 --executors thread dask
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_batch_server import BSKY, CONTROL, serve  # noqa: E402
from collectors.http.ratelimit import Limit, pace  # noqa: E402

CHILD = """
import importlib, json, os, resource, sys, time
from pathlib import Path
from analyzer.core.settings import load_settings
from analyzer.batch import BatchOptions, run_batch
src, out, conc, scan, executor = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
module, _, name = scan.partition(":")
scan_fn = getattr(importlib.import_module(module), name) if scan else None
t0, c0 = time.perf_counter(), os.times()
summary = run_batch(src, out, load_settings(), BatchOptions(concurrency=conc, executor=executor), scan_fn=scan_fn)
c1 = os.times()
# The LocalCluster's processes have ended by now: their CPU is in the children's times.
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": (c1.user - c0.user) + (c1.system - c0.system),
                  "workers_cpu": (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system),
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "counts": summary.counts, "scanned": summary.scanned,
                  "store_kb_per_org": sum(p.stat().st_size for p in Path(os.environ["FOOTPRINT_DB"]).parent.glob(
                      Path(os.environ["FOOTPRINT_DB"]).name + "*")) / 1024 / max(1, summary.scanned)}))
"""


SCAN = "analyzer.scan:run_scan"


def control(port: int, what: str) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/{what}", headers={"Host": CONTROL})
    with urllib.request.urlopen(req, timeout=10) as resp:  # the local benchmark server only
        return json.loads(resp.read())


def run_child(ports: dict, workdir: Path, run: str, n: int, concurrency: int, latency: float,
              scan: str = SCAN, executor: str = "thread", workers: int = 2, per_host: int = 4,
              api_rate: str = "100/1") -> dict:
    src = workdir / f"{run}.csv"
    src.write_text("naam;website\n" + "".join(f"Org {i};org-{run}-{i}.nl\n" for i in range(n)), encoding="utf-8")
    control(ports["http"], f"latency?s={latency}")
    before = control(ports["http"], "stats")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FOOTPRINT_ALLOW_PRIVATE": "1", "FOOTPRINT_CACHE": "0",
           "FOOTPRINT_RESOLVE": f"*:80:127.0.0.1:{ports['http']},*:443:127.0.0.1:{ports['https']}",
           "REQUESTS_CA_BUNDLE": ports["ca"], "FOOTPRINT_DB": str(workdir / f"{run}.db"),
           "FOOTPRINT_QUIET": "1", "XDG_DATA_HOME": str(workdir / "xdg"), "FOOTPRINT_DASK_WORKERS": str(workers),
           "FOOTPRINT_PER_HOST": str(per_host), "FOOTPRINT_API_RATES": f"{BSKY}={api_rate}"}
    env.pop("X_BEARER_TOKEN", None)  # X is not served: its collector reports no_token
    # Dask workers only collect (the client scores): the default scan function is theirs.
    worker_scan = "" if executor == "dask" and scan == SCAN else scan
    proc = subprocess.run([sys.executable, "-c", CHILD, str(src), str(workdir / f"{run}.out.csv"), str(concurrency),
                           worker_scan, executor],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=7200)
    if proc.returncode != 0:
        raise SystemExit(f"batch child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    after = control(ports["http"], "stats")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(n=n, concurrency=concurrency, requests=after["requests"] - before["requests"], peak=after["peak_shared"],
                  per_s=after["most_shared_per_s"],
                  shared=after["shared"] - before["shared"], server_cpu=after["cpu"] - before["cpu"],
                  not_found=after["not_found"] - before["not_found"])
    return result


def critical_path(ports: dict, workdir: Path, latency: float, scan: str, samples: int = 3,
                  probe: float = 0.5) -> float:
    """Latency on one scan's critical path: scans run one at a time with a large probe latency
    minus the same with none gives the number of sequential round trips (CPU noise, large next to
    50 ms, is small next to 500 ms); times the benchmark's latency."""
    run_child(ports, workdir, "warm-up", 2, 1, 0.0, scan)  # first use may fit the bundled model
    slow = run_child(ports, workdir, "cp-slow", samples, 1, probe, scan)
    fast = run_child(ports, workdir, "cp-fast", samples, 1, 0.0, scan)
    rounds = max(1.0, (slow["wall"] - fast["wall"]) / samples / probe)
    return rounds * latency


def rate_bound(shared: int, api_rate: str, processes: int) -> float:
    """Seconds the API's pace needs for `shared` requests, the processes' parts together."""
    requests, _, seconds = api_rate.partition("/")
    rate, burst = pace(Limit(BSKY, float(requests), float(seconds)), 1.0 / processes)
    return max(0.0, shared - burst * processes) / (rate * processes)


def row(executor: str, n: int, conc: int, r: dict, cp: float, args: argparse.Namespace, cores: int) -> None:
    bounds = {"latency": cp * n / conc,
              "api": rate_bound(r["shared"], args.api_rate, args.workers if executor == "dask" else 1),
              "cpu": (r["cpu"] + r["workers_cpu"] + r["server_cpu"]) / cores}
    kind, ideal = max(bounds.items(), key=lambda kv: kv[1])
    statuses = ",".join(f"{k}={v}" for k, v in r["counts"].items() if v)
    print(f"{executor:>6} {n:>6} {conc:>5} {n / r['wall']:>7.1f} {r['requests'] / n:>8.1f} {r['cpu'] / n:>8.3f} "
          f"{r['workers_cpu'] / n:>8.3f} {r['server_cpu'] / n:>8.3f} {r['maxrss_mb']:>9.0f} {r['store_kb_per_org']:>6.1f} {r['peak']:>4} {r['per_s']:>5} "
          f"{r['wall']:>8.1f} {ideal:>8.1f} {kind:>7} {r['wall'] / ideal:>6.2f}  {statuses} 404s={r['not_found']}",
          flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    ap.add_argument("--concurrency", type=int, nargs="+", default=[8, 16, 32])
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--per-host", type=int, default=4, help="the per_host setting (default 4)")
    ap.add_argument("--api-rate", default="100/1", help="the fake AppView's rate limit, requests/seconds "
                    "(default 100/1; Bluesky publishes 3000/300)")
    ap.add_argument("--executors", nargs="+", choices=["thread", "dask"], default=["thread", "dask"])
    ap.add_argument("--workers", type=int, default=2, help="worker processes of the Dask LocalCluster (default 2)")
    ap.add_argument("--scan", default=SCAN, help="module:function scanning one organisation (default: the real "
                    "scan; tests.batch_helpers:stand_in_run_scan measures the batch machinery alone)")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        workdir = Path(tmp)
        ready = mp.Queue()
        server = mp.Process(target=serve, args=(str(workdir), ready), daemon=True)
        server.start()
        ports = ready.get(timeout=60)
        try:
            cp = critical_path(ports, workdir, args.latency, args.scan)
            print(f"scan: {args.scan}\ncritical path of one scan: {cp / args.latency:.1f} round trips = {cp * 1000:.0f} ms; {cores} cores; "
                  f"latency {args.latency * 1000:.0f} ms per response; per_host {args.per_host}; AppView rate {args.api_rate}\n")
            print(f"{'exec':>6} {'orgs':>6} {'conc':>5} {'org/s':>7} {'req/org':>8} {'cpu/org':>8} {'wrk/org':>8} "
                  f"{'srv/org':>8} {'client MB':>9} {'kB/org':>6} {'peak':>4} {'max/s':>5} {'wall s':>8} {'ideal s':>8} {'bound':>7} {'ratio':>6}  statuses")
            for n in args.sizes:
                for conc in args.concurrency:
                    for executor in args.executors:
                        # The same organisations in flight in total: threads split over the workers.
                        per_process = conc if executor == "thread" else max(1, conc // args.workers)
                        r = run_child(ports, workdir, f"{executor}n{n}c{conc}", n, per_process, args.latency,
                                      args.scan, executor, args.workers, args.per_host, args.api_rate)
                        row(executor, n, conc, r, cp, args, cores)
        finally:
            server.terminate()
    print(f"\nbenchmark process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
