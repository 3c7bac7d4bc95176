"""The demo probes of issue 11 move the estimate the right way: silence (--as-of half a year later,
no posts added) lowers the expected phase and P(functional or transformation); taking away the
main active channel does not raise them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.core.types import PHASES

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo" / "zuidhaven.warc.gz"


def figures(tmp_path, *extra):
    result = CliRunner().invoke(main, ["scan", "zuidhaven.nl", "--replay", str(DEMO), "--json",
                                       "--db", str(tmp_path / "db.sqlite"), *extra],
                                env={"XDG_DATA_HOME": str(tmp_path), "X_BEARER_TOKEN": ""}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    p = data["probabilities"]
    return sum(i * p[k] for i, k in enumerate(PHASES)), p["functional"] + p["transformation"], data


@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    return figures(tmp_path_factory.mktemp("capture"))


def test_half_a_year_of_silence_lowers_the_estimate(captured, tmp_path):
    expected, upper, before = captured
    later_expected, later_upper, data = figures(tmp_path, "--as-of", "2027-06-01")
    assert later_expected < expected and later_upper < upper
    assert data["confidence"] <= before["confidence"]      # less seen: never more confident
    assert next(r for r in data["rules"] if r["id"] == "ad_hoc.dormant_accounts")["fired"] is True
    # old mentions no longer count as answered within the window
    assert data["signals"]["mention_response_rate"] is None


def test_removing_the_main_active_channel_does_not_raise_the_estimate(captured, tmp_path):
    expected, upper, before = captured
    fewer_expected, fewer_upper, data = figures(tmp_path, "--not-account", "x:gem_zuidhaven")
    assert fewer_expected <= expected and fewer_upper <= upper
    assert data["confidence"] <= before["confidence"]
    assert "x" not in {a["platform"] for a in data["accounts"] if a["role"] == "official"}
