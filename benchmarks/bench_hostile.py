"""Memory and time each hostile file costs the real CLI, one child process per case.

    python benchmarks/bench_hostile.py [--only warc] [--limit-mb 3000] [--timeout 60]

Each case makes its file (tests/hostile_files.py), runs `python -m analyzer.cli ...` on it under an
address-space limit (resource.setrlimit, so a regression cannot take the machine down) and a
timeout, and prints: exit code, seconds, peak resident memory (ru_maxrss of the child), the size
of stderr and its first line (escaped, cut at 100 characters). No network: every case is a file,
except the `live_homepage_*` cases: a 50 MB homepage (its links in the first kilobyte) streamed
from 127.0.0.1 with a declared Content-Length, chunked, or until the connection closes, which the
scan reads up to the size cap (5 MB), beside the same homepage at 1 kB for comparison; every other
host is pinned to a closed port (refused at once).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile_files as hf  # noqa: E402

URL = "https://hardorg.nl/"


def _cases(d: Path) -> dict[str, tuple[list[str], object]]:
    """name -> (CLI arguments, maker run first)."""
    rules = d / "rules"
    return {
        "warc_gzip_bomb_2gb": (["scan", "hardorg.nl", "--replay", str(d / "bomb.warc.gz"), "--json"],
                               lambda: hf.warc_bomb(d / "bomb.warc.gz", URL, 2 << 30)),
        "warc_not_warc_64mb": (["scan", "hardorg.nl", "--replay", str(d / "junk.warc")],
                               lambda: hf.not_warc(d / "junk.warc")),
        "warc_dev_zero": (["scan", "hardorg.nl", "--replay", "/dev/zero"], lambda: None),
        "warc_year_one": (["scan", "hardorg.nl", "--replay", str(d / "old.warc.gz"), "--json"],
                          lambda: hf.year_one(d / "old.warc.gz", URL)),
        "warc_no_target": (["scan", "hardorg.nl", "--replay", str(d / "anon.warc.gz"), "--json"],
                           lambda: hf.no_target(d / "anon.warc.gz", URL)),
        "warc_300k_records": (["scan", "hardorg.nl", "--replay", str(d / "many.warc"), "--json"],
                              lambda: hf.warc_many(d / "many.warc", URL + "p/", 300_000)),
        "xlsx_shared_strings_1gb": (["batch", str(d / "bomb.xlsx"), "--out", str(d / "o1.csv"), "--db", str(d / "db1")],
                                    lambda: hf.xlsx_bomb(d / "bomb.xlsx", 1 << 30)),
        "xlsx_whitespace_3m_cells": (["batch", str(d / "ws.xlsx"), "--out", str(d / "o2.csv"), "--db", str(d / "db2")],
                                     lambda: hf.xlsx_whitespace(d / "ws.xlsx")),
        "xlsx_dtd": (["batch", str(d / "dtd.xlsx"), "--out", str(d / "o3.csv"), "--db", str(d / "db3")],
                     lambda: hf.xlsx_dtd(d / "dtd.xlsx", "file:///etc/passwd")),
        "yaml_alias_bomb": (["rules", "check", str(rules)],
                            lambda: (rules.mkdir(exist_ok=True), hf.yaml_bomb(rules / "bomb.yaml"))),
        "toml_deep": (["settings", "--config", str(d / "deep.toml")], lambda: hf.deep_toml(d / "deep.toml")),
        "warc_homepage_1kb": (["scan", "hardorg.nl", "--replay", str(d / "small.warc.gz"), "--json"],
                              lambda: hf.warc(d / "small.warc.gz", [(URL, _homepage(0), hf.HTML, DATE)])),
        "warc_homepage_50mb": (["scan", "hardorg.nl", "--replay", str(d / "big.warc.gz"), "--json"],
                               lambda: hf.warc(d / "big.warc.gz", [(URL, _homepage(50 * hf.MB), hf.HTML, DATE)])),
    }


DATE = "2026-03-01T10:00:00Z"
FILLER = b"<p>" + b"Nieuws van de stichting. " * 40 + b"</p>\n"


def _homepage(filler: int) -> bytes:
    """The hardening organisation's homepage with `filler` bytes of paragraphs after its links."""
    from tests.hardening_helpers import HOME
    return HOME.replace("</body></html>", "").encode() + FILLER * (filler // len(FILLER)) + b"</body></html>"


def _live(limit_mb: int, timeout: float, only: str) -> None:
    """The homepage served for real: 1 kB, then 50 MB in three framings; the scan reads 5 MB."""
    from tests.hardening_helpers import closed_port, streamer

    def page(filler: int, framing):
        def make():
            body = _homepage(filler)
            chunks = (body[i:i + 256 * 1024] for i in range(0, len(body), 256 * 1024))
            return ("text/html; charset=utf-8", chunks) + ((framing,) if framing else ())
        return make
    cases = {"live_homepage_1kb": page(0, None), "live_homepage_50mb_declared": page(50 * hf.MB, 50 * hf.MB + 900),
             "live_homepage_50mb_chunked": page(50 * hf.MB, "chunked"),
             "live_homepage_50mb_until_close": page(50 * hf.MB, None)}
    for name, make in cases.items():
        if only and only not in name:
            continue
        with streamer({"/": make}) as port, closed_port() as closed, tempfile.TemporaryDirectory() as tmp:
            env = {"FOOTPRINT_ALLOW_PRIVATE": "1",
                   "FOOTPRINT_RESOLVE": f"hardorg.nl:80:127.0.0.1:{port},*:443:127.0.0.1:{closed},"
                                        f"*:80:127.0.0.1:{closed}"}
            r = run(["scan", "hardorg.nl", "--json", "--db", str(Path(tmp) / "db")], limit_mb, timeout, env)
            print(f"{name:30} exit={r['exit']!s:8} {r['seconds']:6.1f}s {r['peak_mb']:6d} MB "
                  f"stderr={r['stderr_bytes']}B  {r['first_line']}", flush=True)


def run(args: list[str], limit_mb: int, timeout: float, extra: dict[str, str] | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOOTPRINT_", "X_BEARER"))}
    env.update({"MALLOC_ARENA_MAX": "2", "FOOTPRINT_CACHE": "0", **(extra or {})})

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "analyzer.cli", *args], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit)
        deadline = start + timeout
        status, usage, timed_out = 0, None, False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read()
    first = text.decode("utf-8", "replace").splitlines()[0] if text.strip() else ""
    return {"exit": "timeout" if timed_out else proc.returncode, "seconds": round(time.monotonic() - start, 1),
            "peak_mb": round(usage.ru_maxrss / 1024), "stderr_bytes": len(text),
            "first_line": first.encode("unicode_escape").decode()[:100]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--limit-mb", type=int, default=3000)
    ap.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for name, (args, make) in _cases(d).items():
            if a.only and a.only not in name:
                continue
            make()
            r = run(args, a.limit_mb, a.timeout)
            print(f"{name:30} exit={r['exit']!s:8} {r['seconds']:6.1f}s {r['peak_mb']:6d} MB "
                  f"stderr={r['stderr_bytes']}B  {r['first_line']}", flush=True)
    _live(a.limit_mb, a.timeout, a.only)


if __name__ == "__main__":
    main()
