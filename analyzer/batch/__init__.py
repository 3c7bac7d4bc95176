"""Batch scoring: a list of organisations from CSV/XLSX -> the store -> CSV/XLSX/JSON lines/Parquet.

`run_batch` (runner.py) is the entry point; `OUTPUT_COLUMNS` (rows.py) the output contract.
"""
from analyzer.batch.rows import OUTPUT_COLUMNS
from analyzer.batch.runner import BatchOptions, BatchSummary, run_batch

__all__ = ["OUTPUT_COLUMNS", "BatchOptions", "BatchSummary", "run_batch"]
