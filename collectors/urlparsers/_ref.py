"""The typed result of parsing one URL, shared by every platform parser."""
from __future__ import annotations

from dataclasses import dataclass

KINDS: tuple[str, ...] = ("profile", "follow_intent", "person", "post", "share", "other")
ACCOUNT_KINDS: frozenset[str] = frozenset({"profile", "follow_intent", "person"})


@dataclass(frozen=True)
class ProfileRef:
    """What a URL points at on a social platform.

    platform: one of analyzer.core.types.PLATFORMS.
    handle:   the canonical handle as GOLD.md "Normalisation" defines it (lowercase except YouTube
              channel ids, Flickr NSIDs and Spotify ids; `company:` for LinkedIn, `channel:UC..`
              for YouTube, `user@instance` for Mastodon, `id:NNN` for numeric Facebook pages ...);
              may be "" for a share link or a platform page that names no account.
    url:      the canonical profile URL for account kinds, else the cleaned input URL.
    kind:     profile | follow_intent | person | post | share | other.
    """

    platform: str
    handle: str
    url: str
    kind: str

    @property
    def is_account(self) -> bool:
        return self.kind in ACCOUNT_KINDS and bool(self.handle)

# Template defaults and placeholders that themes and tutorials leave in place: never an account.
PLACEHOLDERS: frozenset[str] = frozenset({
    "someaccount", "username", "yourusername", "your_username", "yourname", "yourhandle", "youraccount",
    "yourpage", "yourcompany", "yourcompanyname", "pagename", "companyname", "company:companyname", "example",
    "wordpresscom", "wordpressdotcom", "envato", "themeforest", "handle", "twitterhandle", "yourtwitter",
    "yourfacebook", "yourinstagram", "user", "name", "account", "#", "company:your-company",
})


def make(platform: str, handle: str, url: str, kind: str) -> ProfileRef:
    return ProfileRef(platform=platform, handle=handle, url=url, kind=kind)
