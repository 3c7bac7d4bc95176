"""The HTML reports in a real headless browser (Debian's chromium driven by Playwright).

Each page is opened from a file:// URL with every request recorded: only the file itself may be
asked for. Screenshots and a PDF land in artifacts/ (git-ignored) for people to look at.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analyzer.present.report.batch import BatchEntry, write_batch
from analyzer.present.report.render import render_scan
from tests.report_helpers import (XSS_SCRIPT, experimental_result, functional_result, history_results,
                                  hostile_result, unobservable_result)

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (apt-get install chromium; CI installs it)")]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports")
    for lang in ("en", "nl"):
        (root / f"org-{lang}.html").write_text(
            render_scan(functional_result(), lang=lang, history=history_results()), encoding="utf-8")
    (root / "hostile.html").write_text(render_scan(hostile_result(), show_names=True), encoding="utf-8")
    entries = [BatchEntry(r.target.key, r) for r in (
        functional_result(), experimental_result(), unobservable_result(), hostile_result(),
        experimental_result(key="kapsalon-knip.nl", scan_id=8))]
    write_batch([*entries, BatchEntry("geen domein", None, "invalid", "no public suffix")],
                root / "batch", run="gemeenten-2025", lang="en")
    ARTIFACTS.mkdir(exist_ok=True)
    return root


@dataclass
class Visit:
    page: object
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser):
    contexts = []

    def open_(path: Path, width: int = 1100) -> Visit:
        ctx = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=True)
        contexts.append(ctx)
        page = ctx.new_page()
        v = Visit(page)
        page.on("console", lambda m: v.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: v.problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (v.dialogs.append(d.message), d.dismiss()))

        def route(r):  # record everything; let only file:// through, so nothing can leave
            v.requests.append(r.request.url)
            return r.continue_() if r.request.url.startswith("file://") else r.abort()

        ctx.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return v

    yield open_
    for ctx in contexts:
        ctx.close()


def assert_texts_inside(page, svg: str) -> None:
    """Every label of the chart lies inside the chart (nothing clipped at an edge)."""
    frame = page.locator(svg).bounding_box()
    for text in page.locator(f"{svg} text").all():
        box = text.bounding_box()
        assert frame["x"] - 0.5 <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5, \
            text.text_content()


def shot(v: Visit, name: str) -> None:
    path = ARTIFACTS / f"report-{name}.png"
    v.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize("lang, phase, policy_link", [
    ("en", "Functional", "https://www.gemeente-voorbeeld.nl/socialmediabeleid"),
    ("nl", "Functioneel", "https://www.gemeente-voorbeeld.nl/socialmediabeleid")])
def test_organisation_page_loads_clean_and_shows_the_essentials(site, visit, lang, phase, policy_link):
    page_file = site / f"org-{lang}.html"
    v = visit(page_file)
    page = v.page
    assert v.requests == [page_file.as_uri()]
    assert v.problems == []
    assert page.locator("#phase-label").inner_text() == phase
    assert page.locator("svg.stair g.step.current").get_attribute("data-phase") == "functional"
    assert page.locator("tr.account").count() == 5
    assert page.locator("tr.account").first.is_visible()
    assert page.locator("tr.account a").first.get_attribute("href") == "https://x.com/gemvoorbeeld"
    link = page.locator(f"#evidence a[href='{policy_link}']")
    assert link.is_visible()
    assert page.locator("#history svg circle").count() == 3
    assert_texts_inside(page, "svg.stair")
    assert_texts_inside(page, "#history svg")
    shot(v, f"org-{lang}")


def test_page_prints_to_pdf(site, visit):
    v = visit(site / "org-en.html")
    v.page.emulate_media(media="print")
    assert v.page.locator("header.masthead").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
    pdf = v.page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "report-org-en.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and 2 <= pages <= 8, pages
    assert v.requests == [(site / "org-en.html").as_uri()]


def test_hostile_texts_are_shown_as_text_and_run_nothing(site, visit):
    v = visit(site / "hostile.html")
    page = v.page
    title = "evil-example.nl – Social media maturity"
    assert page.title() == title
    page.locator("#accounts").hover()
    for handle in page.locator("td.handle").all():
        handle.hover()
    page.wait_for_timeout(100)
    assert page.title() == title
    assert v.dialogs == []
    assert v.problems == []
    assert XSS_SCRIPT in page.locator("#accounts").inner_text()
    assert "javascript:document.title='pwned'" in page.locator("#evidence").inner_text()
    assert page.locator("a[href^='javascript'], a[href^='data'], a[href^='vbscript']").count() == 0
    assert page.evaluate("document.scripts.length") == 0
    assert v.requests == [(site / "hostile.html").as_uri()]
    shot(v, "hostile")


def order(page, column: int) -> list[str]:
    return page.locator(f"#orgs tbody tr:not([hidden]) td:nth-child({column})").all_inner_texts()


def test_batch_index_sorts_and_filters(site, visit):
    index = site / "batch" / "index.html"
    v = visit(index, width=1280)
    page = v.page
    assert v.problems == [] and v.requests == [index.as_uri()]
    assert page.locator("#orgs tbody tr").count() == 6
    page.locator("#orgs th", has_text="Posts/wk").locator("button").click()
    assert order(page, 6) == ["1.1", "1.1", "3.0", "17.6", "–", "–"]  # unobserved always last
    page.locator("#orgs th", has_text="Posts/wk").locator("button").click()
    assert order(page, 6) == ["17.6", "3.0", "1.1", "1.1", "–", "–"]
    assert page.locator("#orgs th[aria-sort='descending']").get_attribute("data-signal") == "posts_per_week"
    page.locator("#orgs th", has_text="Organisation").locator("button").click()
    assert order(page, 1) == ["bakkerij-dekorst.nl", "evil-example.nl", "geen domein", "gemeente-voorbeeld.nl",
                              "kapsalon-knip.nl", "offline-stichting.nl"]
    page.locator("#filter").fill("gemeente")
    assert order(page, 1) == ["gemeente-voorbeeld.nl"] and page.locator("#shown").inner_text() == "1"
    page.locator("#filter").fill("experimental")
    assert sorted(order(page, 1)) == ["bakkerij-dekorst.nl", "evil-example.nl", "kapsalon-knip.nl"]
    page.locator("#filter").fill("")
    page.locator("#phase-filter").select_option("none")
    assert sorted(order(page, 1)) == ["geen domein", "offline-stichting.nl"]
    page.locator("#phase-filter").select_option("")
    page.locator("#filter").fill("zzz-nothing")
    assert page.locator("#no-match").is_visible() and page.locator("#shown").inner_text() == "0"
    page.locator("#filter").fill("")
    assert page.locator("#distribution g.bar[data-phase='experimental']").get_attribute("data-count") == "3"
    assert_texts_inside(page, "#distribution svg")
    shot(v, "index")
    assert page.title() == "Batch report – gemeenten-2025" and v.dialogs == [] and v.problems == []
    page.locator("#orgs a", has_text="gemeente-voorbeeld.nl").click()
    page.wait_for_load_state("load")
    assert page.locator("#phase-label").inner_text() == "Functional"
    assert v.requests == [index.as_uri(), (site / "batch" / "gemeente-voorbeeld.nl.html").as_uri()]


def test_accounts_table_is_usable_at_phone_width(site, visit):
    """At 420 px the accounts table fits the screen: no sideways scrolling, every handle readable whole."""
    v = visit(site / "org-nl.html", width=420)
    page = v.page
    assert v.problems == []
    table = page.locator("tr.account").first.locator("xpath=ancestor::table[1]")
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 420 + 0.5, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    for link in page.locator("tr.account a").all():
        cell = link.bounding_box()
        assert cell["x"] >= 0 and cell["x"] + cell["width"] <= 420 + 0.5, link.inner_text()
    # The organisation's name heads the page, without an internal scan id.
    header = page.locator("header.masthead").inner_text()
    assert "Scan 3" not in header and "scan 3" not in header
    table.scroll_into_view_if_needed()
    path = ARTIFACTS / "report-accounts-420.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
