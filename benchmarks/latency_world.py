"""A served world with injected latency, in its own process, and the chain of dependent requests.

    world = World.start(latency=0.1)     # a child process serving the fixture organisations
    world.serve("func-gemeente")          # one at a time (the platform APIs answer per path)
    world.env                             # FOOTPRINT_RESOLVE, REQUESTS_CA_BUNDLE, ...
    log = world.take_log()                # what was served since the last call
    critical_chain(log, fixed=vocabulary(logs, domains))   # the longest chain of dependent requests

The server runs in a child process so that its threads neither share the scan's interpreter lock
nor count in the scan's CPU time. Every response (404s included) waits `latency` seconds before it
starts. The log keeps, per request, when it arrived and when its answer was complete, its address
and what the answer said (body and Location), so the dependencies can be computed afterwards:

A request depends on an earlier, finished answer that told the client something in its address
(a path, a handle, a user id, a DID, a pagination token): each token of the address (a run of
letters, digits and `_`, at least 3 long) that some earlier answer contains is an input, available
at the depth of the shallowest answer that gave it; a page of a website also depends on that
host's robots.txt, which itself needed what the host's first page needed (it is asked for because
that page is due: www.youtube.com/robots.txt follows the homepage that linked the channel).
depth = 1 + the deepest input; tokens no answer gave (the domain, the API's fixed words) were
known from the start. A dependency that lies in a decision rather than in a token is listed in
DECIDED: X's mentions are asked for only when the first timeline page has posts (so that a silent
account costs no paid reads), so they follow that page. The critical chain is the deepest
request: with unlimited parallelism and zero CPU, no schedule finishes sooner than chain x latency
(politeness aside: at most per_host requests to a site at once can add rounds on a big site).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from urllib.parse import unquote
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONTROL = "bench-control.invalid"
_TOKEN = re.compile(r"[A-Za-z0-9_]{3,}")
# (host, the dependent request's path, the prefix of the path it waits for, from the match)
DECIDED = (("api.x.com", re.compile(r"/2/users/(\d+)/mentions"), lambda m: f"/2/users/{m.group(1)}/tweets"),)


@dataclass(frozen=True)
class Served:
    host: str
    path: str          # with the query
    arrived: float     # time.time() when the request was read
    done: float        # when the answer was handed to the socket
    status: int
    said: str          # body and Location header, as text


def tokens(path: str) -> set[str]:
    return {t.lower() for t in _TOKEN.findall(unquote(path))}


def vocabulary(logs: list[list[Served]], sites: list[str]) -> set[str]:
    """The fixed words of the APIs: tokens that the requests of two or more scans sent to the same
    host other than the organisation's own site (`sites[i]`, the domain of scan i), such as
    `tweets`, `max_results`, `getAuthorFeed` or a start time computed from "now". They were
    known before any answer came: no request depends on an answer for them."""
    seen: dict[tuple[str, str], set[int]] = {}
    for i, (log, site) in enumerate(zip(logs, sites)):
        for req in log:
            if req.host.removeprefix("www.") != site:
                for token in tokens(req.path):
                    seen.setdefault((req.host, token), set()).add(i)
    return {token for (_host, token), scans in seen.items() if len(scans) > 1}


def critical_chain(log: list[Served], known: tuple[str, ...] = (),
                   fixed: set[str] = frozenset()) -> tuple[int, list[Served]]:
    """The longest chain of dependent requests in `log` and the chain itself (first to last);
    `known`: what the scan was given (the domain), `fixed`: the APIs' fixed words (`vocabulary`)."""
    known_tokens = {t.lower() for k in known for t in _TOKEN.findall(k)} | set(fixed)
    entries = sorted(log, key=lambda s: s.arrived)
    said = [e.said.lower() for e in entries]
    depth: dict[int, int] = {}
    parent: dict[int, int | None] = {}
    robots: dict[str, int] = {}
    pending: set[str] = set()   # hosts whose robots.txt waits for the inputs of the host's first page
    for i, req in enumerate(entries):
        inputs: list[int] = []
        for token in tokens(req.path) - known_tokens:
            givers = [j for j in range(i) if entries[j].done <= req.arrived and token in said[j]]
            if givers:
                inputs.append(min(givers, key=lambda j: depth[j]))
        for host, pattern, prefix in DECIDED:
            match = pattern.match(req.path) if req.host == host else None
            if match:
                first = next((j for j in range(i) if entries[j].host == host
                              and entries[j].path.startswith(prefix(match))), None)
                if first is not None:
                    inputs.append(first)
        best = max(inputs, key=lambda j: depth[j], default=None)
        if req.path.startswith("/robots.txt"):
            depth[i], parent[i] = 1, None   # until the host's first page says what it waited for
            if req.host not in robots:
                robots[req.host] = i
                pending.add(req.host)
            continue
        if req.host in robots:
            # robots.txt is asked for because a page of its host is due: it needed what that
            # first page needed, and every page of the host needs it
            r = robots[req.host]
            if req.host in pending:
                pending.discard(req.host)
                depth[r], parent[r] = 1 + (depth[best] if best is not None else 0), best
            if best is None or depth[r] > depth[best]:
                best = r
        depth[i] = 1 + (depth[best] if best is not None else 0)
        parent[i] = best
    if not entries:
        return 0, []
    last = max(depth, key=lambda i: depth[i])
    chain = []
    node: int | None = last
    while node is not None:
        chain.append(entries[node])
        node = parent[node]
    return depth[last], chain[::-1]


# --- the server process ----------------------------------------------------------------------

class _Delayed:
    """Registers routes on a FakeInternet with the latency added and every answer logged."""

    def __init__(self, net: Any, latency: float) -> None:
        self.net = net
        self.latency = latency
        self.log: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def route(self, host: str, path: str, reply: Any) -> None:
        self.net.route(host, path, self.wrap(reply))

    def fallback(self, host: str, reply: Any) -> None:
        self.net.fallback(host, self.wrap(reply))

    def wrap(self, reply: Any):
        def answer(req):
            arrived = time.time()
            out = reply(req) if callable(reply) else reply
            # the answer starts `latency` after the request (plus any delay of its own)
            wait = self.latency + out.delay - (time.time() - arrived)
            out = replace(out, delay=max(0.0, wait))
            said = out.body.decode("utf-8", "replace") + " " + out.headers.get("Location", "")
            with self.lock:
                self.log.append({"host": req.host, "path": req.raw_path, "arrived": arrived,
                                 "done": arrived + max(0.0, wait) + out.drip * len(out.body),
                                 "status": out.status, "said": said})
            return out
        return answer

    def take(self) -> list[dict[str, Any]]:
        with self.lock:
            out, self.log = self.log, []
        return out


def build(net: Any, latency: float, extra: str | None) -> _Delayed:
    """One organisation at a time on `net` (the platform APIs answer per path, so two would
    collide): `/serve?org=NAME` on the control host switches to fixture organisation NAME, or to
    `extra`'s world (a module:function in benchmarks/ that registers routes on what it is given)."""
    sys.path.insert(0, str(ROOT))
    from tests.orgsim import FIXED_NOW, load_orgs, serve
    from tests.servers import html, json_reply

    delayed = _Delayed(net, latency)
    specs = {spec.name: spec for spec in load_orgs()}

    def switch(req):
        name = req.query["org"][0]
        net._routes.clear()
        net._fallbacks.clear()
        if name in specs:
            serve(specs[name], delayed, FIXED_NOW)
        else:
            module, func = (extra or ":").split(":")
            sys.path.insert(0, str(ROOT / "benchmarks"))
            getattr(__import__(module), func)(delayed)
        delayed.fallback("*", html("<h1>Not found</h1>", status=404))
        control()
        delayed.take()
        return json_reply({"serving": name})

    def control():
        net.route(CONTROL, "/log", lambda _req: json_reply(delayed.take()))
        net.route(CONTROL, "/serve", switch)

    control()
    return delayed


def serve_forever(latency: float, extra: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    from tests import servers
    from tests.servers import FakeInternet

    # Answer without Nagle's delay, as production web servers do (nginx: tcp_nodelay on): the
    # headers and the body go out in two writes, and the second would wait up to 40 ms for the
    # client's delayed ACK of the first, a cost of the test server, not of the scan.
    servers._Handler.disable_nagle_algorithm = True

    with tempfile.TemporaryDirectory() as tmp:
        net = FakeInternet().start(tmp)
        build(net, latency, extra)
        print(json.dumps({"env": net.env(), "http_port": net.http_port}), flush=True)
        sys.stdin.read()   # until the parent closes our stdin
        net.stop()


class World:
    def __init__(self, proc: subprocess.Popen, env: dict[str, str], http_port: int) -> None:
        self.proc, self.env, self.http_port = proc, env, http_port

    @classmethod
    def start(cls, latency: float, extra: str | None = None) -> "World":
        args = [sys.executable, str(Path(__file__)), str(latency)] + ([extra] if extra else [])
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the benchmark's server process did not start")
        info = json.loads(line)
        return cls(proc, info["env"], info["http_port"])

    def _ask(self, path: str) -> Any:
        req = urllib.request.Request(f"http://127.0.0.1:{self.http_port}{path}", headers={"Host": CONTROL})
        with urllib.request.urlopen(req, timeout=30) as resp:   # noqa: S310 - our own local server
            return json.loads(resp.read())

    def serve(self, name: str) -> None:
        """Serve fixture organisation `name` (or the extra world), alone, from now on."""
        self._ask(f"/serve?org={name}")

    def take_log(self) -> list[Served]:
        return [Served(**row) for row in self._ask("/log")]

    def stop(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


if __name__ == "__main__":
    serve_forever(float(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
