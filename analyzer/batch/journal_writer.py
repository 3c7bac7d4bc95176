"""Committing finished scans to the store off the scanning loop, in group commits.

Each commit is durable (an fsync), which costs milliseconds; done one by one on the loop that
hands out work, it would cap a batch at a few hundred organisations per second and hold idle
scan slots while it waits. Here a writer thread takes every outcome that has arrived and commits
them in one transaction, so a result is in the store within moments of finishing, and the
loop never waits for the disk. An outcome not yet committed when the process dies is scanned
again on resume: nothing is half-written or duplicated.
"""
from __future__ import annotations

import queue
import threading
from typing import Any, Callable

from analyzer.batch.executors import Outcome
from analyzer.store.runs import RunJournal

_STOP = object()


class JournalWriter:
    """`put(outcome)` from the loop; `close()` commits what is left and raises a writer error."""

    def __init__(self, journal: RunJournal, run: str, on_commit: Callable[[Outcome], Any] | None = None):
        self.journal = journal
        self.run = run
        self.on_commit = on_commit
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="journal-writer", daemon=True)
        self._thread.start()

    def put(self, outcome: Outcome) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put(outcome)

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def _loop(self) -> None:
        while True:
            batch = [self._queue.get()]
            while True:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            outcomes = [o for o in batch if o is not _STOP]
            try:
                self._commit(outcomes)
            except BaseException as exc:  # noqa: BLE001 - handed to the loop's thread in put/close
                self.error = exc
                return
            if len(outcomes) < len(batch):
                return

    def _commit(self, outcomes: list[Outcome]) -> None:
        if not outcomes:
            return
        store = self.journal.store
        with store.transaction() as conn:
            for o in outcomes:
                if o.result is not None:
                    store.insert_scan(conn, o.result, self.run, worker=o.worker)
                else:
                    self.journal.fail_in(conn, self.run, o.job.target.key, o.error or "failed", o.worker)
        for o in outcomes:
            if self.on_commit is not None:
                self.on_commit(o)
