"""An extractor for batch workers that dies the way real parsers die, on a marker in the document:
SEGFAULT (SIGSEGV, as a crash in C code) or OOMKILL (SIGKILL, as the kernel's out-of-memory killer).
It lives in a module so forkserver workers can import it (pytest puts this folder on sys.path)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from oigextract.batch.work import Task, WorkOptions, extract_task
from oigextract.types import Report


def dying_extract(task: Task, options: WorkOptions) -> Report:
    data = task.source if isinstance(task.source, bytes) else Path(task.source).read_bytes()
    head = data[:200]
    if b"SEGFAULT" in head:
        os.kill(os.getpid(), signal.SIGSEGV)
    if b"OOMKILL" in head:
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_task(task, options)
