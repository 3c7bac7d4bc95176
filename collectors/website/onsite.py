"""On-site signals: what a site's own pages say about how the organisation uses social media.

One small detector per evidence kind (analyzer/core/kinds.py), each reading the page's visible text or
markup with the tables in `patterns.py`, each giving Evidence with the page URL and an excerpt:

    policy_page           a title or heading (or the URL) naming a social media policy / house rules
    webcare               a webcare sentence, with the stated hours found next to it
    social_role           a social media / community / webcare role, a vacancy when the page says so
    community_platform    a forum, ideas or co-creation platform: a sentence, or a link to one
    ambassador_programme  an ambassador, employee-advocacy or influencer programme
    stopped_platform      "we stopped using X", with where the organisation went instead
    embedded_timeline     a timeline widget (in widgets.py, with the site-wide share_buttons)

The detectors read the first TEXT_CAP characters of a page's visible text: a long article's worth.
Each table is a pass of regular expressions over the text (about 2 s per megabyte for them all), so a
page of megabytes of text (one read up to the size cap, say) must not spend the scan's budget here.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator
from urllib.parse import urlsplit

from analyzer.core.types import PLATFORMS, Evidence
from collectors.urlparsers import parse_profile_url
from collectors.website import patterns as pt
from collectors.website.document import Page
from collectors.website.pages import clean_url, fold
from collectors.website.widgets import embedded_timeline

COLLECTOR = "website"
TEXT_CAP = 100_000       # characters of visible text the detectors read per page (~15,000 words)
Detector = Callable[[Page, str], Iterator[Evidence]]


def _ev(page: Page, kind: str, value: dict, excerpt: str, platform: str | None = None) -> Evidence:
    return Evidence.make(kind=kind, value=value, collector=COLLECTOR, observed_at=page.fetched_at,
                         platform=platform, source_url=page.final_url, excerpt=excerpt)


def _matches(table: dict[str, list[re.Pattern[str]]], text: str) -> Iterator[re.Match[str]]:
    for patterns in table.values():
        for pattern in patterns:
            yield from pattern.finditer(text)


def excerpt_at(text: str, start: int, end: int, width: int = 280) -> str:
    """The line holding text[start:end] (plus the next line when short), cut to `width` around it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start < 80:
        nxt = text.find("\n", line_end + 1)
        line_end = len(text) if nxt < 0 else nxt
    if line_end - line_start > width:
        line_start = max(line_start, start - width // 3)
        line_end = min(line_end, line_start + width)
    return " ".join(text[line_start:line_end].split())


def block_at(text: str, start: int, end: int, before: int = 1, after: int = 2) -> tuple[int, int]:
    """Span of the line holding text[start:end] plus `before` lines above and `after` below."""
    lo, hi = start, end
    for _ in range(before + 1):
        lo = text.rfind("\n", 0, max(lo - 1, 0)) + 1 if lo > 0 else 0
    for _ in range(after + 1):
        nxt = text.find("\n", hi + 1)
        hi = len(text) if nxt < 0 else nxt
    return lo, hi


def platforms_named(text: str, exclude: str | None = None) -> list[str]:
    out: list[str] = []
    for m in pt.PLATFORM_NAME.finditer(text):
        platform = pt.platform_of(m.group(0))
        if platform in PLATFORMS and platform != exclude and platform not in out:
            out.append(platform)
    return out


def policy_page(page: Page, text: str) -> Iterator[Evidence]:
    """Strong titles (social media policy, reactiebeleid) anywhere; weak ones (huisregels, house
    rules) only on a page that also talks about social media or comments."""
    headings = [" ".join(el.text_content().split()) for tag in ("h1", "h2", "h3", "title")
                for el in page.doc.iter(tag)]
    slug = urlsplit(page.final_url).path.replace("-", " ").replace("_", " ").replace("/", " ").strip()
    sources = [h for h in headings if h and len(h) < 150] + ([slug] if slug else [])
    social = bool(pt.SOCIAL_CONTEXT.search(text))
    for table in (pt.POLICY_STRONG, pt.POLICY_WEAK):
        for source in sources:
            if next(_matches(table, source), None) is None or (table is pt.POLICY_WEAK and not social):
                continue
            at = text.find(source)
            excerpt = excerpt_at(text, at, at + len(source)) if at >= 0 else f"{source} ({page.final_url})"
            title = page.title if source == slug else source
            yield _ev(page, "policy_page", {"title": title, "lang": page.lang}, excerpt)
            return


def stated_hours(block: str) -> str | None:
    """The most specific opening hours in a block of text ("ma-vr 8:00-20:00", "24/7"), or None.
    Numbers above 24 are no clock times: "(32-40 uur)" in a vacancy is a working week."""
    for pattern in pt.HOURS:
        for m in pattern.finditer(block):
            text = m.group(0).strip(" ,.:;")
            if ("/" in text and "24" in text) or all(int(n) <= 24 for n in re.findall(r"\d+", text)):
                return text
    return None


def webcare(page: Page, text: str) -> Iterator[Evidence]:
    m = next(_matches(pt.WEBCARE, text), None)
    if m is None:
        return
    lo, hi = block_at(text, m.start(), m.end())
    block = text[lo:hi]
    hours = stated_hours(block)
    excerpt = excerpt_at(text, m.start(), m.end())
    if hours and hours not in excerpt:
        excerpt = f"{excerpt} … {hours}"
    yield _ev(page, "webcare", {"hours": hours, "channels": platforms_named(block)}, excerpt)


def social_role(page: Page, text: str) -> Iterator[Evidence]:
    seen: set[str] = set()
    for m in _matches(pt.SOCIAL_ROLE, text):
        title = " ".join(m.group(0).split())
        if fold(title) in seen:
            continue
        seen.add(fold(title))
        lo, hi = max(0, m.start() - 300), m.end() + 300
        vacancy = page.role == "careers" or bool(pt.VACANCY.search(text[lo:hi]))
        yield _ev(page, "social_role", {"title": title, "vacancy": vacancy}, excerpt_at(text, m.start(), m.end()))


def _community_link(href: str, label: str) -> bool:
    parts = urlsplit(href)
    host = (parts.hostname or "").lower()
    if host.split(".")[0] in pt.COMMUNITY_HOST_LABELS and "." in host:
        return True
    if any(sw in host for sw in pt.COMMUNITY_SOFTWARE):
        return True
    segs = {fold(s).replace("_", "-") for s in parts.path.split("/") if s}
    return bool(segs & pt.COMMUNITY_PATHS) or next(_matches(pt.COMMUNITY, label), None) is not None


def _context_of(a) -> str:
    """The text of the block around a link (its paragraph, list item or section), shortened."""
    el = a
    while el.getparent() is not None and el.tag in ("a", "span", "strong", "em", "b", "i", "svg", "use"):
        el = el.getparent()
    return " ".join(el.text_content().split())[:240]


def community_platform(page: Page, text: str) -> Iterator[Evidence]:
    found: set[str] = set()
    for a in page.doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href.startswith(("http", "/")):
            continue
        label = " ".join(a.text_content().split())[:80]
        url = clean_url(href, page.final_url)
        if url and url not in found and _community_link(url, label) and parse_profile_url(url) is None:
            found.add(url)
            excerpt = f"{_context_of(a)} <{url}>"
            yield _ev(page, "community_platform", {"url": url, "name": label or None}, excerpt)
    if found:
        return
    m = next(_matches(pt.COMMUNITY, text), None)
    if m is not None:
        yield _ev(page, "community_platform", {"url": page.final_url, "name": m.group(0)},
                  excerpt_at(text, m.start(), m.end()))


def ambassador_programme(page: Page, text: str) -> Iterator[Evidence]:
    m = next(_matches(pt.AMBASSADOR, text), None)
    if m is not None:
        yield _ev(page, "ambassador_programme", {"title": " ".join(m.group(0).split())},
                  excerpt_at(text, m.start(), m.end()))


def stopped_platform(page: Page, text: str) -> Iterator[Evidence]:
    seen: set[str] = set()
    for m in _matches(pt.STOPPED, text):
        platform = pt.platform_of(m.group("p"))
        if platform not in PLATFORMS or platform in seen:
            continue
        seen.add(platform)
        moved: list[str] = []
        if "p2" in m.re.groupindex and m.group("p2"):
            moved = [pt.platform_of(m.group("p2"))]
        excerpt = excerpt_at(text, m.start(), m.end())
        lo, hi = block_at(text, m.start(), m.end())
        for cue in pt.MOVED_CUES.finditer(text, lo, hi):
            sentence = re.split(r"[.!?\n]", text[cue.end():cue.end() + 150], maxsplit=1)[0]
            named = [p for p in platforms_named(sentence, platform) if p not in moved]
            moved += named
            if named and sentence not in excerpt:
                start = max(text.rfind("\n", 0, cue.start()), text.rfind(". ", 0, cue.start()) + 1) + 1
                excerpt += " … " + " ".join(text[start:cue.end() + len(sentence)].split())
        yield _ev(page, "stopped_platform", {"platform": platform, "moved_to": moved}, excerpt, platform=platform)


SITE_KINDS = frozenset({"policy_page", "webcare", "social_role", "community_platform", "ambassador_programme",
                        "stopped_platform", "embedded_timeline"})
DETECTORS: tuple[Detector, ...] = (policy_page, webcare, social_role, community_platform, ambassador_programme,
                                   stopped_platform, embedded_timeline)


def detect(page: Page) -> list[Evidence]:
    """Every on-site signal on one page (none when the page has no document)."""
    if page.doc is None:
        return []
    text = page.text()[:TEXT_CAP]
    out: list[Evidence] = []
    for detector in DETECTORS:
        out.extend(detector(page, text))
    return out
