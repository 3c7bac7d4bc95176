"""Role reading and ownership helpers (activity: tests/test_activity_model.py; every collector's
conformance: tests/test_collectors_conformance.py)."""
from __future__ import annotations

import pytest

from collectors.platforms.ownership import host_in_domain, text_links_to_domain, url_in_domain
from collectors.platforms.roles import department_unit, own_unit, signed_mentions


@pytest.mark.parametrize("bio,expected", [
    ("Webcare door @koffie_sanne ^SK. Vacatures: @koffie_jobs",
     [("koffie_sanne", "staff", None), ("koffie_jobs", "department", "recruitment")]),
    ("^JD = @jdevries, ^MK = @mkok", [("jdevries", "staff", None), ("mkok", "staff", None)]),
    ("Tweets by @jan and the team", [("jan", "staff", None)]),
    ("Partner van @anderbedrijf en @gemeente", []),
    ("Beheerd door @communicatie@social.overheid.nl", [("communicatie@social.overheid.nl", "staff", None)]),
    (None, []),
])
def test_signed_mentions(bio, expected):
    assert [(m.handle, m.role, m.unit) for m in signed_mentions(bio)] == expected


def test_units_in_dutch_and_english():
    assert department_unit("Werken bij de gemeente") == "recruitment"
    assert department_unit("Careers at Acme") == "recruitment"
    assert department_unit("Klantenservice van Acme") == "customer_service"
    assert department_unit("Politie regio Utrecht") == "region"
    assert department_unit("Gemeente Voorbeeldstad") is None
    # An official account that names its jobs account is not itself the jobs account.
    assert own_unit("Koffiebrander", "koffiebrander", "Vacatures: @koffiebrander_jobs") is None
    assert own_unit("Koffiebrander", "koffiebrander_jobs", None) == "recruitment"


def test_domain_matching():
    assert host_in_domain("werkenbij.voorbeeldstad.nl", "voorbeeldstad.nl")
    assert host_in_domain("www.voorbeeldstad.nl", "voorbeeldstad.nl")
    assert not host_in_domain("voorbeeldstad.nl.evil.com", "voorbeeldstad.nl")
    assert not host_in_domain("notvoorbeeldstad.nl", "voorbeeldstad.nl")
    assert url_in_domain("voorbeeldstad.nl/contact", "voorbeeldstad.nl")
    assert text_links_to_domain("q=https%3A%2F%2Fwww.voorbeeldstad.nl%2F", "voorbeeldstad.nl")
