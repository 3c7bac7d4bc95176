"""Is a staff member's post about the organisation? One test for every platform.

A post is about the organisation when it names it: a link into the organisation's domain (or its
domain written out), a mention of one of its own accounts (@handle, a Mastodon @user@instance, a
Bluesky DID in a mention facet or a quoted post), a repost of one of its own accounts' posts, or
the organisation's name as its homepage title gives it (five letters or more, as a whole phrase).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from analyzer.core.orgname import organisation_name
from analyzer.core.types import Account, Evidence
from collectors.platforms.staff_parse import StaffItem

MIN_NAME = 5   # a shorter name ("ANWB" aside) matches too many unrelated words


@dataclass(frozen=True)
class OrgMentions:
    patterns: tuple[re.Pattern, ...]
    ids: frozenset[str] = field(default_factory=frozenset)

    def about(self, item: StaffItem) -> bool:
        return bool(self.ids & item.ids) or any(p.search(item.words) for p in self.patterns)


def _handle_forms(account: Account) -> list[str]:
    handle = account.handle.lower()
    if account.platform == "youtube":
        return [handle] if handle.startswith("@") else []
    if account.platform == "mastodon":
        return ["@" + handle]     # @user@instance; a bare @user may be anyone on another instance
    return ["@" + handle]


def org_mentions(domain: str, accounts: Iterable[Account], evidence: Iterable[Evidence]) -> OrgMentions:
    """The test for one organisation: its domain, its own accounts, their ids and its name."""
    evidence = tuple(evidence)
    own = [a for a in accounts if a.role in ("official", "department") and a.ownership != "doubtful"]
    patterns = [re.compile(rf"(?<![\w-])(?:[\w-]+\.)*{re.escape(domain)}(?![\w-]|\.\w)", re.I)]
    forms = sorted({f for a in own for f in _handle_forms(a)}, key=len, reverse=True)
    if forms:
        alternatives = "|".join(re.escape(f) for f in forms)
        patterns.append(re.compile(rf"(?<![\w@.-])(?:{alternatives})(?![\w-]|[.@]\w)", re.I))
    name = organisation_name(evidence)
    if name and len(name) >= MIN_NAME:
        patterns.append(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I))
    mine = {i for a in own for i in a.evidence}
    ids = {str(e.value["did"]) for e in evidence if e.kind == "profile" and e.id in mine
           and isinstance(e.value, dict) and e.value.get("did")}
    return OrgMentions(tuple(patterns), frozenset(ids))
