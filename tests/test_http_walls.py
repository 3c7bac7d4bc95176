"""Login and bot walls: recognised in Dutch and English, and not on ordinary pages."""
import pytest

from analyzer.core.types import utcnow
from collectors.http import FetchError, Response, looks_like_wall
from tests.http_helpers import fetcher
from tests.servers import Reply, html


def page(body: str, status: int = 200, url: str = "https://site.nl/", final: str | None = None,
         headers: dict | None = None) -> Response:
    return Response(url=url, final_url=final or url, status=status, body=body.encode(),
                    headers={"content-type": "text/html; charset=utf-8", **(headers or {})},
                    fetched_at=utcnow())


ORDINARY = "<html><title>Gemeente A</title><body>" + "Nieuws over de gemeente. " * 80 + \
           "<a href='/login'>Inloggen</a> <form class='g-recaptcha'>contact</form></body></html>"


@pytest.mark.parametrize("resp", [
    page("<html><head><title>Just a moment...</title></head><body>Checking</body></html>", 403),
    page("<html><script src='/cdn-cgi/challenge-platform/h/b/orchestrate'></script></html>", 503),
    page("ok", headers={"cf-mitigated": "challenge"}),
    page("", 999, url="https://www.linkedin.com/company/gemeente-a"),
    page("<html><body><div class='g-recaptcha'></div>Are you a robot?</body></html>", 429),
    page("<html><body>Controleer of u een mens bent</body></html>"),
])
def test_bot_walls(resp):
    assert looks_like_wall(resp) == "bot_wall"


@pytest.mark.parametrize("resp", [
    page("<html>Hallo</html>", url="https://www.instagram.com/gemeente_a/",
         final="https://www.instagram.com/accounts/login/?next=/gemeente_a/"),
    page("<html><title>Log in to Facebook</title><form><input type='password'></form></html>"),
    page("<html><body><p>Log in om verder te gaan</p><input type=password name=pw></body></html>"),
    page("<html><body><p>Sign in to view this page</p></body></html>"),
    page("<html>join</html>", url="https://www.linkedin.com/company/x", final="https://www.linkedin.com/authwall?x=1"),
])
def test_login_walls(resp):
    assert looks_like_wall(resp) == "login_wall"


def test_ordinary_page_with_login_link_and_captcha_form_is_no_wall():
    assert looks_like_wall(page(ORDINARY)) is None


def test_login_page_asked_for_is_no_wall():
    assert looks_like_wall(page("<input type=password>", url="https://site.nl/login")) is None


def test_non_html_is_no_wall():
    r = Response(url="https://a.nl/x", final_url="https://a.nl/x", status=200, body=b"just a moment...",
                 headers={"content-type": "application/json"}, fetched_at=utcnow())
    assert looks_like_wall(r) is None


def test_get_reports_a_challenge_page_as_bot_wall(net):
    net.site("guarded.nl", {"/": html("<title>Just a moment...</title>", status=403)})
    with fetcher(net) as f, pytest.raises(FetchError) as info:
        f.get("https://guarded.nl/")
    assert (info.value.reason, info.value.status) == ("bot_wall", 403)


def test_get_reports_linkedin_999_as_bot_wall(net):
    net.site("www.linkedin.com", {"/company/a": Reply(status=999, body=b"")})
    with fetcher(net) as f, pytest.raises(FetchError) as info:
        f.get("https://www.linkedin.com/company/a")
    assert info.value.reason == "bot_wall"
