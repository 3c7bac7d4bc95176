"""Every hand-written fixture site, scanned through the fake internet, gives what its site.toml expects."""
from __future__ import annotations

import pytest

from fixtures.sites import load_site, site_names
from tests.website_helpers import keys, kinds, run, serve_site

SIGNALS = ("policy_page", "webcare", "social_role", "community_platform", "ambassador_programme",
           "embedded_timeline", "share_buttons", "stopped_platform")


def test_there_are_dutch_and_english_sites():
    sites = [load_site(n) for n in site_names()]
    assert len(sites) >= 6
    assert {s.lang for s in sites} >= {"nl", "en"}


@pytest.mark.parametrize("name", site_names())
def test_fixture_site(net, name):
    site = serve_site(net, name)
    result = run(net, site.domain)
    expect = site.expect
    assert result.coverage.status == expect["coverage"], result.coverage
    if "reason" in expect:
        assert result.coverage.reason == expect["reason"]
    assert keys(result, "official") == set(expect.get("official", []))
    assert keys(result, "department") == set(expect.get("department", []))
    assert keys(result, "staff") == set(expect.get("staff", []))
    assert not keys(result) & set(expect.get("not_accounts", []))
    seen = {e.kind for e in result.evidence}
    for signal in expect.get("signals", []):
        assert signal in seen, f"{name}: {signal} not detected"
    for signal in expect.get("absent", []):
        assert signal not in seen, f"{name}: {signal} wrongly detected: {kinds(result, signal)}"
    for ev in result.evidence:
        if ev.kind in SIGNALS:
            assert ev.source_url and ev.excerpt, ev
    if "webcare_hours" in expect:
        assert expect["webcare_hours"] in {e.value["hours"] for e in kinds(result, "webcare")}
    if "stopped" in expect:
        (stop,) = kinds(result, "stopped_platform")
        assert stop.value == {"platform": expect["stopped"], "moved_to": expect["moved_to"]}
    if "sitemap_only" in expect:
        assert net.hits(site.host, expect["sitemap_only"]) == 1
    for acc in result.accounts:
        ids = {e.id for e in result.evidence}
        assert acc.evidence and set(acc.evidence) <= ids
        assert acc.ownership == "claimed"


def test_account_links_keep_every_place(net):
    serve_site(net, "zonnewind")
    result = run(net, "zonnewind.nl")
    x = next(a for a in result.accounts if a.key == ("x", "zonnewind"))
    links = [e for e in result.evidence if e.id in x.evidence and e.kind == "account_link"]
    places = {(e.source_url, e.value["location"]) for e in links}
    assert ("https://www.zonnewind.nl/", "footer") in places
    assert ("https://www.zonnewind.nl/", "meta") in places
    assert ("https://www.zonnewind.nl/", "jsonld") in places
    assert len({src for src, _loc in places}) >= 3        # seen on several pages


def test_staff_and_department_have_their_own_evidence(net):
    serve_site(net, "zonnewind")
    result = run(net, "zonnewind.nl")
    staff = {(e.value["platform"], e.value["handle"]) for e in kinds(result, "staff_account")}
    assert staff == {("x", "evertjansen"), ("linkedin", "in:evert-jansen-zonnewind")}
    (dept,) = kinds(result, "department_account")
    assert dept.value == {"platform": "x", "handle": "werkenbijzonnewind", "unit": "careers"}
