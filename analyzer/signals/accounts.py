"""Signals about which accounts exist: official, verified, department, staff and fediverse."""
from __future__ import annotations

from collections import Counter

from analyzer.signals.registry import signal
from analyzer.signals.view import ScanView

FEDIVERSE = ("mastodon", "bluesky")


@signal("official_platforms", direction=1, unit="count", kind="count", nullable=False,
        en="Distinct platforms with at least one official or department account (ownership not doubtful).",
        nl="Aantal verschillende platforms met minstens één officieel of afdelingsaccount (eigendom niet twijfelachtig).")
def official_platforms(view: ScanView):
    accounts = view.official
    return len({a.platform for a in accounts}), [i for a in accounts for i in a.evidence]


@signal("verified_accounts", direction=1, unit="count", kind="count", nullable=False,
        en="Official or department accounts whose ownership is verified (back-link or domain proof) "
           "or that carry the platform's own verification badge.",
        nl="Officiële of afdelingsaccounts waarvan het eigendom bewezen is (terugverwijzing of domeinbewijs) "
           "of die het verificatiekenmerk van het platform dragen.")
def verified_accounts(view: ScanView):
    accounts = [a for a in view.official if a.ownership == "verified" or a.platform_verified is True]
    return len(accounts), [i for a in accounts for i in a.evidence]


def _department_accounts(view: ScanView):
    chosen = [a for a in view.official if a.role == "department"]
    seen: Counter[str] = Counter()
    for a in view.official:
        if a.role == "official":
            seen[a.platform] += 1
            if seen[a.platform] > 1:
                chosen.append(a)
    return chosen


@signal("department_accounts", direction=1, unit="count", kind="count", nullable=False,
        en="Accounts with role department, plus extra official accounts on a platform that already has one "
           "(separate accounts for departments, regions or recruitment).",
        nl="Accounts met de rol afdeling, plus extra officiële accounts op een platform dat er al een heeft "
           "(aparte accounts voor afdelingen, regio's of werving).")
def department_accounts(view: ScanView):
    chosen = _department_accounts(view)
    keys = {a.key for a in chosen}
    extra = [ev.id for ev in view.kind("department_account")
             if isinstance(ev.value, dict) and (ev.value.get("platform"), ev.value.get("handle")) in keys]
    return len(chosen), [i for a in chosen for i in a.evidence] + extra


@signal("active_department_accounts", direction=1, unit="count", kind="count",
        en="Department accounts (as counted by department_accounts) that posted in the last 30 days: departments "
           "and regions taking their own initiative. 0 without department accounts; None when there are some "
           "but the activity of none could be read.",
        nl="Afdelingsaccounts (zoals geteld bij department_accounts) met een bericht in de laatste 30 dagen: "
           "afdelingen en regio's die zelfstandig initiatief nemen. 0 zonder afdelingsaccounts; leeg als die er "
           "zijn maar van geen enkele de activiteit gelezen kon worden.")
def active_department_accounts(view: ScanView):
    chosen = _department_accounts(view)
    if not chosen:
        return 0, ()
    known = [(a, view.is_active(a)) for a in chosen]
    if all(state is None for _, state in known):
        return None, ()
    active = [a for a, state in known if state]
    return len(active), [i for a in active for i in view.account_ids(a, with_activity=True)]


def _staff_keys(view: ScanView) -> tuple[set[tuple[str, str]], list[str]]:
    keys = {a.key for a in view.staff}
    ids = [i for a in view.staff for i in a.evidence]
    for ev in view.kind("staff_account"):
        value = ev.value if isinstance(ev.value, dict) else {}
        if value.get("platform") and value.get("handle"):
            keys.add((value["platform"], value["handle"]))
            ids.append(ev.id)
    return keys, ids


@signal("staff_accounts", unit="count", kind="count",
        en="Staff accounts found: people linked from the site's team or author pages, or whose profile names "
           "the organisation. None when the website could not be read.",
        nl="Gevonden accounts van medewerkers: personen gelinkt vanaf team- of auteurspagina's, of die de organisatie "
           "in hun profiel noemen. Leeg als de website niet gelezen kon worden.")
def staff_accounts(view: ScanView):
    if not view.website_observed:
        return None, ()
    keys, ids = _staff_keys(view)
    return len(keys), ids


@signal("staff_active", unit="count", kind="count",
        en="Staff accounts that posted in the last 30 days. None when no staff account's activity could be read.",
        nl="Accounts van medewerkers met een bericht in de laatste 30 dagen. Leeg als van geen enkel "
           "medewerkersaccount de activiteit gelezen kon worden.")
def staff_active(view: ScanView):
    if not view.website_observed:
        return None, ()
    keys, _ = _staff_keys(view)
    if not keys:
        return 0, ()
    states = [(a, view.is_active(a)) for a in view.staff]
    known = [(a, s) for a, s in states if s is not None]
    if not known:
        return None, ()
    active = [a for a, s in known if s]
    return len(active), [i for a in active for i in view.account_ids(a, with_activity=True)]


@signal("fediverse_accounts", unit="count", kind="count", nullable=False,
        en="Official or department accounts on Mastodon or Bluesky.",
        nl="Officiële of afdelingsaccounts op Mastodon of Bluesky.")
def fediverse_accounts(view: ScanView):
    accounts = [a for a in view.official if a.platform in FEDIVERSE]
    return len(accounts), [i for a in accounts for i in a.evidence]
