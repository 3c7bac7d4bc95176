"""X: profile, posting activity, conversation and ownership of each official account, via tweepy.

Per account: the user lookup (GET /2/users/by/username/:name with created_at, description, url,
public_metrics, verified, verified_type), the timeline (GET /2/users/:id/tweets, PAGE_SIZE posts
a page, at most TIMELINE_PAGES pages, a second page only while the first stays inside 90 days;
replies and retweets included) and the mentions (GET /2/users/:id/mentions, one page of
MENTIONS_SIZE), where the token's access level allows them, once the first timeline page has
posts, beside the second page (the budget grants the second page first).

Requests per account: at most 4 (lookup, 2 timeline pages, mentions), unchanged; posts read per
account: at most TIMELINE_PAGES * PAGE_SIZE + MENTIONS_SIZE = 150, counted against
`settings.x_monthly_reads`. A mention is a question unless it is a retweet or by one of the
organisation's own accounts (a department's mentions hold its sister accounts' retweets).

No token: coverage unavailable/no_token, and the scan goes on. 401 (token rejected) and 403 (the
token's access level does not cover the endpoint): http_error. 429: rate_limited, with the time
x-rate-limit-reset names. Budget spent: quota_exhausted. The token never leaves the request
header: not in logs (tweepy's debug logging is held off), evidence, coverage or errors.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

from analyzer.core.posts import PostsRead, QuestionsRead, SourceRead
from analyzer.core.settings import Settings
from analyzer.core.types import Account, iso
from collectors.base import Findings, ScanContext
from collectors.http import classify
from collectors.platforms import common
from collectors.platforms.common import AccountRead, Gap
from collectors.platforms.metrics import WINDOW_DAYS
from collectors.platforms.ownership import org_domain, url_in_domain, verified
from collectors.platforms.roles import signed_mentions
from collectors.platforms.x_budget import Budget, budget_for
from collectors.platforms.x_parse import (
    TWEET_FIELDS, USER_FIELDS, XApiError, answered_mentions, parse_tweets, parse_user, to_post,
)

if TYPE_CHECKING:
    import tweepy

log = logging.getLogger(__name__)

PAGE_SIZE = 50
TIMELINE_PAGES = 2
MENTIONS_SIZE = 50
MIN_PAGE = 5   # the API's smallest max_results


class XCollector:
    name = "x"
    platforms = ("x",)
    stage = "read"
    reads = "activity"
    coverage_role = "platform"
    label = phrase = {"en": "X", "nl": "X"}

    @classmethod
    def prepare(cls, settings: Settings, findings: Findings) -> None:
        """tweepy (and requests-oauthlib, oauthlib) only for a scan that will call the API."""
        if findings.official("x") and _api_settings(settings).x_bearer_token:
            import collectors.platforms.x_client  # noqa: F401

    def collect(self, ctx: ScanContext, findings: Findings):
        accounts = findings.official("x")
        if not accounts:
            return common.skipped(self.name, "x")
        settings = _api_settings(ctx.settings)
        if not settings.x_bearer_token:
            gap = Gap("no_token", "set X_BEARER_TOKEN to read X activity")
            return common.result(ctx, self.name, "x", findings, [AccountRead(a) for a in accounts], gap)
        budget = budget_for(settings.data_dir() / "x-budget.json", settings.x_monthly_reads, ctx.now,
                            spend=not settings.replay)
        if budget.remaining() < MIN_PAGE:
            gap = Gap("quota_exhausted", f"the monthly X read budget ({settings.x_monthly_reads} "
                                         "posts) is spent")
            return common.result(ctx, self.name, "x", findings, [AccountRead(a) for a in accounts], gap)
        from collectors.platforms.x_client import make_client

        client = make_client(settings, ctx.fetcher.session)
        domain = org_domain(ctx.target.host)
        reads = common.read_all(ctx, accounts, lambda a: _Reader(ctx, client, budget, domain).read(a))
        return common.result(ctx, self.name, "x", findings, reads)


def _api_settings(settings: Settings) -> Settings:
    if not settings.x_bearer_token and settings.replay:
        # A replay is answered from the archive, which never holds credentials: a placeholder
        # keeps the replayed scan identical to the recorded one on a machine without a token.
        return settings.with_(x_bearer_token="replay-without-token")
    return settings


class _Reader:
    def __init__(self, ctx: ScanContext, client: tweepy.Client, budget: Budget, domain: str):
        self.ctx = ctx
        self.client = client
        self.budget = budget
        self.domain = domain

    def read(self, account: Account) -> AccountRead:
        out = AccountRead(account)
        user = _call(lambda: parse_user(self.client.get_user(
            username=account.handle, user_fields=USER_FIELDS)), "user lookup")
        out.observed = True
        url = f"https://x.com/{user.username}"
        out.account = out.account.with_(name=user.name or account.name, platform_verified=user.verified)
        out.unit = common.unit_of(user.name, user.username, user.description)
        out.add(common.evidence(self.ctx, "x", "profile", "x", {
            "name": user.name, "description": user.description, "followers": user.followers,
            "created_at": user.created_at, "verified": user.verified,
            "verified_type": user.verified_type, "url": url, "posts_count": user.tweet_count,
            "links": list(user.links)}, url, user.description))
        link = next((u for u in user.links if url_in_domain(u, self.domain)), None)
        if link:
            proof = common.evidence(self.ctx, "x", "ownership_proof", "x", {
                "method": "profile_link", "detail": f"the profile links to {link}"}, url)
            out.evidence.append(proof)
            out.account = verified(out.account, proof)
        for m in signed_mentions(user.description):
            handle = m.handle.lower()
            out.found.append(common.mentioned(self.ctx, "x", out, m, handle, f"https://x.com/{handle}"))
        # The mentions need only the first timeline page (read when it has posts): they are read
        # beside the later pages, not after them.
        mentions: list = []
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="x-mentions") as pool:
            def after_first(first: list) -> None:
                if not first:
                    return
                try:
                    granted = self._grant(MENTIONS_SIZE, "mentions")
                except Gap as gap:
                    mentions.append(gap)
                    return
                mentions.append(pool.submit(self._spend, lambda n: self.client.get_users_mentions(
                    user.id, max_results=n, tweet_fields=TWEET_FIELDS), granted, "mentions"))
            try:
                timeline, exhausted, cut = self._timeline(user.id, after_first)
            except Gap as gap:
                out.gap = gap
                return out
            out.gap = cut   # a later timeline page failed: the pages before it stand (partial)
            try:
                questions = self._mentions(mentions, user.id, timeline, out)
            except Gap as gap:
                out.gap = out.gap or gap
                questions = QuestionsRead({"mentions": SourceRead(
                    "refused" if "403" in gap.detail else "failed", gap.reason, cap=MENTIONS_SIZE)})
        out.own_ids = {user.id, user.username, account.handle}
        out.posts = PostsRead("x", account.handle, "GET /2/users/:id/tweets",
                              tuple(replace(to_post(t, user.id), url=f"{url}/status/{t.id}") for t in timeline),
                              history_complete=exhausted, sample_cap=TIMELINE_PAGES * PAGE_SIZE,
                              partial=cut.reason if cut else None,
                              account_created_at=user.created_at, followers=user.followers,
                              questions=questions)
        out.posts_url = url
        return out

    def _timeline(self, user_id: str, after_first: Callable[[list], None]):
        """(posts read, whole history read?, gap on a later page). A failing first page is a Gap.
        `after_first` gets the first page's posts once the next page's reads are granted (the
        budget goes to the timeline first, as when the mentions waited for the whole timeline)."""
        tweets, token, granted = [], None, None
        horizon = self.ctx.now.timestamp() - WINDOW_DAYS * 86400
        for page in range(TIMELINE_PAGES):
            params = {"tweet_fields": TWEET_FIELDS}
            if token:
                params["pagination_token"] = token
            what = f"timeline page {page + 1}"
            try:
                granted = self._grant(PAGE_SIZE, what) if granted is None else granted
                rows, token = self._spend(lambda n: self.client.get_users_tweets(
                    user_id, max_results=n, **params), granted, what)
            except Gap as gap:
                if page == 0:
                    raise
                return tweets, False, gap
            granted, cut = None, None
            tweets.extend(rows)
            more = (bool(token) and bool(rows) and page + 1 < TIMELINE_PAGES
                    and min(t.created_at for t in rows).timestamp() >= horizon)
            if more:
                try:
                    granted = self._grant(PAGE_SIZE, f"timeline page {page + 2}")
                except Gap as gap:
                    cut = gap
            if page == 0:
                after_first(list(tweets))
            if cut is not None:
                return tweets, False, cut
            if not more:
                break
        return tweets, token is None, None

    def _mentions(self, mentions: list, user_id: str, timeline, out: AccountRead) -> QuestionsRead:
        """The mentions read beside the timeline (none: the timeline had no posts) as questions."""
        if not mentions:
            return QuestionsRead({"mentions": SourceRead("skipped", cap=MENTIONS_SIZE)})
        if isinstance(mentions[0], Gap):
            raise mentions[0]
        rows, _ = mentions[0].result()
        items = []
        for q, author in answered_mentions(rows, timeline, user_id):
            out.authors[q.id] = author
            items.append(replace(q, url=f"https://x.com/i/status/{q.id}"))
        return QuestionsRead({"mentions": SourceRead("ok", read=1, cap=MENTIONS_SIZE, eligible=len(rows))},
                             tuple(items))

    def _grant(self, wanted: int, what: str) -> int:
        """Reads taken from the monthly budget for one request; a Gap when too few are left."""
        granted = self.budget.take(wanted)
        if granted < MIN_PAGE:
            self.budget.give_back(granted)
            raise Gap("quota_exhausted", f"{what}: the monthly X read budget is spent")
        return granted

    def _spend(self, request, granted: int, what: str):
        """One paid request for `granted` posts; what it did not use goes back to the budget."""
        used = 0
        try:
            rows, token = _call(lambda: parse_tweets(request(granted)), what)
            used = len(rows)
            return rows, token
        finally:
            self.budget.give_back(granted - used)


def _call(fn, what: str):
    """Run one tweepy request; every failure becomes a Gap naming what was asked, never the token."""
    import tweepy  # loaded with the client (XCollector.prepare)

    try:
        return fn()
    except XApiError as exc:
        raise Gap(exc.reason, f"{what}: {exc.detail}") from None
    except tweepy.errors.TooManyRequests as exc:
        reset = exc.response.headers.get("x-rate-limit-reset")
        when = iso(datetime.fromtimestamp(int(reset), tz=timezone.utc)) if str(reset).isdigit() else "unknown"
        raise Gap("rate_limited", f"{what}: HTTP 429, limit resets at {when}") from None
    except tweepy.errors.Unauthorized:
        raise Gap("http_error", f"{what}: HTTP 401, the bearer token was rejected") from None
    except tweepy.errors.Forbidden as exc:
        raise Gap("http_error", f"{what}: HTTP 403, not allowed for this token's access level"
                                f"{_api_message(exc)}") from None
    except tweepy.errors.NotFound:
        raise Gap("not_found", f"{what}: HTTP 404") from None
    except tweepy.errors.HTTPException as exc:
        raise Gap("http_error", f"{what}: HTTP {exc.response.status_code}") from None
    except (ValueError, RecursionError) as exc:  # JSON that does not parse or nests too deep; wrong shape
        raise Gap("malformed", f"{what}: {type(exc).__name__}") from None
    except OSError as exc:     # requests' exceptions (the fetch layer's refusals included)
        err = classify(exc, what)
        raise Gap(err.reason, f"{what}: {err.detail}") from None


def _api_message(exc: tweepy.errors.HTTPException) -> str:
    """The API's own message (an echoed credential is already scrubbed by the fetch layer)."""
    messages = [m for m in exc.api_messages if isinstance(m, str)]
    return f" ({messages[0][:120]})" if messages else ""
