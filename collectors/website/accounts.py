"""From sightings on many pages to one Account per (platform, handle), with a role and evidence.

Roles across pages (discovery judges each sighting on its page; this decides per account):
- official: seen as official on any page (site chrome, structured data, `twitter:site`, `rel=me`,
  follow modules), or in the header/footer/nav of two or more pages (site-wide).
- staff: otherwise seen as staff (bylines, author cards, `twitter:creator` naming a person), or in
  the body of a team page ("team", "medewerkers", "organisatie").
- other: everything else that is still a profile (a partner, a featured person).
- department: an official account that is a second one on its platform (or an account typed other
  whose handle carries the main account's name), whose handle names a unit that the platform's
  main account does not: careers (werkenbij, jobs, careers, recruitment),
  service (klantenservice, webcare, support), press, or a region (provinces, compass words, the
  largest Dutch and Belgian cities). The main account is the one with the most official sightings,
  then the shortest handle. Sub-brands without such a word stay official (GOLD.md).

User corrections come last: `add` makes an official account (evidence kind "user"), `remove`
drops one (its "user" evidence is still recorded, so the report can show the correction).
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from typing import Iterable

from analyzer.core.types import PLATFORMS, Account, Evidence
from collectors.base import UserCorrection
from collectors.website.discovery import Sighting
from collectors.urlparsers.handles import profile_ref

COLLECTOR = "website"
CHROME = frozenset({"footer", "header", "nav"})
ROLE_ORDER = {"official": 0, "department": 1, "staff": 2, "other": 3}
UNITS: dict[str, tuple[str, ...]] = {
    "careers": ("werkenbij", "werkenvoor", "vacatures", "jobs", "careers", "career", "recruitment", "recruiting",
                "talent", "stages", "karriere", "emplois"),
    "service": ("klantenservice", "webcare", "customercare", "support", "helpdesk", "service"),
    "press": ("persvoorlichting", "pers", "press", "presse", "media"),
    "region": ("noord", "zuid", "oost", "west", "north", "south", "east", "regio", "region", "groningen",
               "friesland", "fryslan", "drenthe", "overijssel", "flevoland", "gelderland", "utrecht",
               "noordholland", "zuidholland", "zeeland", "brabant", "limburg", "amsterdam", "rotterdam",
               "denhaag", "eindhoven", "tilburg", "almere", "breda", "nijmegen", "arnhem", "haarlem",
               "enschede", "zwolle", "maastricht", "leiden", "delft", "antwerpen", "gent", "brussel",
               "vlaanderen", "wallonie", "london", "scotland", "wales"),
}
def _link_evidence(s: Sighting, observed_at: datetime) -> Evidence:
    value = {"platform": s.platform, "handle": s.handle, "url": s.url, "location": s.location, "role": s.role,
             "shape": "follow_intent" if s.kind == "follow_intent" else "profile"}
    return Evidence.make(kind="account_link", value=value, collector=COLLECTOR, observed_at=observed_at,
                         platform=s.platform, source_url=s.page_url, excerpt=s.excerpt or s.url)


def _role(sightings: list[Sighting], page_roles: dict[str, str]) -> str:
    if any(s.role == "official" for s in sightings):
        return "official"
    if len({s.page_url for s in sightings if s.location in CHROME}) >= 2:
        return "official"
    if any(s.role == "staff" or (page_roles.get(s.page_url) == "team" and s.location == "body")
           for s in sightings):
        return "staff"
    return "other"


def _fold(handle: str) -> str:
    return re.sub(r"[^a-z0-9]", "", handle.split(":", 1)[-1].split("@")[0].lower())


def unit_of(handle: str, main: str) -> str | None:
    """The unit word in `handle` that the main account's handle lacks, or None."""
    h, m = _fold(handle), _fold(main)
    for unit, words in UNITS.items():
        for word in words:
            if word in h and word not in m:
                return unit if unit != "region" else word
    return None


def merge(sightings: Iterable[Sighting], page_roles: dict[str, str], observed_at: datetime
          ) -> tuple[list[Account], list[Evidence]]:
    """One Account per (platform, handle) with every sighting as `account_link` evidence."""
    groups: dict[tuple[str, str], list[Sighting]] = defaultdict(list)
    for s in sightings:
        if s.platform in PLATFORMS and s.handle:
            groups[(s.platform, s.handle)].append(s)
    accounts: list[Account] = []
    evidence: list[Evidence] = []
    official_count: dict[tuple[str, str], int] = {}
    for key, group in groups.items():
        links = list({e.id: e for e in (_link_evidence(s, observed_at) for s in group)}.values())
        evidence += links
        role = _role(group, page_roles)
        ids = tuple(e.id for e in links)
        if role == "staff":
            source = "team_page" if any(page_roles.get(s.page_url) == "team" for s in group) else "byline"
            staff = Evidence.make(kind="staff_account", value={"platform": key[0], "handle": key[1], "name": None,
                                                               "source": source},
                                  collector=COLLECTOR, observed_at=observed_at, platform=key[0],
                                  source_url=group[0].page_url, excerpt=group[0].excerpt, derived_from=ids)
            evidence.append(staff)
            ids += (staff.id,)
        official_count[key] = sum(1 for s in group if s.role == "official")
        accounts.append(Account(platform=key[0], handle=key[1], url=group[0].url, role=role, ownership="claimed",
                                evidence=ids))
    accounts, dept = _departments(accounts, official_count, observed_at)
    return accounts, evidence + dept


def _departments(accounts: list[Account], official_count: dict[tuple[str, str], int], observed_at: datetime
                 ) -> tuple[list[Account], list[Evidence]]:
    by_platform: dict[str, list[Account]] = defaultdict(list)
    for acc in accounts:
        if acc.role == "official":
            by_platform[acc.platform].append(acc)
    changed: dict[tuple[str, str], Account] = {}
    evidence: list[Evidence] = []
    for platform, group in by_platform.items():
        main = min(group, key=lambda a: (-official_count.get(a.key, 0), len(a.handle), a.handle))
        # An account typed "other" on its page (a body link on the contact page) that carries the
        # main account's name plus a unit word is the organisation's own department account too.
        branded = [a for a in accounts if a.platform == platform and a.role == "other"
                   and len(_fold(main.handle)) >= 4 and _fold(main.handle) in _fold(a.handle)]
        if len(group) < 2 and not branded:
            continue
        for acc in group + branded:
            unit = unit_of(acc.handle, main.handle) if acc is not main else None
            if unit:
                ev = Evidence.make(kind="department_account", value={"platform": platform, "handle": acc.handle,
                                                                     "unit": unit},
                                   collector=COLLECTOR, observed_at=observed_at, platform=platform, source_url=acc.url,
                                   excerpt=f"second {platform} account {acc.handle} next to {main.handle}: {unit}",
                                   derived_from=acc.evidence)
                evidence.append(ev)
                changed[acc.key] = acc.with_(role="department", evidence=acc.evidence + (ev.id,))
    return [changed.get(a.key, a) for a in accounts], evidence


def apply_corrections(accounts: list[Account], corrections: Iterable[UserCorrection], observed_at: datetime,
                      source_url: str | None) -> tuple[list[Account], list[Evidence]]:
    """Add and remove accounts as the user said; each correction is evidence of kind "user"."""
    by_key = {a.key: a for a in accounts}
    evidence: list[Evidence] = []
    for c in corrections:
        handle, url = profile_ref(c.platform, c.handle)
        ev = Evidence.make(kind="user", value={"action": c.action, "platform": c.platform, "handle": handle},
                           collector=COLLECTOR, observed_at=observed_at, platform=c.platform,
                           source_url=source_url, excerpt=f"{'--account' if c.action == 'add' else '--not-account'} "
                                                          f"{c.platform}:{c.handle}")
        evidence.append(ev)
        key = (c.platform, handle)
        if c.action == "remove":
            by_key.pop(key, None)
        elif c.action == "add":
            old = by_key.get(key)
            by_key[key] = Account(platform=c.platform, handle=handle, url=old.url if old else url, role="official",
                                  ownership="claimed", evidence=(old.evidence if old else ()) + (ev.id,))
    return list(by_key.values()), evidence


def ordered(accounts: Iterable[Account]) -> tuple[Account, ...]:
    """Official first, then department, staff, other; platforms in PLATFORMS order."""
    return tuple(sorted(accounts, key=lambda a: (ROLE_ORDER.get(a.role, 9), PLATFORMS.index(a.platform)
                                                 if a.platform in PLATFORMS else 99, a.handle)))
