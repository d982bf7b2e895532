"""Counts and dates against the hand-written case tables in fixtures/cases/ (one JSON line a case).

Each case lists every quantity or period a reader would mark in the sentence and nothing else,
including the inputs that the parsers alone get wrong (quantulum3's "A damning", dateparser's "we").
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from case_tables import assemble_sentence, load_cases


@pytest.mark.parametrize("case", load_cases("counts.jsonl"))
def test_count_case(case: dict[str, Any]) -> None:
    result = assemble_sentence(case["text"])
    found = sorted(
        (round(c.value, 2), c.kind, c.unit, c.qualifier) for f in result.findings for c in f.counts
    )
    expected = sorted(
        (round(float(e["value"]), 2), e["kind"], e["unit"], e.get("qualifier")) for e in case["expected"]
    )
    assert found == expected


@pytest.mark.parametrize("case", load_cases("dates.jsonl"))
def test_date_case(case: dict[str, Any]) -> None:
    doc_date = date.fromisoformat(case["doc_date"]) if case.get("doc_date") else None
    result = assemble_sentence(case["text"], doc_date)
    found = sorted((d.start.isoformat(), d.end.isoformat()) for f in result.findings for d in f.dates)
    expected = sorted((e["start"], e["end"]) for e in case["expected"])
    assert found == expected
