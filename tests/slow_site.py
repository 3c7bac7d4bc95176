"""A slow organisation, served for real: a slow homepage, a slower page, a page that hangs, a page
that drips one byte a second, and a slow X user lookup (issue 13's slow-site case).

    serve_slow(net, home=4.0, page=8.0, lookup=6.0)       # the benchmark's timings
    serve_slow(net, home=0.2, page=0.4, lookup=0.3)       # a test's (tight settings)

The homepage links to the four pages and to the X account; the X API (tests/orgsim.py's) answers
the account's lookup after `lookup` seconds and its timeline at once.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.orgsim import FIXED_NOW, OrgSpec, serve
from tests.servers import Reply

DOMAIN = "traag-voorbeeld.nl"
X_HANDLE = "traag_vb"
NAV = ('<nav><a href="/contact">Contact</a> <a href="/over-ons">Over ons</a> <a href="/nieuws">Nieuws</a> '
       '<a href="/vacatures">Vacatures</a></nav>')
HOME = (f'<!doctype html><html lang="nl"><head><title>Stichting Traag</title></head><body>{NAV}'
        f'<main><h1>Welkom bij Stichting Traag</h1></main><footer><h3>Volg ons</h3>'
        f'<a href="https://x.com/{X_HANDLE}" class="social-x">X</a></footer></body></html>')
PAGE = '<!doctype html><html lang="nl"><body><main><h1>{0}</h1><p>Bel ons.</p></main></body></html>'


def spec() -> OrgSpec:
    pages = {"/": HOME, "/contact": PAGE.format("Contact"), "/vacatures": PAGE.format("Vacatures")}
    posts = {"per_week": 4, "weeks": 13, "last_days_ago": 1, "reply_share": 0.2}
    return OrgSpec(name="traag", domain=DOMAIN, label="experimental", justification="slow-site case", lang="nl",
                   heldout=False, pages=pages, accounts=({"platform": "x", "handle": X_HANDLE, "posts": posts},),
                   robots=None)


class _Slowed:
    """orgsim's routes with delays: `delays` maps (host, path) to seconds before the answer."""

    def __init__(self, net: Any, delays: dict[tuple[str, str], float]) -> None:
        self.net, self.delays = net, delays

    def route(self, host: str, path: str, reply: Any) -> None:
        delay = self.delays.get((host.removeprefix("www."), path), 0.0)
        if not delay:
            self.net.route(host, path, reply)
            return
        self.net.route(host, path, lambda req: replace(reply(req) if callable(reply) else reply, delay=delay))


def serve_slow(net: Any, *, home: float, page: float, lookup: float) -> None:
    delays = {(DOMAIN, "/"): home, (DOMAIN, "/contact"): page,
              ("api.x.com", f"/2/users/by/username/{X_HANDLE}"): lookup}
    serve(spec(), _Slowed(net, delays), FIXED_NOW)
    for host in (DOMAIN, "www." + DOMAIN):
        net.route(host, "/over-ons", Reply(hang=True))
        net.route(host, "/nieuws", Reply(body=b"<html><body><h1>Nieuws</h1>" + b" " * 400 + b"</body></html>",
                                         drip=1.0))
