"""The batch: read the list, journal it in the store, scan what is left, write the output.

    summary = run_batch(Path("in.csv"), Path("out.xlsx"), settings, BatchOptions(run="q3"))

The store is the journal: each finished organisation is committed there as it completes, and
the output is written from the store at the end. Running the same run again resumes: nothing
already answered is scanned again (unless --retry-failed or --max-age say so), nothing is lost.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from analyzer.batch.executors import Job, ScanFn, ThreadExecutor
from analyzer.batch.journal_writer import JournalWriter
from analyzer.batch.reader import InputTable, header_key, read_table
from analyzer.batch.rows import BATCH_STATUSES, input_headers
from analyzer.batch.runlock import run_lock
from analyzer.batch.writers import OutputSpec, csv_delimiter, iter_output, output_format, writer
from analyzer.core.corrections import BadCorrection, UserCorrection, parse_correction
from analyzer.core.errors import InvalidInput, UsageError
from analyzer.core.normalize import normalize
from analyzer.core.settings import Settings
from analyzer.store import Store
from analyzer.store.reviews import Reviews, with_stored
from analyzer.store.runs import InputRow, RunJournal

log = logging.getLogger(__name__)

ACCOUNT_COLUMNS = {"account": "add", "accounts": "add", "notaccount": "remove", "notaccounts": "remove"}


@dataclass(frozen=True)
class BatchOptions:
    run: str | None = None
    column: str | None = None
    retry_failed: bool = False
    max_age_days: float | None = None
    executor: str = "thread"            # thread | dask
    scheduler: str | None = None
    concurrency: int | None = None
    client: Any = None                  # a ready dask.distributed Client (API and tests)


@dataclass
class BatchSummary:
    run: str
    out: Path | None    # None when the rows go to a DataFrame (analyzer.api.score)
    rows: int = 0
    scanned: int = 0
    resumed: bool = False
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    invalid: list[tuple[int, str]] = field(default_factory=list)


def input_rows(table: Any, allow_private: bool) -> Iterator[InputRow]:
    for number, cells in table.rows():
        raw = cells[table.domain_column]
        try:
            key = normalize(raw, allow_private=allow_private).key
            yield InputRow(number, cells, raw, key)
        except InvalidInput as exc:
            yield InputRow(number, cells, raw, None, exc.problem)


def corrections(columns: tuple[str, ...], cells: tuple[str, ...], row: int) -> tuple[UserCorrection, ...]:
    """--account/--not-account from optional input columns: 'platform:handle' items, | or space apart."""
    out = []
    for name, cell in zip(columns, cells):
        action = ACCOUNT_COLUMNS.get(header_key(name))
        for item in filter(None, cell.replace("|", " ").split()) if action else ():
            try:
                out.append(parse_correction(action, item))
            except BadCorrection as exc:
                log.warning("row %d, column %r: %r: %s; ignored", row, name, item, exc)
    return tuple(out)


def make_executor(settings: Settings, options: BatchOptions, scan_fn: ScanFn | None) -> Any:
    if options.executor == "thread":
        return ThreadExecutor(settings, concurrency=options.concurrency, scan_fn=scan_fn)
    if options.executor == "dask":
        from analyzer.batch.dask_executor import DaskExecutor

        return DaskExecutor(settings, scheduler=options.scheduler, client=options.client, scan_fn=scan_fn,
                            concurrency=options.concurrency)
    raise UsageError(f"--executor {options.executor!r}: use thread or dask")


def run_batch(source: Path, out: Path, settings: Settings, options: BatchOptions = BatchOptions(), *,
              scan_fn: ScanFn | None = None, on_start: Callable[[int], Any] | None = None) -> BatchSummary:
    """Run (or resume) a batch and write its output. `scan_fn` defaults to analyzer.scan.run_scan."""
    fmt = output_format(out)
    table = read_table(source, options.column)

    def write(journal: RunJournal, name: str, summary: BatchSummary) -> None:
        write_output(journal, name, out, fmt, settings, summary)

    return run_table(table, str(source), options.run or source.name, settings, options, write,
                     scan_fn=scan_fn, on_start=on_start, out=out)


def run_table(table: Any, source: str, name: str, settings: Settings, options: BatchOptions,
              finish: Callable[[RunJournal, str, BatchSummary], None], *, scan_fn: ScanFn | None = None,
              on_start: Callable[[int], Any] | None = None, out: Path | None = None) -> BatchSummary:
    """Run (or resume) run `name` over `table` (an InputTable, or a RecordsTable in memory), then
    `finish(journal, name, summary)` while the store is open: write the file, or build a frame."""
    started = time.monotonic()
    if settings.batch_scan_budget > 0:  # nobody waits at a terminal: a batch may give slow sites longer
        settings = settings.with_(scan_budget=settings.batch_scan_budget)
    with run_lock(settings.db_path(), name), Store.open(settings) as store:
        journal = RunJournal(store)
        meta = {"columns": list(table.columns), "delimiter": table.delimiter, "kind": table.kind,
                "domain_column": table.domain_header}
        new = journal.open(name, table.digest, source, meta, input_rows(table, settings.allow_private))
        todo = journal.to_scan(name, retry_failed=options.retry_failed, max_age_days=options.max_age_days)
        summary = BatchSummary(run=name, out=out, resumed=not new, rows=(journal.meta(name) or {})["rows"])
        reviews = Reviews(store)  # corrections from the review workspace come first, the row's columns win
        jobs = (Job(normalize(raw, allow_private=settings.allow_private),
                    with_stored(reviews.corrections(key), corrections(table.columns, cells, row)))
                for key, raw, cells, row in todo)
        from analyzer.batch.progress import BatchProgress

        with BatchProgress(len(todo), quiet=settings.quiet or not todo) as progress:
            if on_start:
                on_start(len(todo))
            writer = JournalWriter(journal, name, lambda o: progress.advance(failed=o.result is None))
            try:
                for outcome in make_executor(settings, options, scan_fn).run(jobs):
                    writer.put(outcome)
                    summary.scanned += 1
            finally:
                writer.close()
        finish(journal, name, summary)
        if settings.retention_days > 0:
            store.expire(settings.retention_days)
    summary.seconds = time.monotonic() - started
    return summary


def write_output(journal: RunJournal, run: str, out: Path, fmt: str, settings: Settings,
                 summary: BatchSummary) -> None:
    meta = journal.meta(run) or {}
    headers = input_headers(tuple(meta.get("columns", ())))
    counts = dict.fromkeys(BATCH_STATUSES, 0)

    def counted() -> Iterator[Any]:
        for r in iter_output(journal, run, settings.lang):
            counts[r.columns["status"]] += 1
            if r.columns["status"] == "invalid":
                summary.invalid.append((r.run_row.row, r.run_row.reason or ""))
            yield r

    delimiter = csv_delimiter(meta.get("kind", "csv"), meta.get("delimiter"), settings.lang)
    spec = OutputSpec(headers, delimiter, settings.lang, settings.show_names)
    writer(fmt)(counted(), out, spec)
    summary.counts = counts
