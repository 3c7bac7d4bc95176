"""Mastodon: profile, posting activity and ownership of each official account, on its own instance.

Per account `user@instance`: GET /api/v1/accounts/lookup?acct=user; when the instance does not
know it, WebFinger (/.well-known/webfinger?resource=acct:user@instance) to find the server that
hosts it and a second lookup there; then GET /api/v1/accounts/:id/statuses (limit 40, following
the Link rel="next" / max_id pagination, at most STATUS_PAGES pages, stopping once past 90 days).
When the API refuses anonymous reads, the public RSS feed (https://instance/@user.rss) is the
fallback: it lists top-level public posts only, so reply and repost shares stay null.

Requests per account: at most 6 (lookup, WebFinger, second lookup, 3 status pages; or the RSS
feed in place of the status pages).

Ownership: verified when a profile field the instance verified (`verified_at`, Mastodon's rel=me
check) links to the organisation's domain. An instance run by a public body (social.overheid.nl,
social.bund.de, a .gov instance) is recorded in the profile evidence as government_instance.
"""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from analyzer.core.types import Account
from collectors.base import Findings, ScanContext
from collectors.http import FetchError
from collectors.platforms import common
from collectors.platforms.common import AccountRead, Gap
from collectors.platforms.feeds import parse_feed_bytes
from collectors.platforms.mastodon_parse import (
    is_government_instance, next_link, parse_account, parse_statuses, webfinger_acct,
)
from collectors.platforms.metrics import WINDOW_DAYS, Post, activity_value, compute_activity
from collectors.platforms.ownership import hrefs, org_domain, url_in_domain, verified
from collectors.platforms.roles import signed_mentions

STATUS_LIMIT = 40
STATUS_PAGES = 3


class MastodonCollector:
    name = "mastodon"
    platforms = ("mastodon",)

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
            "instance": host, "government_instance": is_government_instance(host)}, url, acc.note))
        self._ownership(out, acc, url)
        for m in signed_mentions(acc.note):
            handle = m.handle.lower() if "@" in m.handle else f"{m.handle.lower()}@{host}"
            user_, _, inst = handle.partition("@")
            out.found.append(common.mentioned(self.ctx, "mastodon", out, m, handle,
                                              f"https://{inst}/@{user_}"))
        try:
            posts, exhausted = self._statuses(acc.id, host)
        except FetchError as exc:
            if exc.status in (401, 403):
                return self._rss(out, user, host, "statuses refused: " + exc.detail, acc)
            out.gap = Gap(exc.reason, "statuses: " + exc.detail)
            return out
        except ValueError as exc:
            out.gap = Gap("malformed", "statuses: " + str(exc))
            return out
        self._activity(out, posts, exhausted, acc, url, "api/v1/accounts/statuses")
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

    def _statuses(self, account_id: str, host: str) -> tuple[list[Post], bool]:
        url: str | None = f"https://{host}/api/v1/accounts/{account_id}/statuses?limit={STATUS_LIMIT}"
        horizon = self.ctx.now - timedelta(days=WINDOW_DAYS)
        posts: list[Post] = []
        for _page in range(STATUS_PAGES):
            resp = self._get(url)
            page = parse_statuses(resp.json(), account_id)
            posts.extend(page)
            url = next_link(resp.headers.get("link"))
            if url and urlsplit(url).hostname != host:
                url = None  # never follow pagination off the account's own instance
            if not url or not page or min(p.created_at for p in page) < horizon:
                break
        return posts, url is None

    def _rss(self, out: AccountRead, user: str, host: str, why: str, acc=None) -> AccountRead:
        feed_url = f"https://{host}/@{user}.rss"
        try:
            feed = parse_feed_bytes(self._get(feed_url).body)
        except FetchError as exc:
            raise Gap(exc.reason, f"{why}; RSS: {exc.detail}") from None
        except ValueError as exc:
            raise Gap("malformed", f"{why}; RSS: {exc}") from None
        out.observed = True
        posts = [Post(e.published, id=e.link) for e in feed.entries if e.published]
        # The feed holds at most 20 posts: it reached the whole history only when shorter.
        self._activity(out, posts, len(feed.entries) < 20, acc, feed_url, "rss",
                       replies_observed=False)
        return out

    def _activity(self, out: AccountRead, posts, exhausted, acc, url, source, *,
                  replies_observed: bool = True) -> None:
        activity = compute_activity(posts, self.ctx.now, exhausted=exhausted,
                                    replies_observed=replies_observed,
                                    reposts_observed=replies_observed,
                                    followers=acc.followers if acc else None,
                                    created_at=acc.created_at if acc else None)
        ev = out.add(common.evidence(self.ctx, "mastodon", "activity", "mastodon",
                                     activity_value(activity, source), url))
        out.account = out.account.with_(activity=activity)
        own = [p for p in posts if not p.is_repost]
        if own:
            latest = max(own, key=lambda p: p.created_at)
            out.add(common.evidence(self.ctx, "mastodon", "post", "mastodon", {
                "id": latest.id, "created_at": latest.created_at,
                "type": "reply" if latest.is_reply_to_other else "post"},
                latest.id if str(latest.id).startswith("http") else url,
                derived_from=(ev.id,)), link=False)

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
