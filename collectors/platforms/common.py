"""What every platform collector shares: reading accounts in parallel, turning faults into
coverage, marking department accounts, and making evidence.

A collector reads each official account with a `read(account) -> AccountRead` function; the
accounts of one organisation are read in parallel (at most `settings.per_host` at once, since they
all go to the same API host). A fault on one account is a gap for that account, not for the rest.
"""
from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

from analyzer.core.posts import PostsRead, QuestionsRead
from analyzer.core.types import Account, CollectorResult, Coverage, Evidence
from collectors.http import FetchError
from collectors.base import Findings, ScanContext
from collectors.platforms.metrics import KIND
from collectors.platforms.roles import Mentioned, own_unit

log = logging.getLogger(__name__)

POST_TYPE = {"youtube": "video"}   # what a post is called where it is not a text post


class Gap(Exception):
    """An account (or the whole collector) could not be read; `reason` from COVERAGE_REASONS."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}{': ' + detail if detail else ''}")


@dataclass
class AccountRead:
    """What reading one account gave: the updated account, evidence, accounts it named, a gap."""

    account: Account
    evidence: list[Evidence] = field(default_factory=list)
    found: list[Account] = field(default_factory=list)
    gap: Gap | None = None
    observed: bool = False          # something about the account was read
    unit: str | None = None         # the unit its profile names (department candidates)
    posts: PostsRead | None = None  # the timeline read, kept by `result` as `posts_read` evidence
    posts_url: str | None = None
    authors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # question id -> author ids
    own_ids: set[str] = field(default_factory=set)          # the account's own ids on the platform

    def add(self, ev: Evidence, *, link: bool = True) -> Evidence:
        self.evidence.append(ev)
        if link:
            self.account = self.account.with_(evidence=self.account.evidence + (ev.id,))
        return ev


def evidence(ctx: ScanContext, collector: str, kind: str, platform: str, value: Any,
             source_url: str | None, excerpt: str | None = None,
             derived_from: Sequence[str] = ()) -> Evidence:
    return Evidence.make(kind=kind, platform=platform, value=value, collector=collector,
                         observed_at=ctx.now, source_url=source_url, excerpt=excerpt,
                         derived_from=tuple(derived_from))


def read_all(ctx: ScanContext, accounts: Sequence[Account],
             read: Callable[[Account], AccountRead]) -> list[AccountRead]:
    """Read every account, in parallel within the per-host limit, stopping at the deadline."""
    def guarded(account: Account) -> AccountRead:
        if ctx.time_left() <= 0:
            return AccountRead(account, gap=Gap("budget_exhausted", "scan time budget spent"))
        try:
            return read(account)
        except Gap as gap:
            return AccountRead(account, gap=gap)
        except Exception as exc:  # a bug in one account's read must not hide the others
            log.exception("reading %s:%s failed", account.platform, account.handle)
            return AccountRead(account, gap=Gap("internal_error", type(exc).__name__))

    workers = max(1, min(ctx.settings.per_host, len(accounts)))
    if workers == 1:
        return [guarded(a) for a in accounts]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="platform") as pool:
        return list(pool.map(guarded, accounts))


def fetch_each(ctx: ScanContext, items: Sequence[Any], fetch: Callable[[Any], Any]) -> list[Any]:
    """`fetch(item)` for every item, at most `settings.per_host` at once, the answers in item
    order: each the value, the FetchError or ValueError it raised, or None when the scan's time was
    spent before it started. For reads that need nothing of each other (the threads under an
    account's posts): none waits for another. A caller that stops at a failure reads the answers
    in order and ignores those after it, so what it keeps never depends on which answered first."""
    def one(item: Any) -> Any:
        if ctx.time_left() <= 0:
            return None
        try:
            return fetch(item)
        except (FetchError, ValueError) as exc:
            return exc

    workers = max(1, min(ctx.settings.per_host, len(items)))
    if workers == 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="platform-each") as pool:
        return list(pool.map(one, items))


def mark_departments(ctx: ScanContext, collector: str, platform: str,
                     reads: list[AccountRead]) -> None:
    """With several official accounts on one platform, those whose profile names a unit
    (recruitment, customer service, press, region) become department accounts; at least one
    account stays official."""
    candidates = [r for r in reads if r.unit and r.account.role in ("official", "department")]
    if len(reads) < 2 or not candidates or len(candidates) == len(reads):
        return
    for r in candidates:
        ev = evidence(ctx, collector, "department_account", platform,
                      {"platform": platform, "handle": r.account.handle, "unit": r.unit,
                       "source": "profile_name_or_bio"}, r.account.url)
        r.add(ev)
        r.account = r.account.with_(role="department")


def result(ctx: ScanContext, collector: str, platform: str, findings: Findings,
           reads: list[AccountRead], extra_gap: Gap | None = None) -> CollectorResult:
    """Bundle the reads: updated and new accounts, evidence, and one coverage."""
    mark_departments(ctx, collector, platform, reads)
    own = {i for r in reads for i in r.own_ids} | {a.handle for a in findings.accounts
                                                     if a.platform == platform and a.role in ("official", "department")}
    for r in reads:
        if r.posts is not None:
            keep_read(ctx, r, _without_own(r, own))
    known = {a.key for a in findings.accounts} | {r.account.key for r in reads}
    evidence_out: dict[str, Evidence] = {}
    accounts: list[Account] = []
    for r in reads:
        accounts.append(r.account)
        for ev in r.evidence:
            evidence_out.setdefault(ev.id, ev)
    for r in reads:
        for acc in r.found:
            if acc.key not in known:
                known.add(acc.key)
                accounts.append(acc)
    return CollectorResult(collector=collector, coverage=coverage(collector, reads, extra_gap),
                           evidence=tuple(evidence_out.values()), accounts=tuple(accounts))


def _without_own(r: AccountRead, own: set[str]) -> PostsRead:
    """The read with the questions asked by the organisation's own accounts left out: a sister
    account's repost or reply is no question to the organisation."""
    q = r.posts.questions
    if q is None:
        return r.posts
    items = tuple(x for x in q.items if not own.intersection(r.authors.get(x.id, ())))
    return replace(r.posts, questions=QuestionsRead(q.sources, items))


def keep_read(ctx: ScanContext, out: AccountRead, read: PostsRead) -> Evidence:
    """Keep `read` as the account's `posts_read` evidence, plus its latest own post as an example."""
    ev = out.add(evidence(ctx, read.platform, KIND, read.platform, read.to_json(), out.posts_url))
    own = [p for p in read.posts if not p.is_repost]
    if own:
        latest = max(own, key=lambda p: p.created_at)
        out.add(evidence(ctx, read.platform, "post", read.platform, {
            "id": latest.id, "created_at": latest.created_at,
            "type": "reply" if latest.is_reply_to_other else POST_TYPE.get(read.platform, "post")},
            latest.url or out.posts_url, derived_from=(ev.id,)), link=False)
    return ev


def coverage(collector: str, reads: Sequence[AccountRead], extra_gap: Gap | None = None) -> Coverage:
    gaps = [(r.account.handle, r.gap) for r in reads if r.gap] + ([("*", extra_gap)] if extra_gap else [])
    if not gaps:
        return Coverage(collector, "ok")
    reason = Counter(g.reason for _, g in gaps).most_common(1)[0][0]
    detail = "; ".join(f"{h}: {g}" for h, g in gaps)[:500]
    if any(r.observed for r in reads):
        return Coverage(collector, "partial", reason, detail)
    return Coverage(collector, "failed" if reason == "internal_error" else "unavailable", reason, detail)


def skipped(collector: str, platform: str) -> CollectorResult:
    return CollectorResult(collector=collector, coverage=Coverage(
        collector, "skipped", "no_accounts", f"no official {platform} account found"))


def mentioned(ctx: ScanContext, platform: str, out: AccountRead, m: Mentioned, handle: str,
              url: str) -> Account:
    """An account an official profile names (roles.signed_mentions), with its evidence."""
    kind = "staff_account" if m.role == "staff" else "department_account"
    value = {"platform": platform, "handle": handle, "source": "official_profile_mention",
             "context": m.context, "named_by": out.account.handle}
    value.update({"name": None, "initials": m.initials} if m.role == "staff" else {"unit": m.unit})
    ev = evidence(ctx, platform, kind, platform, value, out.account.url, m.context)
    out.evidence.append(ev)
    return Account(platform, handle, url, role=m.role, ownership="claimed", evidence=(ev.id,))


def unit_of(name: str | None, handle: str, bio: str | None) -> str | None:
    return own_unit(name, handle, bio)
