"""No network at all is the machine's problem, not the organisation's: one line, exit 2, nothing
stored. A domain that does not exist says so; a replay needs no network."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "fixtures" / "demo" / "zuidhaven.warc.gz"

# Runs the CLI with socket.getaddrinfo replaced: names in FAIL answer with the given gai error,
# every other name with 127.0.0.1 (so nothing ever leaves the machine).
RESOLVER = """
import socket, sys
fail = dict(item.split("=") for item in sys.argv[1].split(",") if item)
real = socket.getaddrinfo
def getaddrinfo(host, port, *a, **kw):
    code = fail.get(str(host)) or fail.get("*")
    if code:
        raise socket.gaierror(getattr(socket, code), code)
    return real("127.0.0.1", port, *a, **kw)
socket.getaddrinfo = getaddrinfo
sys.argv = ["footprint", *sys.argv[2:]]
from analyzer.cli import main
main()
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "FOOTPRINT_DB": str(tmp_path / "fp.db"),
            "FOOTPRINT_CACHE": "0", "FOOTPRINT_RETRIES": "0", "FOOTPRINT_CONNECT_TIMEOUT": "2",
            "FOOTPRINT_SCAN_BUDGET": "20"}


def with_resolver(tmp_path: Path, failing: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RESOLVER, failing, *args], env=_env(tmp_path),
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def stored_scans(tmp_path: Path) -> int:
    db = tmp_path / "fp.db"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM scans").fetchone()[0]


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_unshare = pytest.mark.skipif(not _unshare_works(), reason="unshare -n needs root (CI runs as root)")


def in_empty_netns(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["unshare", "-n", sys.executable, "-m", "analyzer.cli", *args], env=_env(tmp_path),
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def assert_no_network(proc: subprocess.CompletedProcess, tmp_path: Path) -> None:
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == ["footprint: no network connection"]
    assert proc.stdout == ""
    assert stored_scans(tmp_path) == 0


@needs_unshare
def test_scan_in_an_empty_network_namespace_says_no_network(tmp_path):
    assert_no_network(in_empty_netns(tmp_path, "scan", "example.nl", "--json"), tmp_path)


@needs_unshare
def test_replay_in_an_empty_network_namespace_is_unaffected(tmp_path):
    proc = in_empty_netns(tmp_path, "scan", "zuidhaven.nl", "--replay", str(DEMO), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["phase"] == "functional"
    assert stored_scans(tmp_path) == 1


@needs_unshare
def test_batch_in_an_empty_network_namespace_stops_with_one_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("domain\nexample.nl\nexample.org\nexample.com\n", encoding="utf-8")
    proc = in_empty_netns(tmp_path, "batch", str(src), "--out", str(tmp_path / "out.csv"), "-q")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "footprint: no network connection"
    assert "failed" not in proc.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_resolver_failing_with_a_temporary_failure_is_no_network(tmp_path):
    assert_no_network(with_resolver(tmp_path, "*=EAI_AGAIN", "scan", "example.nl"), tmp_path)


def test_batch_with_a_failing_resolver_stops_with_one_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("domain\nexample.nl\nexample.org\n", encoding="utf-8")
    proc = with_resolver(tmp_path, "*=EAI_AGAIN", "batch", str(src), "--out", str(tmp_path / "o.csv"), "-q")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == ["footprint: no network connection"]


def test_a_domain_that_does_not_exist_says_so(tmp_path):
    proc = with_resolver(tmp_path, "nergens-te-vinden.nl=EAI_NONAME,www.nergens-te-vinden.nl=EAI_NONAME",
                         "scan", "nergens-te-vinden.nl", "--json")
    assert proc.returncode == 3, proc.stderr
    data = json.loads(proc.stdout)
    assert data["status"] == "unobservable"
    website = data["coverage"]["website"]
    assert website["reason"] == "dns_error" and "does not exist" in website["detail"]


def test_one_domain_whose_name_servers_fail_is_not_no_network(tmp_path):
    # The organisation's name servers do not answer, but the resolver answers for other names.
    proc = with_resolver(tmp_path, "stuk-dns.nl=EAI_AGAIN,www.stuk-dns.nl=EAI_AGAIN",
                         "scan", "stuk-dns.nl", "--json")
    assert proc.returncode == 3, proc.stderr
    website = json.loads(proc.stdout)["coverage"]["website"]
    assert website["reason"] == "dns_error" and "temporary failure" in website["detail"]
