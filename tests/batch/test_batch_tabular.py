"""``output.tabular.report_rows``: one row per finding with the report's columns, in a fixed order; a
report without findings keeps one row; nested values both as JSON and as simple columns."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from conftest import SEED
from oigextract import Report, extract
from oigextract.output.tabular import COLUMN_NAMES, COLUMNS, FINDING_COLUMNS, report_rows

SEED_FILES = ["dhs-separations-report.pdf", "week-dhs-separated-families.html", "week-dhs-separated-families.txt"]


@pytest.fixture(scope="module", params=SEED_FILES)
def report(request: pytest.FixtureRequest) -> Report:
    return extract(SEED / request.param)


def test_one_row_per_finding_in_the_fixed_column_order(report: Report) -> None:
    rows = report_rows([report])
    assert len(rows) == len(report.findings) > 0
    for index, row in enumerate(rows):
        assert tuple(row) == COLUMN_NAMES
        assert row["finding_index"] == index
        assert row["n_findings"] == len(report.findings)


def test_report_columns_repeat_on_every_row(report: Report) -> None:
    for row in report_rows([report]):
        assert row["source"] == report.source and row["kind"] == report.kind
        assert row["content_hash"] == report.content_hash
        assert row["title"] == report.metadata.title
        assert row["report_number"] == report.metadata.report_number
        assert row["published"] == report.metadata.published
        assert row["issuer"] == report.metadata.issuer


def test_finding_columns_match_the_finding(report: Report) -> None:
    for finding, row in zip(report.findings, report_rows([report])):
        assert json.loads(row["counts_json"]) == [c.to_dict() for c in finding.counts]
        assert json.loads(row["dates_json"]) == [d.to_dict() for d in finding.dates]
        assert json.loads(row["caveats_json"]) == [c.to_dict() for c in finding.caveats]
        assert (row["n_counts"], row["n_dates"], row["n_caveats"]) == (
            len(finding.counts), len(finding.dates), len(finding.caveats))
        assert row["evidence_text"] == finding.evidence.text
        assert report.text[row["evidence_start"]:row["evidence_end"]] == row["evidence_text"]
        assert row["evidence_page"] == finding.evidence.page
        assert row["agency_name"] == (finding.agency.name if finding.agency else None)
        assert row["deficiency_cue"] == (finding.deficiency.cue if finding.deficiency else None)
        if finding.dates:
            assert row["date_start"] == min(d.start for d in finding.dates)
            assert row["date_end"] == max(d.end for d in finding.dates)
        else:
            assert row["date_start"] is None and row["date_end"] is None
        kinds = [c.kind for c in finding.caveats]
        assert row["caveat_kinds"] == (";".join(kinds) if kinds else None)


def test_values_have_the_declared_types(report: Report) -> None:
    python_types = {"str": str, "int": int, "date": date}
    for row in report_rows([report]):
        for name, kind in COLUMNS:
            assert row[name] is None or type(row[name]) is python_types[kind], (name, row[name])


def test_the_pdf_rows_carry_pages_and_the_report_number() -> None:
    rows = report_rows([extract(SEED / "dhs-separations-report.pdf")])
    assert {row["report_number"] for row in rows} == {"OIG-20-06"}
    assert all(isinstance(row["evidence_page"], int) for row in rows)
    assert any("3,014" in row["counts_json"] for row in rows)


def test_a_report_without_findings_keeps_one_row(report: Report) -> None:
    empty = dataclasses.replace(report, findings=())
    [row] = report_rows([empty])
    assert tuple(row) == COLUMN_NAMES
    assert row["source"] == report.source and row["n_findings"] == 0
    assert all(row[name] is None for name in FINDING_COLUMNS)


def test_rows_of_many_reports_are_their_rows_in_order(report: Report) -> None:
    other = extract(SEED / "week-dhs-separated-families.txt")
    assert report_rows([report, other]) == report_rows([report]) + report_rows([other])
    assert report_rows([]) == []


def test_rows_are_deterministic_and_survive_the_json_round_trip(report: Report) -> None:
    """The JSONL record (no text) gives the same rows as the report itself: tables can be built from it."""
    assert report_rows([report]) == report_rows([report])
    assert report_rows([Report.from_dict(json.loads(json.dumps(report.to_dict())))]) == report_rows([report])
