"""discover() on small hand-written Dutch and English pages: where a link sits decides its role."""
from __future__ import annotations

from collectors.website.discovery import LOCATIONS, ROLES, Sighting, discover, roles_by_account

GEMEENTE = """<!DOCTYPE html>
<html lang="nl"><head>
<meta charset="utf-8"><title>Gemeente Zandvoorde - Nieuws</title>
<meta name="twitter:site" content="@GemZandvoorde">
<link rel="me" href="https://social.overheid.nl/@zandvoorde">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","@id":"https://www.zandvoorde.nl/#website","publisher":{"@id":"https://www.zandvoorde.nl/#org"}},
  {"@type":"GovernmentOrganization","@id":"https://www.zandvoorde.nl/#org","name":"Gemeente Zandvoorde",
   "sameAs":["https://www.linkedin.com/company/gemeente-zandvoorde/","https://www.youtube.com/@GemeenteZandvoorde"]}]}
</script>
<script type="application/ld+json">{"@type": "Organization", "sameAs": ["https://x.com/kapot" ,,, </script>
<script type="application/ld+json">{"@type":"Organization","sameAs":"https://www.tiktok.com/@zandvoorde"}</script>
</head><body class="home">
<header class="site-header"><nav><ul class="social">
  <li><a href="https://twitter.com/GemZandvoorde" aria-label="X">X</a></li>
  <li><a href="https://www.facebook.com/gemeentezandvoorde/">Facebook</a></li>
</ul></nav></header>
<main><article class="nieuwsbericht">
  <h1>Nieuwe fietsbrug open</h1>
  <p>Wethouder De Vries opende de brug. Bekijk ook de
     <a href="https://www.google.com/maps/@52.37,4.53,17z">kaart</a> en het verslag van
     <a href="https://medium.com/@fietsersbond">de Fietsersbond</a>.</p>
  <div class="deel-knoppen share-buttons">
    <a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.zandvoorde.nl%2Fbrug">Deel op Facebook</a>
    <a href="https://twitter.com/intent/tweet?text=Fietsbrug&via=GemZandvoorde">Deel op X</a>
    <a href="https://www.linkedin.com/shareArticle?mini=true&url=x">Deel op LinkedIn</a>
    <a href="https://api.whatsapp.com/send?text=Fietsbrug">Deel via WhatsApp</a>
  </div>
</article>
<aside class="sidebar">
  <iframe src="https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fgemeentezandvoorde&amp;tabs=timeline"></iframe>
  <div class="fb-page" data-href="https://www.facebook.com/zandvoordebibliotheek"></div>
</aside></main>
<footer id="footer"><p>Volg ons op</p><ul>
  <li><a href="https://www.instagram.com/gemeentezandvoorde/">Instagram</a></li>
  <li><a href="https://social.overheid.nl/@zandvoorde" rel="me">Mastodon</a></li>
  <li><a href="https://twitter.com/GemZandvoorde">X</a></li>
</ul></footer>
</body></html>"""

ARTICLE = """<html><head>
<meta property="og:type" content="article">
<meta name="twitter:site" content="@DailyHarbour">
<meta name="twitter:creator" content="@janedoe_writes">
<meta property="article:publisher" content="https://www.facebook.com/dailyharbour">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry strike",
 "author":{"@type":"Person","name":"Jane Doe","sameAs":["https://twitter.com/janedoe_writes"]},
 "publisher":{"@type":"NewsMediaOrganization","name":"The Daily Harbour","sameAs":["https://www.instagram.com/dailyharbour"]}}
</script></head>
<body>
<div id="masthead"><a href="/">The Daily Harbour</a></div>
<article>
  <header class="article-header"><div class="byline">By <a href="https://twitter.com/janedoe_writes">Jane Doe</a></div></header>
  <p>The union said on <a href="https://twitter.com/harbourunion">@harbourunion</a> that talks failed.</p>
  <blockquote class="twitter-tweet"><p>Talks failed today.</p>&mdash; Harbour Union (@harbourunion)
    <a href="https://twitter.com/harbourunion/status/1700000000000000000">May 1, 2024</a></blockquote>
  <p>Follow us on <a href="https://www.threads.net/@dailyharbour">Threads</a> and
     <a href="https://bsky.app/profile/dailyharbour.com">Bluesky</a>.</p>
  <footer class="author-card"><a href="https://www.linkedin.com/in/jane-doe-journalist/">LinkedIn</a>
     <a href="https://www.instagram.com/janedoe.photos/">Instagram</a></footer>
</article>
<div class="site-footer">
  <a href="https://twitter.com/intent/follow?screen_name=DailyHarbour">Follow @DailyHarbour</a>
  <a href="https://www.facebook.com/dailyharbour">Facebook</a>
  <a href="https://www.youtube.com/user/DailyHarbourTV?sub_confirmation=1">YouTube</a>
  <a href="https://github.com/dailyharbour/newsroom-tools">Our code</a>
</div></body></html>"""


def _by_account(sightings: list[Sighting]) -> dict[tuple[str, str], str]:
    return roles_by_account(sightings)


def _official(sightings):
    return {k for k, role in _by_account(sightings).items() if role == "official"}


def test_dutch_municipality_page():
    found = discover(GEMEENTE, "https://www.zandvoorde.nl/nieuws/brug", "www.zandvoorde.nl")
    assert _official(found) == {
        ("x", "gemzandvoorde"), ("facebook", "gemeentezandvoorde"), ("instagram", "gemeentezandvoorde"),
        ("mastodon", "zandvoorde@social.overheid.nl"), ("linkedin", "company:gemeente-zandvoorde"),
        ("youtube", "@gemeentezandvoorde"), ("tiktok", "zandvoorde"), ("facebook", "zandvoordebibliotheek"),
    }
    where = {(s.platform, s.handle, s.location) for s in found}
    assert ("x", "gemzandvoorde", "header") in where and ("x", "gemzandvoorde", "footer") in where
    assert ("x", "gemzandvoorde", "meta") in where
    assert ("mastodon", "zandvoorde@social.overheid.nl", "rel_me") in where
    assert ("facebook", "zandvoordebibliotheek", "widget") in where   # data-href like-box widget
    assert ("facebook", "gemeentezandvoorde", "widget") in where      # decoded from the page plugin iframe
    assert ("tiktok", "zandvoorde", "jsonld") in where                # the block after the broken one
    assert all(s.kind in ("profile", "follow_intent", "person") for s in found)
    assert not any(s.platform == "whatsapp" or s.handle == "kapot" for s in found)


def test_one_sighting_per_account_and_location():
    found = discover(GEMEENTE, "https://www.zandvoorde.nl/", "www.zandvoorde.nl")
    keys = [(s.platform, s.handle, s.location) for s in found]
    assert len(keys) == len(set(keys))
    assert all(s.location in LOCATIONS and s.role in ROLES for s in found)
    assert all(s.page_url == "https://www.zandvoorde.nl/" for s in found)


def test_english_article_roles():
    found = discover(ARTICLE.encode("utf-8"), "https://www.dailyharbour.com/ferry", "www.dailyharbour.com")
    roles = _by_account(found)
    assert roles[("x", "dailyharbour")] == "official"            # twitter:site and a follow intent
    assert roles[("facebook", "dailyharbour")] == "official"
    assert roles[("instagram", "dailyharbour")] == "official"    # JSON-LD publisher sameAs
    assert roles[("youtube", "user:dailyharbourtv")] == "official"
    assert roles[("threads", "dailyharbour")] == "official"      # "Follow us on" closing line
    assert roles[("bluesky", "dailyharbour.com")] == "official"
    assert roles[("x", "janedoe_writes")] == "staff"              # byline, twitter:creator, JSON-LD author
    assert roles[("linkedin", "in:jane-doe-journalist")] == "staff"
    assert roles[("instagram", "janedoe.photos")] == "staff"      # author card
    assert roles[("x", "harbourunion")] == "other"                # cited and embedded, not ours
    assert not any(s.platform == "github" for s in found)         # a repository is not a profile
    intent = [s for s in found if s.kind == "follow_intent"]
    assert [(s.handle, s.location, s.role) for s in intent] == [("dailyharbour", "footer", "official")]


def test_excerpt_keeps_anchor_text_and_place():
    found = discover(ARTICLE, "https://www.dailyharbour.com/ferry", "www.dailyharbour.com")
    byline = next(s for s in found if s.handle == "janedoe_writes" and s.location == "body")
    # What a reader sees around the link, never the markup path (`div.byline < article`).
    assert "Jane Doe" in byline.excerpt and "byline" not in byline.excerpt and " < " not in byline.excerpt
    creator = next(s for s in found if s.handle == "janedoe_writes" and s.location == "meta")
    assert "twitter:creator" in creator.excerpt


def test_platform_page_has_no_official_accounts():
    page = '<html><body><footer><a href="https://www.facebook.com/bezoekzandvoorde">Pagina</a></footer></body></html>'
    found = discover(page, "https://www.facebook.com/bezoekzandvoorde", "www.facebook.com")
    assert found and all(s.role == "other" for s in found)


def test_mastodon_shaped_paths_on_the_site_itself_are_not_accounts():
    page = """<html><body><nav><a href="https://www.krant.nl/@login">Inloggen</a>
      <a href="https://api.krant.nl/@abonnee">Abonnee</a></nav>
      <footer><a href="https://mastodon.krant.nl/@krant">Mastodon</a></footer></body></html>"""
    found = discover(page, "https://www.krant.nl/", "www.krant.nl")
    assert {(s.platform, s.handle) for s in found} == {("mastodon", "krant@mastodon.krant.nl")}


def test_social_menu_in_a_sidebar_is_official_but_prose_is_not():
    page = """<html><body><div class="content"><p>Wij spraken met <a href="https://twitter.com/piet">Piet</a> en
      <a href="https://www.instagram.com/marie">Marie</a> over hun werk in de wijk, lees het hele verhaal hier.
      Het gesprek duurde twee uur en ging over veel meer dan alleen de buurt.</p></div>
      <div class="iconen"><a href="https://twitter.com/wijkcentrum">X</a>
      <a href="https://www.instagram.com/wijkcentrum">IG</a></div></body></html>"""
    roles = _by_account(discover(page, "https://wijkcentrum.nl/", "wijkcentrum.nl"))
    assert roles[("x", "wijkcentrum")] == roles[("instagram", "wijkcentrum")] == "official"
    assert roles[("x", "piet")] == roles[("instagram", "marie")] == "other"


def test_microdata_and_script_data():
    page = """<html><body><div itemscope itemtype="https://schema.org/Organization">
      <link itemprop="sameAs" href="https://www.pinterest.nl/museumzandvoorde/"></div>
      <div itemscope itemtype="https://schema.org/Person"><link itemprop="sameAs" href="https://x.com/conservator_an"></div>
      <script>window.__STATE__={"menu":{"instagram":"https:\\u002F\\u002Fwww.instagram.com\\u002Fmuseumzandvoorde",
      "embeds":["https:\\/\\/twitter.com\\/bezoeker123"]}}</script></body></html>"""
    found = discover(page, "https://www.museumzandvoorde.nl/", "www.museumzandvoorde.nl")
    got = {(s.platform, s.handle, s.location, s.role) for s in found}
    assert ("pinterest", "museumzandvoorde", "microdata", "official") in got
    assert ("x", "conservator_an", "microdata", "staff") in got
    assert ("instagram", "museumzandvoorde", "script", "official") in got
    assert ("x", "bezoeker123", "script", "other") in got
