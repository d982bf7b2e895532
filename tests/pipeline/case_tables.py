"""Run a case-table sentence through the rule pipeline and the assembly, as extract() does."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc

from oigextract.api import run_pipeline
from oigextract.assemble import Assembly, assemble
from oigextract.pipeline import load_pipeline
from oigextract.sources.base import MainText

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "cases"


def load_cases(name: str) -> list[dict[str, Any]]:
    """The rows of fixtures/cases/<name>, known misses wrapped as strict xfails."""
    known = json.loads((CASES / "known_misses.json").read_text(encoding="utf-8")).get(name, {})
    rows = [json.loads(line) for line in (CASES / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    params = []
    for row in rows:
        marks = [pytest.mark.xfail(strict=True, reason=known[row["id"]])] if row["id"] in known else []
        params.append(pytest.param(row, id=row["id"], marks=marks))
    return params


def assemble_sentence(text: str, doc_date: date | None = None) -> Assembly:
    return run_sentence(text, doc_date)[1]


def run_sentence(text: str, doc_date: date | None = None) -> tuple[Doc, Assembly]:
    """The rule Doc and the assembly of one sentence, as extract() would make them."""
    doc = run_pipeline(load_pipeline(), text, doc_date)
    return doc, assemble(doc, MainText(text, "text", published=doc_date))
