"""Helpers for the website collector's tests: serve a fixture site on the fake internet, build a
scan context, run the collector."""
from __future__ import annotations

import time

from analyzer.core.normalize import normalize
from analyzer.core.types import CollectorResult, utcnow
from collectors.base import Findings, ScanContext, UserCorrection
from collectors.http import Fetcher
from collectors.website import WebsiteCollector
from fixtures.sites import FixtureSite, load_site
from tests.servers import FakeInternet, Reply, Request, redirect


def serve_site(net: FakeInternet, site: FixtureSite | str) -> FixtureSite:
    """Route every page of a fixture site; aliases redirect to the canonical host; an http-only
    site breaks the connection on https."""
    if isinstance(site, str):
        site = load_site(site)
    scheme = "https" if site.https else "http"

    def answer(page):
        def route(req: Request) -> Reply:
            if req.scheme == "https" and not site.https:
                return Reply(reset=True, body=b"x" * 64)
            return Reply(status=page.status, body=page.body, headers=dict(page.headers),
                         content_type=page.content_type)
        return route

    for path, page in site.pages.items():
        net.route(site.host, path, answer(page))
    if "/robots.txt" not in site.pages:
        net.route(site.host, "/robots.txt", answer(type(next(iter(site.pages.values())))(
            "/robots.txt", b"User-agent: *\nAllow: /\n", content_type="text/plain")))
    for alias in site.redirect_from:
        net.fallback(alias, lambda req: (Reply(reset=True, body=b"x" * 64) if req.scheme == "https" and not site.https
                                         else redirect(f"{scheme}://{site.host}{req.raw_path}")))
    return site


def context(net: FakeInternet, domain: str, corrections: tuple[UserCorrection, ...] = (), budget: float = 30,
            **overrides) -> ScanContext:
    s = net.settings(**overrides)
    return ScanContext(target=normalize(domain, allow_private=True), settings=s, fetcher=Fetcher(s), now=utcnow(),
                       deadline=time.monotonic() + budget, corrections=corrections)


def run(net: FakeInternet, domain: str, **kw) -> CollectorResult:
    ctx = context(net, domain, **kw)
    try:
        return WebsiteCollector().collect(ctx, Findings())
    finally:
        ctx.fetcher.close()


def kinds(result: CollectorResult, kind: str) -> list:
    return [e for e in result.evidence if e.kind == kind]


def keys(result: CollectorResult, role: str | None = None) -> set[str]:
    return {f"{a.platform}:{a.handle}" for a in result.accounts if role is None or a.role == role}
