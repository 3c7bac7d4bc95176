"""Credentials never leave the request header: a real CLI scan with the X bearer token, debug
logging, a recorded WARC, the HTTP cache and an HTML report, then every artefact is searched for
the token. The fake X API checks that it did receive the token (so the test cannot pass by never
sending it); a second run has the API reject it (401) and echo it back, as a careless server
might, in its error body and headers."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.hardening_helpers import DOMAIN, hard_org
from tests.orgsim import FIXED_NOW, serve
from tests.servers import Reply, Request, json_reply

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "AAAAAAAAAAAAAAAAAAAAAHardSecret0tK3n%2FwXyZ"


class _Collect:
    def __init__(self):
        self.routes = []

    def route(self, host, path, reply):
        self.routes.append((host, path, reply))


def serve_guarded(net, reject: bool) -> list[Request]:
    """The organisation, with an X API that notes every Authorization header it is sent and,
    with `reject`, answers the timeline and mentions with 403/401, echoing the token back."""
    seen: list[Request] = []
    shim = _Collect()
    serve(hard_org(), shim, FIXED_NOW)
    for host, path, reply in shim.routes:
        if host in ("api.x.com", "api.twitter.com"):
            reply = _guard(reply, seen, reject, path)
        net.route(host, path, reply)
    return seen


def _guard(inner, seen: list[Request], reject: bool, path: str):
    def route(req: Request) -> Reply:
        seen.append(req)
        if req.headers.get("authorization") != f"Bearer {TOKEN}":
            return json_reply({"title": "Unauthorized", "status": 401}, status=401)
        if reject is True and "/by/username/" not in path:   # the profile reads; the timeline is refused
            status = 403 if "/tweets" in path else 401
            return json_reply({"title": "Unauthorized", "type": "about:blank", "status": status,
                               "detail": f"Bearer {TOKEN} is not valid", "errors": [{"message": f"token {TOKEN}"}]},
                              status=status, headers={"WWW-Authenticate": f'Bearer realm="x", token="{TOKEN}"',
                                                      "X-Echo-Token": TOKEN})
        reply = inner(req) if callable(inner) else inner
        if reject == "echo" and "/tweets" in path and reply.status == 200:
            return _echoing(reply)
        return reply
    return route


def _echoing(reply: Reply) -> Reply:
    """A normal 200 timeline whose posts and `errors` details quote the token back."""
    data = json.loads(reply.body)
    for post in data.get("data") or []:
        post["text"] = f"{post.get('text', '')} Bearer {TOKEN}"
    data["errors"] = [{"detail": f"Could not find tweet for token {TOKEN}", "title": "Not Found Error",
                       "type": "https://api.twitter.com/2/problems/resource-not-found"}]
    return Reply(status=200, body=json.dumps(data).encode(), headers={**reply.headers, "X-Echo": TOKEN},
                 content_type=reply.content_type)


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def _env(net, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOOTPRINT_")}
    env.update(net.env())
    env.update({"X_BEARER_TOKEN": TOKEN, "FOOTPRINT_AS_OF": FIXED_NOW.isoformat(), "FOOTPRINT_SCAN_BUDGET": "20",
                "PYTHONWARNINGS": "error"})
    env.update(extra)
    return env


def _artefacts(tmp_path: Path, outputs: list[subprocess.CompletedProcess]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for i, out in enumerate(outputs):
        found[f"stdout {i}"] = out.stdout.encode()
        found[f"stderr {i}"] = out.stderr.encode()
    for path in tmp_path.rglob("*"):
        if not path.is_file() or path.name == "fake-internet-ca.pem":
            continue
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        found[str(path.relative_to(tmp_path))] = data
    return found


def _leaks(artefacts: dict[str, bytes]) -> list[str]:
    forms = {TOKEN, quote(TOKEN, safe=""), TOKEN.replace("%2F", "/"), TOKEN[:24]}
    return [name for name, data in artefacts.items() for form in forms if form.encode() in data]


@pytest.mark.parametrize("reject", [False, True, "echo"], ids=["accepted", "rejected_and_echoed", "echoed_in_200"])
def test_token_never_reaches_any_artefact(net, tmp_path, reject):
    seen = serve_guarded(net, reject)
    db, warc, report = tmp_path / "store.db", tmp_path / "scan.warc.gz", tmp_path / "report.html"
    env = _env(net, tmp_path)
    scan = run_cli(["scan", DOMAIN, "--json", "-vv", "--db", str(db), "--record", str(warc)], env)
    assert scan.returncode == 0, scan.stderr[-2000:]
    data = json.loads(scan.stdout)
    x = data["coverage"]["x"]
    sent = [r for r in seen if r.headers.get("authorization") == f"Bearer {TOKEN}"]
    assert sent, "the fake X API never received the token"
    if reject is True:
        assert (x["status"], x["reason"]) == ("partial", "http_error"), x
        assert "403" in x["detail"]
    else:
        assert x["status"] == "ok", x
        assert any(a["platform"] == "x" and a.get("activity") for a in data["accounts"])
    cached = run_cli(["scan", DOMAIN, "--json", "-vv", "--db", str(db)],
                     {**env, "FOOTPRINT_CACHE": "1", "FOOTPRINT_CACHE_PATH": str(tmp_path / "http-cache.sqlite")})
    assert cached.returncode == 0, cached.stderr[-2000:]
    rendered = run_cli(["report", DOMAIN, "--out", str(report), "--db", str(db), "-vv"], env)
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    explained = run_cli(["explain", DOMAIN, "--db", str(db), "--lang", "en"], env)
    assert explained.returncode == 0, explained.stderr[-2000:]
    artefacts = _artefacts(tmp_path, [scan, cached, rendered, explained])
    expected = {"store.db", "scan.warc.gz", "report.html", "http-cache.sqlite"}
    assert expected <= set(artefacts), sorted(artefacts)
    assert any(name.endswith("footprint.log") for name in artefacts), sorted(artefacts)
    assert b"api.x.com" in artefacts["scan.warc.gz"], "the X exchange was not recorded"
    assert b"DEBUG" in artefacts["stderr 0"], "debug logging was not on"
    assert _leaks(artefacts) == []
