"""``oigextract.to_dataframe``: one row per finding, the batch table's columns and values, pandas dtypes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import SEED
from oigextract import Failure, Report, extract, to_dataframe
from oigextract.output.tabular import COLUMN_NAMES, COLUMNS, report_rows

pd = pytest.importorskip("pandas", reason="pandas (the pandas extra) is not installed")

SEED_FILES = ["dhs-separations-report.pdf", "week-dhs-separated-families.html", "week-dhs-separated-families.txt"]


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return [extract(SEED / name) for name in SEED_FILES]


def _plain(value: Any) -> Any:
    """A DataFrame cell as the Python value ``report_rows`` gives."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def test_one_row_per_finding_with_the_batch_columns(reports: list[Report]) -> None:
    frame = to_dataframe(reports)
    assert tuple(frame.columns) == COLUMN_NAMES
    assert len(frame) == sum(len(r.findings) for r in reports)
    assert list(frame.groupby("source", sort=False).size()) == [len(r.findings) for r in reports]


def test_values_are_the_rows_of_the_batch_table(reports: list[Report]) -> None:
    frame = to_dataframe(reports)
    rows = report_rows(reports)
    for (_, series), row in zip(frame.iterrows(), rows):
        assert {name: _plain(series[name]) for name in COLUMN_NAMES} == row


def test_dtypes_follow_the_column_types(reports: list[Report]) -> None:
    frame = to_dataframe(reports)
    for name, kind in COLUMNS:
        dtype = frame[name].dtype
        if kind == "int":
            assert str(dtype) == "Int64", name
        elif kind == "date":
            assert pd.api.types.is_datetime64_dtype(dtype), name
        else:
            assert pd.api.types.is_string_dtype(dtype), name


def test_filters_work_without_parsing_json(reports: list[Report]) -> None:
    frame = to_dataframe(reports)
    unverified = frame[frame["caveat_kinds"].str.contains("unverified", na=False)]
    assert len(unverified) > 0
    counts = [c for text in frame["counts_json"] for c in json.loads(text)]
    assert {(c["value"], c["unit"]) for c in counts} >= {(3014, "child"), (1233, "child")}
    assert (frame["published"] >= "2019-11-01").any()


def test_one_report_alone_and_a_report_without_findings(reports: list[Report]) -> None:
    assert len(to_dataframe(reports[0])) == len(reports[0].findings)
    empty = to_dataframe(dataclasses.replace(reports[0], findings=()))
    assert len(empty) == 1
    assert empty["finding_index"].isna().all() and empty["source"].iloc[0] == reports[0].source


def test_failures_are_not_rows(reports: list[Report]) -> None:
    failure = Failure("bad.pdf", "CorruptDocumentError", "bad.pdf: broken")
    assert len(to_dataframe([failure, reports[1]])) == len(reports[1].findings)


def test_no_reports_gives_the_columns() -> None:
    frame = to_dataframe([])
    assert tuple(frame.columns) == COLUMN_NAMES and len(frame) == 0


def test_same_columns_as_the_batch_csv_and_parquet(reports: list[Report], tmp_path: Path) -> None:
    from oigextract.batch.writers import open_output

    frame = to_dataframe(reports)
    formats = ["csv"]
    try:
        import pyarrow  # type: ignore[import-untyped]  # noqa: F401

        formats.append("parquet")
    except ImportError:
        pass
    for fmt in formats:
        path = tmp_path / f"out.{fmt}"
        output = open_output(path, fmt)  # type: ignore[arg-type]
        for report in reports:
            output.write(report)
        output.finish()
        output.close()
        table = pd.read_csv(path) if fmt == "csv" else pd.read_parquet(path)
        assert tuple(table.columns) == tuple(frame.columns), fmt
        assert len(table) == len(frame), fmt
        assert list(table["evidence_start"]) == list(frame["evidence_start"]), fmt
