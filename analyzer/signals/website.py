"""Signals from what the website says: policy, webcare, roles, community, ambassadors, timelines,
share buttons and statements that the organisation stopped using a platform.

All are None when the website could not be read (coverage failed, unavailable or skipped). A False
rests on the pages that were read, so a reader can see where it was looked for.
"""
from __future__ import annotations

from analyzer.signals.registry import signal
from analyzer.signals.view import ScanView

OWN_ROLES = ("official", "department")


def _found(view: ScanView, kind: str, test=lambda value: True):
    """(True, their ids) when evidence of `kind` passes `test`; (False, pages read) otherwise."""
    if not view.website_observed:
        return None, ()
    hits = [ev for ev in view.kind(kind) if test(ev.value if isinstance(ev.value, dict) else {})]
    if hits:
        return True, [ev.id for ev in hits]
    return False, [ev.id for ev in view.pages]


def _onsite(name: str, kind: str, en: str, nl: str, direction: int = 0):
    @signal(name, unit="bool", kind="bool", en=en, nl=nl, direction=direction)
    def fn(view: ScanView):
        return _found(view, kind)

    fn.__name__ = name
    return fn


policy_page = _onsite(
    "policy_page", "policy_page", direction=1,
    en="The site has a social media policy, guidelines, house rules or reply policy page.",
    nl="De site heeft een pagina met socialemediabeleid, richtlijnen, huisregels of reactiebeleid.")
webcare = _onsite(
    "webcare", "webcare", direction=1,
    en="The site offers webcare or customer service through social media.",
    nl="De site biedt webcare of klantenservice via sociale media aan.")
social_role = _onsite(
    "social_role", "social_role", direction=1,
    en="The site names a social media, community or webcare role or vacancy.",
    nl="De site noemt een functie of vacature voor sociale media, community of webcare.")
community_platform = _onsite(
    "community_platform", "community_platform", direction=1,
    en="The site links a community forum, ideas platform or co-creation platform.",
    nl="De site verwijst naar een communityforum, ideeënplatform of co-creatieplatform.")
ambassador_programme = _onsite(
    "ambassador_programme", "ambassador_programme", direction=1,
    en="The site shows an ambassador, employee-advocacy or influencer programme.",
    nl="De site toont een ambassadeurs-, medewerkersadvocacy- of influencerprogramma.")
embedded_timeline = _onsite(
    "embedded_timeline", "embedded_timeline",
    en="The site embeds a social media timeline.",
    nl="De site toont een ingebedde tijdlijn van sociale media.")
stopped_platform = _onsite(
    "stopped_platform", "stopped_platform",
    en="The site states that the organisation stopped using a platform.",
    nl="De site meldt dat de organisatie met een platform gestopt is.")


@signal("webcare_hours", direction=1, unit="bool", kind="bool",
        en="The site offers webcare with stated hours.",
        nl="De site biedt webcare aan met vermelde openingstijden.")
def webcare_hours(view: ScanView):
    return _found(view, "webcare", lambda value: bool(value.get("hours")))


@signal("share_buttons_only", direction=-1, unobserved_as=1.0, unit="bool", kind="bool",
        en="The site has share buttons but links none of the organisation's own accounts.",
        nl="De site heeft deelknoppen maar verwijst naar geen enkel eigen account van de organisatie.")
def share_buttons_only(view: ScanView):
    if not view.website_observed:
        return None, ()
    buttons = [ev.id for ev in view.kind("share_buttons")]
    own_links = [ev.id for ev in view.kind("account_link")
                 if isinstance(ev.value, dict) and ev.value.get("role") in OWN_ROLES]
    if buttons and not own_links:
        return True, buttons
    return False, own_links or [ev.id for ev in view.pages]


@signal("dormant_platforms_explained", unit="count", kind="count",
        en="Official accounts silent for more than 30 days on a platform the site says the organisation "
           "stopped using (a deliberate choice, not neglect).",
        nl="Officiële accounts die meer dan 30 dagen stil zijn op een platform waarvan de site meldt dat de "
           "organisatie ermee gestopt is (een bewuste keuze, geen verwaarlozing).")
def dormant_platforms_explained(view: ScanView):
    if not view.website_observed:
        return None, ()
    statements = [ev for ev in view.kind("stopped_platform")
                  if isinstance(ev.value, dict) and ev.value.get("platform")]
    stopped = {ev.value["platform"] for ev in statements}
    dormant = [a for a in view.official if a.platform in stopped and view.is_active(a) is False]
    if not dormant:
        return 0, [ev.id for ev in statements]
    used = {a.platform for a in dormant}
    ids = [ev.id for ev in statements if ev.value["platform"] in used]
    return len(dormant), ids + [i for a in dormant for i in view.account_ids(a, with_activity=True)]
