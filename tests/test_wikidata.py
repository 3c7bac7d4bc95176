"""WikidataCollector against a local server that speaks the SPARQL JSON results format."""
from __future__ import annotations

import json
import time

from analyzer.core.normalize import normalize
from analyzer.core.types import Account, utcnow
from collectors.base import Findings, ScanContext, UserCorrection
from collectors.http import Fetcher
from collectors.wikidata import WikidataCollector, website_variants
from tests.servers import Reply, json_reply

ENDPOINT = "query.wikidata.org"


def uri(v: str) -> dict:
    return {"type": "uri", "value": v}


def lit(v: str) -> dict:
    return {"type": "literal", "value": v}


ITEMS = {  # official website -> (item, {property: [values]})
    "https://www.gemeente-voorbeeld.nl/": ("Q9999001", {"P2002": ["GemVoorbeeld"], "P2013": ["gemeentevoorbeeld"],
                                                        "P4264": ["gemeente-voorbeeld"], "P2397": ["UCabcdefghijklmnopqrstuv"],
                                                        "P4033": ["gemeentevoorbeeld@social.overheid.nl"],
                                                        "P12361": ["gemeentevoorbeeld.bsky.social"],
                                                        "P7085": ["gemeentevoorbeeld"], "P2003": ["gemeente_voorbeeld"]}),
    "http://stichting-zonderaccounts.nl": ("Q9999002", {}),
}


def sparql_server(req):
    """Answers like the query service: every item whose P856 is in the query's VALUES."""
    query = req.query.get("query", [""])[0]
    assert req.query.get("format") == ["json"] and "wdt:P856" in query
    rows = []
    for site, (item, props) in ITEMS.items():
        if f"<{site}>" not in query:
            continue
        if not props:
            rows.append({"item": uri(f"http://www.wikidata.org/entity/{item}")})
        for prop, values in props.items():
            assert f"wdt:{prop}" in query
            rows += [{"item": uri(f"http://www.wikidata.org/entity/{item}"),
                      "prop": uri(f"http://www.wikidata.org/prop/direct/{prop}"), "value": lit(v)} for v in values]
    body = json.dumps({"head": {"vars": ["item", "prop", "value"]}, "results": {"bindings": rows}})
    return Reply(body=body.encode("utf-8"), content_type="application/sparql-results+json")


def collect(net, domain, findings=Findings(), corrections=(), **overrides):
    s = net.settings(**{"wikidata": True, **overrides})
    with Fetcher(s) as fetcher:
        ctx = ScanContext(target=normalize(domain, allow_private=True), settings=s, fetcher=fetcher, now=utcnow(),
                          deadline=time.monotonic() + 30, corrections=corrections)
        return WikidataCollector().collect(ctx, findings)


def test_accounts_of_the_item_with_this_official_website(net):
    net.route(ENDPOINT, "/sparql", sparql_server)
    result = collect(net, "gemeente-voorbeeld.nl")
    assert result.coverage.status == "ok" and "Q9999001" in result.coverage.detail
    got = {(a.platform, a.handle) for a in result.accounts}
    assert got == {("x", "gemvoorbeeld"), ("facebook", "gemeentevoorbeeld"), ("linkedin", "company:gemeente-voorbeeld"),
                   ("youtube", "channel:UCabcdefghijklmnopqrstuv"),
                   ("mastodon", "gemeentevoorbeeld@social.overheid.nl"),
                   ("bluesky", "gemeentevoorbeeld.bsky.social"), ("tiktok", "gemeentevoorbeeld"),
                   ("instagram", "gemeente_voorbeeld")}
    assert all(a.role == "official" and a.ownership == "claimed" for a in result.accounts)
    ev = {e.id: e for e in result.evidence}
    x = next(a for a in result.accounts if a.platform == "x")
    (xe,) = [ev[i] for i in x.evidence]
    assert xe.kind == "wikidata_account" and xe.source_url == "https://www.wikidata.org/wiki/Q9999001"
    assert xe.value == {"platform": "x", "handle": "gemvoorbeeld", "property": "P2002", "item": "Q9999001"}
    assert x.url == "https://x.com/gemvoorbeeld"


def test_item_without_accounts_and_no_item(net):
    net.route(ENDPOINT, "/sparql", sparql_server)
    result = collect(net, "stichting-zonderaccounts.nl")
    assert (result.coverage.status, result.accounts) == ("ok", ())
    assert "Q9999002" in result.coverage.detail
    result = collect(net, "onbekend-voorbeeld.nl")
    assert result.coverage.status == "ok" and "no Wikidata item" in result.coverage.detail


def test_disabled_by_default(net):
    result = collect(net, "gemeente-voorbeeld.nl", wikidata=False)
    assert (result.coverage.status, result.coverage.reason) == ("skipped", "disabled")
    assert net.hits(ENDPOINT) == 0


def test_endpoint_down_or_malformed(net):
    net.route(ENDPOINT, "/sparql", Reply(status=503, body=b"overloaded"))
    result = collect(net, "gemeente-voorbeeld.nl", retries=0)
    assert (result.coverage.status, result.coverage.reason) == ("unavailable", "http_error")
    net.route(ENDPOINT, "/sparql", json_reply({"unexpected": True}))
    assert collect(net, "gemeente-voorbeeld.nl").coverage.reason == "malformed"
    net.route(ENDPOINT, "/sparql", Reply(body=b"<html>not json</html>"))
    assert collect(net, "gemeente-voorbeeld.nl").coverage.reason == "malformed"


def test_known_accounts_keep_their_role_and_removed_ones_stay_removed(net):
    net.route(ENDPOINT, "/sparql", sparql_server)
    known = Account(platform="x", handle="gemvoorbeeld", url="https://x.com/gemvoorbeeld", role="department",
                    evidence=("ev-website",))
    result = collect(net, "gemeente-voorbeeld.nl", findings=Findings(accounts=(known,)),
                     corrections=(UserCorrection("remove", "tiktok", "GemeenteVoorbeeld"),))
    x = next(a for a in result.accounts if a.platform == "x")
    assert x.role == "department" and x.evidence[0] == "ev-website" and len(x.evidence) == 2
    assert not any(a.platform == "tiktok" for a in result.accounts)


def test_website_variants():
    t = normalize("www.gemeente-voorbeeld.nl", allow_private=True)
    variants = website_variants(t)
    assert "https://www.gemeente-voorbeeld.nl/" in variants and "http://gemeente-voorbeeld.nl" in variants
    assert len(variants) == 8
    t = normalize("https://www.uni-voorbeeld.nl/faculteit-recht", allow_private=True)
    assert "https://www.uni-voorbeeld.nl/faculteit-recht/" in website_variants(t)
