"""The generated internet for bench_batch.py: any number of organisations, computed per request.

org-<run>-<i>.nl          a small municipal-style website (home, contact, about, news)
social.org-<run>-<i>.nl   its own Mastodon instance (lookup, statuses, webfinger)
public.api.bsky.app       the Bluesky AppView for every organisation (profile, feed, search)
bench-control.invalid     /latency?s=0.05 sets the injected latency (and starts a new peak count);
                          /stats gives counters, CPU, the most AppView requests in flight at once
                          and the most that arrived within one second

Nothing is stored per organisation: replies are built from the host name, so 5,000 organisations
cost the server no memory.
"""
from __future__ import annotations

import hashlib
import threading
import time
from datetime import datetime, timedelta, timezone

from tests.servers import FakeInternet, Reply, html, json_reply, text

CONTROL = "bench-control.invalid"
BSKY = "public.api.bsky.app"
POSTS = 20


class State:
    def __init__(self) -> None:
        self.latency = 0.05
        self.requests = self.shared = self.not_found = 0
        self.per_second: dict[int, int] = {}      # AppView requests per wall-clock second
        self.lock = threading.Lock()


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _id(text: str) -> str:
    return str(int(hashlib.md5(text.encode()).hexdigest()[:12], 16))


def homepage(org: str) -> str:
    user = org.split(".")[0].replace("-", "_")
    return (f"<html lang='nl'><head><title>Gemeente {org}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/contact'>Contact</a> <a href='/over-ons'>Over ons</a> "
            f"<a href='/nieuws'>Nieuws</a></nav><main><h1>Welkom bij {org}</h1><p>Wij helpen inwoners "
            f"en ondernemers. Stel je vraag via sociale media: wij reageren op werkdagen.</p></main>"
            f"<footer>Volg ons: <a href='https://x.com/{user}'>X</a> "
            f"<a rel='me' href='https://social.{org}/@{user}'>Mastodon</a> "
            f"<a href='https://bsky.app/profile/{org.split('.')[0]}.bsky.social'>Bluesky</a></footer></body></html>")


def subpage(org: str, title: str) -> str:
    return (f"<html lang='nl'><head><title>{title} - {org}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<main><h1>{title}</h1><p>Bel 14 020 of stuur een bericht. Ons webcareteam reageert binnen "
            f"een werkdag.</p></main></body></html>")


def posts(seed: str, now: datetime) -> list[tuple[str, datetime, bool]]:
    """(id, created_at, is_reply) newest first: one post every ~1.5 days, a quarter replies."""
    return [(_id(f"{seed}{i}")[:15], now - timedelta(hours=2 + 36 * i), i % 4 == 3) for i in range(POSTS)]


def mastodon(host: str, path: str, query: dict, now: datetime) -> Reply:
    org = host[len("social."):]
    user = org.split(".")[0].replace("-", "_")
    aid = _id(host)
    account = {"id": aid, "username": user, "acct": user, "display_name": f"Gemeente {org}", "locked": False,
               "bot": False, "group": False, "created_at": "2022-11-10T00:00:00.000Z", "note": "<p>Officieel</p>",
               "url": f"https://{host}/@{user}", "followers_count": 900, "following_count": 20,
               "statuses_count": 400, "emojis": [],
               "fields": [{"name": "Website", "value": f'<a href="https://{org}" rel="me">{org}</a>',
                           "verified_at": "2024-01-01T00:00:00.000Z"}]}
    if path == "/api/v1/accounts/lookup":
        return json_reply(account)
    if path == f"/api/v1/accounts/{aid}/statuses":
        items = [{"id": pid, "created_at": _iso(at), "in_reply_to_id": "1" + pid if reply else None,
                  "in_reply_to_account_id": "424242" if reply else None, "visibility": "public", "language": "nl",
                  "uri": f"https://{host}/users/{user}/statuses/{pid}", "url": f"https://{host}/@{user}/{pid}",
                  "replies_count": 0, "reblogs_count": 1, "favourites_count": 2, "content": "<p>Nieuws</p>",
                  "reblog": None, "account": account, "media_attachments": [], "mentions": [], "tags": []}
                 for pid, at, reply in posts(host, now)]
        return json_reply(items)
    if path == "/.well-known/webfinger":
        return json_reply({"subject": f"acct:{user}@{host}", "links": []})
    return Reply(status=404, body=b"{}", content_type="application/json")


def bluesky(path: str, query: dict, now: datetime) -> Reply:
    actor = (query.get("actor") or query.get("handle") or [""])[0]
    did = "did:plc:" + hashlib.sha1(actor.encode()).hexdigest()[:24]
    if path == "/xrpc/app.bsky.actor.getProfile":
        return json_reply({"did": did, "handle": actor, "displayName": actor, "description": "",
                           "followersCount": 300, "followsCount": 40, "postsCount": 200,
                           "createdAt": "2023-09-01T00:00:00.000Z"})
    if path == "/xrpc/app.bsky.feed.getAuthorFeed":
        feed = []
        for pid, at, reply in posts(actor, now):
            record = {"$type": "app.bsky.feed.post", "text": "Nieuws", "createdAt": _iso(at), "langs": ["nl"]}
            if reply:
                ref = {"uri": f"at://did:plc:other/app.bsky.feed.post/p{pid}", "cid": "bafy"}
                record["reply"] = {"root": ref, "parent": ref}
            feed.append({"post": {"uri": f"at://{did}/app.bsky.feed.post/{pid}", "cid": "bafy",
                                  "author": {"did": did, "handle": actor}, "record": record,
                                  "indexedAt": _iso(at), "replyCount": 0, "repostCount": 0, "likeCount": 1}})
        return json_reply({"feed": feed})
    if path == "/xrpc/com.atproto.identity.resolveHandle":
        return json_reply({"did": did})
    if path == "/xrpc/app.bsky.actor.searchActors":
        return json_reply({"actors": []})
    return json_reply({"error": "MethodNotImplemented"}, status=404)


def website(host: str, path: str) -> Reply:
    org = host[4:] if host.startswith("www.") else host
    pages = {"/": lambda: homepage(org), "/contact": lambda: subpage(org, "Contact"),
             "/over-ons": lambda: subpage(org, "Over ons"), "/nieuws": lambda: subpage(org, "Nieuws")}
    if path == "/robots.txt":
        return text("User-agent: *\nAllow: /\n")
    return html(pages[path]()) if path in pages else html("<h1>Niet gevonden</h1>", status=404)


def make_handler(state: State, net: FakeInternet):
    def handle(req) -> Reply:
        if req.host == CONTROL:
            if req.path == "/latency":
                state.latency = float(req.query["s"][0])
                net.reset_peaks()
                with state.lock:
                    state.per_second.clear()
            return json_reply({"requests": state.requests, "shared": state.shared, "not_found": state.not_found,
                               "cpu": time.process_time(), "peak_shared": net.peak(BSKY),
                               "most_shared_per_s": max(state.per_second.values(), default=0)})
        now = datetime.now(timezone.utc)
        if req.host.startswith("social.org-"):
            reply = mastodon(req.host, req.path, req.query, now)
        elif req.host == BSKY:
            reply = bluesky(req.path, req.query, now)
        elif req.host.startswith(("org-", "www.org-")):
            reply = website(req.host, req.path)
        else:
            reply = html("<h1>Not found</h1>", status=404)
        with state.lock:
            state.requests += 1
            state.shared += req.host == BSKY
            if req.host == BSKY:
                second = int(time.time())
                state.per_second[second] = state.per_second.get(second, 0) + 1
            state.not_found += reply.status == 404
        reply.delay = state.latency
        return reply
    return handle


def serve(workdir: str, ready) -> None:
    """Run the generated internet until terminated; put its ports and CA file on `ready`."""
    net = FakeInternet().start(workdir)
    net.log = _NoLog()
    net.fallback("*", make_handler(State(), net))
    ready.put({"http": net.http_port, "https": net.https_port, "ca": net.ca_file})
    threading.Event().wait()


class _NoLog(list):
    """FakeInternet keeps every request; a benchmark of thousands of organisations must not."""

    def append(self, item) -> None:
        pass
