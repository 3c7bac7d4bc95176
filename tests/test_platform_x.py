"""The X collector against a fake api.x.com speaking the X API v2 shapes."""
from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from analyzer.core.serialize import evidence_to_dict
from collectors.platforms.x import XCollector
from tests.platform_helpers import (with_activity, NOW, TOKEN, X_ID, account, findings, fixture_reply, scan_context,
                                    serve_x)
from tests.servers import Reply, json_reply

KOFFIE = account("x", "koffiebrander", "https://x.com/koffiebrander")
OUD = account("x", "oudevereniging", "https://x.com/oudevereniging")


def run(net, *accounts, domain="koffiebrander.nl", **settings):
    settings.setdefault("x_bearer_token", TOKEN)
    with scan_context(net, domain, **settings) as ctx:
        return with_activity(XCollector().collect(ctx, findings(*accounts))), ctx


def by_kind(result, kind):
    return [e for e in result.evidence if e.kind == kind]


def test_active_company_activity_mentions_ownership_and_staff(net):
    serve_x(net)
    result, _ = run(net, KOFFIE)
    assert result.coverage.status == "ok", result.coverage
    acc = next(a for a in result.accounts if a.handle == "koffiebrander")
    act = acc.activity
    # 100 posts read over two pages (12 hours apart); the read stopped at the page cap.
    assert act.sample_size == 100
    assert act.last_post_at == NOW - timedelta(hours=3)
    assert act.active is True
    assert 49 < act.window_days < 50.5
    assert act.posts_per_week == pytest.approx(100 / (act.window_days / 7), rel=1e-3)
    assert act.repost_share is not None and 0.15 < act.repost_share < 0.25
    assert act.reply_share == pytest.approx(14 / 100)         # answers to customers only
    assert act.mention_sample_size == 20
    assert act.mention_response_rate == pytest.approx(14 / 20)
    answered = [i for i in range(20) if i % 10 not in (3, 7, 9)]   # fixtures/api/make.py
    assert act.median_response_minutes == 20 + 7 * (answered[6] + answered[7]) / 2   # 83.0
    assert act.followers == 8412 and act.created_at.year == 2011
    assert acc.ownership == "verified" and acc.platform_verified is False
    proof = by_kind(result, "ownership_proof")[0]
    assert proof.value["method"] == "profile_link" and "koffiebrander.nl" in proof.value["detail"]
    staff = [a for a in result.accounts if a.role == "staff"]
    assert [a.handle for a in staff] == ["koffie_sanne"]
    dept = [a for a in result.accounts if a.role == "department"]
    assert [a.handle for a in dept] == ["koffiebrander_jobs"]
    ev = by_kind(result, "staff_account")[0]
    assert ev.value["source"] == "official_profile_mention" and "Webcare door" in ev.value["context"]
    kept = by_kind(result, "posts_read")
    assert len(kept) == 1 and "definitions" not in kept[0].value        # the definitions live once
    answered = [q for q in kept[0].value["questions"]["items"] if q.get("answered_at")]
    assert len(answered) == 14 and all(q["answer_id"] for q in answered)
    assert net.hits("api.x.com", f"/2/users/{X_ID}/tweets") == 2       # bounded: 2 of 3 pages


def test_dormant_account_is_inactive_with_zero_rate_over_90_days(net):
    serve_x(net)
    result, _ = run(net, OUD, domain="oudevereniging.nl")
    act = result.accounts[0].activity
    assert act.active is False
    assert act.last_post_at == NOW - timedelta(days=426)
    assert act.posts_per_week == 0.0 and act.window_days == 90
    assert act.sample_size == 0 and act.reply_share is None and act.gap_cv is None
    assert act.mention_sample_size == 0 and act.mention_response_rate is None
    assert result.accounts[0].ownership == "claimed"      # the bio names the site but links nowhere
    assert net.hits("api.x.com", "/2/users/2000002/mentions") == 1


def test_token_sent_to_the_api_and_never_logged_or_kept(net, caplog):
    serve_x(net)
    caplog.set_level(logging.DEBUG)
    result, _ = run(net, KOFFIE)
    auth = {r.headers.get("authorization") for r in net.log if r.host == "api.x.com"}
    assert auth == {f"Bearer {TOKEN}"}
    assert all(TOKEN not in r.getMessage() and TOKEN not in str(r.args) for r in caplog.records)
    dumped = json.dumps([evidence_to_dict(e) for e in result.evidence]) + repr(result)
    assert TOKEN not in dumped
    assert logging.getLogger("tweepy.client").getEffectiveLevel() > logging.DEBUG


def test_served_under_api_twitter_com_when_configured(net):
    serve_x(net, host="api.twitter.com")
    result, _ = run(net, KOFFIE, x_api_base="https://api.twitter.com/2")
    assert result.coverage.status == "ok"
    assert net.hits("api.x.com") == 0 and net.hits("api.twitter.com") >= 3


def test_no_token_is_unavailable_and_touches_nothing(net):
    serve_x(net)
    result, _ = run(net, KOFFIE, x_bearer_token="")
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "no_token")
    assert result.accounts[0].activity is None
    assert net.hits("api.x.com") == 0


def test_no_accounts_is_skipped(net):
    result, _ = run(net)
    assert (result.coverage.status, result.coverage.reason) == ("skipped", "no_accounts")


@pytest.mark.parametrize("status,fixture,reason", [
    (401, "x/error_401.json", "http_error"),
    (403, "x/error_403.json", "http_error"),
])
def test_rejected_token_is_unavailable(net, status, fixture, reason):
    net.fallback("api.x.com", fixture_reply(fixture, status=status))
    result, _ = run(net, KOFFIE)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", reason)
    assert f"HTTP {status}" in result.coverage.detail and TOKEN not in result.coverage.detail
    assert result.accounts[0].activity is None


def test_rate_limited_reads_the_reset_time(net):
    serve_x(net)
    reset = int((NOW + timedelta(minutes=15)).timestamp())
    net.route("api.x.com", f"/2/users/{X_ID}/tweets", fixture_reply(
        "x/error_429.json", status=429, headers={"x-rate-limit-limit": "1500", "x-rate-limit-remaining": "0",
                                                "x-rate-limit-reset": str(reset)}))
    result, _ = run(net, KOFFIE)
    assert (result.coverage.status, result.coverage.reason) == ("partial", "rate_limited")
    assert "2025-06-02T12:15:00Z" in result.coverage.detail
    assert by_kind(result, "profile")            # the lookup before the limit still counts
    assert result.accounts[0].activity is None


def test_mentions_forbidden_keeps_the_timeline(net):
    serve_x(net)
    net.route("api.x.com", f"/2/users/{X_ID}/mentions", fixture_reply("x/error_403.json", status=403))
    result, _ = run(net, KOFFIE)
    assert (result.coverage.status, result.coverage.reason) == ("partial", "http_error")
    act = result.accounts[0].activity
    assert act.sample_size == 100 and act.mention_response_rate is None and act.mention_sample_size is None


@pytest.mark.parametrize("handle,reason", [("geschorst", "suspended"), ("bestaatniet", "not_found")])
def test_unknown_and_suspended_users(net, handle, reason):
    serve_x(net)
    result, _ = run(net, account("x", handle))
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", reason)


def test_one_failing_account_leaves_the_others(net):
    serve_x(net)
    result, _ = run(net, KOFFIE, account("x", "geschorst"), OUD)
    assert (result.coverage.status, result.coverage.reason) == ("partial", "suspended")
    assert {a.handle for a in result.accounts if a.activity} == {"koffiebrander", "oudevereniging"}


def test_malformed_json_and_timeouts(net):
    serve_x(net)
    net.route("api.x.com", "/2/users/by/username/koffiebrander",
              Reply(body=b'{"data": {"id": "1000001", "user', content_type="application/json"))
    result, _ = run(net, KOFFIE)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "malformed")
    net.route("api.x.com", "/2/users/by/username/koffiebrander", Reply(hang=True))
    result, _ = run(net, KOFFIE)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "timeout")


def test_budget_spent_is_quota_exhausted_and_reads_are_counted(net):
    serve_x(net)
    result, ctx = run(net, KOFFIE, x_monthly_reads=120)
    budget = json.loads((ctx.settings.data_dir() / "x-budget.json").read_text())
    assert budget == {"month": "2025-06", "reads": 120}
    # 100 timeline posts fit; the mentions page got the 20 left, and 20 mentions were served.
    assert result.accounts[0].activity.sample_size == 100
    result, _ = run(net, KOFFIE, x_monthly_reads=120)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "quota_exhausted")
    assert net.hits("api.x.com", "/2/users/by/username/koffiebrander") == 1


def test_budget_runs_out_between_pages(net):
    serve_x(net)
    result, ctx = run(net, KOFFIE, x_monthly_reads=52)
    act = result.accounts[0].activity
    assert (result.coverage.status, result.coverage.reason) == ("partial", "quota_exhausted")
    assert act.sample_size == 50 and act.window_days < 25
    assert json.loads((ctx.settings.data_dir() / "x-budget.json").read_text())["reads"] == 50


def test_empty_timeline_is_observed_as_no_posts(net):
    serve_x(net)
    net.route("api.x.com", f"/2/users/{X_ID}/tweets", json_reply({"meta": {"result_count": 0}}))
    result, _ = run(net, KOFFIE)
    act = result.accounts[0].activity
    assert act.active is False and act.posts_per_week == 0.0 and act.last_post_at is None
    assert act.sample_size == 0 and act.reply_share is None


def _row(tid, author, when, refs=(), reply_user=None, conversation=None):
    """A post as GET /2/users/:id/tweets returns it (twarc-csv withheld.jsonl shape)."""
    return {"id": tid, "author_id": author, "created_at": when, "conversation_id": conversation or tid,
            "in_reply_to_user_id": reply_user, "public_metrics": {"reply_count": 0, "retweet_count": 0},
            "referenced_tweets": [{"type": k, "id": i} for k, i in refs], "text": "..."}


def test_a_post_that_starts_with_a_handle_is_no_reply():
    from collectors.platforms.x_parse import parse_tweets, to_post

    rows, _ = parse_tweets({"data": [
        _row("1", "10", "2025-06-01T10:00:00.000Z", reply_user="77"),                   # "@gemeente goed idee"
        _row("2", "10", "2025-06-01T11:00:00.000Z", [("replied_to", "9")], "77", "9"),  # a real reply
        _row("3", "10", "2025-06-01T12:00:00.000Z", [("replied_to", "2")], "10", "9")]})  # own thread
    posts = [to_post(t, "10") for t in rows]
    assert [(p.is_reply_to_other, p.is_self_thread) for p in posts] == [(False, False), (True, False), (False, True)]


def test_retweets_and_sister_accounts_are_no_questions():
    from analyzer.core.posts import PostsRead, QuestionsRead, SourceRead
    from collectors.platforms.common import AccountRead, _without_own
    from collectors.platforms.x_parse import answered_mentions, parse_tweets

    mentions, _ = parse_tweets({"data": [
        _row("m1", "500", "2025-06-01T09:00:00.000Z"),                              # a resident
        _row("m2", "20", "2025-06-01T09:30:00.000Z", [("retweeted", "p1")]),        # sister's RT
        _row("m3", "20", "2025-06-01T09:40:00.000Z"),                               # sister's post
        _row("m4", "600", "2025-06-01T09:50:00.000Z", [("retweeted", "p2")])]})     # anyone's RT
    timeline, _ = parse_tweets({"data": [_row("a1", "10", "2025-06-01T10:00:00.000Z", [("replied_to", "m1")], "500")]})
    found = answered_mentions(mentions, timeline, "10")
    assert [qq.id for qq, _ in found] == ["m1", "m3"]                 # retweets left out here
    out = AccountRead(account("x", "dept"), authors={qq.id: a for qq, a in found})
    out.posts = PostsRead("x", "dept", "t", questions=QuestionsRead({"mentions": SourceRead()},
                                                                     tuple(qq for qq, _ in found)))
    kept = _without_own(out, {"20"})                                  # the sister account's id
    assert [x.id for x in kept.questions.items] == ["m1"]
    assert kept.questions.items[0].answered_at is not None            # answered by a1: rate 1/1, not 1/2
