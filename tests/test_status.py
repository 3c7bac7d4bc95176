"""One status decision (analyzer.status) used by the estimate and the JSON; the schema refuses an
unobservable scan that carries a phase or probabilities."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.core.types import Account, Coverage
from analyzer.present.output import validate_scan_json
from analyzer.status import scan_status

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo" / "zuidhaven.warc.gz"
ACCOUNT = Account("x", "org", "https://x.com/org")


@pytest.mark.parametrize("accounts,coverage,expected", [
    ((), {"website": Coverage("website", "failed", "timeout")}, "unobservable"),
    ((ACCOUNT,), {"website": Coverage("website", "failed", "timeout"), "wikidata": Coverage("wikidata", "ok")}, "partial"),
    ((ACCOUNT,), {"website": Coverage("website", "failed", "timeout"), "wikidata": Coverage("wikidata", "skipped")},
     "unobservable"),
    ((), {"website": Coverage("website", "ok"), "x": Coverage("x", "skipped", "no_accounts")}, "complete"),
    ((ACCOUNT,), {"website": Coverage("website", "ok"), "x": Coverage("x", "unavailable", "no_token")}, "partial"),
])
def test_the_one_status_decision(accounts, coverage, expected):
    assert scan_status(accounts, coverage) == expected


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["scan", "zuidhaven.nl", "--replay", str(DEMO), "--json",
                                       "--db", str(tmp / "db.sqlite")],
                                env={"XDG_DATA_HOME": str(tmp), "X_BEARER_TOKEN": ""}, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_schema_refuses_an_unobservable_scan_with_a_phase(demo_json):
    validate_scan_json(demo_json)
    doctored = dict(demo_json, status="unobservable")
    with pytest.raises(jsonschema.ValidationError):
        validate_scan_json(doctored)
    with pytest.raises(jsonschema.ValidationError):
        validate_scan_json(dict(doctored, phase=None, phase_label=None))   # probabilities still there
    validate_scan_json(dict(doctored, phase=None, phase_label=None, probabilities=None))


def test_schema_refuses_a_phase_without_probabilities(demo_json):
    with pytest.raises(jsonschema.ValidationError):
        validate_scan_json(dict(demo_json, probabilities=None))
