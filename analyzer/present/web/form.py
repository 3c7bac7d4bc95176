"""The review form of an organisation page, posted back: fields -> a Review.

Accounts and rules are named by their position in the scan the page showed (`account-3`,
`rule-7`); the scan id travels in the form, so a rescan between showing and posting cannot make a
verdict land on another account.
"""
from __future__ import annotations

from analyzer.core.errors import UsageError
from analyzer.core.types import ScanResult
from analyzer.present.report.view import STAFF
from analyzer.store.reviews import AccountVerdict, Review, RuleVerdict


def reviewable_accounts(result: ScanResult):
    """The accounts a reviewer judges: the organisation's own (staff accounts are personal data)."""
    return [a for a in result.accounts if a.role != STAFF]


def reviewable_rules(result: ScanResult):
    return list(result.estimate.rules)


def parse_review(form: dict[str, str], key: str, result: ScanResult) -> Review:
    accounts = reviewable_accounts(result)
    rules = reviewable_rules(result)
    verdicts = []
    for i, a in enumerate(accounts):
        choice = form.get(f"account-{i}", "")
        if choice in ("accept", "reject"):
            verdicts.append(AccountVerdict(a.platform, a.handle, choice))
    for item in form.get("add", "").replace(",", " ").split():
        platform, sep, handle = item.partition(":")
        if not sep or not handle:
            raise UsageError(f"add {item!r}: expected platform:handle, e.g. x:gemeente")
        verdicts.append(AccountVerdict(platform.strip().lower(), handle.strip().lstrip("@"), "add"))
    rule_verdicts = [RuleVerdict(r.id, form[f"rule-{i}"]) for i, r in enumerate(rules)
                     if form.get(f"rule-{i}") in ("agree", "dispute")]
    review = Review(key=key, scan_id=result.scan_id, reviewer=form.get("reviewer", ""),
                    phase=form.get("phase") or None, note=form.get("note", ""),
                    accounts=tuple(verdicts), rules=tuple(rule_verdicts))
    review.check()
    return review
