"""``oigextract batch``: formats, progress and quiet, refusing to overwrite, resume by content hash, and
the real thing — a batch killed with SIGKILL midway and resumed equals an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import write_documents
from typer.testing import CliRunner

from conftest import ROOT
from oigextract.cli import app

runner = CliRunner()


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _records(path: Path) -> dict[str, dict[str, object]]:
    """Records by content hash; fails if a document is there twice or a line is not whole."""
    records: dict[str, dict[str, object]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert record["content_hash"] not in records, f"{record['source']} written twice"
        records[str(record["content_hash"])] = record
    return records


def test_batch_writes_jsonl_by_default_and_a_summary(tmp_path: Path) -> None:
    write_documents(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    code, out, err = _run(tmp_path / "in", "--out", tmp_path / "out.jsonl", "--workers", "2")
    assert code == 0, err
    assert out == ""
    assert "4 documents" in err and "3 reports, 1 failures (1 EmptyDocumentError)" in err
    assert "failed: EmptyDocumentError" in err
    assert len(_records(tmp_path / "out.jsonl")) == 4


def test_quiet_prints_only_the_summary(tmp_path: Path) -> None:
    write_documents(tmp_path / "in", 2)
    code, _, err = _run(str(tmp_path / "in" / "*.txt"), "--out", tmp_path / "out.jsonl", "--quiet")
    assert code == 0
    assert err.count("\n") == 1 and err.startswith("2 documents")


@pytest.mark.parametrize(
    ("fmt", "name"), [("csv", "out.data"), (None, "out.csv"), ("parquet", "t.bin"), (None, "t.pq")]
)
def test_format_from_the_option_or_the_suffix(tmp_path: Path, fmt: str | None, name: str) -> None:
    pytest.importorskip("pyarrow")
    write_documents(tmp_path / "in", 1)
    code, _, err = _run(tmp_path / "in", "--out", tmp_path / name, "-q", *(["--format", fmt] if fmt else []))
    assert code == 0, err
    head = (tmp_path / name).read_bytes()[:20]
    assert head.startswith(b"source,kind") if (fmt or name.rsplit(".", 1)[1]) == "csv" else head.startswith(b"PAR1")


def test_resume_skips_documents_by_content_not_by_name(tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    assert _run(tmp_path / "in", "--out", out, "-q")[0] == 0
    docs[0].rename(tmp_path / "in" / "renamed.txt")
    write_documents(tmp_path / "in", 1, prefix="new", sentences=4)
    code, _, err = _run(tmp_path / "in", "--out", out, "-q", "--resume")
    assert code == 0, err
    assert "1 documents" in err and "3 already done" in err
    assert len(_records(out)) == 4


def test_errors_exit_2_with_a_message(tmp_path: Path) -> None:
    write_documents(tmp_path / "in", 1)
    (tmp_path / "out.jsonl").write_text("")
    code, _, err = _run(tmp_path / "in", "--out", tmp_path / "out.jsonl")
    assert code == 2 and "already exists: pass --resume" in err
    code, _, err = _run(tmp_path / "nothing-*", "--out", tmp_path / "x.jsonl")
    assert code == 2 and "no documents found" in err
    code, _, err = _run(tmp_path / "in", "--out", tmp_path / "y.jsonl", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "needs engine 'dask'" in err


def test_help_lists_the_options() -> None:
    result = runner.invoke(app, ["batch", "--help"])
    for option in ("--out", "--format", "--workers", "--resume", "--engine", "--scheduler", "--quiet", "--timeout"):
        assert option in result.stdout


def _line_count(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_a_batch_killed_with_sigkill_resumes_to_the_records_of_an_uninterrupted_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_documents(folder, 30, sentences=20)
    whole = tmp_path / "whole.jsonl"
    assert _run(folder, "--out", whole, "-q", "--workers", "1")[0] == 0

    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "oigextract", "batch", str(folder), "--out", str(out), "-q", "--workers", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while _line_count(out) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)  # the batch, its forkserver and its worker, mid-document
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    written = _line_count(out)
    assert 3 <= written < 30, "the batch should have been killed midway"
    with open(out, "ab") as handle:  # and as if it had died in the middle of a write
        handle.write(b'{"source": "' + str(folder).encode() + b'/doc-029.txt", "kind": "te')

    resumed = subprocess.run([*command, "--resume"], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=120, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{30 - written} documents" in resumed.stderr and f"{written} already done" in resumed.stderr
    records = _records(out)
    assert len(records) == 30
    assert records == _records(whole)
