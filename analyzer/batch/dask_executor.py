"""Scale-out: partitions of the list scanned on a Dask distributed cluster.

    DaskExecutor(settings, scheduler="tcp://10.0.0.5:8786").run(jobs)

Each worker scans its partition with the same code as a local batch (`ThreadExecutor` inside the
worker, with its own shared fetch layer); results come back to the client as plain dicts and are
saved in the client's store. A partition lost with its worker becomes failed rows, which
`--retry-failed` scans again. Dask is an optional extra: it is imported here only.
"""
from __future__ import annotations

import logging
import math
from typing import Any, Iterable, Iterator

from analyzer.core.errors import UsageError
from analyzer.core.settings import Settings
from analyzer.store.serialize import result_from_dict, result_to_dict
from analyzer.batch.executors import Job, Outcome, ScanFn, ThreadExecutor

log = logging.getLogger(__name__)

MAX_PARTITION = 50


def scan_partition(jobs: list[Job], settings: Settings, scan_fn: ScanFn | None) -> list[dict[str, Any]]:
    """Runs on a worker: scan every job of the partition, return plain data for the client."""
    out = []
    for outcome in ThreadExecutor(settings, scan_fn=scan_fn).run(jobs):
        out.append({"key": outcome.job.target.key, "worker": outcome.worker, "error": outcome.error,
                    "result": result_to_dict(outcome.result) if outcome.result is not None else None})
    return out


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError("--executor dask needs Dask: pip install 'footprint[dask]'") from None
    return distributed


class DaskExecutor:
    """Sends partitions of the jobs to a Dask cluster (`scheduler` address, or a ready `client`)."""

    def __init__(self, settings: Settings, *, scheduler: str | None = None, client: Any = None,
                 scan_fn: ScanFn | None = None, partition_size: int | None = None):
        if client is None and not scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
        self.settings = settings
        self.scheduler = scheduler
        self.client = client
        self.scan_fn = scan_fn
        self.partition_size = partition_size

    def _connect(self) -> tuple[Any, bool]:
        distributed = _import_distributed()
        if self.client is not None:
            return self.client, False
        try:
            return distributed.Client(self.scheduler, timeout="20s", set_as_default=False), True
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--scheduler {self.scheduler}: cannot reach the Dask scheduler ({exc})") from None

    def _partitions(self, jobs: list[Job], workers: int) -> list[list[Job]]:
        size = self.partition_size or max(1, min(MAX_PARTITION, math.ceil(len(jobs) / max(1, workers * 4))))
        return [jobs[i:i + size] for i in range(0, len(jobs), size)]

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        distributed = _import_distributed()
        client, owned = self._connect()
        try:
            todo = list(jobs)
            if not todo:
                return
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            futures = {}
            for part in self._partitions(todo, workers):
                future = client.submit(scan_partition, part, self.settings, self.scan_fn, pure=False)
                futures[future] = part
            for future in distributed.as_completed(list(futures), loop=client.loop):
                part = futures.pop(future)
                by_key = {job.target.key: job for job in part}
                try:
                    items = future.result()
                except Exception as exc:  # a worker lost or a partition that raised
                    log.error("a partition of %d organisations failed on the cluster: %s", len(part), exc)
                    for job in part:
                        yield Outcome(job, None, f"worker_failed: {type(exc).__name__}: {exc}"[:300], "dask")
                    continue
                finally:
                    future.release()
                for item in items:
                    result = result_from_dict(item["result"]) if item["result"] is not None else None
                    yield Outcome(by_key[item["key"]], result, item["error"], item["worker"])
        finally:
            if owned:
                client.close()
