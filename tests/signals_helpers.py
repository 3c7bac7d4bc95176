"""Hand-built scans for signal and rule tests: accounts, evidence and coverage as collectors make them."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from analyzer.core.serialize import activity_to_dict
from analyzer.core.types import Account, Activity, Coverage, Evidence

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def ev(kind: str, value, *, platform: str | None = None, url: str = "https://example.nl/",
       collector: str = "website", derived_from: tuple[str, ...] = ()) -> Evidence:
    return Evidence.make(kind=kind, value=value, platform=platform, source_url=url, collector=collector,
                         observed_at=NOW, excerpt=f"{kind} seen on {url}", derived_from=derived_from)


def page(url: str = "https://example.nl/", title: str = "Example", role: str = "home", status: int = 200) -> Evidence:
    return ev("page_fetched", {"status": status, "final_url": url, "title": title, "lang": "nl", "role": role}, url=url)


def link(platform: str, handle: str, role: str = "official", url: str = "https://example.nl/") -> Evidence:
    return ev("account_link", {"platform": platform, "handle": handle, "url": f"https://{platform}.example/{handle}",
                               "location": "footer", "role": role, "shape": "profile"}, url=url)


def activity(*, days_ago: float | None = 1, ppw: float | None = 3.0, sample: int | None = 20,
             reply: float | None = 0.1, repost: float | None = 0.05, gap_cv: float | None = 0.9,
             mention_rate: float | None = None, mention_sample: int | None = None,
             response_minutes: float | None = None, active: bool | None = None) -> Activity:
    last = NOW - timedelta(days=days_ago) if days_ago is not None else None
    if active is None and last is not None:
        active = days_ago <= 30
    return Activity(last_post_at=last, active=active, posts_per_week=ppw, window_days=90, reply_share=reply,
                    repost_share=repost, sample_size=sample, gap_cv=gap_cv, mention_response_rate=mention_rate,
                    mention_sample_size=mention_sample, median_response_minutes=response_minutes)


def account(platform: str, handle: str, *, role: str = "official", ownership: str = "claimed",
            act: Activity | None = None, verified: bool | None = None,
            evidence: tuple[str, ...] | None = None) -> tuple[Account, tuple[Evidence, ...]]:
    """An account with the evidence that found it (an account_link) and, if read, its activity evidence."""
    found = link(platform, handle, role=role if role != "department" else "department")
    evs = [found]
    if act is not None and act.sample_size is not None:
        evs.append(ev("activity", activity_to_dict(act), platform=platform, url=f"https://{platform}.example/{handle}",
                      collector=platform, derived_from=(found.id,)))
    ids = evidence if evidence is not None else (found.id,)
    acc = Account(platform=platform, handle=handle, url=f"https://{platform}.example/{handle}", role=role,
                  ownership=ownership, platform_verified=verified, evidence=ids, activity=act)
    return acc, tuple(evs)


def coverage(**statuses: str) -> dict[str, Coverage]:
    """coverage(website="ok", x="unavailable") -> {name: Coverage}; reasons filled in for gaps."""
    reasons = {"ok": None, "partial": "timeout", "skipped": "no_accounts", "unavailable": "no_token",
               "failed": "connection_error"}
    return {name: Coverage(collector=name, status=status, reason=reasons[status]) for name, status in statuses.items()}


def scan(*items: tuple[Account, tuple[Evidence, ...]], extra: tuple[Evidence, ...] = (),
         pages: tuple[Evidence, ...] | None = None) -> tuple[tuple[Account, ...], tuple[Evidence, ...]]:
    """(accounts, evidence) from account() results, the pages read and extra evidence."""
    accounts = tuple(a for a, _ in items)
    evidence = tuple(pages if pages is not None else (page(),)) + tuple(e for _, evs in items for e in evs) + extra
    return accounts, evidence
