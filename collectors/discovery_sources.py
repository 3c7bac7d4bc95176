"""The places on a page where accounts are declared, each read into candidates with a location
and a role. discovery.discover() dedupes them into Sightings."""
from __future__ import annotations

import re
from dataclasses import dataclass

from collectors.discovery_context import Context, context_of
from collectors.discovery_jsonld import load_block, same_as
from collectors.profiles import ProfileRef, parse_profile_url

LINK_TAGS = {"a": "href", "link": "href", "area": "href"}
FRAME_TAGS = {"iframe", "frame", "embed", "object"}
_URLISH = re.compile(r"^\s*(?:https?:)?//|^\s*(?:www\.)?[a-z0-9-]+\.[a-z]{2,}/", re.I)
_SCRIPT_URL = re.compile(r"""https?://[^\s"'<>(){}\[\],\\|^`]+""", re.I)
_SPACE = re.compile(r"\s+")
FOLLOW_WORDS = re.compile(
    r"follow us|volg ons|folge uns|folgen sie uns|suivez[- ]nous|find us on|like us on|join us on|connect with us|"
    r"stay connected|stay in touch|blijf op de hoogte|vind ons op|abonneer|subscribe to our|social media|"
    r"sociale media|soziale medien|réseaux sociaux|follow the|volg de|folgen sie", re.I)


@dataclass(frozen=True)
class Candidate:
    ref: ProfileRef
    location: str
    role: str
    excerpt: str


def _text(el, limit: int = 80) -> str:
    try:
        text = " ".join(el.itertext()) if len(el) < 40 else (el.text or "")
    except ValueError:
        return ""
    label = el.get("aria-label") or el.get("title") or ""
    return _SPACE.sub(" ", f"{text} {label}").strip()[:limit]


def _nearby_text(el) -> str:
    """Text of the smallest ancestor block with a few words in it (for follow-us cues)."""
    node, text = el, ""
    for _ in range(3):
        node = node.getparent()
        if node is None or len(node) > 30:
            break
        text = _text(node, 300)
        if len(text) > 40:
            break
    return text


def _platform_of_host(site_host: str) -> str | None:
    ref = parse_profile_url(f"https://{site_host}/")
    return ref.platform if ref is not None else None


def markup_role(ref: ProfileRef, ctx: Context, rel: str, cue: bool, cluster: bool) -> str:
    if ref.kind == "person":
        return "staff"
    if ctx.embed:
        return "other"
    if ctx.author and ctx.author_depth < ctx.region_depth:
        return "staff"
    if "me" in rel.split() or ctx.region:
        return "official"
    if cluster or (ctx.follow and not ctx.in_article) or cue:
        return "official"
    if ctx.in_article:
        return "other"
    return "official" if ctx.aside else "other"


def _markup(root, base: str) -> list[tuple[object, ProfileRef, str, str]]:
    """(element, ref, attribute kind, rel) for every account URL in an attribute."""
    out = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in ("script", "style", "meta"):
            continue
        for name, value in el.attrib.items():
            if not value:
                continue
            if name == "href" and tag in LINK_TAGS:
                how = "link"
            elif name in ("src", "data-src", "data") and tag in FRAME_TAGS:
                how = "widget"
            elif name.startswith("data-") and _URLISH.match(value):
                how = "widget"
            else:
                continue
            ref = parse_profile_url(value, base)
            if ref is not None and ref.is_account:
                out.append((el, ref, how, (el.get("rel") or "").lower()))
    return out


def _clusters(found) -> set:
    """Elements whose near ancestors hold account links on two or more platforms (a social menu)."""
    by_ancestor: dict = {}  # lxml elements as keys: they stay alive, so their identity is stable
    chains = []
    for el, ref, _, _ in found:
        chain, node = [], el.getparent()
        for _ in range(4):
            if node is None or node.tag in ("body", "html"):
                break
            chain.append(node)
            by_ancestor.setdefault(node, set()).add(ref.platform)
            node = node.getparent()
        chains.append((el, chain))
    return {el for el, chain in chains if any(len(by_ancestor[a]) >= 2 for a in chain)}


def from_markup(root, base: str) -> list[Candidate]:
    found = _markup(root, base)
    clustered = _clusters(found)
    out = []
    for el, ref, how, rel in found:
        ctx = context_of(el)
        cue = bool(FOLLOW_WORDS.search(_nearby_text(el) + " " + _text(el)))
        role = markup_role(ref, ctx, rel, cue, el in clustered)
        if ctx.region:
            location = ctx.region
        elif el.tag == "link":
            location = "rel_me" if "me" in rel.split() else "meta"
        elif "me" in rel.split():
            location = "rel_me"
        else:
            location = "widget" if how == "widget" else "body"
        if el.tag == "link" and "author" in rel.split():
            role = "staff"
        excerpt = " | ".join(p for p in (_text(el), ctx.classes) if p)
        out.append(Candidate(ref, location, role, excerpt))
    return out


def collect(root, page_url: str, site_host: str) -> list[Candidate]:
    """Every candidate on the page; accounts on the site's own platform (a facebook.com page) are
    the platform's, not the publisher's, and become role other."""
    from collectors import discovery_structured as structured  # it imports Candidate from here

    base = page_url
    for el in root.iter("base"):
        base = el.get("href") or page_url
        break
    found = from_markup(root, base)
    for reader in (structured.from_jsonld, structured.from_microdata, structured.from_meta,
                   structured.from_scripts):
        found.extend(reader(root, base))
    own = _platform_of_host(site_host) if site_host else None
    if own is None:
        return found
    return [Candidate(c.ref, c.location, "other", c.excerpt) if c.ref.platform == own else c for c in found]
