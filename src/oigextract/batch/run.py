"""A whole batch, as ``oigextract batch`` runs it: inputs → plan → engine → output, with progress."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from enum import Enum
from pathlib import Path

from rich.console import Console

from ..errors import ConfigurationError
from .engine import check_options, run_tasks
from .local import RECYCLE_AFTER
from .progress import BatchProgress, Tally
from .sources import Planner, expand_inputs
from .work import WorkOptions
from .writers import format_for, open_output


class BatchFormat(str, Enum):
    """Output formats of ``oigextract batch`` (an Enum so typer lists the choices)."""

    jsonl = "jsonl"
    parquet = "parquet"
    csv = "csv"


class BatchEngine(str, Enum):
    local = "local"
    dask = "dask"


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    out: Path,
    *,
    output_format: str | None = None,
    resume: bool = False,
    overwrite: bool = False,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    options: WorkOptions | None = None,
    recycle_after: int = RECYCLE_AFTER,
    progress: bool = True,
    console: Console | None = None,
) -> Tally:
    """Extract every document of ``inputs`` into ``out``; returns what was done.

    Everything that can be wrong with the options is checked before the first document, and the
    output is opened (and, with ``resume``, read) before any work, so a long run cannot fail at its end
    for a reason known at its start. An interrupted run leaves whole records behind for ``resume``.
    """
    options = options or WorkOptions()
    check_options(engine, workers, scheduler, options.backend)
    fmt = format_for(out, output_format)
    paths = expand_inputs(inputs)
    if not paths:
        raise ConfigurationError(f"no documents found in {', '.join(map(str, inputs))}")
    output = open_output(out, fmt, resume=resume, overwrite=overwrite)
    planner = Planner(output.done)
    tasks = list(planner.tasks(paths))
    tally = Tally(total=len(tasks), skipped=planner.skipped)
    try:
        with BatchProgress(tally, enabled=progress, console=console) as bar:
            outcomes = run_tasks(
                tasks, options, engine=engine, workers=workers, scheduler=scheduler, recycle_after=recycle_after
            )
            for outcome in outcomes:
                result = outcome.to_result()
                output.write(result)
                tally.add(outcome, result)
                bar.advance(result)
    except BaseException:
        output.close()  # what is written stays whole; the journal is kept for --resume
        raise
    output.finish()
    tally.finished = time.monotonic()
    return tally
