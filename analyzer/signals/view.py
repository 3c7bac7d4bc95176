"""ScanView: one scan's accounts, evidence and coverage, indexed once for the signal functions."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Mapping

from analyzer.core.types import Account, Coverage, Evidence
from analyzer.signals.activity_model import ACTIVE_DAYS, attach_activity

OFFICIAL_ROLES = ("official", "department")
ACTIVITY_KINDS = ("posts_read", "activity", "mentions", "post", "profile", "ownership_proof")
OBSERVED_WEBSITE = ("ok", "partial")


def is_official(account: Account) -> bool:
    """An organisation's own account: role official or department, ownership not doubtful."""
    return account.role in OFFICIAL_ROLES and account.ownership != "doubtful"


def observed(account: Account) -> bool:
    """Whether the account's activity could be read (Activity present with a sample size)."""
    return account.activity is not None and account.activity.sample_size is not None


@dataclass(frozen=True)
class ScanView:
    accounts: tuple[Account, ...]
    evidence: tuple[Evidence, ...]
    coverage: Mapping[str, Coverage]
    now: datetime
    domain: str | None = None
    by_kind: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, accounts, evidence, coverage, now: datetime, domain: str | None = None) -> "ScanView":
        kinds: dict[str, list[Evidence]] = defaultdict(list)
        for ev in evidence:
            kinds[ev.kind].append(ev)
        if now.tzinfo is None:
            now = now.replace(tzinfo=timezone.utc)
        evidence = tuple(evidence)
        # Activity is computed here, at `now`, from the posts read: never taken from the collector's clock.
        accounts = attach_activity(accounts, evidence, now)
        return cls(accounts=tuple(accounts), evidence=tuple(evidence), coverage=dict(coverage or {}),
                   now=now, domain=domain, by_kind={k: tuple(v) for k, v in kinds.items()})

    # --- accounts -----------------------------------------------------------------------------

    @property
    def official(self) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if is_official(a))

    @property
    def staff(self) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if a.role == "staff")

    @property
    def observed_official(self) -> tuple[Account, ...]:
        return tuple(a for a in self.official if observed(a))

    def kind(self, kind: str) -> tuple[Evidence, ...]:
        return self.by_kind.get(kind, ())

    def account_ids(self, account: Account, with_activity: bool = False) -> list[str]:
        """The evidence ids an account rests on; with its activity evidence when asked."""
        ids = list(account.evidence)
        if with_activity:
            own = set(account.evidence)
            for ev in self.evidence:
                if ev.kind not in ACTIVITY_KINDS or ev.platform != account.platform or ev.id in own:
                    continue
                value = ev.value if isinstance(ev.value, dict) else {}
                if own.intersection(ev.derived_from) or value.get("handle") == account.handle:
                    ids.append(ev.id)
        return ids

    def is_active(self, account: Account) -> bool | None:
        """The collector's `active`, else a last post within 30 days, else None (unknown)."""
        act = account.activity
        if act is None:
            return None
        if act.active is not None:
            return act.active
        if act.last_post_at is not None:
            return self.now - _aware(act.last_post_at) <= timedelta(days=ACTIVE_DAYS)
        return None

    # --- website ------------------------------------------------------------------------------

    @property
    def website_observed(self) -> bool:
        """The website collector read at least the homepage (coverage ok or partial)."""
        cov = self.coverage.get("website")
        if cov is not None:
            return cov.status in OBSERVED_WEBSITE
        return any(_page_ok(ev) for ev in self.kind("page_fetched"))

    @property
    def pages(self) -> tuple[Evidence, ...]:
        return tuple(ev for ev in self.kind("page_fetched") if _page_ok(ev))


def _page_ok(ev: Evidence) -> bool:
    status = ev.value.get("status") if isinstance(ev.value, dict) else None
    return not isinstance(status, int) or status < 400


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
