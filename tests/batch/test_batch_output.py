"""Batch outputs: JSON Lines record by record, CSV and Parquet tables with failures beside them, whole
records after a crash, and resuming without doing a document twice."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from batch_helpers import write_documents

from oigextract import ConfigurationError, Failure, Report
from oigextract.batch.ledger import csv_keys, iter_jsonl, jsonl_keys, repair_tail
from oigextract.batch.run import run_batch
from oigextract.output.json import report_to_json_dict
from oigextract.output.tabular import COLUMN_NAMES, report_rows

pa = pytest.importorskip("pyarrow", reason="pyarrow (the parquet extra) is not installed")
pq = pytest.importorskip("pyarrow.parquet")


def _inputs(tmp_path: Path) -> list[Path]:
    """Four readable documents and one empty file."""
    docs = write_documents(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    return [*docs, tmp_path / "in" / "empty.txt"]


def _batch(inputs: list[Path], out: Path, **kwargs: object) -> None:
    run_batch(inputs, out, workers=2, progress=False, **kwargs)  # type: ignore[arg-type]


def _jsonl(path: Path) -> dict[str, dict[str, object]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    keys = [str(r["content_hash"]) for r in records]
    assert len(keys) == len(set(keys)), "a document was written twice"
    return dict(zip(keys, records))


def test_jsonl_has_one_line_per_report_and_failures_as_their_own_lines(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    _batch(_inputs(tmp_path), out)
    records = list(_jsonl(out).values())
    reports = [r for r in records if not r.get("failure")]
    failures = [r for r in records if r.get("failure")]
    assert len(reports) == 4 and len(failures) == 1
    for record in reports:
        assert report_to_json_dict(Report.from_dict(record)) == record  # the JSON contract, no text
        assert "text" not in record
    assert Failure.from_dict(failures[0]).error == "EmptyDocumentError"


def test_csv_has_one_row_per_finding_and_failures_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    _batch(_inputs(tmp_path), out)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    reports = [Report.from_dict(r) for r in _jsonl_of_run(tmp_path, "check.jsonl").values() if not r.get("failure")]
    expected = report_rows(reports)
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert len(rows) == len(expected) == sum(max(1, len(r.findings)) for r in reports)
    by_key = {(r["content_hash"], r["finding_index"]): r for r in rows}
    for row in expected:
        written = by_key[(row["content_hash"], str(row["finding_index"]))]
        assert written["evidence_text"] == row["evidence_text"] and written["counts_json"] == row["counts_json"]
    [failure] = iter_jsonl(tmp_path / "out.csv.failures.jsonl")
    assert failure["error"] == "EmptyDocumentError"
    assert not (tmp_path / "out.csv.journal.jsonl").exists()


def _jsonl_of_run(tmp_path: Path, name: str) -> dict[str, dict[str, object]]:
    out = tmp_path / name
    _batch(_inputs(tmp_path), out)
    return _jsonl(out)


def test_parquet_has_the_tabular_schema_and_rows(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    _batch(_inputs(tmp_path), out)
    table = pq.read_table(out)
    assert table.column_names == list(COLUMN_NAMES)
    assert table.schema.field("published").type == pa.date32()
    assert table.schema.field("evidence_start").type == pa.int64()
    reports = [Report.from_dict(r) for r in _jsonl_of_run(tmp_path, "check.jsonl").values() if not r.get("failure")]
    expected = report_rows(reports)
    key = lambda row: (row["content_hash"], row["finding_index"])
    assert sorted(table.to_pylist(), key=key) == sorted(expected, key=key)
    assert (tmp_path / "out.parquet.failures.jsonl").exists()


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv", "out.parquet"])
def test_resume_adds_only_new_documents(tmp_path: Path, name: str) -> None:
    inputs = _inputs(tmp_path)
    whole = tmp_path / "whole" / name
    _batch(inputs, whole)
    out = tmp_path / name
    _batch(inputs[:2], out)
    (tmp_path / "in" / "doc-000.txt").rename(tmp_path / "in" / "renamed.txt")  # same bytes: done already
    inputs[0] = tmp_path / "in" / "renamed.txt"
    tally = run_batch(inputs, out, resume=True, progress=False)
    assert tally.skipped == 2 and tally.documents == 3
    assert _table(out) == _table(whole)


def _table(path: Path) -> list[tuple[object, ...]]:
    """The records of an output as a sorted list, sources left out (a file was renamed)."""
    if path.suffix == ".jsonl":
        return sorted((k, json.dumps({**r, "source": None}, sort_keys=True)) for k, r in _jsonl(path).items())
    if path.suffix == ".csv":
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [{**r, "source": None} for r in csv.DictReader(handle)]
    else:
        rows = [{**r, "source": None} for r in pq.read_table(path).to_pylist()]
    failures = [{**r, "source": None} for r in iter_jsonl(path.with_name(path.name + ".failures.jsonl"))]
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows + failures)  # type: ignore[misc]


def test_an_existing_output_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)[:1]
    out = tmp_path / "out.jsonl"
    _batch(inputs, out)
    with pytest.raises(ConfigurationError, match="--resume .* --overwrite"):
        _batch(inputs, out)
    out.write_text("old\n")
    _batch(inputs, out, overwrite=True)
    assert len(out.read_text().splitlines()) == 1 and "old" not in out.read_text()


def test_nothing_to_do_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="no documents found"):
        _batch([tmp_path], tmp_path / "out.jsonl")


def test_repair_tail_cuts_a_half_written_record(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"content_hash": "a", "source": "x"}\n{"content_hash": "b", "sou')
    assert repair_tail(path) == len(b'{"content_hash": "b", "sou')
    assert jsonl_keys(path) == {"a"}
    assert repair_tail(path) == 0
    path.write_bytes(b'{"content_hash": "b"')
    assert repair_tail(path) == 20 and path.read_bytes() == b""
    assert repair_tail(tmp_path / "none.jsonl") == 0


def test_a_broken_line_in_the_middle_is_skipped_not_fatal(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"content_hash": "a"}\nnot json\n{"content_hash": "b"}\n')
    assert jsonl_keys(path) == {"a", "b"}
    assert "out.jsonl:2 is not a JSON record" in caplog.text


def test_csv_keys_read_the_hash_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("source,content_hash\nx,h1\nx,h1\ny,\n")
    assert csv_keys(path) == {"h1", "source:y"}


@pytest.mark.parametrize("name", ["out.csv", "out.parquet"])
def test_a_table_of_only_failures_is_an_empty_table_with_its_columns(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    _batch([tmp_path / "empty.txt"], tmp_path / name)
    if name.endswith(".csv"):
        assert (tmp_path / name).read_text().splitlines() == [",".join(COLUMN_NAMES)]
    else:
        table = pq.read_table(tmp_path / name)
        assert table.num_rows == 0 and table.column_names == list(COLUMN_NAMES)
    [failure] = iter_jsonl(tmp_path / f"{name}.failures.jsonl")
    assert failure["error"] == "EmptyDocumentError"
