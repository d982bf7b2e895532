"""What an output already holds, so ``--resume`` does each document once.

Records are appended one whole line at a time, but a process killed in the middle of a write can leave
the last line cut short (Linux may stop a large write between pages on SIGKILL). ``repair_tail`` cuts
such a tail off before anything is appended again, so every line of a resumed file is a whole record.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .sources import record_key

log = logging.getLogger(__name__)
_CHUNK = 1 << 16


def repair_tail(path: Path) -> int:
    """Cut the file back to its last newline; returns how many bytes were removed (0 if it was whole)."""
    if not path.exists():
        return 0
    with open(path, "r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(0, end - _CHUNK)
            handle.seek(start)
            block = handle.read(end - start)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            handle.truncate(keep)
            log.warning("%s: removed an incomplete last record (%d bytes) left by an interrupted run",
                        path, size - keep)
        return size - keep


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file; a line that is not a JSON object is logged and skipped."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                record = None
            if isinstance(record, dict):
                yield record
            else:
                log.warning("%s:%d is not a JSON record; ignored", path, number)


def key_of(record: dict[str, Any]) -> str:
    return record_key(record.get("content_hash"), str(record.get("source", "")))


def jsonl_keys(path: Path) -> set[str]:
    return {key_of(record) for record in iter_jsonl(path)}


def csv_keys(path: Path) -> set[str]:
    if not path.exists():
        return set()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(path, newline="", encoding="utf-8") as handle:
        return {record_key(row.get("content_hash"), row.get("source") or "") for row in csv.DictReader(handle)}


def parquet_keys(path: Path) -> set[str]:
    if not path.exists():
        return set()
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    table = pq.read_table(path, columns=["content_hash", "source"])
    return {record_key(h, s) for h, s in zip(table["content_hash"].to_pylist(), table["source"].to_pylist())}
