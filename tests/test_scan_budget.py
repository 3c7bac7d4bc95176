"""The scan budget is a wall-clock promise with stage shares: a website whose pages hang cannot
starve the platform collectors, a request that spent its whole time limit is not tried again, and a
replayed scan makes no cut that depends on the clock."""
from __future__ import annotations

import pytest

from tests.hardening_helpers import COLLECTOR_HOSTS, DOMAIN, fault_scan, hard_org, serve_faulty, warm_up
from tests.servers import Reply


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


def test_hanging_subpages_leave_the_platform_collectors_their_share(net, tmp_path):
    # long per-request limits: only the website's share of the budget stops the hanging pages
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS["website"], Reply(hang=True), ("/robots.txt", "/"))
    result, _seconds = fault_scan(net, tmp_path, read_timeout=30.0, request_timeout=30.0, scan_budget=8.0,
                                  cache=False)
    website = result.coverage["website"]
    assert website.status == "partial" and website.reason in ("budget_exhausted", "timeout"), website
    for platform in ("x", "bluesky", "mastodon"):
        assert result.coverage[platform].status == "ok", result.coverage[platform]
    assert result.status == "partial" and result.estimate.phase is not None


def test_a_drip_that_spent_its_time_limit_is_not_retried(net, tmp_path):
    drip = Reply(body=b"<html>" + b" " * 200, drip=1.0)
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS["website"], drip, ("/robots.txt", "/"))
    result, _seconds = fault_scan(net, tmp_path, read_timeout=5.0, request_timeout=0.7, retries=2, cache=False,
                                  scan_budget=10.0)
    assert result.coverage["website"].status == "partial"
    assert result.coverage["website"].reason == "timeout"
    assert net.hits(DOMAIN, "/contact") == 1


def test_a_timeout_without_any_answer_is_still_retried(net, tmp_path):
    serve_faulty(net, hard_org(), COLLECTOR_HOSTS["website"], Reply(delay=2.0), ("/robots.txt", "/"))
    fault_scan(net, tmp_path, read_timeout=0.2, request_timeout=5.0, retries=1, cache=False, scan_budget=8.0)
    assert net.hits(DOMAIN, "/contact") == 2


def test_a_replayed_scan_makes_no_cut_that_depends_on_the_clock():
    from pathlib import Path

    from analyzer.core.normalize import normalize
    from analyzer.core.settings import Settings
    from analyzer.scan import run_scan

    demo = str(Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "zuidhaven.warc.gz")
    roomy = run_scan(normalize("zuidhaven.nl"), Settings(replay=demo))
    tiny = run_scan(normalize("zuidhaven.nl"), Settings(replay=demo, scan_budget=0.001))
    assert tiny.coverage == roomy.coverage and tiny.estimate.probabilities == roomy.estimate.probabilities
    assert not any(c.reason == "budget_exhausted" for c in tiny.coverage.values())
