"""Cell values for spreadsheet outputs: formula injection neutralised, illegal characters gone."""
from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_MAX_CELL = 32767


def safe_text(value: str) -> str:
    """A text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_cell(value: Any, decimal: str = ".") -> str:
    """`decimal` is the decimal sign of numbers (a `;` CSV is Dutch Excel's, which reads `,`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value).replace(".", decimal) if isinstance(value, float) else str(value)
    return safe_text(str(value))


def xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = XLSX_ILLEGAL.sub("", safe_text(str(value)))
    return text if len(text) <= XLSX_MAX_CELL else text[: XLSX_MAX_CELL - 1] + "…"
