"""A simulated organisation (analyzer.tools.simulate.World) served as a website and platform APIs.

`serve_world(world, net)` registers on a FakeInternet what a scan of the organisation reads: its
site (the homepage with the follow links of the accounts the site links, a social wall and share
links; subpages listed in sitemap.xml, answering 503 when the world says they cannot be read), and
its accounts in the real API shapes: X API v2 (user, timeline, mentions), the Bluesky AppView
(profile, author feed, post threads; mention search refused), Mastodon (lookup, statuses, status
contexts) and YouTube (channel page and feed). A platform whose collector fails in the world answers
503 everywhere. Everything served comes from the world: the simulator's noise was decided before.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Callable
from xml.sax.saxutils import escape

from analyzer.tools.simulate import (
    PAGES, TEAM_PAGE, WEBCARE_HOURS, SimAccount, SimPost, World, display_name, site_pages, url_of,
)
from collectors.wikidata import PROPERTIES as WIKIDATA_PROPERTIES
from tests.servers import Reply, html, json_reply, text

FAIL = Reply(status=503, body=b"busy", content_type="text/plain")
OTHER_X = "999000111"
OTHER_DID = "did:plc:someoneelse000000000000"


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _num(*parts: Any) -> str:
    return str(int(hashlib.md5("|".join(map(str, parts)).encode()).hexdigest()[:14], 16))


# --- the website ------------------------------------------------------------------------------

def _page(world: World, body: str) -> str:
    return (f'<!doctype html><html lang="{world.lang}"><head><meta charset="utf-8"><title>{escape(world.title)}'
            f'</title></head><body>{body}</body></html>')


def _home(world: World) -> str:
    links = "".join(f'<li><a href="{url_of(*a.key)}" aria-label="{a.platform}" class="social-{a.platform}">'
                    f'{a.platform}</a></li>' for a in world.accounts
                    if a.key in world.linked and a.role != "staff")
    extra = ""
    if world.features.get("embedded_timeline"):
        extra += '<div class="juicer-feed" data-feed-id="simorg"></div><script src="https://assets.juicer.io/embed.js"></script>'
    if world.features.get("share_buttons"):
        extra += (f'<p><a href="https://twitter.com/intent/tweet?url=https://{world.domain}/">Deel</a> '
                  f'<a href="https://www.facebook.com/sharer/sharer.php?u=https://{world.domain}/">Deel</a> '
                  f'<a href="https://www.linkedin.com/sharing/share-offsite/?url=https://{world.domain}/">Deel</a></p>')
    follow = f'<div class="follow"><h3>Volg ons</h3><ul>{links}</ul></div>' if links else ""
    return _page(world, f"<header><p>{escape(world.title)}</p></header><main><h1>Welkom</h1>"
                        f"<p>Nieuws en informatie.</p>{extra}</main><footer>{follow}<p>&copy; 2026</p></footer>")


def _subpage(world: World, path: str) -> str:
    f = world.features
    d = world.domain
    if path == PAGES["policy_page"][0]:
        body = "<h1>Social media beleid</h1><p>Zo gaan wij om met reacties op onze kanalen.</p>"
    elif path == PAGES["webcare"][0]:
        if f.get("webcare"):
            hours = f" Bereikbaar {WEBCARE_HOURS} uur." if f.get("webcare_hours") else ""
            body = f"<h1>Contact</h1><p>Webcare: stel je vraag via onze sociale media.{hours}</p>"
        else:
            body = "<h1>Contact</h1><p>Bel of mail ons.</p>"
    elif path == PAGES["social_role"][0]:
        body = "<h1>Werken bij</h1><p>Vacature: social media manager (32-36 uur).</p>"
    elif path == PAGES["community_platform"][0]:
        body = (f'<h1>Denk mee</h1><p>Op ons <a href="https://ideeen.{d}/">ideeënplatform</a> '
                f"dragen inwoners ideeën aan.</p>")
    elif path == PAGES["ambassador_programme"][0]:
        body = "<h1>Ambassadeurs</h1><p>Word lid van ons ambassadeursprogramma.</p>"
    elif path == PAGES["stopped_platform"][0]:
        body = "<h1>Nieuws</h1><p>Wij zijn gestopt met X.</p>"
    elif path == TEAM_PAGE[0]:
        staff = "".join(f'<div class="team-member"><h3>Medewerker {i + 1}</h3><p>Adviseur</p>'
                        f'<a href="{url_of(*a.key)}">profiel</a></div>'
                        for i, a in enumerate(a for a in world.accounts if a.role == "staff" and a.key in world.linked))
        body = f"<h1>Organisatie</h1><p>Onze medewerkers.</p>{staff}"
    else:
        raise KeyError(path)
    return _page(world, f"<main>{body}</main>")


def _site(world: World, net) -> None:
    subpages = site_pages(world)
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               + "".join(f"<url><loc>https://{world.domain}{p}</loc></url>" for p, _ in subpages) + "</urlset>")
    pages: dict[str, Any] = {"/": html(_home(world)),
                             "/sitemap.xml": text(sitemap, content_type="application/xml")}
    for path, _role in subpages:
        pages[path] = html(_subpage(world, path)) if world.subpages else FAIL
    net.site(world.domain, pages)
    net.site("www." + world.domain, {"/": html(_home(world))})


# --- X ----------------------------------------------------------------------------------------

def _text(world: World, p: SimPost) -> str:
    """A post's text: a staff post about the organisation links to its site."""
    return f"Mooi werk van de collega's: https://{world.domain}/nieuws" if p.about else "bericht"


def _x_routes(world: World, acc: SimAccount) -> list[tuple[str, str, Callable]]:
    uid = _num("x", acc.handle)
    ids = {p.id: _num("xp", acc.handle, p.id) for p in acc.posts} | {q.id: _num("xq", acc.handle, q.id)
                                                                      for q in acc.questions}
    askers = {q.id: _num("xa", q.id) for q in acc.questions}
    user = {"id": uid, "name": display_name(world), "username": acc.handle, "created_at": _iso(acc.created_at),
            "description": "", "url": f"https://{world.domain}/" if acc.verified else "", "verified": False,
            "public_metrics": {"followers_count": acc.followers, "following_count": 10, "tweet_count": 999,
                               "listed_count": 1}}

    def tweet(p: SimPost) -> dict[str, Any]:
        t: dict[str, Any] = {"id": ids[p.id], "text": _text(world, p), "created_at": _iso(p.created_at),
                             "author_id": uid, "conversation_id": ids[p.id],
                             "public_metrics": {"retweet_count": 0, "reply_count": p.questions,
                                                "like_count": 1, "quote_count": 0}}
        if p.kind == "reply":
            t["in_reply_to_user_id"] = OTHER_X
            t["referenced_tweets"] = [{"type": "replied_to", "id": "1" + ids[p.id]}]
        elif p.kind == "answer":
            t["in_reply_to_user_id"] = askers[p.parent]
            t["referenced_tweets"] = [{"type": "replied_to", "id": ids[p.parent]}]
        elif p.kind == "thread":
            t["in_reply_to_user_id"] = uid
            t["referenced_tweets"] = [{"type": "replied_to", "id": "2" + ids[p.id]}]
        elif p.kind == "repost":
            t["referenced_tweets"] = [{"type": "retweeted", "id": "3" + ids[p.id]}]
        return t

    def page_of(rows: list[dict], req) -> Reply:
        start = int((req.query.get("pagination_token") or ["0"])[0])
        size = int((req.query.get("max_results") or ["100"])[0])
        chunk = rows[start:start + size]
        meta: dict[str, Any] = {"result_count": len(chunk)}
        if chunk:
            meta.update(newest_id=chunk[0]["id"], oldest_id=chunk[-1]["id"])
        if start + size < len(rows):
            meta["next_token"] = str(start + size)
        return json_reply({"meta": meta, **({"data": chunk} if chunk else {})})

    timeline = [tweet(p) for p in acc.posts]
    mentions = [{"id": ids[q.id], "text": f"@{acc.handle} vraag", "author_id": askers[q.id],
                 "created_at": _iso(q.created_at), "conversation_id": ids[q.id]} for q in acc.questions]

    def mentions_route(req) -> Reply:
        if acc.mentions_refused:
            return json_reply({"title": "Forbidden", "detail": "not permitted for this access level",
                               "type": "https://api.twitter.com/2/problems/client-forbidden"}, status=403)
        size = int((req.query.get("max_results") or ["100"])[0])
        return page_of(mentions[:size], req)

    out = []
    for host in ("api.x.com", "api.twitter.com"):
        out += [(host, f"/2/users/by/username/{acc.handle}", lambda req: json_reply({"data": user})),
                (host, f"/2/users/{uid}/tweets", lambda req: page_of(timeline, req)),
                (host, f"/2/users/{uid}/mentions", mentions_route)]
    return out


# --- Bluesky ----------------------------------------------------------------------------------

def _bluesky(world: World, accounts: list[SimAccount]) -> list[tuple[str, str, Callable]]:
    by_actor: dict[str, tuple[SimAccount, str]] = {}
    for acc in accounts:
        did = "did:plc:" + hashlib.sha1(acc.handle.encode()).hexdigest()[:24]
        by_actor[acc.handle] = by_actor[did] = (acc, did)

    def uri(did: str, rkey: str) -> str:
        return f"at://{did}/app.bsky.feed.post/{rkey}"

    def view(acc: SimAccount, did: str, p: SimPost, parent: str | None = None, root: str | None = None,
             replies: int = 0) -> dict[str, Any]:
        record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": _text(world, p), "createdAt": _iso(p.created_at)}
        if parent:
            record["reply"] = {"parent": {"uri": parent, "cid": "bafy"}, "root": {"uri": root or parent, "cid": "bafy"}}
        return {"uri": uri(did, p.id), "cid": "bafy", "author": {"did": did, "handle": acc.handle},
                "record": record, "indexedAt": _iso(p.created_at), "replyCount": replies, "repostCount": 0,
                "likeCount": 0}

    def own_item(acc: SimAccount, did: str, p: SimPost, hosts: dict[str, str]) -> dict[str, Any]:
        if p.kind == "repost":
            other = {"did": OTHER_DID, "handle": "partner.bsky.social"}
            post = {"uri": uri(OTHER_DID, "r" + p.id), "cid": "bafy", "author": other,
                    "record": {"$type": "app.bsky.feed.post", "text": "x", "createdAt": _iso(p.created_at)},
                    "indexedAt": _iso(p.created_at)}
            return {"post": post, "reason": {"$type": "app.bsky.feed.defs#reasonRepost",
                                              "by": {"did": did, "handle": acc.handle}, "indexedAt": _iso(p.created_at)}}
        if p.kind == "reply":
            return {"post": view(acc, did, p, uri(OTHER_DID, "o" + p.id))}
        if p.kind == "thread":
            return {"post": view(acc, did, p, uri(did, "t" + p.id), replies=p.questions)}
        if p.kind == "answer":
            q = next(q for q in acc.questions if q.id == p.parent)
            return {"post": view(acc, did, p, uri(_asker(q.id), q.id), uri(did, hosts[q.id]))}
        return {"post": view(acc, did, p, replies=p.questions)}

    def profile(req) -> Reply:
        hit = by_actor.get((req.query.get("actor") or [""])[0])
        if hit is None:
            return json_reply({"error": "InvalidRequest", "message": "Profile not found"}, status=400)
        acc, did = hit
        return json_reply({"did": did, "handle": acc.handle, "displayName": display_name(world), "description": "",
                           "followersCount": acc.followers, "followsCount": 1, "postsCount": len(acc.posts),
                           "createdAt": _iso(acc.created_at)})

    def feed(req) -> Reply:
        acc, did = by_actor[(req.query.get("actor") or [""])[0]]
        hosts = {q.id: q.post for q in acc.questions}
        start = int((req.query.get("cursor") or ["0"])[0])
        size = int((req.query.get("limit") or ["50"])[0])
        chunk = acc.posts[start:start + size]
        body: dict[str, Any] = {"feed": [own_item(acc, did, p, hosts) for p in chunk]}
        if start + size < len(acc.posts):
            body["cursor"] = str(start + size)
        return json_reply(body)

    def thread(req) -> Reply:
        at = (req.query.get("uri") or [""])[0]
        did, rkey = at[5:].split("/", 1)[0], at.rsplit("/", 1)[-1]
        acc, _ = by_actor[did]
        post = next(p for p in acc.posts if p.id == rkey)
        answers = {p.parent: p for p in acc.posts if p.kind == "answer"}
        replies = []
        for q in acc.questions:
            if q.post != rkey:
                continue
            qview = {"uri": uri(_asker(q.id), q.id), "cid": "bafy",
                     "author": {"did": _asker(q.id), "handle": f"{q.id}.bsky.social"},
                     "record": {"$type": "app.bsky.feed.post", "text": "vraag", "createdAt": _iso(q.created_at),
                                "reply": {"parent": {"uri": at, "cid": "bafy"}, "root": {"uri": at, "cid": "bafy"}}},
                     "indexedAt": _iso(q.created_at)}
            below = []
            if q.id in answers:
                below.append({"$type": "app.bsky.feed.defs#threadViewPost",
                              "post": view(acc, did, answers[q.id], qview["uri"], at), "replies": []})
            replies.append({"$type": "app.bsky.feed.defs#threadViewPost", "post": qview, "replies": below})
        parent = uri(did, "t" + post.id) if post.kind == "thread" else None
        return json_reply({"thread": {"$type": "app.bsky.feed.defs#threadViewPost",
                                      "post": view(acc, did, post, parent, replies=post.questions),
                                      "replies": replies}})

    host = "public.api.bsky.app"
    return [(host, "/xrpc/app.bsky.actor.getProfile", profile),
            (host, "/xrpc/app.bsky.feed.getAuthorFeed", feed),
            (host, "/xrpc/app.bsky.feed.getPostThread", thread),
            (host, "/xrpc/app.bsky.feed.searchPosts",
             json_reply({"error": "Forbidden", "message": "search needs a login"}, status=403)),
            (host, "/xrpc/app.bsky.actor.searchActors", json_reply({"actors": []}))]


def _asker(qid: str) -> str:
    return "did:plc:asker" + hashlib.sha1(qid.encode()).hexdigest()[:19]


# --- Mastodon ---------------------------------------------------------------------------------

def _mastodon(world: World, host: str, accounts: list[SimAccount]) -> list[tuple[str, str, Callable]]:
    routes: list[tuple[str, str, Callable]] = []
    by_user = {}
    for acc in accounts:
        user = acc.handle.partition("@")[0]
        aid = _num("m", acc.handle)[:17]
        fields = [{"name": "Website", "value": f'<a href="https://{world.domain}" rel="me">{world.domain}</a>',
                   "verified_at": _iso(world.as_of)}] if acc.verified else []
        account = {"id": aid, "username": user, "acct": user, "display_name": display_name(world),
                   "locked": False, "bot": False, "created_at": _iso(acc.created_at), "note": "",
                   "url": f"https://{host}/@{user}", "followers_count": acc.followers, "following_count": 1,
                   "statuses_count": len(acc.posts), "fields": fields, "emojis": []}
        by_user[user] = account
        sid = {p.id: f"1{aid[:5]}{i:012d}" for i, p in enumerate(acc.posts)}
        qsid = {q.id: f"9{_num('mq', acc.handle, q.id)[:17]}" for q in acc.questions}
        asker = {"id": "424242", "username": "inwoner", "acct": "inwoner@mastodon.social"}

        def status(p: SimPost, acc=acc, account=account, sid=sid, qsid=qsid, asker=asker) -> dict[str, Any]:
            s: dict[str, Any] = {"id": sid[p.id], "created_at": _iso(p.created_at), "in_reply_to_id": None,
                                 "in_reply_to_account_id": None, "visibility": "public",
                                 "url": f"https://{host}/@{account['username']}/{sid[p.id]}",
                                 "replies_count": p.questions, "reblogs_count": 0, "favourites_count": 0,
                                 "content": f"<p>{_text(world, p)}</p>", "reblog": None, "account": account}
            if p.kind == "reply":
                s["in_reply_to_id"], s["in_reply_to_account_id"] = "1" + sid[p.id][1:], "777"
            elif p.kind == "answer":
                s["in_reply_to_id"], s["in_reply_to_account_id"] = qsid[p.parent], asker["id"]
            elif p.kind == "thread":
                s["in_reply_to_id"], s["in_reply_to_account_id"] = "2" + sid[p.id][1:], account["id"]
            elif p.kind == "repost":
                s["reblog"] = {**s, "id": "3" + sid[p.id][1:], "account": {**asker, "id": "888"}}
            return s

        def statuses(req, acc=acc, status=status, sid=sid, aid=aid) -> Reply:
            limit = int((req.query.get("limit") or ["40"])[0])
            max_id = (req.query.get("max_id") or [None])[0]
            ids = [sid[p.id] for p in acc.posts]
            start = ids.index(max_id) + 1 if max_id else 0
            chunk = acc.posts[start:start + limit]
            headers = {}
            if start + limit < len(acc.posts):
                headers["Link"] = (f'<https://{host}/api/v1/accounts/{aid}/statuses?limit={limit}'
                                   f'&max_id={sid[chunk[-1].id]}>; rel="next"')
            return json_reply([status(p) for p in chunk], headers=headers)

        def context(req, acc=acc, status=status, sid=sid, qsid=qsid, asker=asker, account=account) -> Reply:
            own = req.path.split("/")[-2]
            rkey = next(p.id for p in acc.posts if sid[p.id] == own)
            answers = {p.parent: p for p in acc.posts if p.kind == "answer"}
            desc = []
            for q in acc.questions:
                if q.post != rkey:
                    continue
                desc.append({"id": qsid[q.id], "created_at": _iso(q.created_at), "in_reply_to_id": own,
                             "in_reply_to_account_id": account["id"], "account": asker,
                             "url": f"https://mastodon.social/@inwoner/{qsid[q.id]}", "content": "<p>vraag</p>",
                             "reblog": None, "visibility": "public", "replies_count": 0})
                if q.id in answers:
                    desc.append(status(answers[q.id]))
            return json_reply({"ancestors": [], "descendants": desc})

        routes.append((host, f"/api/v1/accounts/{aid}/statuses", statuses))
        for p in acc.posts:
            if p.questions:
                routes.append((host, f"/api/v1/statuses/{sid[p.id]}/context", context))

    def lookup(req) -> Reply:
        account = by_user.get((req.query.get("acct") or [""])[0])
        return json_reply(account) if account else json_reply({"error": "Record not found"}, status=404)

    routes.append((host, "/api/v1/accounts/lookup", lookup))
    return routes


# --- YouTube ----------------------------------------------------------------------------------

def _youtube(world: World, accounts: list[SimAccount]) -> list[tuple[str, str, Callable]]:
    feeds: dict[str, bytes] = {}
    routes: list[tuple[str, str, Callable]] = []
    for acc in accounts:
        cid = "UC" + hashlib.sha1(acc.handle.encode()).hexdigest()[:22]
        link = f'<a href="https://{world.domain}/">{world.domain}</a>' if acc.verified else ""
        page = (f'<html><head><link rel="canonical" href="https://www.youtube.com/channel/{cid}">'
                f'<meta itemprop="channelId" content="{cid}"></head><body>{link}</body></html>')
        entries = "".join(
            f"<entry><id>yt:video:{cid[:6]}{p.id}</id><yt:videoId>{cid[:6]}{p.id}</yt:videoId>"
            f"<yt:channelId>{cid}</yt:channelId><title>video</title>"
            f'<link rel="alternate" href="https://www.youtube.com/watch?v={cid[:6]}{p.id}"/>'
            f"<published>{p.created_at.isoformat()}</published><updated>{p.created_at.isoformat()}</updated></entry>"
            for p in acc.posts[:15])
        feeds[cid] = ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" '
                      'xmlns="http://www.w3.org/2005/Atom">'
                      f'<id>yt:channel:{cid[2:]}</id><title>{escape(display_name(world))}</title>'
                      f'<published>{acc.created_at.isoformat()}</published>{entries}</feed>').encode()
        routes.append(("www.youtube.com", "/" + acc.handle, html(page)))

    def feed_route(req) -> Reply:
        body = feeds.get((req.query.get("channel_id") or [""])[0])
        if body is None:
            return Reply(status=404, body=b"")
        return Reply(body=body, content_type="application/atom+xml; charset=UTF-8")

    return routes + [("www.youtube.com", "/feeds/videos.xml", feed_route)]


def _wikidata(world: World) -> dict[str, Any]:
    """SPARQL JSON results naming the accounts Wikidata lists for the organisation's item."""
    prop = {platform: p for p, platform in WIKIDATA_PROPERTIES.items()}
    item = {"type": "uri", "value": "http://www.wikidata.org/entity/Q" + _num("item", world.domain)[:8]}
    rows = [{"item": item, "prop": {"type": "uri", "value": "http://www.wikidata.org/prop/direct/" + prop[a.platform]},
             "value": {"type": "literal", "value": a.handle.removeprefix("company:")}}
            for a in world.accounts if a.key in world.wikidata and a.role != "staff" and a.platform in prop]
    return {"head": {"vars": ["item", "prop", "value"]}, "results": {"bindings": rows or [{"item": item}]}}


def serve_world(world: World, net) -> None:
    """Register `world`'s site and accounts on `net` (accounts of failing collectors answer 503)."""
    if world.website != "failed":
        _site(world, net)
    else:   # the site is down; Wikidata (opt-in in a scan) lists some of the accounts
        for host in (world.domain, "www." + world.domain):
            net.fallback(host, FAIL)
        net.route("query.wikidata.org", "/sparql", json_reply(_wikidata(world)))
    own = [a for a in world.accounts if a.role != "staff"]
    staff = [a for a in world.accounts if a.role == "staff" and a.key in world.linked]
    routes: list[tuple[str, str, Callable]] = []
    for acc in own + staff:
        if acc.platform == "x":
            routes += _x_routes(world, acc)
    youtube = [a for a in own if a.platform == "youtube"]
    if youtube:
        routes += _youtube(world, youtube)
    bluesky = [a for a in own + staff if a.platform == "bluesky"]
    if bluesky:
        routes += _bluesky(world, bluesky)
    mastodon = [a for a in own + staff if a.platform == "mastodon"]
    for host in sorted({a.handle.partition("@")[2] for a in mastodon}):
        routes += _mastodon(world, host, [a for a in mastodon if a.handle.endswith("@" + host)])
    hosts = {"x": ("api.x.com", "api.twitter.com"), "bluesky": ("public.api.bsky.app",),
             "youtube": ("www.youtube.com",)}
    failing = {h for p in world.failed for h in hosts.get(p, ())}
    failing |= {a.handle.partition("@")[2] for a in mastodon if "mastodon" in world.failed}
    for host, path, reply in routes:
        net.route(host, path, FAIL if host in failing else reply)
    for host in failing:
        net.fallback(host, FAIL)


def dump(world: World) -> str:
    """A short description of the world for a failing assertion."""
    return json.dumps({"org": world.org_id, "phase": world.phase, "website": world.website, "x_token": world.x_token,
                       "failed": sorted(world.failed), "features": world.features,
                       "accounts": [(a.platform, a.handle, a.role, a.key in world.linked, len(a.posts),
                                     len(a.questions)) for a in world.accounts]}, default=str)
