"""Accounts found by the first platform pass (named in an official bio) are read in a second pass."""
from __future__ import annotations

from analyzer.core.normalize import normalize
from analyzer.scan import run_scan
from tests.platform_helpers import NOW, XRPC, data, serve_bluesky
from tests.servers import html, json_reply

HOST = "public.api.bsky.app"


def test_a_department_named_in_a_bio_gets_its_activity_read(net):
    serve_bluesky(net)
    # The site links the main account only; its bio names the recruitment account.
    profile = dict(data("bluesky/profile_voorbeeldstad.json"),
                   description="Officieel account van de gemeente. Vacatures: @werkenbij.voorbeeldstad.nl")
    jobs = data("bluesky/profile_werkenbij.json")
    net.route(HOST, XRPC + "app.bsky.actor.getProfile", lambda req: json_reply(
        jobs if req.query["actor"][0] in (jobs["handle"], jobs["did"]) else profile))
    net.route(HOST, XRPC + "app.bsky.feed.getPostThread", json_reply({"thread": {"post": {}, "replies": []}}))
    net.route(HOST, XRPC + "app.bsky.feed.searchPosts", json_reply({"error": "Forbidden"}, status=403))
    page = html('<footer><a href="https://bsky.app/profile/voorbeeldstad.nl">Bluesky</a></footer>')
    net.site("voorbeeldstad.nl", {"/": page})
    net.site("www.voorbeeldstad.nl", {"/": page})
    settings = net.settings(as_of=NOW.isoformat(), retries=0)
    result = run_scan(normalize("voorbeeldstad.nl", allow_private=True), settings)
    by_handle = {a.handle: a for a in result.accounts}
    dept = by_handle["werkenbij.voorbeeldstad.nl"]
    assert dept.role == "department" and dept.activity is not None
    assert dept.activity.sample_size is not None
    assert result.signals["department_accounts"].value == 1
    assert result.signals["active_department_accounts"].value == int(bool(dept.activity.active))
    # Each account's feed read once (the staff accounts' small read asks by handle, once each); the
    # staff actor search once per organisation, not per pass.
    feeds = [r.query["actor"][0] for r in net.log if r.host == HOST and r.path == XRPC + "app.bsky.feed.getAuthorFeed"]
    assert {a for a in feeds if a.startswith("did:")} == {profile["did"], jobs["did"]}
    staff = {a.handle for a in result.accounts if a.role == "staff" and a.platform == "bluesky"}
    assert sorted(a for a in feeds if not a.startswith("did:")) == sorted(staff)
    assert net.hits(HOST, XRPC + "app.bsky.actor.searchActors") == 1
    assert result.coverage["bluesky"].status in ("ok", "partial")
