"""Batch extraction of archives: ``extract_many`` and the engine behind ``oigextract batch``.

    sources.py      inputs (files, folders, globs) → Tasks, keyed by content hash
    work.py         run_one: the per-document function every engine runs (time limit, Failure)
    local.py        the local engine: supervised worker processes (crash, hang, recycling)
    dask_engine.py  the Dask engine: the same run_one on a dask.distributed cluster
    writers.py      JSON Lines, CSV, Parquet outputs     ledger.py   what an output already holds
    progress.py     counts, rates and the progress bar  run.py      a whole batch, for the CLI
"""

from __future__ import annotations

from .engine import ENGINES, extract_many
from .sources import expand_inputs
from .work import CRASH_ERROR, TIMEOUT_ERROR

__all__ = ["CRASH_ERROR", "ENGINES", "TIMEOUT_ERROR", "expand_inputs", "extract_many"]
