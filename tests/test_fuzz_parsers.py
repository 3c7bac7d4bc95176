"""Fuzzing the API response parsers (X, Bluesky, Mastodon, feeds): any JSON, and JSON shaped like
the real answers with arbitrary values in every field, either parses into a valid result or raises
the documented ValueError (which the collectors turn into `malformed`), never anything else."""
from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, strategies as st

from collectors.platforms.bluesky_parse import parse_feed, parse_profile
from collectors.platforms.feeds import parse_feed_bytes
from collectors.platforms.mastodon_parse import next_link, parse_account, parse_statuses, webfinger_acct
from analyzer.core.posts import PostRecord as Post
from collectors.platforms.x_parse import answered_mentions, parse_tweets, parse_user

scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["2026-11-01T10:00:00.000Z", "2026-11-01T10:00:00+00:00",
                                                           "0000-00-00", "9999-99-99T99:99:99Z", "",
                                                           "did:plc:abc", "at://did:plc:abc/app.bsky.feed.post/1",
                                                           "https://x.com/a", "self", "retweeted", "replied_to"]))
any_json = st.recursive(scalars, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), kids, max_size=4)),
                        max_leaves=20)


def shaped(keys: list[str]) -> st.SearchStrategy:
    """A dict with some of the real keys, each holding any JSON."""
    return st.dictionaries(st.sampled_from(keys), any_json, max_size=len(keys))


X_USER_KEYS = ["id", "username", "name", "description", "url", "entities", "public_metrics", "created_at",
               "verified", "verified_type"]
X_TWEET_KEYS = ["id", "created_at", "author_id", "referenced_tweets", "in_reply_to_user_id", "conversation_id"]
x_user = st.one_of(any_json, st.fixed_dictionaries({"data": shaped(X_USER_KEYS)}, optional={"errors": any_json}),
                   st.fixed_dictionaries({"errors": st.lists(shaped(["detail", "message", "title", "type"]))}))
x_tweets = st.one_of(any_json, st.fixed_dictionaries({"data": st.lists(st.one_of(shaped(X_TWEET_KEYS), any_json),
                                                                        max_size=4)},
                                                     optional={"meta": st.one_of(shaped(["next_token"]), any_json),
                                                               "errors": any_json}))


def _aware(t) -> bool:
    return isinstance(t, datetime) and t.tzinfo is not None


def _opt(value, kind) -> bool:
    return value is None or isinstance(value, kind)


@given(x_user)
def test_x_user(data):
    try:
        user = parse_user(data)
    except ValueError:
        return
    assert isinstance(user.id, str) and user.id and isinstance(user.username, str) and user.username
    assert user.username == user.username.lower()
    assert _opt(user.name, str) and _opt(user.description, str) and _opt(user.verified_type, str)
    assert all(isinstance(link, str) and link for link in user.links)
    assert _opt(user.followers, int) and _opt(user.tweet_count, int) and _opt(user.verified, bool)
    assert user.created_at is None or _aware(user.created_at)


@given(x_tweets, st.text(max_size=5))
def test_x_tweets(data, uid):
    try:
        tweets, token = parse_tweets(data)
    except ValueError:
        return
    assert _opt(token, str)
    for t in tweets:
        assert isinstance(t.id, str) and _aware(t.created_at)
        assert _opt(t.author_id, str) and _opt(t.replied_to, str) and _opt(t.in_reply_to_user_id, str)
    for m, author in answered_mentions(tweets, tweets, uid):
        assert _aware(m.created_at) and (m.answered_at is None or _aware(m.answered_at))
        assert m.via == "mention" and isinstance(author, tuple)


BSKY_PROFILE_KEYS = ["did", "handle", "displayName", "description", "followersCount", "postsCount", "createdAt",
                     "verification"]
bsky_item = st.one_of(any_json, st.fixed_dictionaries({}, optional={
    "post": st.one_of(any_json, shaped(["uri", "author", "record", "indexedAt"])),
    "reason": st.one_of(any_json, shaped(["$type", "indexedAt", "by"]))}))
bsky_feed = st.one_of(any_json, st.fixed_dictionaries({"feed": st.lists(bsky_item, max_size=4)},
                                                      optional={"cursor": any_json}))


@given(st.one_of(any_json, shaped(BSKY_PROFILE_KEYS)))
def test_bluesky_profile(data):
    try:
        p = parse_profile(data)
    except ValueError:
        return
    assert isinstance(p.did, str) and p.did and isinstance(p.handle, str) and p.handle
    assert _opt(p.name, str) and _opt(p.description, str)
    assert _opt(p.followers, int) and _opt(p.posts_count, int) and _opt(p.verified, bool)
    assert p.created_at is None or _aware(p.created_at)


@given(bsky_feed, st.sampled_from(["did:plc:abc", "did:plc:other"]))
def test_bluesky_feed(data, did):
    try:
        page = parse_feed(data, did, "acme.nl")
    except ValueError:
        return
    posts, cursor = page.posts, page.cursor
    assert _opt(cursor, str)
    assert not any(p.is_reply_to_other and p.is_self_thread for p in posts)
    assert all(isinstance(p, Post) and _aware(p.created_at) and _opt(p.id, str) for p in posts)


MASTODON_KEYS = ["id", "acct", "display_name", "note", "url", "followers_count", "statuses_count", "created_at",
                 "fields", "bot", "suspended", "moved"]
STATUS_KEYS = ["id", "created_at", "in_reply_to_id", "in_reply_to_account_id", "reblog", "url", "uri"]


@given(st.one_of(any_json, shaped(MASTODON_KEYS)))
def test_mastodon_account(data):
    try:
        a = parse_account(data)
    except ValueError:
        return
    assert isinstance(a.id, str) and a.id and isinstance(a.acct, str)
    assert _opt(a.name, str) and _opt(a.note, str) and _opt(a.note_html, str) and _opt(a.url, str)
    assert _opt(a.followers, int) and _opt(a.statuses_count, int) and _opt(a.moved_to, str)
    assert a.created_at is None or _aware(a.created_at)
    assert all(isinstance(n, str) and isinstance(v, str) for n, v, _ in a.fields)


@given(st.one_of(any_json, st.lists(st.one_of(shaped(STATUS_KEYS), any_json), max_size=4)))
def test_mastodon_statuses(data):
    try:
        posts = parse_statuses(data, "42")
    except ValueError:
        return
    assert all(isinstance(p, Post) and _aware(p.created_at) and _opt(p.id, str) for p in posts)


@given(st.one_of(any_json, st.fixed_dictionaries({}, optional={
    "links": st.lists(st.one_of(any_json, shaped(["rel", "href", "type"])), max_size=3), "subject": any_json})))
def test_webfinger(data):
    out = webfinger_acct(data)
    assert out is None or (isinstance(out, tuple) and all(isinstance(p, str) for p in out))


@given(st.one_of(st.none(), st.text(max_size=200),
                 st.lists(st.tuples(st.text(max_size=20), st.text(max_size=8)), max_size=3).map(
                     lambda parts: ", ".join(f'<{u}>; rel="{r}"' for u, r in parts))))
def test_link_header(header):
    out = next_link(header)
    assert out is None or isinstance(out, str)


xmlish = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.lists(st.sampled_from(["<?xml version='1.0'?>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<rss>",
                              "<channel>", "<entry>", "</entry>", "<item>", "<title>", "</title>", "&lt;", "&bogus;",
                              "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "<published>", "2026-01-01", "</published>",
                              "<yt:videoId>", "<![CDATA[", "]]>", "\x00", "</feed>", "<link href='javascript:x'/>"]),
             max_size=30).map(lambda parts: "".join(parts).encode()))


@given(xmlish)
def test_feed_bytes(body):
    try:
        feed = parse_feed_bytes(body)
    except ValueError:
        return
    assert _opt(feed.title, str)
    assert feed.published is None or _aware(feed.published)
    for e in feed.entries:
        assert _opt(e.id, str) and _opt(e.link, str) and _opt(e.title, str) and _opt(e.views, int)
        assert e.published is None or _aware(e.published)


thread_node = st.deferred(lambda: st.one_of(any_json, st.fixed_dictionaries({}, optional={
    "post": st.one_of(any_json, shaped(["uri", "author", "record", "indexedAt"])),
    "replies": st.lists(thread_node, max_size=3)})))


@given(st.one_of(any_json, st.fixed_dictionaries({"thread": thread_node})), st.sampled_from(["did:plc:abc", "x"]))
def test_bluesky_thread_and_search(data, did):
    from collectors.platforms.bluesky_parse import parse_search, parse_thread

    for parse in (parse_thread, parse_search):
        try:
            rows = parse(data, did)
        except ValueError:
            continue
        for row in rows:
            assert _aware(row[0].created_at) and isinstance(row[0].id, str)


@given(st.one_of(any_json, st.fixed_dictionaries({"descendants": st.lists(
    st.one_of(any_json, shaped(["id", "account", "created_at", "in_reply_to_id", "in_reply_to_account_id", "url"])),
    max_size=4)})))
def test_mastodon_context(data):
    from collectors.platforms.mastodon_parse import parse_context

    try:
        rows, n = parse_context(data, "42", "social.example")
    except ValueError:
        return
    assert n >= len(rows) and all(_aware(q.created_at) for q, _ in rows)
