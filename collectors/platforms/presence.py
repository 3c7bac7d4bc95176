"""Presence on platforms whose activity footprint cannot read: login walls, and the rest.

Facebook, Instagram, LinkedIn, TikTok, Threads and the like show little or nothing without a
login, and footprint never logs in or scrapes behind a wall. For every official or department
account the website linked on such a platform this collector records a "presence" evidence with
`exists: null` and `why: "login_walled"` (or `"not_read"` for platforms that are open but have no
activity reader). Their activity stays unobserved, which the coverage says (partial, login_wall).

With `settings.presence_check` on, each profile gets one GET with three outcomes, never two:
exists (an ordinary profile page), absent (a clean 404 or 410), or unknown (a login wall, a bot
wall, 999, 403, 429, robots.txt, or any other fault). Requests per account: at most 1.
"""
from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from analyzer.core.types import PLATFORMS, Account, Coverage
from collectors.base import Findings, ScanContext
from collectors.http import FetchError
from collectors.platforms import common
from collectors.platforms.common import AccountRead

LOGIN_WALLED = ("facebook", "instagram", "linkedin", "tiktok", "threads", "pinterest", "xing",
                "snapchat", "whatsapp")
_LOGIN_PATH = re.compile(r"/(login|log-in|signin|sign-in|authwall|accounts/login|uas/login|checkpoint)\b", re.I)
_LOGIN_TEXT = ("log in to facebook", "log into facebook", "login • instagram", "sign up | linkedin",
               "log in to continue", "sign in to view", "log in to see", "inloggen om verder te gaan",
               'type="password"', "type='password'")


class _NotReadElsewhere:
    """Every platform that no activity collector reads. Asked of the registry on first use: the
    registry lists this collector too, so the answer cannot be known while this module loads."""

    def __get__(self, obj: object, owner: type) -> tuple[str, ...]:
        from collectors.registry import activity_readers

        return tuple(p for p in PLATFORMS if p not in activity_readers())


class PresenceCollector:
    name = "presence"
    platforms = _NotReadElsewhere()
    stage = "read"
    reads = "presence"
    coverage_role = "auxiliary"
    label = {"en": "Login-walled platforms", "nl": "Platforms achter een login"}
    phrase = {"en": "the presence check", "nl": "de aanwezigheidscontrole"}

    def collect(self, ctx: ScanContext, findings: Findings):
        accounts = [a for p in self.platforms for a in findings.official(p)]
        if not accounts:
            return common.skipped(self.name, "login-walled")
        reads = common.read_all(ctx, accounts, lambda a: _presence(ctx, a))
        res = common.result(ctx, self.name, "presence", findings, reads)
        walled = sorted({a.platform for a in accounts if a.platform in LOGIN_WALLED})
        if walled and res.coverage.status == "ok":
            res = replace(res, coverage=Coverage(
                self.name, "partial", "login_wall",
                "present, activity not observable without login: " + ", ".join(walled)))
        return res


def _presence(ctx: ScanContext, account: Account) -> AccountRead:
    out = AccountRead(account, observed=True)
    why = "login_walled" if account.platform in LOGIN_WALLED else "not_read"
    value = {"exists": None, "why": why, "checked": False}
    excerpt = None
    if ctx.settings.presence_check:
        value, excerpt = check(ctx, account, why)
        if value["exists"] is False:
            # A clean 404 says the profile is not there: the link (or a registry) was wrong, so the
            # account is no longer counted as the organisation's own on any signal.
            out.account = out.account.with_(ownership="doubtful")
    out.add(common.evidence(ctx, "presence", "presence", account.platform, value, account.url, excerpt))
    return out


def check(ctx: ScanContext, account: Account, why: str) -> tuple[dict, str | None]:
    """One GET: exists (True), absent (False, clean 404/410) or unknown (None, with the reason)."""
    try:
        resp = ctx.fetcher.get(account.url, purpose="page")
    except FetchError as exc:
        if exc.status in (404, 410):
            return {"exists": False, "why": f"http_{exc.status}", "checked": True}, None
        reason = "bot_wall" if exc.status == 999 else exc.reason
        return {"exists": None, "why": reason, "checked": True, "status": exc.status}, exc.detail
    if resp.status == 999:
        return {"exists": None, "why": "bot_wall", "checked": True, "status": 999}, None
    head = resp.body[:300_000].decode("utf-8", errors="replace").lower()
    path = urlsplit(resp.final_url).path
    if _LOGIN_PATH.search(path) or any(marker in head for marker in _LOGIN_TEXT):
        return {"exists": None, "why": "login_wall", "checked": True, "status": resp.status}, None
    if resp.status == 200:
        return {"exists": True, "why": "profile_page", "checked": True, "status": 200}, _title(head)
    return {"exists": None, "why": why, "checked": True, "status": resp.status}, None


def _title(text: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", text, re.S)
    return m.group(1).strip()[:200] if m else None
