"""One fetched web page made safe to read: decoding, parsing, visible text.

Real pages are broken in every way: no charset, a wrong charset, an XML declaration, binary bodies
served as text/html, empty bodies, unclosed tags. Everything here degrades to "no document" or "no
text" instead of raising, so a bad page becomes a coverage gap and never a crash.
"""
from __future__ import annotations

import codecs
import copy
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html

from collectors.website.discovery.page import parse_html

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_DROP = ("script", "style", "noscript", "template", "svg", "head")
# Elements after which visible text breaks, so "Contact</li><li>Over ons" does not read as one word.
_BLOCKS = frozenset("""p div li ul ol h1 h2 h3 h4 h5 h6 br td th tr table section article header
footer nav aside main dd dt dl blockquote address form option figcaption pre hr title""".split())

@dataclass(frozen=True)
class Page:
    """A fetched page: what was asked, what answered, and its parsed document (None if unreadable)."""

    url: str
    final_url: str
    role: str
    status: int
    fetched_at: datetime
    html: str | None
    title: str | None = None
    lang: str | None = None
    doc: object | None = field(default=None, compare=False, repr=False)
    truncated: bool = False          # only the first part was read (the page is over the size cap)

    def text(self) -> str:
        """Visible text (no scripts, styles or head), one block per line."""
        return visible_text(self.doc) if self.doc is not None else ""


def looks_binary(body: bytes, content_type: str) -> bool:
    if content_type and content_type not in HTML_TYPES and not content_type.startswith("text/"):
        return True
    head = body[:2048]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    # A stray NUL occurs in real HTML; a body full of them is not text.
    return head.count(b"\x00") > len(head) // 10 or head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8",
                                                                        b"PK\x03"))


def decode(body: bytes, declared: str | None) -> str:
    """Body -> text: declared charset, else a <meta charset>, else UTF-8, else windows-1252."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    candidates = [declared]
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    for enc in filter(None, candidates):
        try:
            codecs.lookup(enc)
        except LookupError:
            continue
        try:
            return body.decode(enc)
        except UnicodeDecodeError:
            continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("windows-1252", errors="replace")


def parse(html: str) -> lxml.html.HtmlElement | None:
    """A forgiving parse; None for an empty or unparseable document. The one parse of a page:
    discovery reads the same tree (collectors.website.discovery.discover_in), so a page past
    libxml2's depth limit is flattened once, for both."""
    return parse_html(html)


def visible_text(doc) -> str:
    """Text a reader sees, one block per line, whitespace collapsed within lines."""
    root = copy.deepcopy(doc)  # a copy: we change tails
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def title_of(doc) -> str | None:
    for xpath in ("//title", "//h1"):
        for el in doc.xpath(xpath):
            text = " ".join(el.text_content().split())
            if text:
                return text[:200]
    return None


def lang_of(doc) -> str | None:
    lang = (doc.get("lang") or doc.get("xml:lang") or "").strip().lower()
    return lang.split("-")[0][:8] or None


def read_page(url: str, final_url: str, role: str, status: int, fetched_at: datetime,
              body: bytes, content_type: str, encoding: str | None) -> Page:
    """Build a Page; html and doc are None when the body is not readable HTML."""
    if looks_binary(body, content_type):
        return Page(url, final_url, role, status, fetched_at, None)
    html = decode(body, encoding)
    doc = parse(html)
    if doc is None:
        return Page(url, final_url, role, status, fetched_at, html)
    return Page(url, final_url, role, status, fetched_at, html, title_of(doc), lang_of(doc), doc)
