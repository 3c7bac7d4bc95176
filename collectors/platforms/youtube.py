"""YouTube: upload cadence of each official channel, without an API key.

Per channel: the channel page (https://www.youtube.com/@handle, /c/name, /user/name or
/channel/UC...) gives the channel id (canonical link, itemprop meta, or the page's channelId /
externalId) and, when it links to the organisation's domain, ownership; then the channel's feed
https://www.youtube.com/feeds/videos.xml?channel_id=UC... gives the upload dates of the latest
15 videos, fetched through the fetch layer and parsed from bytes.

Requests per account: at most 2 (channel page, feed).

Uploads are the only posts a feed shows: reply and repost shares are null for YouTube, and
followers (subscribers) are not in the feed either. The feed's own <published> is the channel's
creation time.
"""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from analyzer.core.posts import PostRecord, PostsRead
from analyzer.core.types import Account
from collectors.base import Findings, ScanContext
from collectors.http import FetchError, looks_like_wall
from collectors.platforms import common
from collectors.platforms.common import AccountRead, Gap
from collectors.platforms.feeds import parse_feed_bytes
from collectors.platforms.ownership import org_domain, text_links_to_domain, verified

BASE = "https://www.youtube.com"
FEED_SIZE = 15   # YouTube's channel feeds list the latest 15 uploads
_ID = r"(UC[A-Za-z0-9_-]{22})"
CHANNEL_ID_PATTERNS = (
    re.compile(r'<link[^>]+rel="canonical"[^>]+href="[^"]*/channel/' + _ID, re.I),
    re.compile(r'<meta[^>]+itemprop="(?:channelId|identifier)"[^>]+content="' + _ID, re.I),
    re.compile(r'"externalId"\s*:\s*"' + _ID),
    re.compile(r'"channelId"\s*:\s*"' + _ID),
)


def channel_page_url(handle: str) -> str:
    """The page for a normalised handle: channel:UC..., @handle, user:name or c:name."""
    kind, _, name = handle.partition(":")
    if handle.startswith("@"):
        return f"{BASE}/{handle}"
    if kind == "channel":
        return f"{BASE}/channel/{name}"
    if kind in ("user", "c"):
        return f"{BASE}/{kind}/{name}"
    raise Gap("invalid_input", f"{handle!r} is not a YouTube handle")


def channel_id_from_page(html_text: str) -> str | None:
    for pattern in CHANNEL_ID_PATTERNS:
        m = pattern.search(html_text)
        if m:
            return m.group(1)
    return None


class YouTubeCollector:
    name = "youtube"
    platforms = ("youtube",)
    stage = "read"
    reads = "activity"
    coverage_role = "platform"
    label = phrase = {"en": "YouTube", "nl": "YouTube"}

    def collect(self, ctx: ScanContext, findings: Findings):
        accounts = findings.official("youtube")
        if not accounts:
            return common.skipped(self.name, "youtube")
        domain = org_domain(ctx.target.host)
        reads = common.read_all(ctx, accounts, lambda a: _read(ctx, domain, a))
        return common.result(ctx, self.name, "youtube", findings, reads)


def _read(ctx: ScanContext, domain: str, account: Account) -> AccountRead:
    out = AccountRead(account)
    page_url = channel_page_url(account.handle)
    channel_id = account.handle.partition(":")[2] if account.handle.startswith("channel:") else None
    page_text = None
    try:
        page = ctx.fetcher.get(page_url, purpose="page")
        if (urlsplit(page.final_url).hostname or "").startswith("consent."):
            raise FetchError(page_url, "bot_wall", "consent page instead of the channel")
        if wall := looks_like_wall(page):   # a 200 login or bot page has no channel id either
            raise FetchError(page_url, wall, f"{page.final_url}: {wall.replace('_', ' ')} instead of the channel")
        page_text = page.text()
        channel_id = channel_id or channel_id_from_page(page_text)
    except FetchError as exc:
        if channel_id is None:
            raise Gap(exc.reason, f"channel page: {exc.detail}") from None
    if channel_id is None:
        raise Gap("malformed", f"no channel id on {page_url}")
    feed_url = f"{BASE}/feeds/videos.xml?channel_id={channel_id}"
    try:
        feed = parse_feed_bytes(ctx.fetcher.get(feed_url, purpose="api").body)
    except FetchError as exc:
        raise Gap(exc.reason, f"channel feed: {exc.detail}") from None
    except ValueError as exc:
        raise Gap("malformed", f"channel feed: {exc}") from None
    out.observed = True
    url = f"{BASE}/channel/{channel_id}"
    out.account = out.account.with_(name=feed.title or account.name)
    out.unit = common.unit_of(feed.title, account.handle, None)
    out.add(common.evidence(ctx, "youtube", "profile", "youtube", {
        "name": feed.title, "description": None, "followers": None, "created_at": feed.published,
        "verified": None, "url": url, "posts_count": None, "channel_id": channel_id}, url, feed.title))
    link = text_links_to_domain(page_text, domain) if page_text else None
    if link:
        proof = common.evidence(ctx, "youtube", "ownership_proof", "youtube", {
            "method": "profile_link", "detail": f"the channel page links to {link}"}, page_url)
        out.evidence.append(proof)
        out.account = verified(out.account, proof)
    posts = tuple(PostRecord(str(e.id or e.link), e.published, url=e.link)
                  for e in feed.entries if isinstance(e.published, datetime))
    out.posts = PostsRead("youtube", account.handle, "feeds/videos.xml", posts,
                          history_complete=len(feed.entries) < FEED_SIZE, sample_cap=FEED_SIZE,
                          replies_observed=False, reposts_observed=False,
                          account_created_at=feed.published)
    out.posts_url = feed_url
    return out
