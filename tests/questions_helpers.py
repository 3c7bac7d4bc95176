"""Hand-made Bluesky and Mastodon answers shaped like the recorded ones in research-data/
(bskyr f_postthread.yml / f_autfeed.yml, atrrr getPostThread, rtoot get_context_*.yml): the same
keys, nesting and types, with a thread of questions an organisation answered or not."""
from __future__ import annotations

from datetime import datetime, timedelta

from tests.platform_helpers import M_ID, NOW

VBS = "did:plc:vbstad7q2lmxkzr4hq3nbe5t"          # voorbeeldstad.nl
JOBS = "did:plc:wrkbij3yq5xh6r2kzl7pmd4a"         # werkenbij.voorbeeldstad.nl (a sister account)
RESIDENT = "did:plc:inwoner4k2m7q9x3v5b8n1c6"
OTHER = "did:plc:anderorg8h3j5k7l9m2n4p6q"


def t(hours: float) -> str:
    return (NOW - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def uri(did: str, rkey: str) -> str:
    return f"at://{did}/app.bsky.feed.post/{rkey}"


def author(did: str) -> dict:
    handle = {VBS: "voorbeeldstad.nl", JOBS: "werkenbij.voorbeeldstad.nl", RESIDENT: "inwoner.bsky.social",
              OTHER: "anderorg.bsky.social"}[did]
    return {"did": did, "handle": handle, "displayName": handle, "labels": [], "createdAt": "2023-01-01T00:00:00.000Z",
            "viewer": {"muted": False, "blockedBy": False}}


def bsky_post(did: str, rkey: str, hours: float, text: str = "", replies: int = 0,
              parent: str | None = None, root: str | None = None) -> dict:
    record = {"$type": "app.bsky.feed.post", "createdAt": t(hours), "langs": ["nl"], "text": text}
    if parent:
        record["reply"] = {"parent": {"cid": "bafyreiparent", "uri": parent},
                           "root": {"cid": "bafyreiroot", "uri": root or parent}}
    return {"uri": uri(did, rkey), "cid": f"bafyrei{rkey}", "author": author(did), "record": record,
            "replyCount": replies, "repostCount": 0, "likeCount": 1, "quoteCount": 0, "indexedAt": t(hours),
            "viewer": {"threadMuted": False, "embeddingDisabled": False}, "labels": []}


def bsky_feed() -> dict:
    """The organisation's feed: a post with 3 replies, its answer to one of them, a self-thread,
    a reply inside another account's thread to its own reply (root decides: a reply to another),
    a repost, a pinned copy, and a reply to a mention."""
    a = bsky_post(VBS, "a1", 30, "Afvalkalender 2025 is uit", replies=4)
    items = [
        {"post": a, "reason": {"$type": "app.bsky.feed.defs#reasonPin"}},
        {"post": bsky_post(VBS, "c1", 27, "Zie de website", parent=uri(RESIDENT, "q1"), root=a["uri"])},
        {"post": bsky_post(VBS, "d1", 29.5, "2/2 ook digitaal", parent=a["uri"], root=a["uri"])},
        {"post": bsky_post(VBS, "e1", 40, "aanvulling", parent=uri(VBS, "e0"), root=uri(OTHER, "r0"))},
        {"post": bsky_post(OTHER, "rp", 45, "evenement"),
         "reason": {"$type": "app.bsky.feed.defs#reasonRepost", "by": author(VBS), "indexedAt": t(44)}},
        {"post": bsky_post(VBS, "f1", 20, "Graag gedaan", parent=uri(RESIDENT, "m1"))},
        {"post": a},
        {"post": bsky_post(VBS, "b1", 60, "Gemeenteraad vanavond", replies=0)},
    ]
    return {"feed": items}


def bsky_thread() -> dict:
    """getPostThread of post a1: q1 (answered after 3 hours), q2 by the sister account, q3 not
    answered, a deleted reply (notFoundPost) and a blocked one (blockedPost)."""
    a = bsky_post(VBS, "a1", 30, "Afvalkalender 2025 is uit", replies=4)
    q1 = bsky_post(RESIDENT, "q1", 29.9, "Waar vind ik hem?", replies=1, parent=a["uri"])
    q2 = bsky_post(JOBS, "q2", 29.8, "Ook voor ons kantoor!", parent=a["uri"])
    q3 = bsky_post(RESIDENT, "q3", 29.7, "En de kerstbomen?", parent=a["uri"])
    answer = bsky_post(VBS, "c1", 27, "Zie de website", parent=q1["uri"], root=a["uri"])
    view = "app.bsky.feed.defs#threadViewPost"
    return {"thread": {"$type": view, "post": a, "replies": [
        {"$type": view, "post": q1, "replies": [{"$type": view, "post": answer, "replies": []}]},
        {"$type": view, "post": q2, "replies": []},
        {"$type": view, "post": q3, "replies": []},
        {"$type": "app.bsky.feed.defs#notFoundPost", "uri": uri(RESIDENT, "gone"), "notFound": True},
        {"$type": "app.bsky.feed.defs#blockedPost", "uri": uri(OTHER, "blk"), "blocked": True,
         "author": {"did": OTHER, "viewer": {"blockedBy": True}}},
    ]}, "threadContext": {}}


def bsky_search() -> dict:
    """searchPosts for mentions: m1 (answered by f1 in the feed) and one by the account itself."""
    m1 = bsky_post(RESIDENT, "m1", 22, "@voorbeeldstad.nl is de milieustraat open?")
    own = bsky_post(VBS, "s1", 10, "@voorbeeldstad.nl zegt het zelf")
    return {"posts": [m1, own], "hitsTotal": 2}


# --- Mastodon ---------------------------------------------------------------------------------

HOST = "social.overheid.nl"
RES_ID = "109876543210000001"
SISTER_ID = "109876543210000002"


def m_account(aid: str) -> dict:
    user = {M_ID: "voorbeeldstad", RES_ID: "inwoner@mastodon.social", SISTER_ID: "werkenbij"}[aid]
    return {"id": aid, "username": user.split("@")[0], "acct": user, "display_name": user, "bot": False,
            "created_at": "2023-06-12T00:00:00.000Z", "url": f"https://{HOST}/@{user}", "note": "",
            "followers_count": 10, "statuses_count": 100, "fields": []}


def status(sid: str, aid: str, hours: float, *, reply_to: str | None = None, reply_account: str | None = None,
           replies: int = 0, reblog: dict | None = None) -> dict:
    return {"id": sid, "created_at": t(hours), "in_reply_to_id": reply_to,
            "in_reply_to_account_id": reply_account, "sensitive": False, "spoiler_text": "",
            "visibility": "public", "language": "nl", "uri": f"https://{HOST}/users/x/statuses/{sid}",
            "url": f"https://{HOST}/@x/{sid}", "replies_count": replies, "reblogs_count": 0,
            "favourites_count": 0, "edited_at": None, "content": "<p>bericht</p>", "reblog": reblog,
            "account": m_account(aid), "media_attachments": [], "mentions": [], "tags": [], "emojis": []}


def m_statuses() -> list[dict]:
    """Own timeline: a post with replies, a reply whose parent was deleted (in_reply_to_id null,
    in_reply_to_account_id kept) to a resident, one to itself, an answer, a boost."""
    return [
        status("2001", M_ID, 2, reply_to="3001", reply_account=RES_ID),          # its answer to q1
        status("2002", M_ID, 5, replies=3),
        status("2003", M_ID, 8, reply_to=None, reply_account=RES_ID),            # parent deleted
        status("2004", M_ID, 9, reply_to=None, reply_account=M_ID),              # own parent deleted
        status("2005", M_ID, 12, reblog=status("9001", RES_ID, 13)),
        status("2006", M_ID, 30),
    ]


def m_context(n_extra: int = 0) -> dict:
    """Context of 2002: q1 answered (after 3 h), q2 unanswered, a sister account's reply, a reply
    between two residents (not addressed to the organisation); `n_extra` filler descendants."""
    desc = [
        status("3001", RES_ID, 5 - 0.1, reply_to="2002", reply_account=M_ID),
        status("2001", M_ID, 2, reply_to="3001", reply_account=RES_ID),
        status("3002", RES_ID, 4, reply_to="2002", reply_account=M_ID),
        status("3003", SISTER_ID, 4.5, reply_to="2002", reply_account=M_ID),
        status("3004", RES_ID, 3.5, reply_to="3001", reply_account=RES_ID),
    ]
    desc += [status(f"4{i:03d}", RES_ID, 3, reply_to="3004", reply_account=RES_ID) for i in range(n_extra)]
    return {"ancestors": [], "descendants": desc}


def at(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)
