"""Which further pages to read: links of the homepage and sitemap.xml, scored by path and text.

The table `PAGE_ROLES` names, per page role, the path words and link texts in Dutch, English,
German and French. A candidate scores 3 when a path segment or the whole link text is a keyword,
2 when a keyword is part of it (only for specific keywords, never for short generic words such as
"over" or "team"), minus 0.5 per path level beyond the second, so section indexes win over
articles. The plan takes the best page per role in `PRIORITY` order first, then fills the budget
with the next best. Only same-site pages count: the same registered domain as the organisation
(or its canonical host), and under the target path when the target is a URL with a path.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree

from analyzer.core.suffixes import registered_domain

# role: (path words, link texts). Words are matched accent-free and lowercase; "-" joins words.
PAGE_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "policy": (("social-media", "socialmedia", "social-media-beleid", "socialmediabeleid", "huisregels",
                "reactiebeleid", "netiquette", "spelregels", "social-media-policy", "social-media-guidelines",
                "house-rules", "community-guidelines", "social-media-richtlijnen", "richtlijnen-social-media",
                "social-media-richtlinien", "reseaux-sociaux", "charte-reseaux-sociaux", "moderation-policy"),
               ("social media", "social-mediabeleid", "social media beleid", "socialmediabeleid", "huisregels",
                "reactiebeleid", "netiquette", "spelregels", "social media policy", "social media guidelines",
                "house rules", "community guidelines", "reseaux sociaux", "moderation policy")),
    "webcare": (("webcare", "klantenservice", "customer-service", "customer-care", "kundenservice",
                 "service-client", "service-clients", "klantcontact"),
                ("webcare", "klantenservice", "customer service", "customer care", "kundenservice",
                 "service client", "klantcontact")),
    "community": (("community", "forum", "ideeen", "ideeenplatform", "co-creatie", "cocreatie", "denk-mee",
                   "denkmee", "meedenken", "participatie", "ideas", "co-creation", "participation",
                   "mitmachen", "beteiligung", "communaute", "denk-mee-platform", "inwonerspanel"),
                  ("community", "forum", "ideeen", "ideeenplatform", "co-creatie", "denk mee", "meedenken",
                   "participatie", "share your ideas", "co-creation", "mitmachen", "communaute",
                   "inwonerspanel", "deel je idee")),
    "ambassador": (("ambassadeurs", "ambassadeur", "ambassador", "ambassadors", "influencers", "influencer",
                    "botschafter", "ambassadeursprogramma", "ambassador-programme", "ambassador-program"),
                   ("ambassadeurs", "ambassadeur", "ambassadors", "ambassador", "influencers", "botschafter",
                    "word ambassadeur", "become an ambassador")),
    "contact": (("contact", "contact-us", "kontakt", "contactez-nous", "nous-contacter", "contactgegevens"),
                ("contact", "contact us", "kontakt", "contactez-nous", "neem contact op", "contactgegevens")),
    "about": (("about", "about-us", "over-ons", "over", "wie-zijn-wij", "ueber-uns", "uber-uns", "a-propos",
               "qui-sommes-nous", "who-we-are", "unternehmen"),
              ("about", "about us", "over ons", "wie zijn wij", "uber uns", "a propos", "qui sommes-nous",
               "who we are", "over de organisatie")),
    "careers": (("careers", "career", "jobs", "vacatures", "vacancies", "werken-bij", "werkenbij",
                 "werken-bij-ons", "karriere", "stellenangebote", "emplois", "emploi", "carrieres",
                 "recrutement", "work-with-us", "join-us", "join-our-team"),
                ("careers", "jobs", "vacatures", "vacancies", "werken bij", "werken bij ons", "karriere",
                 "stellenangebote", "emplois", "carrieres", "recrutement", "work with us", "join our team")),
    "team": (("team", "our-team", "ons-team", "organisatie", "medewerkers", "our-people", "onze-mensen",
              "mitarbeiter", "equipe", "notre-equipe", "bestuur", "leadership", "directie", "staff"),
             ("team", "our team", "ons team", "organisatie", "medewerkers", "our people", "onze mensen",
              "mitarbeiter", "equipe", "bestuur", "leadership", "directie")),
    "press": (("press", "pers", "nieuws", "news", "newsroom", "presse", "persberichten", "pressroom",
               "press-releases", "actualites", "aktuelles", "perskamer"),
              ("press", "pers", "nieuws", "news", "newsroom", "presse", "persberichten", "press releases",
               "actualites", "aktuelles", "perskamer")),
}
PRIORITY = ("contact", "policy", "webcare", "community", "about", "careers", "ambassador", "team", "press")
_SPECIFIC = 6   # keywords at least this long (or with a hyphen) also count inside a longer segment
_SKIP_EXT = re.compile(r"\.(pdf|jpe?g|png|gif|webp|svg|zip|docx?|xlsx?|pptx?|mp[34]|mov|avi|ics|xml|rss|"
                       r"json|css|js|woff2?|ttf|exe|dmg|csv|txt)$", re.I)


@dataclass(frozen=True)
class Candidate:
    url: str
    role: str
    score: float
    text: str = ""


def fold(text: str) -> str:
    """Lowercase, accents off, whitespace collapsed: 'Ideeën  Platform' -> 'ideeen platform'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Site:
    """Which URLs belong to the organisation's site."""

    domains: frozenset[str]
    host: str
    path: str = ""

    def owns(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        if self.path:
            return parts.hostname == self.host and (parts.path.rstrip("/") + "/").startswith(self.path + "/")
        return registered_domain(parts.hostname) in self.domains


def clean_url(href: str, base: str) -> str | None:
    """Absolute http(s) URL without fragment, or None for mailto:, tel:, javascript:, files."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:", "whatsapp:")):
        return None
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or _SKIP_EXT.search(parts.path):
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def page_key(url: str) -> str:
    """Identity of a page for de-duplication: host, path without trailing slash, query; no scheme."""
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def links_of(doc, base: str) -> list[tuple[str, str]]:
    """(absolute URL, link text) for every a[href] of a document."""
    out = []
    for a in doc.iter("a"):
        url = clean_url(a.get("href", ""), base)
        if url:
            text = a.text_content() or a.get("title") or a.get("aria-label") or ""
            out.append((url, " ".join(text.split())[:120]))
    return out


def sitemap_urls(body: bytes, limit: int = 2000) -> list[str]:
    """<loc> URLs of a sitemap (nested sitemap indexes are not followed)."""
    try:
        root = lxml.etree.fromstring(body, parser=lxml.etree.XMLParser(recover=True, resolve_entities=False,
                                                                        no_network=True))
    except (lxml.etree.XMLSyntaxError, ValueError):
        return []
    if root is None or not isinstance(root.tag, str) or root.tag.rsplit("}", 1)[-1] != "urlset":
        return []
    locs = root.iter("{*}loc")
    return [" ".join((el.text or "").split()) for _, el in zip(range(limit), locs) if el.text]


_PAGE_SUFFIX = re.compile(r"\.(html?|php|aspx?)$")


def _path_score(path: str, words: tuple[str, ...]) -> float:
    segments = [s for s in fold(path.replace("_", "-").replace("%20", "-")).split("/") if s]
    if not segments:
        return 0.0
    best = 0.0
    for seg in segments:
        seg = _PAGE_SUFFIX.sub("", seg)
        hyphened = f"-{seg}-"
        for w in words:
            if seg == w:
                best = max(best, 3.0)
            elif (len(w) >= _SPECIFIC or "-" in w) and f"-{w}-" in hyphened:  # w between hyphens or ends
                best = max(best, 2.0)
    return best - 0.5 * max(0, len(segments) - 2) if best else 0.0


def _text_score(text: str, phrases: tuple[str, ...]) -> float:
    text = fold(text)
    if not text or len(text) > 60:
        return 0.0
    best = 0.0
    for p in phrases:
        if text == p:
            best = 3.0
        elif (len(p) >= _SPECIFIC or " " in p) and _as_words(p, text):
            best = max(best, 2.0)
    return best


def _as_words(phrase: str, text: str) -> bool:
    """`phrase` in `text` with no word character (a letter, digit or _, as regex \\w) touching it:
    a plain search, not a regular expression compiled for each of some 200 phrases."""
    i = text.find(phrase)
    while i != -1:
        j = i + len(phrase)
        if (i == 0 or not _word_char(text[i - 1])) and (j == len(text) or not _word_char(text[j])):
            return True
        i = text.find(phrase, i + 1)
    return False


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def classify(url: str, text: str = "") -> Candidate | None:
    """The best role for one link, or None when it is no page we look for."""
    parts = urlsplit(url)
    first_label = (parts.hostname or "").split(".")[0]
    best: Candidate | None = None
    for role, (words, phrases) in PAGE_ROLES.items():
        score = max(_path_score(parts.path, words), _text_score(text, phrases),
                    3.0 if first_label in words and parts.path in ("", "/") else 0.0)
        if score >= 2.0 and (best is None or score > best.score):
            best = Candidate(url, role, score, text)
    return best


def plan(links: list[tuple[str, str]], site: Site, budget: int, exclude: set[str]) -> list[Candidate]:
    """At most `budget` pages: the best per role in PRIORITY order, then the next best overall."""
    if budget <= 0:
        return []
    by_url: dict[str, Candidate] = {}
    for url, text in links:
        key = page_key(url)
        if key in exclude or not site.owns(url):
            continue
        cand = classify(url, text)
        if cand and (key not in by_url or cand.score > by_url[key].score):
            by_url[key] = cand
    ranked = sorted(by_url.values(), key=lambda c: (-c.score, len(c.url), c.url))
    chosen: list[Candidate] = []
    for role in PRIORITY:
        for cand in ranked:
            if cand.role == role and cand not in chosen:
                chosen.append(cand)
                break
    chosen = chosen[:budget]
    for cand in ranked:
        if len(chosen) >= budget:
            break
        if cand not in chosen:
            chosen.append(cand)
    return chosen
