"""Frozen value types that every layer shares.

Collectors produce `Evidence`, `Account` and `Coverage`; the analyzer turns them into `Signal`s,
`RuleOutcome`s and an `Estimate`; `ScanResult` bundles one scan. Their JSON form is written once,
in `analyzer.core.serialize`. Nothing here touches the network, the disk or a third-party library.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

PHASES: tuple[str, ...] = ("ad_hoc", "experimental", "functional", "transformation")
PHASE_LABELS: dict[str, dict[str, str]] = {
    "ad_hoc": {"nl": "Ad hoc", "en": "Ad hoc"},
    "experimental": {"nl": "Experimenteel", "en": "Experimental"},
    "functional": {"nl": "Functioneel", "en": "Functional"},
    "transformation": {"nl": "Transformatie", "en": "Transformation"},
}
LANGS: tuple[str, ...] = ("en", "nl")

PLATFORMS: tuple[str, ...] = (
    "x", "facebook", "instagram", "linkedin", "youtube", "tiktok", "mastodon", "bluesky",
    "threads", "pinterest", "github", "xing", "telegram", "vimeo", "flickr", "whatsapp",
    "snapchat", "spotify", "soundcloud", "twitch",
)
ROLES: tuple[str, ...] = ("official", "department", "staff", "other")
OWNERSHIP: tuple[str, ...] = ("verified", "claimed", "doubtful")

COVERAGE_STATUSES: tuple[str, ...] = ("ok", "partial", "unavailable", "failed", "skipped")
COVERAGE_REASONS: tuple[str, ...] = (
    "no_token", "timeout", "refused", "connection_error", "dns_error", "tls_error",
    "blocked_by_robots", "rate_limited", "quota_exhausted", "http_error", "not_found",
    "too_large", "login_wall", "bot_wall", "private_address", "not_in_archive", "malformed",
    "unsupported_content", "redirect_loop", "too_many_redirects", "budget_exhausted",
    "disabled", "no_accounts", "suspended", "invalid_input", "internal_error",
)
SCAN_STATUSES: tuple[str, ...] = ("complete", "partial", "unobservable")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC with a trailing Z, or None."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Evidence:
    """One observation: what was seen, where, when, and by which collector.

    `id` is derived from the content (kind, platform, value, source URL, collector, parents), so the
    same observation gets the same id in every run: reports and stored scans can point at it.
    """

    id: str
    kind: str
    platform: str | None
    value: Any
    source_url: str | None
    observed_at: datetime
    excerpt: str | None
    collector: str
    derived_from: tuple[str, ...] = ()

    @classmethod
    def make(cls, *, kind: str, value: Any, collector: str, observed_at: datetime,
             platform: str | None = None, source_url: str | None = None,
             excerpt: str | None = None, derived_from: tuple[str, ...] = ()) -> "Evidence":
        value = _jsonable(value)
        if excerpt is not None:
            excerpt = " ".join(excerpt.split())[:300]
        key = json.dumps([kind, platform, value, source_url, collector, list(derived_from)],
                         sort_keys=True, ensure_ascii=False, default=str)
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        return cls(id=f"ev-{digest}", kind=kind, platform=platform, value=value,
                   source_url=source_url, observed_at=observed_at, excerpt=excerpt,
                   collector=collector, derived_from=tuple(derived_from))

@dataclass(frozen=True)
class Activity:
    """An account's activity at the scan's `as_of`, computed from the posts read (evidence kind
    `posts_read`) by analyzer.signals.activity_model, where every field is defined once (also shown
    by `footprint signals`). None = not observed; a read-but-silent account has 0 posts.
    """

    last_post_at: datetime | None = None
    active: bool | None = None
    posts_per_week: float | None = None
    window_days: float | None = None
    reply_share: float | None = None
    repost_share: float | None = None
    sample_size: int | None = None
    gap_cv: float | None = None
    mention_response_rate: float | None = None
    median_response_minutes: float | None = None
    mention_sample_size: int | None = None
    followers: int | None = None
    created_at: datetime | None = None
    source: str | None = None
    bounded_by: tuple[str, ...] = ()

@dataclass(frozen=True)
class Account:
    """An account on a social platform and what we know about who it belongs to.

    `role`: official (the organisation's main or sub-brand account), department (the
    organisation's own, for one department or region), staff (a person working there), other.
    `ownership`: verified (a back-link or domain proof), claimed (linked from the site only),
    doubtful. `platform_verified`: the platform's own badge, None when unknown.
    """

    platform: str
    handle: str
    url: str
    role: str = "official"
    ownership: str = "claimed"
    platform_verified: bool | None = None
    evidence: tuple[str, ...] = ()
    activity: Activity | None = None
    name: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.handle)

    def with_(self, **changes: Any) -> "Account":
        return replace(self, **changes)

@dataclass(frozen=True)
class Coverage:
    """Whether a collector could observe what it is for; `reason` from COVERAGE_REASONS."""

    collector: str
    status: str
    reason: str | None = None
    detail: str | None = None

@dataclass(frozen=True)
class CollectorResult:
    """What one collector returns: evidence, accounts (new or updated), and its coverage."""

    collector: str
    coverage: Coverage
    evidence: tuple[Evidence, ...] = ()
    accounts: tuple[Account, ...] = ()


@dataclass(frozen=True)
class Signal:
    """A named feature derived from evidence; value None = unobserved."""

    name: str
    value: Any
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleOutcome:
    id: str
    phase: str
    weight: float
    fired: bool | None
    reason: dict[str, str]
    next_step: dict[str, str]
    evidence: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()

@dataclass(frozen=True)
class Estimate:
    """The verdict: phase (None when it cannot be estimated), probabilities and why."""

    phase: str | None
    probabilities: dict[str, float] | None
    confidence: float
    confidence_reasons: tuple[dict[str, str], ...] = ()
    rules: tuple[RuleOutcome, ...] = ()
    next_steps: tuple[dict[str, str], ...] = ()
    method: str = "none"
    ruleset: str | None = None
    model: str | None = None


@dataclass(frozen=True)
class Target:
    """A normalised organisation: `key` identifies it (host, or host + path), `host` is punycode."""

    input: str
    key: str
    host: str
    display: str
    start_url: str
    path: str = ""
    kind: str = "domain"  # domain | url | email


@dataclass(frozen=True)
class Collected:
    """What the collectors observed for one organisation, before any scoring: what a distributed
    worker sends back (the client scores it with its own rules and model)."""

    target: Target
    scanned_at: datetime
    as_of: datetime
    accounts: tuple[Account, ...]
    evidence: tuple[Evidence, ...]
    coverage: dict[str, Coverage]
    version: str


@dataclass(frozen=True)
class ScanResult:
    """One finished scan: everything the store, the CLI and the report need."""

    target: Target
    scanned_at: datetime
    as_of: datetime
    status: str
    accounts: tuple[Account, ...]
    evidence: tuple[Evidence, ...]
    coverage: dict[str, Coverage]
    signals: dict[str, Signal]
    estimate: Estimate
    version: str
    scan_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
