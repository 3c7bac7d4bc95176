"""Serving the fixtures in fixtures/api/ as the real platform APIs, and scan contexts for them.

Routes answer under the real host names (api.x.com, public.api.bsky.app, social.overheid.nl,
www.youtube.com) from the FakeInternet; pagination is answered from the query string the way the
platforms do (X pagination_token, Bluesky cursor, Mastodon max_id + Link header).
"""
from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from analyzer.core.normalize import normalize
from analyzer.core.types import Account, CollectorResult
from analyzer.signals.activity_model import attach_activity
from collectors.base import Findings, ScanContext
from collectors.http import Fetcher
from tests.servers import Reply, html, json_reply

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "api"
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=timezone.utc)   # fixtures/api/make.py's NOW
TOKEN = "test-token-Zq8rP3xV9kLm"
X_ID = "1000001"
M_ID = "110516430891234567"
YT_ID = "UCvb4St7dGm3nTq9Lx2Pw8Kz"
XRPC = "/xrpc/"


def data(rel: str):
    return json.loads((FIX / rel).read_text(encoding="utf-8"))


def fixture_reply(rel: str, status: int = 200, headers: dict | None = None) -> Reply:
    body = (FIX / rel).read_bytes()
    ctype = {"json": "application/json; charset=utf-8", "xml": "application/atom+xml; charset=UTF-8",
             "rss": "application/rss+xml; charset=utf-8", "html": "text/html; charset=utf-8"}
    return Reply(status=status, body=body, headers=headers or {}, content_type=ctype[rel.rsplit(".", 1)[1]])


def account(platform: str, handle: str, url: str | None = None, role: str = "official") -> Account:
    return Account(platform, handle, url or f"https://example.invalid/{platform}/{handle}", role=role)


@contextmanager
def scan_context(net, domain: str, *, deadline: float = 60.0, **overrides):
    """A ScanContext on the fake internet, with NOW as "now" and short timeouts."""
    settings = net.settings(**{"connect_timeout": 1.0, "read_timeout": 1.5, "request_timeout": 5.0,
                               "retries": 0, **overrides})
    fetcher = Fetcher(settings)
    try:
        yield ScanContext(target=normalize(domain), settings=settings, fetcher=fetcher, now=NOW,
                          deadline=time.monotonic() + deadline)
    finally:
        fetcher.close()


def findings(*accounts: Account) -> Findings:
    return Findings(accounts=tuple(accounts))


def with_activity(result: CollectorResult, as_of: datetime = NOW) -> CollectorResult:
    """The collector's result with each account's activity computed from its posts read, at
    `as_of`, as the signal layer does in a scan (collectors themselves compute none)."""
    return replace(result, accounts=attach_activity(result.accounts, result.evidence, as_of))


# --- X --------------------------------------------------------------------------------------

def serve_x(net, host: str = "api.x.com") -> None:
    """@koffiebrander (two timeline pages, mentions) and @oudevereniging (dormant)."""
    net.route(host, "/2/users/by/username/koffiebrander", fixture_reply("x/user_koffiebrander.json"))
    net.route(host, "/2/users/by/username/oudevereniging", fixture_reply("x/user_oudevereniging.json"))
    net.route(host, "/2/users/by/username/geschorst", fixture_reply("x/error_suspended.json"))
    net.route(host, "/2/users/by/username/bestaatniet", fixture_reply("x/error_not_found.json"))

    def timeline(req):
        token = (req.query.get("pagination_token") or [None])[0]
        page = {None: "p1", "7140dibdnow9c7btw41": "p2"}.get(token)
        if page is None:
            return json_reply({"title": "Invalid Request", "detail": "bad token"}, status=400)
        return fixture_reply(f"x/tweets_koffiebrander_{page}.json")

    net.route(host, f"/2/users/{X_ID}/tweets", timeline)
    net.route(host, f"/2/users/{X_ID}/mentions", fixture_reply("x/mentions_koffiebrander.json"))
    net.route(host, "/2/users/2000002/tweets", fixture_reply("x/tweets_oudevereniging.json"))
    net.route(host, "/2/users/2000002/mentions", fixture_reply("x/mentions_empty.json"))


# --- Bluesky --------------------------------------------------------------------------------

def serve_bluesky(net, host: str = "public.api.bsky.app") -> None:
    """voorbeeldstad.nl (three feed pages) and werkenbij.voorbeeldstad.nl."""
    profiles = {"voorbeeldstad.nl": "profile_voorbeeldstad.json",
                "werkenbij.voorbeeldstad.nl": "profile_werkenbij.json"}
    dids = {data("bluesky/" + f)["did"]: h for h, f in profiles.items()}

    def profile(req):
        actor = req.query.get("actor", [""])[0]
        name = profiles.get(actor) or profiles.get(dids.get(actor, ""))
        if name:
            return fixture_reply("bluesky/" + name)
        if actor == "geschorst.bsky.social":
            return fixture_reply("bluesky/error_takedown.json", status=400)
        return fixture_reply("bluesky/error_not_found.json", status=400)

    def feed(req):
        actor = dids.get(req.query.get("actor", [""])[0])
        cursor = req.query.get("cursor", [None])[0]
        if actor == "werkenbij.voorbeeldstad.nl":
            return fixture_reply("bluesky/feed_werkenbij.json")
        if actor != "voorbeeldstad.nl":
            return fixture_reply("bluesky/error_not_found.json", status=400)
        pages = [None, data("bluesky/feed_voorbeeldstad_p1.json")["cursor"],
                 data("bluesky/feed_voorbeeldstad_p2.json")["cursor"]]
        return fixture_reply(f"bluesky/feed_voorbeeldstad_p{pages.index(cursor) + 1}.json")

    def resolve(req):
        handle = req.query.get("handle", [""])[0]
        if handle in ("voorbeeldstad.nl", "geschorst.bsky.social"):
            return fixture_reply("bluesky/resolve_voorbeeldstad.json")
        return fixture_reply("bluesky/error_resolve.json", status=400)

    net.route(host, XRPC + "app.bsky.actor.getProfile", profile)
    net.route(host, XRPC + "app.bsky.feed.getAuthorFeed", feed)
    net.route(host, XRPC + "com.atproto.identity.resolveHandle", resolve)
    net.route(host, XRPC + "app.bsky.actor.searchActors", fixture_reply("bluesky/search_voorbeeldstad.json"))


# --- Mastodon -------------------------------------------------------------------------------

def serve_mastodon(net, host: str = "social.overheid.nl") -> None:
    """voorbeeldstad@social.overheid.nl: lookup, WebFinger, three status pages, RSS."""
    def lookup(req):
        if req.query.get("acct", [""])[0] == "voorbeeldstad":
            return fixture_reply("mastodon/lookup_voorbeeldstad.json")
        return fixture_reply("mastodon/error_404.json", status=404)

    def statuses(req):
        max_id = req.query.get("max_id", [None])[0]
        pages = [data(f"mastodon/statuses_voorbeeldstad_p{i}.json") for i in (1, 2, 3)]
        lasts = [pages[0][-1]["id"], pages[1][-1]["id"]]
        if max_id is not None and max_id not in lasts:
            return json_reply([])
        index = 0 if max_id is None else lasts.index(max_id) + 1
        links = [f'<https://{host}/api/v1/accounts/{M_ID}/statuses?limit=40&min_id={pages[index][0]["id"]}>; rel="prev"']
        if index < 2:
            nxt = pages[index][-1]["id"]
            links.insert(0, f'<https://{host}/api/v1/accounts/{M_ID}/statuses?limit=40&max_id={nxt}>; rel="next"')
        return fixture_reply(f"mastodon/statuses_voorbeeldstad_p{index + 1}.json",
                             headers={"Link": ", ".join(links), "X-RateLimit-Remaining": "297"})

    def webfinger(req):
        if req.query.get("resource", [""])[0] == f"acct:voorbeeldstad@{host}":
            return fixture_reply("mastodon/webfinger_voorbeeldstad.json")
        return Reply(status=404, body=b"", content_type="application/jrd+json")

    net.route(host, "/api/v1/accounts/lookup", lookup)
    net.route(host, f"/api/v1/accounts/{M_ID}/statuses", statuses)
    net.route(host, "/.well-known/webfinger", webfinger)
    net.route(host, "/@voorbeeldstad.rss", fixture_reply("mastodon/voorbeeldstad.rss"))


# --- YouTube --------------------------------------------------------------------------------

def serve_youtube(net, host: str = "www.youtube.com") -> None:
    net.site(host, {"/@voorbeeldstad": fixture_reply("youtube/channel_voorbeeldstad.html"),
                    "/c/idonly": fixture_reply("youtube/channel_idonly.html")})

    def feed(req):
        cid = req.query.get("channel_id", [""])[0]
        if cid == YT_ID:
            return fixture_reply(f"youtube/videos_{YT_ID}.xml")
        if cid == "UCidonlyA1b2C3d4E5f6G7h8":
            return fixture_reply("youtube/videos_empty.xml")
        return html("<h1>404</h1>", status=404)

    net.route(host, "/feeds/videos.xml", feed)


def org_site(net, domain: str, extra: dict | None = None) -> None:
    """The organisation's own website (robots.txt allowing all), for well-known lookups."""
    net.site(domain, {"/": html("<h1>home</h1>"), **(extra or {})})
    net.site("www." + domain, {"/": html("<h1>home</h1>")})
