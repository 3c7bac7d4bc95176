"""Answered questions on Bluesky and Mastodon, and the real-world quirks of their answers.

The answers are hand-made in the shapes recorded from the live APIs (tests/questions_helpers.py);
the expected figures are counted by hand from those answers, not computed by the code under test.
"""
from __future__ import annotations

import pytest

from collectors.platforms.bluesky import BlueskyCollector
from collectors.platforms.mastodon import MastodonCollector
from tests import questions_helpers as q
from tests.platform_helpers import (M_ID, XRPC, account, findings, fixture_reply, scan_context, serve_mastodon,
                                    with_activity)
from tests.servers import json_reply

BSKY = "public.api.bsky.app"
MAIN = account("bluesky", "voorbeeldstad.nl", "https://bsky.app/profile/voorbeeldstad.nl")
SISTER = account("bluesky", "werkenbij.voorbeeldstad.nl", role="department")
MASTO = account("mastodon", "voorbeeldstad@social.overheid.nl")


def serve_bsky(net, search=None, thread=None):
    net.route(BSKY, XRPC + "app.bsky.actor.getProfile", lambda req: fixture_reply(
        "bluesky/profile_werkenbij.json" if "werkenbij" in req.query["actor"][0] else "bluesky/profile_voorbeeldstad.json"))
    net.route(BSKY, XRPC + "app.bsky.feed.getAuthorFeed", lambda req: json_reply(
        q.bsky_feed() if req.query["actor"][0] == q.VBS else {"feed": []}))
    net.route(BSKY, XRPC + "app.bsky.feed.getPostThread", thread or json_reply(q.bsky_thread()))
    net.route(BSKY, XRPC + "app.bsky.feed.searchPosts", search or json_reply(
        {"error": "Forbidden", "message": "search requires authentication"}, status=403))
    net.route(BSKY, XRPC + "app.bsky.actor.searchActors", json_reply({"actors": []}))


def run_bsky(net, *accounts):
    with scan_context(net, "voorbeeldstad.nl") as ctx:
        return with_activity(BlueskyCollector().collect(ctx, findings(*accounts)))


def kept(result, handle):
    return next(e.value for e in result.evidence if e.kind == "posts_read" and e.value["handle"] == handle)


def test_bluesky_thread_questions_with_search_refused(net):
    serve_bsky(net)
    result = run_bsky(net, MAIN, SISTER)
    main = next(a for a in result.accounts if a.handle == "voorbeeldstad.nl")
    act = main.activity
    # Counted by hand: q1 (answered 2.9 h later) and q3 (not); q2 is the sister account's, the
    # deleted and blocked replies have no author. The refused search is no "zero mentions".
    assert act.mention_sample_size == 2 and act.mention_response_rate == 0.5
    assert act.median_response_minutes == pytest.approx(2.9 * 60)
    assert "search:refused" in act.bounded_by
    value = kept(result, "voorbeeldstad.nl")
    assert value["questions"]["sources"]["search"]["status"] == "refused"
    threads = value["questions"]["sources"]["threads"]
    assert (threads["read"], threads["eligible"], threads["cap"]) == (1, 1, 10)   # only a1 has replies
    answered = [x for x in value["questions"]["items"] if x.get("answered_at")]
    assert [x["answer_id"] for x in answered] == [q.uri(q.VBS, "c1")]             # ids: question -> answer
    assert "refused" in result.coverage.detail
    assert net.hits(BSKY, XRPC + "app.bsky.feed.getPostThread") == 1               # never for 0 replies


def test_bluesky_feed_quirks_counted_by_hand(net):
    serve_bsky(net)
    act = next(a for a in run_bsky(net, MAIN).accounts if a.handle == "voorbeeldstad.nl").activity
    # Feed: a1 (pinned once, counted once), c1 reply to a resident, d1 own thread (root and parent
    # own), e1 a reply to its own post inside another account's thread (root decides: a reply to
    # another), a repost, f1 reply to a mention, b1.  -> 7 posts, 3 replies to others, 1 repost.
    assert act.sample_size == 7
    assert act.reply_share == pytest.approx(3 / 7, abs=1e-4)
    assert act.repost_share == pytest.approx(1 / 7, abs=1e-4)


def test_bluesky_mention_search_adds_answered_mentions(net):
    serve_bsky(net, search=json_reply(q.bsky_search()))
    result = run_bsky(net, MAIN)
    act = result.accounts[0].activity
    # q1 answered, q3 not, q2 (the sister's) counts here since the sister is not among the
    # accounts; m1 answered by f1 two hours later; the account's own post is no mention.
    assert act.mention_sample_size == 4 and act.mention_response_rate == 0.5
    assert not [b for b in act.bounded_by if b.startswith("search")]


def test_bluesky_failing_thread_is_partial_never_zero(net):
    serve_bsky(net, thread=json_reply({"error": "InternalServerError"}, status=502))
    act = run_bsky(net, MAIN).accounts[0].activity
    assert act.mention_response_rate is None and act.mention_sample_size is None
    assert "threads:failed" in act.bounded_by and act.sample_size == 7   # the feed still stands


def test_bluesky_later_feed_page_failure_keeps_the_first(net):
    page = dict(q.bsky_feed(), cursor="next-page")

    def feed(req):
        if req.query.get("cursor"):
            return json_reply({"error": "InternalServerError"}, status=503)
        return json_reply(page)

    serve_bsky(net)
    net.route(BSKY, XRPC + "app.bsky.feed.getAuthorFeed", feed)
    result = run_bsky(net, MAIN)
    act = result.accounts[0].activity
    assert act.sample_size == 7 and act.bounded_by[0].startswith("partial:")
    assert result.coverage.status == "partial"


# --- Mastodon -----------------------------------------------------------------------------------

def run_masto(net, *accounts):
    with scan_context(net, "voorbeeldstad.nl") as ctx:
        return with_activity(MastodonCollector().collect(ctx, findings(*accounts)))


def serve_masto(net, n_extra=0):
    serve_mastodon(net)
    net.route(q.HOST, f"/api/v1/accounts/{M_ID}/statuses", json_reply(q.m_statuses()))
    net.route(q.HOST, "/api/v1/statuses/2002/context", json_reply(q.m_context(n_extra)))


def test_mastodon_context_questions_and_deleted_parents(net):
    serve_masto(net)
    sister = account("mastodon", "werkenbij@social.overheid.nl", role="department")
    net.route(q.HOST, "/api/v1/accounts/lookup", lambda req: fixture_reply("mastodon/lookup_voorbeeldstad.json")
              if req.query.get("acct", [""])[0] == "voorbeeldstad" else json_reply({"error": "x"}, status=404))
    result = run_masto(net, MASTO, sister)
    act = next(a for a in result.accounts if a.handle == MASTO.handle).activity
    # 6 statuses: 2001 and 2003 reply to a resident (2003's parent deleted: in_reply_to_id null),
    # 2004 continues its own thread (parent deleted too), 2005 a boost.
    assert act.sample_size == 6
    assert act.reply_share == pytest.approx(2 / 6, abs=1e-4)
    assert act.repost_share == pytest.approx(1 / 6, abs=1e-4)
    # Questions under 2002: 3001 (answered by 2001 after 2.9 h), 3002 (not); 3003 is the sister
    # account's, 3004 answers a resident.
    assert act.mention_sample_size == 2 and act.mention_response_rate == 0.5
    assert act.median_response_minutes == pytest.approx(2.9 * 60)
    assert "context_cap" not in act.bounded_by
    assert net.hits(q.HOST, "/api/v1/statuses/2002/context") == 1    # only 2002 has replies


def test_mastodon_threads_are_read_side_by_side_and_counted_in_post_order(net):
    from tests.http_helpers import Concurrency

    serve_mastodon(net)
    statuses = [q.status(str(2100 + i), M_ID, 1 + i, replies=1) for i in range(4)]
    net.route(q.HOST, f"/api/v1/accounts/{M_ID}/statuses", json_reply(statuses))
    held = Concurrency(hold=0.3, reply=json_reply({"ancestors": [], "descendants": [
        q.status("3101", q.RES_ID, 0.5, reply_to="2100", reply_account=M_ID)]}))
    for i in range(4):
        net.route(q.HOST, f"/api/v1/statuses/{2100 + i}/context", held)
    act = run_masto(net, MASTO).accounts[0].activity
    assert held.peak > 1                  # the four threads need nothing of each other
    # the same question under every thread counts once, however the answers arrived
    assert act.mention_sample_size == 1


def test_mastodon_context_cap_is_said(net):
    serve_masto(net, n_extra=55)    # 60 descendants: what a logged-out context returns at most
    act = run_masto(net, MASTO).accounts[0].activity
    # Without the sister account among the accounts, its reply 3003 is a question too.
    assert "context_cap" in act.bounded_by and act.mention_sample_size == 3


def test_mastodon_deleted_parent_reply_share_on_its_own():
    from collectors.platforms.mastodon_parse import parse_statuses

    rows = [q.status("1", M_ID, 1, reply_account=q.RES_ID), q.status("2", M_ID, 2, reply_account=q.RES_ID),
            q.status("3", M_ID, 3)]
    posts = parse_statuses(rows, M_ID)
    assert sum(p.is_reply_to_other for p in posts) / len(posts) == pytest.approx(0.667, abs=1e-3)


def test_mastodon_page_two_refused_keeps_page_one_without_rss(net):
    serve_mastodon(net)

    def statuses(req):
        if req.query.get("max_id"):
            return fixture_reply("mastodon/error_401.json", status=401)
        return json_reply(q.m_statuses()[1:], headers={
            "Link": f'<https://{q.HOST}/api/v1/accounts/{M_ID}/statuses?limit=40&max_id=2006>; rel="next"'})

    net.route(q.HOST, f"/api/v1/accounts/{M_ID}/statuses", statuses)
    net.route(q.HOST, "/api/v1/statuses/2002/context", json_reply(q.m_context()))
    result = run_masto(net, MASTO)
    act = result.accounts[0].activity
    assert act.sample_size == 5 and act.source == "api/v1/accounts/statuses"
    assert act.bounded_by[0].startswith("partial:") and result.coverage.status == "partial"
    assert net.hits(q.HOST, "/@voorbeeldstad.rss") == 0


def test_quotes_long_and_edited_posts_are_plain_posts():
    from collectors.platforms.bluesky_parse import parse_feed
    from collectors.platforms.mastodon_parse import parse_statuses

    quote = q.bsky_post(q.VBS, "qt", 3, "Mooi initiatief! " * 40)           # a long quote post
    quote["record"]["embed"] = {"$type": "app.bsky.embed.record",
                                "record": {"uri": q.uri(q.OTHER, "x1"), "cid": "bafyreix1"}}
    page = parse_feed({"feed": [{"post": quote}]}, q.VBS, "voorbeeldstad.nl")
    assert [(p.is_reply_to_other, p.is_repost, p.is_self_thread) for p in page.posts] == [(False, False, False)]
    edited = dict(q.status("5001", M_ID, 4), edited_at=q.t(1), content="<p>" + "lang " * 400 + "</p>")
    (post,) = parse_statuses([edited], M_ID)
    assert post.created_at == q.at(4) and not post.is_reply_to_other   # its own time, not the edit's
