"""Simulated labelled organisations: the training data the classifier is shipped with.

There is no public data set of organisations labelled with M&I phases (research notes, section c:
"Labelled maturity-stage datasets: none found"). So each simulated organisation first gets a phase,
then accounts, activity and website features drawn from per-phase distributions anchored on
published figures (cited next to each number; [I] marks our own inference where no figure exists),
then an observation step that decides what a real scan could not see (login walls, no X token,
failing collectors, unreadable subpages, missed accounts, keyword detection that misses or invents a
feature), and then the organisation is turned into what a scan of it would have collected:
`Account`s, the posts read per account as `posts_read` evidence (analyzer.core.posts), the website
collector's evidence kinds and one `Coverage` per collector. The training row is
`compute_signals(accounts, evidence, coverage, as_of)`, the very code a scan runs: no signal is
computed here. The label is the phase the organisation was drawn from, never a rule's output.

    python -m analyzer.tools.simulate            # rewrites fixtures/labelled/simulated.csv (seed 20110120)

What the generator does beyond the phase profiles (issue 11 rework; each an observation model,
not a signal formula, and tests/test_simulate_identity.py serves such organisations as websites
and platform APIs on 127.0.0.1 and checks that a real scan gives the same signal row):
- Concrete posts per account, newest first, going back HISTORY_DAYS before `as_of`: the newest
  post `days_since` days ago, gaps drawn from a gamma distribution whose coefficient of variation
  is the account's `gap_cv`, each post a plain post, a reply to another account (`reply_share`), a
  repost (`repost_share`) or a self-thread post (SELF_THREAD_SHARE). A dormant account posts at a
  few per cent of its rate, before its `days_since`; a quarter of them never posted [I].
- Questions addressed to the account (QUESTIONS_PER_WEEK, by size): mentions on X, replies under
  its own posts on Bluesky and Mastodon (scans read answered questions there too). An active
  account answers each with P = its `mention_rate` after a lognormal delay around its
  `response_minutes`; its answer is a post on its timeline (a reply to another account, taking the
  place of one of its drawn replies, so the reply share stays the profile's figure). A dormant
  account answers none.
- The read of each platform is what its collector takes (the collector's own page sizes and page
  counts, the second page only while the first stays inside 90 days; Bluesky and Mastodon read the
  threads of the latest THREADS_PER_ACCOUNT posts with replies in the window; X reads the latest
  MENTIONS_SIZE mentions, refused for 15 % of readers (the token's access level) [I]; Bluesky's
  mention search is refused to logged-out callers, as it mostly is).
- Website: the homepage carries the follow links of the accounts the site links, an embedded social
  wall and share links; the subpages carry policy, webcare (with hours), a social media role,
  community and ambassador pages, a statement that the organisation stopped using X, and a team page
  linking staff profiles (70 % of staff linked [I]). Unreadable subpages make the website coverage
  partial: their features are then not found, as in a scan (False, not None). A public body's
  homepage title names it ("Gemeente ..."), so `public_sector` is True only when the homepage was
  read or its Mastodon account is on a government instance (70 % of public bodies on Mastodon are
  on social.overheid.nl [I]); before, the generator set it from the drawn sector.
- Staff accounts are on LinkedIn, X, Bluesky or Mastodon (STAFF_PLATFORMS [I]) with posts of their
  own, some about the organisation (STAFF_ABOUT, by phase [I]: they link to its site); the staff
  collector's read is simulated as it reads them (at most STAFF_READS a scan, round robin over the
  platforms, X only with a token, one page of the latest posts each, kept as aggregates only).
- Without the homepage, accounts come from Wikidata (opt-in in a scan) for 30 % of them [I].
Noise kept as before: no X token 50 %, each platform collector failing 5 %, unreadable subpages
10 %, unreachable homepage 3 %, official / department accounts linked from the site 92 % / 60 %,
on-site keyword detection missing 15 % of real features and inventing 3 % [I]. The noise is decided
before anything is rendered: a missed feature is simply absent from the page.

`knock_out_x` / `knock_out_subpages` stay signal-level approximations: they serve the held-out
set (fixtures/labelled/heldout.yaml), which has signal rows and no per-account detail (see each).
"""
from __future__ import annotations

import csv
import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from analyzer.core.posts import PostRecord, PostsRead, Question, QuestionsRead, SourceRead
from analyzer.core.staff import KIND as STAFF_KIND
from analyzer.core.staff import STAFF_READS, StaffAccountRead, StaffPost, StaffReads
from analyzer.core.types import PHASES, Account, Coverage, Evidence
from analyzer.features import FEATURES
from analyzer.signals import compute_signals
from analyzer.status import scan_status
from collectors import registry
from collectors.platforms import bluesky as bluesky_collector
from collectors.platforms import bluesky_questions
from collectors.platforms import mastodon as mastodon_collector
from collectors.platforms import staff as staff_collector
from collectors.platforms import x as x_collector
from collectors.platforms import youtube as youtube_collector
from collectors.platforms.metrics import THREADS_PER_ACCOUNT, WINDOW_DAYS
from collectors.platforms.presence import LOGIN_WALLED
from collectors.website.accounts import merge as merge_sightings
from collectors.website.accounts import ordered as order_accounts
from collectors.wikidata import PROPERTIES as WIKIDATA_PROPERTIES
from collectors.website.discovery import Sighting
from collectors.urlparsers import profile_url

log = logging.getLogger(__name__)

SEED = 20110120  # the M&I model's review date (20-01-2011); any fixed number would do
N_ORGS = 2000
AS_OF = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)  # any fixed time: rows are relative to it

# The order in which the seeded simulation draws per readable platform: changing it would change
# every simulated organisation (and so the bundled model), so a new reader is drawn last.
_DRAW_ORDER = ("x", "youtube", "mastodon", "bluesky")


def _readable() -> tuple[str, ...]:
    """Platforms whose activity footprint can read (the registry's activity readers); Facebook,
    Instagram, LinkedIn, TikTok ... are login-walled: present but unobservable."""
    readers = registry.activity_readers()
    last = len(_DRAW_ORDER)
    return tuple(sorted(readers, key=lambda p: (_DRAW_ORDER.index(p) if p in _DRAW_ORDER else last, p)))


READABLE = _readable()
# Adoption weights used to pick which platforms an organisation is on: Fortune 500 2017,
# LinkedIn 98 / X 88 / FB 85 / YouTube 75 / IG 53 % (hmapr.com, via research notes b.1);
# TikTok, Pinterest [I]; Mastodon / Bluesky: Mastodon Overheid grew to ~40 public bodies by July
# 2024 (security.nl/posting/849635) -> higher for the public sector [I for the exact weight].
ADOPTION = {"linkedin": .98, "x": .88, "facebook": .85, "youtube": .75, "instagram": .53,
            "tiktok": .12, "pinterest": .04, "mastodon": .03, "bluesky": .05}
ADOPTION_PUBLIC = {**ADOPTION, "mastodon": .25, "bluesky": .12, "tiktok": .05}


@dataclass(frozen=True)
class PhaseProfile:
    """Per-phase distributions of one simulated organisation's true behaviour."""

    size_mix: tuple[float, float, float]           # P(small), P(medium), P(large)
    n_platforms: tuple[tuple[int, ...], tuple[float, ...]]
    active: float                                  # P(an account posted in the last 30 days)
    posts_week: float                              # median posts/week of an active text account
    reply_share: float                             # mean share of own posts that reply to others
    mention_rate: float                            # mean share of questions answered
    response_minutes: float                        # median minutes to answer a question
    gap_cv: float                                  # median coefficient of variation of post gaps
    verified: float                                # phase factor on the platform's P(ownership proof)
    departments: float                             # mean department accounts (medium org)
    staff: float                                   # mean staff accounts naming the organisation
    site: dict[str, float] = field(default_factory=dict)  # P(on-site feature present)


PROFILES: dict[str, PhaseProfile] = {
    # Ad hoc: staff on their own initiative, no organisation accounts that serve its goals
    # (M&I seed). Eurostat 2013: NL 50 % of enterprises (10+ staff) used social media, so half had
    # no organisation presence; where an account exists it is "unclaimed or empty" (notes a.2).
    "ad_hoc": PhaseProfile(
        size_mix=(.70, .22, .08),  # CBS: 36 % of 10-20 staff firms vs > 75 % of 500+ have an account
        n_platforms=((0, 1, 2), (.68, .26, .06)),
        active=.15, posts_week=.5, reply_share=.03, mention_rate=.05, response_minutes=2880,
        gap_cv=1.6, verified=.6, departments=0.0, staff=2.2,
        site={"policy_page": .01, "webcare": .02, "webcare_hours": .1, "social_role": .01,
              "community_platform": .01, "ambassador_programme": .0, "embedded_timeline": .03,
              "share_buttons": .45}),
    # Experimental: first organisation accounts (X, YouTube, links on the site), departments start
    # on their own, irregular posting, unstructured replies (M&I seed; Forrester "testing").
    "experimental": PhaseProfile(
        size_mix=(.50, .35, .15),
        n_platforms=((1, 2, 3, 4), (.30, .35, .25, .10)),
        # active: UMassD's 30-day definition; F500 2014: 83 % tweeted in 30 days (large firms) ->
        # experimenters well below that [I: .55].
        active=.55,
        # "well below" the Rival IQ 2022 medians of 5.0 (FB) / 3.9 (X) / 4.5 (IG) posts/week [I: 1.0]
        posts_week=1.0,
        # 360i 2010: 16 % of brand tweets conversational; Lovejoy, Waters & Saxton 2012: < 20 %
        # conversational for nonprofits -> the broadcast end of that range.
        reply_share=.08,
        mention_rate=.20,        # Sprout Social Index Q3 2013: 17.3-21.7 % average response rate
        response_minutes=660,    # Sprout Social Index: 10.3-11.3 h average brand response time
        gap_cv=1.25, verified=.85,
        departments=.4,          # Forrester: "pockets" of departmental use [I: mean .4]
        staff=1.0,
        site={"policy_page": .08,  # Eurostat 2013 formal policy NL 18 % (all firms) -> few here
              "webcare": .15, "webcare_hours": .2, "social_role": .08, "community_platform": .03,
              "ambassador_programme": .02, "embedded_timeline": .2, "share_buttons": .4}),
    # Functional: purposeful multi-channel use, regular cadence, policy, social media manager,
    # webcare team and monitoring, structured replies (M&I seed; Altimeter "formalized").
    "functional": PhaseProfile(
        size_mix=(.22, .40, .38),
        n_platforms=((2, 3, 4, 5, 6), (.08, .22, .30, .25, .15)),  # F500 2017 multi-platform
        active=.92,              # F500 2014: 83 % tweet within 30 days, 80 % on FB
        posts_week=4.5,          # Rival IQ 2022 medians FB 5.0 / X 3.9 / IG 4.5 posts per week
        reply_share=.22,         # OBI4wan: 77 % reactive webcare [I: share of all posts .22]
        mention_rate=.62,        # NL DDP 2017: 61 % answered; Socialbakers "devoted" >= 65 %
        response_minutes=195,    # NL DDP 2017: average 3 h 15 m
        gap_cv=.95, verified=1.0, departments=1.2, staff=1.5,
        site={"policy_page": .55,  # Proskauer: 55 % of multinationals had a policy in 2011
              "webcare": .80,      # Social Media Meetlat 2015: 87 % of NL municipalities do webcare
              "webcare_hours": .55, "social_role": .50, "community_platform": .10,
              "ambassador_programme": .08, "embedded_timeline": .25, "share_buttons": .4}),
    # Transformation: co-creation, communities, ambassadors and influencers, many coordinated
    # accounts (M&I seed; Owyang "dandelion"/"honeycomb"; Altimeter "converged").
    "transformation": PhaseProfile(
        size_mix=(.10, .35, .55),
        n_platforms=((3, 4, 5, 6, 7, 8), (.05, .15, .25, .25, .18, .12)),
        active=.96,
        posts_week=7.0,          # Interbrand top 100: 75 % tweet >= 3/day (2014) [I: median 7/wk]
        reply_share=.35,         # OBI4wan / Coosto: 17-20 % of replies go to non-mentions (proactive)
        mention_rate=.78,        # Socialbakers: 76 % of FB questions answered (Q2 2015)
        response_minutes=60,     # Brandwatch: 50 (US) / 63 (UK) minutes for retail brands that reply
        gap_cv=.8, verified=1.1,
        departments=4.0,         # Altimeter 2011: ~178 corporate accounts per enterprise [I: 4 found]
        staff=4.0,
        site={"policy_page": .80,  # Proskauer: ~80 % of multinationals by 2014
              "webcare": .85, "webcare_hours": .65, "social_role": .75,
              "community_platform": .70,    # co-creation / ideas / community platform [I]
              "ambassador_programme": .55,  # Prophet/Altimeter 2015: advocacy 28 % of hub & spoke [I]
              "embedded_timeline": .25, "share_buttons": .35}),
}

# Ownership proof is mostly a matter of the platform, not of maturity [I]: a Bluesky handle on the
# organisation's own domain, a Mastodon profile field verified with rel=me (standard on government
# instances such as social.overheid.nl), an X or YouTube profile that links back to the website.
# Login-walled platforms are never read, so never verified. The phase only scales it a little
# (PhaseProfile.verified): an earlier simulator that made verification a phase marker taught the
# classifier that a public body's verified Mastodon account means "functional".
VERIFY_BY_PLATFORM = {"bluesky": .60, "mastodon": .70, "x": .45, "youtube": .30}  # [I]

SUBPAGE_FEATURES = ("policy_page", "webcare", "webcare_hours", "social_role",
                    "community_platform", "ambassador_programme", "stopped_platform")
SIZE_FACTOR = {"small": (.3, .6), "medium": (1.0, 1.0), "large": (2.5, 1.5)}  # (departments, cadence)

HISTORY_DAYS = 100          # posts are generated this far back (the window is 90 days)
SELF_THREAD_SHARE = .06     # own posts continuing the account's own thread [I]
QUESTIONS_PER_WEEK = {"small": .4, "medium": 1.2, "large": 3.0}  # addressed to a main account [I]
EMPTY_DORMANT = .25         # dormant accounts that never posted [I]
UNITS = ("werkenbij", "klantenservice", "noord", "zuid", "pers", "utrecht", "brabant", "limburg",
         "zeeland", "friesland")   # department handles: main handle + a unit word the site recognises
STAFF_LINKED = .7           # staff profiles the team page links [I]
# Staff accounts: where they are [I: LinkedIn dominates professional profiles, then X], whether
# they posted in the last 30 days [I], how often [I], and the share of their posts about the
# organisation, highest where staff speak for it on their own initiative (ad hoc) and where
# ambassadors do so by design (transformation) [I].
STAFF_PLATFORMS = {"linkedin": .6, "x": .25, "bluesky": .1, "mastodon": .05}
STAFF_ACTIVE = .5
STAFF_POSTS_WEEK = 1.5
STAFF_ABOUT = {"ad_hoc": .30, "experimental": .15, "functional": .10, "transformation": .35}
GOVERNMENT_MASTODON = .7    # public bodies on Mastodon that use social.overheid.nl [I]
X_MENTIONS_REFUSED = .15    # X readers whose access level refuses the mentions timeline [I]
SIM_ORIGIN = "simulator"
WIKIDATA_PLATFORMS = frozenset(WIKIDATA_PROPERTIES.values())   # platforms Wikidata has a property for


@dataclass(frozen=True)
class Observation:
    """How a scan saw the organisation; None = draw at random with the default rates."""

    x_token: bool | None = None       # X reading is paid; half of users without a token [I]
    subpages: bool | None = None      # website subpages readable (10 % partial coverage [I])
    website: bool | None = None       # homepage readable (3 % unreachable [I])


# --- the world: an organisation, its accounts with their posts, and how a scan sees it ---------

@dataclass(frozen=True)
class SimPost:
    """One item of an account's timeline. `kind`: post | reply (to another account) | thread
    (continues its own thread) | repost | answer (its reply to question `parent`). `questions`:
    the questions asked under it (Bluesky, Mastodon). `about`: a staff member's post that is about
    the organisation."""

    id: str
    created_at: datetime
    kind: str = "post"
    parent: str | None = None
    questions: int = 0
    about: bool = False                # a staff post about the organisation (it links to its site)


@dataclass(frozen=True)
class SimQuestion:
    """A message to the account by someone else: a mention (X) or a reply under its post `post`."""

    id: str
    created_at: datetime
    post: str | None = None
    answer: str | None = None          # id of the answering SimPost
    answered_at: datetime | None = None


@dataclass(frozen=True)
class SimAccount:
    platform: str
    handle: str
    role: str                          # official | department | staff (what it truly is)
    verified: bool = False             # its profile carries an ownership proof
    stopped: bool = False
    created_at: datetime = datetime(2015, 3, 1, tzinfo=timezone.utc)
    followers: int = 0
    posts: tuple[SimPost, ...] = ()    # newest first
    questions: tuple[SimQuestion, ...] = ()
    mentions_refused: bool = False     # X: the mentions timeline refused to this reader

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.handle)


@dataclass(frozen=True)
class World:
    """One simulated organisation as it is, and what a scan of it can see (decided before any
    rendering, so a simulated row and a scan of the rendered organisation see the same thing)."""

    org_id: str
    phase: str
    lang: str
    size: str
    sector: str
    domain: str
    title: str
    as_of: datetime
    accounts: tuple[SimAccount, ...]          # official, department and staff accounts
    linked: frozenset[tuple[str, str]]        # accounts the site links (follow links / team page)
    wikidata: frozenset[tuple[str, str]]      # accounts Wikidata lists (used without the site)
    features: dict[str, bool]                 # on-site features as the detectors will find them
    website: str                              # ok | partial (subpages unreadable) | failed
    x_token: bool
    failed: frozenset[str]                    # platform collectors that fail (rate limits ...)

    @property
    def subpages(self) -> bool:
        return self.website == "ok"


def _beta(rng: np.random.Generator, mean: float, strength: float = 12.0) -> float:
    mean = min(max(mean, .01), .99)
    return float(rng.beta(mean * strength, (1 - mean) * strength))


def _lognormal(rng: np.random.Generator, median: float, sigma: float = .7) -> float:
    return float(median * np.exp(rng.normal(0, sigma)))


def draw_accounts(rng: np.random.Generator, phase: str, size: str, sector: str) -> list[dict]:
    """The organisation's true official and department accounts with their behaviour."""
    prof = PROFILES[phase]
    counts, probs = prof.n_platforms
    n = int(rng.choice(counts, p=probs)) + {"small": -1, "medium": 0, "large": 1}[size]
    n = max(0 if phase == "ad_hoc" else 1, min(n, 9))
    weights = ADOPTION_PUBLIC if sector == "public" else ADOPTION
    names = list(weights)
    p = np.array([weights[k] for k in names]) / sum(weights.values())
    platforms = list(rng.choice(names, size=min(n, len(names)), replace=False, p=p))
    dep_factor, cadence = SIZE_FACTOR[size]
    n_dep = int(rng.poisson(prof.departments * dep_factor)) if platforms else 0
    roles = ["official"] * len(platforms) + ["department"] * n_dep
    platforms += [str(rng.choice(platforms)) for _ in range(n_dep)]
    stop_x = "x" in platforms and rng.random() < (.15 if sector == "public" else .05)  # [I]
    accounts = []
    for platform, role in zip(platforms, roles):
        stopped = stop_x and platform == "x"  # Den Bosch and Tilburg left X in January 2025
        active = (not stopped) and rng.random() < prof.active
        rate = _lognormal(rng, prof.posts_week * cadence * (.5 if role == "department" else 1))
        if platform == "youtube":
            rate /= 5  # a channel posts videos, not updates [I]
        if not active:
            rate *= rng.uniform(0, .15)  # a few old posts, or none
        accounts.append({
            "platform": str(platform), "role": role, "active": active, "posts_week": rate,
            "reply_share": 0.0 if platform == "youtube" else _beta(rng, prof.reply_share),
            "repost_share": 0.0 if platform == "youtube" else _beta(rng, .16),  # Lovejoy 2012: ~16 %
            # Posting at random moments gives a gap CV near 1; scheduling lowers it, campaign
            # bursts raise it; few posts make it noisy. Phases overlap widely [I].
            "gap_cv": _lognormal(rng, prof.gap_cv, .45),
            "mention_rate": _beta(rng, prof.mention_rate, 8),
            "response_minutes": _lognormal(rng, prof.response_minutes, .8),
            "days_since": float(rng.uniform(0, 30) if active else 31 + rng.exponential(400)),
            "verified": rng.random() < min(.95, VERIFY_BY_PLATFORM.get(platform, 0.0) * prof.verified),
            "stopped": stopped,
        })
    return accounts


def draw_organisation(rng: np.random.Generator, phase: str, org_id: str) -> dict[str, Any]:
    prof = PROFILES[phase]
    size = str(rng.choice(("small", "medium", "large"), p=prof.size_mix))
    sector = str(rng.choice(("public", "private", "nonprofit"), p=(.3, .5, .2)))
    site = {k: rng.random() < v for k, v in prof.site.items()}
    site["webcare_hours"] = site["webcare"] and site["webcare_hours"]
    accounts = draw_accounts(rng, phase, size, sector)
    site["stopped_platform"] = any(a["stopped"] for a in accounts)
    staff = int(rng.poisson(prof.staff * (1.5 if size == "large" else 1)))
    return {"org_id": org_id, "phase": phase, "size": size, "sector": sector,
            "lang": str(rng.choice(("nl", "en"), p=(.6, .4))),
            "accounts": accounts, "site": site, "staff": staff}


# --- concrete accounts, posts and questions ----------------------------------------------------

def _handles(slug: str, org: dict[str, Any], rng: np.random.Generator) -> list[tuple[str, str]]:
    """(platform, handle) per true account: the main account under the slug, a department under
    the slug plus a unit word (the website collector's department test)."""
    out, units_used = [], {}
    mastodon_host = ("social.overheid.nl" if org["sector"] == "public" and rng.random() < GOVERNMENT_MASTODON
                     else str(rng.choice(("mastodon.social", "mastodon.nl"))))
    for a in org["accounts"]:
        platform = a["platform"]
        unit = ""
        if a["role"] == "department":
            i = units_used.get(platform, 0)
            units_used[platform] = i + 1
            unit = UNITS[i % len(UNITS)] + (str(i // len(UNITS)) if i >= len(UNITS) else "")
        if platform == "bluesky":
            base = org["domain"] if a["verified"] else f"{slug}.bsky.social"
            handle = f"{unit}.{base}" if unit else base
        elif platform == "mastodon":
            handle = f"{slug}{unit}@{mastodon_host}"
        elif platform == "youtube":
            handle = f"@{slug}{unit}"
        elif platform == "linkedin":
            handle = f"company:{slug}{unit}"
        else:
            handle = f"{slug}_{unit}" if unit else slug
        out.append((platform, handle))
    return out


def _timeline(rng: np.random.Generator, a: dict[str, Any], as_of: datetime) -> list[SimPost]:
    """Own posts, newest first, over HISTORY_DAYS (a dormant account: before its last post)."""
    rate = a["posts_week"]
    if not a["active"] and rng.random() < EMPTY_DORMANT or rate <= 0:
        return []
    k = 1.0 / max(a["gap_cv"], .2) ** 2                  # gamma shape for that gap CV
    mean_gap = 7.0 / rate * 86400
    age = a["days_since"] * 86400
    horizon = max(HISTORY_DAYS * 86400, age)
    text = a["platform"] != "youtube"
    posts: list[SimPost] = []
    while age <= horizon and len(posts) < 400:
        u = rng.random() if text else 1.0
        kind = ("reply" if u < a["reply_share"] else
                "repost" if u < a["reply_share"] + a["repost_share"] else
                "thread" if u < a["reply_share"] + a["repost_share"] + SELF_THREAD_SHARE else "post")
        posts.append(SimPost(f"p{len(posts)}", _second(as_of - timedelta(seconds=age)), kind))
        age += float(rng.gamma(k, mean_gap / k))
    return posts


def _second(dt: datetime) -> datetime:
    """Whole seconds: the platform APIs state times to the second."""
    return dt.replace(microsecond=0)


def _questions(rng: np.random.Generator, a: dict[str, Any], posts: list[SimPost], size: str,
               as_of: datetime) -> tuple[list[SimPost], list[SimQuestion]]:
    """Questions to the account over HISTORY_DAYS, and its answers added to its timeline."""
    platform = a["platform"]
    if platform not in ("x", "bluesky", "mastodon"):
        return posts, []
    mean = QUESTIONS_PER_WEEK[size] * (.5 if a["role"] == "department" else 1) * HISTORY_DAYS / 7
    n = int(rng.poisson(mean))
    hosts = [i for i, p in enumerate(posts) if p.kind in ("post", "thread")]
    if platform != "x" and not hosts:
        return posts, []
    answered_by_now = a["active"]   # a dormant account answers nothing
    questions, answers = [], []
    under: dict[int, int] = {}
    for j in range(n):
        if platform == "x":
            created, post = as_of - timedelta(seconds=float(rng.uniform(600, HISTORY_DAYS * 86400))), None
        else:
            i = hosts[int(rng.integers(len(hosts)))]
            created = posts[i].created_at + timedelta(seconds=float(rng.exponential(6 * 3600)))
            post, under[i] = posts[i].id, under.get(i, 0) + 1
            if created > as_of:
                under[i] -= 1
                continue
        created = _second(created)
        qid = f"q{j}"
        answer = when = None
        if answered_by_now and rng.random() < a["mention_rate"]:
            delay = _lognormal(rng, a["response_minutes"], .8)
            when = _second(created + timedelta(minutes=max(delay, 1.0)))
            if when <= as_of:
                answer = f"a{j}"
                answers.append(SimPost(answer, when, "answer", parent=qid))
            else:
                when = None
        questions.append(SimQuestion(qid, created, post, answer, when))
    posts = [replace_questions(p, under.get(i, 0)) for i, p in enumerate(posts)]
    # The profile's reply share is the share of all own posts that reply to others, answers
    # included (OBI4wan: most replies are reactive webcare): as many drawn replies become plain
    # posts as answers were added, so answering does not inflate the drawn figure.
    replies = [i for i, p in enumerate(posts) if p.kind == "reply"]
    for i in sorted(rng.permutation(len(replies))[:len(answers)].tolist()):
        p = posts[replies[i]]
        posts[replies[i]] = SimPost(p.id, p.created_at, "post", p.parent, p.questions)
    merged = sorted(posts + answers, key=lambda p: p.created_at, reverse=True)
    return merged, sorted(questions, key=lambda q: q.created_at, reverse=True)


def replace_questions(post: SimPost, n: int) -> SimPost:
    return post if n == post.questions else SimPost(post.id, post.created_at, post.kind, post.parent, n)


def build_world(org: dict[str, Any], obs_rng: np.random.Generator, content_rng: np.random.Generator,
                how: Observation = Observation(), as_of: datetime = AS_OF) -> World:
    """The organisation with concrete accounts and posts, and the scan's view of it decided."""
    number = org["org_id"].rsplit("-", 1)[-1]
    slug = f"simorg{number}"
    org = {**org, "domain": f"{slug}.nl"}
    title = (f"Gemeente Simorg {int(number)}" if org["sector"] == "public" else f"Simorg {int(number)}")
    accounts: list[SimAccount] = []
    for a, (platform, handle) in zip(org["accounts"], _handles(slug, org, content_rng)):
        posts = _timeline(content_rng, a, as_of)
        posts, questions = _questions(content_rng, a, posts, org["size"], as_of)
        accounts.append(SimAccount(platform, handle, a["role"], verified=bool(a["verified"]),
                                   stopped=bool(a["stopped"]), posts=tuple(posts), questions=tuple(questions),
                                   followers=int(_lognormal(content_rng, {"small": 300, "medium": 3000,
                                                                          "large": 30000}[org["size"]]))))
    for s in range(org["staff"]):
        accounts.append(_staff_account(content_rng, org["phase"], number, s, as_of))
    # Observation (its own random stream: the same organisation under another observation).
    x_token, website = bool(obs_rng.random() < .5), bool(obs_rng.random() > .03)
    x_token = x_token if how.x_token is None else how.x_token
    website = website if how.website is None else how.website
    subpages = website and bool(obs_rng.random() > .10)
    subpages = subpages if how.subpages is None or not website else how.subpages
    failed = {c for c in READABLE if obs_rng.random() < .05}  # rate limits, timeouts, quota [I]
    # Accounts are discovered from the site (92 % of main accounts, 60 % of department ones are
    # linked [I]); without the site only a registry (Wikidata) lists some of them [I: 30 %].
    linked, wikidata = set(), set()
    for acc in accounts:
        if acc.role == "staff":
            if obs_rng.random() < STAFF_LINKED and subpages:
                linked.add(acc.key)
            continue
        u = obs_rng.random()
        if u < (.92 if acc.role == "official" else .6):
            linked.add(acc.key)
        if u < .3:
            wikidata.add(acc.key)
    features = {k: _detect(obs_rng, v) for k, v in org["site"].items()}  # keyword detection is imperfect
    features["webcare_hours"] = features["webcare_hours"] and features["webcare"]
    if not subpages:
        features = {k: (v and k not in SUBPAGE_FEATURES) for k, v in features.items()}
    refused = {acc.key for acc in accounts if acc.platform == "x" and obs_rng.random() < X_MENTIONS_REFUSED}
    accounts = [acc if acc.key not in refused else _refused(acc) for acc in accounts]
    return World(org_id=org["org_id"], phase=org["phase"], lang=org["lang"], size=org["size"],
                 sector=org["sector"], domain=org["domain"], title=title, as_of=as_of,
                 accounts=tuple(accounts), linked=frozenset(linked), wikidata=frozenset(wikidata),
                 features=features, website="failed" if not website else "ok" if subpages else "partial",
                 x_token=x_token, failed=frozenset(failed))


def _staff_account(rng: np.random.Generator, phase: str, number: str, s: int, as_of: datetime) -> SimAccount:
    """A staff member's own account and its posts (some about the organisation)."""
    platform = str(rng.choice(list(STAFF_PLATFORMS), p=list(STAFF_PLATFORMS.values())))
    handle = {"linkedin": f"in:medewerker-{number}-{s}", "x": f"medewerker{number}_{s}",
              "bluesky": f"medewerker{number}-{s}.bsky.social",
              "mastodon": f"medewerker{number}_{s}@mastodon.social"}[platform]
    active = rng.random() < STAFF_ACTIVE
    rate = _lognormal(rng, STAFF_POSTS_WEEK) * (1 if active else rng.uniform(0, .15))
    behaviour = {"platform": platform, "posts_week": rate, "active": active, "gap_cv": 1.2,
                 "reply_share": .1, "repost_share": .1,
                 "days_since": float(rng.uniform(0, 30) if active else 31 + rng.exponential(200))}
    # Their own posts may be about the organisation; their reposts here repost others [I].
    posts = [SimPost(p.id, p.created_at, p.kind, about=bool(rng.random() < STAFF_ABOUT[phase]) and p.kind != "repost")
             for p in _timeline(rng, behaviour, as_of)]
    return SimAccount(platform, handle, "staff", posts=tuple(posts))


def _refused(acc: SimAccount) -> SimAccount:
    return SimAccount(acc.platform, acc.handle, acc.role, acc.verified, acc.stopped, acc.created_at,
                      acc.followers, acc.posts, acc.questions, mentions_refused=True)


def _detect(rng: np.random.Generator, present: bool) -> bool:
    """On-site keyword detection: misses 15 % of real features, invents 3 % [I]."""
    return bool(rng.random() > .15) if present else bool(rng.random() < .03)


# --- what a scan of the world collects ---------------------------------------------------------

class _Ids:
    """Evidence ids for one simulated scan (content hashes are not needed: nothing is stored)."""

    def __init__(self) -> None:
        self.n = 0

    def make(self, kind: str, value: Any, collector: str, as_of: datetime, platform: str | None = None,
             source_url: str | None = None) -> Evidence:
        self.n += 1
        return Evidence(id=f"ev-sim{self.n:05d}", kind=kind, platform=platform, value=value,
                        source_url=source_url, observed_at=as_of, excerpt=None, collector=collector)


READ_LIMITS = {   # platform -> (page size, pages): the collectors' own constants
    "x": (x_collector.PAGE_SIZE, x_collector.TIMELINE_PAGES),
    "bluesky": (bluesky_collector.FEED_LIMIT, bluesky_collector.FEED_PAGES),
    "mastodon": (mastodon_collector.STATUS_LIMIT, mastodon_collector.STATUS_PAGES),
}


def read_timeline(acc: SimAccount, as_of: datetime) -> tuple[list[SimPost], bool]:
    """The posts the platform's collector reads (newest first) and whether it reached the end: page
    after page while a page stays inside the 90-day horizon; YouTube's feed lists the latest 15."""
    posts = list(acc.posts)
    if acc.platform == "youtube":
        size = youtube_collector.FEED_SIZE
        return posts[:size], len(posts[:size]) < size
    size, pages = READ_LIMITS[acc.platform]
    horizon = as_of - timedelta(days=WINDOW_DAYS)
    read: list[SimPost] = []
    for page in range(pages):
        chunk = posts[page * size:(page + 1) * size]
        read += chunk
        more = (page + 1) * size < len(posts)
        if not more or not chunk or min(p.created_at for p in chunk) < horizon:
            return read, not more
    return read, False


def _record(acc: SimAccount, p: SimPost) -> PostRecord:
    """A post as the platform's parser records it."""
    reply_count = (None if acc.platform == "youtube" or p.kind == "repost" and acc.platform != "x"
                   else p.questions)
    return PostRecord(p.id, p.created_at, is_reply_to_other=p.kind in ("reply", "answer"),
                      is_self_thread=p.kind == "thread", is_repost=p.kind == "repost",
                      reply_count=reply_count)


def questions_read(acc: SimAccount, read: list[SimPost], as_of: datetime) -> QuestionsRead | None:
    """The questions the collector reads for `acc`, answered when it finds the answer."""
    if acc.platform == "youtube":
        return None
    read_ids = {p.id for p in read}
    if acc.platform == "x":
        cap = x_collector.MENTIONS_SIZE
        if not read:
            return QuestionsRead({"mentions": SourceRead("skipped", cap=cap)})
        if acc.mentions_refused:
            return QuestionsRead({"mentions": SourceRead("refused", "http_error", cap=cap)})
        latest = [q for q in acc.questions if q.created_at <= as_of][:cap]
        items = tuple(Question(q.id, q.created_at, "mention",
                               q.answered_at if q.answer in read_ids else None,
                               q.answer if q.answer in read_ids else None) for q in latest)
        return QuestionsRead({"mentions": SourceRead("ok", read=1, cap=cap, eligible=len(latest))},
                             tuple(sorted(items, key=lambda q: q.created_at)))
    horizon = as_of - timedelta(days=WINDOW_DAYS)
    eligible = [p for p in read if p.kind != "repost" and p.questions > 0 and p.created_at >= horizon]
    eligible.sort(key=lambda p: p.created_at, reverse=True)
    threads = {p.id for p in eligible[:THREADS_PER_ACCOUNT]}
    items = tuple(Question(q.id, q.created_at, "reply", q.answered_at, q.answer)
                  for q in acc.questions if q.post in threads)
    sources = {"threads": SourceRead("ok", read=len(threads), cap=THREADS_PER_ACCOUNT, eligible=len(eligible))}
    if acc.platform == "bluesky":   # searchPosts refuses logged-out callers
        sources["search"] = SourceRead("refused", "refused", cap=bluesky_questions.SEARCH_LIMIT)
    return QuestionsRead(sources, tuple(sorted(items, key=lambda q: q.created_at)))


def posts_read(acc: SimAccount, as_of: datetime) -> PostsRead:
    read, complete = read_timeline(acc, as_of)
    youtube = acc.platform == "youtube"
    cap = youtube_collector.FEED_SIZE if youtube else READ_LIMITS[acc.platform][0] * READ_LIMITS[acc.platform][1]
    return PostsRead(acc.platform, acc.handle, SIM_ORIGIN, tuple(_record(acc, p) for p in read),
                     history_complete=complete, sample_cap=cap, replies_observed=not youtube,
                     reposts_observed=not youtube, account_created_at=acc.created_at,
                     followers=None if youtube else acc.followers, questions=questions_read(acc, read, as_of))


PAGES = {"policy_page": ("/social-media-beleid", "policy"), "webcare": ("/contact", "contact"),
         "social_role": ("/werken-bij", "careers"), "community_platform": ("/denk-mee", "community"),
         "ambassador_programme": ("/ambassadeurs", "ambassador"), "stopped_platform": ("/nieuws", "press")}
TEAM_PAGE = ("/organisatie", "team")


def site_pages(world: World) -> list[tuple[str, str]]:
    """(path, page role) of the subpages the site has (the renderer serves the same ones)."""
    paths = {PAGES[k] for k, v in world.features.items() if v and k in PAGES}
    paths.add(PAGES["webcare"])
    if any(a.role == "staff" for a in world.accounts):
        paths.add(TEAM_PAGE)
    return sorted(paths)


def url_of(platform: str, handle: str) -> str:
    """The profile URL a website links for an account: the URL parsers' own canonical form."""
    return profile_url(platform, handle) or f"https://www.{platform}.com/{handle}"


def scan_of(world: World) -> tuple[tuple[Account, ...], tuple[Evidence, ...], dict[str, Coverage]]:
    """What the collectors of a scan of `world` return: accounts, evidence and coverage."""
    ids, as_of = _Ids(), world.as_of
    evidence: list[Evidence] = []
    coverage: dict[str, Coverage] = {}
    home = f"https://{world.domain}/"
    if world.website == "failed":
        coverage["website"] = Coverage("website", "failed", "connection_error")
        coverage["wikidata"] = Coverage("wikidata", "ok")
        accounts = []
        for a in world.accounts:
            if a.key in world.wikidata and a.role != "staff" and a.platform in WIKIDATA_PLATFORMS:
                ev = ids.make("wikidata_account", {"platform": a.platform, "handle": a.handle},
                              "wikidata", as_of, a.platform)
                evidence.append(ev)
                accounts.append(Account(a.platform, a.handle, url_of(*a.key), role="official", evidence=(ev.id,)))
    else:
        coverage["website"] = (Coverage("website", "ok") if world.website == "ok" else
                               Coverage("website", "partial", "http_error", "subpages not read"))
        coverage["wikidata"] = Coverage("wikidata", "skipped", "disabled")
        evidence.append(ids.make("page_fetched", {"status": 200, "final_url": home, "title": world.title,
                                                  "lang": world.lang, "role": "home"}, "website", as_of,
                                 source_url=home))
        if world.subpages:
            for path, role in site_pages(world):
                url = f"https://{world.domain}{path}"
                evidence.append(ids.make("page_fetched", {"status": 200, "final_url": url, "title": world.title,
                                                          "lang": world.lang, "role": role}, "website", as_of,
                                         source_url=url))
        evidence += _onsite(world, ids)
        accounts, site_evidence = _site_accounts(world)
        evidence += site_evidence
    accounts = _profile_departments(world, list(accounts))
    by_key = {a.key: a for a in world.accounts}
    for i, acc in enumerate(accounts):
        sim = by_key[acc.key]
        if acc.role not in ("official", "department") or not _read(world, sim.platform):
            continue
        read = posts_read(sim, as_of)
        ev = ids.make("posts_read", read.to_json(), sim.platform, as_of, sim.platform, url_of(*sim.key))
        evidence.append(ev)
        proof = ()
        if sim.verified:
            proof_ev = ids.make("ownership_proof", {"method": "simulated"}, sim.platform, as_of, sim.platform)
            evidence.append(proof_ev)
            proof = (proof_ev.id,)
        accounts[i] = acc.with_(evidence=acc.evidence + (ev.id,) + proof,
                                ownership="verified" if sim.verified else acc.ownership,
                                platform_verified=False if sim.platform == "x" else None)
    coverage.update(_platform_coverage(world, accounts))
    staff = _staff_read(world, accounts)
    if staff is not None:
        record, cov = staff
        evidence.append(ids.make(STAFF_KIND, record.to_json(), "staff", as_of))
        coverage["staff"] = cov
    else:
        coverage["staff"] = Coverage("staff", "skipped", "no_accounts")
    return tuple(accounts), tuple(evidence), coverage


STAFF_PAGE = {"x": staff_collector.X_POSTS, "bluesky": staff_collector.BLUESKY_POSTS,
              "mastodon": staff_collector.MASTODON_POSTS, "youtube": youtube_collector.FEED_SIZE}


def _staff_read(world: World, accounts: list[Account]) -> tuple[StaffReads, Coverage] | None:
    """The staff collector's read: at most STAFF_READS staff accounts (round robin over the
    platforms, X only with a token), one page of the latest posts each, kept as aggregates."""
    staff = [a for a in accounts if a.role == "staff" and a.platform in staff_collector.PLATFORMS]
    if not staff:
        return None
    readable = [a for a in staff if a.platform != "x" or world.x_token]
    chosen = staff_collector._round_robin(readable)[:STAFF_READS]
    by_key = {a.key: a for a in world.accounts}
    horizon = world.as_of - timedelta(days=WINDOW_DAYS)
    reads, failed = [], 0
    for acc in chosen:
        if acc.platform in world.failed:
            failed += 1
            continue
        page = list(by_key[acc.key].posts[:STAFF_PAGE[acc.platform]])
        kept = sorted((StaffPost(p.created_at, p.about) for p in page if horizon <= p.created_at <= world.as_of),
                      key=lambda p: p.created_at)
        whole = len(page) < STAFF_PAGE[acc.platform] or len(page) == len(by_key[acc.key].posts)
        covers = whole or (bool(page) and min(p.created_at for p in page) < horizon)
        reads.append(StaffAccountRead(acc.platform, tuple(kept), covers))
    reads.sort(key=lambda r: (r.platform, len(r.posts), [p.created_at for p in r.posts]))
    record = StaffReads(found=len(staff), cap=STAFF_READS, failed=failed,
                        not_read=len(staff) - len(chosen), accounts=tuple(reads))
    if not readable:
        return record, Coverage("staff", "skipped", "no_token")
    if failed:
        return record, Coverage("staff", "partial" if reads else "unavailable", "http_error")
    return record, Coverage("staff", "ok")


def display_name(world: World) -> str:
    """The name every profile of the organisation shows (a unit shows in the handle only)."""
    return world.title


def _profile_user(acc: Account) -> str:
    """What the platform reports as the account's name in its profile (Mastodon: the acct)."""
    return acc.handle.partition("@")[0] if acc.platform == "mastodon" else acc.handle


def _profile_departments(world: World, accounts: list[Account]) -> list[Account]:
    """The platform collectors' own department marking (a profile that names a unit, next to
    one that does not), run on the accounts each collector reads."""
    from types import SimpleNamespace

    from collectors.platforms import common

    ctx = SimpleNamespace(now=world.as_of)
    for platform in READABLE:
        if not _read(world, platform):
            continue
        reads = [common.AccountRead(a, unit=common.unit_of(display_name(world), _profile_user(a), None))
                 for a in accounts if a.platform == platform and a.role in ("official", "department")]
        common.mark_departments(ctx, platform, platform, reads)
        changed = {r.account.key: r.account for r in reads}
        accounts = [changed.get(a.key, a) for a in accounts]
    return accounts


def _read(world: World, platform: str) -> bool:
    """Whether the platform's collector reads this world's accounts."""
    return (platform in READABLE and platform not in world.failed
            and (platform != "x" or world.x_token))


def _platform_coverage(world: World, accounts: list[Account]) -> dict[str, Coverage]:
    own = [a for a in accounts if a.role in ("official", "department")]
    by_key = {a.key: a for a in world.accounts}
    out: dict[str, Coverage] = {}
    for platform in READABLE:
        name = registry.activity_readers()[platform]
        mine = [a for a in own if a.platform == platform]
        if not mine:
            out[name] = Coverage(name, "skipped", "no_accounts")
        elif platform == "x" and not world.x_token:
            out[name] = Coverage(name, "unavailable", "no_token")
        elif platform in world.failed:
            out[name] = Coverage(name, "unavailable", "http_error")
        elif platform == "x" and any(by_key[a.key].mentions_refused and by_key[a.key].posts for a in mine):
            out[name] = Coverage(name, "partial", "http_error", "mentions: HTTP 403")
        else:
            out[name] = Coverage(name, "ok")
    walled = [a for a in own if a.platform not in READABLE]
    out["presence"] = (Coverage("presence", "partial", "login_wall") if any(a.platform in LOGIN_WALLED for a in walled)
                       else Coverage("presence", "ok") if walled else Coverage("presence", "skipped", "no_accounts"))
    return out


def _site_accounts(world: World) -> tuple[list[Account], list[Evidence]]:
    """The accounts the site links, merged by the website collector's own code (roles, departments)."""
    home = f"https://{world.domain}/"
    team = f"https://{world.domain}{TEAM_PAGE[0]}"
    sightings = []
    for acc in world.accounts:
        if acc.key not in world.linked:
            continue
        if acc.role == "staff":
            sightings.append(Sighting(acc.platform, acc.handle, url_of(*acc.key), "person" if acc.platform ==
                                      "linkedin" else "profile", "body", "staff", acc.handle, team))
        else:
            sightings.append(Sighting(acc.platform, acc.handle, url_of(*acc.key), "profile", "footer",
                                      "official", acc.platform, home))
    roles = {home: "home", team: TEAM_PAGE[1]}
    accounts, evidence = merge_sightings(sightings, roles, world.as_of)
    return list(order_accounts(accounts)), evidence   # the collector's order: which is a platform's first counts


def _onsite(world: World, ids: _Ids) -> list[Evidence]:
    """The website collector's on-site evidence for the features the detectors find."""
    f, as_of, out = world.features, world.as_of, []

    def page(key: str) -> str:
        return f"https://{world.domain}{PAGES[key][0]}"

    if f.get("policy_page"):
        out.append(ids.make("policy_page", {"title": "Social media beleid", "lang": world.lang}, "website", as_of,
                            source_url=page("policy_page")))
    if f.get("webcare"):
        out.append(ids.make("webcare", {"hours": WEBCARE_HOURS if f.get("webcare_hours") else None,
                                        "channels": []}, "website", as_of, source_url=page("webcare")))
    if f.get("social_role"):
        out.append(ids.make("social_role", {"title": "social media manager", "vacancy": True}, "website", as_of,
                            source_url=page("social_role")))
    if f.get("community_platform"):
        out.append(ids.make("community_platform", {"url": f"https://ideeen.{world.domain}/", "name": "ideeënplatform"},
                            "website", as_of, source_url=page("community_platform")))
    if f.get("ambassador_programme"):
        out.append(ids.make("ambassador_programme", {"title": "ambassadeursprogramma"}, "website", as_of,
                            source_url=page("ambassador_programme")))
    if f.get("stopped_platform"):
        out.append(ids.make("stopped_platform", {"platform": "x", "moved_to": []}, "website", as_of, "x",
                            page("stopped_platform")))
    if f.get("embedded_timeline"):
        out.append(ids.make("embedded_timeline", {"platform": None, "handle": None, "widget": "social wall (juicer.io)"},
                            "website", as_of, source_url=f"https://{world.domain}/"))
    if f.get("share_buttons"):
        out.append(ids.make("share_buttons", {"platforms": ["x", "facebook", "linkedin"], "providers": []},
                            "website", as_of, source_url=f"https://{world.domain}/"))
    return out


WEBCARE_HOURS = "ma-vr 8.00-20.00"


# --- rows -----------------------------------------------------------------------------------

def world_of(i: int, seed: int = SEED, how: Observation = Observation()) -> World:
    """Organisation `i` of the seeded set: one random stream for the organisation, one for its
    content (posts, questions), one for the observation: the same seed gives the same
    organisations whatever `how` changes about the scan."""
    phase = PHASES[i % len(PHASES)]
    org = draw_organisation(np.random.default_rng([seed, i, 0]), phase, f"sim-{seed}-{i:05d}")
    return build_world(org, np.random.default_rng([seed, i, 1]), np.random.default_rng([seed, i, 2]), how)


def signal_row(world: World) -> dict[str, Any] | None:
    """Every catalogue signal's value in a scan of `world` (compute_signals), or None when the
    scan would be unobservable. The classifier's FEATURES are among them."""
    accounts, evidence, coverage = scan_of(world)
    if scan_status(accounts, coverage) == "unobservable":
        return None
    signals = compute_signals(accounts, evidence, coverage, world.as_of)
    return {name: signal.value for name, signal in signals.items()}


def simulate(n: int = N_ORGS, seed: int = SEED, how: Observation = Observation()) -> list[dict[str, Any]]:
    """`n` observable organisations (phases in turn; the few unobservable ones are left out), as
    rows of org_id, phase, meta and signals."""
    rows: list[dict[str, Any]] = []
    i = 0
    while len(rows) < n:
        world = world_of(i, seed, how)
        i += 1
        values = signal_row(world)
        if values is None:
            continue  # unobservable: the estimate would be "no phase", not a training example
        rows.append({"org_id": world.org_id, "phase": world.phase, "lang": world.lang,
                     "size": world.size, "sector": world.sector, **values})
    return rows


ACTIVITY_SIGNALS = ("active_platforms", "posts_per_week", "posts_per_week_total", "gap_regularity",
                    "reply_share", "repost_share", "days_since_last_post")


def knock_out_x(values: dict[str, float | None], x: str) -> dict[str, float | None]:
    """A held-out organisation's signals as if X could not be read (`x`: none | read | unread).

    Signal-level approximation (the held-out set has no per-account detail): the answered-question
    figures become unobserved (a scan would keep those of Bluesky and Mastodon threads, which a
    held-out row cannot separate from X's, so this errs on the side of losing them), X moves from observable to unobservable, an all-active set of readable
    platforms loses one active platform, and activity signals vanish when nothing readable is left.
    """
    out = dict(values)
    if x != "read":
        return out
    out["mention_response_rate"] = out["median_response_minutes"] = None
    observable = int(out.get("observable_platforms") or 0)
    if observable == 0:
        return out
    active = out.get("active_platforms")
    if active is not None and active >= observable:
        out["active_platforms"] = active - 1
    out["observable_platforms"] = observable - 1
    out["unobservable_platforms"] = (out.get("unobservable_platforms") or 0) + 1
    if out.get("coverage_ratio") is not None:
        out["coverage_ratio"] = out["coverage_ratio"] * (observable - 1) / observable
    if observable == 1:
        for name in ACTIVITY_SIGNALS:
            out[name] = None
    return out


def knock_out_subpages(values: dict[str, float | None]) -> dict[str, float | None]:
    """Signals as if only the homepage could be read: subpage features unobserved, fewer staff.

    Signal-level approximation: a real scan with unreadable subpages has partial website coverage
    and reports their features as not found (False); the classifier reads an unobserved directed
    signal as its least mature value, which for these bools is the same."""
    out = dict(values)
    if not out.get("website_observed"):
        return out
    for name in (*SUBPAGE_FEATURES, "dormant_platforms_explained"):
        out[name] = None
    for name in ("staff_accounts", "staff_active"):  # team pages are subpages; profiles remain
        if out.get(name) is not None:
            out[name] = float(int(out[name]) // 2)
    return out


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    columns = ["org_id", "phase", "lang", "size", "sector", *FEATURES]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _fmt(row.get(c)) for c in columns})


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    from analyzer.features import labelled_dir

    out = labelled_dir() / "simulated.csv"
    write_csv(simulate(), out)
    print(f"wrote {out}")
