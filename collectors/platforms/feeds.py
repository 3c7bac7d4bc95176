"""RSS and Atom feeds (YouTube channel feeds, Mastodon @user.rss), parsed from bytes.

feedparser is only ever handed bytes the fetch layer already fetched: given a string it may treat
it as a URL and fetch it itself, bypassing the session, robots, politeness and the WARC record.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timezone

import feedparser


@dataclass(frozen=True)
class FeedEntry:
    id: str | None
    link: str | None
    title: str | None
    published: datetime | None
    views: int | None


@dataclass(frozen=True)
class Feed:
    title: str | None
    published: datetime | None      # YouTube: when the channel was created
    # No channel id: a YouTube feed's <yt:channelId> at feed level drops the "UC" prefix
    # (real feeds say "vb4St7..." where the channel is "UCvb4St7..."), so a URL built from it
    # points nowhere. The collector takes the id from the channel page or the handle instead.
    entries: tuple[FeedEntry, ...]


def parse_feed_bytes(body: bytes) -> Feed:
    """Parse an RSS/Atom document; ValueError when it is not a feed."""
    if not isinstance(body, (bytes, bytearray)):
        raise TypeError("parse_feed_bytes takes bytes, never a URL or text")
    parsed = feedparser.parse(bytes(body))
    if parsed.get("bozo") and not parsed.entries and not parsed.feed.get("title"):
        raise ValueError(f"not a feed ({type(parsed.get('bozo_exception')).__name__})")
    if not parsed.get("version") and not parsed.entries:
        raise ValueError("not a feed (no RSS or Atom root)")
    entries = tuple(FeedEntry(id=e.get("yt_videoid") or e.get("id"), link=e.get("link"),
                              title=e.get("title"), published=_when(e),
                              views=_int((e.get("media_statistics") or {}).get("views")))
                    for e in parsed.entries)
    feed = parsed.feed
    return Feed(title=feed.get("title"), published=_when(feed, fallback=False), entries=entries)


def _when(node, fallback: bool = True) -> datetime | None:
    # dict.get: FeedParserDict.get("updated_parsed") falls back to published_parsed with a
    # DeprecationWarning (feedparser issue 310) when an entry has an empty <published>.
    stamp = dict.get(node, "published_parsed") or (dict.get(node, "updated_parsed") if fallback else None)
    if not stamp:
        return None
    return datetime.fromtimestamp(calendar.timegm(stamp), tz=timezone.utc)


def _int(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
