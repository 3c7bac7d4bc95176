"""The Mastodon collector against a fake social.overheid.nl speaking the Mastodon API shapes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from collectors.platforms.mastodon import MastodonCollector
from tests.platform_helpers import (with_activity, M_ID, NOW, account, data, findings, fixture_reply, scan_context,
                                    serve_mastodon)
from tests.servers import Reply, json_reply

HOST = "social.overheid.nl"
MAIN = account("mastodon", "voorbeeldstad@social.overheid.nl", "https://social.overheid.nl/@voorbeeldstad")


def run(net, *accounts, domain="voorbeeldstad.nl", **settings):
    with scan_context(net, domain, **settings) as ctx:
        return with_activity(MastodonCollector().collect(ctx, findings(*accounts)))


def expected(pages=(1, 2, 3), end=NOW):
    rows = [s for p in pages for s in data(f"mastodon/statuses_voorbeeldstad_p{p}.json")]
    horizon = (end - timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%S")
    rows = [s for s in rows if s["created_at"] >= horizon]
    reblogs = sum(s["reblog"] is not None for s in rows)
    replies = sum(s["in_reply_to_account_id"] not in (None, M_ID) for s in rows)
    return len(rows), reblogs, replies


def test_government_instance_account_paginates_and_is_verified(net):
    serve_mastodon(net)
    result = run(net, MAIN)
    assert result.coverage.status == "ok", result.coverage
    acc = result.accounts[0]
    act = acc.activity
    n, reblogs, replies = expected()
    assert act.sample_size == n == 90 and act.window_days == 90
    assert act.posts_per_week == pytest.approx(n / (90 / 7), rel=1e-3)
    # the shares divide by the posts of the window at the latest post (two hours ago): silence
    # since then thins them (analyzer.signals.activity_model, DEFINITIONS["silence"])
    base, _, _ = expected(end=NOW - timedelta(hours=2))
    assert act.repost_share == pytest.approx(reblogs / base, abs=1e-4)
    assert act.reply_share == pytest.approx(replies / base, abs=1e-4)      # self-threads excluded
    assert act.last_post_at == NOW - timedelta(hours=2) and act.active is True
    assert act.followers == 1543
    assert acc.ownership == "verified"
    proof = next(e for e in result.evidence if e.kind == "ownership_proof")
    assert proof.value["method"] == "rel_me" and "voorbeeldstad.nl" in proof.value["detail"]
    profile = next(e for e in result.evidence if e.kind == "profile")
    assert profile.value["government_instance"] is True and profile.value["instance"] == HOST
    staff = [a for a in result.accounts if a.role == "staff"]
    assert [(a.handle, a.url) for a in staff] == [("pvanderberg@social.overheid.nl",
                                                   "https://social.overheid.nl/@pvanderberg")]
    # Three pages via the Link header: the third reached past 90 days, so no fourth was asked.
    assert net.hits(HOST, f"/api/v1/accounts/{M_ID}/statuses") == 3


def test_webfinger_finds_the_hosting_server(net):
    serve_mastodon(net)
    net.route("voorbeeldstad.nl", "/api/v1/accounts/lookup", json_reply({"error": "Record not found"}, status=404))
    net.route("voorbeeldstad.nl", "/.well-known/webfinger", fixture_reply("mastodon/webfinger_voorbeeldstad.json"))
    result = run(net, account("mastodon", "voorbeeldstad@voorbeeldstad.nl"))
    assert result.coverage.status == "ok", result.coverage
    assert result.accounts[0].activity.sample_size == 90


@pytest.mark.parametrize("status,fixture,reason", [
    (404, "mastodon/error_404.json", "not_found"),
    (410, "mastodon/error_410.json", "suspended"),
])
def test_unknown_and_suspended_accounts(net, status, fixture, reason):
    serve_mastodon(net)
    net.route(HOST, "/api/v1/accounts/lookup", fixture_reply(fixture, status=status))
    result = run(net, MAIN)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", reason)
    assert result.accounts[0].activity is None


def test_closed_api_falls_back_to_rss(net):
    serve_mastodon(net)
    net.route(HOST, f"/api/v1/accounts/{M_ID}/statuses", fixture_reply("mastodon/error_401.json", status=401))
    result = run(net, MAIN)
    assert result.coverage.status == "ok", result.coverage
    act = result.accounts[0].activity
    rss_posts = sum(1 for s in data("mastodon/statuses_voorbeeldstad_p1.json")[:20]
                    if s["reblog"] is None and s["in_reply_to_id"] is None)   # what the feed lists
    assert act.sample_size == rss_posts
    assert act.reply_share is None and act.repost_share is None      # RSS shows neither
    assert act.last_post_at == NOW - timedelta(hours=2)
    kept = next(e for e in result.evidence if e.kind == "posts_read")
    assert kept.value["source"] == "rss" and act.source == "rss"     # never mixed silently with the API
    assert net.hits(HOST, "/@voorbeeldstad.rss") == 1


def test_empty_account_and_bad_answers(net):
    serve_mastodon(net)
    net.route(HOST, f"/api/v1/accounts/{M_ID}/statuses", json_reply([]))
    act = run(net, MAIN).accounts[0].activity
    assert act.active is False and act.posts_per_week == 0.0 and act.sample_size == 0
    net.route(HOST, f"/api/v1/accounts/{M_ID}/statuses", Reply(body=b"[{", content_type="application/json"))
    result = run(net, MAIN)
    assert (result.coverage.status, result.coverage.reason) == ("partial", "malformed")
    net.route(HOST, f"/api/v1/accounts/{M_ID}/statuses", json_reply(
        {"error": "Too many requests"}, status=429,
        headers={"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                 "X-RateLimit-Reset": "2025-06-02T12:05:00.000Z", "Retry-After": "300"}))
    result = run(net, MAIN)
    assert (result.coverage.status, result.coverage.reason) == ("partial", "rate_limited")
    net.route(HOST, "/api/v1/accounts/lookup", Reply(hang=True))
    assert run(net, MAIN).coverage.reason == "timeout"


def test_pagination_never_leaves_the_instance(net):
    serve_mastodon(net)
    evil = f'<https://elsewhere.example.org/api/v1/accounts/{M_ID}/statuses?max_id=1>; rel="next"'
    net.route(HOST, f"/api/v1/accounts/{M_ID}/statuses", fixture_reply(
        "mastodon/statuses_voorbeeldstad_p1.json", headers={"Link": evil}))
    result = run(net, MAIN)
    assert result.accounts[0].activity.sample_size == 40
    assert net.hits("elsewhere.example.org") == 0


def test_bad_handle_is_a_gap_not_a_crash(net):
    result = run(net, account("mastodon", "zonderinstance"))
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "invalid_input")
