"""Two real-world cases from the research notes, from hand-built evidence through signals to rules.

1. Den Bosch and Tilburg stopped posting on X in January 2025 but kept the account, and said so
   (Omroep Brabant): an organisation active elsewhere is not judged by its dormant X account.
2. Mastodon Overheid (social.overheid.nl): a public body present only on Mastodon and Bluesky is
   not "Ad hoc".
"""
from __future__ import annotations

from analyzer.rules import load_rules, rules_by_phase
from analyzer.signals import compute_signals
from tests.signals_helpers import NOW, account, activity, coverage, ev, page, scan

RULES = load_rules()


def fired(outcomes, phase):
    return {o.id for o in rules_by_phase(outcomes)[phase] if o.fired is True}


def share(outcomes, phase):
    """Fired weight / judged weight of a phase's rules."""
    judged = [o for o in rules_by_phase(outcomes)[phase] if o.fired is not None]
    return sum(o.weight for o in judged if o.fired) / sum(o.weight for o in judged)


def stopped_on_x(statement: bool, others_active: bool = True):
    x = account("x", "gemeentedenbosch", act=activity(days_ago=55, ppw=0.0, sample=20, reply=0.1))
    act = dict(days_ago=1 if others_active else 200, ppw=6.0 if others_active else 0.0, sample=60, reply=0.3)
    others = [account("mastodon", "denbosch@social.overheid.nl", act=activity(**act)),
              account("youtube", "channel:UCdenbosch", act=activity(**act)),
              account("linkedin", "company:gemeente-s-hertogenbosch")]
    extra = (ev("policy_page", {"title": "Reactiebeleid sociale media", "lang": "nl"},
                url="https://www.s-hertogenbosch.nl/reactiebeleid"),)
    if statement:
        extra += (ev("stopped_platform", {"platform": "x", "moved_to": ["mastodon", "linkedin"]},
                     url="https://www.s-hertogenbosch.nl/nieuws/gemeente-stopt-met-x"),)
    accounts, evidence = scan(x, *others, extra=extra,
                              pages=(page("https://www.s-hertogenbosch.nl/", title="Gemeente 's-Hertogenbosch"),))
    cov = coverage(website="ok", x="ok", mastodon="ok", youtube="ok", presence="ok")
    return compute_signals(accounts, evidence, cov, NOW, domain="s-hertogenbosch.nl")


def test_stopped_on_x_and_active_elsewhere_is_not_judged_by_the_dormant_account():
    signals = stopped_on_x(statement=True)
    assert signals["dormant_platforms_explained"].value == 1
    assert signals["active_platforms"].value == 2
    outcomes = {o.id: o for o in RULES.evaluate(signals)}
    assert outcomes["ad_hoc.dormant_accounts"].fired is False
    assert fired(RULES.evaluate(signals), "ad_hoc") == set()
    assert outcomes["functional.deliberate_channel_choice"].fired is True
    stopped_ev = [i for i in outcomes["functional.deliberate_channel_choice"].evidence]
    assert any(i in signals["stopped_platform"].evidence for i in stopped_ev)


def test_stopping_and_saying_so_is_a_choice_not_neglect():
    x = account("x", "gemeentetilburg", act=activity(days_ago=400, ppw=0.0, sample=20))
    stopped = ev("stopped_platform", {"platform": "x", "moved_to": []}, url="https://www.tilburg.nl/nieuws/x")
    accounts, evidence = scan(x, extra=(stopped,), pages=(page("https://www.tilburg.nl/", title="Gemeente Tilburg"),))
    signals = compute_signals(accounts, evidence, coverage(website="ok", x="ok"), NOW)
    assert signals["dormant_platforms_explained"].value == 1
    assert signals["days_since_last_post"].value == 400
    assert {o.id: o.fired for o in RULES.evaluate(signals)}["ad_hoc.dormant_accounts"] is False


def test_an_unexplained_silence_does_count():
    x = account("x", "example", act=activity(days_ago=200, ppw=0.0, sample=15))
    accounts, evidence = scan(x)
    signals = compute_signals(accounts, evidence, coverage(website="ok", x="ok"), NOW)
    assert {o.id: o.fired for o in RULES.evaluate(signals)}["ad_hoc.dormant_accounts"] is True
    stopped = ev("stopped_platform", {"platform": "x", "moved_to": []}, url="https://example.nl/nieuws")
    accounts, evidence = scan(x, extra=(stopped,))
    signals = compute_signals(accounts, evidence, coverage(website="ok", x="ok"), NOW)
    assert {o.id: o.fired for o in RULES.evaluate(signals)}["ad_hoc.dormant_accounts"] is False


def fediverse_only_public_body(read_activity: bool):
    act = activity(days_ago=3, ppw=2.5, sample=25, reply=0.08) if read_activity else None
    masto = account("mastodon", "voorbeeldstad@social.overheid.nl", act=act, ownership="verified")
    sky = account("bluesky", "voorbeeldstad.nl", act=act, ownership="verified")
    accounts, evidence = scan(masto, sky, pages=(page("https://www.voorbeeldstad.nl/", title="Voorbeeldstad"),))
    status = "ok" if read_activity else "failed"
    cov = coverage(website="ok", mastodon=status, bluesky=status, x="skipped", youtube="skipped")
    return compute_signals(accounts, evidence, cov, NOW, domain="voorbeeldstad.nl")


def test_public_body_only_on_mastodon_and_bluesky_is_not_ad_hoc():
    signals = fediverse_only_public_body(read_activity=True)
    assert signals["public_sector"].value is True
    assert signals["fediverse_accounts"].value == 2
    outcomes = RULES.evaluate(signals)
    assert fired(outcomes, "ad_hoc") == set()
    assert {"experimental.first_accounts", "experimental.links_on_site", "experimental.posting_started",
            "experimental.replies_given"} <= fired(outcomes, "experimental")
    assert share(outcomes, "ad_hoc") == 0.0 and share(outcomes, "experimental") > 0.6


def test_public_body_on_the_fediverse_stays_experimental_when_its_activity_cannot_be_read():
    signals = fediverse_only_public_body(read_activity=False)
    assert signals["active_platforms"].value is None
    outcomes = RULES.evaluate(signals)
    assert fired(outcomes, "ad_hoc") == set()
    assert {"experimental.first_accounts", "experimental.links_on_site"} <= fired(outcomes, "experimental")
    assert {o.id: o.fired for o in outcomes}["experimental.posting_started"] is None
