"""Wikidata (opt-in, `settings.wikidata`): accounts listed on the item whose official website is the domain.

One SPARQL query to `settings.wikidata_endpoint` (purpose "api") finds every item whose official
website (P856) is the organisation's site, written any of the usual ways (http or https, with or
without www, with or without a trailing slash, the target path when there is one), and reads its
account properties. Each account is role official, ownership claimed, with evidence of kind
"wikidata_account" whose source is the item's page. An account the website collector already
found keeps its role and gains the evidence; one the user removed stays removed.
"""
from __future__ import annotations

import logging
from typing import Any

from analyzer.core.types import Account, CollectorResult, Coverage, Evidence, Target
from collectors.base import Findings, ScanContext
from collectors.http import FetchError
from collectors.urlparsers.handles import profile_ref

log = logging.getLogger(__name__)

PROPERTIES: dict[str, str] = {
    "P2002": "x", "P2013": "facebook", "P2003": "instagram", "P4264": "linkedin", "P2397": "youtube",
    "P4033": "mastodon", "P12361": "bluesky", "P7085": "tiktok",
}
ENTITY = "http://www.wikidata.org/entity/"
DIRECT = "http://www.wikidata.org/prop/direct/"


def website_variants(target: Target) -> list[str]:
    """The ways P856 may spell the organisation's site."""
    bare = target.host[4:] if target.host.startswith("www.") else target.host
    paths = (target.path, target.path + "/") if target.path else ("", "/")
    return [f"{scheme}://{host}{path}" for scheme in ("https", "http") for host in (bare, f"www.{bare}")
            for path in paths]


def sparql(target: Target) -> str:
    sites = " ".join(f"<{url}>" for url in website_variants(target))
    props = " ".join(f"wdt:{p}" for p in PROPERTIES)
    return ("PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
            "SELECT DISTINCT ?item ?prop ?value WHERE {\n"
            f"  VALUES ?site {{ {sites} }}\n"
            "  ?item wdt:P856 ?site .\n"
            f"  OPTIONAL {{ VALUES ?prop {{ {props} }} ?item ?prop ?value . }}\n"
            "} LIMIT 500")


def _rows(data: Any) -> list[dict[str, str]]:
    """SPARQL JSON results -> [{var: value}]; ValueError when the shape is not SPARQL JSON."""
    bindings = data["results"]["bindings"]
    if not isinstance(bindings, list):
        raise ValueError("bindings is not a list")
    return [{k: v["value"] for k, v in b.items()} for b in bindings]


class WikidataCollector:
    name = "wikidata"
    platforms: tuple[str, ...] = ()
    stage = "discover"
    reads = "accounts"
    coverage_role = "auxiliary"
    label = phrase = {"en": "Wikidata", "nl": "Wikidata"}

    def collect(self, ctx: ScanContext, findings: Findings) -> CollectorResult:
        if not ctx.settings.wikidata:
            return CollectorResult(self.name, Coverage(self.name, "skipped", "disabled",
                                                       "opt-in: set wikidata = true to ask Wikidata"))
        try:
            resp = ctx.fetcher.get(ctx.settings.wikidata_endpoint, purpose="api",
                                   params={"query": sparql(ctx.target), "format": "json"},
                                   headers={"Accept": "application/sparql-results+json"})
            rows = _rows(resp.json())
        except FetchError as exc:
            status = "failed" if exc.reason == "malformed" else "unavailable"
            return CollectorResult(self.name, Coverage(self.name, status, exc.reason, exc.detail[:200]))
        except (KeyError, TypeError, ValueError) as exc:
            return CollectorResult(self.name, Coverage(self.name, "failed", "malformed",
                                                       f"not SPARQL JSON results ({type(exc).__name__})"))
        removed = {(c.platform, profile_ref(c.platform, c.handle)[0]) for c in ctx.corrections if c.action == "remove"}
        known = {a.key: a for a in findings.accounts}
        accounts: dict[tuple[str, str], Account] = {}
        evidence: list[Evidence] = []
        items = sorted({r["item"].removeprefix(ENTITY) for r in rows if "item" in r})
        for row in rows:
            prop = row.get("prop", "").removeprefix(DIRECT)
            platform = PROPERTIES.get(prop)
            raw = (row.get("value") or "").strip()
            if platform is None or not raw:
                continue
            handle, url = profile_ref(platform, raw)
            if not handle or (platform, handle) in removed:
                continue
            item = row["item"].removeprefix(ENTITY)
            ev = Evidence.make(kind="wikidata_account", value={"platform": platform, "handle": handle, "property": prop,
                                                               "item": item},
                               collector=self.name, observed_at=ctx.now, platform=platform,
                               source_url=f"https://www.wikidata.org/wiki/{item}", excerpt=f"{item} {prop}: {raw}")
            evidence.append(ev)
            key = (platform, handle)
            base = accounts.get(key) or known.get(key) or Account(platform=platform, handle=handle, url=url,
                                                                  role="official", ownership="claimed")
            accounts[key] = base.with_(evidence=tuple(dict.fromkeys(base.evidence + (ev.id,))))
        detail = f"items {', '.join(items)}" if items else "no Wikidata item has this official website"
        log.info("wikidata: %s: %s, %d accounts", ctx.target.key, detail, len(accounts))
        return CollectorResult(self.name, Coverage(self.name, "ok", None, detail), tuple(evidence),
                               tuple(accounts.values()))
