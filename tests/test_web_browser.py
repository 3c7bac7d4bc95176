"""The review workspace in a real browser (Debian's chromium driven by Playwright), over the real
`footprint serve` and a store filled by a real batch of fixture organisations plus the hostile
organisation of the report tests (every scraped text of it tries to run script).

Screenshots land in artifacts/ (git-ignored) for people to look at.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzer.store import Store
from tests.report_helpers import hostile_result
from tests.servers import FakeInternet
from tests.web_helpers import cli_env, fill_store, start_server, stop_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
GEMEENTE = "zuidhaven.nl"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (apt-get install chromium; CI installs it)")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("webui")
    net = FakeInternet().start(str(home))
    db = fill_store(net, home)
    with Store(db) as store:
        store.save(hostile_result(scan_id=None))
    srv = start_server(cli_env(net, home), db)
    ARTIFACTS.mkdir(exist_ok=True)
    yield srv
    stop_server(srv)
    net.stop()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = ctx.new_page()
        pg.problems, pg.dialogs, pg.elsewhere = [], [], []
        pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}")
              if m.type in ("error", "warning") else None)
        pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))

        def route(r):  # only the workspace itself may be asked for anything
            if r.request.url.startswith(server.url + "/"):
                return r.continue_()
            pg.elsewhere.append(r.request.url)
            return r.abort()

        pg.route("**/*", route)
        yield pg
        assert pg.problems == [] and pg.dialogs == [] and pg.elsewhere == []
        browser.close()


def keys(page) -> list[str]:
    return page.locator("tr.org").evaluate_all("rows => rows.map(r => r.dataset.key)")


def test_filter_sort_assess_and_switch_language(server, page):
    page.goto(server.url + "/?lang=en")
    assert len(keys(page)) == 5
    page.select_option("select[data-column='sector']", "overheid")
    page.click("#apply")
    assert keys(page) == [GEMEENTE]
    page.goto(server.url + "/")
    page.click("th a[data-sort='confidence']")
    page.click("th a[data-sort='confidence']")    # the second click turns the order round
    confidences = page.locator("tr.org").evaluate_all("rows => rows.map(r => r.dataset.key)")
    assert "dir=desc" in page.url and len(confidences) == 5
    page.screenshot(path=str(ARTIFACTS / "web-organisations.png"), full_page=True)

    page.click(f"tr.org[data-key='{GEMEENTE}'] a")
    assert page.locator("#peers").inner_text().count("percentile of") >= 3
    page.fill("#reviewer", "Anne de Vries")
    page.select_option("#your-phase", "functional")
    page.fill("#note", "Webcare checked by phone.")
    page.check("tr[data-account='x:gem_zuidhaven'] input[value='reject']")
    page.click("#save")
    assert page.locator("#saved").is_visible()
    assert "Functional by Anne de Vries" in page.locator("#latest-assessment").inner_text()
    assert "--not-account x:gem_zuidhaven" in page.locator("#corrections").inner_text()
    page.screenshot(path=str(ARTIFACTS / "web-organisation.png"), full_page=True)
    page.locator("#peers").screenshot(path=str(ARTIFACTS / "web-peers.png"))
    page.locator("#review").screenshot(path=str(ARTIFACTS / "web-review.png"))

    page.click("#lang-switch")
    assert "Uw beoordeling" in page.locator("#review h2").inner_text()
    page.goto(server.url + "/agreement")                  # the language sticks (a cookie)
    assert "Overeenstemming" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "web-agreement-nl.png"), full_page=True)
    page.goto(server.url + "/?lang=en")


def test_scraped_script_never_runs(server, page):
    page.goto(server.url + "/")
    page.click("tr.org[data-key='evil-example.nl'] a")
    assert page.title() != "pwned"
    assert "<script>" in page.locator("#all-evidence").inner_text()   # shown as text
    page.goto(server.url + "/?q=evil")
    assert page.title() != "pwned" and keys(page) == ["evil-example.nl"]
