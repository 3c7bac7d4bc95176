"""The Python API for notebooks.

    from analyzer.api import score
    df = score(["gemeente-a.nl", "gemeente-b.nl"])            # or score(dataframe, column="website")

Same machinery and columns as `footprint batch`: the scans are stored in the store (the journal),
and the DataFrame is built from its rows directly (no file in between). A run name makes a later
call resume instead of rescanning.
"""
from __future__ import annotations

import hashlib
from typing import Any, Iterable

from analyzer.core.errors import UsageError
from analyzer.core.settings import Settings, load_settings
from analyzer.core.types import utcnow


def _frame(domains_or_dataframe: Any, column: str | None) -> Any:
    import pandas as pd

    if isinstance(domains_or_dataframe, pd.DataFrame):
        return domains_or_dataframe.astype(object).where(domains_or_dataframe.notna(), "").astype(str)
    if isinstance(domains_or_dataframe, (str, bytes)):
        raise UsageError("score(): give a list of domains or a DataFrame, not a single string")
    values = [str(v) for v in _as_list(domains_or_dataframe)]
    return pd.DataFrame({column or "domain": values})


def _as_list(items: Iterable[Any]) -> list[Any]:
    try:
        return list(items)
    except TypeError:
        raise UsageError("score(): give a list of domains or a DataFrame") from None


def score(domains_or_dataframe: Any, *, settings: Settings | None = None, column: str | None = None,
          lang: str = "en", run: str | None = None, max_age_days: float | None = None,
          concurrency: int | None = None, scan_fn: Any = None) -> Any:
    """Score organisations; return a pandas DataFrame with the batch output's columns.

    `run` names the run (the same name resumes it); by default each call is a fresh run.
    `max_age_days` reuses stored scans younger than that instead of scanning again.
    `scan_fn` replaces analyzer.scan.run_scan (same signature), e.g. for a custom scan.
    """
    import pandas as pd

    from analyzer.batch import BatchOptions
    from analyzer.batch.reader import RecordsTable, find_domain_column
    from analyzer.batch.runner import run_table
    from analyzer.batch.rows import OUTPUT_COLUMNS, input_headers
    from analyzer.batch.writers import iter_output

    settings = (settings or load_settings()).with_(lang=lang, quiet=True)
    frame = _frame(domains_or_dataframe, column)
    columns = tuple(str(c).strip() for c in frame.columns)
    table = RecordsTable(columns, find_domain_column("the DataFrame", columns, column), _digest(frame),
                         tuple(tuple(row) for row in frame.itertuples(index=False, name=None)))
    name = run or f"api-{utcnow().strftime('%Y%m%dT%H%M%S%f')}-{table.digest[:12]}"
    headers = list(input_headers(columns))
    records: list[list[Any]] = []

    def collect(journal: Any, run_name: str, _summary: Any) -> None:
        for r in iter_output(journal, run_name, settings.lang):
            records.append([r.inputs.get(h) for h in headers] + [r.columns[c] for c in OUTPUT_COLUMNS])

    run_table(table, "the DataFrame", name, settings, BatchOptions(run=name, column=column,
              max_age_days=max_age_days, concurrency=concurrency), collect, scan_fn=scan_fn)
    return pd.DataFrame.from_records(records, columns=headers + list(OUTPUT_COLUMNS))


def _digest(frame: Any) -> str:
    """sha256 of the frame as the CSV it used to be written to, so runs named before still resume."""
    return hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()
