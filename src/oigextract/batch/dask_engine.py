"""The Dask engine: the same ``run_one`` per document, scheduled by a dask.distributed cluster.

Dask already does what a cluster needs — placing tasks, restarting dead workers (through their nannies),
giving up on a task that killed several (``KilledWorker``) — so this module only feeds it tasks, a window
at a time so a huge archive does not sit in the scheduler's memory, and turns its answers into Outcomes.
With no scheduler address it starts a LocalCluster on 127.0.0.1.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import islice
from types import ModuleType
from typing import Any

from ..errors import ConfigurationError
from ..types import Failure
from .local import default_workers
from .work import Outcome, Task, WorkOptions, crash_failure, run_one

log = logging.getLogger(__name__)


def import_distributed() -> ModuleType:
    """``distributed``, or a ConfigurationError that says which extra to install."""
    try:
        import distributed
    except ImportError as exc:
        raise ConfigurationError(
            f"engine 'dask' needs dask.distributed ({exc}); install it with: pip install 'oigextract[dask]'"
        ) from None
    return distributed


def _client(stack: ExitStack, distributed: ModuleType, scheduler: str | None, workers: int | None) -> Any:
    if scheduler:
        return stack.enter_context(distributed.Client(scheduler))
    cluster = stack.enter_context(
        distributed.LocalCluster(
            n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
        )
    )
    return stack.enter_context(distributed.Client(cluster))


def _outcome(distributed: ModuleType, future: Any, task: Task) -> Outcome:
    try:
        outcome: Outcome = future.result()
        return outcome
    except distributed.KilledWorker as exc:
        record = crash_failure(task, f"dask gave up after it killed workers: {exc}").to_dict()
    except Exception as exc:  # noqa: BLE001 - the task never ran (cancelled, lost): still one record for the document
        record = Failure(task.label, type(exc).__name__, f"{task.label}: dask: {exc}", task.content_hash).to_dict()
    return Outcome(task.index, record, 0, 0.0, "", 0)


def run_dask(
    tasks: Iterable[Task],
    options: WorkOptions,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
) -> Iterator[Outcome]:
    """Yield one Outcome per task as they finish; ``workers`` sizes the LocalCluster started when no
    ``scheduler`` address (``tcp://HOST:PORT``) is given."""
    distributed = import_distributed()
    with ExitStack() as stack:
        client = _client(stack, distributed, scheduler, workers)
        slots = max(1, sum(client.nthreads().values()))
        source = iter(tasks)
        held: dict[Any, Task] = {}
        queue = distributed.as_completed()
        run = uuid.uuid4().hex[:12]  # keys unique to this run: another batch on the cluster is not this one

        def submit(task: Task) -> None:
            future = client.submit(run_one, task, options, pure=False, key=f"oigextract-{run}-{task.index}")
            held[future] = task
            queue.add(future)

        for task in islice(source, 2 * slots):  # keep every thread busy and one task queued behind it
            submit(task)
        try:
            for future in queue:
                task = held.pop(future)
                yield _outcome(distributed, future, task)
                future.release()
                following = next(source, None)
                if following is not None:
                    submit(following)
        finally:
            if held:
                client.cancel(list(held))
