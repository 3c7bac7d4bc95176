"""What the site's own host says about a candidate: is a URL on the site itself, and does a handle
carry the site's brand name (used where placement alone cannot tell, e.g. script data)."""
from __future__ import annotations

import re
from functools import lru_cache

from analyzer.core.suffixes import extractor, registered_domain

_ALNUM = re.compile(r"[^a-z0-9]+")
_PREFIX = re.compile(r"^(?:company|school|showcase|channel|user|c|id|discover|show|artist|profile):|^@")
_GENERIC = {"www", "m", "mobile", "blog", "news", "web", "home", "site", "online", "the", "com", "org", "net"}

_FEDI_LABELS = re.compile(r"^(social|mastodon|masto|toot|fedi|fediverse|mstdn|mas|pleroma|misskey|pixelfed)\b")


def own_page(host: str, site_host: str) -> bool:
    """True when `host` is part of the site itself (same registered domain), except a subdomain
    named like a fediverse server (social.bund.de, mastodon.example.org): organisations run those."""
    if not host or not site_host or registered_domain(host) != registered_domain(site_host):
        return False
    return host == site_host or not _FEDI_LABELS.match(host)


@lru_cache(maxsize=1024)  # site hosts: one per scan, a batch meets thousands
def brand_labels(site_host: str) -> tuple[str, ...]:
    """Distinctive labels of the site's host: abcnews.go.com -> (abcnews,); www.vice.com -> (vice,)."""
    host = (site_host or "").lower().strip(".")
    try:
        parts = extractor()(host)
        labels = parts.subdomain.split(".") + [parts.domain]
    except Exception:
        labels = host.split(".")[:-1]
    return tuple(l for l in (_ALNUM.sub("", x) for x in labels) if len(l) >= 3 and l not in _GENERIC)


def carries_brand(handle: str, site_host: str) -> bool:
    """True when the handle contains one of the site's brand labels (or is a long part of one)."""
    name = _ALNUM.sub("", _PREFIX.sub("", (handle or "").lower()).split("@")[0])
    if len(name) < 3:
        return False
    return any(label in name or (len(name) >= 5 and name in label) for label in brand_labels(site_host))
