"""HTML reports without a browser: self-contained, escaped, private by default, nl/en, the CLI."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace

import lxml.html
import pytest

from analyzer.present.report.batch import BatchEntry, page_name, write_batch
from analyzer.present.report.render import render_scan
from analyzer.store import Store
from analyzer.store.runs import InputRow, RunJournal
from tests.report_helpers import (XSS_SCRIPT, cli, experimental_result, functional_result,
                                  history_results, hostile_result, unobservable_result)

STAFF_TEXTS = ("Jan Jansen", "janjansen_gv", "petra-de-vries", "Petra de Vries")


def doc(html: str):
    return lxml.html.document_fromstring(html)


def csp_of(tree) -> str:
    (meta,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']")
    return meta.get("content")


def assert_self_contained(tree) -> None:
    policy = csp_of(tree)
    assert "default-src 'none'" in policy and "img-src data:" in policy and "base-uri 'none'" in policy
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "srcset", "data", "poster", "background", "action", "formaction"):
            assert el.get(attr) is None, (el.tag, attr, el.get(attr))
        if el.tag == "link":
            assert el.get("href", "").startswith("data:"), lxml.html.tostring(el)
        assert not any(a.lower().startswith("on") for a in el.attrib), lxml.html.tostring(el)
    for a in tree.xpath("//a[@href]"):
        href = a.get("href")
        assert re.match(r"^(https?://|[\w.-]+\.html$)", href), href


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_organisation_page_is_self_contained_and_complete(lang):
    html = render_scan(functional_result(), lang=lang, history=history_results())
    tree = doc(html)
    assert_self_contained(tree)
    assert "script-src 'none'" in csp_of(tree) and not tree.xpath("//script")
    assert tree.get("lang") == lang
    label = {"en": "Functional", "nl": "Functioneel"}[lang]
    assert tree.get_element_by_id("phase-label").text_content() == label
    steps = tree.xpath("//svg[contains(@class,'stair')]//g[contains(@class,'step')]")
    assert [s.get("data-phase") for s in steps] == ["ad_hoc", "experimental", "functional", "transformation"]
    assert "current" in steps[2].get("class") and "61%" in steps[2].text_content()
    rows = tree.xpath("//tr[@class='account']")
    assert [r.get("data-platform") for r in rows] == ["x", "facebook", "linkedin", "youtube", "instagram"]
    links = [a.get("href") for a in tree.xpath("//section[@id='evidence']//a")]
    assert "https://www.gemeente-voorbeeld.nl/socialmediabeleid" in links
    assert tree.xpath("//section[@id='history']//svg//circle")  # three scans: a chart
    # numbered #1, #2 ... oldest first, as `footprint history` numbers them (so both can be cited)
    numbers = [td.text_content() for td in tree.xpath("//section[@id='history']//tbody/tr/td[1]")]
    assert numbers == [str(i) for i in range(1, len(history_results()) + 1)]
    assert tree.xpath("//section[@id='history']//thead/tr/th[1]")[0].text_content() == "#"
    colophon = tree.xpath("//footer")[0].text_content()
    assert "builtin 2025.1" in colophon and "0.1.0" in colophon and "bundled-2025.1" in colophon
    gaps = tree.get_element_by_id("coverage").text_content()
    assert "LinkedIn" in gaps and "Instagram" in gaps
    gap_rows = tree.xpath("//section[@id='coverage']//tbody/tr/td[1]")
    assert [td.text_content() for td in gap_rows] == ["Facebook", "Instagram", "LinkedIn"]  # skipped is no gap
    assert "Bluesky" in tree.get_element_by_id("skipped").text_content()


def test_no_history_chart_for_a_single_scan():
    tree = doc(render_scan(functional_result(), history=[functional_result()]))
    assert not tree.xpath("//section[@id='history']")


def test_dutch_page_speaks_dutch():
    text = doc(render_scan(functional_result(), lang="nl")).text_content()
    for needle in ("Geschatte fase", "Volgende stappen", "Wat niet kon worden waargenomen", "gezien 14 mrt 2025",
                   "Plaatst minstens drie keer per week", "Blaas het YouTube-kanaal"):
        assert needle in text, needle
    assert "Next steps" not in text


def test_staff_names_only_with_names():
    html = render_scan(functional_result())
    for text in STAFF_TEXTS:
        assert text not in html
    assert "2 staff account(s) found: LinkedIn 1, X 1." in doc(html).get_element_by_id("staff-summary").text_content()
    named = render_scan(functional_result(), show_names=True)
    for text in STAFF_TEXTS:
        assert text in named


def test_unobservable_page_says_why():
    tree = doc(render_scan(unobservable_result()))
    assert tree.get_element_by_id("phase-label").text_content() == "No estimate: nothing could be observed"
    assert "the host name does not resolve" in tree.get_element_by_id("coverage").text_content()
    assert "The website could not be reached." in tree.get_element_by_id("phase").text_content()
    accounts = tree.get_element_by_id("accounts").text_content()
    assert "could not be observed" in accounts and "No organisation accounts found" not in accounts


def test_hostile_text_is_escaped_and_never_a_link():
    html = render_scan(hostile_result(), lang="en", show_names=True)
    tree = doc(html)
    assert_self_contained(tree)
    assert not tree.xpath("//script | //img | //iframe | //svg[@onload] | //*[@onerror]")
    assert XSS_SCRIPT in tree.text_content()  # shown as text
    assert "javascript:document.title='pwned'" in tree.text_content()
    assert "<script>document" not in html and "<img src=x" not in html
    hrefs = [a.get("href") for a in tree.xpath("//a[@href]")]
    assert hrefs and all(h.startswith("https://") for h in hrefs), hrefs


def test_index_script_is_allowed_by_hash_only(tmp_path):
    entries = [BatchEntry(r.target.key, r) for r in (functional_result(), experimental_result(), hostile_result())]
    write_batch(entries, tmp_path, run="run-1")
    tree = doc((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert_self_contained(tree)
    (script,) = tree.xpath("//script")
    digest = base64.b64encode(hashlib.sha256(script.text.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp_of(tree)
    assert "unsafe-inline" not in csp_of(tree).split("script-src")[1]


def test_batch_writes_an_index_and_a_page_per_scanned_organisation(tmp_path):
    entries = [BatchEntry("gemeente-voorbeeld.nl", functional_result()),
               BatchEntry("bakkerij-dekorst.nl", experimental_result()),
               BatchEntry("offline-stichting.nl", unobservable_result()),
               BatchEntry("geen domein", None, "invalid", "no public suffix")]
    written = write_batch(entries, tmp_path, run="gemeenten", lang="nl")
    assert sorted(p.name for p in written) == [
        "bakkerij-dekorst.nl.html", "gemeente-voorbeeld.nl.html", "index.html", "offline-stichting.nl.html"]
    tree = doc((tmp_path / "index.html").read_text(encoding="utf-8"))
    rows = tree.xpath("//table[@id='orgs']/tbody/tr")
    assert [r.get("data-phase") for r in rows] == ["functional", "experimental", "none", "none"]
    assert [a.get("href") for a in tree.xpath("//table[@id='orgs']//a")] == [
        "gemeente-voorbeeld.nl.html", "bakkerij-dekorst.nl.html", "offline-stichting.nl.html"]
    assert "ongeldige invoer" in rows[3].text_content()
    bars = {g.get("data-phase"): int(g.get("data-count")) for g in tree.xpath("//g[@class='bar']")}
    assert bars == {"ad_hoc": 0, "experimental": 1, "functional": 1, "transformation": 0, "none": 1}
    page = doc((tmp_path / "gemeente-voorbeeld.nl.html").read_text(encoding="utf-8"))
    assert page.xpath("//a[@href='index.html']")


def test_page_names_are_safe_and_unique():
    taken: set[str] = set()
    assert page_name("example.nl/afdeling/zorg", taken) == "example.nl_afdeling_zorg.html"
    assert page_name("example.nl/afdeling?zorg", taken) == "example.nl_afdeling_zorg-2.html"
    assert page_name("../../etc/passwd", taken) == "etc_passwd.html"
    assert page_name("index", taken) == "index-2.html"


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "fp.db"
    with Store(path) as store:
        for r in history_results():
            store.save(replace(r, scan_id=None))
        journal = RunJournal(store)
        rows = [InputRow(1, ("gemeente-voorbeeld.nl",), "gemeente-voorbeeld.nl", "gemeente-voorbeeld.nl"),
                InputRow(2, ("bakkerij-dekorst.nl",), "bakkerij-dekorst.nl", "bakkerij-dekorst.nl"),
                InputRow(3, ("geen domein",), "geen domein", None, "not a domain name"),
                InputRow(4, ("gemeente-voorbeeld.nl",), "gemeente-voorbeeld.nl", "gemeente-voorbeeld.nl")]
        journal.open("gemeenten", "digest-1", "gemeenten.csv", {}, rows)
        store.save(replace(functional_result(), scan_id=None), run="gemeenten")
        store.save(replace(experimental_result(), scan_id=None), run="gemeenten")
    return str(path)


def test_report_command_writes_the_latest_scan_with_history(db, tmp_path):
    out = tmp_path / "out" / "report.html"
    res = cli("report", "gemeente-voorbeeld.nl", "--db", db, "--out", str(out), "--lang", "nl")
    assert res.exit_code == 0, res.output
    tree = doc(out.read_text(encoding="utf-8"))
    assert tree.get_element_by_id("phase-label").text_content() == "Functioneel"
    assert len(tree.xpath("//section[@id='history']//tbody/tr")) == 4  # three history scans + the run's


def test_report_command_a_given_scan(db, tmp_path):
    out = tmp_path / "r.html"
    res = cli("report", "gemeente-voorbeeld.nl", "--db", db, "--out", str(out), "--scan", "1", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["files"] == [str(out)]
    assert doc(out.read_text(encoding="utf-8")).get_element_by_id("phase-label").text_content() == "Experimental"


def test_report_command_for_a_run(db, tmp_path):
    out = tmp_path / "site"
    res = cli("report", "--run", "gemeenten", "--db", db, "--out", str(out))
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "bakkerij-dekorst.nl.html", "gemeente-voorbeeld.nl.html", "index.html"]
    rows = doc((out / "index.html").read_text(encoding="utf-8")).xpath("//table[@id='orgs']/tbody/tr")
    assert len(rows) == 3 and "invalid input" in rows[2].text_content()


@pytest.mark.parametrize("args, message", [
    (["--out", "x.html"], "give either DOMAIN or --run NAME"),
    (["gemeente-voorbeeld.nl", "--run", "gemeenten", "--out", "x"], "give either DOMAIN or --run NAME"),
    (["--run", "gemeenten", "--scan", "1", "--out", "x"], "--scan cannot be combined with --run"),
    (["--run", "onbekend", "--out", "x"], "--run 'onbekend': no batch run of that name"),
    (["gemeente-voorbeeld.nl", "--scan", "77", "--out", "x.html"], "scan 77: not in the store"),
])
def test_report_usage_errors(db, tmp_path, args, message):
    res = cli("report", "--db", db, *args)
    assert res.exit_code == 2, res.output
    assert message in res.output


def test_many_sources_fold_away_behind_a_summary():
    from tests.report_helpers import crowded_result

    tree = doc(render_scan(crowded_result()))
    (block,) = [d for d in tree.xpath("//div[contains(@class,'rule')]") if "Rests on many sources." in d.text_content()]
    assert len(block.xpath("./ul[@class='evidence']/li")) == 4
    (more,) = block.xpath(".//details[@class='more']")
    assert more.xpath("./summary")[0].text_content() == "2 more source(s)"
    assert [a.get("href") for a in more.xpath(".//a")] == [
        "https://www.gemeente-voorbeeld.nl/pers", "https://www.gemeente-voorbeeld.nl/werken"]


def test_phases_below_the_estimate_are_folded_and_give_no_advice():
    tree = doc(render_scan(functional_result()))
    blocks = {b.get("data-phase"): b for b in tree.xpath("//div[contains(@class,'phase-block')]")}
    assert [p for p, b in blocks.items() if b.xpath("./details")] == ["ad_hoc", "experimental"]
    assert blocks["functional"].xpath(".//div[@class='next']")  # the estimated phase: what to fix
    assert blocks["transformation"].xpath(".//div[@class='next']")  # above: what moves it up
    html = render_scan(replace(unobservable_result(), estimate=functional_result().estimate))
    assert len(doc(html).xpath("//div[contains(@class,'phase-block')]/details")) == 2
