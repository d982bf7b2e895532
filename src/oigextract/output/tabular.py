"""Reports as table rows: one row per finding, carrying its report's columns.

The one place that decides what a row is, so CSV, Parquet and a later ``to_dataframe`` agree. Nested
values (counts, dates, caveats) are kept whole as JSON strings and also flattened into simple columns
(``n_counts``, ``date_start`` ...) so pandas or DuckDB can filter without parsing JSON. A report with
no findings still gets one row, its finding columns empty, so no document is lost from the table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any, Literal

from ..types import Finding, Report

ColumnType = Literal["str", "int", "date"]

# Fixed order; documented in docs/batch.md. Columns may be added at the end, none renamed.
COLUMNS: tuple[tuple[str, ColumnType], ...] = (
    # the report
    ("source", "str"),
    ("kind", "str"),
    ("content_hash", "str"),
    ("title", "str"),
    ("report_number", "str"),
    ("published", "date"),
    ("issuer", "str"),
    ("url", "str"),
    ("n_findings", "int"),
    # the finding
    ("finding_index", "int"),
    ("agency_name", "str"),
    ("agency_acronym", "str"),
    ("agency_parent", "str"),
    ("deficiency_text", "str"),
    ("deficiency_cue", "str"),
    ("n_counts", "int"),
    ("n_dates", "int"),
    ("n_caveats", "int"),
    ("caveat_kinds", "str"),
    ("date_start", "date"),
    ("date_end", "date"),
    ("evidence_text", "str"),
    ("evidence_page", "int"),
    ("evidence_start", "int"),
    ("evidence_end", "int"),
    ("evidence_section", "str"),
    ("counts_json", "str"),
    ("dates_json", "str"),
    ("caveats_json", "str"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
FINDING_COLUMNS: tuple[str, ...] = COLUMN_NAMES[COLUMN_NAMES.index("finding_index"):]


def _json(items: Iterable[Any]) -> str:
    return json.dumps([item.to_dict() for item in items], ensure_ascii=False, separators=(",", ":"))


def _report_columns(report: Report) -> dict[str, Any]:
    meta = report.metadata
    return {
        "source": report.source,
        "kind": report.kind,
        "content_hash": report.content_hash,
        "title": meta.title,
        "report_number": meta.report_number,
        "published": meta.published,
        "issuer": meta.issuer,
        "url": meta.url,
        "n_findings": len(report.findings),
    }


def _finding_columns(index: int, finding: Finding) -> dict[str, Any]:
    agency, deficiency, evidence = finding.agency, finding.deficiency, finding.evidence
    starts: list[date] = [d.start for d in finding.dates]
    ends: list[date] = [d.end for d in finding.dates]
    return {
        "finding_index": index,
        "agency_name": agency.name if agency else None,
        "agency_acronym": agency.acronym if agency else None,
        "agency_parent": agency.parent if agency else None,
        "deficiency_text": deficiency.text if deficiency else None,
        "deficiency_cue": deficiency.cue if deficiency else None,
        "n_counts": len(finding.counts),
        "n_dates": len(finding.dates),
        "n_caveats": len(finding.caveats),
        "caveat_kinds": ";".join(c.kind for c in finding.caveats) or None,
        "date_start": min(starts) if starts else None,
        "date_end": max(ends) if ends else None,
        "evidence_text": evidence.text,
        "evidence_page": evidence.page,
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "evidence_section": evidence.section,
        "counts_json": _json(finding.counts),
        "dates_json": _json(finding.dates),
        "caveats_json": _json(finding.caveats),
    }


def report_rows(reports: Iterable[Report]) -> list[dict[str, Any]]:
    """One dict per finding (keys in ``COLUMN_NAMES`` order); a report without findings gives one row.

    Values are ``str``, ``int``, ``datetime.date`` or ``None``; the ``*_json`` columns hold the lists
    in their ``to_dict`` form.
    """
    rows: list[dict[str, Any]] = []
    empty = dict.fromkeys(FINDING_COLUMNS)
    for report in reports:
        head = _report_columns(report)
        if not report.findings:
            rows.append({**head, **empty})
        for index, finding in enumerate(report.findings):
            rows.append({**head, **_finding_columns(index, finding)})
    return rows
