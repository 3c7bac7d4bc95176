"""Bluesky: profile, posting activity and ownership of each official account, without login.

Reads the public AppView (`settings.bluesky_appview`) with plain GETs through the fetch layer:
app.bsky.actor.getProfile, app.bsky.feed.getAuthorFeed (cursor pagination, at most FEED_PAGES
pages of FEED_LIMIT; a later page that fails keeps the pages before it, as a partial read),
com.atproto.identity.resolveHandle (only to tell a taken-down account from an unknown one),
https://DOMAIN/.well-known/atproto-did for ownership, and for the answered questions
app.bsky.feed.getPostThread for the latest posts with replies (at most THREADS_PER_ACCOUNT) and
app.bsky.feed.searchPosts for posts mentioning the account (often refused without a login: then
that source is coverage `refused` and the thread figure stands on its own).

Requests per account: at most 16 (profile 1, feed 2, resolveHandle 1 on failure, atproto-did 1,
threads 10, mention search 1); before the answered questions were read: at most 5. Plus 1 per
organisation for the public actor search that finds staff profiles naming the domain (it needs
only the domain, so it is read beside the accounts).

Ownership: verified when the handle is the organisation's domain or a subdomain of it (Bluesky
itself checked the handle against the domain), or when the domain's /.well-known/atproto-did
names the account's DID.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from analyzer.core.types import Account
from collectors.base import Findings, ScanContext
from collectors.http import FetchError
from collectors.platforms import common
from analyzer.core.posts import PostsRead
from collectors.platforms.bluesky_parse import parse_feed, parse_profile
from collectors.platforms.bluesky_questions import Questions, search_mentions
from collectors.platforms.common import AccountRead, Gap
from collectors.platforms.metrics import horizon
from collectors.platforms.ownership import host_in_domain, org_domain, verified
from collectors.platforms.roles import signed_mentions

log = logging.getLogger(__name__)

FEED_LIMIT = 100
FEED_PAGES = 2
SEARCH_LIMIT = 25


class BlueskyCollector:
    name = "bluesky"
    platforms = ("bluesky",)
    stage = "read"
    reads = "activity"
    coverage_role = "platform"
    label = phrase = {"en": "Bluesky", "nl": "Bluesky"}

    def collect(self, ctx: ScanContext, findings: Findings):
        accounts = findings.official("bluesky")
        if not accounts:
            return common.skipped(self.name, "bluesky")
        domain = org_domain(ctx.target.host)
        # The actor search needs only the domain: it runs beside the account reads, not after them.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bluesky-search") as pool:
            search = pool.submit(_actor_search, ctx, domain) if findings.only is None else None  # once per organisation
            reads = common.read_all(ctx, accounts, lambda a: _Reader(ctx, domain).read(a))
        note = None
        try:
            if search is not None:
                reads[0].found.extend(_search_staff(ctx, domain, search.result(), reads))
        except (FetchError, ValueError) as exc:
            # Staff search is an extra: its failure is said, but the accounts were still read.
            note = f"staff search unavailable ({getattr(exc, 'reason', 'malformed')})"
            log.info("bluesky actor search for %s failed: %s", domain, exc)
        refused = [r.account.handle for r in reads if r.posts and r.posts.questions
                   and r.posts.questions.sources.get("search", None) is not None
                   and r.posts.questions.sources["search"].status == "refused"]
        if refused:   # said, but no gap: the thread-based answered rate stands on its own
            note = "; ".join(filter(None, (note, f"mention search refused (searchPosts needs a login) "
                                                 f"for {len(refused)} account(s)")))
        res = common.result(ctx, self.name, "bluesky", findings, reads)
        if note:
            detail = "; ".join(filter(None, (res.coverage.detail, note)))
            res = replace(res, coverage=replace(res.coverage, detail=detail))
        return res


class _Reader:
    def __init__(self, ctx: ScanContext, domain: str):
        self.ctx = ctx
        self.domain = domain
        self.base = ctx.settings.bluesky_appview.rstrip("/") + "/xrpc/"

    def _get(self, method: str, **params):
        return self.ctx.fetcher.get(self.base + method, purpose="api", params=params).json()

    def read(self, account: Account) -> AccountRead:
        out = AccountRead(account)
        try:
            profile = parse_profile(self._get("app.bsky.actor.getProfile", actor=account.handle))
        except FetchError as exc:
            raise self._profile_gap(account, exc) from None
        except ValueError as exc:
            raise Gap("malformed", str(exc)) from None
        out.observed = True
        url = f"https://bsky.app/profile/{profile.handle}"
        out.account = out.account.with_(name=profile.name or account.name,
                                        platform_verified=profile.verified)
        out.unit = common.unit_of(profile.name, profile.handle, profile.description)
        out.add(common.evidence(self.ctx, "bluesky", "profile", "bluesky", {
            "name": profile.name, "description": profile.description, "followers": profile.followers,
            "created_at": profile.created_at, "verified": profile.verified, "url": url,
            "posts_count": profile.posts_count, "did": profile.did}, url, profile.description))
        self._ownership(out, profile)
        for m in signed_mentions(profile.description):
            handle = m.handle.lower()
            out.found.append(common.mentioned(self.ctx, "bluesky", out, m, handle,
                                              f"https://bsky.app/profile/{handle}"))
        # The mention search needs only the profile: it runs beside the author feed.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bluesky-mentions") as pool:
            searched = pool.submit(search_mentions, self, profile)
            try:
                page = self._feed(profile.did, profile.handle)
            except FetchError as exc:
                out.gap = Gap(exc.reason, "author feed: " + exc.detail)
                return out
            except ValueError as exc:
                out.gap = Gap("malformed", "author feed: " + str(exc))
                return out
            posts, parents, exhausted, cut = page
            if cut:   # the pages before the failure are kept: a partial read, never nothing
                out.gap = cut
            out.own_ids = {profile.did, profile.handle, account.handle}
            questions = Questions(self, profile, out, searched).read(posts, parents)
        out.posts = PostsRead("bluesky", account.handle, "app.bsky.feed.getAuthorFeed", tuple(posts),
                              history_complete=exhausted, sample_cap=FEED_PAGES * FEED_LIMIT,
                              partial=cut.reason if cut else None,
                              account_created_at=profile.created_at, followers=profile.followers,
                              questions=questions)
        out.posts_url = url
        return out

    def _profile_gap(self, account: Account, exc: FetchError) -> Gap:
        if exc.status != 400:
            return Gap(exc.reason, exc.detail)
        try:  # the AppView answers 400 for unknown and for taken-down accounts alike
            self._get("com.atproto.identity.resolveHandle", handle=account.handle)
        except FetchError:
            return Gap("not_found", f"no Bluesky account {account.handle}")
        return Gap("suspended", f"{account.handle} resolves but its profile is unavailable "
                                "(taken down or deactivated)")

    def _feed(self, did: str, handle: str):
        """(posts, own reply -> parent uri, whole history read?, gap of a failed later page).
        A failing first page raises: then nothing was read."""
        posts, parents, cursor, pages = [], {}, None, 0
        since = horizon(self.ctx.now)
        while pages < FEED_PAGES:
            params = {"actor": did, "limit": FEED_LIMIT, "filter": "posts_with_replies"}
            if cursor:
                params["cursor"] = cursor
            try:
                page = parse_feed(self._get("app.bsky.feed.getAuthorFeed", **params), did, handle)
            except (FetchError, ValueError) as exc:
                if pages == 0:
                    raise
                reason = getattr(exc, "reason", "malformed")
                return posts, parents, False, Gap(reason, f"author feed page {pages + 1}: "
                                                          f"{getattr(exc, 'detail', exc)}")
            posts.extend(page.posts)
            parents.update(page.parents)
            cursor = page.cursor
            pages += 1
            if not cursor or not page.posts or min(p.created_at for p in page.posts) < since:
                break
        return posts, parents, cursor is None, None

    def _ownership(self, out: AccountRead, profile) -> None:
        method = detail = None
        if profile.handle != "handle.invalid" and host_in_domain(profile.handle, self.domain):
            method, detail = "domain_handle", f"handle {profile.handle} is within {self.domain}"
            source = f"https://bsky.app/profile/{profile.handle}"
        else:
            source = f"https://{self.domain}/.well-known/atproto-did"
            try:
                text = self.ctx.fetcher.get(source, purpose="page").text().strip()
            except FetchError as exc:
                log.debug("no atproto-did at %s: %s", self.domain, exc.reason)
                return
            if text == profile.did:
                method, detail = "atproto_did", f"{source} names {profile.did}"
        if method:
            proof = common.evidence(self.ctx, "bluesky", "ownership_proof", "bluesky",
                                    {"method": method, "detail": detail}, source)
            out.evidence.append(proof)
            out.account = verified(out.account, proof)


def _actor_search(ctx: ScanContext, domain: str):
    """The public actor search for the domain (raises FetchError, or ValueError on bad JSON)."""
    base = ctx.settings.bluesky_appview.rstrip("/") + "/xrpc/app.bsky.actor.searchActors"
    return ctx.fetcher.get(base, purpose="api", params={"q": domain, "limit": SEARCH_LIMIT}).json()


def _search_staff(ctx: ScanContext, domain: str, data, reads: list[AccountRead]) -> list[Account]:
    """Profiles found by the public actor search (`data`) whose handle or bio names the domain."""
    known = {r.account.handle for r in reads}
    found = []
    for actor in (data.get("actors") or []) if isinstance(data, dict) else []:
        if not isinstance(actor, dict):
            continue
        handle = str(actor.get("handle", "")).lower()
        bio = actor.get("description") or ""
        if not handle or handle in known or handle == "handle.invalid":
            continue
        if not (host_in_domain(handle, domain) or domain in bio.lower()):
            continue
        unit = common.unit_of(actor.get("displayName"), handle, bio)
        role = "department" if unit else "staff"
        how = "domain_handle" if host_in_domain(handle, domain) else "bio_names_domain"
        url = f"https://bsky.app/profile/{handle}"
        value = {"platform": "bluesky", "handle": handle, "source": f"bluesky_actor_search:{how}"}
        value.update({"name": actor.get("displayName")} if role == "staff" else {"unit": unit})
        ev = common.evidence(ctx, "bluesky", "staff_account" if role == "staff" else "department_account",
                             "bluesky", value, url, bio)
        reads[0].evidence.append(ev)
        found.append(Account("bluesky", handle, url, role=role,
                             ownership="verified" if how == "domain_handle" else "claimed",
                             evidence=(ev.id,), name=actor.get("displayName")))
    return found
