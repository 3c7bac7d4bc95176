"""The command line contract: help, version, exit codes, one-line errors, fast start."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args, env=None, timeout=60):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "analyzer.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=full_env, timeout=timeout)


def test_help_lists_every_command():
    out = run("--help")
    assert out.returncode == 0
    for name in ("scan", "batch", "explain", "history", "report", "signals", "rules", "train", "evaluate"):
        assert name in out.stdout


def test_version():
    out = run("--version")
    assert out.returncode == 0 and "footprint" in out.stdout


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from click.testing import CliRunner; from analyzer.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output; "
            "heavy = [m for m in ('sklearn', 'pandas', 'numpy', 'requests', 'lxml', 'tweepy', 'jinja2') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("domain", ["", "1.2.3.4", "localhost", "nl", "not a domain", "jan@gmail.com"])
def test_invalid_input_exits_2_with_one_line(domain):
    out = run("scan", domain, "--json")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert repr(domain) in lines[0]
    assert out.stdout == ""


def test_bad_correction_is_a_usage_error():
    out = run("scan", "example.nl", "--account", "myspace:foo")
    assert out.returncode == 2
    assert "myspace" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_settings_command_lists_every_setting_as_json():
    out = run("settings", "--json")
    assert out.returncode == 0
    names = {row["name"] for row in json.loads(out.stdout)}
    assert {"max_pages", "per_host", "allow_private", "resolve", "x_bearer_token"} <= names


def test_readme_lists_every_setting():
    from analyzer.core.settings import describe_settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [env for _n, env, _d, _doc in describe_settings() if env not in readme]
    assert not missing, f"settings missing from README: {missing}"


def test_signals_states_the_activity_definitions_once():
    out = run("signals")
    assert out.returncode == 0, out.stderr
    assert "accounts[].activity" in out.stdout
    assert "reply.root" in out.stdout and "in_reply_to_account_id" in out.stdout   # what the code follows
    assert out.stdout.count("every rate covers one window ending at as_of") == 1
