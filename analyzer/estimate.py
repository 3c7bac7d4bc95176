"""Rule outcomes + classifier probabilities + coverage -> the Estimate.

How the two are combined (the same in scans, `footprint evaluate` and the accuracy gate):

1. Rules as a scale. For each phase, q = the weight of its rules that fired / the weight of all
   its rules, kept within [0.1, 0.9] so no single phase is certain (a phase without rules gets
   q = 0.5, which carries no information). A rule that could not be judged (a signal it needs is
   unobserved) counts as its least mature outcome: not fired for the rules of experimental and
   later phases, fired for ad hoc rules. So an unknown rule never scores above a judged one and a
   coverage gap can lower the rules' verdict, never raise it; the same design as the classifier's
   (analyzer.features: unobserved signals read as their least mature value). The confidence says
   how much rule weight was unknown.
   Ad hoc rules describe only ad hoc organisations (no accounts, staff on their own); the rules of
   every later phase describe what an organisation at that phase *or higher* shows. Read as a
   noisy Guttman scale, the rules' likelihood of each phase k is
       L(ad_hoc) = q_ad_hoc * prod_{j>0} (1 - q_j)
       L(k > 0)  = (1 - q_ad_hoc) * prod_{0<j<=k} q_j * prod_{j>k} (1 - q_j)
   normalised to a distribution: a phase is likely when its own rules and those of the phases
   before it mostly fire and those after it mostly do not.
2. Blend: p = w * classifier + (1 - w) * rules with w = CLASSIFIER_WEIGHT = 0.8, chosen by 5-fold
   cross-validation on the simulated set (accuracy peaks at 0.7-0.8, the Brier score keeps
   improving towards 1; the held-out set played no part). The calibrated classifier is the part
   that was measured; the rules keep a consultant's own rule set in the verdict. With only one of
   the two available, that one alone.
3. Phase = the most probable phase. Confidence = how much could be observed, lowered for every
   coverage gap, calibrated on simulated organisations into "about N in 100 were placed right"
   (analyzer.confidence: why it is not the top probability, and why it never rises when evidence
   thins); each gap and a disagreement between rules and classifier is given as a reason in Dutch
   and English, after the sentence that says what the number means.

When nothing could be observed (the website failed and no accounts were found) the estimate has no
phase, no probabilities and confidence 0, never a made-up phase.
"""
from __future__ import annotations

from typing import Mapping

from analyzer.confidence import Calibration, evidence_share, meaning
from analyzer.core.types import PHASE_LABELS, PHASES, Coverage, Estimate, RuleOutcome, Signal
from collectors import registry

CLASSIFIER_WEIGHT = 0.8  # chosen by 5-fold CV on simulated.csv (accuracy and Brier), never on heldout.yaml
Q_RANGE = (0.1, 0.9)
# Confidence factor for a collector that could only partly / not at all be read, by its coverage role
# (the collectors declare their role: collectors.base.Collector).
PARTIAL_FACTOR = {"primary": 0.85, "platform": 0.9, "auxiliary": 0.9}
FAILED_FACTOR = {"primary": 0.5, "platform": 0.8, "auxiliary": 0.95}
NOT_A_GAP = ("no_accounts", "disabled")  # nothing to read there, or the user switched it off


def counts_as_fired(outcome: RuleOutcome) -> bool:
    """A rule's outcome on the scale: an unknown one as its least mature outcome (docstring, step 1)."""
    if outcome.fired is None:
        return outcome.phase == PHASES[0]
    return bool(outcome.fired)


def phase_shares(outcomes: tuple[RuleOutcome, ...]) -> dict[str, float | None]:
    """Per phase: weight counted as fired / weight of its rules (None for a phase without rules)."""
    shares: dict[str, float | None] = {}
    for phase in PHASES:
        rules = [o for o in outcomes if o.phase == phase]
        weight = sum(o.weight for o in rules)
        shares[phase] = sum(o.weight for o in rules if counts_as_fired(o)) / weight if weight > 0 else None
    return shares


def rule_distribution(outcomes: tuple[RuleOutcome, ...]) -> dict[str, float] | None:
    """The rules' phase distribution (module docstring, step 1); None when no rule was judged."""
    if all(o.fired is None for o in outcomes):
        return None
    shares = phase_shares(outcomes)
    lo, hi = Q_RANGE
    q = [0.5 if shares[p] is None else min(max(shares[p], lo), hi) for p in PHASES]
    likelihood = []
    for k in range(len(PHASES)):
        value = q[0] if k == 0 else 1 - q[0]
        for j in range(1, len(PHASES)):
            value *= q[j] if j <= k else 1 - q[j]
        likelihood.append(value)
    total = sum(likelihood)
    return {p: v / total for p, v in zip(PHASES, likelihood)}


def blend(rules: Mapping[str, float] | None, classifier: Mapping[str, float] | None,
          weight: float = CLASSIFIER_WEIGHT) -> dict[str, float] | None:
    """w * classifier + (1 - w) * rules, renormalised; either alone when the other is missing."""
    if rules is None and classifier is None:
        return None
    if rules is None or classifier is None:
        w = 1.0 if rules is None else 0.0
    else:
        w = weight
    mixed = {p: w * float((classifier or {}).get(p, 0.0)) + (1 - w) * float((rules or {}).get(p, 0.0))
             for p in PHASES}
    total = sum(mixed.values())
    return {p: v / total for p, v in mixed.items()}


def argmax_phase(probabilities: Mapping[str, float]) -> str:
    return max(PHASES, key=lambda p: (probabilities.get(p, 0.0), -PHASES.index(p)))


def make_estimate(outcomes: tuple[RuleOutcome, ...], probabilities: dict[str, float] | None,
                  coverage: dict[str, Coverage], signals: dict[str, Signal], *, status: str,
                  ruleset: str | None, model: str | None, calibration: Calibration | None = None) -> Estimate:
    """The combined estimate for one organisation (see the module docstring).

    `status` comes from analyzer.status.scan_status, the one place that decides it: an
    unobservable organisation gets no phase and no probabilities, whatever rules or model say.
    """
    outcomes = tuple(outcomes)
    if status == "unobservable":
        return Estimate(phase=None, probabilities=None, confidence=0.0,
                        confidence_reasons=(_nothing_observed(coverage),), rules=outcomes,
                        method="none", ruleset=ruleset, model=None)
    by_rules = rule_distribution(outcomes)
    combined = blend(by_rules, probabilities)
    if combined is None:
        return Estimate(phase=None, probabilities=None, confidence=0.0,
                        confidence_reasons=({"en": "No rule could be judged and no classifier was available.",
                                             "nl": "Geen regel kon worden beoordeeld en er was geen classifier."},),
                        rules=outcomes, method="none", ruleset=ruleset, model=model)
    phase = argmax_phase(combined)
    raw, reasons = _confidence(by_rules, probabilities, outcomes, coverage, signals)
    confidence = round(calibration.apply(raw) if calibration is not None else raw, 4)
    reasons.insert(0, meaning(confidence, calibration))
    method = "combined" if by_rules and probabilities else ("rules" if by_rules else "classifier")
    return Estimate(phase=phase, probabilities=combined, confidence=confidence,
                    confidence_reasons=tuple(reasons), rules=outcomes,
                    next_steps=steps_for(phase, outcomes), method=method, ruleset=ruleset, model=model)


STEP_KINDS = ("gap", "next", "sustain")  # gap of the current phase, step to the next, what sustains the top


def steps_for(phase: str, outcomes: tuple[RuleOutcome, ...]) -> tuple[dict[str, str], ...]:
    """Next steps in the model's order, each {en, nl, kind} (kind in STEP_KINDS):

    1. the gaps that keep the organisation from being solidly in its phase: the unmet rules of
       the phase itself and, at any phase above ad hoc, every fired ad-hoc rule (dormant accounts,
       share buttons only, ...), since those describe what to repair;
    2. the unmet rules of the next phase;
    3. at Transformation with nothing left open: what sustains it (the phase's own rules, met).
    """
    from analyzer.rules import rules_by_phase

    by_phase = rules_by_phase(outcomes)
    level = PHASES.index(phase)
    gaps: list[RuleOutcome] = []
    if level > 0:  # ad hoc rules describe an ad hoc organisation: at ad hoc they are not gaps
        gaps = [o for o in by_phase.get(phase, ()) if o.fired is not True]
        gaps += [o for o in by_phase.get(PHASES[0], ()) if o.fired is True]
    steps = [{**dict(o.next_step), "kind": "gap"} for o in gaps if o.next_step]
    if level + 1 < len(PHASES):
        steps += [{**dict(o.next_step), "kind": "next"}
                  for o in by_phase.get(PHASES[level + 1], ()) if o.fired is not True and o.next_step]
    elif not gaps:  # what a Transformation organisation keeps doing: its met rules, said as such
        steps += [{"en": f"Keep this up: {o.reason.get('en', '')}", "nl": f"Houd dit vast: {o.reason.get('nl', '')}",
                   "kind": "sustain"} for o in by_phase.get(phase, ()) if o.fired is True]
    return tuple(steps)


def _value(signals: Mapping[str, Signal], name: str):
    sig = signals.get(name)
    return sig.value if isinstance(sig, Signal) else sig


def _names(collector: str) -> tuple[str, str]:
    """The collector as it reads inside a sentence, in English and Dutch (its id when unknown)."""
    return tuple(registry.label(collector, lang, phrase=True) or collector for lang in ("en", "nl"))  # type: ignore[return-value]


def _nothing_observed(coverage: Mapping[str, Coverage]) -> dict[str, str]:
    site = coverage.get("website")
    why = f" ({site.reason})" if site is not None and site.reason else ""
    return {"en": f"Nothing could be observed: the website could not be read{why} and no accounts "
                  "of the organisation were found, so no phase is estimated.",
            "nl": f"Er kon niets worden waargenomen: de website kon niet worden gelezen{why} en er zijn "
                  "geen accounts van de organisatie gevonden, dus er is geen fase geschat."}


def _confidence(by_rules, by_model, outcomes, coverage, signals) -> tuple[float, list[dict[str, str]]]:
    """The raw confidence (analyzer.confidence): the evidence share, lowered by coverage gaps, with
    a reason for each; a disagreement between rules and classifier is a reason, not a factor."""
    factor = evidence_share(signals)
    reasons: list[dict[str, str]] = []
    for name in sorted(coverage, key=lambda n: (registry.coverage_role(n) != "primary", n)):
        cov = coverage[name]
        if cov.status in ("ok", "skipped") or cov.reason in NOT_A_GAP:
            continue
        en, nl = _names(name)
        why = f" ({cov.reason})" if cov.reason else ""
        if cov.status == "partial":
            factor *= PARTIAL_FACTOR[registry.coverage_role(name)]
            reasons.append({"en": f"{en[0].upper() + en[1:]} could only partly be read{why}.",
                            "nl": f"{nl[0].upper() + nl[1:]} kon maar deels worden gelezen{why}."})
        else:
            factor *= FAILED_FACTOR[registry.coverage_role(name)]
            reasons.append({"en": f"{en[0].upper() + en[1:]} could not be read{why}.",
                            "nl": f"{nl[0].upper() + nl[1:]} kon niet worden gelezen{why}."})
    walled = _value(signals, "unobservable_platforms") or 0
    if walled and not (_value(signals, "observable_platforms") or 0):
        factor *= 0.85
        reasons.append({"en": f"The activity on {walled} platform(s) cannot be read from outside (login walls).",
                        "nl": f"De activiteit op {walled} platform(s) is van buitenaf niet te lezen (inlogmuur)."})
    total = sum(o.weight for o in outcomes)
    unknown = sum(o.weight for o in outcomes if o.fired is None)
    if total and unknown / total > 1 / 3:
        factor *= 0.9
        reasons.append({"en": f"{round(100 * unknown / total)}% of the rule weight could not be judged (signals unobserved).",
                        "nl": f"{round(100 * unknown / total)}% van het regelgewicht kon niet worden beoordeeld (signalen niet waargenomen)."})
    if by_rules and by_model:
        a, b = PHASES.index(argmax_phase(by_rules)), PHASES.index(argmax_phase(by_model))
        if a != b:
            ra, rb = PHASE_LABELS[PHASES[a]], PHASE_LABELS[PHASES[b]]
            reasons.append({"en": f"The rules point to {ra['en']}, the classifier to {rb['en']}.",
                            "nl": f"De regels wijzen op {ra['nl']}, de classifier op {rb['nl']}."})
    return max(0.0, min(1.0, factor)), reasons
