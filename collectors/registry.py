"""The explicit, ordered list of collectors. The website comes first (it discovers accounts);
the platform collectors then run in parallel, each on the accounts of its platforms."""
from __future__ import annotations

import importlib

# (name, module path, class name). Order matters only for the website (first).
COLLECTORS: tuple[tuple[str, str, str], ...] = (
    ("website", "collectors.website", "WebsiteCollector"),
    ("wikidata", "collectors.wikidata", "WikidataCollector"),
    ("x", "collectors.platforms.x", "XCollector"),
    ("bluesky", "collectors.platforms.bluesky", "BlueskyCollector"),
    ("mastodon", "collectors.platforms.mastodon", "MastodonCollector"),
    ("youtube", "collectors.platforms.youtube", "YouTubeCollector"),
    ("presence", "collectors.platforms.presence", "PresenceCollector"),
)


def load_collector(name: str):
    for cname, module, cls in COLLECTORS:
        if cname == name:
            return getattr(importlib.import_module(module), cls)
    raise KeyError(name)
