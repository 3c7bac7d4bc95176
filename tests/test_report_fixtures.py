"""Reports of the fixture organisations, scanned for real over the fake internet, in chromium.

Where test_report_browser.py uses hand-built results, this module takes whatever the real scan
makes of fixtures/orgs/ (collectors, signals, rules, classifier), so the report is checked against
the shapes real evidence comes in: many observations per rule, platform URLs, post links.
"""
from __future__ import annotations

import os

import pytest

from analyzer.present.i18n import phase_label
from analyzer.present.report.batch import BatchEntry, write_batch
from tests.orgsim import load_orgs, scan_org
from tests.servers import FakeInternet
from tests.test_report_browser import ARTIFACTS, CHROMIUM, browser, visit  # noqa: F401  (fixtures)

ORGS = ("func-gemeente", "trans-koffie", "adhoc-bakkerij")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (apt-get install chromium; CI installs it)")]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    net = FakeInternet().start(str(tmp_path_factory.mktemp("net")))
    try:
        with pytest.MonkeyPatch.context() as mp:  # keep the user's data directory out of it
            mp.setenv("XDG_DATA_HOME", str(home / "data"))
            mp.setenv("HOME", str(home))
            specs = {spec.name: spec for spec in load_orgs()}
            results = [scan_org(specs[name], net, cache=False) for name in ORGS]
    finally:
        net.stop()
    out = tmp_path_factory.mktemp("fixture-reports")
    ARTIFACTS.mkdir(exist_ok=True)
    write_batch([BatchEntry(r.target.key, r) for r in results], out, run="fixtures", lang="nl")
    return out, results


def test_fixture_organisations_render_and_load_clean(scanned, visit):
    out, results = scanned
    assert len(results) == len(ORGS)
    for result in results:
        page_file = out / f"{result.target.key}.html"
        v = visit(page_file)
        page = v.page
        assert v.problems == [] and v.dialogs == []
        assert v.requests == [page_file.as_uri()]
        expected = phase_label(result.estimate.phase, "nl") if result.estimate.phase else None
        assert page.locator("#phase-label").inner_text() == (expected or "Geen schatting: er kon niets worden waargenomen")
        official = [a for a in result.accounts if a.role != "staff"]
        assert page.locator("tr.account").count() == len(official)
        links = page.locator(".phase-block:not(.below) .rule a.src")
        assert links.count() > 0 and links.first.is_visible()
        assert links.first.get_attribute("href").startswith(("https://", "http://"))
    v.page.screenshot(path=str(ARTIFACTS / "report-fixture.png"), full_page=True)
    index = out / "index.html"
    v = visit(index, width=1280)
    assert v.problems == [] and v.requests == [index.as_uri()]
    assert v.page.locator("#orgs tbody tr").count() == len(ORGS)
    v.page.screenshot(path=str(ARTIFACTS / "report-fixture-index.png"), full_page=True)
