"""Accounts declared as data rather than links: JSON-LD, microdata, meta tags and inline scripts."""
from __future__ import annotations

import re

from collectors.website.discovery.jsonld import load_block, same_as
from collectors.website.discovery.site import carries_brand
from collectors.website.discovery.candidate import Candidate
from collectors.urlparsers import ProfileRef, parse_profile_url
from collectors.urlparsers import x as x_parser
from collectors.urlparsers._ref import PLACEHOLDERS, make

_SCRIPT_URL = re.compile(r"""https?://[^\s"'<>(){}\[\],\\|^`]+""", re.I)
MAX_SCRIPT = 2_000_000


def _account(value: str, base: str) -> ProfileRef | None:
    ref = parse_profile_url(value, base)
    return ref if ref is not None and ref.is_account else None


def from_jsonld(root, base: str) -> list[Candidate]:
    out = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = load_block(script.text or "")
        for url, role, label in same_as(data):
            ref = _account(url, base)
            if ref is not None:
                out.append(Candidate(ref, "jsonld", "staff" if ref.kind == "person" else role, f"sameAs of {label}"))
    return out


def _x_handle(content: str, base: str) -> ProfileRef | None:
    content = content.strip()
    if "/" in content:
        ref = _account(content, base)
        return ref if ref is not None and ref.platform == "x" else None
    name = x_parser.handle_from(content)
    if not name or name in PLACEHOLDERS:
        return None
    return make("x", name, x_parser.canonical(name), "profile")


META_KEYS = ("twitter:site", "twitter:creator", "article:publisher", "article:author", "fb:profile_id")


def from_meta(root, base: str, site_host: str) -> list[Candidate]:
    """twitter:site and article:publisher are the publisher's; twitter:creator is the author's;
    article:author too, unless it carries the site's brand (publishers put their page there)."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = meta.get("content") or meta.get("value") or ""
        if key in META_KEYS and content.strip():
            values.setdefault(key, content.strip())
    out = []
    site = _x_handle(values.get("twitter:site", ""), base)
    if site is not None:
        out.append(Candidate(site, "meta", "official", f"twitter:site {values['twitter:site'][:60]}"))
    creator = _x_handle(values.get("twitter:creator", ""), base)
    if creator is not None and (site is None or creator.handle != site.handle):
        out.append(Candidate(creator, "meta", "staff", f"twitter:creator {values['twitter:creator'][:60]}"))
    for key, role in (("article:publisher", "official"), ("article:author", "staff")):
        for part in values.get(key, "").split(","):
            ref = _account(part, base) if "/" in part else None
            if ref is None:
                continue
            if ref.kind == "person":
                role = "staff"
            elif carries_brand(ref.handle, site_host):
                role = "official"
            out.append(Candidate(ref, "meta", role, f"{key} {part[:60]}"))
    profile_id = values.get("fb:profile_id", "").lower()
    if profile_id and not profile_id.isdigit() and "/" not in profile_id:
        ref = _account("https://www.facebook.com/" + profile_id, base)  # a page name; numeric ids are not
        if ref is not None:
            out.append(Candidate(ref, "meta", "official", f"fb:profile_id {profile_id[:60]}"))
    return out


def _itemtype(el) -> str:
    node = el
    while node is not None:
        if node.get("itemscope") is not None or node.get("itemtype"):
            return node.get("itemtype") or ""
        node = node.getparent()
    return ""


def from_microdata(root, base: str) -> list[Candidate]:
    out = []
    for el in root.xpath("//*[@itemprop]"):
        if "sameas" not in (el.get("itemprop") or "").lower().split():
            continue
        value = el.get("href") or el.get("content") or el.get("src") or ""
        ref = _account(value, base)
        if ref is None:
            continue
        itemtype = _itemtype(el)
        role = "staff" if ref.kind == "person" or itemtype.endswith("/Person") else "official"
        out.append(Candidate(ref, "microdata", role, f"itemprop=sameAs in {itemtype.rsplit('/', 1)[-1] or 'item'}"))
    return out


def from_scripts(root, base: str, site_host: str) -> list[Candidate]:
    """Account URLs in inline script data (menu configs, app state). Script data mixes the site's
    accounts with embedded posts' authors and sister brands, so only handles that carry the site's
    brand name are official there."""
    out = []
    for script in root.iter("script"):
        if script.get("src") or "ld+json" in (script.get("type") or "").lower():
            continue
        text = (script.text or "")[:MAX_SCRIPT]
        text = text.replace("\\/", "/").replace("\\u002F", "/").replace("\\u002f", "/")
        if "//" not in text:
            continue
        refs = {}
        for match in _SCRIPT_URL.finditer(text):
            ref = _account(match.group(0), base)
            if ref is not None:
                refs.setdefault((ref.platform, ref.handle), ref)
        for ref in refs.values():
            role = "staff" if ref.kind == "person" else "official" if carries_brand(ref.handle, site_host) else "other"
            out.append(Candidate(ref, "script", role, "inline script data"))
    return out
