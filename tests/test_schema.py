"""docs/report.schema.json describes the JSON that ``extract()`` and the CLI really produce.

Real output of every seed fixture (and the CLI's ``--format json``/``jsonl``) must validate; copies broken
by hand in the ways a consumer would trip over (an unknown kind, a count without a value, a date that is
not ISO ...) must not. The schema's enums are checked against the Literal tuples in ``oigextract.types``
so the two cannot drift apart.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from typer.testing import CliRunner

from conftest import ROOT, SEED, shared_path
from oigextract import Report, extract
from oigextract.cli import app
from oigextract.output.json import CONTRACT_KEYS, dumps, report_to_json_dict
from oigextract.types import CAVEAT_KINDS, COUNT_KINDS, DOCUMENT_KINDS, GRANULARITIES

SCHEMA_PATH = ROOT / "docs" / "report.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)

SEED_DOCUMENTS = [
    ("text", SEED / "week-dhs-separated-families.txt", "pdfium"),
    ("html", SEED / "week-dhs-separated-families.html", "pdfium"),
    ("pdf-pdfium", SEED / "dhs-separations-report.pdf", "pdfium"),
    ("pdf-pdfplumber", SEED / "dhs-separations-report.pdf", "pdfplumber"),
]


def _errors(instance: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(instance)]


@pytest.fixture(scope="module", params=SEED_DOCUMENTS, ids=[name for name, _, _ in SEED_DOCUMENTS])
def seed_report(request: pytest.FixtureRequest) -> Report:
    _, path, backend = request.param
    return extract(path, backend=backend)


@pytest.fixture(scope="module")
def pdf_json() -> dict[str, Any]:
    """A valid document with at least one of everything (agency, deficiency, date, count, caveat, page)."""
    data: dict[str, Any] = json.loads(dumps(extract(SEED / "dhs-separations-report.pdf")))
    assert not _errors(data)
    return data


# --- the schema itself -----------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_schema_requires_the_contract_keys() -> None:
    assert set(SCHEMA["required"]) == set(CONTRACT_KEYS)
    defs = SCHEMA["$defs"]
    assert set(defs["metadata"]["required"]) == {"title", "report_number", "published", "issuer", "url"}
    assert set(defs["finding"]["required"]) == {"agency", "deficiency", "dates", "counts", "caveats", "evidence"}
    assert set(defs["agency"]["required"]) == {"name", "acronym", "parent"}
    assert set(defs["deficiency"]["required"]) == {"text", "cue"}
    assert set(defs["dateMention"]["required"]) == {"text", "start", "end", "granularity"}
    assert set(defs["count"]["required"]) == {"text", "value", "kind", "unit", "qualifier"}
    assert set(defs["caveat"]["required"]) == {"text", "kind"}
    assert set(defs["evidence"]["required"]) == {"text", "page", "start", "end"}


def test_schema_allows_extra_keys_everywhere() -> None:
    objects = [SCHEMA, *(d for d in SCHEMA["$defs"].values() if d.get("type") == "object")]
    assert all(o.get("additionalProperties", True) is True for o in objects)


def test_schema_describes_the_extra_keys() -> None:
    assert {"agencies", "recommendations", "pages", "content_hash", "text"} <= set(SCHEMA["properties"])
    defs = SCHEMA["$defs"]
    assert "section" in defs["evidence"]["properties"]
    for name in ("dateMention", "count", "caveat"):
        assert {"start_char", "end_char"} <= set(defs[name]["properties"])
    assert {"start", "end"} <= set(defs["deficiency"]["properties"])


def test_schema_enums_match_the_code() -> None:
    props = SCHEMA["properties"]
    defs = SCHEMA["$defs"]
    assert props["kind"]["enum"] == list(DOCUMENT_KINDS)
    assert defs["dateMention"]["properties"]["granularity"]["enum"] == list(GRANULARITIES)
    assert defs["count"]["properties"]["kind"]["enum"] == list(COUNT_KINDS)
    assert defs["caveat"]["properties"]["kind"]["enum"] == list(CAVEAT_KINDS)


# --- real output validates ---------------------------------------------------------------------


def test_extract_output_validates(seed_report: Report) -> None:
    assert _errors(report_to_json_dict(seed_report)) == []


def test_extract_output_with_text_validates(seed_report: Report) -> None:
    data = json.loads(dumps(seed_report, include_text=True))
    assert data["text"] == seed_report.text
    assert _errors(data) == []


def test_full_to_dict_validates(seed_report: Report) -> None:
    assert _errors(seed_report.to_dict()) == []


def test_scanned_shared_pdf_output_validates() -> None:
    report = extract(shared_path("corpus", "bad", "scanned-1987-home-oxygen.pdf"))
    assert report.findings  # many findings and a warning: a good stress of the schema
    assert _errors(report_to_json_dict(report)) == []


@pytest.mark.parametrize("name,path,backend", SEED_DOCUMENTS, ids=[name for name, _, _ in SEED_DOCUMENTS])
def test_cli_json_validates(name: str, path: Path, backend: str) -> None:
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json", "--backend", backend])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert _errors(data) == []
    assert "text" not in data


def test_cli_jsonl_validates_each_line() -> None:
    paths = [str(path) for _, path, _ in SEED_DOCUMENTS[:3]]
    result = CliRunner().invoke(app, ["extract", *paths, "--format", "jsonl", "--include-text"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(paths)
    for line in lines:
        assert _errors(json.loads(line)) == []


# --- hand-broken copies fail -------------------------------------------------------------------


def _first(data: dict[str, Any], key: str) -> dict[str, Any]:
    """The first finding that has a non-empty ``key`` (dates, counts, caveats, agency, deficiency)."""
    return next(f for f in data["findings"] if f[key])


def _locate(data: dict[str, Any], path: str) -> tuple[Any, str]:
    """The container and last key of a path; "findings/<field>/..." starts at the first finding with that field."""
    parts = path.split("/")
    node: Any = data
    if parts[0] == "findings" and len(parts) > 1:
        node = _first(data, parts[1])
        parts = parts[1:]
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, parts[-1]


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        node, key = _locate(data, path)
        node[key] = value

    return apply


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        node, key = _locate(data, path)
        del node[key]

    return apply


BREAKERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "kind-docx": _set("kind", "docx"),
    "source-null": _set("source", None),
    "no-warnings": _delete("warnings"),
    "no-metadata": _delete("metadata"),
    "warnings-not-strings": _set("warnings", [3]),
    "findings-not-a-list": _set("findings", {}),
    "published-not-iso": _set("metadata/published", "November 25, 2019"),
    "published-impossible-date": _set("metadata/published", "2019-02-30"),
    "no-report-number-key": _delete("metadata/report_number"),
    "count-without-value": _delete("findings/counts/0/value"),
    "count-value-string": _set("findings/counts/0/value", "3,014"),
    "count-value-null": _set("findings/counts/0/value", None),
    "count-kind-unknown": _set("findings/counts/0/kind", "people"),
    "count-without-unit": _delete("findings/counts/0/unit"),
    "count-without-qualifier": _delete("findings/counts/0/qualifier"),
    "date-not-iso": _set("findings/dates/0/start", "2018/05/01"),
    "date-granularity-week": _set("findings/dates/0/granularity", "week"),
    "date-without-end": _delete("findings/dates/0/end"),
    "caveat-kind-unknown": _set("findings/caveats/0/kind", "maybe"),
    "agency-without-name": _delete("findings/agency/name"),
    "agency-a-string": _set("findings/agency", "DHS"),
    "deficiency-without-cue": _delete("findings/deficiency/cue"),
    "evidence-page-string": _set("findings/evidence/page", "1"),
    "evidence-page-zero": _set("findings/evidence/page", 0),
    "evidence-negative-start": _set("findings/evidence/start", -1),
    "evidence-missing": _delete("findings/evidence"),
    "finding-without-caveats": _delete("findings/caveats"),
    "content-hash-not-sha256": _set("content_hash", "abc"),
    "page-number-float": _set("pages/0/number", 1.5),
}


@pytest.mark.parametrize("breaker", list(BREAKERS.values()), ids=list(BREAKERS))
def test_broken_copy_fails(pdf_json: dict[str, Any], breaker: Callable[[dict[str, Any]], None]) -> None:
    broken = copy.deepcopy(pdf_json)
    breaker(broken)
    assert broken != pdf_json
    assert _errors(broken), "the schema accepted a broken document"


def test_extra_keys_are_allowed(pdf_json: dict[str, Any]) -> None:
    extended = copy.deepcopy(pdf_json)
    extended["schema_version"] = 2
    extended["metadata"]["language"] = "en"
    _first(extended, "counts")["counts"][0]["confidence"] = 0.9
    assert _errors(extended) == []
