"""Small documents and misbehaving extractors for the batch tests.

The extractors run inside worker processes, so they live in a module the workers can import (this one;
pytest puts its folder on sys.path) and act on a marker word in the document: HANG, STUCK, CRASH, BUG.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from oigextract.batch.work import Task, WorkOptions, extract_task
from oigextract.types import Report

AGENCIES = ("the Centers for Medicare & Medicaid Services", "the Administration for Children and Families",
            "the Food and Drug Administration", "the Indian Health Service")


def document_text(i: int, sentences: int = 2) -> str:
    """A short OIG-like summary with counts, money, dates and a caveat; distinct for each ``i``."""
    agency = AGENCIES[i % len(AGENCIES)]
    lines = [f"Review of Payments, Report A-0{i % 9 + 1}-1{i % 10}-0{i:04d}"]
    for k in range(sentences):
        lines.append(
            f"We found that {agency} paid {120 + i + k} hospitals ${i + 3},{k}00,000 in fiscal year "
            f"{2001 + (i + k) % 15} for services that were not documented. The State agency estimated that "
            f"{40 + i} percent of the claims were unallowable, but we could not verify the data for {k + 2} "
            f"of the {i + 9} States reviewed."
        )
    return "\n\n".join(lines) + "\n"


def write_documents(folder: Path, count: int, *, sentences: int = 2, prefix: str = "doc") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{prefix}-{i:03d}.txt"
        path.write_text(document_text(i, sentences), encoding="utf-8")
        paths.append(path)
    return paths


def _text(task: Task) -> str:
    data = task.source if isinstance(task.source, bytes) else Path(task.source).read_bytes()
    return data.decode("utf-8", "replace")


def misbehaving_extract(task: Task, options: WorkOptions) -> Report:
    """``extract`` unless the document says HANG (Python loop), STUCK (SIGALRM blocked, like C code),
    CRASH (the worker kills itself), CRASH-ONCE (only the first time: a marker file beside it) or BUG."""
    text = _text(task)
    if "HANG" in text:
        while True:
            time.sleep(0.01)
    if "STUCK" in text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if "CRASH-ONCE" in text:
        marker = Path(str(task.source) + ".crashed")
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    elif "CRASH" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "BUG" in text:
        raise ValueError("a bug in a rule")
    return extract_task(task, options)
