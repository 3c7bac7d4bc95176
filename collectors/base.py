"""What every collector is: a named source that turns a scan context into a CollectorResult.

Collectors run in the explicit order of `collectors.registry.COLLECTORS`: the discoverers first
(the website, and Wikidata beside it: each on no findings, merged in registry order), then the
readers in parallel, each given the accounts found so far; a discoverer may hand its first
accounts over early (`ScanContext.found_early`), and the readers then start on those while it
reads on (analyzer/schedule.py). A collector never scores anything, and a collector that cannot run (no token, blocked, down) says
so in its `Coverage`, never by returning "no activity".
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, ClassVar, Protocol

from analyzer.core.corrections import UserCorrection
from analyzer.core.settings import Settings
from analyzer.core.types import Account, CollectorResult, Evidence, Target
from collectors.http import Fetcher


@dataclass(frozen=True)
class ScanContext:
    target: Target
    settings: Settings
    fetcher: Fetcher
    now: datetime                      # "as of": now, or the capture time when replaying
    deadline: float                    # time.monotonic() after which no new work starts
    corrections: tuple[UserCorrection, ...] = ()
    # when the website's further pages must be read by (its share of the budget, so that a site
    # that hangs cannot starve the platform collectors); the homepage may use the whole budget
    crawl_deadline: float = float("inf")
    # the scan's ear for what a discoverer found before it ends (see `found_early`)
    early: Callable[[CollectorResult], None] | None = field(default=None, compare=False)

    def time_left(self) -> float:
        return self.deadline - time.monotonic()

    def found_early(self, result: CollectorResult) -> None:
        """A discoverer hands over what it has found so far (the website: the homepage's accounts),
        so that the platform readers can start on it while it reads on. The discoverer's final
        result still counts in full; nothing happens when no scan listens."""
        if self.early is not None:
            self.early(result)


@dataclass(frozen=True)
class Findings:
    """What earlier collectors found: the accounts so far and all evidence so far."""

    accounts: tuple[Account, ...] = ()
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    only: frozenset[tuple[str, str]] | None = None   # a second pass reads just these accounts

    def official(self, platform: str) -> tuple[Account, ...]:
        """The organisation's own accounts on `platform` that a collector should read."""
        return tuple(a for a in self.accounts
                     if a.platform == platform and a.role in ("official", "department")
                     and a.ownership != "doubtful" and (self.only is None or a.key in self.only))


# discover: side by side, first, merged in registry order; read: in parallel after (from the
# homepage's accounts on); follow: after the read passes, on
# what they found (the staff accounts named in bios and found by actor search included)
STAGES = ("discover", "read", "follow")
READS = ("accounts", "activity", "presence", "staff")    # what a collector observes
COVERAGE_ROLES = ("primary", "platform", "auxiliary")  # how much its gap weighs (analyzer.estimate)


class Collector(Protocol):
    """A source of evidence. Its facts are class attributes, read from `collectors.registry`
    by everything that needs them (the scan's order, the estimate, the signals, the simulator,
    the labels people read), so a new collector is declared in one place:

    - `name`: its id in coverage and evidence (`collector`), stable (an API);
    - `stage`: "discover" (finds the organisation's accounts; runs first, beside the other
      discoverers and on no findings, its result merged in registry order: an account an earlier
      discoverer found keeps its facts and gains the later one's evidence),
      "read" (reads the accounts found so far; runs in parallel after the discoverers) or
      "follow" (runs after the read passes, on everything they found);
    - `reads`: "accounts" (discovers accounts), "activity" (reads posts of the accounts on
      `platforms`), "presence" (records that accounts exist where activity cannot be read) or
      "staff" (a small, aggregated read of the staff accounts on `platforms`);
    - `platforms`: platforms whose accounts it reads; () for a discoverer;
    - `coverage_role`: "primary" (nothing is observable without it: the website), "platform"
      (an activity reader) or "auxiliary"; the estimate lowers its confidence by it on a gap;
    - `label`: its name as a title, `phrase`: as it reads inside a sentence, both {en, nl}.

    Optionally a classmethod `prepare(settings, findings)`, called on the scan's own thread before
    the readers start: it imports what `collect` will need but only some scans use (a first import
    inside a collector thread can deadlock on a module lock), so a scan imports no more than it uses.
    """

    name: ClassVar[str]
    stage: ClassVar[str]
    reads: ClassVar[str]
    platforms: ClassVar[tuple[str, ...]]
    coverage_role: ClassVar[str]
    label: ClassVar[dict[str, str]]
    phrase: ClassVar[dict[str, str]]

    def collect(self, ctx: ScanContext, findings: Findings) -> CollectorResult: ...
