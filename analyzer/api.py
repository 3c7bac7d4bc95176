"""The Python API for notebooks.

    from analyzer.api import score
    df = score(["gemeente-a.nl", "gemeente-b.nl"])            # or score(dataframe, column="website")

Same machinery and columns as `footprint batch`: the scans are stored in the store (the journal),
and the DataFrame is built from it. A run name makes a later call resume instead of rescanning.
"""
from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
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

    from analyzer.batch import BatchOptions, run_batch
    from analyzer.batch.reader import find_domain_column

    settings = (settings or load_settings()).with_(lang=lang, quiet=True)
    frame = _frame(domains_or_dataframe, column)
    find_domain_column("the DataFrame", tuple(str(c) for c in frame.columns), column)
    with tempfile.TemporaryDirectory(prefix="footprint-score-") as tmp:
        source = Path(tmp) / "input.csv"
        frame.to_csv(source, index=False, encoding="utf-8")
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
        name = run or f"api-{utcnow().strftime('%Y%m%dT%H%M%S%f')}-{digest}"
        out = Path(tmp) / "output.jsonl"
        run_batch(source, out, settings, BatchOptions(run=name, column=column, max_age_days=max_age_days,
                                                      concurrency=concurrency), scan_fn=scan_fn)
        return _read(out, list(frame.columns), pd)


def _read(out: Path, input_columns: list[str], pd: Any) -> Any:
    from analyzer.batch.rows import OUTPUT_COLUMNS, input_headers

    headers = list(input_headers(tuple(input_columns)))
    records = []
    with open(out, encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            records.append([data["input"].get(h) for h in headers] + [data[c] for c in OUTPUT_COLUMNS])
    return pd.DataFrame.from_records(records, columns=headers + list(OUTPUT_COLUMNS))
