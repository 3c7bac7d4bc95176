"""Helpers for the fault, abuse and fuzz suites: one small organisation served for real, with a
fault put on the hosts of one collector, and scans run with tight settings.

    spec = hard_org()                                   # website + X + Bluesky + Mastodon + YouTube
    serve_faulty(net, spec, COLLECTOR_HOSTS["x"], Reply(status=503))
    result = fault_scan(net, tmp_path)                  # the real run_scan, short timeouts, cache on

Faults are put on the hosts (every path of them answers the fault), except `keep` paths (robots.txt
of the website, so that a page fault is not read as a robots.txt fault).
"""
from __future__ import annotations

import ipaddress
import select
import socket
import socketserver
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator

from collectors.http.transport import AddressPolicy

from tests.orgsim import FIXED_NOW, OrgSpec, serve
from tests.servers import FakeInternet, Reply, Request, text

DOMAIN = "hardorg.nl"
HOME = f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Stichting Hardorg</title></head>
<body><header><nav><a href="/over-ons">Over ons</a> <a href="/contact">Contact</a></nav></header>
<main><h1>Welkom bij Stichting Hardorg</h1><p>Wij helpen buurten vooruit.</p></main>
<footer><h3>Volg ons</h3><ul>
<li><a href="https://x.com/hard_org" class="social-x">X</a></li>
<li><a href="https://bsky.app/profile/{DOMAIN}" class="social-bluesky">Bluesky</a></li>
<li><a href="https://mastodon.social/@hardorg" class="social-mastodon">Mastodon</a></li>
<li><a href="https://www.youtube.com/@hardorg" class="social-youtube">YouTube</a></li>
</ul></footer></body></html>"""
PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>Bel ons of stuur een bericht.</p></main></body></html>"""
POSTS = {"per_week": 3, "weeks": 13, "last_days_ago": 1, "reply_share": 0.2}

COLLECTOR_HOSTS: dict[str, tuple[str, ...]] = {
    "website": (DOMAIN, "www." + DOMAIN),
    "x": ("api.x.com", "api.twitter.com"),
    "bluesky": ("public.api.bsky.app",),
    "mastodon": ("mastodon.social",),
    "youtube": ("www.youtube.com",),
    "wikidata": ("query.wikidata.org",),
}
PLATFORM_COLLECTORS = ("x", "bluesky", "mastodon", "youtube", "wikidata")
ALL_COLLECTORS = ("website",) + PLATFORM_COLLECTORS

# Tight settings: every fault must end well inside the budget. Cache on (cache_path set per test).
FAST: dict[str, Any] = dict(connect_timeout=0.5, read_timeout=0.4, request_timeout=0.7, scan_budget=4.0,
                            retries=1, backoff=0.01, retry_after_cap=0.3, crawl_delay_cap=0.2, max_pages=3,
                            max_redirects=5, per_host=4, cache=True, wikidata=True,
                            x_bearer_token="hardening-token", as_of=FIXED_NOW.isoformat())
MARGIN = 5.0   # seconds over the scan budget a scan may take (estimate, rules, classifier, thread joins)


def warm_up() -> None:
    """Import and load what every scan loads once per process (tweepy, the rules, the classifier),
    so the first scan's time bound measures the scan, not the imports."""
    import tweepy  # noqa: F401

    from analyzer.scoring import load_classifier
    from analyzer.rules import load_rules
    from analyzer.core.settings import Settings
    from analyzer.scan import run_scan  # noqa: F401
    from collectors.website import WebsiteCollector  # noqa: F401

    load_rules(None)
    load_classifier(Settings())


def hard_org() -> OrgSpec:
    accounts = (
        {"platform": "x", "handle": "hard_org", "posts": POSTS, "url": f"https://{DOMAIN}"},
        {"platform": "bluesky", "handle": DOMAIN, "posts": POSTS},
        {"platform": "mastodon", "handle": "hardorg@mastodon.social", "posts": POSTS, "fields_verified": True},
        {"platform": "youtube", "handle": "@hardorg", "posts": {"per_week": 1, "weeks": 13, "last_days_ago": 3}},
    )
    pages = {"/": HOME, "/over-ons": PAGE.format(title="Over ons"), "/contact": PAGE.format(title="Contact")}
    return OrgSpec(name="hardorg", domain=DOMAIN, label="experimental", justification="fault suite",
                   lang="nl", heldout=False, pages=pages, accounts=accounts, robots=None)


class _Collect:
    """Takes the routes orgsim would register, so some hosts can be replaced by a fault."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, str, Any]] = []

    def route(self, host: str, path: str, reply: Any) -> None:
        self.routes.append((host, path, reply))


def serve_faulty(net: FakeInternet, spec: OrgSpec, hosts: tuple[str, ...], fault: Reply | Callable | None,
                 keep: tuple[str, ...] = ()) -> None:
    """Serve `spec`, with every path of `hosts` answering `fault` (None: no fault), except `keep`."""
    shim = _Collect()
    serve(spec, shim, FIXED_NOW)
    for host, path, reply in shim.routes:
        if fault is not None and host in hosts and path not in keep:
            continue
        net.route(host, path, reply)
    wikidata_empty = Reply(body=b'{"head":{"vars":["item"]},"results":{"bindings":[]}}',
                           content_type="application/sparql-results+json")
    net.fallback("query.wikidata.org", wikidata_empty)
    if fault is not None:
        for host in hosts:
            net.fallback(host, fault)
            if "/robots.txt" in keep:
                net.route(host, "/robots.txt", text("User-agent: *\nAllow: /\n"))


def settings(net: FakeInternet, tmp_path: Path, **overrides: Any):
    return net.settings(**{**FAST, "cache_path": str(tmp_path / "http-cache.sqlite"), **overrides})


def fault_scan(net: FakeInternet, tmp_path: Path, *, layer: Any = None, **overrides: Any):
    """A real scan of the hardening organisation; returns (ScanResult, seconds it took)."""
    from analyzer.core.normalize import normalize
    from analyzer.scan import run_scan

    s = settings(net, tmp_path, **overrides)
    start = time.monotonic()
    result = run_scan(normalize(DOMAIN, allow_private=True), s, layer=layer)
    return result, time.monotonic() - start


def outcome(result) -> tuple:
    """What must be the same on a second run: status and every collector's status and reason."""
    return (result.status, tuple(sorted((n, c.status, c.reason) for n, c in result.coverage.items())))


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections (bound, never listening) for as long as held."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


@contextmanager
def foreign_tls(tmp_path: Path) -> Iterator[FakeInternet]:
    """A second fake internet whose certificates come from a CA the scan does not trust."""
    folder = tmp_path / "other-ca"
    folder.mkdir(exist_ok=True)
    other = FakeInternet().start(str(folder))
    other.fallback("*", Reply(body=b"<html><body>wrong server</body></html>"))
    try:
        yield other
    finally:
        other.stop()


def pins(hosts: tuple[str, ...], addr: str, ports: tuple[int, int] | None = None) -> str:
    """FOOTPRINT_RESOLVE entries sending `hosts` (ports 80 and 443) to `addr` (and `ports`)."""
    out = []
    for host in hosts:
        for port, to in zip((80, 443), ports or (None, None)):
            out.append(f"{host}:{port}:{addr}" + (f":{to}" if to else ""))
    return ",".join(out)


@dataclass
class Counter:
    """A route that counts its requests and answers `reply`."""

    reply: Reply
    seen: list[Request] = field(default_factory=list)

    def __call__(self, req: Request) -> Reply:
        self.seen.append(req)
        return self.reply


# --- servers the fake internet cannot be: a lazy streamer and a forwarder on a "public" address ----

class _Streamer(BaseHTTPRequestHandler):
    """Framing per path: `make()` gives (content type, chunks) for a body that ends when the
    connection closes (HTTP/1.0, no Content-Length), or (content type, chunks, framing) with
    framing "chunked" (Transfer-Encoding: chunked) or an int (the declared Content-Length)."""
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        make = self.server.paths.get(self.path.split("?")[0])  # type: ignore[attr-defined]
        if make is None:
            self.send_response(404)
            self.end_headers()
            return
        content_type, chunks, *framing = make()
        frame = framing[0] if framing else None
        if frame is not None:
            self.protocol_version = "HTTP/1.1"
            self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if frame == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        elif isinstance(frame, int):
            self.send_header("Content-Length", str(frame))
        self.end_headers()
        try:
            for chunk in chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if frame == "chunked" else chunk)
            if frame == "chunked":
                self.wfile.write(b"0\r\n\r\n")
        except OSError:   # the client stopped reading at its size cap
            pass


@contextmanager
def streamer(paths: dict[str, Callable[[], tuple[str, Iterator[bytes]]]]) -> Iterator[int]:
    """A plain-HTTP server on 127.0.0.1 whose bodies are generated while they are sent (never held
    whole in memory); yields its port."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Streamer)
    srv.daemon_threads = True
    srv.paths = paths  # type: ignore[attr-defined]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()


def big_html(total: int, chunk: int = 256 * 1024, head: bytes = b"") -> tuple[str, Iterator[bytes]]:
    """`total` bytes of ordinary-looking HTML, made chunk by chunk; `head` opens the body."""
    def gen() -> Iterator[bytes]:
        yield b"<!doctype html><html><head><title>Groot</title></head><body>" + head
        line = b"<p>" + b"Nieuws van de stichting. " * 40 + b"</p>\n"
        block = line * max(1, chunk // len(line))
        sent = 0
        while sent < total:
            yield block
            sent += len(block)
        yield b"</body></html>"
    return "text/html; charset=utf-8", gen()


_BOMB: dict[int, bytes] = {}


def gzip_bomb(decoded: int = 200 * 1024 * 1024) -> bytes:
    """A gzip stream of `decoded` zero bytes (about 1/1000 of that compressed), made in pieces."""
    if decoded not in _BOMB:
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        piece = bytes(1024 * 1024)
        out = [z.compress(piece) for _ in range(decoded // len(piece))]
        out.append(z.flush())
        _BOMB[decoded] = b"".join(out)
    return _BOMB[decoded]


class LabPolicy(AddressPolicy):
    """127.0.0.2 plays a public address (where the forwarder listens); every other address follows
    the real rules, so loopback, private and metadata targets are refused as in production."""

    def refused(self, addr: str) -> str | None:
        return None if addr == LAB_ADDR else super().refused(addr)

    def addresses(self, host: str, port: int) -> list[tuple]:
        # No wildcard pin in the lab (it would also pin IP literals), so an unpinned host name
        # fails here instead of asking the system's DNS.
        name = host.strip("[]").rstrip(".").lower()
        if (name, port) not in self.resolve and not _is_ip(name):
            raise socket.gaierror(f"lab: {name}:{port} is not pinned")
        return super().addresses(host, port)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


LAB_ADDR = "127.0.0.2"


class _Pipe(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.server.target_port))  # type: ignore[attr-defined]
        conns = [self.request, upstream]
        try:
            while True:
                ready, _, _ = select.select(conns, [], [], 30)
                if not ready:
                    return
                for src in ready:
                    data = src.recv(65536)
                    if not data:
                        return
                    (upstream if src is self.request else self.request).sendall(data)
        except OSError:
            return
        finally:
            upstream.close()


class _Forwarder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def lab(net: FakeInternet, hosts: tuple[str, ...]) -> Iterator[str]:
    """Forwarders on 127.0.0.2 to the fake internet's HTTP and HTTPS ports; yields the
    FOOTPRINT_RESOLVE value pinning `hosts` there (no wildcard: IP literals stay themselves)."""
    servers = []
    for port in (net.http_port, net.https_port):
        srv = _Forwarder((LAB_ADDR, 0), _Pipe)
        srv.target_port = port  # type: ignore[attr-defined]
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    try:
        yield pins(hosts, LAB_ADDR, (servers[0].server_address[1], servers[1].server_address[1]))
    finally:
        for srv in servers:
            srv.shutdown()
            srv.server_close()


def lab_fetcher(settings_):
    """A root Fetcher whose network adapter uses the LabPolicy (passed to run_scan as `layer`)."""
    from collectors.http import Fetcher
    from collectors.http.transport import GuardedAdapter

    root = Fetcher(settings_)
    root.layer.network.close()
    root.layer.network = GuardedAdapter(LabPolicy(allow_private=settings_.allow_private,
                                                  resolve=settings_.resolve_map()))
    return root


# --- what every fault case must show ------------------------------------------------------------

CLOUDFLARE = ('<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>'
              '<div id="challenge-running">Checking your browser before accessing the site.</div>'
              '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></body></html>')
LOGIN_WALL = ('<html><head><title>Inloggen</title></head><body><h1>Log in to continue</h1>'
              '<form action="/session"><input name="user"><input type="password" name="pw"></form></body></html>')


def tracebacks(caplog) -> list[str]:
    """Log records that carry a traceback (a collector or page analysis that raised)."""
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.exc_info]


def assert_finished(result, seconds: float, s, collector: str, reasons: tuple[str, ...]) -> None:
    """A finished scan whose `collector` reports one of `reasons`, within the budget plus margin;
    a website fault makes the scan unobservable, a platform fault leaves the rest of it intact."""
    from analyzer.core.types import ScanResult

    assert isinstance(result, ScanResult)
    cov = result.coverage[collector]
    assert cov.status in ("failed", "unavailable", "partial"), cov
    assert cov.reason in reasons, cov
    assert seconds < s.scan_budget + MARGIN, f"scan took {seconds:.1f}s, budget {s.scan_budget}s"
    if collector == "website":
        assert result.status == "unobservable" and result.estimate.phase is None
        return
    assert result.status == "partial"
    assert result.coverage["website"].status == "ok"
    assert {a.platform for a in result.accounts} >= {"x", "bluesky", "mastodon", "youtube"}
    others = {n: c for n, c in result.coverage.items() if n != collector}
    assert all(c.status in ("ok", "skipped") for c in others.values()), others
