"""Staff accounts: a small read of each, kept as aggregates only (they are personal data).

Runs after the platform passes ("follow" stage), on the staff accounts found so far (team and
author pages, Bluesky's actor search, official bios), on the platforms whose posts are public:
Bluesky, Mastodon, YouTube, and X only with a token. Each read takes one page of the latest posts,
just enough to know whether the account posted in the window and which of its posts were about the
organisation (collectors.platforms.staff_about); the text is tested and dropped, and one
`staff_read` evidence record per scan keeps, per account read and in no order that names anyone,
only the times of its posts in the window and a yes/no each (analyzer.core.staff).

At most STAFF_READS staff accounts are read per scan (taken round-robin over the platforms), each
within the per-host politeness of the fetch layer and the scan budget; the rest are counted as not
read. Requests per account: at most 2 (Bluesky: the author feed, 1; Mastodon: lookup and one
status page, 2; YouTube: channel page and feed, 2; X: user lookup and one timeline page of
X_POSTS posts, 2, counted against the monthly X read budget). A read that fails is a gap in this
collector's coverage (its detail names platforms and reasons, never an account), never a silent
account.
"""
from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from analyzer.core.staff import KIND, STAFF_READS, StaffAccountRead, StaffPost, StaffReads
from analyzer.core.types import Account, CollectorResult, Coverage
from collectors.base import Findings, ScanContext
from collectors.http import FetchError
from collectors.platforms import common, staff_parse
from collectors.platforms.common import Gap
from collectors.platforms.feeds import parse_feed_bytes
from collectors.platforms.metrics import horizon
from collectors.platforms.ownership import org_domain
from collectors.platforms.staff_about import OrgMentions, org_mentions

log = logging.getLogger(__name__)

BLUESKY_POSTS = 50
MASTODON_POSTS = 40
X_POSTS = 20
PLATFORMS = ("x", "bluesky", "mastodon", "youtube")


class StaffCollector:
    name = "staff"
    platforms = PLATFORMS
    stage = "follow"
    reads = "staff"
    coverage_role = "auxiliary"
    label = {"en": "Staff accounts", "nl": "Medewerkersaccounts"}
    phrase = {"en": "the staff accounts", "nl": "de medewerkersaccounts"}

    def collect(self, ctx: ScanContext, findings: Findings) -> CollectorResult:
        staff = list({a.key: a for a in findings.accounts
                      if a.role == "staff" and a.platform in PLATFORMS}.values())
        if not staff:
            return CollectorResult(self.name, Coverage(self.name, "skipped", "no_accounts",
                                                       "no staff account on a readable platform"))
        readers = _readers(ctx)
        readable = [a for a in staff if a.platform in readers]
        chosen = _round_robin(readable)[:STAFF_READS]
        about = org_mentions(org_domain(ctx.target.host), findings.accounts, findings.evidence)
        outcomes = _read_all(ctx, chosen, lambda a: _one(ctx, readers[a.platform], a, about))
        reads = sorted((r for r in outcomes if isinstance(r, StaffAccountRead)),
                       key=lambda r: (r.platform, len(r.posts), [p.created_at for p in r.posts]))
        gaps = [(a.platform, g) for a, g in zip(chosen, outcomes) if isinstance(g, Gap)]
        late = [g for _, g in gaps if g.reason == "budget_exhausted"]
        failed = [(p, g) for p, g in gaps if g.reason != "budget_exhausted"]
        record = StaffReads(found=len(staff), cap=STAFF_READS, failed=len(failed),
                            not_read=len(staff) - len(chosen) + len(late), accounts=tuple(reads))
        ev = common.evidence(ctx, self.name, KIND, None, record.to_json(), None)
        return CollectorResult(self.name, _coverage(self.name, record, staff, readable, failed, late),
                               evidence=(ev,))


def _coverage(name: str, record: StaffReads, staff, readable, failed, late) -> Coverage:
    parts = [f"{len(record.accounts)} of {len(staff)} staff account(s) read"]
    if len(readable) > STAFF_READS:
        parts.append(f"at most {STAFF_READS} are read per scan")
    if len(readable) < len(staff):
        parts.append(f"{len(staff) - len(readable)} on X not read (X is read only with a token)")
    if failed:
        parts.append("failed: " + ", ".join(f"{p} {g.reason}" for p, g in sorted(failed, key=lambda x: x[0])))
    if late:
        parts.append(f"{len(late)} not read within the scan budget")
    detail = "; ".join(parts)
    problems = [g.reason for _, g in failed] + [g.reason for g in late]
    if not readable:   # X staff only, and no token: not read by choice (X reads are paid), not a fault
        return Coverage(name, "skipped", "no_token", detail)
    if not problems:
        return Coverage(name, "ok", None, detail)
    reason = Counter(problems).most_common(1)[0][0]
    return Coverage(name, "partial" if record.accounts else "unavailable", reason, detail)


def _round_robin(accounts: list[Account]) -> list[Account]:
    """Accounts in a stable order that takes one of each platform in turn (the cap spreads)."""
    by_platform: dict[str, list[Account]] = {}
    for a in sorted(accounts, key=lambda a: a.key):
        by_platform.setdefault(a.platform, []).append(a)
    out: list[Account] = []
    while any(by_platform.values()):
        for platform in PLATFORMS:
            if by_platform.get(platform):
                out.append(by_platform[platform].pop(0))
    return out


def _read_all(ctx: ScanContext, accounts: list[Account], read: Callable[[Account], StaffAccountRead]):
    def guarded(account: Account):
        if ctx.time_left() <= 0:
            return Gap("budget_exhausted", "scan time budget spent")
        try:
            return read(account)
        except Gap as gap:
            return gap
        except Exception as exc:   # a bug in one read must not hide the others
            log.exception("reading a %s staff account failed", account.platform)
            return Gap("internal_error", type(exc).__name__)

    if not accounts:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(ctx.settings.per_host, len(accounts))),
                            thread_name_prefix="staff") as pool:
        return list(pool.map(guarded, accounts))


def _one(ctx: ScanContext, reader, account: Account, about: OrgMentions) -> StaffAccountRead:
    try:
        items, whole = reader(ctx, account)
    except FetchError as exc:
        raise Gap(exc.reason, exc.status and f"HTTP {exc.status}" or "") from None
    except ValueError:
        raise Gap("malformed") from None
    since = horizon(ctx.now)
    kept = [StaffPost(i.created_at, about.about(i)) for i in items if since <= i.created_at <= ctx.now]
    oldest = min((i.created_at for i in items), default=None)
    covers = whole or (oldest is not None and oldest < since)
    return StaffAccountRead(account.platform, tuple(sorted(kept, key=lambda p: p.created_at)), covers)


# --- one page of posts per platform: (items, whether the account's whole history was read) ------

def _bluesky(ctx: ScanContext, account: Account):
    url = ctx.settings.bluesky_appview.rstrip("/") + "/xrpc/app.bsky.feed.getAuthorFeed"
    data = ctx.fetcher.get(url, purpose="api", params={"actor": account.handle, "limit": BLUESKY_POSTS,
                                                       "filter": "posts_with_replies"}).json()
    items, cursor = staff_parse.bluesky(data)
    return items, cursor is None


def _mastodon(ctx: ScanContext, account: Account):
    user, _, host = account.handle.partition("@")
    if not user or not host:
        raise Gap("invalid_input", "not user@instance")
    found = ctx.fetcher.get(f"https://{host}/api/v1/accounts/lookup", purpose="api", params={"acct": user}).json()
    if not isinstance(found, dict) or not found.get("id"):
        raise ValueError("not an account")
    rows = ctx.fetcher.get(f"https://{host}/api/v1/accounts/{found['id']}/statuses", purpose="api",
                           params={"limit": MASTODON_POSTS}).json()
    items = staff_parse.mastodon(rows)
    return items, len(rows) < MASTODON_POSTS


def _youtube(ctx: ScanContext, account: Account):
    from collectors.platforms.youtube import BASE, FEED_SIZE, channel_id_from_page, channel_page_url

    channel = account.handle.partition(":")[2] if account.handle.startswith("channel:") else None
    if channel is None:
        channel = channel_id_from_page(ctx.fetcher.get(channel_page_url(account.handle), purpose="page").text())
    if channel is None:
        raise Gap("malformed", "no channel id")
    feed = parse_feed_bytes(ctx.fetcher.get(f"{BASE}/feeds/videos.xml?channel_id={channel}", purpose="api").body)
    return staff_parse.feed(feed.entries), len(feed.entries) < FEED_SIZE


def _readers(ctx: ScanContext) -> dict[str, Callable]:
    readers: dict[str, Callable] = {"bluesky": _bluesky, "mastodon": _mastodon, "youtube": _youtube}
    if ctx.settings.x_bearer_token or ctx.settings.replay:
        from collectors.platforms.staff_x import XStaffReader

        readers["x"] = XStaffReader(ctx, X_POSTS)
    return readers
