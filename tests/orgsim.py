"""Hand-written fixture organisations, served as real websites and platform APIs.

An organisation is one YAML file in `fixtures/orgs/` (see its README.md): its label and a one-line
justification, its website pages as HTML, and a compact description of its platform accounts
(posting rate, reply share, mentions answered...). `serve(spec, net, now)` registers routes on a
FakeInternet-like object (anything with `.route(host, path, reply)`), answering in the real API
shapes: X API v2, Bluesky AppView, Mastodon, YouTube channel pages and RSS. Posts are generated
deterministically from the spec (seeded by the handle), relative to `now`.
"""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from importlib import resources
from typing import Any, Callable
from xml.sax.saxutils import escape

import yaml

from tests.servers import Reply, html, json_reply, text

ORGS_DIR = "orgs"


@dataclass(frozen=True)
class OrgSpec:
    name: str
    domain: str
    label: str
    justification: str
    lang: str
    heldout: bool
    pages: dict[str, str]
    accounts: tuple[dict[str, Any], ...]
    robots: str | None


def load_orgs(only: str | None = None) -> list[OrgSpec]:
    """Every fixture organisation (`only`: 'heldout' or 'train')."""
    out = []
    folder = resources.files("fixtures").joinpath(ORGS_DIR)  # data only; this module serves it
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        d = yaml.safe_load(entry.read_text(encoding="utf-8"))
        spec = OrgSpec(name=entry.name[:-5], domain=d["domain"], label=d["label"],
                       justification=d["justification"], lang=d.get("lang", "nl"),
                       heldout=bool(d.get("heldout", False)), pages=dict(d.get("pages") or {}),
                       accounts=tuple(d.get("accounts") or ()), robots=d.get("robots"))
        if only == "heldout" and not spec.heldout or only == "train" and spec.heldout:
            continue
        out.append(spec)
    return out


# --- posts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FakePost:
    id: str
    created_at: datetime
    kind: str          # post | reply | self_reply | repost
    text: str


def _rng(*parts: str) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:12], 16))


def make_posts(acc: dict[str, Any], now: datetime) -> list[FakePost]:
    """Posts newest first: `per_week` over `weeks`, the newest `last_days_ago` before now."""
    p = acc.get("posts") or {}
    per_week = float(p.get("per_week", 0))
    weeks = float(p.get("weeks", 13))
    last = float(p.get("last_days_ago", 1))
    n = int(round(per_week * weeks))
    if n <= 0:
        return []
    rng = _rng(acc["platform"], acc["handle"])
    span = weeks * 7 * 86400
    newest = now - timedelta(days=last)
    offsets = sorted([0.0] + [rng.uniform(0, span) for _ in range(n - 1)])
    posts = []
    for i, off in enumerate(offsets):
        r = rng.random()
        if r < p.get("reply_share", 0.0):
            kind = "reply"
        elif r < p.get("reply_share", 0.0) + p.get("repost_share", 0.0):
            kind = "repost"
        elif r < p.get("reply_share", 0.0) + p.get("repost_share", 0.0) + p.get("self_thread_share", 0.0):
            kind = "self_reply"
        else:
            kind = "post"
        pid = str(1_700_000_000_000_000_000 + int(hashlib.md5(f"{acc['handle']}{i}".encode()).hexdigest()[:10], 16))
        text = (p.get("texts") or ["Nieuws van vandaag", "Bedankt voor je bericht!", "Lees meer op onze site"])[i % 3]
        posts.append(FakePost(id=pid, created_at=newest - timedelta(seconds=off), kind=kind, text=text))
    return posts


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return json_reply(data, status=status, headers=headers)


def _html(body: str) -> Reply:
    return html(body)


# --- platform servers -------------------------------------------------------------------------

def _x_routes(acc: dict[str, Any], now: datetime) -> list[tuple[str, str, Callable]]:
    handle = acc["handle"]
    uid = str(int(hashlib.md5(handle.encode()).hexdigest()[:12], 16))
    posts = make_posts(acc, now)
    other = "999000111"
    user = {"id": uid, "name": acc.get("name", handle), "username": handle,
            "created_at": _iso(datetime.fromisoformat(str(acc.get("created", "2012-01-01"))).replace(tzinfo=timezone.utc)),
            "description": acc.get("bio", ""), "url": acc.get("url", ""), "verified": bool(acc.get("verified", False)),
            "public_metrics": {"followers_count": int(acc.get("followers", 1000)), "following_count": 100,
                               "tweet_count": len(posts) * 10, "listed_count": 5}}

    def tweet(p: FakePost) -> dict[str, Any]:
        t = {"id": p.id, "text": p.text, "created_at": _iso(p.created_at), "author_id": uid,
             "conversation_id": p.id, "public_metrics": {"retweet_count": 1, "reply_count": 0, "like_count": 3, "quote_count": 0}}
        if p.kind == "reply":
            t["in_reply_to_user_id"] = other
            t["referenced_tweets"] = [{"type": "replied_to", "id": "1" + p.id[1:]}]
        elif p.kind == "self_reply":
            t["in_reply_to_user_id"] = uid
            t["referenced_tweets"] = [{"type": "replied_to", "id": "2" + p.id[1:]}]
        elif p.kind == "repost":
            t["referenced_tweets"] = [{"type": "retweeted", "id": "3" + p.id[1:]}]
            t["text"] = "RT @partner: " + p.text
        return t

    def lookup(req):
        return _json({"data": user})

    def timeline(req):
        page = int((req.query.get("pagination_token") or ["0"])[0])
        size = int((req.query.get("max_results") or ["100"])[0])
        chunk = posts[page * size:(page + 1) * size]
        meta: dict[str, Any] = {"result_count": len(chunk)}
        if chunk:
            meta.update(newest_id=chunk[0].id, oldest_id=chunk[-1].id)
        if (page + 1) * size < len(posts):
            meta["next_token"] = str(page + 1)
        body: dict[str, Any] = {"meta": meta}
        if chunk:
            body["data"] = [tweet(p) for p in chunk]
        return _json(body)

    m = acc.get("mentions") or {}
    mention_count = int(m.get("count", 0))
    rng = _rng("mentions", handle)
    mentions = []
    for i in range(mention_count):
        created = now - timedelta(hours=rng.uniform(2, 24 * 20))
        mentions.append({"id": str(1_600_000_000_000_000_000 + i), "text": f"@{handle} vraagje {i}",
                         "author_id": str(5000 + i), "created_at": _iso(created),
                         "conversation_id": str(1_600_000_000_000_000_000 + i)})
    answered = int(round(mention_count * float(m.get("answered", 0))))
    answers = []
    for i, men in enumerate(mentions[:answered]):
        delay = float(m.get("median_minutes", 60)) * rng.uniform(0.5, 1.5)
        created = datetime.fromisoformat(men["created_at"].replace("Z", "+00:00")) + timedelta(minutes=delay)
        answers.append({"id": str(1_650_000_000_000_000_000 + i), "text": "Dank voor je vraag!",
                        "author_id": uid, "created_at": _iso(min(created, now)),
                        "conversation_id": men["conversation_id"], "in_reply_to_user_id": men["author_id"],
                        "referenced_tweets": [{"type": "replied_to", "id": men["id"]}]})

    def mentions_route(req):
        body: dict[str, Any] = {"meta": {"result_count": len(mentions)}}
        if mentions:
            body["data"] = mentions
        return _json(body)

    def timeline_with_answers(req):
        reply = timeline(req)
        data = json.loads(reply.body)
        if answers and "pagination_token" not in req.query:
            data["data"] = answers + data.get("data", [])
            data["meta"]["result_count"] = len(data["data"])
        reply.body = json.dumps(data).encode()
        return reply

    hosts = ("api.x.com", "api.twitter.com")
    out = []
    for host in hosts:
        out += [(host, f"/2/users/by/username/{handle}", lookup),
                (host, f"/2/users/{uid}/tweets", timeline_with_answers),
                (host, f"/2/users/{uid}/mentions", mentions_route)]
    return out


def _bluesky_routes(acc: dict[str, Any], now: datetime, domain: str) -> list[tuple[str, str, Callable]]:
    handle = acc["handle"]
    did = "did:plc:" + hashlib.sha1(handle.encode()).hexdigest()[:24]
    posts = make_posts(acc, now)
    profile = {"did": did, "handle": handle, "displayName": acc.get("name", handle),
               "description": acc.get("bio", ""), "followersCount": int(acc.get("followers", 500)),
               "followsCount": 50, "postsCount": len(posts) * 5,
               "createdAt": _iso(datetime.fromisoformat(str(acc.get("created", "2023-09-01"))).replace(tzinfo=timezone.utc))}

    def item(p: FakePost) -> dict[str, Any]:
        uri = f"at://{did}/app.bsky.feed.post/{p.id[-13:]}"
        record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": p.text, "createdAt": _iso(p.created_at), "langs": ["nl"]}
        author = {"did": did, "handle": handle}
        entry: dict[str, Any] = {}
        if p.kind in ("reply", "self_reply"):
            parent_did = did if p.kind == "self_reply" else "did:plc:someoneelse000000000000"
            ref = {"uri": f"at://{parent_did}/app.bsky.feed.post/parent{p.id[-6:]}", "cid": "bafy"}
            record["reply"] = {"root": ref, "parent": ref}
            entry["reply"] = {"root": {"$type": "app.bsky.feed.defs#postView", "uri": ref["uri"], "author": {"did": parent_did, "handle": "someone.bsky.social" if p.kind == "reply" else handle}},
                              "parent": {"$type": "app.bsky.feed.defs#postView", "uri": ref["uri"], "author": {"did": parent_did, "handle": "someone.bsky.social" if p.kind == "reply" else handle}}}
        if p.kind == "repost":
            other = {"did": "did:plc:partner0000000000000000", "handle": "partner.bsky.social"}
            entry["post"] = {"uri": f"at://{other['did']}/app.bsky.feed.post/{p.id[-13:]}", "cid": "bafy", "author": other,
                             "record": {**record, "createdAt": _iso(p.created_at - timedelta(hours=1))}, "indexedAt": _iso(p.created_at)}
            entry["reason"] = {"$type": "app.bsky.feed.defs#reasonRepost", "by": author, "indexedAt": _iso(p.created_at)}
        else:
            entry["post"] = {"uri": uri, "cid": "bafy", "author": author, "record": record, "indexedAt": _iso(p.created_at),
                             "replyCount": 0, "repostCount": 1, "likeCount": 2}
        return entry

    def get_profile(req):
        return _json(profile)

    def feed(req):
        start = int((req.query.get("cursor") or ["0"])[0])
        size = int((req.query.get("limit") or ["50"])[0])
        chunk = posts[start:start + size]
        body: dict[str, Any] = {"feed": [item(p) for p in chunk]}
        if start + size < len(posts):
            body["cursor"] = str(start + size)
        return _json(body)

    def resolve(req):
        return _json({"did": did})

    host = "public.api.bsky.app"
    routes = [(host, "/xrpc/app.bsky.actor.getProfile", get_profile),
              (host, "/xrpc/app.bsky.feed.getAuthorFeed", feed),
              (host, "/xrpc/com.atproto.identity.resolveHandle", resolve)]
    if acc.get("atproto_did_on_domain"):
        for h in (domain, "www." + domain):
            routes.append((h, "/.well-known/atproto-did", lambda req, d=did: text(d)))
    return routes


def _mastodon_routes(acc: dict[str, Any], now: datetime, domain: str) -> list[tuple[str, str, Callable]]:
    user, _, instance = acc["handle"].partition("@")
    aid = str(int(hashlib.md5(acc["handle"].encode()).hexdigest()[:10], 16))
    posts = make_posts(acc, now)
    fields = []
    if acc.get("fields_verified", False) or acc.get("fields_link", False):
        fields.append({"name": "Website", "value": f'<a href="https://{domain}" rel="me nofollow noopener">{domain}</a>',
                       "verified_at": _iso(now - timedelta(days=100)) if acc.get("fields_verified") else None})
    account = {"id": aid, "username": user, "acct": user, "display_name": acc.get("name", user),
               "locked": False, "bot": False, "group": False, "discoverable": True,
               "created_at": _iso(datetime.fromisoformat(str(acc.get("created", "2023-07-01"))).replace(tzinfo=timezone.utc)),
               "note": f"<p>{escape(acc.get('bio', ''))}</p>", "url": f"https://{instance}/@{user}",
               "followers_count": int(acc.get("followers", 800)), "following_count": 20,
               "statuses_count": len(posts) * 4, "last_status_at": posts[0].created_at.date().isoformat() if posts else None,
               "fields": fields, "emojis": [], "avatar": f"https://{instance}/avatars/{aid}.png"}

    def status(p: FakePost) -> dict[str, Any]:
        s: dict[str, Any] = {"id": p.id[-18:], "created_at": _iso(p.created_at), "in_reply_to_id": None,
                             "in_reply_to_account_id": None, "visibility": "public", "language": "nl",
                             "uri": f"https://{instance}/users/{user}/statuses/{p.id[-18:]}",
                             "url": f"https://{instance}/@{user}/{p.id[-18:]}", "replies_count": 0,
                             "reblogs_count": 1, "favourites_count": 2, "content": f"<p>{escape(p.text)}</p>",
                             "reblog": None, "account": account, "media_attachments": [], "mentions": [], "tags": []}
        if p.kind == "reply":
            s["in_reply_to_id"], s["in_reply_to_account_id"] = "1" + p.id[-17:], "424242"
        elif p.kind == "self_reply":
            s["in_reply_to_id"], s["in_reply_to_account_id"] = "2" + p.id[-17:], aid
        elif p.kind == "repost":
            s["reblog"] = {**s, "id": "3" + p.id[-17:], "account": {**account, "id": "424242", "acct": "partner@example.social"}}
            s["content"] = ""
        return s

    def lookup(req):
        return _json(account)

    def statuses(req):
        limit = int((req.query.get("limit") or ["40"])[0])
        max_id = (req.query.get("max_id") or [None])[0]
        items = [p for p in posts if max_id is None or p.id[-18:] < max_id]
        chunk = items[:limit]
        headers = {}
        if len(items) > limit:
            headers["Link"] = (f'<https://{instance}/api/v1/accounts/{aid}/statuses?limit={limit}&max_id={chunk[-1].id[-18:]}>; rel="next"')
        return _json([status(p) for p in chunk], headers=headers)

    def webfinger(req):
        return _json({"subject": f"acct:{user}@{instance}",
                      "links": [{"rel": "self", "type": "application/activity+json", "href": f"https://{instance}/users/{user}"}]})

    return [(instance, "/api/v1/accounts/lookup", lookup),
            (instance, f"/api/v1/accounts/{aid}/statuses", statuses),
            (instance, "/.well-known/webfinger", webfinger)]


def _youtube_routes(acc: dict[str, Any], now: datetime) -> list[tuple[str, str, Callable]]:
    handle = acc["handle"]
    cid = acc.get("channel_id") or "UC" + hashlib.sha1(handle.encode()).hexdigest()[:22]
    posts = make_posts(acc, now)
    page = (f'<html><head><link rel="canonical" href="https://www.youtube.com/channel/{cid}">'
            f'<meta itemprop="channelId" content="{cid}"></head><body><script>var ytInitialData = '
            f'{{"metadata":{{"channelMetadataRenderer":{{"externalId":"{cid}","title":"{escape(acc.get("name", handle))}"}}}}}};'
            f'</script></body></html>')
    entries = "".join(
        f"<entry><id>yt:video:{p.id[-11:]}</id><yt:videoId>{p.id[-11:]}</yt:videoId><yt:channelId>{cid}</yt:channelId>"
        f"<title>{escape(p.text)}</title><link rel=\"alternate\" href=\"https://www.youtube.com/watch?v={p.id[-11:]}\"/>"
        f"<author><name>{escape(acc.get('name', handle))}</name><uri>https://www.youtube.com/channel/{cid}</uri></author>"
        f"<published>{p.created_at.isoformat()}</published><updated>{p.created_at.isoformat()}</updated></entry>"
        for p in posts[:15])
    feed = ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" '
            'xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">'
            f'<link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id={cid}"/><id>yt:channel:{cid[2:]}</id>'
            f'<yt:channelId>{cid[2:]}</yt:channelId><title>{escape(acc.get("name", handle))}</title>'
            f'<author><name>{escape(acc.get("name", handle))}</name><uri>https://www.youtube.com/channel/{cid}</uri></author>'
            f'<published>2015-01-01T00:00:00+00:00</published>{entries}</feed>')

    def feed_route(req):
        if (req.query.get("channel_id") or [""])[0] != cid:
            return Reply(status=404, body=b"")
        return Reply(body=feed.encode(), content_type="application/atom+xml; charset=UTF-8")

    path = "/" + handle if handle.startswith("@") else "/" + handle.replace(":", "/")
    return [("www.youtube.com", path, lambda req: _html(page)),
            ("www.youtube.com", f"/channel/{cid}", lambda req: _html(page)),
            ("www.youtube.com", "/feeds/videos.xml", feed_route)]


def serve(spec: OrgSpec, net: Any, now: datetime) -> None:
    """Register the organisation's website and platform accounts on `net`."""
    robots = spec.robots if spec.robots is not None else "User-agent: *\nAllow: /\n"
    for host in (spec.domain, "www." + spec.domain):
        for path, body in spec.pages.items():
            net.route(host, path, html(body))
        net.route(host, "/robots.txt", text(robots))
    for acc in spec.accounts:
        platform = acc["platform"]
        if platform == "x":
            routes = _x_routes(acc, now)
        elif platform == "bluesky":
            routes = _bluesky_routes(acc, now, spec.domain)
        elif platform == "mastodon":
            routes = _mastodon_routes(acc, now, spec.domain)
        elif platform == "youtube":
            routes = _youtube_routes(acc, now)
        else:
            continue
        for host, path, reply in routes:
            net.route(host, path, reply)


FIXED_NOW = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)


def scan_org(spec: OrgSpec, net: Any, now: datetime = FIXED_NOW, **overrides: Any):
    """Serve `spec` on `net` and scan it for real (the fake X API accepts any bearer token)."""
    from analyzer.core.normalize import normalize
    from analyzer.scan import run_scan

    serve(spec, net, now)
    settings = net.settings(**{"as_of": now.isoformat(), "x_bearer_token": "fixture-token", **overrides})
    return run_scan(normalize(spec.domain, allow_private=True), settings)
