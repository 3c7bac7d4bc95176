"""What every collector is: a named source that turns a scan context into a CollectorResult.

Collectors run in the explicit order of `collectors.registry.COLLECTORS`: the website first (it
discovers accounts), then the platform collectors, each given the accounts found so far. A
collector never scores anything, and a collector that cannot run (no token, blocked, down) says
so in its `Coverage`, never by returning "no activity".
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Protocol

from analyzer.core.settings import Settings
from analyzer.core.types import Account, CollectorResult, Evidence, Target
from collectors.http import Fetcher


@dataclass(frozen=True)
class UserCorrection:
    """`--account PLATFORM:HANDLE` (action add) or `--not-account PLATFORM:HANDLE` (remove)."""

    action: str  # add | remove
    platform: str
    handle: str


@dataclass(frozen=True)
class ScanContext:
    target: Target
    settings: Settings
    fetcher: Fetcher
    now: datetime                      # "as of": now, or the capture time when replaying
    deadline: float                    # time.monotonic() after which no new work starts
    corrections: tuple[UserCorrection, ...] = ()

    def time_left(self) -> float:
        return self.deadline - time.monotonic()


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


class Collector(Protocol):
    name: ClassVar[str]
    platforms: ClassVar[tuple[str, ...]]   # platforms whose accounts it reads; () for the website

    def collect(self, ctx: ScanContext, findings: Findings) -> CollectorResult: ...
