"""One signal implementation: a simulated organisation and the same organisation served as a website
plus platform APIs on 127.0.0.1 give identical signal rows.

The simulator (analyzer.tools.simulate) turns an organisation into what a scan collects and runs
compute_signals over it; here the same world is rendered into pages and API answers
(tests/simweb.py) and scanned for real with the same as_of. Every signal value must agree. The
worlds cover the four phases, X with and without a token (and with its mentions refused),
Bluesky, Mastodon (on social.overheid.nl too) and YouTube accounts, department accounts, staff
accounts (read by the staff collector on Bluesky and on X with a token), on-site features,
unreadable subpages, a failing collector, and a website that is down (its accounts then come from
Wikidata, opt-in in a scan and switched on for those). Every catalogue signal is compared, also
those the classifier leaves out.
"""
from __future__ import annotations

import pytest

from analyzer.core.normalize import normalize
from analyzer.scan import run_scan
from analyzer.tools.simulate import signal_row, world_of
from tests.simweb import dump, serve_world

# Organisations of the bundled seed (their index), chosen for what they hold (see the ids).
WORLDS = {
    2: "functional-x-token-mentions-refused-mastodon-youtube-department",
    6: "functional-no-x-token-bluesky-mastodon-youtube-stopped-x",
    23: "transformation-all-four-platforms-departments-community",
    91: "transformation-x-token-all-four-platforms",
    99: "transformation-subpages-unreadable",
    143: "transformation-bluesky-collector-failing",
    173: "experimental-few-posts",
    0: "ad-hoc-staff-only",
    1815: "transformation-website-down-accounts-from-wikidata",
    659: "transformation-website-down-bluesky-departments-from-wikidata",
}


@pytest.mark.parametrize("index", list(WORLDS), ids=list(WORLDS.values()))
def test_a_scan_of_the_rendered_organisation_gives_the_simulated_row(index, net):
    world = world_of(index)
    expected = signal_row(world)
    assert expected is not None, "the chosen organisation must be observable"
    serve_world(world, net)
    settings = net.settings(as_of=world.as_of.isoformat(), wikidata=world.website == "failed",
                            x_bearer_token="fixture-token" if world.x_token else "")
    result = run_scan(normalize(world.domain, allow_private=True), settings)
    scanned = {name: sig.value for name, sig in result.signals.items()}
    assert set(expected) == set(scanned)
    differ = {name: (expected[name], scanned[name]) for name in expected if expected[name] != scanned[name]}
    assert not differ, f"simulated vs scanned: {differ}\n{dump(world)}"


def test_the_worlds_cover_what_the_identity_claims():
    worlds = [world_of(i) for i in WORLDS]
    platforms = {a.platform for w in worlds for a in w.accounts}
    assert {"x", "bluesky", "mastodon", "youtube"} <= platforms
    assert {w.phase for w in worlds} == {"ad_hoc", "experimental", "functional", "transformation"}
    assert {w.website for w in worlds} == {"ok", "partial", "failed"}
    assert {w.x_token for w in worlds} == {True, False}
    assert any(w.failed for w in worlds)
    assert any(a.mentions_refused for w in worlds for a in w.accounts)
    assert any(a.role == "department" for w in worlds for a in w.accounts)
    assert any(a.role == "staff" and a.key in w.linked for w in worlds for a in w.accounts)
    assert any(a.handle.endswith("@social.overheid.nl") for w in worlds for a in w.accounts)
    assert any(q.answer for w in worlds for a in w.accounts if a.platform != "x" for q in a.questions)
    rows = [signal_row(w) for w in worlds]
    assert any(r["staff_posts_about_org"] for r in rows) and any(r["staff_active"] for r in rows)  # staff read
    features = {k for w in worlds for k, v in w.features.items() if v}
    assert {"policy_page", "webcare", "webcare_hours", "social_role", "community_platform",
            "ambassador_programme", "embedded_timeline", "share_buttons", "stopped_platform"} <= features
