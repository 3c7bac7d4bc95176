"""The one decision of a scan's status: complete, partial or unobservable.

The estimate, the scan JSON, the store, the batch and the report all take the status from here
(through the ScanResult), so no layer can call an organisation unobservable while another gives it
a phase: an unobservable scan has no phase and no probabilities, and the JSON schema refuses
anything else.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from analyzer.core.types import Account, Coverage

OK_STATUSES = ("ok", "skipped")
READ = ("ok", "partial")


def scan_status(accounts: Iterable[Account], coverage: Mapping[str, Coverage]) -> str:
    """`unobservable` when nothing about the organisation was read, `complete` when every
    collector ran fully, `partial` otherwise."""
    accounts = tuple(accounts)
    website = coverage.get("website")
    website_failed = website is None or website.status in ("failed", "unavailable")
    # With the website unread, a source that answered but found no account (Wikidata without an
    # item) observed nothing about the organisation: the estimate has no phase, so nor does the scan.
    others_read = any(c.status in READ for n, c in coverage.items() if n != "website" and c.status != "skipped")
    if website_failed and (not accounts or not others_read):
        return "unobservable"
    if all(c.status in OK_STATUSES for c in coverage.values()):
        return "complete"
    return "partial"
