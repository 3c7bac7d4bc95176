"""Choosing pages: roles by path and link text in four languages, same-site only, within budget."""
from __future__ import annotations

import pytest

from collectors.website.pages import Site, classify, clean_url, plan, sitemap_urls

SITE = Site(domains=frozenset({"org-voorbeeld.nl"}), host="www.org-voorbeeld.nl")
BASE = "https://www.org-voorbeeld.nl"


@pytest.mark.parametrize("path,text,role", [
    ("/over-ons", "", "about"), ("/ueber-uns", "", "about"), ("/a-propos", "", "about"), ("/x", "About us", "about"),
    ("/contact", "", "contact"), ("/kontakt", "", "contact"), ("/nous-contacter", "", "contact"),
    ("/pers", "", "press"), ("/presse", "", "press"), ("/nieuws", "", "press"),
    ("/werken-bij", "", "careers"), ("/karriere", "", "careers"), ("/emplois", "", "careers"), ("/jobs", "", "careers"),
    ("/organisatie", "", "team"), ("/medewerkers", "", "team"), ("/p1", "Ons team", "team"),
    ("/huisregels", "", "policy"), ("/reactiebeleid", "", "policy"), ("/social-media-beleid", "", "policy"),
    ("/netiquette", "", "policy"), ("/p2", "Social media", "policy"),
    ("/webcare", "", "webcare"), ("/klantenservice", "", "webcare"),
    ("/denk-mee", "", "community"), ("/ideeen", "", "community"), ("/co-creatie", "", "community"),
    ("/p3", "Ideeën", "community"), ("/participatie", "", "community"),
    ("/ambassadeurs", "", "ambassador"), ("/influencers", "", "ambassador"), ("/p4", "Word ambassadeur", "ambassador"),
])
def test_roles(path, text, role):
    assert classify(BASE + path, text).role == role


@pytest.mark.parametrize("path,text", [("/producten/fietsen", "Fietsen"), ("/fietsen/over-onze-fietsen", "Lees meer over onze fietsen"),
                                        ("/nieuws/2023/05/12/fiets-van-het-jaar/reacties", "")])
def test_no_role_or_a_weak_one(path, text):
    cand = classify(BASE + path, text)
    assert cand is None or cand.score < 3


def test_plan_is_same_site_within_budget_and_covers_roles_first():
    links = [(f"{BASE}/nieuws/{i}", "") for i in range(20)]
    links += [(f"{BASE}/contact", "Contact"), (f"{BASE}/huisregels", "Huisregels"), (f"{BASE}/over-ons", "Over ons"),
              ("https://www.andere-voorbeeld.nl/contact", "Contact"), (f"{BASE}/contact/", "Contact"),
              ("https://werkenbij.org-voorbeeld.nl/", "Vacatures"), (f"{BASE}/nieuws", "Nieuws")]
    chosen = plan(links, SITE, 5, exclude={"www.org-voorbeeld.nl"})
    urls = [c.url for c in chosen]
    assert len(urls) == 5
    assert urls[:5] == [f"{BASE}/contact", f"{BASE}/huisregels", f"{BASE}/over-ons", "https://werkenbij.org-voorbeeld.nl/",
                        f"{BASE}/nieuws"]
    assert plan(links, SITE, 0, set()) == []


def test_clean_url():
    assert clean_url("/a#b", BASE + "/") == BASE + "/a"
    for href in ("mailto:a@b.nl", "tel:123", "javascript:void(0)", "/folder.pdf", "#top", ""):
        assert clean_url(href, BASE) is None


def test_sitemap_urls_and_bad_sitemaps():
    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b'<url><loc> https://www.org-voorbeeld.nl/contact </loc></url><url><loc>https://www.org-voorbeeld.nl/'
            b'over-ons</loc></url></urlset>')
    assert sitemap_urls(body) == [f"{BASE}/contact", f"{BASE}/over-ons"]
    assert sitemap_urls(b"<sitemapindex><sitemap><loc>https://a.nl/s1.xml</loc></sitemap></sitemapindex>") == []
    assert sitemap_urls(b"<html>not a sitemap") == []
    assert sitemap_urls(b"\x00\xff garbage") == []
    assert sitemap_urls(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset><url><loc>&e;</loc></url></urlset>') == []
