"""Department and staff accounts, from what an official profile says in public.

Department: an organisation with several official accounts on one platform often has one per
unit: recruitment ("werken bij", vacatures, careers, jobs), customer service (klantenservice,
webcare), press, or a region. `department_unit` reads that unit from a profile's name and bio
(Dutch and English).

Staff: official profiles often sign who posts: "^JD", "tweets by @jan", "webcare door @sanne",
"beheerd door @piet". `signed_mentions` finds handles mentioned with such a cue; a handle named
next to a department word ("vacatures: @acme_jobs") is returned as a department candidate
instead. Handles mentioned without a cue are left alone: a bio that names a partner is not
naming staff.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

UNITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("recruitment", re.compile(r"werken\s?bij|werkenbij|vacature|careers?\b|\bjobs?\b|recruit|"
                               r"working at|stage(s|plaatsen)?\b|solliciteren", re.I)),
    ("customer_service", re.compile(r"klantenservice|webcare|customer (care|service)|support|"
                                    r"\bhelp\b|servicedesk", re.I)),
    ("press", re.compile(r"\bpers\b|persvoorlichting|press office|\bpress\b|newsroom|nieuwsdienst", re.I)),
    ("region", re.compile(r"\bregio\b|\bregion(al)?\b|\bafdeling\b|\bdepartment\b|\bdistrict\b|"
                          r"noord-holland|zuid-holland|noord-brabant|gelderland|overijssel|"
                          r"friesland|fryslân|groningen|drenthe|flevoland|zeeland|limburg|utrecht", re.I)),
)

_CUE = (r"(?:tweets?|posts?|toots?|skeets?|berichten|webcare|beheer(?:d)?|managed|run|"
        r"moderated|gemodereerd)\s+(?:by|door|van)\s*:?\s*")
_HANDLE = r"@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?)"
_SIGNED = re.compile(_CUE + _HANDLE + r"|\^\s?([A-Z]{1,3})\s*[=:\-–]?\s*" + _HANDLE + r"|" +
                     _HANDLE + r"\s*[=:\-–(]?\s*\^\s?([A-Z]{1,3})", re.I)
_ANY = re.compile(r"(?<![\w@])" + _HANDLE)


@dataclass(frozen=True)
class Mentioned:
    """A handle an official profile names; `role` staff or department; `context` the words around."""

    handle: str
    role: str
    context: str
    unit: str | None = None
    initials: str | None = None


def department_unit(*texts: str | None) -> str | None:
    """The unit a profile's name or bio names (recruitment, customer_service, press, region)."""
    text = " ".join(t for t in texts if t)
    for unit, pattern in UNITS:
        if pattern.search(text):
            return unit
    return None


def own_unit(name: str | None, handle: str | None, bio: str | None) -> str | None:
    """The unit an account itself serves: from its name and handle, else its bio with the
    handles it names (and the words that introduce them) taken out."""
    handle_words = re.sub(r"[_.\-@]+", " ", handle or "")
    return department_unit(name, handle_words) or department_unit(_without_mentions(bio))


def _without_mentions(bio: str | None) -> str:
    return re.sub(r"[^.|·\n@]{0,40}" + _HANDLE, " ", bio or "")


def signed_mentions(bio: str | None) -> list[Mentioned]:
    """Handles a bio names as its authors (staff) or as a unit's account (department)."""
    if not bio:
        return []
    found: dict[str, Mentioned] = {}
    for m in _SIGNED.finditer(bio):
        handle = (m.group(1) or m.group(3) or m.group(4)).rstrip(".")
        initials = m.group(2) or m.group(5)
        found.setdefault(handle.lower(), Mentioned(handle, "staff", _around(bio, m), None,
                                                  initials.upper() if initials else None))
    for m in _ANY.finditer(bio):
        handle = m.group(1).rstrip(".")
        if handle.lower() in found:
            continue
        before = bio[max(0, m.start() - 40):m.start()]
        unit = department_unit(before.split("|")[-1].split("·")[-1].split("\n")[-1])
        if unit:
            found[handle.lower()] = Mentioned(handle, "department", _around(bio, m), unit)
    return list(found.values())


def _around(text: str, m: re.Match[str]) -> str:
    return text[max(0, m.start() - 30):m.end() + 10].strip()
