"""`footprint explain`: the scan view, its terminal rendering at 80 columns, and the command."""
from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from rich.cells import cell_len
from rich.console import Console

from analyzer.present.explain import clean, render_scan
from analyzer.present.report.view import safe_link, scan_view
from analyzer.store import Store
from analyzer.core.types import Account
from tests.report_helpers import cli, functional_result, hostile_result, unobservable_result

STAFF_TEXTS = ("Jan Jansen", "janjansen_gv", "petra-de-vries", "Petra de Vries")


def terminal(view: dict, width: int = 80) -> str:
    buf = io.StringIO()
    render_scan(view, Console(file=buf, width=width, color_system=None, legacy_windows=False))
    return buf.getvalue()


def test_rules_are_grouped_per_phase_with_their_evidence():
    view = scan_view(functional_result(), "en")
    functional = next(g for g in view["rules"] if g["phase"] == "functional")
    assert [r["id"] for r in functional["fired"]] == [
        "functional.regular_cadence", "functional.policy", "functional.webcare"]
    assert [r["id"] for r in functional["unmet"]] == ["functional.all_channels_active"]
    assert [r["id"] for r in functional["unknown"]] == ["functional.linkedin_active"]
    cadence = functional["fired"][0]
    assert [e["url"] for e in cadence["evidence"]] == [
        "https://x.com/gemvoorbeeld", "https://www.facebook.com/gemeentevoorbeeld"]
    assert cadence["evidence"][0]["seen"] == "14 Mar 2025"
    assert cadence["evidence"][0]["excerpt"] == "120 posts read, 42% replies to residents"
    assert view["phase"] == "functional" and view["phase_label"] == "Functional"
    assert [p["p"] for p in view["probabilities"]] == [0.03, 0.22, 0.61, 0.14]
    assert [g["relation"] for g in view["rules"]] == ["below", "below", "current", "above"]
    assert [g["relation"] for g in scan_view(unobservable_result(), "en")["rules"]] == [None] * 4


def test_dutch_changes_labels_reasons_and_steps_but_never_ids():
    en, nl = scan_view(functional_result(), "en"), scan_view(functional_result(), "nl")
    assert nl["phase_label"] == "Functioneel" and nl["phase"] == en["phase"] == "functional"
    assert nl["rules"][2]["fired"][0]["reason"] == "Plaatst minstens drie keer per week op twee of meer platforms."
    assert nl["rules"][2]["fired"][0]["id"] == en["rules"][2]["fired"][0]["id"]
    assert nl["next_steps"][0].startswith("Naar de volgende fase: Blaas het YouTube-kanaal")
    assert [c["collector"] for c in nl["coverage"]] == [c["collector"] for c in en["coverage"]]


def test_staff_are_counted_by_default_and_named_only_on_request():
    hidden = json.dumps(scan_view(functional_result(), "en"), ensure_ascii=False)
    for text in STAFF_TEXTS:
        assert text not in hidden
    staff = scan_view(functional_result(), "en")["staff"]
    assert staff["count"] == 2 and staff["roles"] == ["woordvoerder"]
    assert {p["platform"]: p["count"] for p in staff["platforms"]} == {"x": 1, "linkedin": 1}
    shown = json.dumps(scan_view(functional_result(), "en", show_names=True), ensure_ascii=False)
    for text in STAFF_TEXTS:
        assert text in shown


def test_accounts_carry_ownership_and_activity():
    accounts = {a["handle"]: a for a in scan_view(functional_result(), "en")["accounts"]}
    assert set(accounts) == {"gemvoorbeeld", "gemeentevoorbeeld", "company:gemeente-voorbeeld",
                             "@gemeentevoorbeeld", "voorbeeld_jeugd"}
    x = accounts["gemvoorbeeld"]
    assert (x["ownership"], x["platform_verified"], x["active"]) == ("verified", True, True)
    assert (x["posts_per_week"], x["reply_share"], x["sample_size"]) == (12.5, 0.42, 120)
    linkedin = accounts["company:gemeente-voorbeeld"]
    assert linkedin["active"] is None and linkedin["posts_per_week"] is None  # unobserved, not zero


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("make", [functional_result, hostile_result, unobservable_result])
def test_terminal_output_fits_80_columns(lang, make):
    out = terminal(scan_view(make(), lang))
    too_wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not too_wide, too_wide


def test_terminal_output_says_everything_a_reviewer_needs():
    out = terminal(scan_view(functional_result(), "en"))
    for needle in ("Phase: Functional", "61%", "Posts at least three times a week",
                   "https://x.com/gemvoorbeeld", "seen 14 Mar 2025", "“120 posts read",
                   "Every official channel is active", "→ Revive or close the YouTube channel",
                   "gemvoorbeeld", "verified ✓", "12.5", "42%", "2 staff account(s) found",
                   "LinkedIn: unavailable – the platform shows nothing without logging in",
                   "confidence is lower", "Bluesky (no accounts on this platform to read)",
                   "1. Towards the next phase: Revive or close"):
        assert needle in out, needle
    for text in STAFF_TEXTS:
        assert text not in out
    nl = terminal(scan_view(functional_result(), "nl"))
    assert "Fase: Functioneel" in nl and "Volgende stappen" in nl and "12,5" in nl


def test_unobservable_scan_says_why_there_is_no_phase():
    out = terminal(scan_view(unobservable_result(), "en"))
    assert "No estimate: nothing could be observed" in out
    assert "Website: failed – the host name does not resolve" in out
    assert "Accounts could not be observed" in out and "No organisation accounts found" not in out


def test_scraped_text_cannot_inject_markup_or_terminal_codes():
    evil = "[bold red]fake[/] \x1b[2J\x1b]0;title\x07 \u202egnp.exe"
    result = functional_result()
    acct = Account("x", evil, "https://x.com/evil", "official", "claimed")
    out = terminal(scan_view(replace(result, accounts=(acct,)), "en"), width=120)
    assert "[bold red]fake[/]" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert clean("a\x1bb\u2066c") == "a\ufffdb\ufffdc"


@pytest.mark.parametrize("url, link", [
    ("https://example.nl/a", "https://example.nl/a"), ("HTTP://example.nl", "HTTP://example.nl"),
    ("javascript:alert(1)", None), (" javascript:alert(1)", None), ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,x", None), ("vbscript:x", None), ("//example.nl/a", None), ("https:///x", None),
    ("https://exa mple.nl", None), ("java\tscript:alert(1)", None), (None, None), ("", None)])
def test_only_http_urls_become_links(url, link):
    assert safe_link(url) == link


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "fp.db"
    with Store(path) as store:
        store.save(replace(unobservable_result(key="gemeente-voorbeeld.nl"), scan_id=None))
        store.save(replace(functional_result(), scan_id=None))
        store.save(replace(functional_result(key="andere-gemeente.nl"), scan_id=None))
    return str(path)


def test_explain_command_shows_the_latest_stored_scan(db):
    res = cli("explain", "https://www.gemeente-voorbeeld.nl/", "--db", db, "--lang", "nl")
    assert res.exit_code == 0, res.output
    assert "Fase: Functioneel" in res.output and "Regels en bewijs" in res.output
    assert "Jan Jansen" not in res.output


def test_explain_json_is_the_same_content(db):
    res = cli("explain", "gemeente-voorbeeld.nl", "--db", db, "--json")
    assert res.exit_code == 0, res.output
    with Store(db) as store:
        expected = scan_view(store.latest("gemeente-voorbeeld.nl"), "en")
    assert json.loads(res.output) == json.loads(json.dumps(expected))


def test_explain_a_given_scan_and_with_names(db):
    res = cli("explain", "gemeente-voorbeeld.nl", "--db", db, "--scan", "1", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["status"] == "unobservable"
    res = cli("explain", "gemeente-voorbeeld.nl", "--db", db, "--names")
    assert res.exit_code == 0 and "Jan Jansen" in res.output


@pytest.mark.parametrize("args, message", [
    (["--scan", "3"], "--scan 3: that scan is of andere-gemeente.nl, not gemeente-voorbeeld.nl"),
    (["--scan", "99"], "scan 99: not in the store"),
])
def test_explain_wrong_scan_is_a_usage_error(db, args, message):
    res = cli("explain", "gemeente-voorbeeld.nl", "--db", db, *args)
    assert res.exit_code == 2
    assert message in res.output


def test_explain_never_scans_when_nothing_is_stored(net, tmp_path, monkeypatch):
    """No stored scan: explain says how to scan, exit 2, and touches neither the site nor the store."""
    from tests.servers import html

    net.site("bakkerij-dekorst.nl", {"/": html("<html><body><h1>Bakkerij De Korst</h1></body></html>")})
    for name, value in net.env().items():
        monkeypatch.setenv(name, value)
    db = str(tmp_path / "fp.db")
    res = cli("explain", "bakkerij-dekorst.nl", "--db", db, "--json")
    assert res.exit_code == 2
    assert "no stored scan" in res.output and "footprint scan bakkerij-dekorst.nl" in res.output
    assert net.hits("bakkerij-dekorst.nl") == 0
    with Store(db) as store:
        assert store.history("bakkerij-dekorst.nl") == []


def test_evidence_is_grouped_by_source_and_long_lists_are_cut_in_the_terminal():
    from tests.report_helpers import crowded_result

    view = scan_view(crowded_result(), "en")
    rule = next(r for r in view["rules"][2]["fired"] if r["id"] == "functional.many_sources")
    assert len(rule["evidence"]) == 7 and len(rule["sources"]) == 6
    home = rule["sources"][0]
    assert home["count"] == 2 and home["kinds"] == ["link to an account", "website page"]
    assert home["excerpts"] == ["link 0"]   # a page's title ("Welkom") is no evidence: never quoted
    out = terminal(view)
    assert "2 more source(s) (--json)" in out and "over-ons" in out and "werken" not in out


def test_phases_below_the_estimate_are_short_in_the_terminal():
    out = terminal(scan_view(functional_result(), "en"))
    below, rest = out.split("Functional  ◀ estimated phase")
    assert "Ad hoc  (below the estimate; sources in --json)" in below
    assert "The organisation has its own accounts" in below and "https://www.gemeente-voorbeeld.nl/contact" not in below
    assert "https://x.com/gemvoorbeeld" in rest


def test_the_answered_rate_of_a_bluesky_account_shows_with_its_sample():
    from analyzer.core.types import Activity
    from analyzer.present.report.render import render_scan as render_html

    result = functional_result()
    sky = Account("bluesky", "gemeentevoorbeeld.nl", "https://bsky.app/profile/gemeentevoorbeeld.nl",
                  activity=Activity(active=True, posts_per_week=3.0, window_days=90.0, sample_size=38,
                                    mention_response_rate=0.5, mention_sample_size=12,
                                    median_response_minutes=95.0, bounded_by=("search:refused",)))
    result = replace(result, accounts=result.accounts + (sky,))
    for lang, label in (("en", "Answered"), ("nl", "Beantw.")):
        view = scan_view(result, lang)
        row = next(a for a in view["accounts"] if a["platform"] == "bluesky")
        assert row["answered"] == "50% (12)" and row["mention_sample_size"] == 12
        text = terminal(view, width=120)
        assert label in text and "50% (12)" in text
    assert "50% (12)" in render_html(result, lang="en")
