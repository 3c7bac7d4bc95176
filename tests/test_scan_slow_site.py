"""The slow-site case of issue 13, with small timings: a slow homepage, a slower page, a hanging
page, a dripping page and a slow X lookup. The website comes out partial and X is read, because
X starts on the homepage's account while the pages are still being waited for. (How long it takes
at the issue's timings is benchmarks/bench_slow_site.py's to say; tests assert no times.)"""
from __future__ import annotations

from analyzer.core.normalize import normalize
from analyzer.scan import run_scan
from tests.orgsim import FIXED_NOW
from tests.slow_site import DOMAIN, X_HANDLE, serve_slow


def test_a_slow_site_ends_partial_with_x_read(net):
    # The lookup takes half the budget: X is read only when it starts on the homepage's account,
    # not after the website's share of the budget (2 s) has been waited out.
    serve_slow(net, home=0.2, page=0.4, lookup=2.0)
    settings = net.settings(as_of=FIXED_NOW.isoformat(), x_bearer_token="slow-token", scan_budget=4.0,
                            read_timeout=3.0, request_timeout=2.5, retries=0, cache=False)
    result = run_scan(normalize(DOMAIN, allow_private=True), settings)
    website = result.coverage["website"]
    assert website.status == "partial" and website.reason in ("timeout", "budget_exhausted"), website
    assert result.coverage["x"].status == "ok", result.coverage["x"]
    x = next(a for a in result.accounts if a.platform == "x")
    assert x.handle == X_HANDLE and x.activity is not None and x.activity.sample_size > 0
    assert result.status == "partial" and result.estimate.phase is not None
    assert net.hits(DOMAIN, "/contact") == 1     # the slow page was read, once
