"""The confidence shown to people: a calibrated number with its meaning in one sentence.

What it measures. The estimate reads every unobserved signal as its least mature value
(analyzer.features), so it is a lower bound built from what could be seen: the less was seen, the
more surely the model names a low phase. Its top probability therefore *rises* when evidence
thins (a dormant account, a channel taken away), and a confidence built on it did (0.66 -> 0.78 on
the demo probes). The confidence is built on how much was seen instead:

    raw = evidence share x coverage factors
    evidence share = (observed signals + active platforms (at most 3) + readable platforms (at most
                      3)) / (signals that can be unobserved + 6)
    coverage factors = analyzer.estimate: a collector partly or not read, login walls only, more
                       than a third of the rule weight unjudged

Every part can only fall when evidence thins (silence, an account removed, a collector failing),
so the confidence never rises then. Calibration: `raw` is mapped by an isotonic (monotone)
function fitted on out-of-fold estimates of the simulated organisations (the share of them placed
in the right phase, per level of `raw`), stored in the model export (`meta.confidence`), so a scan
needs no scikit-learn. The sentence says what the number means and that it was calibrated on
simulated organisations. A model without calibration shows the raw number and says so.
Disagreement between rules and classifier is reported as a reason but does not move the number
(it can disappear when evidence thins, so it would let the number rise).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Mapping

MAX_PLATFORMS = 3   # beyond three active (readable) platforms the share counts no further


def evidence_share(signals: Mapping[str, Any]) -> float:
    """How much of what a scan can observe was observed, in [0, 1] (see the module docstring)."""
    from analyzer.signals import SIGNALS
    from analyzer.features import FEATURES

    def value(name):
        item = signals.get(name)
        return getattr(item, "value", item)

    nullable = [s.name for s in SIGNALS if s.nullable and s.name in FEATURES]
    seen = sum(value(n) is not None for n in nullable)
    seen += min(MAX_PLATFORMS, int(value("active_platforms") or 0))
    seen += min(MAX_PLATFORMS, int(value("observable_platforms") or 0))
    return seen / (len(nullable) + 2 * MAX_PLATFORMS)


@dataclass(frozen=True)
class Calibration:
    """A monotone map raw -> share placed right: piecewise linear through (x, y), clipped."""

    x: tuple[float, ...]
    y: tuple[float, ...]
    n: int
    source: str

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any] | None) -> "Calibration | None":
        doc = (meta or {}).get("confidence")
        if not isinstance(doc, Mapping) or doc.get("method") != "isotonic":
            return None
        return cls(tuple(map(float, doc["x"])), tuple(map(float, doc["y"])), int(doc.get("n", 0)),
                   str(doc.get("source", "")))

    def apply(self, raw: float) -> float:
        x, y = self.x, self.y
        if raw <= x[0]:
            return y[0]
        if raw >= x[-1]:
            return y[-1]
        i = bisect.bisect_right(x, raw)
        x0, x1, y0, y1 = x[i - 1], x[i], y[i - 1], y[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)

    def to_doc(self) -> dict[str, Any]:
        return {"method": "isotonic", "x": list(self.x), "y": list(self.y), "n": self.n, "source": self.source}


def meaning(confidence: float, calibration: Calibration | None) -> dict[str, str]:
    """The one sentence that says what the confidence means (en, nl)."""
    n = round(confidence * 100)
    if calibration is None:
        return {"en": f"Confidence {n}%: not calibrated (the model carries no calibration); it rests on how much "
                      "could be observed.",
                "nl": f"Betrouwbaarheid {n}%: niet gekalibreerd (het model heeft geen kalibratie); ze rust op hoeveel "
                      "er kon worden waargenomen."}
    return {"en": f"Confidence {n}%: of the simulated organisations with this much evidence observed, about {n} in "
                  f"100 were placed in the right phase (calibrated on {calibration.n} simulated organisations, "
                  "not on real ones).",
            "nl": f"Betrouwbaarheid {n}%: van de gesimuleerde organisaties waarvan zoveel kon worden waargenomen, "
                  f"kregen er ongeveer {n} op de 100 de juiste fase (gekalibreerd op {calibration.n} gesimuleerde "
                  "organisaties, niet op echte)."}
