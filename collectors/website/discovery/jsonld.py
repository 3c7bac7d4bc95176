"""JSON-LD `sameAs` with the role of the node that holds it.

Each `<script type="application/ld+json">` block is read on its own, so one malformed block never
drops the others; common breakage (comments, trailing commas, raw newlines, CDATA) is repaired.
The publisher's and the organisation's `sameAs` are official; an `author`/`creator` (or any Person
that is not the publisher) is staff; `itemReviewed`, `mentions`, `about` and the like are other.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Iterator

log = logging.getLogger(__name__)

STAFF_KEYS = {"author", "creator", "contributor", "editor", "accountablePerson", "reviewedBy", "employee",
              "founder", "member", "employees", "founders", "members", "actor", "director", "producer"}
OTHER_KEYS = {"itemReviewed", "mentions", "about", "subjectOf", "character", "citation", "isBasedOn",
              "claimReviewed", "recipient", "sponsor", "funder", "sourceOrganization", "competitor",
              "performer", "attendee", "organizer", "location", "video", "image", "associatedMedia"}
_LINE_COMMENT = re.compile(r"(?m)^\s*//.*$")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def load_block(text: str) -> Any:
    """Parse one JSON-LD block, repairing the usual breakage; None when it cannot be read."""
    text = (text or "").strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.replace("<![CDATA[", "").replace("]]>", "").strip().rstrip(";")
    for attempt in range(3):
        try:
            return json.loads(text, strict=False)
        except (ValueError, RecursionError):
            if attempt == 0:
                text = _TRAILING_COMMA.sub(r"\1", _BLOCK_COMMENT.sub("", _LINE_COMMENT.sub("", text)))
            elif attempt == 1:
                text = _CONTROL.sub(" ", text)
    try:  # several objects back to back: read them one by one
        decoder, items, pos = json.JSONDecoder(strict=False), [], 0
        while pos < len(text):
            obj, end = decoder.raw_decode(text, pos)
            items.append(obj)
            pos = end
            while pos < len(text) and text[pos] in " \t\r\n,;":
                pos += 1
        return items
    except (ValueError, RecursionError):
        log.debug("unreadable JSON-LD block (%d chars)", len(text))
        return None


def _types(node: dict) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def _publisher_ids(data: Any, out: set[str], depth: int = 0) -> set[str]:
    if depth > 40:
        return out
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("publisher", "sourceOrganization", "copyrightHolder", "isPartOf") or key == "mainEntity":
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict) and isinstance(item.get("@id"), str):
                        out.add(item["@id"])
            _publisher_ids(value, out, depth + 1)
    elif isinstance(data, list):
        for item in data:
            _publisher_ids(item, out, depth + 1)
    return out


_ORG_TYPES = ("Organization", "Corporation", "NewsMediaOrganization", "GovernmentOrganization", "NGO",
              "EducationalOrganization", "LocalBusiness", "WebSite", "Brand", "OnlineBusiness")


def _has_person(value: Any) -> bool:
    """True unless every node in `value` is typed as an organisation (untyped authors are people)."""
    items = value if isinstance(value, list) else [value]
    nodes = [v for v in items if isinstance(v, dict)]
    return not nodes or any(not (_types(n) & set(_ORG_TYPES)) for n in nodes)


def same_as(data: Any) -> Iterator[tuple[str, str, str]]:
    """Yield (url, role, label) for every sameAs value in a parsed block."""
    publishers = _publisher_ids(data, set())
    yield from _walk(data, "official", publishers, "", 0)


def _walk(data: Any, role: str, publishers: set[str], via: str, depth: int) -> Iterator[tuple[str, str, str]]:
    if depth > 40:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, role, publishers, via, depth + 1)
        return
    if not isinstance(data, dict):
        return
    types = _types(data)
    node_role = role
    if "Person" in types and role == "official" and via != "publisher" and data.get("@id") not in publishers:
        node_role = "staff"
    name = data.get("name") if isinstance(data.get("name"), str) else ""
    here = f"{'/'.join(sorted(types)) or 'node'} {name}".strip()[:80]
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        short = key.rsplit("/", 1)[-1]
        if short == "sameAs":
            for url in value if isinstance(value, list) else [value]:
                if isinstance(url, str):
                    yield url, node_role, here
        elif isinstance(value, (dict, list)):
            if short in STAFF_KEYS:
                # an author may be the organisation itself: only people are staff
                child = "other" if node_role == "other" else "staff" if _has_person(value) else node_role
            elif short in OTHER_KEYS:
                child = "other"
            else:
                child = node_role
            yield from _walk(value, child, publishers, short, depth + 1)
