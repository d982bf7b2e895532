"""``Limits.seconds`` for one ``extract`` call: a deadline checked between stages, and an alarm.

Two mechanisms, because neither is enough alone:

* ``Deadline.check`` is called between the stages of ``extract`` (read, load, pipeline, assembly) and
  between the pages of a PDF. It works in every thread but only at those points.
* ``alarm`` arms ``SIGALRM`` (``signal.setitimer``) when ``extract`` runs in the main thread of a
  process, so the pipeline or a pure-Python parser (trafilatura, pdfminer) is interrupted wherever it
  is. The handler raises ``_TimeUp``, a ``BaseException``, so that a parser's ``except Exception``
  cannot swallow it; ``extract`` turns it into ``DocumentTimeoutError``. Signals are only delivered
  between Python bytecodes: C code that never returns (inside PDFium, libxml2, a regex) is not
  interrupted — the batch engine kills such a worker from outside. In other threads no alarm is
  armed (Python allows signal handlers in the main thread only); the checks alone apply there.

An alarm already armed by the caller (``signal.alarm``, the batch engine's ``time_limit``) is
respected: if it is due first, no alarm of ours is set; otherwise ours replaces it for the call and
the caller's is re-armed afterwards with the time it had left, its handler restored. When SIGALRM's
handler was installed from C (Python cannot put such a handler back), no alarm is armed.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import DocumentTimeoutError


class _TimeUp(BaseException):
    """Raised by the alarm into whatever code is running; becomes ``DocumentTimeoutError``."""


class Deadline:
    """The moment one document's extraction must be over: ``seconds`` from now (0: at once), or never
    (``None``)."""

    def __init__(self, source: str, seconds: float | None) -> None:
        self.source = source
        self.seconds = seconds
        self.started = time.monotonic()
        self.at = self.started + seconds if seconds is not None else None

    def remaining(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def expired(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def error(self, stage: str) -> DocumentTimeoutError:
        return DocumentTimeoutError(
            self.source,
            f"took longer than {self.seconds:g} s, the limit per document (Limits.seconds); stopped while {stage}",
        )

    def check(self, stage: str) -> None:
        """Raise ``DocumentTimeoutError`` if the time is up; ``stage`` says what was being done."""
        if self.expired():
            raise self.error(stage)


@contextmanager
def alarm(deadline: Deadline) -> Iterator[None]:
    """Arm SIGALRM for the rest of ``deadline`` (main thread only; a no-op elsewhere); raises ``_TimeUp``."""
    remaining = deadline.remaining()
    if (
        remaining is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGALRM) is None  # a handler set from C (a fuzzer's): it could not be put back
    ):
        yield
        return
    outer_left, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer_left <= remaining:  # the caller's alarm comes first: let it do the job
        yield
        return

    active = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if active[0]:
            raise _TimeUp

    armed_at = time.monotonic()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-3))
    try:
        yield
    finally:
        try:
            active[0] = False
        except _TimeUp:  # it went off just as the work ended: the work is done, keep its result
            active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        if outer_left > 0:  # give the caller's alarm back what it had left (at least a moment)
            left = max(outer_left - (time.monotonic() - armed_at), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)
