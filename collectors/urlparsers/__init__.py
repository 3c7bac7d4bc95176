"""Social profile URL parsers: one module per platform, one registry.

    parse_profile_url("https://x.com/Gemeente_A?s=21")
    -> ProfileRef(platform="x", handle="gemeente_a", url="https://x.com/gemeente_a", kind="profile")

Each platform module has `parse(url: Url) -> ProfileRef | None`, answering None for hosts that are
not its own. The registry asks them in order; Mastodon, which can live on any host, is asked last.
Google+, Tumblr, Reddit, Medium and Flipboard are not platforms here and give None.
"""
from __future__ import annotations

import logging
import re

from collectors.urlparsers import (
    bluesky, facebook, flickr, github, instagram, linkedin, mastodon, pinterest, snapchat,
    soundcloud, spotify, telegram, threads, tiktok, twitch, vimeo, whatsapp, x, xing, youtube,
)
from collectors.urlparsers._ref import ACCOUNT_KINDS, KINDS, PLACEHOLDERS, ProfileRef, make
from collectors.urlparsers._url import Url, split_url

log = logging.getLogger(__name__)

__all__ = ["ProfileRef", "parse_profile_url", "profile_url", "might_be_profile", "KINDS", "ACCOUNT_KINDS", "PARSERS"]

# Order matters only for Mastodon (generic host, asked last).
PARSERS = (x, facebook, instagram, linkedin, youtube, tiktok, threads, bluesky, pinterest, github,
           xing, telegram, vimeo, flickr, whatsapp, snapchat, spotify, soundcloud, twitch, mastodon)


# Cheap pre-check over raw attribute values: every URL a parser accepts contains one of these
# (Mastodon paths have "@" or "/users/"). Keeps discovery fast on pages with 100k ordinary links.
HINT = re.compile(r"twitter|x\.com|facebook|fb\.|instagr|linkedin|youtu|tiktok|threads\.|bsky|pinterest|pin\.it|"
                  r"github|xing|t\.me|telegram|vimeo|flickr|flic\.kr|whatsapp|wa\.me|snapchat|spotify|soundcloud|"
                  r"twitch|@|/users/|%40", re.I)


def might_be_profile(value: str) -> bool:
    """False when `value` cannot parse to any platform (a fast filter before parse_profile_url)."""
    return bool(HINT.search(value))


def parse_url(url: Url) -> ProfileRef | None:
    for module in PARSERS:
        ref = module.parse(url)
        if ref is not None:
            if ref.handle in PLACEHOLDERS and ref.kind in ACCOUNT_KINDS:
                return make(ref.platform, "", url.text, "other")
            return ref
    return None


def profile_url(platform: str, handle: str) -> str | None:
    """The canonical profile URL of a normalised handle (as ProfileRef.handle has it), or None for
    an unknown platform."""
    module = next((m for m in PARSERS if m.PLATFORM == platform), None)
    return module.canonical(handle) if module is not None and handle else None


def parse_profile_url(url: str, base: str | None = None) -> ProfileRef | None:
    """Parse one URL into a ProfileRef, or None when it is not on a social platform.

    Never raises: any input (not a string, not a URL, garbage) gives None.
    """
    try:
        parsed = split_url(url, base)
        return parse_url(parsed) if parsed is not None else None
    except Exception:  # a parser bug must not break discovery on one odd URL
        log.debug("profile URL parser failed on %r", url, exc_info=True)
        return None
