"""Every platform parser over every recorded real response in ../shared/research-data/.

    python benchmarks/bench_parsers.py [--verbose]

Reads x-api-v2 (academictwitteR, twarc-csv, tweepy), bluesky (bskyr cassettes, atrrr), mastodon
(rtoot cassettes) and youtube-rss, routes each response to the parser its request URL calls for
(user lookups, timelines and mentions; profiles and author feeds; accounts and statuses; channel
feeds; threads, contexts and mention searches), and reports how many parse and what they yield:
posts, replies to others, self-thread replies, reposts, accounts, verified (rel=me) fields,
questions and answers, and the activity computed from each timeline as of its newest post. Each
timeline's counts and span are also counted independently from the raw JSON (expected_* below)
and every difference is a MISMATCH (exit 1). Responses no parser is meant for (followers lists, search pages,
instance lists...) are counted as "other". Skips with a message when research-data is absent.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Beside the clone (../shared/research-data), or where FOOTPRINT_RESEARCH_DATA says (a worktree).
DATA = Path(os.environ.get("FOOTPRINT_RESEARCH_DATA")
            or Path(__file__).resolve().parents[2] / "shared" / "research-data")

import yaml  # noqa: E402

from analyzer.core.posts import PostRecord, PostsRead  # noqa: E402
from analyzer.signals.activity_model import compute_activity  # noqa: E402
from collectors.platforms.bluesky_parse import parse_feed, parse_profile, parse_search, parse_thread  # noqa: E402
from collectors.platforms.feeds import parse_feed_bytes  # noqa: E402
from collectors.platforms.mastodon_parse import (  # noqa: E402
    next_link, parse_account, parse_context, parse_statuses)
from collectors.platforms.x_parse import XApiError, parse_tweets, parse_user, to_post  # noqa: E402


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.lines: list[str] = []

    def ok(self, platform: str, what: str, name: str, **yields) -> None:
        self.counts[platform]["parsed"] += 1
        self.counts[platform][f"parsed:{what}"] += 1
        for k, v in yields.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool) and k != "reply_share":
                self.counts[platform][k] += v
        self.lines.append(f"  ok   {platform:8} {what:9} {name}: " +
                          ", ".join(f"{k}={v}" for k, v in yields.items()))

    def fail(self, platform: str, what: str, name: str, exc: Exception) -> None:
        self.counts[platform]["failed"] += 1
        self.lines.append(f"  FAIL {platform:8} {what:9} {name}: {type(exc).__name__}: {exc}")

    def other(self, platform: str) -> None:
        self.counts[platform]["other"] += 1

    def check(self, platform: str, name: str, posts, expected: dict) -> None:
        """Compare the parser's counts with `expected`, counted from the raw JSON by this file's
        own rules (never by the code under test)."""
        got = {"posts": len(posts), "replies_to_others": sum(p.is_reply_to_other for p in posts),
               "self_threads": sum(p.is_self_thread for p in posts), "reposts": sum(p.is_repost for p in posts)}
        if posts:
            times = sorted(p.created_at for p in posts)
            got["span_days"] = round((times[-1] - times[0]).total_seconds() / 86400, 2)
        self.counts[platform]["checked"] += 1
        wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
        if wrong:
            self.counts[platform]["mismatch"] += 1
            self.lines.append(f"  MISMATCH {platform:8} {name}: " +
                              ", ".join(f"{k} parsed {a} expected {b}" for k, (a, b) in wrong.items()))


def timeline_yields(posts, replies_observed: bool = True) -> dict:
    if not posts:
        return {"posts": 0}
    now = max(p.created_at for p in posts) + timedelta(hours=1)
    read = PostsRead("bench", "bench", "recorded", tuple(posts), replies_observed=replies_observed,
                     reposts_observed=replies_observed)
    act = compute_activity(read, now)
    return {"posts": len(posts), "replies_to_others": sum(p.is_reply_to_other for p in posts),
            "self_threads": sum(p.is_self_thread for p in posts), "reposts": sum(p.is_repost for p in posts),
            "posts_per_week": act.posts_per_week, "window_days": act.window_days,
            "reply_share": act.reply_share}


def _span(times) -> dict:
    times = sorted(times)
    return {"span_days": round((times[-1] - times[0]).total_seconds() / 86400, 2)} if times else {}


def _when(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def expected_x(rows: list, uid: str) -> dict:
    """Counted from raw X rows: a retweet has a 'retweeted' reference; a reply a 'replied_to' one;
    a reply to the author's own id continues its thread."""
    out = {"posts": 0, "replies_to_others": 0, "self_threads": 0, "reposts": 0}
    times = []
    for r in rows:
        if not isinstance(r, dict) or not r.get("created_at"):
            continue
        kinds = {x.get("type") for x in r.get("referenced_tweets") or []}
        out["posts"] += 1
        times.append(_when(r["created_at"]))
        if "retweeted" in kinds:
            out["reposts"] += 1
        elif "replied_to" in kinds:
            key = "self_threads" if str(r.get("in_reply_to_user_id")) == uid else "replies_to_others"
            out[key] += 1
    return {**out, **_span(times)}


def expected_bluesky(feed: list, did: str) -> dict:
    """Counted from a raw author feed: pinned copies skipped, reposts by their reason, own posts
    once each; a reply is the account's own thread only when parent and root are both its own."""
    out = {"posts": 0, "replies_to_others": 0, "self_threads": 0, "reposts": 0}
    seen, times = set(), []
    for item in feed:
        reason = (item.get("reason") or {}).get("$type", "")
        post = item.get("post") or {}
        if reason.endswith("reasonPin"):
            continue
        if reason.endswith("reasonRepost"):
            out["posts"] += 1
            out["reposts"] += 1
            times.append(_when(item["reason"]["indexedAt"]))
            continue
        if post.get("author", {}).get("did") != did or post.get("uri") in seen:
            continue
        seen.add(post.get("uri"))
        out["posts"] += 1
        times.append(_when(post["record"]["createdAt"]))
        reply = post["record"].get("reply")
        if reply:
            own = all(reply[k]["uri"].startswith(f"at://{did}/") for k in ("parent", "root"))
            out["self_threads" if own else "replies_to_others"] += 1
    return {**out, **_span(times)}


def expected_mastodon(statuses: list, account_id: str) -> dict:
    """Counted from raw statuses: a reblog is a repost; a reply has in_reply_to_account_id (kept
    when the parent is deleted) or in_reply_to_id; to the account itself it is its own thread."""
    out = {"posts": 0, "replies_to_others": 0, "self_threads": 0, "reposts": 0}
    times = []
    for st in statuses:
        out["posts"] += 1
        times.append(_when(st["created_at"]))
        if st.get("reblog"):
            out["reposts"] += 1
        elif st.get("in_reply_to_account_id") or st.get("in_reply_to_id"):
            own = str(st.get("in_reply_to_account_id")) == account_id
            out["self_threads" if own else "replies_to_others"] += 1
    return {**out, **_span(times)}


# --- X ------------------------------------------------------------------------------------------

def x_response(t: Tally, name: str, url: str, body) -> None:
    path = url.split("?", 1)[0]
    try:
        if path.endswith(("/tweets", "/mentions", "/liked_tweets", "/search/recent", "/search/all",
                          "/reverse_chronological")):
            tweets, token = parse_tweets(body)
            uid = path.split("/users/", 1)[1].split("/", 1)[0] if "/users/" in path else ""
            posts = [to_post(x, uid) for x in tweets]
            t.ok("x", "timeline", name, **timeline_yields(posts), next_token=int(token is not None))
            if path.endswith("/tweets") and uid:
                t.check("x", name, posts, expected_x(body.get("data") or [], uid))
        elif "/users/by/username/" in path or (path.endswith("/users") or path.endswith("/users/by")):
            rows = body.get("data")
            rows = rows if isinstance(rows, list) else [rows]
            users = [parse_user({"data": r}) for r in rows if r]
            t.ok("x", "users", name, accounts=len(users),
                 with_created_at=sum(u.created_at is not None for u in users),
                 with_followers=sum(u.followers is not None for u in users))
        elif "/2/tweets" in path:      # post lookups: one object or a list
            if isinstance(body.get("data"), dict):
                body = {**body, "data": [body["data"]]}
            tweets, _ = parse_tweets(body)
            t.ok("x", "tweets", name, posts=len(tweets))
        else:
            t.other("x")
    except XApiError as exc:
        t.ok("x", "error", name, error=exc.reason)
    except (ValueError, KeyError, TypeError) as exc:
        t.fail("x", "?", name, exc)


def bench_x(t: Tally) -> None:
    base = DATA / "x-api-v2"
    for folder in ("academictwitteR", "tweepy"):
        for row in json.loads((base / folder / "index.json").read_text()):
            body = json.loads((base / folder / row["file"]).read_text())
            x_response(t, f"{folder}/{row['file']}", row["request_url"], body)
    for path in sorted((base / "twarc-csv").glob("*.jsonl")):
        for i, line in enumerate(path.read_text().splitlines()):
            body = json.loads(line)
            x_response(t, f"twarc-csv/{path.name}#{i + 1}", body.get("__twarc", {}).get("url", ""), body)


# --- Bluesky ------------------------------------------------------------------------------------

def bsky_response(t: Tally, name: str, url: str, body) -> None:
    method = url.split("/xrpc/", 1)[-1].split("?", 1)[0]
    try:
        if method == "app.bsky.actor.getProfile":
            p = parse_profile(body)
            t.ok("bluesky", "profile", name, accounts=1, handle=p.handle, followers=p.followers or 0)
        elif any(isinstance(body.get(k), list) for k in ("profiles", "actors", "followers", "follows")):
            key = next(k for k in ("profiles", "actors", "followers", "follows") if isinstance(body.get(k), list))
            ps = [parse_profile(p) for p in body[key]]
            t.ok("bluesky", "profiles", name, accounts=len(ps),
                 domain_handles=sum(1 for p in ps if not p.handle.endswith(".bsky.social")))
        elif method == "app.bsky.feed.getAuthorFeed":
            authors = Counter(i["post"]["author"]["did"] for i in body["feed"] if "reason" not in i)
            did = authors.most_common(1)[0][0] if authors else ""
            page = parse_feed(body, did)
            t.ok("bluesky", "feed", name, **timeline_yields(page.posts), cursor=int(page.cursor is not None))
            t.check("bluesky", name, page.posts, expected_bluesky(body["feed"], did))
        elif method == "app.bsky.feed.getPostThread":
            root = body["thread"]["post"]["author"]["did"]
            found = parse_thread(body, root)
            t.ok("bluesky", "thread", name, questions=len(found),
                 answered=sum(q.answered_at is not None for q, _ in found))
        elif method == "app.bsky.feed.searchPosts":
            t.ok("bluesky", "search", name, mentions=len(parse_search(body, "did:plc:none")))
        else:
            t.other("bluesky")
    except (ValueError, KeyError, TypeError) as exc:
        t.fail("bluesky", method.rsplit(".", 1)[-1], name, exc)


def bench_bluesky(t: Tally) -> None:
    base = DATA / "bluesky"
    for row in json.loads((base / "atrrr" / "index.json").read_text()):
        bsky_response(t, f"atrrr/{row['file']}", row["request_url"],
                      json.loads((base / "atrrr" / row["file"]).read_text()))
    for path in sorted((base / "bskyr").glob("*.yml")):
        for i, it in enumerate(yaml.safe_load(path.read_text())["http_interactions"]):
            bsky_response(t, f"bskyr/{path.name}#{i + 1}", it["request"]["uri"],
                          json.loads(it["response"]["body"]["string"]))


# --- Mastodon -----------------------------------------------------------------------------------

def bench_mastodon(t: Tally) -> None:
    for path in sorted((DATA / "mastodon" / "rtoot").glob("*.yml")):
        for i, it in enumerate(yaml.safe_load(path.read_text())["http_interactions"]):
            name, url = f"rtoot/{path.name}#{i + 1}", it["request"]["uri"]
            route = url.split("?", 1)[0].split("/api/", 1)[-1]
            try:
                body = json.loads(it["response"]["body"]["string"])
                parts = route.split("/")
                if route.startswith("v1/accounts/") and len(parts) == 4 and parts[3] == "statuses":
                    posts = parse_statuses(body, parts[2])
                    accounts = {s["account"]["id"]: parse_account(s["account"]) for s in body}
                    link = (it["response"].get("headers") or {}).get("link") or \
                        (it["response"].get("headers") or {}).get("Link")
                    link = link[0] if isinstance(link, list) else link
                    t.ok("mastodon", "statuses", name, **timeline_yields(posts),
                         next_link=int(next_link(link) is not None), accounts=len(accounts))
                    t.check("mastodon", name, posts, expected_mastodon(body, parts[2]))
                elif route.startswith("v1/statuses/") and route.endswith("/context"):
                    owner = next((s_["in_reply_to_account_id"] for s_ in body["descendants"]
                                  if s_.get("in_reply_to_account_id")), "")
                    rows, n = parse_context(body, str(owner), "instance")
                    t.ok("mastodon", "context", name, descendants=n, questions=len(rows),
                         answered=sum(q.answered_at is not None for q, _ in rows), capped=int(n >= 60))
                elif route == "v1/accounts/search" or (isinstance(body, list) and body and "acct" in body[0]):
                    accounts = [parse_account(a) for a in body]
                    t.ok("mastodon", "accounts", name, accounts=len(accounts),
                         verified_fields=sum(1 for a in accounts for f in a.fields if f[2]))
                elif route.startswith("v1/accounts/") and len(parts) == 3:
                    acc = parse_account(body)
                    t.ok("mastodon", "account", name, accounts=1,
                         verified_fields=sum(1 for f in acc.fields if f[2]))
                elif isinstance(body, list) and body and isinstance(body[0], dict) and "account" in body[0]:
                    accounts = {s["account"]["id"]: parse_account(s["account"]) for s in body}
                    t.ok("mastodon", "timeline", name, accounts=len(accounts),
                         verified_fields=sum(1 for a in accounts.values() for f in a.fields if f[2]))
                else:
                    t.other("mastodon")
            except (ValueError, KeyError, TypeError) as exc:
                t.fail("mastodon", route[:9], name, exc)


# --- YouTube ------------------------------------------------------------------------------------

def bench_youtube(t: Tally) -> None:
    for path in sorted((DATA / "youtube-rss").rglob("*.xml")):
        try:
            feed = parse_feed_bytes(path.read_bytes())
            posts = [PostRecord(str(e.id), e.published) for e in feed.entries if e.published]
            t.ok("youtube", "feed", path.name, **timeline_yields(posts, replies_observed=False),
                 channel_created=feed.published.date().isoformat() if feed.published else None,
                 views=sum(e.views or 0 for e in feed.entries))
        except ValueError as exc:
            t.fail("youtube", "feed", path.name, exc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="one line per response")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (the recorded responses live beside the repository)")
        return 0
    t = Tally()
    for name, bench in (("x-api-v2", bench_x), ("bluesky", bench_bluesky), ("mastodon", bench_mastodon),
                        ("youtube-rss", bench_youtube)):
        if (DATA / name).is_dir():
            bench(t)
        else:
            print(f"skipped {name}: folder absent")
    if args.verbose:
        print("\n".join(t.lines))
    print(f"{'platform':9} {'parsed':>6} {'failed':>6} {'other':>6}  yields")
    keep = ("posts", "replies_to_others", "self_threads", "reposts", "accounts", "domain_handles", "verified_fields",
            "with_created_at", "next_token", "cursor", "next_link", "views", "questions", "answered", "mentions",
            "descendants", "capped", "checked", "mismatch")
    for platform, c in t.counts.items():
        kinds = ", ".join(f"{k.split(':', 1)[1]} {v}" for k, v in sorted(c.items()) if k.startswith("parsed:"))
        yields = ", ".join(f"{k} {c[k]}" for k in keep if c.get(k))
        print(f"{platform:9} {c['parsed']:>6} {c['failed']:>6} {c['other']:>6}  [{kinds}] {yields}")
    return 1 if any(c["failed"] or c["mismatch"] for c in t.counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
