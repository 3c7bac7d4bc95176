"""What runs in a Dask worker process: one organisation's collection, with this process's fetch layer.

Each worker process keeps one fetch layer for every scan it runs (connection pools, robots.txt
rules, its own HTTP cache file in the worker's local directory: processes never share a SQLite
cache) whose gate holds cluster-wide slots for shared hosts and parts of each API's rate
(dask_slots.py); its X reads count in the cluster's monthly budget (dask_budget.py). With `--record
FOLDER` the WARC of a scan is written in the worker's local directory and carried back in the
result, so the folder need only exist on the client. Credentials come from the worker's own
environment (they are never sent over the cluster).
"""
from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from analyzer import __version__
from analyzer.batch.executors import Job, ScanFn, scan_one, worker_id
from analyzer.core.errors import UsageError
from analyzer.core.settings import SETTING_FIELDS, Settings
from analyzer.core.types import Collected
from analyzer.core.serialize import collected_to_dict, result_to_dict

_lock = threading.Lock()
_layers: dict[tuple[Settings, int], tuple[Any, Settings]] = {}


def worker_settings(settings: Settings, local_dir: str) -> Settings:
    """The client's settings as this worker process uses them."""
    secrets = {name: os.environ.get(f.metadata["env"], "") for name, f in SETTING_FIELDS.items()
               if f.metadata.get("secret")}
    pid = os.getpid()
    changes: dict[str, Any] = dict(secrets)
    if settings.cache:
        changes["cache_path"] = str(Path(local_dir) / f"footprint-http-cache-{pid}.sqlite")
    if settings.record:
        changes["record"] = str(Path(local_dir) / f"footprint-warc-{pid}")
    return settings.with_(**changes)


def _local_dir() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().local_directory)
    except (ImportError, ValueError):   # not in a worker (a test calling the task directly)
        return tempfile.gettempdir()


def worker_layer(settings: Settings, shares: int = 1) -> tuple[Any, Settings]:
    """This process's fetch layer for the batch's settings, made on the first scan; `shares`: the
    parts each API's rate is split into (the batch's worker processes)."""
    with _lock:
        if (settings, shares) not in _layers:
            from analyzer.batch.dask_slots import DaskSlots
            from collectors.http import Fetcher

            mine = worker_settings(settings, _local_dir())
            cluster = DaskSlots.for_this_worker(mine.per_host, shares)
            if not mine.replay:
                from analyzer.batch.dask_budget import in_this_worker

                in_this_worker()     # the month's X reads are counted for the cluster
            _layers[settings, shares] = (Fetcher(mine, cluster=cluster), mine)
        return _layers[settings, shares]


def scan_task(job: Job, settings: Settings, version: str, scan_fn: ScanFn | None,
              shares: int = 1) -> dict[str, Any]:
    """One organisation, in a worker: plain data for the client (what was collected, or the error)."""
    if version != __version__:
        raise UsageError(f"Dask worker {worker_id()} runs footprint {__version__}, the client {version}: "
                         "every worker needs the client's version")
    layer, mine = worker_layer(settings, shares)
    if scan_fn is None:
        from analyzer.scan import collect_scan

        scan_fn = collect_scan
    try:
        outcome = scan_one(job, mine, scan_fn, layer)
    except UsageError as exc:   # ends the batch; sent as text (not every such error can be unpickled)
        return {"worker": worker_id(), "fatal": str(exc)}
    item: dict[str, Any] = {"worker": outcome.worker, "error": outcome.error, "warc": _take_warc(mine, job)}
    if isinstance(outcome.result, Collected):
        item["collected"] = collected_to_dict(outcome.result)
    elif outcome.result is not None:
        item["result"] = result_to_dict(outcome.result)
    return item


def _take_warc(settings: Settings, job: Job) -> bytes | None:
    if not settings.record:
        return None
    from collectors.http.shared import scan_file

    path = scan_file(settings.record, job.target.key)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink()
    return data


def write_warc(folder: str, key: str, data: bytes) -> None:
    """On the client: a scan's WARC brought back from its worker, renamed into place whole."""
    from collectors.http.shared import scan_file

    path = scan_file(folder, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)
