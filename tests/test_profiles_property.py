"""Property tests: the parsers never raise, and every generated profile URL of every supported shape
parses back to the handle it was made from."""
from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from collectors import urlparsers as profiles
from collectors.urlparsers import ProfileRef, parse_profile_url
from collectors.urlparsers._ref import PLACEHOLDERS

HOSTS = ["twitter.com", "x.com", "facebook.com", "nl-nl.facebook.com", "instagram.com", "linkedin.com",
         "youtube.com", "tiktok.com", "threads.net", "bsky.app", "pinterest.ca", "github.com", "xing.com", "t.me",
         "vimeo.com", "flickr.com", "whatsapp.com", "wa.me", "snapchat.com", "open.spotify.com", "soundcloud.com",
         "twitch.tv", "mastodon.social", "medium.com", "example.nl"]


def _slug(alphabet: str, lo: int, hi: int, first: str = "abcdefghijklmnopqrstuvwxyz"):
    return st.builds(lambda a, b: a + b, st.sampled_from(first), st.text(alphabet, min_size=lo - 1, max_size=hi - 1))


LOWER = "abcdefghijklmnopqrstuvwxyz0123456789"
DIGITS = st.integers(min_value=100_000, max_value=10**15).map(str)
CHANNEL = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", min_size=22, max_size=22).map(
    lambda s: "UC" + s)
NSID = st.builds(lambda a, b: f"{a}@N{b:02d}", st.integers(10_000_000, 999_999_999), st.integers(0, 99))
# (platform, name strategy, URL templates, expected handle). {H}: the name in random case.
# Expected None: mastodon, user@instance taken from the URL.
SHAPES = [
    ("x", _slug(LOWER + "_", 1, 15), ["https://twitter.com/{h}", "https://x.com/{H}", "https://mobile.twitter.com/{h}",
                                      "http://twitter.com/#!/{H}", "https://twitter.com/@{h}", "twitter.com/{h}",
                                      "https://twitter.com/intent/follow?screen_name={H}",
                                      "https://twitter.com/intent/user?screen_name={h}"], "{h}"),
    ("facebook", _slug(LOWER + ".", 5, 40), ["https://www.facebook.com/{H}", "https://de-de.facebook.com/{h}",
                                             "https://m.facebook.com/{h}", "//www.facebook.com/{h}"], "{h}"),
    ("facebook", DIGITS, ["https://www.facebook.com/profile.php?id={h}", "https://www.facebook.com/pages/Stad-X/{h}",
                          "https://www.facebook.com/{h}"], "id:{h}"),
    ("instagram", _slug(LOWER + "._", 1, 30), ["https://www.instagram.com/{H}", "https://instagram.com/{h}"], "{h}"),
    ("linkedin", _slug(LOWER + "-", 2, 60), ["https://www.linkedin.com/company/{H}", "https://nl.linkedin.com/company/{h}"],
     "company:{h}"),
    ("linkedin", _slug(LOWER + "-", 2, 60), ["https://www.linkedin.com/school/{h}/"], "school:{h}"),
    ("linkedin", _slug(LOWER + "-", 2, 60), ["https://www.linkedin.com/showcase/{H}/"], "showcase:{h}"),
    ("linkedin", _slug(LOWER + "-", 2, 60), ["https://www.linkedin.com/in/{h}/"], "in:{h}"),
    ("youtube", _slug(LOWER + "_", 3, 30), ["https://www.youtube.com/@{H}", "https://m.youtube.com/@{h}"], "@{h}"),
    ("youtube", CHANNEL, ["https://www.youtube.com/channel/{h}", "https://www.youtube.com/channel/{h}/videos"],
     "channel:{h}"),
    ("youtube", _slug(LOWER, 3, 30), ["https://www.youtube.com/user/{H}?sub_confirmation=1"], "user:{h}"),
    ("youtube", _slug(LOWER, 3, 30), ["https://www.youtube.com/c/{H}/featured"], "c:{h}"),
    ("tiktok", _slug(LOWER + "._", 2, 24), ["https://www.tiktok.com/@{H}"], "{h}"),
    ("threads", _slug(LOWER + "._", 2, 30), ["https://www.threads.net/@{h}", "https://www.threads.com/@{H}"], "{h}"),
    ("bluesky", _slug(LOWER + "-", 2, 20), ["https://bsky.app/profile/{H}.bsky.social"], "{h}.bsky.social"),
    ("bluesky", _slug("abcdefghijklmnopqrstuvwxyz234567", 24, 24), ["https://bsky.app/profile/did:plc:{h}"],
     "did:plc:{h}"),
    ("mastodon", _slug(LOWER + "_", 1, 30), ["https://mastodon.social/@{H}", "https://social.example.org/users/{h}"],
     None),
    ("pinterest", _slug(LOWER + "_", 3, 30), ["https://www.pinterest.com/{H}/", "https://www.pinterest.co.uk/{h}"], "{h}"),
    ("github", _slug(LOWER + "-", 1, 39), ["https://github.com/{H}"], "{h}"),
    ("xing", _slug(LOWER + "-", 2, 40), ["https://www.xing.com/companies/{h}", "https://www.xing.com/pages/{H}"], "{h}"),
    ("xing", _slug(LOWER + "_", 2, 40), ["https://www.xing.com/profile/{H}"], "profile:{h}"),
    ("telegram", _slug(LOWER + "_", 5, 32), ["https://t.me/{H}", "https://telegram.me/{h}", "https://t.me/s/{h}"], "{h}"),
    ("vimeo", _slug(LOWER + "_", 3, 30), ["https://vimeo.com/{H}"], "{h}"),
    ("flickr", _slug(LOWER + "_", 3, 30), ["https://www.flickr.com/photos/{H}/", "https://www.flickr.com/people/{h}"], "{h}"),
    ("flickr", NSID, ["https://www.flickr.com/photos/{h}/"], "{h}"),
    ("whatsapp", _slug(LOWER, 16, 24, "0"), ["https://www.whatsapp.com/channel/{H}"], "{h}"),
    ("snapchat", _slug(LOWER + "_", 3, 15), ["https://www.snapchat.com/add/{H}"], "{h}"),
    ("snapchat", _slug(LOWER, 3, 15), ["https://www.snapchat.com/discover/{H}/1234567"], "discover:{h}"),
    ("spotify", _slug(LOWER, 22, 22), ["https://open.spotify.com/show/{h}?si=abc"], "show:{h}"),
    ("spotify", _slug(LOWER, 22, 22), ["https://open.spotify.com/artist/{h}"], "artist:{h}"),
    ("soundcloud", _slug(LOWER + "-", 3, 30), ["https://soundcloud.com/{H}"], "{h}"),
    ("twitch", _slug(LOWER + "_", 4, 25), ["https://www.twitch.tv/{H}"], "{h}"),
]
MODULES = {m.PLATFORM: m for m in profiles.PARSERS}


@st.composite
def profile_url(draw):
    platform, names, templates, expected = draw(st.sampled_from(SHAPES))
    name = draw(names)
    reserved = getattr(MODULES[platform], "RESERVED", set())
    assume(name not in reserved and name not in PLACEHOLDERS and not name.replace(".", "").isdigit() or
           expected == "id:{h}")
    template = draw(st.sampled_from(templates))
    shown = "".join(c.upper() if draw(st.booleans()) else c for c in name) if "{H}" in template else name
    suffix = draw(st.sampled_from(["", "/", "?utm_source=site", "/?hl=nl"])) if "?" not in template else ""
    url = template.replace("{H}", shown).replace("{h}", name) + suffix
    if expected is None:  # mastodon: user@instance
        want = f"{name}@{url.split('/')[2]}"
    else:
        want = expected.replace("{h}", name)
    return platform, url, want


@settings(max_examples=600, deadline=None)
@given(profile_url())
def test_generated_profile_urls_round_trip(case):
    platform, url, want = case
    ref = parse_profile_url(url)
    assert ref is not None, url
    assert (ref.platform, ref.handle) == (platform, want), url
    assert ref.kind in ("profile", "follow_intent", "person")
    again = parse_profile_url(ref.url)  # the canonical URL gives the same account
    assert again is not None and (again.platform, again.handle) == (platform, want), ref.url


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text):
    got = parse_profile_url(text)
    assert got is None or isinstance(got, ProfileRef)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(["http", "https", "HTTPS", "ftp", ""]), st.sampled_from(HOSTS + ["www." + h for h in HOSTS]),
       st.lists(st.text(min_size=0, max_size=25), max_size=5), st.text(max_size=40), st.text(max_size=20))
def test_never_raises_on_platform_like_urls(scheme, host, segments, query, fragment):
    url = f"{scheme}://{host}/" + "/".join(segments) + "?" + query + "#" + fragment
    got = parse_profile_url(url)
    assert got is None or isinstance(got, ProfileRef)
    if got is not None and got.kind in ("profile", "follow_intent", "person"):
        assert got.handle, url


@settings(max_examples=300, deadline=None)
@given(profile_url())
def test_fast_prefilter_never_drops_a_profile(case):
    from collectors.urlparsers import might_be_profile

    assert might_be_profile(case[1])


@settings(max_examples=300, deadline=None)
@given(profile_url())
def test_profile_url_of_a_handle_parses_back(case):
    from collectors.urlparsers import profile_url as build

    platform, _, want = case
    ref = parse_profile_url(build(platform, want))
    assert ref is not None and (ref.platform, ref.handle) == (platform, want)
