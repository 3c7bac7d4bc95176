"""Signals about what the official accounts do: activity, cadence, regularity and conversation.

Every value rests only on accounts whose activity was actually read (`sample_size` not None); a
platform that could not be read counts in `unobservable_platforms`, never as "no activity".
"""
from __future__ import annotations

import statistics

from analyzer.signals.registry import UNBOUNDED, signal
from analyzer.signals.view import ScanView, _aware

MIN_POOLED_SAMPLE = 5   # a share pooled from fewer than 5 posts says nothing
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


def _pooled(view: ScanView, field: str):
    accounts = [a for a in view.observed_official if getattr(a.activity, field) is not None]
    total = sum(a.activity.sample_size for a in accounts)
    if total < MIN_POOLED_SAMPLE:
        return None, ()
    value = sum(getattr(a.activity, field) * a.activity.sample_size for a in accounts) / total
    return round(value, 4), _ids(view, accounts)


@signal("reply_share", direction=1, unit="ratio", kind="number",
        en="Replies to other accounts per own post, pooled over the official accounts read (None below 5 posts).",
        nl="Antwoorden aan andere accounts per eigen bericht, samen genomen over de gelezen officiële accounts "
           "(leeg onder 5 berichten).")
def reply_share(view: ScanView):
    return _pooled(view, "reply_share")


@signal("repost_share", unit="ratio", kind="number",
        en="Reposts per own post, pooled over the official accounts read (None below 5 posts).",
        nl="Doorgeplaatste berichten per eigen bericht, samen genomen over de gelezen officiële accounts "
           "(leeg onder 5 berichten).")
def repost_share(view: ScanView):
    return _pooled(view, "repost_share")


@signal("mention_response_rate", direction=1, unit="ratio", kind="number",
        en="Questions answered per question asked in the window, pooled over the official accounts where they "
           "could be read: replies under the organisation's posts and posts mentioning it, by other accounts "
           "(X mentions; Bluesky and Mastodon reply threads, Bluesky mention search). So it stands when X is "
           "unreadable.",
        nl="Beantwoorde vragen per gestelde vraag in het venster, samen genomen over de officiële accounts waar ze "
           "gelezen konden worden: reacties onder berichten van de organisatie en berichten die haar noemen, door "
           "andere accounts (X-vermeldingen; reactiedraden op Bluesky en Mastodon, Bluesky-zoeken). Zo blijft het "
           "staan als X niet leesbaar is.")
def mention_response_rate(view: ScanView):
    accounts = [a for a in view.official
                if a.activity is not None and a.activity.mention_response_rate is not None]
    if not accounts:
        return None, ()
    weights = [a.activity.mention_sample_size or 1 for a in accounts]   # pooled by questions asked
    value = sum(a.activity.mention_response_rate * w for a, w in zip(accounts, weights)) / sum(weights)
    return round(value, 4), _ids(view, accounts)


@signal("median_response_minutes", direction=-1, unobserved_as=UNBOUNDED, unit="minutes", kind="number",
        en="Median minutes from a mention to the organisation's answer (the median of the accounts' medians).",
        nl="Mediaan aantal minuten tussen een vermelding en het antwoord van de organisatie (mediaan van de "
           "medianen per account).")
def median_response_minutes(view: ScanView):
    accounts = [a for a in view.official
                if a.activity is not None and a.activity.median_response_minutes is not None]
    if not accounts:
        return None, ()
    value = statistics.median(a.activity.median_response_minutes for a in accounts)
    return round(value, 1), _ids(view, accounts)


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
