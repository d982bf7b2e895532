"""Batch outputs: JSON Lines written record by record, and CSV/Parquet tables built from a journal.

Every record goes to a JSON Lines file the moment it arrives, as one ``os.write`` of a whole line, so
a crash loses at most the document in hand. A Parquet file cannot be appended to and is unreadable
until closed, so the tabular formats journal their records to ``OUT.journal.jsonl`` and build ``OUT``
at the end (to a temporary file, then renamed); failures go beside it to ``OUT.failures.jsonl``.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol

from ..errors import ConfigurationError
from ..output.json import report_to_json_dict
from ..output.tabular import COLUMN_NAMES, COLUMNS, report_rows
from ..types import Failure, Report
from . import ledger

Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")
_SUFFIX_FORMATS: dict[str, Format] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_PARQUET_BATCH = 5000


def format_for(path: Path, given: str | None) -> Format:
    """The format asked for, else the one the output's suffix names, else JSON Lines."""
    if given is None:
        return _SUFFIX_FORMATS.get(path.suffix.lower(), "jsonl")
    if given not in FORMATS:
        raise ConfigurationError(f"format must be one of {FORMATS}, not {given!r}")
    return given


def record_dict(result: Report | Failure) -> dict[str, Any]:
    """The JSON Lines form: the report's JSON contract (no text), or the failure's own dict."""
    return result.to_dict() if isinstance(result, Failure) else report_to_json_dict(result)


class LineAppender:
    """Appends whole lines with one unbuffered write each, so a killed process leaves whole lines."""

    def __init__(self, path: Path, *, truncate: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        self.path = path
        self._fd = os.open(path, flags, 0o644)

    def write(self, record: dict[str, Any]) -> None:
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view):]

    def close(self) -> None:
        if self._fd >= 0:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = -1


class Output(Protocol):
    path: Path
    done: set[str]

    def write(self, result: Report | Failure) -> None: ...
    def finish(self) -> None: ...
    def close(self) -> None: ...


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def output_files(path: Path, fmt: Format) -> list[Path]:
    """Every file a batch writes for ``path`` in ``fmt``."""
    if fmt == "jsonl":
        return [path]
    return [path, _sidecar(path, ".journal.jsonl"), _sidecar(path, ".failures.jsonl")]


class JsonlOutput:
    """The default output: one line per report, failures as lines of their own (``"failure": true``)."""

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.path = path
        if resume:
            ledger.repair_tail(path)
        self.done = ledger.jsonl_keys(path) if resume else set()
        self._lines = LineAppender(path, truncate=not resume)

    def write(self, result: Report | Failure) -> None:
        self._lines.write(record_dict(result))

    def finish(self) -> None:
        self.close()

    def close(self) -> None:
        self._lines.close()


class TableOutput:
    """CSV or Parquet, one row per finding (``output.tabular``), built from the journal at ``finish``."""

    def __init__(self, path: Path, fmt: Format, *, resume: bool) -> None:
        if fmt == "parquet":
            _require_pyarrow()
        self.path, self.format = path, fmt
        self.journal = _sidecar(path, ".journal.jsonl")
        self.failures = _sidecar(path, ".failures.jsonl")
        if resume:
            ledger.repair_tail(self.journal)
            ledger.repair_tail(self.failures)
        table_keys = (ledger.csv_keys(path) if fmt == "csv" else ledger.parquet_keys(path)) if resume else set()
        self._finished = table_keys | (ledger.jsonl_keys(self.failures) if resume else set())
        self.done = self._finished | (ledger.jsonl_keys(self.journal) if resume else set())
        self._lines = LineAppender(self.journal, truncate=not resume)

    def write(self, result: Report | Failure) -> None:
        self._lines.write(result.to_dict() if isinstance(result, Failure) else report_to_json_dict(result))

    def close(self) -> None:
        self._lines.close()

    def finish(self) -> None:
        """Add the journal's new records to the table and the failures file, then drop the journal."""
        self.close()
        reports, failures = self._new_records()
        if self.format == "csv":
            _write_csv(self.path, reports)
        else:
            _write_parquet(self.path, reports)
        if failures:
            tmp = _sidecar(self.failures, ".tmp")
            if self.failures.exists():
                shutil.copyfile(self.failures, tmp)
            lines = LineAppender(tmp)
            for failure in failures:
                lines.write(failure)
            lines.close()
            os.replace(tmp, self.failures)
        self.journal.unlink()

    def _new_records(self) -> tuple[Iterator[Report], list[dict[str, Any]]]:
        """Journal records not already in the table (a crash between rename and unlink left them twice)."""
        failures = []
        for record in ledger.iter_jsonl(self.journal):
            if record.get("failure") and ledger.key_of(record) not in self._finished:
                failures.append(record)

        def reports() -> Iterator[Report]:
            seen = set(self._finished)
            for record in ledger.iter_jsonl(self.journal):
                key = ledger.key_of(record)
                if not record.get("failure") and key not in seen:
                    seen.add(key)
                    yield Report.from_dict(record)

        return reports(), failures


def _csv_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def _write_csv(path: Path, reports: Iterator[Report]) -> None:
    tmp = _sidecar(path, ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        if path.exists():
            with open(path, newline="", encoding="utf-8") as old:
                shutil.copyfileobj(old, handle)
        else:
            csv.writer(handle).writerow(COLUMN_NAMES)
        writer = csv.writer(handle)
        for report in reports:
            writer.writerows([_csv_value(row[name]) for name in COLUMN_NAMES] for row in report_rows([report]))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _require_pyarrow() -> None:
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        raise ConfigurationError(
            "the parquet format needs pyarrow; install it with: pip install 'oigextract[parquet]'"
        ) from None


def parquet_schema() -> Any:
    """The Arrow schema of ``output.tabular.COLUMNS``."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "date": pa.date32()}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


def _write_parquet(path: Path, reports: Iterator[Report]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    schema = parquet_schema()
    tmp = _sidecar(path, ".tmp")
    with pq.ParquetWriter(tmp, schema) as writer:
        if path.exists():
            for batch in pq.ParquetFile(path).iter_batches():
                writer.write_table(pa.Table.from_batches([batch]).cast(schema))
        rows: list[dict[str, Any]] = []
        for report in reports:
            rows.extend(report_rows([report]))
            if len(rows) >= _PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    os.replace(tmp, path)


def open_output(path: Path, fmt: Format, *, resume: bool = False, overwrite: bool = False) -> Output:
    """The output for a batch; refuses to replace an earlier run's files unless told to."""
    existing = [p for p in output_files(path, fmt) if p.exists()]
    if existing and not resume:
        if not overwrite:
            raise ConfigurationError(
                f"{existing[0]} already exists: pass --resume to continue that run or --overwrite to start again"
            )
        for old in existing:
            old.unlink()
    if fmt == "jsonl":
        return JsonlOutput(path, resume=resume)
    return TableOutput(path, fmt, resume=resume)
