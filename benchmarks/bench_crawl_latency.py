"""Website crawl latency: how close a scan's wall time stays to its chain of dependent round trips.

A local HTTPS server answers every request after an injected delay (default 100 ms), serving a
site whose homepage links to 11 pages the collector wants (12 pages in all, the default budget).
The website collector runs against it; the benchmark prints the wall time, the critical-path
ideal and their ratio:

    ideal (per-host bound) = robots.txt + homepage + ceil(11 / per_host) rounds of further pages
    ideal (unbounded)      = robots.txt + homepage + one round of further pages

sitemap.xml is read beside the homepage, so it adds nothing to the chain.

    python benchmarks/bench_crawl_latency.py [--latency 0.1] [--repeats 5] [--per-host 4]
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.core.normalize import normalize  # noqa: E402
from analyzer.core.settings import load_settings  # noqa: E402
from analyzer.core.types import utcnow  # noqa: E402
from collectors.base import Findings, ScanContext  # noqa: E402
from collectors.http import Fetcher  # noqa: E402
from collectors.website import WebsiteCollector  # noqa: E402
from tests.servers import FakeInternet, Reply  # noqa: E402

HOST = "latentie-voorbeeld.nl"
PAGES = ("over-ons", "contact", "pers", "vacatures", "team", "huisregels", "klantenservice", "community",
         "ambassadeurs", "werken-bij", "reactiebeleid")
FOOTER = ('<footer><a href="https://x.com/latentie">X</a> <a href="https://www.facebook.com/latentie">Facebook</a>'
          '<a href="https://social.overheid.nl/@latentie">Mastodon</a></footer>')


class Meter:
    """Counts requests in flight at the server, to show the overlap the crawl achieved."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = self.peak = self.total = 0

    def serve(self, body: bytes, delay: float, content_type: str = "text/html; charset=utf-8"):
        def route(_req):
            with self.lock:
                self.now += 1
                self.total += 1
                self.peak = max(self.peak, self.now)
            time.sleep(delay)
            with self.lock:
                self.now -= 1
            return Reply(body=body, content_type=content_type)
        return route


def build_site(net: FakeInternet, meter: Meter, delay: float) -> None:
    links = " ".join(f'<a href="/{p}">{p.replace("-", " ")}</a>' for p in PAGES)
    home = f"<html><body><nav>{links}</nav><main><h1>Welkom</h1></main>{FOOTER}</body></html>"
    net.route(HOST, "/", meter.serve(home.encode(), delay))
    net.route(HOST, "/robots.txt", meter.serve(b"User-agent: *\nAllow: /\n", delay, "text/plain"))
    sitemap = "".join(f"<url><loc>https://{HOST}/{p}</loc></url>" for p in PAGES)
    net.route(HOST, "/sitemap.xml", meter.serve(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{sitemap}</urlset>'.encode(), delay,
        "application/xml"))
    for p in PAGES:
        body = f"<html><body><h1>{p}</h1><p>Ons webcareteam helpt ma-vr 8-20 uur.</p>{FOOTER}</body></html>"
        net.route(HOST, f"/{p}", meter.serve(body.encode(), delay))


def round_trip(net: FakeInternet, repeats: int = 5) -> float:
    """Median time of one request on a warm connection through the fetch layer: the real cost of one
    link of the chain (latency plus TLS, HTTP and fetch-layer overhead)."""
    settings = load_settings(flags={"per_host": 1}, environ=net.env())
    times = []
    with Fetcher(settings) as fetcher:
        fetcher.get(f"https://{HOST}/contact")
        for _ in range(repeats):
            started = time.monotonic()
            fetcher.get(f"https://{HOST}/contact")
            times.append(time.monotonic() - started)
    return statistics.median(times)


def one_scan(net: FakeInternet, per_host: int) -> tuple[float, int]:
    env = net.env()
    settings = load_settings(flags={"per_host": per_host, "max_pages": 12}, environ=env)
    with Fetcher(settings) as fetcher:
        ctx = ScanContext(target=normalize(HOST, allow_private=True), settings=settings, fetcher=fetcher,
                          now=utcnow(), deadline=time.monotonic() + 60)
        started = time.monotonic()
        result = WebsiteCollector().collect(ctx, Findings())
        elapsed = time.monotonic() - started
    pages = sum(1 for e in result.evidence if e.kind == "page_fetched" and e.value["role"] != "sitemap")
    assert result.coverage.status == "ok", result.coverage
    return elapsed, pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.1, help="seconds added to every response")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--per-host", type=int, default=4)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        net = FakeInternet().start(tmp)
        try:
            meter = Meter()
            build_site(net, meter, args.latency)
            one_scan(net, args.per_host)        # warm-up: imports, TLS contexts
            rtt = round_trip(net)
            runs = []
            for _ in range(args.repeats):
                meter.peak = meter.total = 0
                runs.append((*one_scan(net, args.per_host), meter.peak, meter.total))
        finally:
            net.stop()
    wall = statistics.median(r[0] for r in runs)
    pages = runs[0][1]
    further = pages - 1
    bounded = args.latency * (2 + math.ceil(further / args.per_host))
    unbounded = args.latency * 3
    sequential = args.latency * (2 + further + 1)
    links = 2 + math.ceil(further / args.per_host)
    print(f"website crawl latency: {pages} pages, {args.latency * 1000:.0f} ms per response, per_host={args.per_host}, "
          f"median of {args.repeats}")
    print(f"  wall time                         {wall:6.3f} s   (runs: {', '.join(f'{r[0]:.3f}' for r in runs)})")
    print(f"  ideal, per-host bound             {bounded:6.3f} s   robots -> homepage -> "
          f"{math.ceil(further / args.per_host)} rounds of {args.per_host}")
    print(f"  ideal, unbounded                  {unbounded:6.3f} s   robots -> homepage -> one round")
    print(f"  one request after another         {sequential:6.3f} s")
    print(f"  one warm request, measured        {rtt:6.3f} s   ({(rtt - args.latency) * 1000:.0f} ms overhead)")
    print(f"  ideal with measured requests      {links * rtt:6.3f} s   {links} links of the chain")
    print(f"  ratio wall / per-host ideal       {wall / bounded:6.2f}")
    print(f"  ratio wall / measured ideal       {wall / (links * rtt):6.2f}")
    print(f"  ratio wall / unbounded ideal      {wall / unbounded:6.2f}")
    print(f"  requests per scan {runs[0][3]}, peak in flight at the server {max(r[2] for r in runs)}")


if __name__ == "__main__":
    main()
