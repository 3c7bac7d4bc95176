"""Scale-out: one batch on a Dask distributed cluster, one task per organisation.

    DaskExecutor(settings, scheduler="tcp://10.0.0.5:8786").run(jobs)   # join a running cluster
    DaskExecutor(settings).run(jobs)          # a LocalCluster of `settings.dask_workers` processes

Workers only collect (analyzer.scan.collect_scan: the network) and send back what they observed;
this process scores it with its own rules and model and the batch commits it to the store, so a
worker needs neither the store, nor the rules, nor the model. One task per organisation, handed
out a window at a time (client memory stays flat): a worker that dies loses only the scans it had
running, which the scheduler runs again on another worker (once, on the LocalCluster started
here; see ALLOWED_FAILURES), and a finished organisation is never scanned again. Politeness:
requests to shared hosts (shared hosting, feeds) hold cluster-wide slots, and a documented API's
rate is split into one part per worker process of the batch (dask_slots.py); the monthly X read
budget is counted once for the cluster (dask_budget.py).
Dask is an optional extra: it is imported here only.
"""
from __future__ import annotations

import logging
import uuid
from typing import Any, Iterable, Iterator

from analyzer import __version__
from analyzer.batch.dask_budget import MonthReads
from analyzer.batch.dask_worker import scan_task, write_warc
from analyzer.batch.executors import Job, Outcome, ScanFn
from analyzer.core.errors import UsageError
from analyzer.core.settings import SETTING_FIELDS, Settings
from analyzer.core.serialize import collected_from_dict, result_from_dict

log = logging.getLogger(__name__)

ALLOWED_FAILURES = 1      # a scan whose worker died is run once more, elsewhere; then it is a failed row
# The workers' statistical profiler (sys._current_frames every 10 ms) deadlocks CPython before
# 3.11.9 when the garbage collector runs inside it while a thread starts (python/cpython#116969,
# #106883): a worker then hangs for good. Scans start threads all the time, so it is off.
CLUSTER_CONFIG = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                  "distributed.scheduler.locks.lease-timeout": "10s",
                  "distributed.scheduler.locks.lease-validation-interval": "1s",
                  "distributed.worker.profile.enabled": False}
WINDOW_PER_THREAD = 2     # tasks handed out per worker thread: enough to keep every thread busy
WRITE_BACK = 20           # results between writes of the cluster's X read count to this machine's file


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError("--executor dask needs Dask: pip install 'footprint[dask]'") from None
    return distributed


def without_secrets(settings: Settings) -> Settings:
    """Credentials never travel to the workers: each reads its own from its environment."""
    return settings.with_(**{name: "" for name, f in SETTING_FIELDS.items() if f.metadata.get("secret")})


class DaskExecutor:
    """Scans on a Dask cluster: a `scheduler` address, a ready `client`, or a LocalCluster of its own.

    `scan_fn` runs on the workers; it returns a Collected (scored here) or a finished ScanResult."""

    def __init__(self, settings: Settings, *, scheduler: str | None = None, client: Any = None,
                 scan_fn: ScanFn | None = None, concurrency: int | None = None):
        if settings.record and not _is_record_folder(settings.record):
            raise UsageError(f"--record {settings.record}: a distributed batch records into a folder "
                             "(one WARC per organisation), not one file")
        self.settings = settings
        self.scheduler = scheduler
        self.client = client
        self.scan_fn = scan_fn
        self.concurrency = max(1, concurrency or settings.concurrency)

    # --- connecting --------------------------------------------------------------------------

    def _connect(self) -> tuple[Any, list[Any]]:
        """The client and what to close after the batch (a client and cluster made here)."""
        distributed = _import_distributed()
        if self.client is not None:
            return self.client, []
        if not self.scheduler:
            import dask

            with dask.config.set(CLUSTER_CONFIG):
                cluster = distributed.LocalCluster(n_workers=max(1, self.settings.dask_workers),
                                                   threads_per_worker=self.concurrency, processes=True,
                                                   dashboard_address=":0", silence_logs=logging.ERROR)
            client = distributed.Client(cluster, set_as_default=False)
            return client, [client, cluster]
        from analyzer.batch.dask_connect import connect

        client = connect(self.scheduler)
        return client, [client]

    # --- running -----------------------------------------------------------------------------

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        queue = iter(jobs)
        first = next(queue, None)
        if first is None:
            return
        distributed = _import_distributed()
        client, owned = self._connect()
        try:
            from analyzer.batch.dask_connect import check_versions

            check_versions(client, self.scheduler or "the Dask cluster")
            yield from self._run(client, distributed, first, queue)
        finally:
            for thing in owned:
                thing.close()

    def _window(self, client: Any) -> int:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())
        return max(1, threads * WINDOW_PER_THREAD)

    def _run(self, client: Any, distributed: Any, first: Job, queue: Iterator[Job]) -> Iterator[Outcome]:
        settings = without_secrets(self.settings)
        shares = max(1, len(client.scheduler_info().get("workers", {})))   # parts of each API's rate
        pending: dict[Any, Job] = {}
        done = distributed.as_completed(loop=client.loop)

        def submit(job: Job) -> None:
            key = f"footprint-scan-{job.target.key}-{uuid.uuid4().hex[:8]}"
            future = client.submit(scan_task, job, settings, __version__, self.scan_fn, shares, key=key, pure=False)
            pending[future] = job
            done.add(future)

        reads = None if self.settings.replay else MonthReads(client, self.settings)
        if reads is not None:
            reads.start()
        try:
            submit(first)
            while len(pending) < self._window(client) and (job := next(queue, None)) is not None:
                submit(job)
            for n, future in enumerate(done, 1):
                job = pending.pop(future)
                outcome = self._outcome(future, job)
                # Let go of the result before it can reach the journal: a future still held when
                # its worker dies is computed again, which would scan an organisation already committed.
                future.release()
                if reads is not None and n % WRITE_BACK == 0:
                    reads.write_back()
                yield outcome
                while len(pending) < self._window(client) and (job := next(queue, None)) is not None:
                    submit(job)
        finally:
            if reads is not None:
                reads.write_back()

    def _outcome(self, future: Any, job: Job) -> Outcome:
        try:
            item = future.result()
        except UsageError:
            raise                      # bad settings or another version on a worker: every row alike
        except Exception as exc:     # the scan's worker died (twice) or the task could not run
            log.error("scan of %s failed on the cluster: %s", job.target.key, exc)
            return Outcome(job, None, f"worker_failed: {type(exc).__name__}: {exc}"[:300], "dask")
        if item.get("fatal"):
            raise UsageError(f"Dask worker {item['worker']}: {item['fatal']}")
        if item.get("warc") is not None:
            write_warc(self.settings.record, job.target.key, item["warc"])
        if item.get("result") is not None:
            return Outcome(job, result_from_dict(item["result"]), None, item["worker"])
        if item.get("collected") is None:
            return Outcome(job, None, item["error"], item["worker"])
        try:
            return Outcome(job, _score(collected_from_dict(item["collected"]), self.settings), None, item["worker"])
        except UsageError:
            raise
        except Exception as exc:  # a bug in scoring one organisation must not end the batch
            log.error("scoring %s failed: %s", job.target.key, exc, exc_info=True)
            return Outcome(job, None, f"internal_error: {type(exc).__name__}: {exc}"[:300], item["worker"])


def _score(collected: Any, settings: Settings) -> Any:
    from analyzer.scan import score

    return score(collected, settings)


def _is_record_folder(value: str) -> bool:
    from collectors.http.shared import is_folder

    return is_folder(value)
