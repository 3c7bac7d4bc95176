"""The SQLite store: scans, evidence, accounts and batch runs, with a versioned schema."""
from analyzer.store.db import ScanNotFound, Store, ts
from analyzer.store.migrations import LATEST as SCHEMA_VERSION
from analyzer.core.serialize import result_from_dict, result_to_dict

__all__ = ["Store", "ScanNotFound", "SCHEMA_VERSION", "result_to_dict", "result_from_dict", "ts"]
