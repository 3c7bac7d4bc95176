"""Does an account belong to the organisation? Domain matching and the proof evidence.

Proof methods (the `method` of an "ownership_proof" evidence value):
- domain_handle: a Bluesky handle that is the organisation's domain or a subdomain of it (the
  network itself verified the handle against the domain's DNS or well-known file);
- atproto_did: https://DOMAIN/.well-known/atproto-did names the account's DID;
- rel_me: a Mastodon profile field the instance verified (`verified_at`) links to the domain;
- profile_link: the profile's own website link (X url, YouTube channel links) points to the domain.
Only a proof upgrades an account to "verified"; a link from the site alone stays "claimed".
"""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote, urlsplit

from analyzer.core.types import Account, Evidence

_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)


def org_domain(host: str) -> str:
    """The organisation's domain for matching: lowercase, without a leading www."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def host_in_domain(host: str | None, domain: str) -> bool:
    """True when `host` is `domain` or a subdomain of it."""
    if not host:
        return False
    host = org_domain(host.split(":")[0])
    return host == domain or host.endswith("." + domain)


def url_in_domain(url: str | None, domain: str) -> bool:
    if not url:
        return False
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    try:
        return host_in_domain(urlsplit(url).hostname, domain)
    except ValueError:
        return False


def hrefs(html_text: str | None) -> list[str]:
    """Link targets in a piece of profile HTML (Mastodon fields and notes)."""
    return [unescape(h) for h in _HREF.findall(html_text or "")]


def text_links_to_domain(text: str | None, domain: str) -> str | None:
    """The first URL in `text` (plain or percent-encoded, as in redirect links) within `domain`."""
    if not text:
        return None
    for candidate in (text, unquote(text)):
        # Host only: a path would swallow a URL nested in a redirect link's query.
        for m in re.finditer(r"https?://([a-z0-9.-]+\.[a-z]{2,})", candidate, re.I):
            if host_in_domain(m.group(1), domain):
                return m.group(0)
    return None


def verified(account: Account, proof: Evidence) -> Account:
    """The account upgraded to verified ownership, citing the proof."""
    return account.with_(ownership="verified", evidence=account.evidence + (proof.id,))
