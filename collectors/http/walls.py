"""Is this page a login wall or a bot wall instead of the content we asked for?

    looks_like_wall(response) -> "login_wall" | "bot_wall" | None

Both answers are coverage reasons: the content exists but was not shown to us, which is never the
same as "no content". The markers, in Dutch and English:

- bot_wall: HTTP 999 (LinkedIn's refusal of robots); a `cf-mitigated: challenge` header;
  Cloudflare's "Just a moment..." / "Attention Required!" / `/cdn-cgi/challenge-platform/`;
  DataDome, PerimeterX or hCaptcha/reCAPTCHA challenge pages; "verify you are human",
  "controleer of u een mens bent", "checking your browser". A CAPTCHA widget alone counts only
  on an error status (403/429/503) or on a page with little else, since contact forms use them.
- login_wall: the request was sent to a login page (/login, /signin, /authwall, /accounts/login)
  it did not ask for, or the page says "log in to continue" / "sign in to view" /
  "inloggen om verder te gaan" / "log in om door te gaan" (and the like) next to a password
  field, or is a platform's bare login page ("Log in to Facebook", "Login • Instagram",
  LinkedIn's "Sign Up | LinkedIn" authwall).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from collectors.http.response import Response

SCAN_BYTES = 300_000
BOT_STRONG = (
    "<title>just a moment...</title>", "attention required! | cloudflare", "/cdn-cgi/challenge-platform/",
    "cf-chl-", "cf_chl_opt", "captcha-delivery.com", "px-captcha", "_pxcaptcha", "checking your browser",
    "verify you are human", "verifying you are human", "controleer of u een mens bent",
    "controleren of u een mens bent", "bevestig dat je een mens bent", "ddos protection by",
    "please enable js and disable any ad blocker",
)
BOT_WEAK = ("captcha", "g-recaptcha", "h-captcha", "are you a robot", "ben je een robot", "unusual traffic",
            "ongebruikelijk verkeer", "access denied")
LOGIN_PATH = re.compile(r"/(login|log-in|signin|sign-in|authwall|inloggen|accounts/login|uas/login|checkpoint)\b",
                        re.I)
LOGIN_PHRASES = (
    "log in to continue", "login to continue", "sign in to continue", "log in to see", "sign in to see",
    "log in to view", "sign in to view", "you must log in", "you need to log in", "please log in",
    "inloggen om verder te gaan", "log in om door te gaan", "log in om verder te gaan",
    "meld je aan om", "meld u aan om", "je moet ingelogd zijn", "u moet ingelogd zijn", "log in om te zien",
)
LOGIN_TITLES = ("log in to facebook", "log into facebook", "login • instagram", "sign up | linkedin",
                "linkedin login", "log in | linkedin", "inloggen bij facebook", "log in on x", "log in to x")
PASSWORD = re.compile(r"<input[^>]+type\s*=\s*[\"']?password", re.I)
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
TAGS = re.compile(r"<[^>]+>|\s+")


def looks_like_wall(response: Response) -> str | None:
    """"login_wall", "bot_wall" or None for an answer of any status. `Fetcher.get` applies it to
    4xx/5xx answers itself (the FetchError's reason); callers apply it to 200 pages they got."""
    if response.status == 999 or (response.headers.get("cf-mitigated") or "").lower() == "challenge":
        return "bot_wall"
    if response.content_type not in ("", "text/html", "application/xhtml+xml", "text/plain"):
        return None
    page = response.body[:SCAN_BYTES].decode("utf-8", errors="replace").lower()
    visible = TAGS.sub(" ", page)
    little_text = len(visible.split()) < 150
    if any(m in page for m in BOT_STRONG):
        return "bot_wall"
    if any(m in page for m in BOT_WEAK) and (response.status in (403, 429, 503) or little_text):
        return "bot_wall"
    asked = urlsplit(response.url).path
    landed = urlsplit(response.final_url).path
    if LOGIN_PATH.search(landed) and not LOGIN_PATH.search(asked):
        return "login_wall"
    title = (m.group(1).strip() if (m := TITLE.search(page)) else "")
    has_password = bool(PASSWORD.search(page))
    if any(t in title for t in LOGIN_TITLES) and (has_password or little_text):
        return "login_wall"
    if any(p in visible for p in LOGIN_PHRASES) and (has_password or little_text):
        return "login_wall"
    return None
