"""A review workspace to test against: a store filled by a real batch over fixture organisations
(served by a FakeInternet on 127.0.0.1), and the real `footprint serve` on a free local port."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from analyzer.cli import main
from tests.orgsim import FIXED_NOW, load_orgs, serve

ROOT = Path(__file__).resolve().parents[1]
ORGS = {"func-gemeente": "overheid", "exp-theatre": "cultuur", "adhoc-bakkerij": "mkb", "trans-natuur": "natuur"}
RUN = "proef"


def cli_env(net, home: Path) -> dict[str, str]:
    return {**net.env(), "XDG_DATA_HOME": str(home / "xdg"), "HOME": str(home), "X_BEARER_TOKEN": "fixture-token",
            "FOOTPRINT_AS_OF": FIXED_NOW.isoformat()}


def footprint(env: dict[str, str], *args: str):
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    _close_log_files()
    return result


def _close_log_files() -> None:
    import logging

    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.FileHandler):
            root.removeHandler(handler)
            handler.close()


def fill_store(net, home: Path) -> Path:
    """Serve the fixture organisations and batch-score them into home/db.sqlite (run RUN)."""
    specs = [s for s in load_orgs() if s.name in ORGS]
    lines = ["name;domain;sector"]
    for spec in specs:
        serve(spec, net, FIXED_NOW)
        lines.append(f"{spec.name};{spec.domain};{ORGS[spec.name]}")
    source = home / "orgs.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = home / "db.sqlite"
    result = footprint(cli_env(net, home), "batch", str(source), "--out", str(home / "out.csv"), "--run", RUN,
                       "--db", str(db), "-q")
    assert result.exit_code == 0, result.output
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        req = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def post(self, path: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(self.url + path, data=data, headers=headers or {}, method="POST")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=10) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def form_fields(self, path: str) -> dict[str, str]:
        _status, page = self.get(path)
        return {name: value for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 303 is the answer we check, not a page to follow
        return None


def start_server(env: dict[str, str], db: Path, *extra: str) -> Server:
    """`footprint serve` in its own process; returns once it answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "analyzer.cli", "serve", "--db", str(db), "--port", str(port),
                             *extra], cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    server = Server(f"http://127.0.0.1:{port}", port, proc)
    for _ in range(200):
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("serve did not start listening")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()
    for stream in (server.proc.stdout, server.proc.stderr):
        if stream:
            stream.close()
