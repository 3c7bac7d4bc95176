"""Geometry for the report's inline SVG charts; the templates only draw what is computed here.

Charts are drawn from numbers and phase labels only (never from scraped text), with fixed view
boxes so they scale with the page and print sharply.
"""
from __future__ import annotations

from typing import Any, Sequence

from analyzer.core.types import PHASES

STEP_W, STEP_GAP, STAIR_H = 150, 12, 230
COLORS = {"ad_hoc": "#8d99ae", "experimental": "#d99a00", "functional": "#2f6fdb",
          "transformation": "#1f9d6a", "none": "#c98a84"}


def staircase(probabilities: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Four rising steps, one per phase; each carries its probability and whether it is current."""
    steps = []
    for i, p in enumerate(probabilities):
        height = 70 + i * 42
        x = 2 + i * (STEP_W + STEP_GAP)
        share = p["p"]
        steps.append({**p, "color": COLORS[p["phase"]], "x": x, "y": STAIR_H - height, "w": STEP_W, "h": height,
                      "pct": None if share is None else round(share * 100),
                      "bar": 0 if share is None else round(share * (STEP_W - 24), 1)})
    width = 4 + len(steps) * STEP_W + (len(steps) - 1) * STEP_GAP
    return {"width": width, "height": STAIR_H + 34, "base": STAIR_H, "steps": steps}


def history_chart(scans: Sequence[dict[str, Any]], labels: Sequence[str]) -> dict[str, Any] | None:
    """Phase over time: one point per scan on four bands; None with fewer than two scans."""
    if len(scans) < 2:
        return None
    left, right, top, band = 130, 24, 16, 40
    width = 900
    span = width - left - right
    n = len(scans)
    bands = [{"label": labels[i], "phase": PHASES[i], "color": COLORS[PHASES[i]], "y": top + (3 - i) * band} for i in range(4)]
    points = []
    for i, s in enumerate(scans):
        x = left + (span * i / (n - 1))
        idx = s["phase_index"]
        points.append({"x": round(x, 1), "y": None if idx is None else top + (3 - idx) * band + band / 2,
                       "date": s["date"], "label": s["phase_label"] or "–",
                       "color": COLORS.get(s["phase"] or "none")})
    drawn = [p for p in points if p["y"] is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(drawn))
    return {"width": width, "height": top + 4 * band + 40, "left": left, "right": width - right,
            "top": top, "band": band, "bands": bands, "points": points, "path": path,
            "axis_y": top + 4 * band, "every": max(1, n // 6)}


def distribution(counts: dict[str | None, int], labels: dict[str | None, str]) -> dict[str, Any]:
    """Horizontal bars: how many organisations stand in each phase (and how many have none)."""
    keys: list[str | None] = [*PHASES, None]
    keys = [k for k in keys if k is not None or counts.get(None)]
    top = max([counts.get(k, 0) for k in keys] + [1])
    total = sum(counts.get(k, 0) for k in keys) or 1
    left, width, row = 150, 900, 34
    track = width - left - 130  # room on the right for "12 (100%)"
    bars = []
    for i, k in enumerate(keys):
        n = counts.get(k, 0)
        bars.append({"phase": k or "none", "color": COLORS[k or "none"], "label": labels[k], "n": n,
                     "pct": round(100 * n / total), "y": 8 + i * row,
                     "w": round(track * n / top, 1)})
    return {"width": width, "height": 16 + len(keys) * row, "left": left, "track": track, "bars": bars}
