"""The local engine: a pool of worker processes, one document at a time each, supervised by the parent.

Why not ``concurrent.futures``: a worker that dies breaks a whole ``ProcessPoolExecutor`` without saying
which document killed it, and a worker stuck inside C code past its deadline cannot be stopped. Here each
worker has its own pipe and the parent knows the one document every worker holds, so a crash or a hang
costs exactly that document: the worker is killed or buried, a new one started, and the rest go on.

Workers are forked from a forkserver that has already built the spaCy pipeline (``_preload``), so a new
worker is ready in milliseconds and recycling one every ``recycle_after`` documents — pdfminer and
caches keep memory — costs little. Where there is no forkserver (Windows) workers are spawned.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from ..errors import ConfigurationError
from ..pipeline import load_pipeline
from .work import Outcome, Task, WorkOptions, crash_failure, run_one, timeout_failure

log = logging.getLogger(__name__)
_START_HELP = (
    "batch worker processes die as they start ({how}). A script that runs a batch must keep its own work "
    "under `if __name__ == '__main__':`, since workers import the main module; see the worker's error above"
)

RECYCLE_AFTER = 250
# A document still running this long after its soft limit (SIGALRM) is stuck in C code: kill the worker.
KILL_GRACE = 10.0
_CRASH_RETRIES = 1  # a crash may be a neighbour's fault (memory): retry once in a fresh worker
_START_FAILURES = 3  # workers that die before they are ready, in a row, before the batch gives up
_READY = "ready"


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["oigextract.batch._preload"])
        return context
    return multiprocessing.get_context("spawn")


def _worker_main(conn: Connection, options: WorkOptions) -> None:
    """Say it is ready, then receive tasks until told to stop (None) or the parent is gone; send one
    Outcome per task."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    load_pipeline()  # once per worker (a no-op when the forkserver already built it)
    try:
        conn.send(_READY)
        while (task := conn.recv()) is not None:
            conn.send(run_one(task, options))
    except (EOFError, OSError):
        pass


class _Worker:
    """A worker process, its pipe, and the document it holds."""

    def __init__(self, context: BaseContext, options: WorkOptions) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, options), daemon=True, name="oigextract-worker",
        )
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.deadline = float("inf")
        self.done = 0
        self.ready = False

    def give(self, task: Task, seconds: float | None) -> None:
        self.task = task
        self.deadline = time.monotonic() + seconds + KILL_GRACE if seconds else float("inf")
        try:
            self.conn.send(task)
        except OSError:
            pass  # it died: the supervisor sees its sentinel and deals with the task

    def receive(self) -> Outcome | None:
        """The finished Outcome, or None (not done yet, or the worker is gone)."""
        try:
            while self.conn.poll():
                message = self.conn.recv()
                if message == _READY:
                    self.ready = True
                    continue
                outcome: Outcome = message
                self.task, self.deadline = None, float("inf")
                self.done += 1
                return outcome
        except (EOFError, OSError):
            pass
        return None

    def how_it_died(self) -> str:
        self.process.join(timeout=1.0)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return "still running" if code is None else f"exit code {code}"

    def stop(self, kill: bool = False) -> None:
        if not kill and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(timeout=5.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5.0)
        self.conn.close()


def run_local(
    tasks: Iterable[Task],
    options: WorkOptions,
    *,
    workers: int | None = None,
    recycle_after: int = RECYCLE_AFTER,
) -> Iterator[Outcome]:
    """Yield one Outcome per task as they finish (not in order); workers die, hang and are replaced."""
    size = workers or default_workers()
    if size < 1 or recycle_after < 1:
        raise ValueError("workers and recycle_after must be at least 1")
    context = _context()
    source = iter(tasks)
    retry: deque[Task] = deque()
    crashes: dict[int, int] = {}
    pool: list[_Worker] = []
    seconds = options.limits.seconds
    start_failures = 0

    def next_task() -> Task | None:
        return retry.popleft() if retry else next(source, None)

    try:
        while True:
            for worker in [w for w in pool if w.task is None]:  # idle ones
                task = next_task()
                if task is None:
                    break
                worker.give(task, seconds)
            while len(pool) < size and (task := next_task()) is not None:
                worker = _Worker(context, options)
                pool.append(worker)
                worker.give(task, seconds)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                return
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=min(timeout, 60.0))
            for worker in busy:
                held = worker.task
                assert held is not None
                outcome = worker.receive()
                if worker.ready:
                    start_failures = 0
                if outcome is not None:
                    yield outcome
                    if worker.done >= recycle_after:
                        worker.stop()
                        pool.remove(worker)
                elif not worker.process.is_alive():
                    how = worker.how_it_died()
                    worker.stop(kill=True)
                    pool.remove(worker)
                    if not worker.ready:  # it never started: not the document's fault
                        start_failures += 1
                        if start_failures >= _START_FAILURES:
                            raise ConfigurationError(_START_HELP.format(how=how))
                        retry.append(held)
                        continue
                    crashes[held.index] = crashes.get(held.index, 0) + 1
                    if crashes[held.index] <= _CRASH_RETRIES:
                        log.warning("worker died on %s (%s); retrying it in a new worker", held.label, how)
                        retry.append(held)
                    else:
                        yield _parent_outcome(held, crash_failure(held, how).to_dict())
                elif time.monotonic() > worker.deadline:
                    worker.stop(kill=True)
                    pool.remove(worker)
                    yield _parent_outcome(held, timeout_failure(held, seconds).to_dict())
    finally:
        for worker in pool:
            worker.stop(kill=worker.task is not None)


def _parent_outcome(task: Task, record: dict[str, object]) -> Outcome:
    """An Outcome the parent writes for a worker that could not (it died or was killed): no costs known."""
    return Outcome(task.index, dict(record), 0, 0.0, "", 0)
