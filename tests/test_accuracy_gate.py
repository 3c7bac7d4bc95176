"""The accuracy gate: held-out figures may not drop beyond the tolerance pinned in accuracy_gate.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

GATE = json.loads((Path(__file__).parent / "accuracy_gate.json").read_text(encoding="utf-8"))
LOWER_IS_BETTER = {"brier", "max_off"}


@pytest.fixture(scope="module")
def measured():
    from analyzer.scoring import BUNDLED_EXPORT, load_scoring_model
    from analyzer.tools.evaluate import heldout_knockouts
    from analyzer.features import read_heldout
    from analyzer.rules import load_rules

    return heldout_knockouts(read_heldout(), load_scoring_model(BUNDLED_EXPORT), load_rules(None))


PINNED = [(variant, method, metric, value)
          for variant, methods in GATE["heldout"].items()
          for method, metrics in methods.items()
          for metric, value in metrics.items()]


@pytest.mark.parametrize("variant,method,metric,pinned", PINNED,
                         ids=[f"{v}-{m}-{k}" for v, m, k, _ in PINNED])
def test_no_drop_beyond_the_tolerance(measured, variant, method, metric, pinned):
    value = getattr(measured[variant][method], metric)
    tolerance = GATE["tolerance"][metric]
    if metric in LOWER_IS_BETTER:
        assert value <= pinned + tolerance, f"{variant} {method} {metric} rose to {value:.3f} (pinned {pinned})"
    else:
        assert value >= pinned - tolerance, f"{variant} {method} {metric} fell to {value:.3f} (pinned {pinned})"


def test_the_bar_holds_on_the_heldout_set(measured):
    combined = measured["as read"]["combined"]
    assert combined.accuracy >= GATE["bar"]["accuracy"]
    assert combined.max_off <= GATE["bar"]["max_off"]


def test_the_heldout_set_is_what_the_readme_promises():
    from analyzer.features import read_heldout

    orgs = read_heldout()
    for phase in ("ad_hoc", "experimental", "functional", "transformation"):
        group = [o for o in orgs if o.phase == phase]
        assert len(group) >= 4
        assert {o.meta["lang"] for o in group} == {"nl", "en"}
        assert all(o.meta["justification"].strip() for o in group)
    assert {"small", "large"} <= {o.meta["size"] for o in orgs}
    simulated_ids = {line.split(",", 1)[0] for line in
                     (Path(__file__).parents[1] / "fixtures" / "labelled" / "simulated.csv").read_text().splitlines()}
    assert not simulated_ids & {o.org_id for o in orgs}
