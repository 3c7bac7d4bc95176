"""The explicit, ordered list of collectors, and every fact about them asked of one place.

Each collector declares its facts as class attributes (see `collectors.base.Collector`); the
functions here derive what the rest of the code needs from them: which run first, which
platforms have an activity reader, how a gap weighs, what a collector is called in Dutch and
English. Adding a collector: one entry in COLLECTORS (docs/extending.md); the conformance test
(tests/test_collectors_conformance.py) checks its facts.

Modules load on first use, so that importing the registry stays cheap (`footprint --version`).
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

# (name, module path, class name). Order matters for the discoverers (the website first).
COLLECTORS: tuple[tuple[str, str, str], ...] = (
    ("website", "collectors.website", "WebsiteCollector"),
    ("wikidata", "collectors.wikidata", "WikidataCollector"),
    ("x", "collectors.platforms.x", "XCollector"),
    ("bluesky", "collectors.platforms.bluesky", "BlueskyCollector"),
    ("mastodon", "collectors.platforms.mastodon", "MastodonCollector"),
    ("youtube", "collectors.platforms.youtube", "YouTubeCollector"),
    ("presence", "collectors.platforms.presence", "PresenceCollector"),
    ("staff", "collectors.platforms.staff", "StaffCollector"),
)


def load_collector(name: str) -> Any:
    for cname, module, cls in COLLECTORS:
        if cname == name:
            return getattr(importlib.import_module(module), cls)
    raise KeyError(name)


@lru_cache(maxsize=1)
def collector_classes() -> tuple[Any, ...]:
    """Every collector class, in registry order."""
    return tuple(load_collector(name) for name, _m, _c in COLLECTORS)


def names(stage: str | None = None) -> tuple[str, ...]:
    """Collector names in registry order, those of one `stage` when given."""
    return tuple(c.name for c in collector_classes() if stage is None or c.stage == stage)


@lru_cache(maxsize=1)
def activity_readers() -> dict[str, str]:
    """Platform -> the collector that reads activity on it."""
    return {p: c.name for c in collector_classes() if c.reads == "activity" for p in c.platforms}


def coverage_role(name: str) -> str:
    """The coverage role of collector `name`; "auxiliary" for a name no collector has (any more)."""
    for c in collector_classes():
        if c.name == name:
            return c.coverage_role
    return "auxiliary"


def label(name: str, lang: str, *, phrase: bool = False) -> str | None:
    """Collector `name` as a title (or inside a sentence), in `lang`; None for an unknown name."""
    for c in collector_classes():
        if c.name == name:
            texts = c.phrase if phrase else c.label
            return texts.get(lang) or texts["en"]
    return None
