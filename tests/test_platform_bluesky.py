"""The Bluesky collector against a fake public.api.bsky.app speaking the AppView shapes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from collectors.platforms.bluesky import BlueskyCollector
from tests.platform_helpers import (with_activity, NOW, XRPC, account, data, findings, fixture_reply, org_site,
                                    scan_context, serve_bluesky)
from tests.servers import Reply, json_reply, text

HOST = "public.api.bsky.app"
MAIN = account("bluesky", "voorbeeldstad.nl", "https://bsky.app/profile/voorbeeldstad.nl")
JOBS = account("bluesky", "werkenbij.voorbeeldstad.nl", "https://bsky.app/profile/werkenbij.voorbeeldstad.nl")


def run(net, *accounts, domain="voorbeeldstad.nl", **settings):
    with scan_context(net, domain, **settings) as ctx:
        return with_activity(BlueskyCollector().collect(ctx, findings(*accounts)))


def expected_feed_counts():
    """What fixtures/api/make.py put in the first two pages, within 90 days of NOW."""
    feed = data("bluesky/feed_voorbeeldstad_p1.json")["feed"][1:] + data("bluesky/feed_voorbeeldstad_p2.json")["feed"]
    horizon = NOW - timedelta(days=90)
    rows = []
    for item in feed:
        repost = "reason" in item
        when = item["reason"]["indexedAt"] if repost else item["post"]["record"]["createdAt"]
        if when >= horizon.strftime("%Y-%m-%dT%H:%M:%S"):
            parent = (item["post"]["record"].get("reply") or {}).get("parent", {}).get("uri", "")
            rows.append((repost, bool(parent) and "vbstad" not in parent))
    return len(rows), sum(r for r, _ in rows), sum(o for _, o in rows)


def test_municipality_domain_handle_activity_and_department(net):
    serve_bluesky(net)
    org_site(net, "voorbeeldstad.nl")
    result = run(net, MAIN, JOBS)
    assert result.coverage.status == "ok", result.coverage
    main = next(a for a in result.accounts if a.handle == "voorbeeldstad.nl")
    act = main.activity
    n, reposts, replies = expected_feed_counts()
    assert act.sample_size == n and 55 <= n <= 61
    assert act.repost_share == pytest.approx(reposts / n, abs=1e-4)
    assert act.reply_share == pytest.approx(replies / n, abs=1e-4)    # self-thread replies excluded
    # Two pages (the cap) ended inside 90 days: the window runs from the oldest post read.
    assert act.window_days == pytest.approx((5 + 36 * 59) / 24, abs=0.01) and act.active is True
    assert act.posts_per_week == pytest.approx(n / (act.window_days / 7), rel=1e-3)
    assert act.last_post_at == NOW - timedelta(hours=5)
    assert act.followers == 2380 and act.gap_cv is not None and act.gap_cv < 0.5
    assert main.ownership == "verified" and main.role == "official"
    proofs = [e.value["method"] for e in result.evidence if e.kind == "ownership_proof"]
    assert proofs.count("domain_handle") == 2
    jobs = next(a for a in result.accounts if a.handle == "werkenbij.voorbeeldstad.nl")
    assert jobs.role == "department"
    dept = [e for e in result.evidence if e.kind == "department_account"]
    assert any(e.value["unit"] == "recruitment" and e.value["handle"] == jobs.handle for e in dept)
    staff = {a.handle: a for a in result.accounts if a.role == "staff"}
    assert set(staff) == {"jdevries.bsky.social", "m.devries.bsky.social"}
    sources = {e.value["handle"]: e.value["source"] for e in result.evidence if e.kind == "staff_account"}
    assert sources["jdevries.bsky.social"] == "official_profile_mention"
    assert sources["m.devries.bsky.social"] == "bluesky_actor_search:bio_names_domain"
    # Bounded: the third feed page (reaching past 90 days) was never asked for.
    assert net.hits(HOST, XRPC + "app.bsky.feed.getAuthorFeed") == 3   # 2 main + 1 jobs


def test_atproto_did_on_the_domain_proves_ownership(net):
    serve_bluesky(net)
    did = data("bluesky/profile_voorbeeldstad.json")["did"]
    profile = dict(data("bluesky/profile_voorbeeldstad.json"), handle="gemeentevbs.bsky.social")
    net.route(HOST, XRPC + "app.bsky.actor.getProfile", json_reply(profile))
    org_site(net, "voorbeeldstad.nl", {"/.well-known/atproto-did": text(did)})
    result = run(net, account("bluesky", "gemeentevbs.bsky.social"))
    proof = next(e for e in result.evidence if e.kind == "ownership_proof")
    assert proof.value["method"] == "atproto_did"
    assert proof.source_url == "https://voorbeeldstad.nl/.well-known/atproto-did"
    assert result.accounts[0].ownership == "verified"


def test_other_did_on_the_domain_is_no_proof(net):
    serve_bluesky(net)
    profile = dict(data("bluesky/profile_voorbeeldstad.json"), handle="gemeentevbs.bsky.social")
    net.route(HOST, XRPC + "app.bsky.actor.getProfile", json_reply(profile))
    org_site(net, "voorbeeldstad.nl", {"/.well-known/atproto-did": text("did:plc:someoneelse")})
    result = run(net, account("bluesky", "gemeentevbs.bsky.social"))
    assert result.accounts[0].ownership == "claimed"
    assert not [e for e in result.evidence if e.kind == "ownership_proof"]


def test_taken_down_and_unknown_accounts(net):
    serve_bluesky(net)
    result = run(net, account("bluesky", "geschorst.bsky.social"))
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "suspended")
    result = run(net, account("bluesky", "niemand.bsky.social"))
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "not_found")
    assert result.accounts[0].activity is None


def test_empty_feed_is_an_observed_silence(net):
    serve_bluesky(net)
    net.route(HOST, XRPC + "app.bsky.feed.getAuthorFeed", fixture_reply("bluesky/feed_empty.json"))
    result = run(net, MAIN)
    act = result.accounts[0].activity
    assert act.active is False and act.posts_per_week == 0.0 and act.sample_size == 0
    assert act.window_days == 90 and act.reply_share is None


def test_rate_limit_malformed_and_timeout_are_gaps(net):
    serve_bluesky(net)
    net.route(HOST, XRPC + "app.bsky.feed.getAuthorFeed", json_reply(
        {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, status=429,
        headers={"ratelimit-limit": "3000", "ratelimit-remaining": "0", "ratelimit-reset": "1748866500",
                 "Retry-After": "300"}))
    result = run(net, MAIN)
    assert (result.coverage.status, result.coverage.reason) == ("partial", "rate_limited")
    assert result.accounts[0].activity is None
    net.route(HOST, XRPC + "app.bsky.feed.getAuthorFeed", Reply(body=b'{"feed": [', content_type="application/json"))
    assert run(net, MAIN).coverage.reason == "malformed"
    net.route(HOST, XRPC + "app.bsky.feed.getAuthorFeed", json_reply({"feed": "nope"}))
    assert run(net, MAIN).coverage.reason == "malformed"
    net.route(HOST, XRPC + "app.bsky.actor.getProfile", Reply(hang=True))
    result = run(net, MAIN)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "timeout")


def test_no_accounts_skipped(net):
    result = run(net)
    assert (result.coverage.status, result.coverage.reason) == ("skipped", "no_accounts")
    assert net.log == []


def test_failing_staff_search_is_said_but_does_not_spoil_the_reads(net):
    serve_bluesky(net)
    net.route(HOST, XRPC + "app.bsky.actor.searchActors", json_reply({"error": "InternalServerError"}, status=501))
    result = run(net, MAIN)
    assert result.coverage.status == "ok"
    assert "staff search unavailable (http_error)" in result.coverage.detail
    assert result.accounts[0].activity.sample_size > 50
