"""The batch progress bar on stderr (rich): done/total, organisations per second, ETA, failures.
Quiet mode shows nothing; stdout is never touched, so `--json` output stays clean."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text


class RateColumn(ProgressColumn):
    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} org/s" if speed else "… org/s", style="progress.data.speed")


class BatchProgress:
    """`with BatchProgress(total, quiet) as p: p.advance(failed=False)`."""

    def __init__(self, total: int, quiet: bool = False, label: str = "scanning"):
        self.total = total
        self.failed = 0
        self._progress = None if quiet else Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
            TextColumn("ETA"), TimeRemainingColumn(), TextColumn("elapsed"), TimeElapsedColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            console=Console(stderr=True), transient=False)
        self._task = None
        self._label = label

    def __enter__(self) -> "BatchProgress":
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task(self._label, total=self.total, failed=0)
        return self

    def advance(self, failed: bool = False) -> None:
        self.failed += int(failed)
        if self._progress is not None:
            self._progress.update(self._task, advance=1, failed=self.failed)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
