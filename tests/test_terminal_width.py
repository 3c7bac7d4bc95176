"""At 80 and 120 columns handles and URLs are shown whole, never cut or split (people copy them)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "fixtures" / "demo" / "zuidhaven.warc.gz"


def footprint(root: Path, width: int, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO), "FOOTPRINT_CACHE": "0", "COLUMNS": str(width),
           "FOOTPRINT_DB": str(root / "fp.db")}
    proc = subprocess.run([sys.executable, "-m", "analyzer.cli", *args], env=env, cwd=root,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    root = tmp_path_factory.mktemp("width")
    data = json.loads(footprint(root, 120, "scan", "zuidhaven.nl", "--replay", str(DEMO), "--json"))
    return root, data


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("command", ["scan", "explain"])
def test_handles_and_urls_are_whole_on_one_line(scanned, width, command):
    root, data = scanned
    args = ["scan", "zuidhaven.nl", "--replay", str(DEMO)] if command == "scan" else ["explain", "zuidhaven.nl"]
    out = footprint(root, width, *args)
    lines = out.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines)
    handles = [a["handle"] for a in data["accounts"] if a["role"] != "staff"]
    assert handles
    for handle in handles:
        assert any(handle in line for line in lines), f"{handle} cut or split at {width} columns"
    assert "…" not in "".join(line for line in lines if any(h[:6] in line for h in handles))
    if command == "explain":
        urls = {e["source_url"] for e in data["evidence"] if e["source_url"]
                and len(e["source_url"]) <= width - 6 and e["kind"] != "page_fetched"}
        shown = [u for u in urls if u in out]
        assert shown, "no evidence URL shown"
        for url in shown:
            assert any(url in line for line in lines)
        # a URL is never split: every source line holds a whole URL of the evidence
        every = {e["source_url"] for e in data["evidence"] if e["source_url"]}
        for line in lines:
            head = line.strip()
            if head.startswith("• http"):
                assert head[2:].strip() in every, f"cut URL at {width} columns: {line!r}"
