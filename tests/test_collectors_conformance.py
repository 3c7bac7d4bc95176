"""One conformance suite over every registered collector (the website and Wikidata included):
its declared facts, and what it returns on an organisation where it finds nothing."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from analyzer.core.kinds import EVIDENCE_KINDS
from analyzer.core.types import COVERAGE_REASONS, COVERAGE_STATUSES, PLATFORMS
from collectors import registry
from collectors.base import COVERAGE_ROLES, READS, STAGES
from tests.platform_helpers import account, findings, scan_context

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = list(registry.COLLECTORS)


@pytest.mark.parametrize("name,module,cls", ENTRIES)
def test_declares_its_facts(name, module, cls):
    collector = getattr(importlib.import_module(module), cls)
    assert collector.name == name
    assert collector.stage in STAGES and collector.reads in READS
    assert collector.coverage_role in COVERAGE_ROLES
    for texts in (collector.label, collector.phrase):
        assert set(texts) == {"en", "nl"} and all(t.strip() for t in texts.values())
    assert set(collector.platforms) <= set(PLATFORMS)
    if collector.stage == "discover":
        assert collector.reads == "accounts" and collector.platforms == ()
    else:
        assert collector.reads in (("activity", "presence") if collector.stage == "read" else ("staff",))
        assert collector.platforms
        assert "Requests per account: at most" in importlib.import_module(module).__doc__
    for platform in collector.platforms if collector.reads == "activity" else ():
        assert (ROOT / "collectors" / "urlparsers" / f"{platform}.py").exists(), platform


def test_registry_facts_fit_together():
    names = [name for name, _m, _c in ENTRIES]
    assert len(set(names)) == len(names)
    assert registry.names("discover")[0] == "website"  # it finds the accounts the others read
    assert [c.name for c in registry.collector_classes() if c.coverage_role == "primary"] == ["website"]
    readers = [p for c in registry.collector_classes() if c.reads == "activity" for p in c.platforms]
    assert len(set(readers)) == len(readers), "two activity readers for one platform"
    presence = [p for c in registry.collector_classes() if c.reads == "presence" for p in c.platforms]
    assert sorted(readers + presence) == sorted(PLATFORMS)  # every platform is read one way


@pytest.mark.parametrize("name,module,cls", ENTRIES)
def test_finds_nothing_without_inventing_anything(net, name, module, cls):
    """On a domain nobody serves, with no accounts found: its own name on its result, its
    vocabulary from COVERAGE_REASONS and analyzer.core.kinds, and a gap or a skip, never 'ok'."""
    collector = getattr(importlib.import_module(module), cls)()
    with scan_context(net, "voorbeeldstad.nl", deadline=10.0, wikidata=True) as ctx:
        result = collector.collect(ctx, findings())
        if collector.stage == "read":
            other = "mastodon" if name != "mastodon" else "x"
            elsewhere = collector.collect(ctx, findings(account(other, "a@b.example" if other == "mastodon" else "a")))
            assert (elsewhere.coverage.status, elsewhere.coverage.reason) == ("skipped", "no_accounts")
    assert result.collector == result.coverage.collector == name
    assert result.coverage.status in COVERAGE_STATUSES and result.coverage.status != "ok"
    assert result.coverage.reason in COVERAGE_REASONS
    if collector.stage == "read":
        assert (result.coverage.status, result.coverage.reason) == ("skipped", "no_accounts")
    for ev in result.evidence:
        assert ev.kind in EVIDENCE_KINDS and ev.collector == name
    assert result.accounts == ()
