"""The XLSX output: a summary sheet (one row per input row), an accounts sheet and a capped
evidence sheet, written in openpyxl's write-only mode so memory stays flat. Each sheet has a
frozen header and filters; phase labels follow --lang. Staff accounts are personal data: their
names and handles show only with `show_names`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from analyzer.batch.cells import xlsx_cell
from analyzer.batch.rows import OUTPUT_COLUMNS
from analyzer.batch.writers import OutputRow, atomic_path
from analyzer.core.types import ScanResult, iso

EVIDENCE_CAP = 20000
ACCOUNT_COLUMNS = ("domain", "platform", "handle", "url", "role", "ownership", "platform_verified", "active",
                   "posts_per_week", "reply_share", "last_post_at", "followers")
EVIDENCE_COLUMNS = ("domain", "evidence_id", "kind", "platform", "source_url", "observed_at", "excerpt",
                    "value", "collector")
HIDDEN = {"en": "(staff account: name hidden)", "nl": "(medewerker: naam verborgen)"}
CAPPED = {"en": "Evidence capped at {n} rows; the JSON lines or Parquet output holds all of it.",
          "nl": "Bewijs afgekapt op {n} regels; de JSON-lines- of Parquet-uitvoer bevat alles."}


class _Sheet:
    def __init__(self, wb: Workbook, title: str, headers: tuple[str, ...], widths: dict[str, int]):
        self.ws = wb.create_sheet(title)
        self.ws.freeze_panes = "A2"
        for i, name in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 16)
        self.width = len(headers)
        self.rows = 0
        self.append(headers)

    def append(self, values: Any) -> None:
        self.ws.append([xlsx_cell(v) for v in values])
        self.rows += 1

    def finish(self) -> None:
        self.ws.auto_filter.ref = f"A1:{get_column_letter(self.width)}{max(self.rows, 1)}"


def _accounts(result: ScanResult, show_names: bool, lang: str) -> Iterator[tuple[Any, ...]]:
    for a in result.accounts:
        hide = a.role == "staff" and not show_names
        act = a.activity
        yield (result.target.key, a.platform, HIDDEN[lang] if hide else a.handle, None if hide else a.url,
               a.role, a.ownership, a.platform_verified, act.active if act else None,
               act.posts_per_week if act else None, act.reply_share if act else None,
               iso(act.last_post_at) if act else None, act.followers if act else None)


def _evidence(result: ScanResult, show_names: bool, lang: str) -> Iterator[tuple[Any, ...]]:
    from analyzer.present.report.view import personal_evidence   # the one rule for people's outputs

    personal = set() if show_names else personal_evidence(result)
    for e in result.evidence:
        hide = e.id in personal
        value = HIDDEN[lang] if hide else json.dumps(e.value, ensure_ascii=False)
        yield (result.target.key, e.id, e.kind, e.platform, None if hide else e.source_url,
               iso(e.observed_at), HIDDEN[lang] if hide else e.excerpt, value, e.collector)


def write_xlsx(rows: Iterator[OutputRow], out: Path, headers: tuple[str, ...], lang: str,
               show_names: bool = False, evidence_cap: int = EVIDENCE_CAP) -> None:
    wb = Workbook(write_only=True)
    summary = _Sheet(wb, "summary", headers + OUTPUT_COLUMNS,
                     {"domain": 28, "reason": 40, "top_reasons": 60, "scanned_at": 24})
    accounts = _Sheet(wb, "accounts", ACCOUNT_COLUMNS, {"domain": 28, "handle": 28, "url": 40})
    evidence = _Sheet(wb, "evidence", EVIDENCE_COLUMNS, {"domain": 28, "source_url": 40, "excerpt": 60, "value": 40})
    seen: set[int] = set()
    capped = False
    for r in rows:
        summary.append([r.inputs.get(h) for h in headers] + [r.columns[c] for c in OUTPUT_COLUMNS])
        if r.result is None or r.run_row.scan_id in seen:
            continue  # duplicates: accounts and evidence once per organisation
        seen.add(r.run_row.scan_id)
        for values in _accounts(r.result, show_names, lang):
            accounts.append(values)
        for values in _evidence(r.result, show_names, lang):
            if evidence.rows > evidence_cap:
                capped = True
                break
            evidence.append(values)
    if capped:
        evidence.append([CAPPED[lang].format(n=evidence_cap)])
    for sheet in (summary, accounts, evidence):
        sheet.finish()
    with atomic_path(out) as tmp:
        wb.save(tmp)
