"""URL parser cases: every supported shape of every platform, and the traps that are not accounts."""
from __future__ import annotations

import pytest

from collectors.urlparsers import PARSERS, ProfileRef, parse_profile_url

P, F, S, O, I, PE = "profile", "follow_intent", "share", "other", "person", "post"

CASES = [
    # X / Twitter
    ("https://twitter.com/GemeenteUtrecht", ("x", "gemeenteutrecht", P)),
    ("https://x.com/GemeenteUtrecht?s=21", ("x", "gemeenteutrecht", P)),
    ("HTTPS://WWW.TWITTER.COM/NOS/", ("x", "nos", P)),
    ("https://mobile.twitter.com/nos", ("x", "nos", P)),
    ("http://twitter.com/#!/rijksoverheid", ("x", "rijksoverheid", P)),
    ("https://twitter.com/@politie", ("x", "politie", P)),
    ("https://twitter.com/bbcnews%20", ("x", "bbcnews", P)),
    ("//twitter.com/ANWB?lang=nl", ("x", "anwb", P)),
    ("twitter.com/ANWB", ("x", "anwb", P)),
    ("https://twitter.com/intent/follow?screen_name=KNMI", ("x", "knmi", F)),
    ("https://twitter.com/intent/user?screen_name=@KNMI", ("x", "knmi", F)),
    ("https://x.com/nos/status/1700000000000000000", ("x", "nos", PE)),
    ("https://twitter.com/intent/tweet?text=hoi&via=nos", ("x", "", S)),
    ("https://twitter.com/share?url=https://a.nl", ("x", "", S)),
    ("http://twitter.com/home/?status=Lees%20dit", ("x", "", S)),
    ("https://twitter.com/hashtag/verkiezingen", ("x", "", O)),
    ("https://twitter.com/search?q=nos", ("x", "", O)),
    ("https://twitter.com/i/web/status/123", ("x", "", PE)),
    ("https://twitter.com/settings", ("x", "", O)),
    ("https://twitter.com/", ("x", "", O)),
    ("https://platform.twitter.com/widgets.js", ("x", "", O)),
    ("https://twitter.com/nos/lists/redactie", ("x", "nos", O)),
    # Facebook
    ("https://www.facebook.com/gemeenteamsterdam/", ("facebook", "gemeenteamsterdam", P)),
    ("https://nl-nl.facebook.com/Gemeente.Amsterdam", ("facebook", "gemeente.amsterdam", P)),
    ("https://en-gb.facebook.com/bbcnews", ("facebook", "bbcnews", P)),
    ("https://m.facebook.com/nos?ref=footer", ("facebook", "nos", P)),
    ("https://www.facebook.com/profile.php?id=100064123456789", ("facebook", "id:100064123456789", P)),
    ("https://www.facebook.com/pages/Gemeente-Ede/123456789012", ("facebook", "id:123456789012", P)),
    ("https://www.facebook.com/pages/category/Government/Gemeente-Ede-123456789012/", ("facebook", "id:123456789012", P)),
    ("https://www.facebook.com/123456789012", ("facebook", "id:123456789012", P)),
    ("https://www.facebook.com/Stadsarchief-Breda-123456789012", ("facebook", "stadsarchief-breda-123456789012", P)),
    ("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fa.nl", ("facebook", "", S)),
    ("https://www.facebook.com/sharer.php?u=x", ("facebook", "", S)),
    ("https://www.facebook.com/dialog/share?app_id=1", ("facebook", "", S)),
    ("https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fdeventer&tabs=timeline",
     ("facebook", "deventer", P)),
    ("https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fa.nl%2Fnieuws", ("facebook", "", O)),
    ("https://www.facebook.com/tr?id=123&ev=PageView&noscript=1", ("facebook", "", O)),
    ("https://www.facebook.com/groups/fietsers/", ("facebook", "", O)),
    ("https://www.facebook.com/events/123/", ("facebook", "", O)),
    ("https://www.facebook.com/nos/posts/10159", ("facebook", "nos", PE)),
    ("https://www.facebook.com/nos/videos/123/", ("facebook", "nos", PE)),
    ("https://developers.facebook.com/docs/plugins/", ("facebook", "", O)),
    ("https://www.facebook.com/WordPresscom", ("facebook", "", O)),
    # Instagram
    ("https://www.instagram.com/rijksmuseum/", ("instagram", "rijksmuseum", P)),
    ("https://instagram.com/Rijks.Museum?igshid=abc", ("instagram", "rijks.museum", P)),
    ("https://www.instagram.com/p/Cx1y2z3/", ("instagram", "", PE)),
    ("https://www.instagram.com/reel/Cx1y2z3/", ("instagram", "", PE)),
    ("https://www.instagram.com/explore/tags/amsterdam/", ("instagram", "", O)),
    ("https://www.instagram.com/rijksmuseum/p/Cx1y2z3/", ("instagram", "rijksmuseum", PE)),
    # LinkedIn
    ("https://www.linkedin.com/company/gemeente-utrecht/", ("linkedin", "company:gemeente-utrecht", P)),
    ("https://nl.linkedin.com/company/gemeente-utrecht?trk=public", ("linkedin", "company:gemeente-utrecht", P)),
    ("https://de.linkedin.com/company/stadtwerke-m%C3%BCnchen", ("linkedin", "company:stadtwerke-münchen", P)),
    ("https://www.linkedin.com/company/Université-Lyon/", ("linkedin", "company:université-lyon", P)),
    ("https://www.linkedin.com/company/697052/", ("linkedin", "company:697052", P)),
    ("https://www.linkedin.com/school/universiteit-utrecht/", ("linkedin", "school:universiteit-utrecht", P)),
    ("https://www.linkedin.com/showcase/nos-jeugdjournaal/", ("linkedin", "showcase:nos-jeugdjournaal", P)),
    ("https://www.linkedin.com/in/jan-de-vries-123/", ("linkedin", "in:jan-de-vries-123", I)),
    ("https://www.linkedin.com/shareArticle?mini=true&url=x", ("linkedin", "", S)),
    ("https://www.linkedin.com/sharing/share-offsite/?url=x", ("linkedin", "", S)),
    ("https://www.linkedin.com/feed/update/urn:li:activity:1/", ("linkedin", "", PE)),
    # YouTube
    ("https://www.youtube.com/@NOS", ("youtube", "@nos", P)),
    ("https://www.youtube.com/channel/UCk9W6AQ0Xg1K2gW2vqRg8Ow", ("youtube", "channel:UCk9W6AQ0Xg1K2gW2vqRg8Ow", P)),
    ("https://www.youtube.com/channel/UCk9W6AQ0Xg1K2gW2vqRg8Ow/videos", ("youtube", "channel:UCk9W6AQ0Xg1K2gW2vqRg8Ow", P)),
    ("https://www.youtube.com/c/GemeenteRotterdam", ("youtube", "c:gemeenterotterdam", P)),
    ("https://www.youtube.com/user/Minoritenplatz8?sub_confirmation=1", ("youtube", "user:minoritenplatz8", P)),
    ("https://www.youtube.com/losangelestimes", ("youtube", "c:losangelestimes", P)),
    ("https://www.youtube.com/user/nos/feed", ("youtube", "user:nos", P)),
    ("https://www.youtube.com/watch?v=abc", ("youtube", "", PE)),
    ("https://www.youtube.com/embed/abc", ("youtube", "", PE)),
    ("https://www.youtube.com/playlist?list=PL1", ("youtube", "", PE)),
    ("https://youtu.be/abc", ("youtube", "", PE)),
    ("https://www.youtube.com/results?search_query=nos", ("youtube", "", O)),
    # TikTok, Threads, Bluesky
    ("https://www.tiktok.com/@nos", ("tiktok", "nos", P)),
    ("https://www.tiktok.com/@nos/video/7300000000000000000", ("tiktok", "nos", PE)),
    ("https://www.tiktok.com/embed/v2/123", ("tiktok", "", O)),
    ("https://www.threads.net/@nos", ("threads", "nos", P)),
    ("https://www.threads.com/@NOS", ("threads", "nos", P)),
    ("https://www.threads.net/@nos/post/Cx1", ("threads", "nos", PE)),
    ("https://www.threads.net/intent/post?text=x", ("threads", "", S)),
    ("https://bsky.app/profile/nos.nl", ("bluesky", "nos.nl", P)),
    ("https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur", ("bluesky", "did:plc:z72i7hdynmk6r22z27h6tvur", P)),
    ("https://bsky.app/profile/nos.nl/post/3k", ("bluesky", "nos.nl", PE)),
    ("https://bsky.app/intent/compose?text=x", ("bluesky", "", S)),
    # Mastodon and look-alikes
    ("https://mastodon.social/@Gargron", ("mastodon", "gargron@mastodon.social", P)),
    ("https://social.overheid.nl/@rijksoverheid", ("mastodon", "rijksoverheid@social.overheid.nl", P)),
    ("https://mastodon.nl/users/nos", ("mastodon", "nos@mastodon.nl", P)),
    ("https://mastodon.social/@nos@mastodon.nl", ("mastodon", "nos@mastodon.nl", P)),
    ("https://mastodon.social/@nos/111222333", ("mastodon", "nos@mastodon.social", PE)),
    ("https://medium.com/@jan", None),
    ("https://flipboard.com/@nos", None),
    ("https://unsplash.com/@fotograaf", None),
    ("https://www.newsbreak.com/@c/1234-nieuws", None),
    ("https://cdn.jsdelivr.net/npm/@scope/pkg@1/dist/x.js", None),
    ("https://unpkg.com/@scope/pkg", None),
    ("https://www.google.com/maps/@52.09,5.12,17z", None),
    ("https://www.google.nl/maps/place/x/@52.09,5.12,17z", None),
    ("https://example.nl/@52.09,5.12", None),
    # Pinterest
    ("https://www.pinterest.com/rijksmuseum/", ("pinterest", "rijksmuseum", P)),
    ("https://www.pinterest.ca/cbcnews/", ("pinterest", "cbcnews", P)),
    ("https://www.pinterest.co.uk/bbcgoodfood/", ("pinterest", "bbcgoodfood", P)),
    ("https://nl.pinterest.com/anwb/", ("pinterest", "anwb", P)),
    ("https://www.pinterest.de/zdf/_created/", ("pinterest", "zdf", P)),
    ("https://www.pinterest.com/pin/123456/", ("pinterest", "", PE)),
    ("https://www.pinterest.com/pin/create/button/?url=x", ("pinterest", "", S)),
    ("https://assets.pinterest.com/js/pinit.js", ("pinterest", "", O)),
    # GitHub, Xing, Telegram
    ("https://github.com/minvws", ("github", "minvws", P)),
    ("https://github.com/minvws/nl-covid19-notification-app", ("github", "minvws", O)),
    ("https://github.com/orgs/minvws", ("github", "minvws", P)),
    ("https://gist.github.com/jan/abc", ("github", "", O)),
    ("https://www.xing.com/companies/stadtwerkemuenchen", ("xing", "stadtwerkemuenchen", P)),
    ("https://www.xing.com/pages/ndr", ("xing", "ndr", P)),
    ("https://www.xing.com/profile/Doris_Schuppe", ("xing", "profile:doris_schuppe", I)),
    ("https://www.xing.com/spi/shares/new?url=x", ("xing", "", S)),
    ("https://t.me/nos_nieuws", ("telegram", "nos_nieuws", P)),
    ("https://t.me/s/nos_nieuws", ("telegram", "nos_nieuws", P)),
    ("https://t.me/joinchat/AAAAAE", ("telegram", "", O)),
    ("https://t.me/+AbCdEf", ("telegram", "", O)),
    ("https://t.me/share/url?url=x", ("telegram", "", S)),
    # Vimeo, Flickr, WhatsApp, Snapchat, Spotify, SoundCloud, Twitch
    ("https://vimeo.com/rijksmuseum", ("vimeo", "rijksmuseum", P)),
    ("https://vimeo.com/channels/staffpicks", ("vimeo", "channel:staffpicks", P)),
    ("https://vimeo.com/123456", ("vimeo", "", PE)),
    ("https://player.vimeo.com/video/123", ("vimeo", "", PE)),
    ("https://www.flickr.com/photos/minoritenplatz8/", ("flickr", "minoritenplatz8", P)),
    ("https://www.flickr.com/photos/12345678@N02/", ("flickr", "12345678@N02", P)),
    ("https://www.flickr.com/people/nasa/", ("flickr", "nasa", P)),
    ("https://www.flickr.com/photos/nasa/5432", ("flickr", "nasa", PE)),
    ("https://www.whatsapp.com/channel/0029VaAbCdEf1234", ("whatsapp", "0029vaabcdef1234", P)),
    ("https://wa.me/31612345678", ("whatsapp", "", O)),
    ("https://wa.me/?text=Lees%20dit", ("whatsapp", "", S)),
    ("https://api.whatsapp.com/send?text=x", ("whatsapp", "", S)),
    ("https://www.snapchat.com/add/nos", ("snapchat", "nos", P)),
    ("https://www.snapchat.com/discover/NOS/123", ("snapchat", "discover:nos", P)),
    ("https://open.spotify.com/show/0vT7LJMeVDxyQ2ZamHKu08?si=abc", ("spotify", "show:0vT7LJMeVDxyQ2ZamHKu08", P)),
    ("https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF", ("spotify", "artist:0OdUWJ0sBjDrqHygGUXeCF", P)),
    ("https://open.spotify.com/user/nosnl", ("spotify", "user:nosnl", P)),
    ("https://open.spotify.com/episode/abc", ("spotify", "", PE)),
    ("https://soundcloud.com/nos-radio", ("soundcloud", "nos-radio", P)),
    ("https://soundcloud.com/nos-radio/uitzending-1", ("soundcloud", "nos-radio", PE)),
    ("https://www.twitch.tv/nos", ("twitch", "nos", P)),
    ("https://www.twitch.tv/videos/123", ("twitch", "", PE)),
    # not platforms here
    ("https://plus.google.com/+NOS", None),
    ("https://nos.tumblr.com/", None),
    ("https://www.reddit.com/r/thenetherlands/", None),
    ("https://www.reddit.com/user/nos", None),
    ("https://example.nl/over-ons", None),
    ("mailto:info@example.nl", None),
    ("javascript:void(0)", None),
    ("", None),
]


@pytest.mark.parametrize("url,expected", CASES, ids=[c[0][:70] or "empty" for c in CASES])
def test_shapes(url, expected):
    ref = parse_profile_url(url)
    got = None if ref is None else (ref.platform, ref.handle, ref.kind)
    assert got == expected


def test_relative_url_resolves_against_base():
    ref = parse_profile_url("/@redactie", base="https://mastodon.nl/about")
    assert ref == ProfileRef("mastodon", "redactie@mastodon.nl", "https://mastodon.nl/@redactie", "profile")


@pytest.mark.parametrize("url,canonical", [
    ("http://twitter.com/#!/NOS", "https://x.com/nos"),
    ("https://nl-nl.facebook.com/pages/Gemeente-Ede/123456789012", "https://www.facebook.com/profile.php?id=123456789012"),
    ("https://nl.linkedin.com/company/gemeente-utrecht?trk=x", "https://www.linkedin.com/company/gemeente-utrecht/"),
    ("https://m.youtube.com/user/NOS/videos", "https://www.youtube.com/user/nos"),
    ("https://MASTODON.social/@Gargron/", "https://mastodon.social/@gargron"),
])
def test_canonical_urls(url, canonical):
    assert parse_profile_url(url).url == canonical


@pytest.mark.parametrize("junk", [None, 42, b"https://x.com/nos", "http://[::1", "https://", "http://%zz/",
                                  "https://x.com/" + "a" * 5000, "\x00\x01", "https://@/", ["x.com/nos"]])
def test_never_raises(junk):
    assert parse_profile_url(junk) is None or isinstance(parse_profile_url(junk), ProfileRef)


def test_every_platform_module_is_registered():
    from analyzer.core.types import PLATFORMS

    assert {m.PLATFORM for m in PARSERS} == set(PLATFORMS)
