"""Where an organisation stands among its peers: the phase distribution of a group and, per
signal, its percentile within the group ("posts per week: 78th percentile of 42 organisations").

The percentile is the mid-rank one: the share of the peers with a lower value plus half of those
with the same value, over the peers where the signal was observed (unobserved is no value, not 0).
"""
from __future__ import annotations

from typing import Any, Iterable

from analyzer.core.types import PHASES
from analyzer.present import i18n
from analyzer.present.report.charts import distribution
from analyzer.present.web.orgs import OrgRow


def percentile(value: Any, values: Iterable[Any]) -> tuple[int, int] | None:
    """(percentile 0..100, number of observed peers) for `value`, or None when it is unobserved."""
    if value is None or isinstance(value, str):
        return None
    seen = [float(v) for v in values if v is not None and not isinstance(v, str)]
    if not seen:
        return None
    below = sum(v < float(value) for v in seen)
    same = sum(v == float(value) for v in seen)
    return round(100 * (below + same / 2) / len(seen)), len(seen)


def phase_counts(rows: Iterable[OrgRow]) -> dict[str | None, int]:
    counts: dict[str | None, int] = {p: 0 for p in PHASES}
    for r in rows:
        key = r.phase if r.phase in PHASES else None
        counts[key] = counts.get(key, 0) + 1
    return counts


def group_chart(rows: list[OrgRow], lang: str) -> dict[str, Any]:
    labels: dict[str | None, str] = {p: i18n.phase_label(p, lang) for p in PHASES}
    labels[None] = i18n.t("no_estimate", lang)
    return distribution(phase_counts(rows), labels)


def standing(row: OrgRow, group: list[OrgRow], lang: str) -> list[dict[str, Any]]:
    """Per key signal: the organisation's value and its percentile within `group`."""
    out = []
    for name in i18n.KEY_SIGNALS:
        value = row.signals.get(name)
        pct = percentile(value, (g.signals.get(name) for g in group))
        out.append({"name": name, "label": i18n.label(i18n.SIGNALS, name, lang),
                    "value": value, "percentile": pct[0] if pct else None, "of": pct[1] if pct else 0})
    return out


def percentiles(rows: list[OrgRow]) -> dict[str, dict[str, int | None]]:
    """key -> signal -> percentile within `rows` (the organisations a filter shows)."""
    columns = {n: [r.signals.get(n) for r in rows] for n in i18n.KEY_SIGNALS}
    return {r.key: {n: (p[0] if (p := percentile(r.signals.get(n), columns[n])) else None)
                    for n in i18n.KEY_SIGNALS} for r in rows}
