"""A fake internet on 127.0.0.1: real HTTP and HTTPS servers that answer per host name.

    net = FakeInternet()                       # started by the `net` fixture in conftest.py
    net.route("gemeente-a.nl", "/", html("<a href='https://x.com/gemeente_a'>X</a>"))
    net.route("api.x.com", "/2/users/by/username/gemeente_a", json_reply({...}))
    settings = net.settings(max_pages=5)      # allow_private, FOOTPRINT_RESOLVE-style pinning

Hosts are reached under their real names: `net.resolve` maps `*:80` and `*:443` to the local
ports (curl --connect-to style), HTTPS certificates come from a trustme CA per host (SNI), and the
CA file is exported as REQUESTS_CA_BUNDLE. Nothing is patched. A route is a `Reply` or a callable
`(Request) -> Reply`; unknown paths are 404. Every request is logged in `net.log`, and
`net.peak(host)` is the most requests the host had in flight at once (counted by the server).
"""
from __future__ import annotations

import gzip
import json
import os
import ssl
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Union
from urllib.parse import parse_qs, urlsplit

HANDSHAKE_TIMEOUT = 10.0   # seconds a client may take to finish its TLS handshake


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0          # seconds before the answer starts
    drip: float = 0.0           # seconds between single bytes of the body (slow drip)
    hang: bool = False          # accept and never answer
    reset: bool = False         # close the connection mid-body
    content_type: str = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Request:
    host: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    scheme: str
    raw_path: str


Route = Union[Reply, Callable[[Request], Reply]]


def html(body: str, status: int = 200, **kw) -> Reply:
    return Reply(status=status, body=body.encode("utf-8"), **kw)


def json_reply(data, status: int = 200, headers: dict | None = None, **kw) -> Reply:
    return Reply(status=status, body=json.dumps(data).encode("utf-8"), headers=headers or {},
                 content_type="application/json; charset=utf-8", **kw)


def text(body: str, content_type: str = "text/plain; charset=utf-8", status: int = 200, **kw) -> Reply:
    return Reply(status=status, body=body.encode("utf-8"), content_type=content_type, **kw)


def redirect(location: str, status: int = 301) -> Reply:
    return Reply(status=status, headers={"Location": location}, body=b"")


def gzipped(reply: Reply) -> Reply:
    reply.body = gzip.compress(reply.body)
    reply.headers = {**reply.headers, "Content-Encoding": "gzip"}
    return reply


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeInternet/1"

    def log_message(self, *args):  # keep test output clean
        pass

    def setup(self):
        """The TLS handshake runs in this connection's thread: in the accept loop, one client that
        connects and never sends its hello would hold up every other connection."""
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(HANDSHAKE_TIMEOUT)
            self.request.do_handshake()
            self.request.settimeout(None)
        super().setup()

    def do_GET(self):  # noqa: N802
        net: FakeInternet = self.server.net  # type: ignore[attr-defined]
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        parts = urlsplit(self.path)
        req = Request(host=host, path=parts.path or "/", query=parse_qs(parts.query),
                      headers={k.lower(): v for k, v in self.headers.items()},
                      scheme=self.server.scheme, raw_path=self.path)  # type: ignore[attr-defined]
        net._record(req)
        # In flight from the request read to the first byte of the answer: inside the client's own
        # span of the request, so the count never exceeds what the client really had open.
        net._in_flight(host, +1)
        try:
            reply = net._answer(req)
            if reply.hang:
                time.sleep(60)
                return
            if reply.delay:
                time.sleep(reply.delay)
        finally:
            net._in_flight(host, -1)
        try:
            self.send_response(reply.status)
            headers = {"Content-Type": reply.content_type, **reply.headers}
            if reply.reset:
                headers["Content-Length"] = str(len(reply.body) + 100000)
            elif "Content-Length" not in headers:
                headers["Content-Length"] = str(len(reply.body))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if reply.reset:
                self.wfile.write(reply.body[: len(reply.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if reply.drip:
                for i in range(len(reply.body)):
                    self.wfile.write(reply.body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(reply.drip)
            else:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    do_HEAD = do_GET


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ssl.SSLError, ConnectionError, TimeoutError)):
            return      # a client that gave up or refused the certificate: nothing to report
        super().handle_error(request, client_address)


class FakeInternet:
    """Plain HTTP and HTTPS servers on 127.0.0.1 that route by Host header."""

    def __init__(self, tls: bool = True):
        self._routes: dict[tuple[str, str], Route] = {}
        self._fallbacks: dict[str, Route] = {}
        self._lock = threading.Lock()
        self.log: list[Request] = []
        self._flying: dict[str, int] = {}
        self._peak: dict[str, int] = {}
        self._tls = tls
        self._servers: list[_Server] = []
        self.http_port = 0
        self.https_port = 0
        self.ca_file: str | None = None

    # --- routes -----------------------------------------------------------------------------

    def route(self, host: str, path: str, reply: Route) -> None:
        """Answer GET host+path (path may include ?query; matched first with it, then without)."""
        self._routes[(host.lower(), path)] = reply

    def site(self, host: str, pages: dict[str, Route], robots: str | None = "User-agent: *\nAllow: /\n") -> None:
        for path, reply in pages.items():
            self.route(host, path, reply)
        if robots is not None and (host.lower(), "/robots.txt") not in self._routes:
            self.route(host, "/robots.txt", text(robots))

    def fallback(self, host: str, reply: Route) -> None:
        """Answer every unrouted path of `host` (host `*`: of every host)."""
        self._fallbacks[host.lower()] = reply

    def _answer(self, req: Request) -> Reply:
        route = (self._routes.get((req.host, req.raw_path)) or self._routes.get((req.host, req.path))
                 or self._fallbacks.get(req.host) or self._fallbacks.get("*"))
        if route is None:
            return html("<h1>Not found</h1>", status=404)
        return route(req) if callable(route) else route

    def _record(self, req: Request) -> None:
        with self._lock:
            self.log.append(req)

    def _in_flight(self, host: str, step: int) -> None:
        with self._lock:
            now = self._flying[host] = self._flying.get(host, 0) + step
            self._peak[host] = max(now, self._peak.get(host, 0))

    def peak(self, host: str) -> int:
        """The most requests to `host` that were being answered at the same moment."""
        with self._lock:
            return self._peak.get(host, 0)

    def reset_peaks(self) -> None:
        with self._lock:
            self._peak = dict(self._flying)

    def hits(self, host: str, path: str | None = None) -> int:
        return sum(1 for r in self.log if r.host == host and (path is None or r.path == path))

    # --- lifecycle ------------------------------------------------------------------------

    def start(self, workdir: str) -> "FakeInternet":
        plain = _Server(("127.0.0.1", 0), _Handler)
        plain.net = self  # type: ignore[attr-defined]
        plain.scheme = "http"  # type: ignore[attr-defined]
        self._servers.append(plain)
        self.http_port = plain.server_address[1]
        if self._tls:
            import trustme

            ca = trustme.CA()
            self.ca_file = os.path.join(workdir, "fake-internet-ca.pem")
            ca.cert_pem.write_to_path(self.ca_file)
            contexts: dict[str, ssl.SSLContext] = {}

            def context_for(name: str) -> ssl.SSLContext:
                if name not in contexts:
                    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                    ca.issue_cert(name).configure_cert(ctx)
                    contexts[name] = ctx
                return contexts[name]

            base = context_for("localhost")

            def sni(sslobj, name, _ctx):
                if name:
                    sslobj.context = context_for(name)

            base.sni_callback = sni
            secure = _Server(("127.0.0.1", 0), _Handler)
            secure.net = self  # type: ignore[attr-defined]
            secure.scheme = "https"  # type: ignore[attr-defined]
            secure.socket = base.wrap_socket(secure.socket, server_side=True, do_handshake_on_connect=False)
            self._servers.append(secure)
            self.https_port = secure.server_address[1]
        for srv in self._servers:
            threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()

    @property
    def resolve(self) -> str:
        """FOOTPRINT_RESOLVE value sending every host's ports 80 and 443 here."""
        entries = [f"*:80:127.0.0.1:{self.http_port}"]
        if self.https_port:
            entries.append(f"*:443:127.0.0.1:{self.https_port}")
        return ",".join(entries)

    def env(self) -> dict[str, str]:
        env = {"FOOTPRINT_ALLOW_PRIVATE": "1", "FOOTPRINT_RESOLVE": self.resolve,
               "FOOTPRINT_CACHE": "0", "FOOTPRINT_CONNECT_TIMEOUT": "2", "FOOTPRINT_READ_TIMEOUT": "3",
               "FOOTPRINT_RETRIES": "1", "FOOTPRINT_BACKOFF": "0.05", "FOOTPRINT_RETRY_AFTER_CAP": "1"}
        if self.ca_file:
            env["REQUESTS_CA_BUNDLE"] = self.ca_file
        return env

    def settings(self, **overrides):
        from analyzer.core.settings import load_settings

        return load_settings(flags=overrides, environ=self.env())
