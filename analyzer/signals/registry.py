"""The signal registry: every signal is a documented function registered under a stable name.

A signal function takes a `ScanView` and returns `(value, evidence_ids)`; `value` None means the
signal could not be observed (never 0 for "unknown"). The `@signal` decorator records the name,
the unit, the kind of value (count, number or bool) and the definition in English and Dutch, so
that `footprint signals`, the rule validator and the classifier all read one catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

KINDS: tuple[str, ...] = ("count", "number", "bool")

# The catalogue order (docs/briefs signal table); names are a public API: rename only with an alias.
ORDER: tuple[str, ...] = (
    "official_platforms", "verified_accounts", "observable_platforms", "unobservable_platforms",
    "active_platforms", "posts_per_week", "posts_per_week_total", "gap_regularity", "reply_share",
    "repost_share", "mention_response_rate", "median_response_minutes", "days_since_last_post",
    "department_accounts", "active_department_accounts", "staff_accounts", "staff_active", "policy_page", "webcare",
    "webcare_hours", "social_role", "community_platform", "ambassador_programme",
    "embedded_timeline", "share_buttons_only", "stopped_platform", "dormant_platforms_explained",
    "fediverse_accounts", "public_sector", "website_observed", "coverage_ratio",
    # added after the bundled model was trained: outside analyzer.features.FEATURES until a retrain
    "staff_posts_about_org",
)

SignalResult = tuple[Any, Iterable[str]]
# "Beyond any value a scan observes": the least mature value of an unbounded signal whose direction
# is -1 (days, minutes, irregularity). Finite, so the classifier's input stays a plain float matrix.
UNBOUNDED = 1e9


@dataclass(frozen=True)
class SignalDef:
    """One catalogue entry: name, unit, kind of value, definitions (en, nl) and its function."""

    name: str
    unit: str
    kind: str                      # count | number | bool
    definition: dict[str, str]     # {"en": ..., "nl": ...}
    nullable: bool                 # can be None (unobserved)
    fn: Callable[[Any], SignalResult] = field(repr=False, compare=False)
    # The signal's expected direction, declared here once and taken by the classifier as its
    # monotonic constraint: 1 = more never makes an organisation less mature, -1 = never more
    # mature, 0 = free (e.g. staff accounts are typical of both ad hoc and transformation).
    direction: int = field(default=0, compare=False)
    # The value the classifier sees when the signal is unobserved (analyzer.features.impute): the
    # value least favourable to maturity for a signal with a direction (0 for direction 1; for
    # direction -1 declared with the signal, e.g. UNBOUNDED days), 0 ("nothing found") for a free one.
    unobserved_as: float = field(default=0.0, compare=False)

    def describe(self, lang: str = "en") -> str:
        return self.definition.get(lang) or self.definition["en"]


_REGISTRY: dict[str, SignalDef] = {}


def signal(name: str, *, unit: str, kind: str, en: str, nl: str,
           nullable: bool = True, direction: int = 0,
           unobserved_as: float | None = None) -> Callable[[Callable[[Any], SignalResult]], Callable[[Any], SignalResult]]:
    """Register a signal function under `name` (which must be in ORDER)."""
    if kind not in KINDS:
        raise ValueError(f"signal {name}: kind {kind!r} not in {KINDS}")
    if direction not in (-1, 0, 1):
        raise ValueError(f"signal {name}: direction {direction!r} not in -1, 0, 1")
    if name not in ORDER:
        raise ValueError(f"signal {name}: not in the catalogue ORDER")
    if direction == -1 and nullable and unobserved_as is None:
        raise ValueError(f"signal {name}: direction -1 needs unobserved_as (its least mature value)")
    imputed = 0.0 if unobserved_as is None else float(unobserved_as)

    def register(fn: Callable[[Any], SignalResult]) -> Callable[[Any], SignalResult]:
        if name in _REGISTRY:
            raise ValueError(f"signal {name} registered twice")
        _REGISTRY[name] = SignalDef(name=name, unit=unit, kind=kind,
                                    definition={"en": en, "nl": nl}, nullable=nullable, fn=fn,
                                    direction=direction, unobserved_as=imputed)
        return fn

    return register


def registered() -> tuple[SignalDef, ...]:
    """The registered signals in catalogue order (a missing one is a programming error)."""
    missing = [n for n in ORDER if n not in _REGISTRY]
    if missing:
        raise RuntimeError(f"signals without a function: {', '.join(missing)}")
    return tuple(_REGISTRY[n] for n in ORDER)
