"""Mastodon: profile, posting activity and ownership of each official account, on its own instance.

Per account `user@instance`: GET /api/v1/accounts/lookup?acct=user; when the instance does not
know it, WebFinger (/.well-known/webfinger?resource=acct:user@instance) to find the server that
hosts it and a second lookup there; then GET /api/v1/accounts/:id/statuses (limit 40, following
the Link rel="next" / max_id pagination, at most STATUS_PAGES pages, stopping once past 90 days).
A later status page that fails (a 5xx after retries, a 429, a timeout, a malformed page, a 401/403)
keeps the pages before it as a partial read. When the API refuses anonymous reads from the start,
the public RSS feed (https://instance/@user.rss) is the fallback: it lists top-level public posts
only, so reply and repost shares stay null and its figures carry source "rss".

Answered questions: GET /api/v1/statuses/:id/context for the latest statuses inside the window
with replies_count above 0, at most THREADS_PER_ACCOUNT per account (mastodon_threads).

Requests per account: at most 16 (lookup, WebFinger, second lookup, 3 status pages, 10 contexts;
or the RSS feed in place of the status pages and contexts); before the answered questions were
read: at most 6.

Ownership: verified when a profile field the instance verified (`verified_at`, Mastodon's rel=me
check) links to the organisation's domain. An instance run by a public body (social.overheid.nl,
social.bund.de, a .gov instance) is recorded in the profile evidence as government_instance.
"""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from analyzer.core.government import government_instance
from analyzer.core.posts import PostRecord, PostsRead
from analyzer.core.types import Account
from collectors.base import Findings, ScanContext
from collectors.http import FetchError
from collectors.platforms import common
from collectors.platforms.common import AccountRead, Gap
from collectors.platforms.feeds import parse_feed_bytes
from collectors.platforms.mastodon_parse import (
    next_link, parse_account, parse_statuses, webfinger_acct,
)
from collectors.platforms.mastodon_threads import Threads
from collectors.platforms.metrics import horizon
from collectors.platforms.ownership import hrefs, org_domain, url_in_domain, verified
from collectors.platforms.roles import signed_mentions

STATUS_LIMIT = 40
STATUS_PAGES = 3
RSS_SIZE = 20   # Mastodon's @user.rss lists the latest 20 public top-level posts


class MastodonCollector:
    name = "mastodon"
    platforms = ("mastodon",)
    stage = "read"
    reads = "activity"
    coverage_role = "platform"
    label = phrase = {"en": "Mastodon", "nl": "Mastodon"}

    def collect(self, ctx: ScanContext, findings: Findings):
        accounts = findings.official("mastodon")
        if not accounts:
            return common.skipped(self.name, "mastodon")
        domain = org_domain(ctx.target.host)
        reads = common.read_all(ctx, accounts, lambda a: _Reader(ctx, domain).read(a))
        return common.result(ctx, self.name, "mastodon", findings, reads)


class _Reader:
    def __init__(self, ctx: ScanContext, domain: str):
        self.ctx = ctx
        self.domain = domain

    def _get(self, url: str, **params):
        return self.ctx.fetcher.get(url, purpose="api", params=params or None)

    def read(self, account: Account) -> AccountRead:
        user, _, host = account.handle.partition("@")
        if not user or not host:
            raise Gap("invalid_input", f"{account.handle} is not user@instance")
        out = AccountRead(account)
        try:
            acc, host = self._lookup(user, host)
        except FetchError as exc:
            if exc.status in (401, 403):  # API closed to anonymous readers: the feed may be open
                return self._rss(out, user, host, "lookup refused: " + exc.detail)
            raise Gap("suspended" if exc.status == 410 else exc.reason, exc.detail) from None
        except ValueError as exc:
            raise Gap("malformed", str(exc)) from None
        if acc.suspended:
            raise Gap("suspended", f"{account.handle} is suspended on {host}")
        out.observed = True
        url = acc.url or f"https://{host}/@{user}"
        out.account = out.account.with_(name=acc.name or account.name)
        out.unit = common.unit_of(acc.name, acc.acct, acc.note)
        out.add(common.evidence(self.ctx, "mastodon", "profile", "mastodon", {
            "name": acc.name, "description": acc.note, "followers": acc.followers,
            "created_at": acc.created_at, "verified": None, "url": url,
            "posts_count": acc.statuses_count, "bot": acc.bot, "moved_to": acc.moved_to,
            "instance": host, "government_instance": government_instance(host)}, url, acc.note))
        self._ownership(out, acc, url)
        for m in signed_mentions(acc.note):
            handle = m.handle.lower() if "@" in m.handle else f"{m.handle.lower()}@{host}"
            user_, _, inst = handle.partition("@")
            out.found.append(common.mentioned(self.ctx, "mastodon", out, m, handle,
                                              f"https://{inst}/@{user_}"))
        try:
            posts, exhausted, cut = self._statuses(acc.id, host)
        except FetchError as exc:
            if exc.status in (401, 403):
                return self._rss(out, user, host, "statuses refused: " + exc.detail, acc)
            out.gap = Gap(exc.reason, "statuses: " + exc.detail)
            return out
        except ValueError as exc:
            out.gap = Gap("malformed", "statuses: " + str(exc))
            return out
        if cut:   # a later page failed (also a 401/403 there): page 1 stands, as a partial read
            out.gap = cut
        out.own_ids = {acc.id, account.handle, f"{acc.acct.lower()}@{host}" if "@" not in acc.acct else acc.acct.lower()}
        questions = Threads(self, acc.id, host, out).read(posts)
        self._keep(out, PostsRead("mastodon", account.handle, "api/v1/accounts/statuses", tuple(posts),
                                  history_complete=exhausted, sample_cap=STATUS_PAGES * STATUS_LIMIT,
                                  partial=cut.reason if cut else None, questions=questions), acc, url)
        return out

    def _lookup(self, user: str, host: str):
        try:
            return parse_account(self._get(f"https://{host}/api/v1/accounts/lookup",
                                           acct=user).json()), host
        except FetchError as exc:
            if exc.status != 404:
                raise
        finger = self._get(f"https://{host}/.well-known/webfinger", resource=f"acct:{user}@{host}")
        target = webfinger_acct(finger.json())
        if not target or target[1] == host:
            raise FetchError(finger.url, "not_found", f"no account {user}@{host}", 404)
        user2, host2 = target
        return parse_account(self._get(f"https://{host2}/api/v1/accounts/lookup",
                                       acct=user2).json()), host2

    def _statuses(self, account_id: str, host: str):
        """(posts, whole history read?, gap of a failed later page); a failing first page raises."""
        url: str | None = f"https://{host}/api/v1/accounts/{account_id}/statuses?limit={STATUS_LIMIT}"
        since = horizon(self.ctx.now)
        posts: list[PostRecord] = []
        for page in range(STATUS_PAGES):
            try:
                resp = self._get(url)
                rows = parse_statuses(resp.json(), account_id)
            except (FetchError, ValueError) as exc:
                if page == 0:
                    raise
                return posts, False, Gap(getattr(exc, "reason", "malformed"),
                                         f"statuses page {page + 1}: {getattr(exc, 'detail', exc)}")
            posts.extend(rows)
            url = next_link(resp.headers.get("link"))
            if url and urlsplit(url).hostname != host:
                url = None  # never follow pagination off the account's own instance
            if not url or not rows or min(p.created_at for p in rows) < since:
                break
        return posts, url is None, None

    def _rss(self, out: AccountRead, user: str, host: str, why: str, acc=None) -> AccountRead:
        feed_url = f"https://{host}/@{user}.rss"
        try:
            feed = parse_feed_bytes(self._get(feed_url).body)
        except FetchError as exc:
            raise Gap(exc.reason, f"{why}; RSS: {exc.detail}") from None
        except ValueError as exc:
            raise Gap("malformed", f"{why}; RSS: {exc}") from None
        out.observed = True
        posts = tuple(PostRecord(e.link or e.id or e.published.isoformat(), e.published, url=e.link)
                      for e in feed.entries if e.published)
        # The feed holds at most 20 top-level posts (no replies, no boosts): it reached the whole
        # history only when shorter, and its rates are marked with source "rss".
        self._keep(out, PostsRead("mastodon", out.account.handle, "rss", posts,
                                  history_complete=len(feed.entries) < RSS_SIZE, sample_cap=RSS_SIZE,
                                  replies_observed=False, reposts_observed=False), acc, feed_url)
        return out

    def _keep(self, out: AccountRead, read: PostsRead, acc, url: str) -> None:
        out.posts = replace(read, followers=acc.followers if acc else None,
                            account_created_at=acc.created_at if acc else None)
        out.posts_url = url

    def _ownership(self, out: AccountRead, acc, url: str) -> None:
        for name, value, verified_at in acc.fields:
            links = [h for h in hrefs(value) if url_in_domain(h, self.domain)]
            if verified_at and links:
                proof = common.evidence(self.ctx, "mastodon", "ownership_proof", "mastodon", {
                    "method": "rel_me", "detail": f"field {name!r} links to {links[0]}, "
                    f"verified by the instance at {verified_at}"}, url)
                out.evidence.append(proof)
                out.account = verified(out.account, proof)
                return
