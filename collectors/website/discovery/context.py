"""Where a link sits on the page: the region (footer/header/nav), and the clues around it (article
body, author card, embedded post, follow or share module) that discovery weighs into a role.

Works on lxml elements; only ancestors are read, so it costs O(depth) per link.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SPLIT = re.compile(r"[^a-z0-9]+")
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|Review|Recipe|LiveBlogPosting)\b")
_ARTICLE_TOKENS = {"articlebody", "article-body", "entry-content", "post-content", "story-body", "article-content",
                   "post-body", "entry-body", "story-content", "article__body", "article-text", "content-body"}
_AUTHOR_PARTS = ("author", "byline", "writer", "contributor", "journalist", "reporter", "columnist", "auteur",
                 "autor", "redacteur", "bio", "teammember", "team-member", "staff", "person", "speaker")
_EMBED_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "fb-post", "fb-video", "fb-comments",
                  "bluesky-embed", "mastodon-embed", "twitter-video", "embedded-post", "embed-twitter",
                  "embed-instagram", "embed-tweet", "tweet-embed", "social-embed")
_FOLLOW_PARTS = ("social", "follow", "connect", "volg", "folg", "suivez", "stayintouch", "stay-in-touch")
_SHARE_PARTS = ("share", "sharing", "addthis", "addtoany", "a2a", "shariff", "sharethis", "deel")
_HEADER_SKIP = ("entry", "post", "article", "card", "section", "widget", "block", "title", "content", "modal",
                "panel", "table", "accordion", "tab", "col", "box", "item", "list", "sidebar", "author", "comment")
_SITE_TAGS = {"html", "body"}
_NAV = re.compile(r"(?:^|[-_])(?:nav|navbar|navigation|menu|menubar|mainmenu)(?:[-_]|$)|^nav|nav$")


@dataclass(frozen=True)
class Context:
    """What the ancestors of one element say."""

    region: str | None      # footer | header | nav | None (page-level chrome only)
    region_depth: int       # ancestors between the element and its region (99 when none)
    author_depth: int       # ancestors between the element and an author marker (99 when none)
    in_article: bool        # inside an article body (or an article-level header/footer)
    author: bool            # inside a byline, author card, bio, rel=author or a schema.org Person
    embed: bool             # inside an embedded post (blockquote.twitter-tweet ...)
    follow: bool            # a container named social/follow/connect
    share: bool             # a container named share/sharing/addthis
    aside: bool             # a sidebar, aside or widget area
    classes: str            # a short trail of ancestor tag.class names, for the excerpt


def _tokens(el) -> tuple[str, str]:
    ident = (el.get("id") or "").lower()
    cls = (el.get("class") or "").lower()
    return ident, cls


def _names(ident: str, cls: str) -> list[str]:
    return [n for n in cls.split() + ([ident] if ident else []) if n]


def _region_of(el, names: list[str]) -> str | None:
    tag = el.tag if isinstance(el.tag, str) else ""
    role = (el.get("role") or "").lower()
    if tag == "footer" or role == "contentinfo" or any("footer" in n or n == "colophon" for n in names):
        return "footer"
    if tag == "header" or role == "banner" or any(
            ("header" in n or "masthead" in n or n in ("topbar", "top-bar")) and not any(s in n for s in _HEADER_SKIP)
            for n in names):
        return "header"
    if tag == "nav" or role == "navigation" or any(_NAV.search(n) for n in names):
        return "nav"
    return None


def context_of(el) -> Context:
    region = None
    region_depth = author_depth = 99
    region_in_article = False
    in_article = embed = author = follow = share = aside = False
    trail: list[str] = []
    node = el
    depth = 0
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SITE_TAGS:
            break
        ident, cls = _tokens(node)
        names = _names(ident, cls)
        joined = " ".join(names)
        itemtype = node.get("itemtype") or ""
        itemprop = (node.get("itemprop") or "").lower()
        rel = (node.get("rel") or "").lower()
        if depth < 6 and names:
            trail.append(f"{tag}.{names[0]}")
        found = _region_of(node, names)
        if found and region is None:
            region, region_depth = found, depth
            region_in_article = in_article  # an article below the region: the region is page chrome
        elif found in ("footer", "header") and region == "nav":
            region = found
        if tag == "article" or _ARTICLE_TYPES.search(itemtype) or itemprop == "articlebody" or (
                set(names) & _ARTICLE_TOKENS):
            if region is not None and not region_in_article:
                region, region_depth = None, 99  # <footer> inside <article> is the article's footer: body
            in_article = True
        if "author" in rel or itemprop in ("author", "creator", "contributor", "editor") or itemtype.endswith(
                "/Person") or any(p in joined for p in _AUTHOR_PARTS):
            if not author and depth < 12:
                author, author_depth = True, depth
        if tag == "blockquote" or any(c in joined for c in _EMBED_CLASSES):
            embed = embed or tag == "blockquote" and any(c in joined for c in ("tweet", "instagram", "tiktok", "post",
                                                                              "embed", "mastodon", "bluesky")) \
                or any(c in joined for c in _EMBED_CLASSES)
        if tag == "aside" or any(p in joined for p in ("sidebar", "widget", "aside")):
            aside = True
        if depth < 8 and any(p in joined for p in _FOLLOW_PARTS):
            follow = True
        if depth < 8 and any(p in joined for p in _SHARE_PARTS):
            share = True
        node = node.getparent()
        depth += 1
    return Context(region=region, region_depth=region_depth, author_depth=author_depth, in_article=in_article and region is None, author=author, embed=embed,
                   follow=follow, share=share, aside=aside, classes=" < ".join(trail[:4]))
