"""The X read of a staff account (only with a token): user lookup and one timeline page.

Two requests per account; the page's posts are counted against the monthly X read budget
(collectors.platforms.x_budget), like the official accounts' reads.
"""
from __future__ import annotations

from collectors.base import ScanContext
from collectors.platforms import staff_parse
from collectors.platforms.common import Gap
from collectors.platforms.x import MIN_PAGE, _call
from collectors.platforms.x_budget import budget_for
from collectors.platforms.x_client import make_client
from collectors.platforms.x_parse import USER_FIELDS, api_error, parse_user

FIELDS = ["created_at", "entities"]


class XStaffReader:
    def __init__(self, ctx: ScanContext, posts: int):
        settings = ctx.settings
        if not settings.x_bearer_token:   # a replay: the archive answers, no credential is sent
            settings = settings.with_(x_bearer_token="replay-without-token")
        self.client = make_client(settings, ctx.fetcher.session)
        self.budget = budget_for(settings.data_dir() / "x-budget.json", settings.x_monthly_reads, ctx.now,
                                 spend=not settings.replay)
        self.posts = posts

    def __call__(self, ctx: ScanContext, account):
        user = _call(lambda: parse_user(self.client.get_user(username=account.handle,
                                                             user_fields=USER_FIELDS)), "user lookup")
        granted = self.budget.take(self.posts)
        if granted < MIN_PAGE:
            self.budget.give_back(granted)
            raise Gap("quota_exhausted", "the monthly X read budget is spent")
        used = 0
        try:
            data = _call(lambda: self.client.get_users_tweets(user.id, max_results=granted,
                                                              tweet_fields=FIELDS), "timeline")
            err = api_error(data) if isinstance(data, dict) else None
            if err and err.reason != "not_found":
                raise Gap(err.reason, "timeline")
            items, token = _call(lambda: staff_parse.x(data), "timeline")
            used = len(items)
            return items, token is None
        finally:
            self.budget.give_back(granted - used)
