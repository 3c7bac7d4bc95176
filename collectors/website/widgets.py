"""Signals in markup rather than text: embedded timelines and share buttons.

    embedded_timeline(page, text)  X timelines, Facebook page plugins, Instagram/YouTube/Bluesky/Mastodon
                                   profile embeds, third-party social walls; an embedded post is no timeline
    share_buttons(pages)           one site-wide piece of evidence naming the platforms share links go to
"""
from __future__ import annotations

from typing import Iterator
from urllib.parse import parse_qs, urlsplit

from analyzer.core.types import Evidence
from collectors.urlparsers import parse_profile_url
from collectors.website import patterns as pt
from collectors.website.document import Page

COLLECTOR = "website"


def _ev(page: Page, kind: str, value: dict, excerpt: str, platform: str | None = None) -> Evidence:
    return Evidence.make(kind=kind, value=value, collector=COLLECTOR, observed_at=page.fetched_at,
                         platform=platform, source_url=page.final_url, excerpt=excerpt)


def embedded_timeline(page: Page, text: str) -> Iterator[Evidence]:
    doc = page.doc
    hits: list[tuple[str | None, str | None, str]] = []   # (platform, handle, where)
    for a in doc.xpath("//a[contains(concat(' ', normalize-space(@class), ' '), ' twitter-timeline ')]"):
        hits.append((*_account(a.get("href")), "twitter-timeline"))
    for el in doc.xpath("//*[contains(@class, 'fb-page') or contains(@class, 'fb-like-box')][@data-href]"):
        hits.append((*_account(el.get("data-href")), "facebook page plugin"))
    for el in doc.xpath("//iframe[@src]"):
        src = el.get("src") or ""
        if "facebook.com/plugins/page.php" in src or "facebook.com/plugins/likebox.php" in src:
            inner = parse_qs(urlsplit(src).query).get("href", [""])[0]
            hits.append((*_account(inner), "facebook page plugin"))
        elif "instagram.com/" in src and "/embed" in src:
            hits.append((*_account(src.split("/embed")[0]), "instagram embed"))
        elif "youtube.com/embed" in src and "listType=user_uploads" in src:
            user = parse_qs(urlsplit(src).query).get("list", [""])[0]
            hits.append(("youtube", f"user:{user.lower()}" if user else None, "youtube uploads embed"))
    for el in doc.xpath("//blockquote[contains(@class, 'instagram-media')][@data-instgrm-permalink]"):
        platform, handle = _account(el.get("data-instgrm-permalink"))
        if handle:
            hits.append((platform, handle, "instagram profile embed"))
    for el in doc.xpath("//bsky-embed | //*[@data-bsky-handle] | //mastodon-timeline | //*[contains(@class, 'mt-timeline')]"):
        handle = el.get("username") or el.get("data-bsky-handle") or None
        hits.append(("bluesky" if "bsky" in el.tag or el.get("data-bsky-handle") else "mastodon",
                     handle.lower() if handle else None, el.tag))
    markup = page.html or ""
    for wall in pt.SOCIAL_WALLS:
        if wall in markup:
            hits.append((None, None, f"social wall ({wall})"))
            break
    seen: set[tuple] = set()
    for platform, handle, where in hits:
        if platform is None and handle is None and not where.startswith("social wall"):
            continue
        if (platform, handle) in seen:
            continue
        seen.add((platform, handle))
        value = {"platform": platform, "handle": handle, "widget": where}
        yield _ev(page, "embedded_timeline", value, f"{where}: {platform or ''} {handle or ''}".strip(),
                  platform=platform)


def _account(url: str | None) -> tuple[str | None, str | None]:
    ref = parse_profile_url(url or "")
    if ref is None:
        return None, None
    return ref.platform, (ref.handle if ref.is_account else None)


def share_links(page: Page) -> tuple[list[str], list[str]]:
    """(platforms with share links, share widget providers) on one page."""
    platforms: list[str] = []
    for a in page.doc.iter("a"):
        href = a.get("href") or ""
        ref = parse_profile_url(href, page.final_url) if href else None
        if ref is not None and ref.kind == "share" and ref.platform not in platforms:
            platforms.append(ref.platform)
        elif href.startswith("whatsapp://send") and "whatsapp" not in platforms:
            platforms.append("whatsapp")
    markup = (page.html or "").lower()
    providers = [w for w in pt.SHARE_WIDGETS if w in markup]
    return platforms, providers


def share_buttons(pages: list[Page]) -> Evidence | None:
    """One site-wide piece of evidence: which platforms the site's share links go to."""
    first: Page | None = None
    platforms: list[str] = []
    providers: list[str] = []
    for page in pages:
        if page.doc is None:
            continue
        found, widgets = share_links(page)
        if (found or widgets) and first is None:
            first = page
        platforms += [p for p in found if p not in platforms]
        providers += [w for w in widgets if w not in providers]
    if first is None:
        return None
    shown = ", ".join(platforms + providers)
    return _ev(first, "share_buttons", {"platforms": platforms, "providers": providers},
               f"share links on the site: {shown}")
