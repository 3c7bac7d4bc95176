"""Presence on login-walled platforms: recorded from the site's links, three-valued when checked."""
from __future__ import annotations

import pytest

from collectors.platforms.presence import PresenceCollector
from tests.platform_helpers import account, findings, scan_context
from tests.servers import Reply, html, redirect

FB = account("facebook", "gemeentevoorbeeldstad", "https://www.facebook.com/gemeentevoorbeeldstad")
LI = account("linkedin", "company:voorbeeldstad", "https://www.linkedin.com/company/voorbeeldstad")
GH = account("github", "voorbeeldstad", "https://github.com/voorbeeldstad")


def run(net, *accounts, **settings):
    with scan_context(net, "voorbeeldstad.nl", **settings) as ctx:
        return PresenceCollector().collect(ctx, findings(*accounts))


def test_presence_recorded_without_any_request(net):
    result = run(net, FB, LI, GH, account("x", "voorbeeldstad"))
    assert (result.coverage.status, result.coverage.reason) == ("partial", "login_wall")
    assert "facebook" in result.coverage.detail and "linkedin" in result.coverage.detail
    values = {e.platform: e.value for e in result.evidence if e.kind == "presence"}
    assert values == {"facebook": {"exists": None, "why": "login_walled", "checked": False},
                      "linkedin": {"exists": None, "why": "login_walled", "checked": False},
                      "github": {"exists": None, "why": "not_read", "checked": False}}
    assert {a.platform for a in result.accounts} == {"facebook", "linkedin", "github"}
    assert all(a.activity is None for a in result.accounts)
    assert net.log == []


def test_only_open_platforms_is_ok(net):
    result = run(net, GH)
    assert result.coverage.status == "ok"


def test_no_accounts_skipped(net):
    result = run(net, account("x", "voorbeeldstad"))
    assert (result.coverage.status, result.coverage.reason) == ("skipped", "no_accounts")


@pytest.mark.parametrize("reply,exists,why", [
    (html("<html><title>Gemeente Voorbeeldstad | Facebook</title><h1>Gemeente</h1></html>"), True, "profile_page"),
    (html("<h1>This page isn't available</h1>", status=404), False, "http_404"),
    (html("<title>Log in to Facebook</title><input type='password'>"), None, "login_wall"),
    (redirect("https://www.facebook.com/login/?next=%2Fgemeentevoorbeeldstad"), None, "login_wall"),
    (Reply(status=999, body=b"<html></html>"), None, "bot_wall"),
    (html("denied", status=403), None, "http_error"),
    (html("slow down", status=429, headers={"Retry-After": "600"}), None, "rate_limited"),
])
def test_existence_check_has_three_outcomes(net, reply, exists, why):
    net.site("www.facebook.com", {"/gemeentevoorbeeldstad": reply,
                                  "/login/": html("<title>Log in to Facebook</title><input type=password>")})
    result = run(net, FB, presence_check=True)
    value = next(e.value for e in result.evidence if e.kind == "presence")
    assert value["exists"] is exists and value["checked"] is True
    assert value["why"] == why
    assert net.hits("www.facebook.com", "/gemeentevoorbeeldstad") == 1
    ownership = next(a.ownership for a in result.accounts if a.platform == "facebook")
    assert ownership == ("doubtful" if exists is False else FB.ownership)


def test_a_profile_found_absent_is_not_an_official_platform(net):
    from analyzer.core.types import Coverage
    from analyzer.signals import compute_signals

    net.site("www.facebook.com", {"/gemeentevoorbeeldstad": html("<h1>Not found</h1>", status=404)})
    result = run(net, FB, presence_check=True)
    signals = compute_signals(result.accounts, result.evidence, {"website": Coverage("website", "ok")},
                              result.evidence[0].observed_at)
    assert signals["official_platforms"].value == 0
    assert signals["unobservable_platforms"].value == 0


def test_robots_refusal_is_unknown_not_absent(net):
    net.site("www.linkedin.com", {"/company/voorbeeldstad": html("x")}, robots="User-agent: *\nDisallow: /\n")
    result = run(net, LI, presence_check=True)
    value = next(e.value for e in result.evidence if e.kind == "presence")
    assert value["exists"] is None and value["why"] == "blocked_by_robots"
    assert net.hits("www.linkedin.com", "/company/voorbeeldstad") == 0
