"""The set-up a new user follows: the README's two commands, CI running the same, the contracts page."""
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRACTS = ROOT / "docs" / "contracts.md"


def _fences(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", text, re.S)]


def _setup_section() -> str:
    return README.split("## Two commands on a fresh machine", 1)[1].split("\n## ", 1)[0]


def test_ci_runs_the_readme_test_command_exactly():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_cmd = [line.strip() for line in ci.splitlines()
              if "pytest" in line and not line.lstrip().startswith("#")]
    assert len(ci_cmd) == 1, ci_cmd
    assert ci_cmd[0] == _fences(_setup_section())[1]


def test_readme_commands_install_into_a_venv():
    # PEP 668: a stock Debian/Ubuntu system Python refuses `pip install .`; CI runs as root there too.
    commands = _fences(_setup_section())
    assert len(commands) == 2
    for cmd in commands:
        assert cmd.startswith("python3 -m venv .venv && .venv/bin/python -m pip install"), cmd
        assert not re.search(r"(^|&& )python3 -m pip", cmd), cmd
        assert "--break-system-packages" not in cmd and "sudo" not in cmd
    assert "--replay fixtures/demo/" in commands[0] and ".venv/bin/footprint scan" in commands[0]


def test_readme_names_python_version_and_python3_venv_before_the_commands():
    section = _setup_section()
    before = section.split("```bash", 1)[0]
    required = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    version = required.removeprefix(">=")
    assert f"Python {version} or newer" in before
    assert sum("python3-venv" in line for line in before.splitlines()) == 1


def test_readme_links_the_contracts_page_not_design_md():
    assert "DESIGN.md" not in README
    assert "(docs/contracts.md)" in README
    assert CONTRACTS.is_file()


def test_contracts_page_names_every_command():
    from analyzer.cli import COMMANDS

    text = CONTRACTS.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("- Commands:"))
    block = text[text.index(line):].split("\n- ", 1)[0]
    missing = [name for name in COMMANDS if f"`{name}" not in block]
    assert not missing, f"commands missing from docs/contracts.md: {missing}"


def _design() -> Path | None:
    for parent in ROOT.parents:
        candidate = parent / "shared" / "DESIGN.md"
        if candidate.is_file():
            return candidate
    return None


def test_contracts_page_is_the_design_contract_text():
    design = _design()
    if design is None:
        pytest.skip("the design document is not beside this checkout")
    text = design.read_text(encoding="utf-8")
    start = text.index("## Contracts others rely on")
    section = text[start:text.index("\n## ", start + 5)].strip()
    page = CONTRACTS.read_text(encoding="utf-8")
    assert page[page.index("## Contracts others rely on"):].strip() == section, \
        "docs/contracts.md differs from the design's contract sections: copy them again"
