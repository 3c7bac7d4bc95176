"""Crawling: scheme fallback, redirects, page budget, concurrency, gaps, and pages that are broken."""
from __future__ import annotations

import threading
import time

from analyzer.core.types import COVERAGE_REASONS
from collectors.base import UserCorrection
from tests.servers import Reply, html, redirect, text
from tests.website_helpers import keys, kinds, run

FOOTER = '<footer><a href="https://x.com/voorbeeldbv">X</a> <a href="https://www.facebook.com/voorbeeldbv">FB</a></footer>'
PAGES = ("over-ons", "contact", "pers", "vacatures", "team", "huisregels", "klantenservice", "community",
         "ambassadeurs", "about", "careers", "news", "presse", "karriere", "emplois", "a-propos", "ueber-uns")


def home_with_links(n: int = len(PAGES)) -> str:
    links = " ".join(f'<a href="/{p}">{p}</a>' for p in PAGES[:n])
    return f"<html><body><nav>{links}</nav><main><p>Welkom</p></main>{FOOTER}</body></html>"


def page_requests(net, host: str) -> list[str]:
    return [r.path for r in net.log if r.host == host and r.path not in ("/robots.txt", "/sitemap.xml")]


def test_https_first_then_http(net):
    net.site("bakker-voorbeeld.nl", {"/robots.txt": text("User-agent: *\nAllow: /\n")})
    net.route("bakker-voorbeeld.nl", "/", lambda req: Reply(reset=True, body=b"x" * 50) if req.scheme == "https"
              else html(f"<html><body><p>Brood</p>{FOOTER}</body></html>"))
    result = run(net, "bakker-voorbeeld.nl")
    assert result.coverage.status == "ok"
    home = [r.scheme for r in net.log if r.host == "bakker-voorbeeld.nl" and r.path == "/"]
    assert home[0] == "https" and home[-1] == "http"
    (fetched,) = [e for e in kinds(result, "page_fetched") if e.value["role"] == "home"]
    assert fetched.value["final_url"] == "http://bakker-voorbeeld.nl/"
    assert keys(result, "official") == {"x:voorbeeldbv", "facebook:voorbeeldbv"}


def test_redirect_to_canonical_host_is_recorded(net):
    net.fallback("voorbeeld-bv.nl", lambda req: redirect(f"https://www.voorbeeld-bv.nl{req.raw_path}"))
    net.site("www.voorbeeld-bv.nl", {"/": html(home_with_links(2)), "/over-ons": html("<p>Over ons</p>"),
                                     "/contact": html("<p>Contact</p>")})
    result = run(net, "voorbeeld-bv.nl")
    (red,) = kinds(result, "redirect")
    assert red.value == {"from": "https://voorbeeld-bv.nl/", "to": "https://www.voorbeeld-bv.nl/"}
    assert red.excerpt and "www.voorbeeld-bv.nl" in red.excerpt
    # further pages are asked of the canonical host directly
    assert {"/over-ons", "/contact"} <= set(page_requests(net, "www.voorbeeld-bv.nl"))
    assert result.coverage.status == "ok"


def test_page_budget_is_respected(net):
    pages = {"/": html(home_with_links())} | {f"/{p}": html(f"<p>{p}</p>") for p in PAGES}
    net.site("budget-voorbeeld.nl", pages)
    result = run(net, "budget-voorbeeld.nl", max_pages=5)
    asked = page_requests(net, "budget-voorbeeld.nl")
    assert len(asked) == 5 and asked[0] == "/"
    assert len(kinds(result, "page_fetched")) == 5
    result = run(net, "budget-voorbeeld.nl")          # the default: 12 pages in all
    assert len([e for e in kinds(result, "page_fetched") if e.value["role"] != "sitemap"]) == 12


def test_pages_are_fetched_concurrently_within_the_per_host_limit(net):
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def slow(req):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.25)
        with lock:
            state["now"] -= 1
        return html(f"<p>{req.path}</p>")

    net.site("traag-voorbeeld.nl", {"/": html(home_with_links(8))} | {f"/{p}": slow for p in PAGES[:8]})
    started = time.monotonic()
    result = run(net, "traag-voorbeeld.nl", per_host=4)
    elapsed = time.monotonic() - started
    assert result.coverage.status == "ok"
    assert 2 <= state["max"] <= 4, state
    assert elapsed < 8 * 0.25 * 0.75, elapsed    # well under one page after another


def test_blocked_and_slow_pages_make_coverage_partial(net):
    net.site("deels-voorbeeld.nl", {
        "/": html(home_with_links(3)), "/over-ons": html("<p>ok</p>"),
        "/contact": Reply(body=b"<p>late</p>", delay=1.5),
    }, robots="User-agent: *\nDisallow: /pers\n")
    result = run(net, "deels-voorbeeld.nl", read_timeout=0.4, retries=0)
    assert result.coverage.status == "partial"
    assert "blocked_by_robots (1)" in result.coverage.detail and "timeout (1)" in result.coverage.detail
    assert result.coverage.reason in ("blocked_by_robots", "timeout")
    assert net.hits("deels-voorbeeld.nl", "/pers") == 0
    assert keys(result, "official") == {"x:voorbeeldbv", "facebook:voorbeeldbv"}


def test_scan_deadline_leaves_pages_unread_as_budget_exhausted(net):
    net.site("krap-voorbeeld.nl", {"/": Reply(body=home_with_links(3).encode(), delay=0.6)}
             | {f"/{p}": html("<p>x</p>") for p in PAGES[:3]})
    result = run(net, "krap-voorbeeld.nl", budget=0.5)
    assert result.coverage.status == "partial" and result.coverage.reason == "budget_exhausted"
    assert page_requests(net, "krap-voorbeeld.nl") == ["/"]


def test_unreachable_homepage_fails_but_keeps_user_accounts(net):
    net.fallback("weg-voorbeeld.nl", Reply(reset=True, body=b"x" * 50))
    result = run(net, "weg-voorbeeld.nl", retries=0,
                 corrections=(UserCorrection("add", "mastodon", "weg@mastodon.nl"),))
    assert result.coverage.status == "failed"
    assert result.coverage.reason in COVERAGE_REASONS and result.coverage.reason != "internal_error"
    assert "https://weg-voorbeeld.nl/" in result.coverage.detail and "http://weg-voorbeeld.nl/" in result.coverage.detail
    assert keys(result) == {"mastodon:weg@mastodon.nl"}
    assert [e.value["action"] for e in kinds(result, "user")] == ["add"]


def test_login_wall_homepage_is_a_gap(net):
    net.site("intranet-voorbeeld.nl", {
        "/": redirect("/login?next=/"),
        "/login": html('<html><body><form><input name="u"><input type="password" name="p"></form></body></html>'),
    })
    result = run(net, "intranet-voorbeeld.nl")
    assert (result.coverage.status, result.coverage.reason) == ("failed", "login_wall")


def test_bot_wall_on_a_further_page_is_a_gap(net):
    net.site("muur-voorbeeld.nl", {
        "/": html(home_with_links(2)), "/over-ons": html("<p>ok</p>"),
        "/contact": Reply(status=403, body=b"<title>Just a moment...</title>", headers={"cf-mitigated": "challenge"}),
    })
    result = run(net, "muur-voorbeeld.nl")
    assert (result.coverage.status, result.coverage.reason) == ("partial", "bot_wall")


def test_target_with_a_path_stays_under_it(net):
    home = ('<html><body><a href="/faculteit-recht/contact">Contact</a> <a href="/contact">Contact uni</a>'
            '<a href="/faculteit-recht/over-ons">Over ons</a> <a href="https://www.andere-voorbeeld.nl/over-ons">Over</a>'
            f'{FOOTER}</body></html>')
    net.site("www.uni-voorbeeld.nl", {"/faculteit-recht": html(home), "/faculteit-recht/contact": html("<p>c</p>"),
                                      "/faculteit-recht/over-ons": html("<p>o</p>"), "/contact": html("<p>u</p>")})
    net.site("www.andere-voorbeeld.nl", {"/over-ons": html("<p>elders</p>")})
    result = run(net, "https://www.uni-voorbeeld.nl/faculteit-recht")
    assert set(page_requests(net, "www.uni-voorbeeld.nl")) == {"/faculteit-recht", "/faculteit-recht/contact",
                                                               "/faculteit-recht/over-ons"}
    assert net.hits("www.andere-voorbeeld.nl") == 0
    assert result.coverage.status == "ok"
