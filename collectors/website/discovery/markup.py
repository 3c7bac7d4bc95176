"""Accounts linked from markup (`a/link/area[href]`, frames, `data-*` widget attributes), each with
the location and role that its place on the page suggests."""
from __future__ import annotations

import re

from collectors.website.discovery.candidate import Candidate
from collectors.website.discovery.context import Context, context_of
from collectors.website.discovery.site import carries_brand
from collectors.urlparsers import ProfileRef, might_be_profile, parse_profile_url

LINK_TAGS = {"a": "href", "link": "href", "area": "href"}
FRAME_TAGS = {"iframe", "frame", "embed", "object"}
_URLISH = re.compile(r"^\s*(?:https?:)?//|^\s*(?:www\.)?[a-z0-9-]+\.[a-z]{2,}/", re.I)
_SPACE = re.compile(r"\s+")
FOLLOW_WORDS = re.compile(
    r"follow us|volg ons|folge uns|folgen sie uns|suivez[- ]nous|find us on|like us on|join us on|connect with us|"
    r"stay connected|stay in touch|blijf op de hoogte|vind ons op|abonneer|subscribe to our|social media|"
    r"sociale media|soziale medien|réseaux sociaux", re.I)
# Cues that an account in running text belongs to a person: a contact line or a byline.
STAFF_WORDS = re.compile(
    r"follow (?:her|him|me|them)\b|volg (?:haar|hem|mij)\b|folgen sie (?:ihr|ihm|mir)\b|reach (?:her|him|me|the)|"
    r"reached at|contact (?:her|him)|\bauthor|\bauteur|\bautor|\bwriter|\breporter|\bcolumnist|schrijver", re.I)
AUTHOR_LABEL = re.compile(r"\bauthor|\bauteur|\bautor|\bwriter|\bjournalist|\bredacteur|\breporter", re.I)
_MENU_PROSE = 60  # non-link characters a social menu may hold ("Follow us:", labels)


def _text(el, limit: int = 80) -> str:
    """The element's text and label, cut at `limit` (reads no more of a big subtree than needed)."""
    parts, size = [], 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit * 3:
            break
    label = el.get("aria-label") or el.get("title") or ""
    return _SPACE.sub(" ", f"{' '.join(parts)} {label}").strip()[:limit]


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


def _readable_excerpt(el) -> str:
    """What a reader sees at the link: the text around it (a follow-us line), else the link's own
    words; never the markup path, which means nothing to a client."""
    own = _text(el)
    words = list(dict.fromkeys(own.split()))   # "X X" from text plus an equal aria-label
    own = " ".join(words)
    around = _nearby_text(el)
    around = " ".join(dict.fromkeys(around.split()))
    return around if len(around) > len(own) else own


def markup_role(ref: ProfileRef, ctx: Context, rel: str, cue: str, cluster: str) -> str:
    """cue: "follow" (a follow-us line), "staff" (a contact line nearby), "author" (the link itself
    says it is the author's) or "";
    cluster: "menu" (a social menu), "personal" (one person's set of links) or ""."""
    if ref.kind == "person":
        return "staff"
    if ctx.embed:
        return "other"
    if ctx.author and ctx.author_depth < ctx.region_depth or cue == "author":
        return "staff"
    if "me" in rel.split() or ctx.region:
        return "official"
    if cue == "staff" or cluster == "personal":
        return "staff"
    if cluster == "menu" or (ctx.follow and not ctx.in_article) or cue == "follow":
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
            ref = parse_profile_url(value, base) if might_be_profile(value) else None
            if ref is not None and ref.is_account:
                out.append((el, ref, how, (el.get("rel") or "").lower()))
    return out


def _link_text_len(node) -> int:
    return sum(len(" ".join(a.itertext()).strip()) for a in node.iter("a"))


def _clusters(found) -> dict:
    """element -> "menu" | "personal" for links whose near ancestors hold account links on two or
    more platforms with little other text (a social menu, or one person's links when a person's
    profile such as LinkedIn /in/ is among them)."""
    by_ancestor: dict = {}  # lxml elements as keys: they stay alive, so their identity is stable
    chains = []
    for el, ref, _, _ in found:
        chain, node = [], el.getparent()
        for _ in range(4):
            if node is None or node.tag in ("body", "html"):
                break
            chain.append(node)
            by_ancestor.setdefault(node, []).append(ref)
            node = node.getparent()
        chains.append((el, chain))
    verdict: dict = {}
    out = {}
    for el, chain in chains:
        for node in chain:
            refs = by_ancestor[node]
            if len({r.platform for r in refs}) < 2:
                continue
            if node.tag in ("article", "main"):
                break  # a whole article or main column is not a menu
            if node not in verdict:
                prose = len(_SPACE.sub(" ", " ".join(node.itertext())).strip()) - _link_text_len(node)
                personal = any(r.kind == "person" for r in refs)
                verdict[node] = "" if prose > _MENU_PROSE + 10 * len(refs) else ("personal" if personal else "menu")
            if verdict[node]:
                out[el] = verdict[node]
            break
    return out


def _cue(el) -> str:
    if AUTHOR_LABEL.search(_text(el, 200)):
        return "author"
    text = _nearby_text(el) + " " + _text(el)
    if STAFF_WORDS.search(text):
        return "staff"
    return "follow" if FOLLOW_WORDS.search(text) else ""


def from_markup(root, base: str, site_host: str) -> list[Candidate]:
    found = _markup(root, base)
    clustered = _clusters(found)
    out = []
    for el, ref, how, rel in found:
        ctx = context_of(el)
        role = markup_role(ref, ctx, rel, _cue(el), clustered.get(el, ""))
        if role in ("other", "staff") and ref.kind != "person" and not ctx.embed and carries_brand(ref.handle, site_host):
            role = "official"  # the site's own (section) account, in a share box, an author bar or the text
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
        excerpt = _readable_excerpt(el)
        out.append(Candidate(ref, location, role, excerpt))
    return out

