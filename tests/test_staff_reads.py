"""Staff accounts get a small read, kept aggregated: active in the window or not, and posts about the
organisation, counted over accounts; no staff handle, name or post text in the outputs for people,
nor per-person figures anywhere, unless names are asked for. A failed read is a gap, never zero.

Served on 127.0.0.1: the organisation's site (its Bluesky account in the footer, a team page naming
two staff accounts) and the Bluesky and Mastodon APIs. Three staff accounts: m.devries.bsky.social
(found by Bluesky's actor search) posted about the organisation 5 days ago; jan@mastodon.example
(team page) last posted 200 days ago; kapot.bsky.social (team page) cannot be read (HTTP 500);
jdevries.bsky.social (named in the official bio) has no posts.
"""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from analyzer.core.normalize import normalize
from analyzer.core.staff import STAFF_READS, StaffAccountRead
from analyzer.present.output import scan_to_json
from analyzer.present.report.render import render_scan
from analyzer.present.report.view import scan_view
from analyzer.scan import run_scan
from collectors.platforms import staff as staff_collector
from tests.platform_helpers import NOW, XRPC, data, serve_bluesky
from tests.servers import html, json_reply

HOST = "public.api.bsky.app"
ORG_DID = data("bluesky/profile_voorbeeldstad.json")["did"]
SECRET_TEXT = ("Mooi nieuws van", "vakantiefoto", "Zonnige dag")
STAFF_FORMS = ("m.devries", "jdevries", "jan@mastodon.example", "kapot.bsky.social", "mastodon.example/@jan")


def _when(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat().replace("+00:00", "Z")


def _post(text: str, days: float, facets=()):
    return {"post": {"uri": f"at://did:plc:devries/app.bsky.feed.post/{int(days * 10)}",
                     "author": {"did": "did:plc:devries", "handle": "m.devries.bsky.social"},
                     "record": {"text": text, "createdAt": _when(days), "facets": list(facets)},
                     "indexedAt": _when(days)}}


def _serve(net):
    serve_bluesky(net)
    official_feed = net._routes[(HOST, XRPC + "app.bsky.feed.getAuthorFeed")]

    def feed(req):
        actor = req.query["actor"][0]
        if actor == "m.devries.bsky.social":
            mention = {"index": {"byteStart": 16, "byteEnd": 32},
                       "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ORG_DID}]}
            return json_reply({"feed": [_post("Mooi nieuws van @voorbeeldstad.nl over de bibliotheek", 5, [mention]),
                                        _post("Zonnige dag aan zee", 10)]})
        if actor == "jdevries.bsky.social":   # named in the official bio: read, nothing posted
            return json_reply({"feed": []})
        if actor == "kapot.bsky.social":
            return json_reply({"error": "InternalServerError"}, status=500)
        return official_feed(req)

    net.route(HOST, XRPC + "app.bsky.feed.getAuthorFeed", feed)
    net.route(HOST, XRPC + "app.bsky.feed.getPostThread", json_reply({"thread": {"post": {}, "replies": []}}))
    net.route(HOST, XRPC + "app.bsky.feed.searchPosts", json_reply({"error": "Forbidden"}, status=403))
    net.route("mastodon.example", "/api/v1/accounts/lookup", json_reply({"id": "777", "username": "jan", "acct": "jan"}))
    net.route("mastodon.example", "/api/v1/accounts/777/statuses", json_reply(
        [{"id": "1", "created_at": _when(200), "content": "<p>Oude vakantiefoto</p>", "mentions": []}]))
    home = html('<title>Home | Gemeente Voorbeeldstad</title><nav><a href="/team">Ons team</a></nav>'
                '<footer><a href="https://bsky.app/profile/voorbeeldstad.nl">Bluesky</a></footer>')
    team = html('<title>Ons team</title><main><h1>Ons team</h1>'
                '<p>Jan: <a href="https://mastodon.example/@jan">Mastodon</a></p>'
                '<p>Kees: <a href="https://bsky.app/profile/kapot.bsky.social">Bluesky</a></p></main>')
    for host in ("voorbeeldstad.nl", "www.voorbeeldstad.nl"):
        net.site(host, {"/": home, "/team": team})


@pytest.fixture()
def result(net):
    _serve(net)
    settings = net.settings(as_of=NOW.isoformat(), retries=0)
    return run_scan(normalize("voorbeeldstad.nl", allow_private=True), settings), net


def test_signals_count_the_accounts_read_and_a_failed_read_is_a_gap(result):
    result, net = result
    staff = {a.handle for a in result.accounts if a.role == "staff"}
    assert {"m.devries.bsky.social", "jan@mastodon.example", "kapot.bsky.social"} <= staff
    assert result.signals["staff_active"].value == 1              # de Vries; Jan is silent; Kees unknown
    assert result.signals["staff_posts_about_org"].value == 1
    cov = result.coverage["staff"]
    assert cov.status == "partial" and cov.reason == "http_error"
    assert "bluesky http_error" in cov.detail and "kapot" not in cov.detail
    (ev,) = [e for e in result.evidence if e.kind == "staff_read"]
    assert result.signals["staff_active"].evidence == (ev.id,)
    assert ev.value["found"] == len(staff) and ev.value["failed"] == 1 and ev.value["read"] == len(staff) - 1
    # bounded: one request per Bluesky staff account, two per Mastodon one
    assert net.hits("mastodon.example") == 2
    feeds = [r.query["actor"][0] for r in net.log if r.host == HOST and r.path.endswith("getAuthorFeed")]
    assert feeds.count("m.devries.bsky.social") == 1 and feeds.count("kapot.bsky.social") == 1


def test_no_staff_handle_name_or_post_text_in_the_outputs_by_default(result):
    result, _net = result
    scan = json.dumps(scan_to_json(result, "en"), ensure_ascii=False)
    for text in SECRET_TEXT:
        assert text not in scan, text
    staff_read = next(e for e in scan_to_json(result, "en")["evidence"] if e["kind"] == "staff_read")
    assert "handle" not in json.dumps(staff_read) and staff_read["source_url"] is None
    staff_json = [a for a in scan_to_json(result, "en")["accounts"] if a["role"] == "staff"]
    assert staff_json and all(a["name"] is None and a["activity"] is None for a in staff_json)
    for lang in ("en", "nl"):
        view = json.dumps(scan_view(result, lang), ensure_ascii=False)
        report = render_scan(result, lang=lang)
        for form in STAFF_FORMS + SECRET_TEXT + ("M. de Vries",):
            assert form.lower() not in view.lower() and form.lower() not in report.lower(), (lang, form)
    read = scan_view(result, "nl")["staff"]["read"]
    assert read["staff_active"] == 1 and "1 over de organisatie" in read["text"]
    assert "staff-read" in render_scan(result, lang="en")


def test_with_names_asked_they_appear(result):
    result, _net = result
    view = json.dumps(scan_view(result, "en", show_names=True))
    assert "m.devries.bsky.social" in view and "jan@mastodon.example" in view
    assert "m.devries.bsky.social" in render_scan(result, lang="en", show_names=True)
    named = next(a for a in scan_to_json(result, "en", show_names=True)["accounts"]
                 if a["handle"] == "m.devries.bsky.social")
    assert named["name"]            # the display name the actor search gave
    for text in SECRET_TEXT:        # post text is never kept, names or not
        assert text not in json.dumps(scan_to_json(result, "en", show_names=True)), text


def test_no_staff_read_at_all_is_unknown_never_zero(net, monkeypatch):
    _serve(net)
    net.route(HOST, XRPC + "app.bsky.feed.getAuthorFeed", json_reply({"error": "x"}, status=500))
    net.route("mastodon.example", "/api/v1/accounts/lookup", json_reply({"error": "x"}, status=503))
    settings = net.settings(as_of=NOW.isoformat(), retries=0)
    result = run_scan(normalize("voorbeeldstad.nl", allow_private=True), settings)
    assert result.signals["staff_accounts"].value >= 3
    assert result.signals["staff_active"].value is None
    assert result.signals["staff_posts_about_org"].value is None
    assert result.coverage["staff"].status == "unavailable"


def test_the_cap_bounds_the_reads_per_scan(net, monkeypatch):
    _serve(net)
    monkeypatch.setattr(staff_collector, "STAFF_READS", 1)
    settings = net.settings(as_of=NOW.isoformat(), retries=0)
    result = run_scan(normalize("voorbeeldstad.nl", allow_private=True), settings)
    (ev,) = [e for e in result.evidence if e.kind == "staff_read"]
    assert ev.value["read"] + ev.value["failed"] == 1 and ev.value["cap"] == 1
    assert ev.value["not_read"] == ev.value["found"] - 1
    assert "at most 1 are read per scan" in result.coverage["staff"].detail
    assert STAFF_READS == 10   # the stated default (docs, `footprint signals`)


@pytest.mark.parametrize("words,ids,about", [
    ("Lees het op https://www.voorbeeldstad.nl/nieuws", (), True),      # a link into the domain
    ("dank @voorbeeldstad.nl!", (), True),                               # its Bluesky handle
    ("boost @gemeente@social.overheid.nl", (), True),                    # its Mastodon account
    ("Gemeente Voorbeeldstad opent een bibliotheek", (), True),          # its name
    ("", ("did:plc:org",), True),                                        # a mention facet / quote / repost
    ("@voorbeeldstad.nlx en voorbeeldstad.nl.evil.example", (), False),  # not its handle, not its domain
    ("@gemeente@andere.example", (), False),                             # someone else's account
    ("Zonnige dag in de stad", (), False),
])
def test_what_is_about_the_organisation(words, ids, about):
    from datetime import datetime, timezone

    from analyzer.core.types import Account, Evidence
    from collectors.platforms.staff_about import org_mentions
    from collectors.platforms.staff_parse import StaffItem

    when = datetime(2025, 6, 1, tzinfo=timezone.utc)
    home = Evidence.make(kind="page_fetched", value={"role": "home", "title": "Home | Gemeente Voorbeeldstad"},
                         collector="website", observed_at=when)
    profile = Evidence.make(kind="profile", value={"did": "did:plc:org"}, collector="bluesky",
                            observed_at=when, platform="bluesky")
    own = (Account("bluesky", "voorbeeldstad.nl", None, role="official", evidence=(profile.id,)),
           Account("mastodon", "gemeente@social.overheid.nl", None, role="department"))
    test = org_mentions("voorbeeldstad.nl", own, (home, profile))
    assert test.about(StaffItem(when, words, frozenset(ids))) is about


def test_a_boost_of_a_local_account_names_it_with_its_instance():
    from collectors.platforms import staff_parse

    (item,) = staff_parse.mastodon([{"id": "9", "created_at": "2025-06-01T10:00:00Z", "content": "",
                                     "reblog": {"content": "<p>Nieuws</p>", "mentions": [],
                                                "account": {"acct": "voorbeeldstad",
                                                            "url": "https://social.overheid.nl/@voorbeeldstad"}}}])
    assert "@voorbeeldstad@social.overheid.nl" in item.words and "Nieuws" in item.words


@pytest.mark.parametrize("lang,heading,cap", [("en", "kept only as aggregates", "at most 10 staff accounts"),
                                              ("nl", "alleen samengevoegd bewaard", "hooguit 10 medewerkersaccounts")])
def test_footprint_signals_states_how_staff_are_read(lang, heading, cap):
    from click.testing import CliRunner

    from analyzer.cli import main
    from analyzer.signals.accounts import STAFF_DEFINITIONS

    out = CliRunner().invoke(main, ["signals", "--lang", lang]).stdout
    section = out.split("staff_read (", 1)[1]
    assert heading in section.splitlines()[0] and cap in section
    assert ("staff_posts_about_org" in out) and set(STAFF_DEFINITIONS) <= {
        line.split()[0] for line in section.splitlines()[1:] if line.strip()}
    if lang == "nl":
        assert STAFF_DEFINITIONS["kept"] not in section


def _serve_x_staff(net):
    net.route("api.x.com", "/2/users/by/username/wethouder", json_reply(
        {"data": {"id": "555", "username": "wethouder", "name": "W. Houder"}}))
    net.route("api.x.com", "/2/users/555/tweets", json_reply({"data": [
        {"id": "1", "created_at": _when(2), "text": "Trots op @gemvoorbeeld vandaag",
         "entities": {"mentions": [{"username": "gemvoorbeeld", "id": "42"}]}},
        {"id": "2", "created_at": _when(20), "text": "Koffie"}], "meta": {"result_count": 2}}))


def test_x_staff_accounts_are_read_only_with_a_token(net):
    from tests.platform_helpers import TOKEN, account, findings, scan_context

    _serve_x_staff(net)
    people = findings(account("x", "gemvoorbeeld"), account("x", "wethouder", role="staff"))
    with scan_context(net, "voorbeeldstad.nl") as ctx:
        without = staff_collector.StaffCollector().collect(ctx, people)
    assert (without.coverage.status, without.coverage.reason) == ("skipped", "no_token")
    assert net.hits("api.x.com") == 0
    with scan_context(net, "voorbeeldstad.nl", x_bearer_token=TOKEN) as ctx:
        res = staff_collector.StaffCollector().collect(ctx, people)
    assert res.coverage.status == "ok"
    (ev,) = res.evidence
    (read,) = ev.value["accounts"]
    assert [p.get("about_org", False) for p in read["posts"]] == [False, True]
    timeline = next(r for r in net.log if r.path == "/2/users/555/tweets")
    assert timeline.query["max_results"] == [str(staff_collector.X_POSTS)]
    dumped = json.dumps(ev.value)
    assert TOKEN not in dumped and "wethouder" not in dumped and "Trots" not in dumped
    assert net.hits("api.x.com") == 2


def test_a_youtube_staff_channel_costs_two_requests_and_keeps_no_title(net):
    from tests.platform_helpers import account, findings, scan_context, serve_youtube

    serve_youtube(net)   # the fixture channel's videos: "Raadsvergadering week N", weekly up to NOW
    people = findings(account("youtube", "@voorbeeldstad", role="staff"))
    with scan_context(net, "voorbeeldstad.nl") as ctx:
        res = staff_collector.StaffCollector().collect(ctx, people)
    assert res.coverage.status == "ok"     # channel page and feed (robots.txt is the host's, read once)
    assert net.hits("www.youtube.com") - net.hits("www.youtube.com", "/robots.txt") == 2
    (read,) = res.evidence[0].value["accounts"]
    assert read["platform"] == "youtube" and len(read["posts"]) >= 1
    assert StaffAccountRead.from_json(read).active(NOW, 30)
    assert "Raadsvergadering" not in json.dumps(res.evidence[0].value)
