"""What a batch has done so far (``Tally``) and the progress bar that shows it (rich, on stderr)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..types import Failure, Report
from .work import Outcome


@dataclass
class Tally:
    """Counts and rates of a batch. Pages are PDF pages; an HTML or text document counts as one."""

    total: int = 0
    skipped: int = 0
    documents: int = 0
    reports: int = 0
    pages: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    peak_rss: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def add(self, outcome: Outcome, result: Report | Failure) -> None:
        self.documents += 1
        self.pages += outcome.pages
        if isinstance(result, Failure):
            self.failures[result.error] += 1
        else:
            self.reports += 1
        if outcome.worker:
            self.peak_rss[outcome.worker] = max(self.peak_rss.get(outcome.worker, 0), outcome.peak_rss)

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def rates(self) -> tuple[float, float]:
        """(documents per second, pages per second)."""
        seconds = max(self.seconds, 1e-9)
        return self.documents / seconds, self.pages / seconds

    def summary(self) -> str:
        docs, pages = self.rates()
        failed = sum(self.failures.values())
        kinds = ", ".join(f"{n} {name}" for name, n in sorted(self.failures.items()))
        return (
            f"{self.documents} documents in {self.seconds:.1f} s ({docs:.2f} docs/s, {pages:.2f} pages/s): "
            f"{self.reports} reports, {failed} failures{f' ({kinds})' if kinds else ''}"
            f"{f', {self.skipped} already done or duplicates' if self.skipped else ''}"
        )


class BatchProgress:
    """A progress bar of documents, with documents/s, pages/s, failures and time left; silent if disabled."""

    def __init__(self, tally: Tally, *, enabled: bool, console: Console | None = None) -> None:
        self.tally = tally
        self.enabled = enabled
        self.console = console or Console(stderr=True)
        self._bar = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rates]}"),
            TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
            console=self.console, disable=not enabled,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        self._bar.start()
        self._task = self._bar.add_task("batch", total=self.tally.total, rates=self._rates())
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.stop()

    def _rates(self) -> str:
        docs, pages = self.tally.rates()
        return f"{docs:.1f} docs/s  {pages:.1f} pages/s  {sum(self.tally.failures.values())} failed"

    def advance(self, result: Report | Failure) -> None:
        """Move the bar after ``Tally.add``; a failure is printed above it."""
        if not self.enabled or self._task is None:
            return
        if isinstance(result, Failure):
            self._bar.console.print(f"failed: {result.error}: {result.message}", markup=False, highlight=False)
        self._bar.update(self._task, completed=self.tally.documents, rates=self._rates())
