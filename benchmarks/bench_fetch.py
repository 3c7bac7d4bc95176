"""Fetch-layer overhead against bare requests, on a local server (no network needed).

    python benchmarks/bench_fetch.py [--requests 400] [--hosts 50]

Serves a 2 kB page from 127.0.0.1 (a keep-alive HTTP/1.1 server that answers every path of every
host in one write with TCP_NODELAY, so the server's own Nagle/delayed-ACK stalls do not hide the
client's cost) and measures requests per second
for: bare `requests.get` (a new session per call, as most scripts do), a bare keep-alive
`requests.Session`, and `Fetcher.get` for pages (robots.txt checked, cached per host) and APIs, on
one host and on many host names pinned to the same server (FOOTPRINT_RESOLVE style), plus the
HTTP cache answering a repeat pass, WARC recording and replay. Each row is the best of three
passes (one for cache filling and recording). Prints each rate and its ratio to bare
`requests.get`; a ratio above 1 means the fetch layer is faster.
"""
from __future__ import annotations

import argparse
import os
import multiprocessing
import socket
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from analyzer.core.settings import load_settings  # noqa: E402
from collectors.http import Fetcher  # noqa: E402

BODY = ("<html><body>" + "<p>footprint benchmark</p>" * 80 + "</body></html>").encode()
ROBOTS = b"User-agent: *\nAllow: /\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):  # noqa: N802
        body, ctype = (ROBOTS, "text/plain") if self.path == "/robots.txt" else (BODY, "text/html; charset=utf-8")
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                "Cache-Control: max-age=0\r\n\r\n").encode()
        self.wfile.write(head + body)

    def log_message(self, *args):
        pass


def _serve(ports) -> None:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    ports.put(srv.server_address[1])
    srv.serve_forever()


def serve() -> tuple[multiprocessing.Process, int]:
    """The server in its own process, so it does not compete with the client for the GIL."""
    ports: multiprocessing.Queue = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_serve, args=(ports,), daemon=True)
    proc.start()
    return proc, ports.get(timeout=10)


def timed(fn, urls: list[str], threads: int) -> float:
    start = time.perf_counter()
    if threads == 1:
        for u in urls:
            fn(u)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(fn, urls))
    return len(urls) / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=300, help="requests per pass")
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5, help="passes per scenario, interleaved; best counts")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-fetch-"))
    proc, port = serve()
    env = {"FOOTPRINT_ALLOW_PRIVATE": "1", "FOOTPRINT_RESOLVE": f"*:80:127.0.0.1:{port}"}

    def fetcher(**kw) -> Fetcher:
        return Fetcher(load_settings(flags={"cache": False, **kw}, environ=env))

    n = args.requests
    one = ["http://bench.nl/"] * n
    many = [f"http://h{i % args.hosts}.bench.nl/" for i in range(n)]
    bare_url = f"http://127.0.0.1:{port}/"
    session = requests.Session()
    plain = requests.Session()
    plain.trust_env = False                 # as the Fetcher's session: no proxy/netrc lookups per call
    fetchers = {"page": fetcher(), "api": fetcher(), "threads": fetcher(),
                "cache": fetcher(cache=True, cache_path=str(work / "cache.sqlite")),
                "record": fetcher(record=str(work / "bench.warc.gz"))}

    def bare_get(u):
        return requests.get(bare_url, headers={"Host": u.split("/")[2]}, timeout=5).content

    def bare_session(u):
        return session.get(bare_url, headers={"Host": u.split("/")[2]}, timeout=5).content

    def plain_session(u):
        return plain.get(bare_url, headers={"Host": u.split("/")[2]}, timeout=5).content

    cached = [f"http://bench.nl/c{i}" for i in range(n)]
    fetchers["cache"].layer.gate.per_host = 4
    scenarios = [
        ("bare requests.get, one host", bare_get, one, 1),
        ("bare requests.Session, one host", bare_session, one, 1),
        ("bare requests.get, many hosts", bare_get, many, 1),
        ("bare requests.Session, many hosts", bare_session, many, 1),
        ("bare Session without trust_env, one host", plain_session, one, 1),
        ("Fetcher.get page, one host", lambda u: fetchers["page"].get(u), one, 1),
        ("Fetcher.get page, many hosts", lambda u: fetchers["page"].get(u), many, 1),
        ("Fetcher.get api, one host", lambda u: fetchers["api"].get(u, purpose="api"), one, 1),
        ("Fetcher.get api, many hosts", lambda u: fetchers["api"].get(u, purpose="api"), many, 1),
        ("bare requests.Session, many hosts, 8 threads", bare_session, many, 8),
        ("Fetcher.get api, many hosts, 8 threads", lambda u: fetchers["threads"].get(u, purpose="api"), many, 8),
        ("Fetcher.get page, HTTP cache hits", lambda u: fetchers["cache"].get(u), cached, 1),
        ("Fetcher.get page, recording WARC", lambda u: fetchers["record"].get(u), one, 1),
    ]
    for u in cached:                      # fill the cache once; the timed passes are all hits
        fetchers["cache"].get(u)
    best: dict[str, float] = {}
    for _round in range(args.rounds):     # interleaved, so other load on the machine hits all alike
        for label, fn, urls, threads in scenarios:
            best[label] = max(best.get(label, 0.0), timed(fn, urls, threads))
    for f in fetchers.values():
        f.close()
    with fetcher(replay=str(work / "bench.warc.gz")) as f:
        best["Fetcher.get page, replaying WARC"] = max(timed(f.get, one, 1) for _ in range(args.rounds))
    session.close()
    plain.close()
    proc.terminate()
    proc.join(5)

    baseline = best["bare requests.get, one host"]
    print(f"{n} requests per pass, best of {args.rounds} interleaved passes, {args.hosts} host names "
          f"for 'many hosts', server process on 127.0.0.1:{port}, load average {os.getloadavg()[0]:.1f}")
    print(f"{'scenario':48} {'req/s':>9} {'vs requests.get':>16}")
    for label, r in best.items():
        print(f"{label:48} {r:9.0f} {r / baseline:15.2f}x")
    bl = best["bare Session without trust_env, one host"]
    for label in ("page", "api"):
        fl = best[f"Fetcher.get {label}, one host"]
        print(f"fetch-layer cost ({label}) vs a bare keep-alive Session without trust_env, one host: "
              f"{1e3 / fl - 1e3 / bl:+.2f} ms per request (ratio {fl / bl:.2f})")


if __name__ == "__main__":
    main()
