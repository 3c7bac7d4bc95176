"""On-site signal detectors, each in Dutch and English, with the excerpt that shows it; and the
generic words that must not fire."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from collectors.website import onsite, widgets
from collectors.website.document import read_page

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)


def page(body: str, url: str = "https://www.org-voorbeeld.nl/pagina", role: str = "other", title: str = "Pagina"):
    doc = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    return read_page(url, url, role, 200, NOW, doc.encode("utf-8"), "text/html", "utf-8")


def found(p, kind: str) -> list:
    return [e for e in onsite.detect(p) if e.kind == kind]


@pytest.mark.parametrize("body,url,title", [
    ("<h1>Huisregels social media</h1><p>Reacties die beledigend zijn verwijderen wij.</p>", None, "Huisregels"),
    ("<h1>Ons reactiebeleid</h1><p>Wij lezen alle berichten.</p>", None, "Reactiebeleid"),
    ("<h1>Huisregels</h1><p>Op onze Facebook-pagina verwijderen wij reacties met scheldwoorden.</p>", None, "x"),
    ("<h1>Social media policy</h1><p>We welcome comments.</p>", None, "Policy"),
    ("<h2>Community guidelines</h2><p>Comments that are abusive will be hidden from our posts.</p>", None, "About"),
    ("<p>Wij zijn actief op social media.</p>", "https://www.org-voorbeeld.nl/social-media-richtlijnen", "Richtlijnen"),
])
def test_policy_page(body, url, title):
    (ev,) = found(page(body, url or "https://www.org-voorbeeld.nl/pagina", title=title), "policy_page")
    assert ev.excerpt and ev.source_url


@pytest.mark.parametrize("body", [
    "<h1>Huisregels zwembad</h1><p>Douchen voor het zwemmen is verplicht. Geen glas in de zwemzaal.</p>",
    "<h1>House rules</h1><p>Check-out is at 11am. No pets in the rooms.</p>",
])
def test_house_rules_without_social_context_are_no_policy(body):
    assert not found(page(body), "policy_page")


@pytest.mark.parametrize("body,hours", [
    ("<p>Onze webcare is bereikbaar ma-vr 8:00-20:00 via X en Facebook.</p>", "ma-vr 8:00-20:00"),
    ("<p>Stel je vraag via WhatsApp. Ons webcareteam is 24/7 bereikbaar.</p>", "24/7"),
    ("<p>Stuur je vraag via Facebook Messenger. Wij reageren van 8 tot 22 uur.</p>", "van 8 tot 22 uur"),
    ("<p>Message us on Facebook or Instagram. Our team replies Monday to Friday 9am-5pm.</p>",
     "Monday to Friday 9am-5pm"),
    ("<p>Webcare</p><p>Zaterdag en zondag gesloten.</p>", None),
])
def test_webcare_with_hours(body, hours):
    (ev,) = found(page(body), "webcare")
    assert ev.value["hours"] == hours
    assert "webcare" in ev.excerpt.lower() or "us on" in ev.excerpt or "via" in ev.excerpt


def test_webcare_names_channels():
    (ev,) = found(page("<p>Stel je vraag via X of Instagram: ons webcareteam helpt.</p>"), "webcare")
    assert ev.value["channels"] == ["x", "instagram"]


@pytest.mark.parametrize("body,title,vacancy", [
    ("<h2>Vacature: social media adviseur (32 uur)</h2><p>Solliciteer voor 1 mei.</p>", "social media adviseur", True),
    ("<p>Ons team bestaat uit twee webcaremedewerkers en een communitymanager.</p>", "webcaremedewerkers", False),
    ("<h2>Community Manager</h2><p>We're hiring! Apply now.</p>", "Community Manager", True),
    ("<p>Ask Tom, our social media manager.</p>", "social media manager", False),
])
def test_social_role(body, title, vacancy):
    evs = found(page(body), "social_role")
    assert evs[0].value == {"title": title, "vacancy": vacancy}
    assert title in evs[0].excerpt


@pytest.mark.parametrize("body", [
    "<p>Denk mee over het nieuwe park op ons participatieplatform.</p>",
    "<p>Deel je idee op het ideeënplatform van de gemeente.</p>",
    "<p>Join our community forum to ask other customers.</p>",
    '<p><a href="https://community.org-voorbeeld.nl/">Community</a></p>',
    '<p><a href="https://org-voorbeeld.insided.com/">Klantenforum</a></p>',
    '<p><a href="/forum">Forum</a></p>',
])
def test_community_platform(body):
    (ev, *_rest) = found(page(body), "community_platform")
    assert ev.value["url"] and ev.excerpt


@pytest.mark.parametrize("body", [
    '<nav><a href="/community">Community</a> <a href="/sport">Sport</a></nav><p>News from the community.</p>',
    "<p>Wij steunen de lokale community met sponsoring.</p>",
])
def test_generic_community_words_are_not_a_platform(body):
    assert not found(page(body), "community_platform")


@pytest.mark.parametrize("body", [
    "<p>Word ambassadeur van onze stichting en vertel over ons werk.</p>",
    "<p>Ons ambassadeursprogramma telt 40 studenten.</p>",
    "<p>Join our ambassador programme and help us spread the word.</p>",
    "<p>Voor campagnes werken we met lokale influencers uit de regio.</p>",
    "<p>We work with influencers from the neighbourhood on every campaign.</p>",
    "<p>Our employee advocacy programme helps staff share our news.</p>",
    "<p>We work with influencers to reach young people.</p>",
])
def test_ambassador_programme(body):
    (ev,) = found(page(body), "ambassador_programme")
    assert ev.value["title"] and ev.excerpt


@pytest.mark.parametrize("body", [
    "<p>De burgemeester ontving de Nederlandse ambassadeur in Berlijn.</p>",
    "<p>The UK ambassador to France visited the port.</p>",
])
def test_diplomats_are_no_ambassador_programme(body):
    assert not found(page(body), "ambassador_programme")


@pytest.mark.parametrize("body,platform,moved", [
    ("<p>Wij zijn gestopt met X. Je vindt ons nu op Mastodon en Bluesky.</p>", "x", ["mastodon", "bluesky"]),
    ("<p>We zijn niet meer actief op Twitter. Volg ons op LinkedIn.</p>", "x", ["linkedin"]),
    ("<p>Sinds maart posten we niet meer op X.</p>", "x", []),
    ("<p>We have left X. You can find us on Bluesky and Threads instead.</p>", "x", ["bluesky", "threads"]),
    ("<p>We are no longer active on Facebook.</p><p>Follow us on Instagram.</p>", "facebook", ["instagram"]),
    ("<p>We moved from Twitter to Mastodon in 2023.</p>", "x", ["mastodon"]),
])
def test_stopped_platform(body, platform, moved):
    (ev,) = found(page(body), "stopped_platform")
    assert ev.value == {"platform": platform, "moved_to": moved}
    assert ev.platform == platform and ev.excerpt


@pytest.mark.parametrize("body", [
    "<p>De gemeente is gestopt met het ophalen van oud papier.</p>",
    "<p>Minister zegt: 'Ik ben gestopt met X.'</p>",
    "<p>Volg ons op X en Facebook.</p>",
])
def test_no_stop_statement(body):
    assert not found(page(body), "stopped_platform")


def test_embedded_timelines():
    body = ('<a class="twitter-timeline" href="https://twitter.com/OrgVoorbeeld?ref_src=twsrc">Posts</a>'
            '<iframe src="https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Forgvoorbeeld'
            '&tabs=timeline"></iframe>'
            '<div class="fb-page" data-href="https://www.facebook.com/orgvoorbeeld"></div>'
            '<blockquote class="twitter-tweet"><a href="https://twitter.com/iemand/status/1">post</a></blockquote>')
    evs = found(page(body), "embedded_timeline")
    assert {(e.value["platform"], e.value["handle"]) for e in evs} == {("x", "orgvoorbeeld"),
                                                                      ("facebook", "orgvoorbeeld")}


def test_an_embedded_post_is_no_timeline():
    body = '<blockquote class="twitter-tweet"><a href="https://twitter.com/iemand/status/1">post</a></blockquote>'
    assert not found(page(body), "embedded_timeline")


def test_share_buttons_site_wide():
    p1 = page('<a href="https://x.com/orgvoorbeeld">X</a>')
    p2 = page('<a href="https://twitter.com/intent/tweet?text=hoi&via=orgvoorbeeld">Tweet</a>'
              '<a href="https://www.linkedin.com/sharing/share-offsite/?url=https://a.nl">LinkedIn</a>'
              '<div class="a2a_kit addtoany"></div>', url="https://www.org-voorbeeld.nl/nieuws/1")
    ev = widgets.share_buttons([p1, p2])
    assert ev.value == {"platforms": ["x", "linkedin"], "providers": ["addtoany", "a2a_kit"]}
    assert ev.source_url == "https://www.org-voorbeeld.nl/nieuws/1"
    assert widgets.share_buttons([p1]) is None


def test_script_and_style_text_is_not_read():
    body = "<script>var t = 'Wij zijn gestopt met X';</script><style>.webcare{}</style><p>Welkom</p>"
    assert not onsite.detect(page(body))


def test_a_deeply_nested_page_reads_the_same_for_discovery_and_on_site_signals():
    """Past libxml2's depth limit the page is parsed once, flattened, for both readers: the
    on-site signals saw no links and no text where discovery found the account."""
    from collectors.website.discovery import discover_in

    body = ("<div>" * 5000 + '<a href="https://twitter.com/diep">X</a>'
            "<p>Onze webcare is bereikbaar via WhatsApp en X.</p>" + "</div>" * 5000
            + '<footer><a href="https://www.youtube.com/@gemeente">YouTube</a></footer>')
    p = page(body, url="https://www.org-voorbeeld.nl/contact")
    seen = {(s.platform, s.handle) for s in discover_in(p.doc, p.final_url, "www.org-voorbeeld.nl")}
    assert {("x", "diep"), ("youtube", "@gemeente")} <= seen
    assert "webcare is bereikbaar" in p.text()
    hrefs = {a.get("href") for a in p.doc.iter("a")}
    assert {"https://twitter.com/diep", "https://www.youtube.com/@gemeente"} <= hrefs
    assert found(p, "webcare")
