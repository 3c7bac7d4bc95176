"""WhatsApp: channels (whatsapp.com/channel/ID) are accounts; wa.me chats, send?text= shares and
group invites are not."""
from __future__ import annotations

import re

from collectors.urlparsers._ref import ProfileRef, make
from collectors.urlparsers._url import Url, host_prefix

PLATFORM = "whatsapp"
DOMAINS = ("whatsapp.com", "wa.me")
CHANNEL = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def canonical(handle: str) -> str:
    return f"https://whatsapp.com/channel/{handle}"


def parse(url: Url) -> ProfileRef | None:
    sub = host_prefix(url, DOMAINS)
    if sub is None:
        return None
    segs = url.segs
    if url.seg0 == "channel" and len(segs) >= 2 and CHANNEL.match(segs[1]) and sub in ("", "www"):
        return make(PLATFORM, segs[1].lower(), f"https://whatsapp.com/channel/{segs[1]}", "profile")
    shared = "text" in url.query or url.seg0 in ("send", "share")
    return make(PLATFORM, "", url.text, "share" if shared else "other")
