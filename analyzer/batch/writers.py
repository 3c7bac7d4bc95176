"""Writing the batch output from the store: CSV, JSON lines, Parquet (XLSX lives in xlsx.py).

Every writer reads the run's rows from the journal one by one (memory stays flat) and writes a
temporary file beside OUT that is renamed into place only when complete, so a killed run never
leaves a half-written output.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from analyzer.batch.cells import csv_cell
from analyzer.core.errors import UsageError
from analyzer.core.files import atomic_path
from analyzer.core.printable import dropped_all
from analyzer.batch.rows import OUTPUT_COLUMNS, input_headers, output_row
from analyzer.store.runs import RunJournal, RunRow
from analyzer.core.serialize import result_from_dict
from analyzer.core.types import ScanResult

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".parquet": "parquet"}


@dataclass(frozen=True)
class OutputSpec:
    """What every writer may need besides the rows: the input's headers and how to write."""

    headers: tuple[str, ...]
    delimiter: str
    lang: str
    show_names: bool


Writer = Callable[[Iterator["OutputRow"], Path, OutputSpec], None]


def _xlsx(rows: Iterator["OutputRow"], out: Path, spec: OutputSpec) -> None:
    from analyzer.batch.xlsx import write_xlsx  # openpyxl only when an XLSX is asked for

    write_xlsx(rows, out, spec.headers, spec.lang, show_names=spec.show_names)


def writer(fmt: str) -> Writer:
    """The writer of output format `fmt` (a value of FORMATS). A new format: its suffix in
    FORMATS and its writer here (docs/extending.md); tests/test_batch.py runs every one."""
    writers: dict[str, Writer] = {
        "csv": lambda rows, out, spec: write_csv(rows, out, spec.headers, spec.delimiter),
        "jsonl": lambda rows, out, spec: write_jsonl(rows, out, spec.lang, spec.show_names),
        "parquet": lambda rows, out, spec: write_parquet(rows, out, spec.headers, spec.lang,
                                                         show_names=spec.show_names),
        "xlsx": _xlsx,
    }
    return writers[fmt]


@dataclass(frozen=True)
class OutputRow:
    run_row: RunRow
    result: ScanResult | None
    inputs: dict[str, str]
    columns: dict[str, Any]


def output_format(out: Path) -> str:
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise UsageError(f"--out {out}: unknown output type {out.suffix or '(none)'!r}; "
                         "use .csv, .xlsx, .jsonl or .parquet")
    return fmt


def iter_output(journal: RunJournal, run: str, lang: str) -> Iterator[OutputRow]:
    """The run's rows in input order, each with its scan (parsed once per row, not kept)."""
    meta = journal.meta(run) or {}
    headers = input_headers(tuple(meta.get("columns", ())))
    for rr in journal.rows(run):
        result = result_from_dict(json.loads(rr.result_json), rr.scan_id) if rr.result_json else None
        yield OutputRow(rr, result, dict(zip(headers, rr.cells)), output_row(rr, result, lang))


def csv_delimiter(kind: str, input_delimiter: str | None, lang: str) -> str:
    """A CSV input's own delimiter; other inputs (XLSX, a frame) the one of the language's Excel."""
    if kind == "csv" and input_delimiter:
        return input_delimiter
    return ";" if lang == "nl" else ","


def write_csv(rows: Iterator[OutputRow], out: Path, headers: tuple[str, ...], delimiter: str) -> None:
    """UTF-8 with BOM (Excel's sign of UTF-8), never a `sep=` line (other readers take it for a row);
    a `;` CSV writes decimal commas, as Dutch Excel reads them."""
    decimal = "," if delimiter == ";" else "."
    with atomic_path(out) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            writer.writerow([csv_cell(h) for h in headers + OUTPUT_COLUMNS])
            for r in rows:
                writer.writerow([csv_cell(r.inputs.get(h)) for h in headers]
                                + [csv_cell(r.columns[c], decimal) for c in OUTPUT_COLUMNS])


def full_record(r: OutputRow, lang: str, show_names: bool = False) -> dict[str, Any]:
    """One JSON-lines record: the row's columns plus the full scan in the scan JSON contract."""
    from analyzer.present.output import scan_to_json

    scan = scan_to_json(r.result, lang, show_names) if r.result is not None else None
    # as `scan --json`: JSON escapes C0 but keeps C1 and bidi overrides, which reach whoever views it
    return dropped_all({"row": r.run_row.row, "input": r.inputs, **r.columns, "scan": scan})


def write_jsonl(rows: Iterator[OutputRow], out: Path, lang: str, show_names: bool = False) -> None:
    with atomic_path(out) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(full_record(r, lang, show_names), ensure_ascii=False) + "\n")


def parquet_schema(headers: tuple[str, ...]) -> Any:
    import pyarrow as pa

    types = {"p_ad_hoc": pa.float64(), "p_experimental": pa.float64(), "p_functional": pa.float64(),
             "p_transformation": pa.float64(), "confidence": pa.float64(), "platforms": pa.int64(),
             "active_platforms": pa.int64(), "posts_per_week": pa.float64(), "reply_share": pa.float64(),
             "staff_accounts": pa.int64()}
    fields = [pa.field(h, pa.string()) for h in headers]
    fields += [pa.field(c, types.get(c, pa.string())) for c in OUTPUT_COLUMNS]
    fields.append(pa.field("scan", pa.string()))
    return pa.schema(fields)


def _typed(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "int64":
        return int(value)
    if kind == "double":
        return float(value)
    return value if isinstance(value, str) else str(value)


def write_parquet(rows: Iterator[OutputRow], out: Path, headers: tuple[str, ...], lang: str,
                  chunk: int = 500, show_names: bool = False) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(headers)
    names = [f.name for f in schema]
    kinds = [str(f.type) for f in schema]
    with atomic_path(out) as tmp:
        with pq.ParquetWriter(str(tmp), schema) as writer:
            batch: list[list[Any]] = []
            for r in rows:
                record = full_record(r, lang, show_names)
                scan = record["scan"]
                values = [record["input"].get(h) for h in headers] + [record[c] for c in OUTPUT_COLUMNS]
                values.append(json.dumps(scan, ensure_ascii=False) if scan is not None else None)
                batch.append([_typed(v, k) for v, k in zip(values, kinds)])
                if len(batch) >= chunk:
                    writer.write_table(_table(batch, names, schema, pa))
                    batch = []
            if batch:
                writer.write_table(_table(batch, names, schema, pa))


def _table(batch: list[list[Any]], names: list[str], schema: Any, pa: Any) -> Any:
    columns = list(zip(*batch)) if batch else [[] for _ in names]
    return pa.Table.from_arrays([pa.array(list(col), type=f.type) for col, f in zip(columns, schema)],
                                schema=schema)
