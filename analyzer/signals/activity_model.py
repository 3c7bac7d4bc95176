"""Activity computed from the posts read, at `as_of`: one definition for every platform.

Collectors keep what they read (`PostsRead`, evidence kind `posts_read`); this module turns it into
the `Activity` of the scan JSON. Every rate is judged on ONE window ending at `as_of`: 90 days,
starting later only when the account is younger or when the read was cut (its sample cap or a
failed later page) before reaching 90 days back. Posts after `as_of` do not exist for the window;
questions (replies under the account's posts and posts mentioning it, by other accounts) count
when they were asked inside the window and as answered when the answer came by `as_of`.

The definitions below are stated once, here; `footprint signals` prints them.
"""
from __future__ import annotations

import math
import statistics
from datetime import datetime, timedelta, timezone
from typing import Iterable, Sequence

from analyzer.core.posts import PostRecord, PostsRead, QuestionsRead
from analyzer.core.types import Account, Activity, Evidence

ACTIVE_DAYS = 30        # the Fortune 500 adoption studies' definition of an active account
WINDOW_DAYS = 90        # the one window every rate is measured over
MIN_WINDOW_DAYS = 1.0   # a rate over less than a day says nothing per week
KIND = "posts_read"

DEFINITIONS: dict[str, str] = {
    "window": f"every rate covers one window ending at as_of: {WINDOW_DAYS} days, starting later only "
              "when the account was created later, or at the oldest post read when the read stopped "
              "(sample cap, failed page) before reaching that far back; posts after as_of are ignored",
    "silence": "silence thins a figure, never sharpens it: after the account's latest event (post, "
               "question or answer) the shares are divided by the posts (questions) the window held at "
               "that event, an answer that left the window counts as not given in time, and the gaps "
               "are those of the window at that event (null once no post is left in the window); at a "
               "scan's own time this differs from the plain figures only by the posts of the hours "
               "between the latest event and as_of",
    "last_post_at": "time of the newest post (reposts included) read up to as_of",
    "active": f"at least one post in the {ACTIVE_DAYS} days before as_of",
    "posts_per_week": "posts (replies and reposts included) in the window / (window_days / 7); an "
                      "account read with no post in the window has 0, not null. From an RSS feed "
                      "(source rss) replies and reposts are missing, so the figure is a lower bound",
    "window_days": "days the window covers (see window)",
    "reply_share": "posts in the window that reply to another account / sample_size (see silence). Bluesky: a reply "
                   "whose thread root (reply.root) is the account's own post is its own thread, not a "
                   "reply to another; Mastodon: a reply is a status with in_reply_to_account_id (also "
                   "when the parent was deleted and in_reply_to_id is empty); X: a post with a "
                   "replied_to reference (a post that merely starts with @name is not a reply). Null "
                   "when replies are not observable (RSS, video feeds)",
    "repost_share": "reposts in the window / sample_size (see silence); null when reposts are not observable",
    "sample_size": "number of posts in the window that the rates rest on",
    "gap_cv": "standard deviation / mean of the gaps between consecutive posts in the window "
              "(0 = clockwork, above 1 = bursty); null below 3 posts",
    "mention_response_rate": "questions answered / questions asked in the window. A question is a "
                             "message addressed to the organisation by another account (reposts "
                             "and the organisation's own accounts excluded): a reply under one of "
                             "its posts (Bluesky app.bsky.feed.getPostThread, Mastodon "
                             "statuses/:id/context, read for posts with replies only, a stated "
                             "number per account) or a post mentioning it (X mentions timeline, "
                             "Bluesky searchPosts where the AppView allows it). Answered: the "
                             "account replied to it by as_of",
    "median_response_minutes": "median minutes from a question to the account's first answer",
    "mention_sample_size": "questions in the window the response rate rests on",
    "source": "the API the posts were read from (rss marks a feed without replies and reposts)",
    "bounded_by": "what limited the read: sample_cap (the read stopped at its page limit inside the "
                  "window), partial:REASON (a later page failed), thread_cap (more posts had replies "
                  "than threads were read), context_cap (Mastodon's logged-out context returns at "
                  "most 60 replies), SOURCE:refused (a question source refused the request)",
    "followers": "followers (subscribers) as the platform reports them",
    "created_at": "when the account was created, as the platform reports it",
}


# The same definitions in Dutch (`footprint signals --lang nl`); the keys are the field names.
DEFINITIONS_NL: dict[str, str] = {
    "silence": "stilte verdunt een cijfer, verscherpt het nooit: na de laatste gebeurtenis van het account "
               "(bericht, vraag of antwoord) worden de aandelen gedeeld door de berichten (vragen) die het "
               "venster toen had, telt een antwoord dat uit het venster viel als niet op tijd gegeven, en "
               "zijn de tussenpozen die van het venster op dat moment (leeg zodra er geen bericht meer in "
               "het venster staat); op het moment van de scan zelf verschilt dat van de gewone cijfers "
               "alleen door de berichten van de uren tussen de laatste gebeurtenis en as_of",
    "window": f"elk cijfer gaat over één venster dat eindigt op as_of: {WINDOW_DAYS} dagen, dat pas later "
              "begint als het account later is aangemaakt, of bij het oudste gelezen bericht als het lezen "
              "eerder stopte (steekproefgrens, mislukte pagina); berichten na as_of tellen niet mee",
    "last_post_at": "tijd van het nieuwste bericht (reposts meegeteld) dat tot as_of is gelezen",
    "active": f"minstens één bericht in de {ACTIVE_DAYS} dagen vóór as_of",
    "posts_per_week": "berichten (reacties en reposts meegeteld) in het venster / (window_days / 7); een "
                      "gelezen account zonder bericht in het venster heeft 0, niet leeg. Uit een RSS-feed "
                      "(bron rss) ontbreken reacties en reposts, dus het cijfer is een ondergrens",
    "window_days": "dagen die het venster beslaat (zie window)",
    "reply_share": "berichten in het venster die reageren op een ander account / sample_size (zie silence). Bluesky: een "
                   "reactie waarvan de draad (reply.root) met een eigen bericht begint is een eigen draad, "
                   "geen reactie op een ander; Mastodon: een reactie is een bericht met "
                   "in_reply_to_account_id (ook als het oorspronkelijke bericht is verwijderd en "
                   "in_reply_to_id leeg is); X: een bericht met een replied_to-verwijzing (een bericht dat "
                   "alleen met @naam begint is geen reactie). Leeg als reacties niet waarneembaar zijn "
                   "(RSS, videofeeds)",
    "repost_share": "reposts in het venster / sample_size (zie silence); leeg als reposts niet waarneembaar zijn",
    "sample_size": "aantal berichten in het venster waarop de cijfers rusten",
    "gap_cv": "standaardafwijking / gemiddelde van de tussenpozen tussen opeenvolgende berichten in het "
              "venster (0 = als een klok, boven 1 = met vlagen); leeg onder 3 berichten",
    "mention_response_rate": "beantwoorde vragen / gestelde vragen in het venster. Een vraag is een bericht "
                             "van een ander account aan de organisatie (reposts en de eigen accounts van "
                             "de organisatie tellen niet): een reactie onder een van haar berichten "
                             "(Bluesky app.bsky.feed.getPostThread, Mastodon statuses/:id/context, alleen "
                             "gelezen voor berichten met reacties, een vast aantal per account) of een "
                             "bericht dat haar noemt (X-tijdlijn van vermeldingen, Bluesky searchPosts waar "
                             "de AppView dat toestaat). Beantwoord: het account reageerde erop vóór as_of",
    "median_response_minutes": "mediaan van de minuten tussen een vraag en het eerste antwoord van het account",
    "mention_sample_size": "vragen in het venster waarop het antwoordpercentage rust",
    "source": "de API waaruit de berichten zijn gelezen (rss: een feed zonder reacties en reposts)",
    "bounded_by": "wat het lezen begrensde: sample_cap (het lezen stopte binnen het venster bij de "
                  "paginagrens), partial:REDEN (een latere pagina mislukte), thread_cap (meer berichten "
                  "hadden reacties dan er draden zijn gelezen), context_cap (Mastodon geeft zonder login "
                  "hooguit 60 reacties), BRON:refused (een bron van vragen weigerde het verzoek)",
    "followers": "volgers (abonnees) zoals het platform ze meldt",
    "created_at": "wanneer het account is aangemaakt, zoals het platform het meldt",
}


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def window_start(read: PostsRead, as_of: datetime) -> datetime:
    """Where the window of `read` starts at `as_of` (see DEFINITIONS["window"])."""
    start = as_of - timedelta(days=WINDOW_DAYS)
    created = read.account_created_at
    if created is not None and start < _aware(created) < as_of:
        start = _aware(created)
    seen = [_aware(p.created_at) for p in read.posts]
    if seen and not read.history_complete and min(seen) > start:
        start = min(seen)   # the read stopped before reaching the window's start
    return start


def latest_event(read: PostsRead, as_of: datetime) -> datetime | None:
    """The newest thing that happened on the account up to `as_of`: a post, a question asked or an
    answer given (None when nothing did). After it, the account is silent."""
    as_of = _aware(as_of)
    times = [_aware(p.created_at) for p in read.posts]
    if read.questions is not None:
        times += [_aware(q.created_at) for q in read.questions.items]
        times += [_aware(q.answered_at) for q in read.questions.items if q.answered_at is not None]
    times = [t for t in times if t <= as_of]
    return max(times) if times else None


def compute_activity(read: PostsRead, as_of: datetime) -> Activity:
    """The `Activity` of one account read, at `as_of`."""
    as_of = _aware(as_of)
    posts = sorted((p for p in read.posts if _aware(p.created_at) <= as_of),
                   key=lambda p: _aware(p.created_at))
    start = window_start(read, as_of)
    window_days = max((as_of - start).total_seconds() / 86400, MIN_WINDOW_DAYS)
    in_window = [p for p in posts if _aware(p.created_at) >= start]
    n = len(in_window)
    last = _aware(posts[-1].created_at) if posts else None
    # Silence thins, never sharpens (DEFINITIONS["silence"]): the shares are divided by the sample
    # the window held at the latest event, so a post leaving the window can only lower them.
    latest = latest_event(read, as_of) or as_of
    ref_start = window_start(read, latest)
    ref_posts = [p for p in posts if ref_start <= _aware(p.created_at) <= latest]
    base = max(n, len(ref_posts))
    replies = sum(1 for p in in_window if p.is_reply_to_other and not p.is_self_thread)
    reposts = sum(1 for p in in_window if p.is_repost)
    rate, median, asked = _questions(read.questions, start, as_of, ref_start, latest)
    return Activity(
        last_post_at=last,
        active=last is not None and last >= as_of - timedelta(days=ACTIVE_DAYS),
        posts_per_week=round(n / (window_days / 7), 4),
        window_days=round(window_days, 2),
        reply_share=round(replies / base, 4) if n and read.replies_observed else None,
        repost_share=round(reposts / base, 4) if n and read.reposts_observed else None,
        sample_size=n,
        gap_cv=_gap_cv(ref_posts) if n else None,
        mention_response_rate=rate,
        median_response_minutes=median,
        mention_sample_size=asked,
        followers=read.followers,
        created_at=read.account_created_at,
        source=read.source,
        bounded_by=bounds(read, as_of),
    )


def bounds(read: PostsRead, as_of: datetime) -> tuple[str, ...]:
    """What limited the read, as far as it touches the window at `as_of`."""
    out: list[str] = []
    start = as_of - timedelta(days=WINDOW_DAYS)
    seen = [_aware(p.created_at) for p in read.posts]
    if read.partial:
        out.append(f"partial:{read.partial}")
    elif seen and not read.history_complete and min(seen) > start:
        out.append("sample_cap")
    q = read.questions
    if q is not None:
        threads = q.sources.get("threads")
        if threads and threads.eligible is not None and threads.read < threads.eligible:
            out.append("thread_cap")
        if threads and threads.bounded:
            out.append("context_cap")
        out.extend(f"{name}:{s.status}" for name, s in q.sources.items()
                   if s.status in ("refused", "failed", "partial"))
    return tuple(out)


def _gap_cv(posts: Sequence[PostRecord]) -> float | None:
    if len(posts) < 3:
        return None
    times = [_aware(p.created_at) for p in posts]
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:])]
    mean = statistics.fmean(gaps)
    if mean <= 0:
        return None
    return round(statistics.pstdev(gaps) / mean, 3)


def _questions(q: QuestionsRead | None, start: datetime, as_of: datetime, ref_start: datetime,
               latest: datetime) -> tuple[float | None, float | None, int | None]:
    """(answered share, median minutes to an answer, questions asked) in the window; the share is
    divided by the questions the window held at the latest event, and an answer that has left the
    window counts as not given in time (DEFINITIONS["silence"])."""
    if q is None or not q.observed:
        return None, None, None
    asked = [x for x in q.items if start <= _aware(x.created_at) <= as_of]
    if not asked:
        return None, None, 0
    ref = [x for x in q.items if ref_start <= _aware(x.created_at) <= latest]
    waits = [(_aware(x.answered_at) - _aware(x.created_at)).total_seconds() / 60 for x in asked
             if x.answered_at is not None and _aware(x.answered_at) <= as_of]
    left = sum(1 for x in ref if x.answered_at is not None and _aware(x.answered_at) <= latest
               and _aware(x.created_at) < start)
    slowest = statistics.median(waits + [math.inf] * left) if waits else math.inf
    median = round(slowest, 1) if math.isfinite(slowest) else None
    return round(len(waits) / max(len(asked), len(ref)), 4), median, len(asked)


def reads_by_id(evidence: Iterable[Evidence]) -> dict[str, PostsRead]:
    """The `posts_read` evidence of a scan, parsed once, by evidence id."""
    return {ev.id: PostsRead.from_json(ev.value) for ev in evidence
            if ev.kind == KIND and isinstance(ev.value, dict)}


def attach_activity(accounts: Iterable[Account], evidence: Iterable[Evidence],
                    as_of: datetime) -> tuple[Account, ...]:
    """Each account whose evidence holds a `posts_read` record gets its activity at `as_of`;
    the others keep what they have (a scan stored before posts were kept)."""
    reads = reads_by_id(evidence)
    out = []
    for acc in accounts:
        read = next((reads[i] for i in reversed(acc.evidence) if i in reads), None)
        out.append(acc.with_(activity=compute_activity(read, as_of)) if read is not None else acc)
    return tuple(out)
