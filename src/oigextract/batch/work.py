"""The one function every engine runs per document: extract it, within its time limit, and never raise.

An engine only moves ``Task``s to workers and ``Outcome``s back; what a document turns into — a report,
or a ``Failure`` naming the error — is decided here, so the local pool and Dask give equal records.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import DEFAULT_BACKEND, extract
from ..errors import OigExtractError
from ..types import Failure, Limits, Report

# Error names of failures that no exception class of the library stands for.
TIMEOUT_ERROR = "DocumentTimeoutError"  # errors.DocumentTimeoutError, a DocumentTooLargeError: time is a limit too
CRASH_ERROR = "WorkerCrashedError"


@dataclass(frozen=True)
class Task:
    """One document of a batch: a path (as str) or the bytes themselves, and its content hash."""

    index: int
    source: str | bytes
    label: str
    content_hash: str | None


Extractor = Callable[[Task, "WorkOptions"], Report]


def extract_task(task: Task, options: WorkOptions) -> Report:
    """The default extractor: ``oigextract.extract`` with the batch's backend and limits."""
    source = Path(task.source) if isinstance(task.source, str) else task.source
    return extract(source, backend=options.backend, limits=options.limits)


@dataclass(frozen=True)
class WorkOptions:
    """What every worker needs; pickled once per worker (the extractor travels by reference)."""

    backend: str = DEFAULT_BACKEND
    limits: Limits = field(default_factory=Limits)
    extractor: Extractor = extract_task


@dataclass(frozen=True)
class Outcome:
    """A finished document: its record (``Report.to_dict()`` or ``Failure.to_dict()``) and its costs:
    wall and CPU seconds in the worker, the worker's name and its peak memory so far (bytes)."""

    index: int
    record: dict[str, Any]
    pages: int
    seconds: float
    worker: str
    peak_rss: int
    cpu_seconds: float = 0.0

    def to_result(self) -> Report | Failure:
        if self.record.get("failure"):
            return Failure.from_dict(self.record)
        return Report.from_dict(self.record)


class _Expired(BaseException):
    """Raised into a document that ran past ``Limits.seconds``; a BaseException so that
    ``except Exception`` inside a parser cannot swallow it."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss() -> int:
    """This process's peak resident memory in bytes (0 where the platform cannot say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024


def _raise_in_thread(ident: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else None)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[list[bool]]:
    """Raise ``_Expired`` in the running code after ``seconds``; yields a flag list that says it fired.

    The main thread of a process uses SIGALRM; other threads (Dask runs tasks in threads) get the
    exception set asynchronously. Neither reaches into C code that never returns to Python: the local
    engine kills such a worker from outside.
    """
    fired = [False]
    if seconds is None or seconds <= 0:
        yield fired
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum: int, frame: object) -> None:
            fired[0] = True
            raise _Expired

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield fired
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    lock = threading.Lock()
    active = [True]
    ident = threading.get_ident()

    def expire() -> None:
        with lock:
            if active[0]:
                fired[0] = True
                _raise_in_thread(ident, _Expired)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()
        with lock:
            active[0] = False
            if fired[0]:
                _raise_in_thread(ident, None)  # clear it if it has not been raised yet


def timeout_failure(task: Task, seconds: float | None) -> Failure:
    return Failure(
        task.label, TIMEOUT_ERROR,
        f"{task.label}: still running after {seconds:g} seconds, the limit per document (Limits.seconds)",
        task.content_hash,
    )


def crash_failure(task: Task, how: str) -> Failure:
    return Failure(
        task.label, CRASH_ERROR,
        f"{task.label}: the worker process died while reading it ({how}); it may need more memory "
        "than the machine has or crash its parser",
        task.content_hash,
    )


def _error_failure(task: Task, exc: BaseException) -> Failure:
    name = type(exc).__name__
    if isinstance(exc, OigExtractError):
        message = str(exc)
    else:  # a bug, not a bad document: say so, and keep the run going
        message = f"{task.label}: unexpected {name} while extracting: {exc}"
    return Failure(task.label, name, message, task.content_hash)


def run_one(task: Task, options: WorkOptions) -> Outcome:
    """Extract one document; every error, and running past the time limit, becomes a ``Failure``."""
    started, cpu_started = time.monotonic(), time.process_time()
    record: dict[str, Any]
    pages = 0
    fired = [False]
    try:
        with time_limit(options.limits.seconds) as fired:
            report = options.extractor(task, options)
        if fired[0]:
            raise _Expired
        record = report.to_dict()
        pages = len(report.pages) or 1
    except _Expired:
        record = timeout_failure(task, options.limits.seconds).to_dict()
    except Exception as exc:  # noqa: BLE001 - any error of one document is that document's Failure
        failure = timeout_failure(task, options.limits.seconds) if fired[0] else _error_failure(task, exc)
        record = failure.to_dict()
    return Outcome(
        task.index, record, pages, time.monotonic() - started, worker_name(), peak_rss(),
        time.process_time() - cpu_started,
    )
