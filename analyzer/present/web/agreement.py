"""How the consultant's phases compare with the machine's: agreement and a confusion matrix.

Each organisation counts once, with its latest assessment against the estimate of the scan the
consultant was looking at (the latest scan when that one was forgotten or expired).
"""
from __future__ import annotations

from typing import Any

from analyzer.core.types import PHASES
from analyzer.present import i18n

NONE = "none"


def compare(assessments: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    columns = [*PHASES, NONE]
    matrix = {p: {c: 0 for c in columns} for p in PHASES}
    for a in assessments:
        if a["phase"] in matrix:
            matrix[a["phase"]][a["estimate"] if a["estimate"] in PHASES else NONE] += 1
    total = sum(sum(r.values()) for r in matrix.values())
    agree = sum(matrix[p][p] for p in PHASES)
    adjacent = sum(matrix[p][q] for p in PHASES for q in PHASES if abs(PHASES.index(p) - PHASES.index(q)) == 1)
    label = lambda p: i18n.phase_label(p, lang) if p != NONE else i18n.t("no_estimate", lang)  # noqa: E731
    return {"total": total, "agree": agree, "adjacent": adjacent,
            "share": agree / total if total else None,
            "columns": [{"phase": c, "label": label(c)} for c in columns],
            "rows": [{"phase": p, "label": label(p), "cells": [{"n": matrix[p][c], "diagonal": c == p}
                                                                for c in columns]} for p in PHASES]}
