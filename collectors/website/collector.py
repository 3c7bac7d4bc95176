"""The website collector: an organisation's accounts and on-site signals, read from its own site.

    WebsiteCollector().collect(ctx, findings) -> CollectorResult

Steps: homepage (https, then http) with sitemap.xml beside it -> plan at most `max_pages - 1`
further pages (pages.py) -> fetch them concurrently (crawl.py) -> per page: account sightings
(collectors.website.discovery) and on-site signals (onsite.py) -> merge into Accounts (accounts.py) ->
user corrections. A page over the size cap is read up to the cap and its links count (a
homepage's header and navigation are in its first kilobytes). Coverage: ok when the homepage and
every planned page were read whole; partial with the commonest reason when some were not (a 404 is
an answer, not a gap) or were read in part (`too_large`); failed when the homepage could not be
read, or was a bot or login wall, which makes the scan unobservable.
"""
from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from urllib.parse import urlsplit

from analyzer.core.types import CollectorResult, Coverage, Evidence
from collectors.base import Findings, ScanContext
from collectors.website.discovery import Sighting, discover_in
from collectors.website import accounts as acc
from collectors.website import crawl, onsite, pages, widgets
from collectors.http import looks_like_wall
from collectors.website.document import Page, read_page

log = logging.getLogger(__name__)
NOT_GAPS = frozenset({"not_found"})   # the site answered: there is no such page


class WebsiteCollector:
    name = "website"
    platforms: tuple[str, ...] = ()
    stage = "discover"
    reads = "accounts"
    coverage_role = "primary"
    label = {"en": "Website", "nl": "Website"}
    phrase = {"en": "the website", "nl": "de website"}

    def collect(self, ctx: ScanContext, findings: Findings) -> CollectorResult:
        until = min(ctx.deadline, ctx.crawl_deadline)
        # sitemap and further pages within the crawl's share of the budget (replay: no clock cut)
        staged = ctx.fetcher if until == float("inf") else ctx.fetcher.stage(until)
        try:
            return self._collect(ctx, staged, until)
        finally:
            if staged is not ctx.fetcher:
                staged.close()

    def _collect(self, ctx: ScanContext, staged, until: float) -> CollectorResult:
        first: dict[str, Page] = {}
        start = crawl.fetch_start(ctx.fetcher, ctx.target.start_url, ctx.deadline, staged, until,
                                  on_home=lambda home: self._early(ctx, home, first))
        home = start.home
        if not home.ok:
            detail = "; ".join(f"{o.url}: {o.reason}{' ' + o.detail if o.detail else ''}"
                               for o in (*start.attempts, home))
            return self._failed(ctx, home.reason or "connection_error", detail)
        home_page = first.get("home") or self._page(ctx, home)
        wall = looks_like_wall(home.response)
        if wall:
            return self._failed(ctx, wall, f"{home_page.final_url}: {home_page.title or wall}")
        if home_page.doc is None:
            if home_page.truncated:
                return self._failed(ctx, "too_large", f"{home_page.final_url}: over the size cap, and its "
                                    f"first {len(home.response.body)} bytes hold no readable HTML")
            reason = "unsupported_content" if home_page.html is None else "malformed"
            return self._failed(ctx, reason, f"{home_page.final_url}: no readable HTML")

        evidence: list[Evidence] = list(self._redirects(ctx, home))
        final_host = urlsplit(home_page.final_url).hostname or ctx.target.host
        site = pages.Site(domains=frozenset({pages.registered_domain(ctx.target.host),
                                             pages.registered_domain(final_host)}),
                          host=final_host, path=ctx.target.path)
        links = pages.links_of(home_page.doc, home_page.final_url)
        if start.sitemap.ok:
            sitemap_page = self._page(ctx, start.sitemap)
            evidence.append(self._fetched(ctx, sitemap_page))
            links += [(u, "") for u in pages.sitemap_urls(start.sitemap.response.body)]
        exclude = {pages.page_key(home.url), pages.page_key(home_page.final_url)}
        plan = pages.plan(links, site, ctx.settings.max_pages - 1, exclude)
        outcomes = crawl.fetch_all(staged, [(c.url, c.role) for c in plan], ctx.settings.per_host, until)

        read: list[Page] = [home_page]
        gaps: list[tuple[str, str]] = []
        for outcome in outcomes:
            if not outcome.ok:
                if outcome.reason not in NOT_GAPS:
                    gaps.append((outcome.url, outcome.reason or "connection_error"))
                continue
            page = self._page(ctx, outcome)
            wall = looks_like_wall(outcome.response)
            if wall:
                gaps.append((page.url, wall))
            elif site.owns(page.final_url):
                read.append(page)
            evidence.append(self._fetched(ctx, page))
        evidence.insert(0, self._fetched(ctx, home_page))

        sightings: list[Sighting] = []
        for page in read:
            try:
                if page.doc is not None:
                    sightings += discover_in(page.doc, page.final_url, final_host)
                    evidence += onsite.detect(page)
            except Exception as exc:  # one odd page must not cost the whole site
                log.error("website: analysing %s failed: %s", page.final_url, exc, exc_info=True)
                gaps.append((page.final_url, "internal_error"))
        share = widgets.share_buttons(read)
        if share is not None:
            evidence.append(share)
        roles = {p.final_url: p.role for p in read}
        found, account_evidence = acc.merge(sightings, roles, ctx.now)
        found, user_evidence = acc.apply_corrections(found, ctx.corrections, ctx.now, home_page.final_url)
        evidence = _unique(evidence + account_evidence + user_evidence)
        cut = [p.final_url for p in read if p.truncated]
        coverage = self._coverage(home_page, plan, gaps, cut, len(read))
        return CollectorResult(self.name, coverage, tuple(evidence), acc.ordered(found))

    # --- pieces -------------------------------------------------------------------------------

    def _early(self, ctx: ScanContext, home: crawl.Outcome, first: dict[str, Page]) -> None:
        """Hand the homepage's accounts to the scan before the further pages are read: the
        platform readers start on them (the accounts the further pages find or confirm get a
        second round). Only a homepage that reads as a page of the organisation gives any."""
        page = first["home"] = self._page(ctx, home)
        if page.doc is None or looks_like_wall(home.response):
            return
        final_host = urlsplit(page.final_url).hostname or ctx.target.host
        try:
            sightings = discover_in(page.doc, page.final_url, final_host)
        except Exception:  # noqa: BLE001 - the full analysis below logs it and records the gap
            return
        found, account_evidence = acc.merge(sightings, {page.final_url: page.role}, ctx.now)
        found, user_evidence = acc.apply_corrections(found, ctx.corrections, ctx.now, page.final_url)
        ctx.found_early(CollectorResult(self.name, Coverage(self.name, "partial", None, "the homepage only"),
                                        tuple(account_evidence + user_evidence), acc.ordered(found)))

    def _page(self, ctx: ScanContext, outcome: crawl.Outcome) -> Page:
        r = outcome.response
        page = read_page(outcome.url, r.final_url, outcome.role, r.status, ctx.now, r.body, r.content_type,
                         r.encoding)
        return dataclasses.replace(page, truncated=True) if r.truncated else page

    def _fetched(self, ctx: ScanContext, page: Page) -> Evidence:
        value = {"status": page.status, "final_url": page.final_url, "title": page.title, "lang": page.lang,
                 "role": page.role}
        if page.truncated:
            value["truncated"] = True      # read up to the size cap only
        return Evidence.make(kind="page_fetched", value=value, collector=self.name, observed_at=ctx.now,
                             source_url=page.url, excerpt=page.title)

    def _redirects(self, ctx: ScanContext, home: crawl.Outcome):
        r = home.response
        before, after = urlsplit(home.url), urlsplit(r.final_url)
        if (before.hostname, before.scheme) != (after.hostname, after.scheme) and r.redirects:
            yield Evidence.make(kind="redirect", value={"from": home.url, "to": r.final_url}, collector=self.name,
                                observed_at=ctx.now, source_url=home.url,
                                excerpt=f"{' -> '.join(r.redirects)} -> {r.final_url}")

    def _failed(self, ctx: ScanContext, reason: str, detail: str) -> CollectorResult:
        found, evidence = acc.apply_corrections([], ctx.corrections, ctx.now, None)
        return CollectorResult(self.name, Coverage(self.name, "failed", reason, detail[:300]), tuple(evidence),
                               acc.ordered(found))

    def _coverage(self, home: Page, plan: list[pages.Candidate], gaps: list[tuple[str, str]],
                  cut: list[str], n_read: int) -> Coverage:
        if gaps or cut:
            parts = []
            if cut:
                parts.append(f"{len(cut)} page(s) over the size cap read in part ({cut[0]}"
                             f"{', ...' if len(cut) > 1 else ''})")
            if gaps:
                missing = Counter(reason for _url, reason in gaps)
                parts.append(f"{len(gaps)} of {len(plan)} planned pages not read: "
                             + ", ".join(f"{r} ({n})" for r, n in missing.most_common()))
            counts = Counter(["too_large"] * len(cut) + [reason for _url, reason in gaps])
            return Coverage(self.name, "partial", counts.most_common(1)[0][0], "; ".join(parts))
        if _script_rendered(home):
            return Coverage(self.name, "partial", "unsupported_content",
                            f"{home.final_url}: the page is rendered by JavaScript; its links could not be read")
        return Coverage(self.name, "ok", None, f"{n_read} pages read ({len(plan)} planned after the homepage)")


def _script_rendered(page: Page) -> bool:
    """A homepage with almost no text and no links but scripts: a JavaScript app shell."""
    doc = page.doc
    return (doc is not None and not doc.xpath("//a[@href]") and len(page.text()) < 80
            and bool(doc.xpath("//script")))


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    """One piece of evidence per id, and per (kind, value) for on-site signals seen on many pages."""
    out: dict[str, Evidence] = {}
    seen_values: set[tuple[str, str]] = set()
    for ev in evidence:
        if ev.id in out:
            continue
        if ev.kind in onsite.SITE_KINDS:
            key = (ev.kind, ev.value.get("url") if ev.kind == "community_platform" else repr(ev.value))
            if key in seen_values:
                continue
            seen_values.add(key)
        out[ev.id] = ev
    return list(out.values())
