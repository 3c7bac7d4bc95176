"""The labelled data: the simulated set is reproducible, knock-outs hide what they should."""
from __future__ import annotations

import pytest

from analyzer.core.errors import UsageError
from analyzer.features import FEATURES, labelled_dir, parse_phase, read_heldout, read_simulated
from analyzer.tools.simulate import Observation, knock_out_subpages, knock_out_x, simulate, write_csv


def test_the_bundled_simulated_set_is_exactly_what_the_generator_writes(tmp_path):
    out = tmp_path / "simulated.csv"
    write_csv(simulate(), out)
    assert out.read_bytes() == (labelled_dir() / "simulated.csv").read_bytes()


def test_the_same_organisations_are_scanned_again_under_other_observations():
    plain = simulate(40, seed=4)
    no_x = simulate(40, seed=4, how=Observation(x_token=False, subpages=False))
    assert [(r["org_id"], r["phase"], r["size"]) for r in plain] == [(r["org_id"], r["phase"], r["size"]) for r in no_x]
    # Without X only Bluesky and Mastodon threads give answered questions; with the subpages
    # unread the website coverage is partial and what they hold is not found (False, as in a scan).
    assert all(r["mention_response_rate"] is None for r in no_x if not r["fediverse_accounts"])
    assert not any(r["policy_page"] for r in no_x)
    assert all(r["policy_page"] is False for r in no_x if r["website_observed"])
    assert any(r["mention_response_rate"] is not None for r in plain)


def test_simulated_rows_respect_the_catalogue_semantics():
    rows = simulate(400, seed=2)
    for r in rows:
        assert set(FEATURES) <= set(r)
        assert r["official_platforms"] == r["observable_platforms"] + r["unobservable_platforms"]
        if r["observable_platforms"] == 0:
            assert r["active_platforms"] is None and r["posts_per_week"] is None
        if not r["website_observed"]:
            assert r["staff_accounts"] is None and r["policy_page"] is None
        assert 0 <= r["coverage_ratio"] <= 1
    assert {r["phase"] for r in rows} == {"ad_hoc", "experimental", "functional", "transformation"}


def test_knocking_out_x_and_subpages_on_a_heldout_organisation():
    org = next(o for o in read_heldout() if o.org_id == "northfield-brewing")
    x = knock_out_x(org.values, org.meta["x"])
    assert x["mention_response_rate"] is None and x["observable_platforms"] == 0
    assert x["unobservable_platforms"] == 3 and x["posts_per_week"] is None and x["active_platforms"] is None
    sub = knock_out_subpages(org.values)
    assert sub["policy_page"] is None and sub["webcare"] is None and sub["embedded_timeline"] == 0.0
    assert sub["staff_accounts"] == 0
    unread = next(o for o in read_heldout() if o.meta["x"] == "unread")
    assert knock_out_x(unread.values, "unread") == unread.values  # X was never read there


@pytest.mark.parametrize("text,phase", [("Experimenteel", "experimental"), ("ad hoc", "ad_hoc"),
                                        ("TRANSFORMATIE", "transformation"), ("functional", "functional")])
def test_phase_labels_in_dutch_and_english(text, phase):
    assert parse_phase(text, "here") == phase


def test_bad_labelled_files_name_the_file_and_the_row(tmp_path):
    with pytest.raises(UsageError, match=r"labels.csv row 2: 'expert' is not a phase"):
        parse_phase("expert", f"{tmp_path / 'labels.csv'} row 2")
    bad = tmp_path / "sim.csv"
    bad.write_text("org_id,phase\na,ad_hoc\n")
    with pytest.raises(UsageError, match="sim.csv: missing columns"):
        read_simulated(bad)
    rows = simulate(4, seed=1)
    rows[1]["posts_per_week"] = "lots"
    write_csv(rows, bad)
    with pytest.raises(UsageError, match="sim.csv row 3 column posts_per_week: 'lots' is not a number"):
        read_simulated(bad)


# Directions declared for defensibility, not read from the data: being unobserved never raises the
# estimate, although mature organisations, having more channels, have more unreadable ones.
COVERAGE_DIRECTIONS = {"unobservable_platforms", "website_observed", "coverage_ratio"}


def test_declared_directions_agree_with_the_simulated_phases():
    """Each directed signal moves its declared way on the bundled simulated set, from ad hoc to
    transformation and from experimental to functional (mean of the observed values)."""
    from analyzer.signals import SIGNALS

    orgs = read_simulated()

    def mean(name, phase):
        values = [o.values[name] for o in orgs if o.phase == phase and o.values[name] is not None]
        return sum(values) / len(values)

    for sig in SIGNALS:
        if not sig.direction or sig.name not in FEATURES or sig.name in COVERAGE_DIRECTIONS:
            continue
        for low, high in (("ad_hoc", "transformation"), ("experimental", "functional")):
            assert (mean(sig.name, high) - mean(sig.name, low)) * sig.direction > 0, (sig.name, low, high)
