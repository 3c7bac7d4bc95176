"""A user's corrections of the accounts found: `PLATFORM:HANDLE`, parsed in one place.

The CLI's `--account` / `--not-account` and the batch's account columns both call
`parse_correction`, so `twitter:Gemeente` means the X account everywhere and a platform outside
the closed list is refused everywhere (the CLI exits 2; the batch warns and skips the item).
The handle is normalised later, as discovery would (collectors.urlparsers.handles.profile_ref).
"""
from __future__ import annotations

from dataclasses import dataclass

from analyzer.core.types import PLATFORMS

ACTIONS = ("add", "remove")
ALIASES = {"twitter": "x"}  # former platform names people still write


@dataclass(frozen=True)
class UserCorrection:
    """`--account PLATFORM:HANDLE` (action add) or `--not-account PLATFORM:HANDLE` (remove)."""

    action: str  # add | remove
    platform: str
    handle: str


class BadCorrection(ValueError):
    """A correction that is not PLATFORM:HANDLE on a known platform; the message says which."""


def parse_correction(action: str, text: str) -> UserCorrection:
    """`text` ("x:gemeente", "Twitter:@Gemeente") as a correction; raises BadCorrection."""
    platform, sep, handle = text.partition(":")
    platform = platform.strip().lower()
    platform = ALIASES.get(platform, platform)
    handle = handle.strip().lstrip("@")
    if not sep or not handle:
        raise BadCorrection("expected PLATFORM:HANDLE, e.g. x:gemeente")
    if platform not in PLATFORMS:
        raise BadCorrection(f"unknown platform {platform!r} (one of {', '.join(PLATFORMS)})")
    return UserCorrection(action, platform, handle)
