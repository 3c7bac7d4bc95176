"""The scan's schedule (analyzer/schedule.py): platform reads start on the homepage's accounts
while the further pages are read, accounts the further pages add get a second round, and the
result never depends on which part of the served world answered first."""
from __future__ import annotations

import json

from analyzer.core.normalize import normalize
from analyzer.present.output import scan_to_json
from analyzer.scan import run_scan
from tests.orgsim import FIXED_NOW, OrgSpec, serve
from tests.servers import Reply

DOMAIN = "schema-gemeente.nl"
NAV = '<nav><a href="/contact">Contact</a> <a href="/werken-bij">Werken bij</a> <a href="/over-ons">Over ons</a></nav>'
FOOTER = '<footer><a href="https://social.overheid.nl/@schemagem">Mastodon</a></footer>'
# the homepage names one X account; the further pages add a second one and, in their footers, the
# Mastodon account
HOME = (f'<html lang="nl"><head><title>Gemeente Schema</title></head><body>{NAV}<main><h1>Welkom</h1>'
        f'<div class="follow"><h3>Volg ons</h3><a href="https://x.com/schemagem">X</a></div></main></body></html>')
CAREERS = (f'<html lang="nl"><body>{NAV}<main><h1>Werken bij Schema</h1><div class="follow"><h3>Volg ons</h3>'
           f'<a href="https://x.com/schemagem_werkenbij">X</a></div></main>{FOOTER}</body></html>')
PAGE = f'<html lang="nl"><body>{NAV}<main><h1>%s</h1><p>Bel 14 0123.</p></main>{FOOTER}</body></html>'
ACTIVE = {"per_week": 5, "weeks": 13, "last_days_ago": 1, "reply_share": 0.3}
SPEC = OrgSpec(
    name="schema", domain=DOMAIN, label="experimental", justification="", lang="nl", heldout=False,
    pages={"/": HOME, "/werken-bij": CAREERS, "/contact": PAGE % "Contact", "/over-ons": PAGE % "Over ons"},
    accounts=({"platform": "x", "handle": "schemagem", "posts": ACTIVE},
              {"platform": "x", "handle": "schemagem_werkenbij", "posts": {**ACTIVE, "per_week": 2}},
              {"platform": "mastodon", "handle": "schemagem@social.overheid.nl", "posts": ACTIVE}),
    robots=None)
API_HOSTS = ("api.x.com", "social.overheid.nl")


class Slowed:
    """Routes registered on `net` with a delay for some hosts (for every route of the host)."""

    def __init__(self, net, slow_hosts: tuple[str, ...], slow_paths: tuple[str, ...], delay: float):
        self.net, self.hosts, self.paths, self.delay = net, slow_hosts, slow_paths, delay

    def route(self, host, path, reply):
        slow = host in self.hosts or (host.removeprefix("www.") == DOMAIN and path in self.paths)

        def answer(req):
            out = reply(req) if callable(reply) else reply
            out.delay = self.delay if slow else 0.0
            return out
        self.net.route(host, path, answer)


def scan_json(net, slow_hosts=(), slow_paths=()):
    net._routes.clear()
    serve(SPEC, Slowed(net, slow_hosts, slow_paths, 0.4), FIXED_NOW)
    settings = net.settings(as_of=FIXED_NOW.isoformat(), x_bearer_token="fixture-token", max_pages=4)
    data = scan_to_json(run_scan(normalize(DOMAIN, allow_private=True), settings), "en")
    data.pop("scanned_at")
    return data


def test_the_result_does_not_depend_on_which_part_answered_first(net):
    # the further pages slow: round 1 (the homepage's X account) ends before the website does
    pages_slow = scan_json(net, slow_paths=("/werken-bij", "/contact", "/over-ons"))
    # the APIs slow: the website ends first, rounds 1 and 2 overlap
    apis_slow = scan_json(net, slow_hosts=API_HOSTS)
    assert json.dumps(pages_slow, sort_keys=True) == json.dumps(apis_slow, sort_keys=True)

    accounts = {(a["platform"], a["handle"]): a for a in pages_slow["accounts"]}
    # the homepage's account (round 1), the careers page's and the footers' (round 2) are all read
    for key in (("x", "schemagem"), ("x", "schemagem_werkenbij"), ("mastodon", "schemagem@social.overheid.nl")):
        assert accounts[key]["activity"] and accounts[key]["activity"]["sample_size"] > 0, key
    assert accounts[("x", "schemagem_werkenbij")]["role"] == "department"
    assert pages_slow["coverage"]["x"]["status"] == "ok"
    lookups = [r.path for r in net.log if r.host == "api.x.com" and "/by/username/" in r.path]
    assert sorted(lookups) == sorted(["/2/users/by/username/schemagem"] * 2
                                     + ["/2/users/by/username/schemagem_werkenbij"] * 2)   # once per scan


def test_platform_reads_start_before_the_further_pages_are_read(net):
    net._routes.clear()
    serve(SPEC, Slowed(net, (), ("/werken-bij", "/contact", "/over-ons"), 1.0), FIXED_NOW)
    settings = net.settings(as_of=FIXED_NOW.isoformat(), x_bearer_token="fixture-token", max_pages=4)
    run_scan(normalize(DOMAIN, allow_private=True), settings)
    order = [(r.host, r.path) for r in net.log]
    first_lookup = order.index(("api.x.com", "/2/users/by/username/schemagem"))
    # the homepage's X account was asked for while the further pages were still being answered:
    # the server saw the request before the last page request was answered (those take 1 s)
    careers_lookup = order.index(("api.x.com", "/2/users/by/username/schemagem_werkenbij"))
    assert first_lookup < careers_lookup
    timeline = next(i for i, (h, p) in enumerate(order) if h == "api.x.com" and p.endswith("/tweets"))
    assert timeline < careers_lookup   # round 1 went on to the timeline before the pages answered


def test_wikidata_asks_beside_the_website_and_the_website_keeps_its_facts(net):
    net._routes.clear()
    serve(SPEC, Slowed(net, (), ("/",), 0.5), FIXED_NOW)
    rows = [{"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q4242"},
             "prop": {"type": "uri", "value": "http://www.wikidata.org/prop/direct/P2002"},
             "value": {"type": "literal", "value": "SchemaGem"}}]
    net.route("query.wikidata.org", "/sparql", Reply(
        body=json.dumps({"head": {"vars": ["item", "prop", "value"]}, "results": {"bindings": rows}}).encode(),
        content_type="application/sparql-results+json"))
    settings = net.settings(as_of=FIXED_NOW.isoformat(), x_bearer_token="fixture-token", max_pages=4, wikidata=True)
    result = run_scan(normalize(DOMAIN, allow_private=True), settings)
    order = [(r.host, r.path) for r in net.log]
    # the query needs only the domain: it was asked before the homepage (0.5 s) had answered, when
    # no further page could be asked for yet
    assert order.index(("query.wikidata.org", "/sparql")) < order.index((DOMAIN, "/contact"))
    x = next(a for a in result.accounts if a.key == ("x", "schemagem"))
    kinds = {e.id: e.kind for e in result.evidence}
    assert {"account_link", "wikidata_account"} <= {kinds[i] for i in x.evidence}
    assert (x.role, x.ownership) == ("official", "claimed") and x.activity is not None
    assert result.coverage["wikidata"].status == "ok"
