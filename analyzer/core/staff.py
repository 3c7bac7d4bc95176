"""What the reads of staff accounts keep: aggregates only, never who posted what.

Staff accounts are personal data. Their read (collectors.platforms.staff) keeps, per account read,
only when each post of the window was made and whether it was about the organisation: no handle,
no post id, no URL, no text, and the accounts in no order that ties them back to a person. One
`staff_read` evidence record per scan holds them all, so that `staff_active` and
`staff_posts_about_org` are computed at the scan's `as_of` like every other activity figure.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from analyzer.core.types import iso, parse_iso

KIND = "staff_read"
STAFF_READS = 10   # staff accounts read per scan, at most (collectors.platforms.staff)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class StaffPost:
    """One post (or repost) of a staff account: when, and whether it was about the organisation."""

    created_at: datetime
    about_org: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"created_at": iso(self.created_at)}
        if self.about_org:
            out["about_org"] = True
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "StaffPost":
        return cls(parse_iso(d["created_at"]), bool(d.get("about_org")))


@dataclass(frozen=True)
class StaffAccountRead:
    """One staff account's read, anonymous. `covers_window`: the read reached back to the window's
    start (or the account's whole history), so a count over it is complete, not a lower bound."""

    platform: str
    posts: tuple[StaffPost, ...] = ()
    covers_window: bool = True

    def active(self, as_of: datetime, days: int) -> bool:
        start = _aware(as_of) - timedelta(days=days)
        return any(start <= _aware(p.created_at) <= _aware(as_of) for p in self.posts)

    def about_org(self, as_of: datetime, days: int) -> int:
        start = _aware(as_of) - timedelta(days=days)
        return sum(1 for p in self.posts if p.about_org and start <= _aware(p.created_at) <= _aware(as_of))

    def to_json(self) -> dict[str, Any]:
        return {"platform": self.platform, "covers_window": self.covers_window,
                "posts": [p.to_json() for p in self.posts]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "StaffAccountRead":
        return cls(str(d["platform"]), tuple(StaffPost.from_json(p) for p in d.get("posts") or ()),
                   bool(d.get("covers_window", True)))


@dataclass(frozen=True)
class StaffReads:
    """The staff accounts of one scan as read: `found` on platforms that can be read, `cap` the most
    one scan reads, `failed` reads that gave nothing, `not_read` over the cap or out of the budget
    (or on X without a token), and the anonymous reads that succeeded."""

    found: int
    cap: int
    failed: int = 0
    not_read: int = 0
    accounts: tuple[StaffAccountRead, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"found": self.found, "cap": self.cap, "read": len(self.accounts), "failed": self.failed,
                "not_read": self.not_read, "accounts": [a.to_json() for a in self.accounts]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "StaffReads":
        return cls(found=int(d.get("found") or 0), cap=int(d.get("cap") or 0), failed=int(d.get("failed") or 0),
                   not_read=int(d.get("not_read") or 0),
                   accounts=tuple(StaffAccountRead.from_json(a) for a in d.get("accounts") or ()))
