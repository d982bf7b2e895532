"""``extract_many``: many documents in, one ``Report`` or ``Failure`` out per document, on either engine."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from typing import Literal

from ..api import BACKENDS, DEFAULT_BACKEND
from ..errors import ConfigurationError
from ..types import Failure, Limits, Report
from .local import RECYCLE_AFTER, run_local
from .sources import BatchSource, Planner
from .work import Outcome, Task, WorkOptions

EngineName = Literal["local", "dask"]
ENGINES: tuple[EngineName, ...] = ("local", "dask")


def check_options(engine: str, workers: int | None, scheduler: str | None, backend: str) -> None:
    """Bad options fail at once, before any document is read."""
    if engine not in ENGINES:
        raise ConfigurationError(f"engine must be one of {ENGINES}, not {engine!r}")
    if workers is not None and workers < 1:
        raise ConfigurationError(f"workers must be at least 1, not {workers}")
    if scheduler and engine != "dask":
        raise ConfigurationError("a scheduler address needs engine 'dask'")
    if backend not in BACKENDS:
        raise ConfigurationError(f"backend must be one of {BACKENDS}, not {backend!r}")
    if engine == "dask":
        from .dask_engine import import_distributed

        import_distributed()


def run_tasks(
    tasks: Iterable[Task],
    options: WorkOptions,
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    recycle_after: int = RECYCLE_AFTER,
) -> Iterator[Outcome]:
    """The Outcomes of ``tasks`` from the chosen engine, as they finish."""
    if engine == "dask":
        from .dask_engine import run_dask

        return run_dask(tasks, options, scheduler=scheduler, workers=workers)
    return run_local(tasks, options, workers=workers, recycle_after=recycle_after)


def extract_many(
    sources: BatchSource | Iterable[BatchSource],
    *,
    workers: int | None = None,
    engine: EngineName = "local",
    scheduler: str | None = None,
    backend: str = DEFAULT_BACKEND,
    limits: Limits | None = None,
    recycle_after: int = RECYCLE_AFTER,
    skip: Collection[str] = (),
) -> Iterator[Report | Failure]:
    """Extract many documents in parallel; one bad document never stops the run.

    ``sources``: paths (str or PathLike) of files or folders (searched recursively for .pdf, .html,
    .htm, .xhtml, .txt), glob patterns, or documents as bytes. Yields a ``Report`` or a ``Failure`` per
    distinct document, in the order they finish; a document whose bytes were already seen (or whose
    content hash is in ``skip``) is done once. ``workers`` defaults to one per core; ``engine="dask"``
    runs on the dask.distributed cluster at ``scheduler`` (``tcp://HOST:PORT``) or on a LocalCluster.
    ``limits.seconds`` bounds each document: running over it is a ``Failure``, never a hang.
    """
    check_options(engine, workers, scheduler, backend)
    if recycle_after < 1:
        raise ConfigurationError(f"recycle_after must be at least 1, not {recycle_after}")
    if isinstance(sources, (str, bytes, os.PathLike)):
        sources = [sources]
    options = WorkOptions(backend=backend, limits=limits or Limits())
    tasks = Planner(skip).tasks(sources)
    outcomes = run_tasks(
        tasks, options, engine=engine, workers=workers, scheduler=scheduler, recycle_after=recycle_after
    )
    return _results(outcomes)


def _results(outcomes: Iterator[Outcome]) -> Iterator[Report | Failure]:
    """The records; closing this iterator early stops the engine (its workers, its cluster) at once."""
    try:
        for outcome in outcomes:
            yield outcome.to_result()
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()
