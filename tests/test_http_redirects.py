"""Redirects: every hop recorded, cross-host moves visible, limits and loops stopped."""
import pytest

from collectors.http import FetchError
from tests.http_helpers import fetcher
from tests.servers import html, redirect


def test_hops_are_recorded_and_host_change_is_visible(net):
    net.site("old.nl", {"/": redirect("https://new.nl/start", 301)})
    net.site("new.nl", {"/start": redirect("/home", 302), "/home": html("home")})
    with fetcher(net) as f:
        r = f.get("https://old.nl/")
    assert r.redirects == ("https://old.nl/", "https://new.nl/start")
    assert r.final_url == "https://new.nl/home"
    assert r.hosts == ("old.nl", "new.nl") and r.crossed_hosts


def test_robots_of_the_new_host_is_obeyed(net):
    net.site("old.nl", {"/": redirect("https://new.nl/secret")})
    net.site("new.nl", {"/secret": html("secret")}, robots="User-agent: *\nDisallow: /secret\n")
    with fetcher(net) as f, pytest.raises(FetchError) as info:
        f.get("https://old.nl/")
    assert info.value.reason == "blocked_by_robots"
    assert net.hits("new.nl", "/secret") == 0


def test_endless_redirect_stops_at_the_limit(net):
    net.fallback("deep.nl", lambda req: redirect(f"/r{int(req.path.strip('/r') or 0) + 1}"))
    with fetcher(net, max_redirects=4) as f, pytest.raises(FetchError) as info:
        f.get("https://deep.nl/r0", purpose="api")
    assert info.value.reason == "too_many_redirects"
    assert sum(1 for r in net.log if r.host == "deep.nl") == 5


def test_redirect_loop_is_detected(net):
    net.site("loop.nl", {"/a": redirect("/b"), "/b": redirect("/a")})
    with fetcher(net, max_redirects=20) as f, pytest.raises(FetchError) as info:
        f.get("https://loop.nl/a")
    assert info.value.reason == "redirect_loop"
    assert net.hits("loop.nl", "/a") == 1


def test_cookie_setting_self_redirect_is_followed_once(net):
    def consent(req):
        if "consent=yes" in req.headers.get("cookie", ""):
            return html("welcome")
        return redirect_with_cookie()
    net.site("cookie.nl", {"/": consent})
    with fetcher(net) as f:
        assert f.get("https://cookie.nl/").body == b"welcome"


def redirect_with_cookie():
    reply = redirect("/")
    reply.headers["Set-Cookie"] = "consent=yes; Path=/"
    return reply


def test_authorization_is_not_sent_to_another_host(net):
    net.route("api.a.nl", "/", redirect("https://b.nl/"))
    net.route("b.nl", "/", html("b"))
    with fetcher(net) as f:
        f.get("https://api.a.nl/", purpose="api", headers={"Authorization": "Bearer s3cret"})
    [to_b] = [r for r in net.log if r.host == "b.nl"]
    assert "authorization" not in to_b.headers


def test_redirect_to_non_http_is_malformed(net):
    net.site("ftp.nl", {"/": redirect("ftp://ftp.nl/file")})
    with fetcher(net) as f, pytest.raises(FetchError) as info:
        f.get("https://ftp.nl/")
    assert info.value.reason == "malformed"
