"""The monthly X read budget: posts read per calendar month, kept in a small JSON file.

X bills reads per post. `settings.x_monthly_reads` caps them; the count lives in
`settings.data_dir() / "x-budget.json"` as {"month": "YYYY-MM", "reads": N} and starts again at 0
in a new month (the month of the scan's "now"). A caller takes posts before a request and gives
back what the answer did not use, so parallel readers never overspend together. Replays read
nothing from X and spend nothing.

The file is one machine's count. A distributed batch counts the month on its cluster instead
(`count_in(...)`, set by analyzer.batch in each worker process: the scheduler keeps the count,
started from the client's file, and the client writes it back), so ten worker machines share one
budget rather than reading ten.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Callable, Protocol

try:
    import fcntl
except ImportError:  # Windows: the in-process lock still holds
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
_LOCK = threading.Lock()


class Budget(Protocol):
    def remaining(self) -> int: ...

    def take(self, wanted: int) -> int: ...

    def give_back(self, unused: int) -> None: ...


_cluster: Callable[[int, str], Budget] | None = None


def count_in(cluster: Callable[[int, str], Budget] | None) -> None:
    """Count this process's spending in a cluster's budget: `cluster(monthly, "YYYY-MM")`."""
    global _cluster
    _cluster = cluster


def budget_for(path: Path, monthly: int, now: datetime, *, spend: bool = True) -> Budget:
    """The month's budget: the cluster's when this process is one of its workers, else the file."""
    if spend and _cluster is not None:
        return _cluster(monthly, now.strftime("%Y-%m"))
    return ReadBudget(path, monthly, now, spend=spend)


class ReadBudget:
    def __init__(self, path: Path, monthly: int, now: datetime, *, spend: bool = True):
        self.path = path
        self.monthly = monthly
        self.month = now.strftime("%Y-%m")
        self.spend = spend

    def remaining(self) -> int:
        with _LOCK:
            return max(0, self.monthly - self._read())

    def take(self, wanted: int) -> int:
        """Reserve up to `wanted` posts; returns how many were granted (0 when spent)."""
        if not self.spend:
            return wanted
        with _LOCK, self._file_lock():
            used = self._read()
            granted = max(0, min(wanted, self.monthly - used))
            if granted:
                self._write(used + granted)
            return granted

    def give_back(self, unused: int) -> None:
        if not self.spend or unused <= 0:
            return
        with _LOCK, self._file_lock():
            self._write(max(0, self._read() - unused))

    def used(self) -> int:
        """Posts read this month, by this machine's count."""
        with _LOCK:
            return min(self.monthly, self._read())

    def raise_to(self, used: int) -> None:
        """A cluster's count for the month written back (never lowers this machine's)."""
        with _LOCK, self._file_lock():
            if used > self._read():
                self._write(used)

    def _read(self) -> int:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return 0
        except (OSError, ValueError) as exc:
            # A damaged budget file must not hand out unlimited reads: count it as spent.
            log.warning("X read budget file %s unreadable (%s): treating the budget as spent",
                        self.path, type(exc).__name__)
            return self.monthly
        if not isinstance(data, dict) or data.get("month") != self.month:
            return 0
        reads = data.get("reads")
        return reads if isinstance(reads, int) and reads >= 0 else self.monthly

    def _write(self, reads: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"month": self.month, "reads": reads}), encoding="utf-8")
        os.replace(tmp, self.path)

    def _file_lock(self):
        return _FileLock(self.path.with_suffix(".lock"))


class _FileLock:
    """An advisory lock across processes (a batch may run scans in several)."""

    def __init__(self, path: Path):
        self.path = path
        self._fh = None

    def __enter__(self):
        if fcntl is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a+")
            fcntl.flock(self._fh, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
