"""Turning arbitrary bytes or text into an lxml tree, without ever raising."""
from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree

log = logging.getLogger(__name__)

MAX_CHARS = 8_000_000
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_CONTAINERS = re.compile(r"</?(?:div|span|section|font|b|i|em|strong|center|table|tbody|tr|td|ul|ol|li|p)\b[^>]*>", re.I)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def decode(data: str | bytes) -> str:
    """Text of a page: a declared charset first, then UTF-8, then Windows-1252 (never fails)."""
    if isinstance(data, str):
        return data
    if not isinstance(data, (bytes, bytearray)):
        return ""
    data = bytes(data)
    declared = _CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii", "ignore")] if declared else []
    for encoding in (*candidates, "utf-8"):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def parse_html(data: str | bytes):
    """The root element of the page, or None when there is nothing to parse."""
    text = decode(data)[:MAX_CHARS]
    text = _BAD_CHARS.sub(" ", _XML_DECL.sub("", text, count=1))
    if not text.strip():
        return None
    root, truncated = _parse(text)
    if truncated:
        # libxml2 stops at 2048 levels and drops the rest of the page; flatten the generic
        # containers (div, span ...) so the links below and after them are still read
        log.info("page nested deeper than the parser allows; reading it with generic containers flattened")
        flat, _ = _parse(_CONTAINERS.sub(" ", text))
        return flat if flat is not None else root
    return root


def _parse(text: str):
    """(root or None, whether libxml2 hit its depth limit and dropped part of the page)."""
    parser = lxml.html.HTMLParser(recover=True, huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, TypeError) as exc:
        log.debug("unparseable page: %s", exc)
        return None, False
    return root, any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
