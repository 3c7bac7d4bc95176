"""Signals about which accounts exist: official, verified, department, staff and fediverse."""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable

from analyzer.core.staff import KIND as STAFF_KIND, STAFF_READS, StaffReads
from analyzer.signals.activity_model import ACTIVE_DAYS, WINDOW_DAYS
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


# The staff accounts' read (evidence kind staff_read), stated once; `footprint signals` prints it.
STAFF_DEFINITIONS: dict[str, str] = {
    "read": f"at most {STAFF_READS} staff accounts a scan (one platform after the other), on Bluesky, "
            "Mastodon, YouTube and X (X only with a token); one page of the latest posts each (Bluesky 50, "
            "Mastodon 40, YouTube 15, X 20), at most 2 requests an account, within the per-host politeness "
            "and the scan budget",
    "kept": "per account read, in no order that names anyone: the time of each post in the window and "
            "whether it was about the organisation; never a handle, name, post id, URL or text",
    "about_org": "a post that links into the organisation's domain, mentions one of its own accounts, "
                 "reposts or quotes one of their posts, or names it (its homepage title's name, five "
                 "letters or more)",
    "covers_window": "the page reached back to the window's start (or the whole history): else a count "
                     "over it is a lower bound",
    "failed": "reads that gave nothing (a coverage gap of the staff collector, never a silent account)",
    "not_read": "staff accounts over the cap or out of the scan budget",
}
STAFF_DEFINITIONS_NL: dict[str, str] = {
    "read": f"hooguit {STAFF_READS} medewerkersaccounts per scan (om en om per platform), op Bluesky, "
            "Mastodon, YouTube en X (X alleen met een token); per account één pagina met de laatste berichten "
            "(Bluesky 50, Mastodon 40, YouTube 15, X 20), hooguit 2 verzoeken per account, binnen de "
            "beleefdheid per host en het tijdsbudget van de scan",
    "kept": "per gelezen account, in een volgorde die niemand aanwijst: de tijd van elk bericht in het venster "
            "en of het over de organisatie ging; nooit een handle, naam, bericht-id, URL of tekst",
    "about_org": "een bericht dat naar het domein van de organisatie linkt, een van haar eigen accounts noemt, "
                 "een bericht daarvan deelt of citeert, of haar naam noemt (de naam uit de titel van de "
                 "homepage, vijf letters of meer)",
    "covers_window": "de pagina reikte tot het begin van het venster (of de hele geschiedenis): anders is een "
                     "telling erover een ondergrens",
    "failed": "lezingen die niets gaven (een gat in de dekking van de medewerkersbron, nooit een stil account)",
    "not_read": "medewerkersaccounts boven de grens of buiten het tijdsbudget van de scan",
}


def _count_staff_reads(view: ScanView, counts: Callable[[Any], bool]):
    """(number of staff accounts read for which `counts` holds, [the staff read's evidence id]).
    The value is None when the website was not read (staff are found there) or when no staff
    account could be read, 0 without staff accounts; the whole answer is None when the scan made
    no staff read at all (a scan stored before staff accounts were read)."""
    if not view.website_observed:
        return None, ()
    if not _staff_keys(view)[0]:
        return 0, ()
    staff = _staff_reads(view)
    if staff is None:
        return None
    reads, ev_id = staff
    if not reads.accounts:
        return None, ()
    return sum(1 for a in reads.accounts if counts(a)), [ev_id]


def _staff_reads(view: ScanView) -> tuple[StaffReads, str] | None:
    """The scan's aggregated staff read (collectors.platforms.staff), if one was made."""
    for ev in reversed(view.kind(STAFF_KIND)):
        if isinstance(ev.value, dict):
            return StaffReads.from_json(ev.value), ev.id
    return None


@signal("staff_active", unit="count", kind="count",
        en=f"Staff accounts that posted in the last {ACTIVE_DAYS} days, among those read: at most "
           f"{STAFF_READS} per scan, on Bluesky, Mastodon, YouTube and X (X only with a token), each from "
           "one page of its latest posts. 0 without staff accounts; None when there are some but none "
           "could be read (a failed read is a coverage gap, never a silent account).",
        nl=f"Accounts van medewerkers met een bericht in de laatste {ACTIVE_DAYS} dagen, van de gelezen "
           f"accounts: hooguit {STAFF_READS} per scan, op Bluesky, Mastodon, YouTube en X (X alleen met een "
           "token), elk uit één pagina met de laatste berichten. 0 zonder medewerkersaccounts; leeg als die "
           "er zijn maar geen enkele gelezen kon worden (een mislukte lezing is een gat in de dekking, nooit "
           "een stil account).")
def staff_active(view: ScanView):
    counted = _count_staff_reads(view, lambda a: a.active(view.now, ACTIVE_DAYS))
    if counted is not None:
        return counted
    # a scan stored before staff accounts were read: their activity, where a collector gave one
    states = [(a, view.is_active(a)) for a in view.staff]
    known = [(a, s) for a, s in states if s is not None]
    if not known:
        return None, ()
    active = [a for a, s in known if s]
    return len(active), [i for a in active for i in view.account_ids(a, with_activity=True)]


@signal("staff_posts_about_org", unit="count", kind="count",
        en=f"Staff accounts, among those read (see staff_active), with at least one post in the last "
           f"{WINDOW_DAYS} days about the organisation: a post that links into its domain, mentions one of "
           "its own accounts, reposts one of their posts or names it (its homepage title's name, five "
           "letters or more). A count of accounts, never of a person's posts; no staff name, handle or post "
           "is kept. A lower bound when one page did not reach back to the window's start. 0 without staff "
           "accounts; None when none could be read. Typical of ad hoc (staff speaking on their own "
           "initiative) and of transformation (ambassadors) alike, so its direction is free.",
        nl=f"Accounts van medewerkers, van de gelezen accounts (zie staff_active), met minstens één bericht "
           f"in de laatste {WINDOW_DAYS} dagen over de organisatie: een bericht dat naar haar domein linkt, "
           "een van haar eigen accounts noemt, een bericht daarvan deelt of haar naam noemt (de naam uit de "
           "titel van de homepage, vijf letters of meer). Een aantal accounts, nooit de berichten van één "
           "persoon; geen naam, handle of bericht van een medewerker wordt bewaard. Een ondergrens als één "
           "pagina niet tot het begin van het venster terugging. 0 zonder medewerkersaccounts; leeg als er "
           "geen gelezen kon worden. Past bij ad hoc (medewerkers op eigen initiatief) en bij transformatie "
           "(ambassadeurs), dus zonder vaste richting.")
def staff_posts_about_org(view: ScanView):
    return _count_staff_reads(view, lambda a: a.about_org(view.now, WINDOW_DAYS)) or (None, ())


@signal("fediverse_accounts", direction=1, unit="count", kind="count", nullable=False,
        en="Official or department accounts on Mastodon or Bluesky.",
        nl="Officiële of afdelingsaccounts op Mastodon of Bluesky.")
def fediverse_accounts(view: ScanView):
    accounts = [a for a in view.official if a.platform in FEDIVERSE]
    return len(accounts), [i for a in accounts for i in a.evidence]
