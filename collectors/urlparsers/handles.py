"""A handle a person or a registry gives (`--account x:Gemeente_A`, a Wikidata property) as the
canonical handle and profile URL that discovery would have found for it.

The website collector (user corrections) and Wikidata both normalise here, so neither depends on
the other.
"""
from __future__ import annotations

import collectors.urlparsers as profiles
from collectors.urlparsers import parse_profile_url

# Profile URLs of platforms whose parser module has no `canonical(handle)`.
_FALLBACK_URLS = {
    "mastodon": lambda h: f"https://{h.partition('@')[2]}/@{h.partition('@')[0]}",
    "xing": lambda h: f"https://www.xing.com/pages/{h}",
    "whatsapp": lambda h: f"https://www.whatsapp.com/channel/{h}",
    "spotify": lambda h: f"https://open.spotify.com/{h.replace(':', '/')}",
    "soundcloud": lambda h: f"https://soundcloud.com/{h}",
    "twitch": lambda h: f"https://www.twitch.tv/{h}",
}


def profile_ref(platform: str, handle: str) -> tuple[str, str]:
    """(canonical handle, profile URL) for a user-given handle, normalised as discovery would."""
    raw = handle.strip()
    if raw.lower().startswith(("http://", "https://")):
        ref = parse_profile_url(raw)
        if ref is not None and ref.is_account and ref.platform == platform:
            return ref.handle, ref.url
    raw = raw.lstrip("@") if platform != "youtube" else raw
    if platform == "linkedin" and ":" not in raw:
        raw = f"company:{raw}"
    if platform == "youtube" and ":" not in raw and not raw.startswith("@"):
        raw = f"channel:{raw}" if raw.startswith("UC") and len(raw) == 24 else f"@{raw}"
    module = getattr(profiles, platform, None)
    build = getattr(module, "canonical", None) or _FALLBACK_URLS.get(platform)
    url = build(raw) if build else ""
    ref = parse_profile_url(url) if url else None
    if ref is not None and ref.is_account and ref.platform == platform:
        return ref.handle, ref.url
    return (raw if platform == "youtube" else raw.lower()), url
