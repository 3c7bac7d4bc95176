"""The YouTube collector against a fake www.youtube.com: channel pages and channel feeds."""
from __future__ import annotations

from datetime import timedelta

import pytest

from collectors.platforms.youtube import YouTubeCollector, channel_id_from_page, channel_page_url
from tests.platform_helpers import (with_activity, NOW, YT_ID, account, findings, scan_context, serve_youtube)
from tests.servers import Reply, html, redirect

HOST = "www.youtube.com"
MAIN = account("youtube", "@voorbeeldstad", "https://www.youtube.com/@voorbeeldstad")


def run(net, *accounts, domain="voorbeeldstad.nl"):
    with scan_context(net, domain) as ctx:
        return with_activity(YouTubeCollector().collect(ctx, findings(*accounts)))


def test_channel_handle_resolves_and_weekly_uploads_are_measured(net):
    serve_youtube(net)
    result = run(net, MAIN)
    assert result.coverage.status == "ok", result.coverage
    acc = result.accounts[0]
    act = acc.activity
    # 15 weekly uploads, the newest 2 days old; the feed is full (15), so not the whole history.
    assert act.sample_size == 13                       # the ones within 90 days
    assert act.last_post_at == NOW - timedelta(days=2, hours=3)
    assert act.active is True
    assert act.window_days == 90                       # the 15 reached past 90 days
    assert act.posts_per_week == pytest.approx(13 / (90 / 7), rel=1e-3)
    assert act.gap_cv == 0.0                           # clockwork
    assert act.reply_share is None and act.repost_share is None and act.followers is None
    assert act.created_at.year == 2014
    assert acc.name == "Gemeente Voorbeeldstad"
    assert acc.ownership == "verified"
    proof = next(e for e in result.evidence if e.kind == "ownership_proof")
    assert proof.value["method"] == "profile_link"
    post = next(e for e in result.evidence if e.kind == "post")
    assert post.value["type"] == "video" and post.source_url.startswith("https://www.youtube.com/watch?v=")
    assert net.hits(HOST, "/feeds/videos.xml") == 1


def test_channel_id_handle_needs_no_id_lookup_and_empty_channel(net):
    serve_youtube(net)
    result = run(net, account("youtube", "c:idonly"))
    act = result.accounts[0].activity
    assert act.sample_size == 0 and act.active is False and act.posts_per_week == 0.0
    assert act.last_post_at is None
    assert result.accounts[0].ownership == "claimed"


def test_feed_fetched_for_a_channel_id_even_when_the_page_fails(net):
    serve_youtube(net)
    result = run(net, account("youtube", f"channel:{YT_ID}"))
    assert result.coverage.status == "ok"
    assert result.accounts[0].activity.sample_size == 13
    assert result.accounts[0].ownership == "claimed"    # no page, no link to check


@pytest.mark.parametrize("page,reason", [
    (html("<html><body>Kanaal</body></html>"), "malformed"),          # no channel id on it
    (html("<h1>Not found</h1>", status=404), "not_found"),
    (Reply(hang=True), "timeout"),
])
def test_channel_page_problems(net, page, reason):
    serve_youtube(net)
    net.route(HOST, "/@voorbeeldstad", page)
    result = run(net, MAIN)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", reason)


def test_consent_wall_is_not_an_empty_channel(net):
    serve_youtube(net)
    net.route(HOST, "/@voorbeeldstad", redirect("https://consent.youtube.com/m?continue=x"))
    net.site("consent.youtube.com", {"/m": html("<form>Before you continue to YouTube</form>")})
    result = run(net, MAIN)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "bot_wall")


def test_broken_feed_is_malformed(net):
    serve_youtube(net)
    net.route(HOST, "/feeds/videos.xml", Reply(body=b"<html><p>Oops</p>", content_type="text/html"))
    result = run(net, MAIN)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "malformed")


def test_handle_forms_and_id_patterns():
    assert channel_page_url("@abc") == "https://www.youtube.com/@abc"
    assert channel_page_url("user:abc") == "https://www.youtube.com/user/abc"
    assert channel_page_url("c:abc") == "https://www.youtube.com/c/abc"
    assert channel_page_url(f"channel:{YT_ID}") == f"https://www.youtube.com/channel/{YT_ID}"
    cid = "UC" + "a" * 22
    assert channel_id_from_page(f'<meta itemprop="channelId" content="{cid}">') == cid
    assert channel_id_from_page(f'{{"channelId":"{cid}"}}') == cid
    assert channel_id_from_page("nothing here") is None
