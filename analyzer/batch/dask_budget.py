"""The monthly X read budget of a distributed batch, counted once for the whole cluster.

Each machine keeps its count in its own file (collectors.platforms.x_budget), so ten worker
machines would read ten budgets. On a cluster the month's count lives on the scheduler instead: a
`distributed.Variable` per month, read and written under a `distributed.Lock` (four short
scheduler messages per X page, small beside X's own pace of one user lookup per three seconds).
The client starts it from its own file before the first task (`MonthReads.start`) and writes it
back as results arrive and at the end (`write_back`), so the next batch or scan on the client's
machine goes on from there. A process that dies holding the lock loses it to the lease timeout.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from analyzer.core.settings import Settings
from analyzer.core.types import parse_iso, utcnow
from collectors.platforms.x_budget import ReadBudget

log = logging.getLogger(__name__)
NAME = "footprint-x-reads-"


def _names(month: str, client: Any) -> tuple[Any, Any]:
    from distributed import Lock, Variable

    return (Variable(NAME + month, client=client),
            Lock(NAME + month, scheduler_rpc=client.scheduler, loop=client.loop))


def _used(variable: Any, monthly: int) -> int:
    try:
        return int(variable.get(timeout=0.5))
    except TimeoutError:          # never set: nothing read on the cluster this month
        return 0
    except Exception as exc:  # noqa: BLE001 - no answer must not hand out unlimited reads
        log.warning("the cluster's X read count could not be read (%s): treating the budget as spent", exc)
        return monthly


class ClusterReads:
    """`Budget` (collectors.platforms.x_budget) kept on the scheduler; used in worker processes."""

    def __init__(self, monthly: int, month: str, client: Any):
        self.monthly = monthly
        self.variable, self.lock = _names(month, client)

    def remaining(self) -> int:
        return max(0, self.monthly - _used(self.variable, self.monthly))

    def take(self, wanted: int) -> int:
        with self.lock:
            used = _used(self.variable, self.monthly)
            granted = max(0, min(wanted, self.monthly - used))
            if granted:
                self.variable.set(used + granted)
            return granted

    def give_back(self, unused: int) -> None:
        if unused <= 0:
            return
        with self.lock:
            self.variable.set(max(0, _used(self.variable, self.monthly) - unused))


def in_this_worker() -> None:
    """Count this worker process's X reads on its cluster."""
    from distributed import get_client

    from collectors.platforms import x_budget

    client = get_client()
    x_budget.count_in(lambda monthly, month: ClusterReads(monthly, month, client))


class MonthReads:
    """On the client: the month's count put on the scheduler, and written back to the file."""

    def __init__(self, client: Any, settings: Settings):
        try:
            now: datetime = parse_iso(settings.as_of) or utcnow() if settings.as_of else utcnow()
        except ValueError:   # the scans refuse it with one line
            now = utcnow()
        self.file = ReadBudget(settings.data_dir() / "x-budget.json", settings.x_monthly_reads, now)
        self.monthly = settings.x_monthly_reads
        self.variable, self.lock = _names(now.strftime("%Y-%m"), client)

    def start(self) -> None:
        with self.lock:
            self.variable.set(max(_used(self.variable, 0), self.file.used()))

    def write_back(self) -> None:
        used = _used(self.variable, 0)
        if used:
            self.file.raise_to(used)
