"""A single scan shows its stages on stderr when stderr is a terminal (a real pseudo-terminal here),
in the chosen language; -q silences them, and a pipe (a script) never gets them."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "fixtures" / "demo" / "zuidhaven.warc.gz"


def _scan_with_terminal_stderr(tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    master, slave = pty.openpty()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path), "COLUMNS": "80"}
    proc = subprocess.Popen([sys.executable, "-m", "analyzer.cli", "scan", "zuidhaven.nl", "--replay", str(DEMO),
                             "--db", str(tmp_path / "fp.db"), *extra],
                            stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, env=env, cwd=REPO)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:   # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    stdout = proc.stdout.read().decode("utf-8")
    proc.stdout.close()
    code = proc.wait(timeout=60)
    os.close(master)
    return code, stdout, b"".join(chunks).decode("utf-8", "replace")


def test_stages_show_in_a_terminal_in_dutch(tmp_path):
    code, stdout, terminal = _scan_with_terminal_stderr(tmp_path, "--lang", "nl")
    assert code == 0, terminal
    stage_lines = [line for line in terminal.splitlines() if line.startswith("… zuidhaven.nl:")]
    assert len(stage_lines) >= 3, terminal
    assert any("website lezen" in line for line in stage_lines) and any("fase schatten" in line for line in stage_lines)
    assert "footprint report" in stdout          # the summary names the next command


def test_quiet_silences_the_stages(tmp_path):
    code, stdout, terminal = _scan_with_terminal_stderr(tmp_path, "-q")
    assert code == 0, terminal
    assert "… zuidhaven.nl:" not in terminal and stdout


def test_a_pipe_gets_no_stages(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "analyzer.cli", "scan", "zuidhaven.nl", "--replay", str(DEMO),
                           "--db", str(tmp_path / "fp.db")], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "… zuidhaven.nl:" not in proc.stderr
