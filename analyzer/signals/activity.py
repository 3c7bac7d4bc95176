"""Signals about what the official accounts do: activity, cadence, regularity and conversation.

Every value rests only on accounts whose activity was actually read (`sample_size` not None); a
platform that could not be read counts in `unobservable_platforms`, never as "no activity".
"""
from __future__ import annotations

from analyzer.signals.registry import UNBOUNDED, signal
from analyzer.signals.view import ScanView, _aware

MIN_SHARE_SAMPLE = 5   # a share from fewer than 5 posts says nothing
MIN_GAP_SAMPLE = 5      # regularity needs at least 5 posts (4 gaps)


def _ids(view: ScanView, accounts) -> list[str]:
    return [i for a in accounts for i in view.account_ids(a, with_activity=True)]


@signal("observable_platforms", direction=1, unit="count", kind="count", nullable=False,
        en="Platforms with an official account whose activity could be read.",
        nl="Platforms met een officieel account waarvan de activiteit gelezen kon worden.")
def observable_platforms(view: ScanView):
    accounts = view.observed_official
    return len({a.platform for a in accounts}), _ids(view, accounts)


@signal("unobservable_platforms", direction=-1, unit="count", kind="count", nullable=False,
        en="Platforms with an official account whose activity could not be read (login wall, no access "
           "or the collector failed).",
        nl="Platforms met een officieel account waarvan de activiteit niet gelezen kon worden (inlogmuur, "
           "geen toegang of de collector faalde).")
def unobservable_platforms(view: ScanView):
    seen = {a.platform for a in view.observed_official}
    accounts = [a for a in view.official if a.platform not in seen]
    return len({a.platform for a in accounts}), [i for a in accounts for i in a.evidence]


@signal("active_platforms", direction=1, unit="count", kind="count",
        en="Platforms with an official account that posted in the last 30 days. None when no official "
           "account's activity could be read.",
        nl="Platforms met een officieel account dat in de laatste 30 dagen iets plaatste. Leeg als van geen "
           "enkel officieel account de activiteit gelezen kon worden.")
def active_platforms(view: ScanView):
    accounts = view.observed_official
    if not accounts:
        return None, ()
    active = [a for a in accounts if view.is_active(a)]
    return len({a.platform for a in active}), _ids(view, active or accounts)


def _rated(view: ScanView):
    return [a for a in view.observed_official if a.activity.posts_per_week is not None]


@signal("posts_per_week", direction=1, unit="posts/week", kind="number",
        en="Posts per week on the busiest official account (best channel).",
        nl="Berichten per week op het drukste officiële account (beste kanaal).")
def posts_per_week(view: ScanView):
    accounts = _rated(view)
    if not accounts:
        return None, ()
    best = max(accounts, key=lambda a: a.activity.posts_per_week)
    return round(best.activity.posts_per_week, 3), _ids(view, [best])


@signal("posts_per_week_total", direction=1, unit="posts/week", kind="number",
        en="Posts per week summed over the official accounts that could be read.",
        nl="Berichten per week opgeteld over de officiële accounts die gelezen konden worden.")
def posts_per_week_total(view: ScanView):
    accounts = _rated(view)
    if not accounts:
        return None, ()
    return round(sum(a.activity.posts_per_week for a in accounts), 3), _ids(view, accounts)


@signal("gap_regularity", direction=-1, unobserved_as=UNBOUNDED, unit="ratio", kind="number",
        en="Lowest coefficient of variation of the gaps between posts over active official accounts with at "
           "least 5 posts read; lower is more regular (0 = clockwork, about 1 = random).",
        nl="Laagste variatiecoëfficiënt van de tussenpozen tussen berichten over actieve officiële accounts met "
           "minstens 5 gelezen berichten; lager is regelmatiger (0 = als een klok, ongeveer 1 = willekeurig).")
def gap_regularity(view: ScanView):
    accounts = [a for a in view.observed_official
                if view.is_active(a) and a.activity.gap_cv is not None
                and a.activity.sample_size >= MIN_GAP_SAMPLE]
    if not accounts:
        return None, ()
    best = min(accounts, key=lambda a: a.activity.gap_cv)
    return round(best.activity.gap_cv, 4), _ids(view, [best])


def _best(view: ScanView, field: str):
    """The best official account's share among those with at least MIN_SHARE_SAMPLE posts read in
    the window. The best account's figure, not a pooled one: taking an account away (or its
    collector failing) can never raise it, where a pooled share rises when a quiet account goes."""
    accounts = [a for a in view.observed_official if getattr(a.activity, field) is not None
                and (a.activity.sample_size or 0) >= MIN_SHARE_SAMPLE]
    if not accounts:
        return None, ()
    best = max(accounts, key=lambda a: getattr(a.activity, field))
    return round(getattr(best.activity, field), 4), _ids(view, [best])


@signal("reply_share", direction=1, unit="ratio", kind="number",
        en="Replies to other accounts per own post on the official account that replies most, among those "
           "with at least 5 posts in the window (None when there is none).",
        nl="Antwoorden aan andere accounts per eigen bericht op het officiële account dat het meest antwoordt, "
           "van de accounts met minstens 5 berichten in het venster (leeg als er geen is).")
def reply_share(view: ScanView):
    return _best(view, "reply_share")


# Direction 1: passing on partners' and stakeholders' posts is part of the networked use of the
# later phases; on the simulated set the share hardly differs by phase, so the constraint costs
# nothing, and a free signal could let a removed account raise the estimate.
@signal("repost_share", direction=1, unit="ratio", kind="number",
        en="Reposts per own post on the official account that reposts most, among those with at least 5 "
           "posts in the window (None when there is none).",
        nl="Doorgeplaatste berichten per eigen bericht op het officiële account dat het meest doorplaatst, van "
           "de accounts met minstens 5 berichten in het venster (leeg als er geen is).")
def repost_share(view: ScanView):
    return _best(view, "repost_share")


@signal("mention_response_rate", direction=1, unit="ratio", kind="number",
        en="Questions answered per question asked in the window, on the official account that answers best, "
           "where questions could be read: replies under the organisation's posts and posts mentioning it, by other accounts "
           "(X mentions; Bluesky and Mastodon reply threads, Bluesky mention search). So it stands when X is "
           "unreadable.",
        nl="Beantwoorde vragen per gestelde vraag in het venster, op het officiële account dat het best antwoordt, "
           "waar vragen gelezen konden worden: reacties onder berichten van de organisatie en berichten die haar noemen, door "
           "andere accounts (X-vermeldingen; reactiedraden op Bluesky en Mastodon, Bluesky-zoeken). Zo blijft het "
           "staan als X niet leesbaar is.")
def mention_response_rate(view: ScanView):
    # the best account's rate (as for the shares above): taking an account away never raises it
    accounts = [a for a in view.official
                if a.activity is not None and a.activity.mention_response_rate is not None]
    if not accounts:
        return None, ()
    best = max(accounts, key=lambda a: a.activity.mention_response_rate)
    return round(best.activity.mention_response_rate, 4), _ids(view, [best])


@signal("median_response_minutes", direction=-1, unit="minutes", kind="number", unobserved_as=UNBOUNDED,
        en="Median minutes from a question to the organisation's answer, on the official account that answers "
           "fastest (its median).",
        nl="Mediaan aantal minuten tussen een vraag en het antwoord van de organisatie, op het officiële account "
           "dat het snelst antwoordt (de mediaan daarvan).")
def median_response_minutes(view: ScanView):
    # the fastest account's median: taking an account away never makes the organisation faster
    accounts = [a for a in view.official
                if a.activity is not None and a.activity.median_response_minutes is not None]
    if not accounts:
        return None, ()
    best = min(accounts, key=lambda a: a.activity.median_response_minutes)
    return round(best.activity.median_response_minutes, 1), _ids(view, [best])


@signal("days_since_last_post", direction=-1, unobserved_as=UNBOUNDED, unit="days", kind="number",
        en="Days from the most recent post on any official account to the time of the scan.",
        nl="Dagen tussen het laatste bericht op een officieel account en het moment van de scan.")
def days_since_last_post(view: ScanView):
    accounts = [a for a in view.official if a.activity is not None and a.activity.last_post_at is not None]
    if not accounts:
        return None, ()
    latest = max(accounts, key=lambda a: _aware(a.activity.last_post_at))
    days = (view.now - _aware(latest.activity.last_post_at)).total_seconds() / 86400
    return round(max(days, 0.0), 2), _ids(view, [latest])
