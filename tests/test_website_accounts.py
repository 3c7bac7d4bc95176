"""Sightings -> Accounts: roles across pages, departments, and user corrections."""
from __future__ import annotations

from datetime import datetime, timezone

from collectors.base import UserCorrection
from collectors.website.discovery import Sighting
from collectors.website import accounts as acc
from tests.servers import html
from tests.website_helpers import keys, kinds, run

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)
HOME, TEAM, NEWS = "https://www.a.nl/", "https://www.a.nl/team", "https://www.a.nl/nieuws/1"


def s(handle, location, role, page=HOME, platform="x", kind="profile"):
    return Sighting(platform, handle, f"https://x.com/{handle}", kind, location, role, f"{handle} in {location}", page)


def merged(sightings, roles=None):
    accounts, evidence = acc.merge(sightings, roles or {HOME: "home", TEAM: "team", NEWS: "press"}, NOW)
    return {a.handle: a for a in accounts}, evidence


def test_one_account_per_handle_with_every_place_as_evidence():
    accounts, evidence = merged([s("org", "footer", "official"), s("org", "meta", "official"),
                                 s("org", "footer", "official", page=NEWS)])
    (org,) = accounts.values()
    links = [e for e in evidence if e.kind == "account_link"]
    assert len(links) == 3 and set(org.evidence) == {e.id for e in links}
    assert {(e.source_url, e.value["location"]) for e in links} == {(HOME, "footer"), (HOME, "meta"), (NEWS, "footer")}
    assert org.role == "official" and org.ownership == "claimed"


def test_official_on_any_page_wins_and_site_wide_chrome_is_official():
    accounts, _ = merged([s("org", "body", "other"), s("org", "jsonld", "official", page=NEWS),
                          s("chrome", "header", "other"), s("chrome", "header", "other", page=NEWS)])
    assert accounts["org"].role == "official"
    assert accounts["chrome"].role == "official"


def test_staff_from_bylines_and_team_pages():
    accounts, evidence = merged([s("auteur", "body", "staff", page=NEWS), s("wethouder", "body", "other", page=TEAM),
                                 s("partner", "body", "other", page=NEWS)])
    assert accounts["auteur"].role == "staff" and accounts["wethouder"].role == "staff"
    assert accounts["partner"].role == "other"
    staff = {e.value["handle"]: e.value["source"] for e in evidence if e.kind == "staff_account"}
    assert staff == {"auteur": "byline", "wethouder": "team_page"}
    assert all(e.derived_from for e in evidence if e.kind == "staff_account")


def test_second_account_with_a_unit_word_is_a_department():
    accounts, evidence = merged([s("gemeentea", "footer", "official"), s("gemeentea", "meta", "official"),
                                 s("werkenbijgemeentea", "footer", "official"),
                                 s("gemeentea_noord", "footer", "official"), s("gemeentea_cultuur", "footer", "official")])
    assert accounts["gemeentea"].role == "official"
    assert accounts["werkenbijgemeentea"].role == "department"
    assert accounts["gemeentea_noord"].role == "department"
    assert accounts["gemeentea_cultuur"].role == "official"     # a sub-brand, no unit word
    units = {e.value["handle"]: e.value["unit"] for e in evidence if e.kind == "department_account"}
    assert units == {"werkenbijgemeentea": "careers", "gemeentea_noord": "noord"}


def test_a_department_typed_other_on_its_page_is_still_the_organisations():
    # The contact page names "@werkenbijgemeentea" in its body: typed other there, and before this
    # it was never read. It carries the main account's name plus a unit word: a department.
    accounts, evidence = merged([s("gemeentea", "footer", "official"), s("gemeentea", "footer", "official", page=NEWS),
                                 s("werkenbijgemeentea", "body", "other"), s("partner_noord", "body", "other"),
                                 s("gemeentea_fan", "body", "other")])
    assert accounts["werkenbijgemeentea"].role == "department"
    assert accounts["partner_noord"].role == "other"        # someone else's, unit word or not
    assert accounts["gemeentea_fan"].role == "other"        # the name without a unit word
    assert [e.value["unit"] for e in evidence if e.kind == "department_account"] == ["careers"]


def test_a_unit_word_in_the_main_handle_is_no_department():
    accounts, _ = merged([s("utrecht", "footer", "official"), s("utrecht", "meta", "official"),
                          s("utrechtcentraal", "footer", "official")])
    assert {a.role for a in accounts.values()} == {"official"}


def test_profile_ref_normalises_user_input():
    assert acc.profile_ref("x", "Gemeente_A") == ("gemeente_a", "https://x.com/gemeente_a")
    assert acc.profile_ref("x", "https://twitter.com/Gemeente_A?s=21") == ("gemeente_a", "https://x.com/gemeente_a")
    assert acc.profile_ref("linkedin", "gemeente-a")[0] == "company:gemeente-a"
    assert acc.profile_ref("youtube", "GemeenteA")[0] == "@gemeentea"
    assert acc.profile_ref("mastodon", "Gemeente@Social.Overheid.nl")[0] == "gemeente@social.overheid.nl"


def test_user_corrections_through_the_collector(net):
    net.site("corr-voorbeeld.nl", {"/": html(
        '<footer><a href="https://x.com/corr_bv">X</a> <a href="https://www.facebook.com/corrbv">FB</a>'
        '<a href="https://www.instagram.com/fanclub_corr">IG</a></footer>')})
    corrections = (UserCorrection("add", "mastodon", "corr@mastodon.social"),
                   UserCorrection("add", "x", "Corr_BV"),                   # already found: kept, evidence added
                   UserCorrection("remove", "instagram", "fanclub_corr"),
                   UserCorrection("remove", "tiktok", "nooit_gezien"))
    result = run(net, "corr-voorbeeld.nl", corrections=corrections)
    assert keys(result, "official") == {"x:corr_bv", "facebook:corrbv", "mastodon:corr@mastodon.social"}
    users = kinds(result, "user")
    assert [(e.value["action"], e.value["platform"], e.value["handle"]) for e in users] == [
        ("add", "mastodon", "corr@mastodon.social"), ("add", "x", "corr_bv"),
        ("remove", "instagram", "fanclub_corr"), ("remove", "tiktok", "nooit_gezien")]
    x = next(a for a in result.accounts if a.handle == "corr_bv")
    assert users[1].id in x.evidence and len(x.evidence) > 1
    masto = next(a for a in result.accounts if a.platform == "mastodon")
    assert masto.url == "https://mastodon.social/@corr" and masto.evidence == (users[0].id,)
