"""The result types: exact ``to_dict``/``from_dict`` round-trips, ISO dates, frozen and slotted, ``__all__``.

Round-trips are checked on real reports of every seed fixture, so every field the extractor fills is
exercised, not only hand-made values.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
from collections.abc import Iterator
from datetime import date
from importlib.metadata import version
from typing import Any

import pytest

import oigextract
from conftest import SEED
from oigextract import (
    Agency,
    Caveat,
    Count,
    DateMention,
    Deficiency,
    Evidence,
    Failure,
    Finding,
    Limits,
    Metadata,
    Page,
    Recommendation,
    Report,
    extract,
)
from oigextract.output.json import CONTRACT_KEYS, report_to_json_dict

SEED_DOCUMENTS = {
    "text": (SEED / "week-dhs-separated-families.txt", "pdfium"),
    "html": (SEED / "week-dhs-separated-families.html", "pdfium"),
    "pdf-pdfium": (SEED / "dhs-separations-report.pdf", "pdfium"),
    "pdf-pdfplumber": (SEED / "dhs-separations-report.pdf", "pdfplumber"),
}

# Every public name the package documents: the result types (types.py), the exception tree (errors.py)
# and the functions. A name added to or dropped from the package must be added/dropped here too.
EXPECTED_PUBLIC = {
    # functions
    "extract", "extract_many", "load_pipeline", "to_dataframe",
    # result types
    "Agency", "Caveat", "Count", "DateMention", "Deficiency", "Evidence", "Failure", "Finding", "Limits",
    "Metadata", "Page", "Recommendation", "Report",
    # exceptions
    "OigExtractError", "ConfigurationError", "DocumentError", "DocumentNotFoundError",
    "UnsupportedDocumentError", "EmptyDocumentError", "EncryptedPDFError", "NoTextLayerError",
    "CorruptDocumentError", "DocumentTooLargeError", "DocumentTimeoutError", "WorkerCrashedError",
}

RESULT_TYPES = (
    Agency, Caveat, Count, DateMention, Deficiency, Evidence, Failure, Finding, Limits, Metadata, Page,
    Recommendation, Report,
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module", params=list(SEED_DOCUMENTS))
def report(request: pytest.FixtureRequest) -> Report:
    path, backend = SEED_DOCUMENTS[request.param]
    return extract(path, backend=backend)


def _parts(report: Report) -> Iterator[Any]:
    """Every result object inside a report (not the report itself)."""
    yield report.metadata
    yield from report.pages
    yield from report.agencies
    for finding in report.findings:
        yield finding
        yield finding.evidence
        if finding.agency is not None:
            yield finding.agency
        if finding.deficiency is not None:
            yield finding.deficiency
        yield from finding.dates
        yield from finding.counts
        yield from finding.caveats


def _recommendation(report: Report) -> Recommendation:
    """Real reports of the seed have no recommendations yet: build one from a real finding's parts."""
    finding = next(f for f in report.findings if f.counts)
    return Recommendation(
        text="Develop a single system to link separated children to their parents.",
        number=1,
        addressee="DHS",
        response="concurred",
        evidence=finding.evidence,
        counts=finding.counts,
    )


# --- round-trips --------------------------------------------------------------------------------


def test_report_round_trips_to_an_equal_dataclass(report: Report) -> None:
    assert report.findings
    assert Report.from_dict(report.to_dict()) == report


def test_report_round_trips_to_an_equal_dict(report: Report) -> None:
    data = report.to_dict()
    assert Report.from_dict(data).to_dict() == data


def test_report_round_trips_through_json_text(report: Report) -> None:
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data == report.to_dict()
    assert Report.from_dict(data) == report


def test_json_output_differs_only_by_the_text(report: Report) -> None:
    data = report_to_json_dict(report)
    assert "text" not in data
    assert list(data)[: len(CONTRACT_KEYS)] == list(CONTRACT_KEYS)
    assert Report.from_dict(data) == dataclasses.replace(report, text="")


def test_contract_keys_alone_are_enough_to_load(report: Report) -> None:
    """A consumer that keeps only the contract's keys can still build a Report."""
    data = {key: report.to_dict()[key] for key in CONTRACT_KEYS}
    loaded = Report.from_dict(data)
    assert loaded.findings == report.findings
    assert loaded.metadata == report.metadata
    assert loaded.pages == () and loaded.agencies == () and loaded.content_hash is None


def test_every_part_round_trips(report: Report) -> None:
    for part in _parts(report):
        data = part.to_dict()
        assert type(part).from_dict(data) == part
        assert type(part).from_dict(data).to_dict() == data


def test_recommendation_and_failure_round_trip(report: Report) -> None:
    recommendation = _recommendation(report)
    assert Recommendation.from_dict(recommendation.to_dict()) == recommendation
    full = dataclasses.replace(report, recommendations=(recommendation,))
    assert Report.from_dict(full.to_dict()) == full
    failure = Failure(report.source, "CorruptDocumentError", "truncated", report.content_hash)
    assert failure.to_dict()["failure"] is True
    assert Failure.from_dict(failure.to_dict()) == failure


def test_dates_are_iso_strings_in_the_dict(report: Report) -> None:
    data = report.to_dict()
    for finding, finding_data in zip(report.findings, data["findings"]):
        for mention, mention_data in zip(finding.dates, finding_data["dates"]):
            assert isinstance(mention_data["start"], str) and ISO_DATE.match(mention_data["start"])
            assert isinstance(mention_data["end"], str) and ISO_DATE.match(mention_data["end"])
            assert mention_data["start"] == mention.start.isoformat()
            assert mention_data["end"] == mention.end.isoformat()
            assert isinstance(mention.start, date) and isinstance(mention.end, date)
    published = data["metadata"]["published"]
    assert published is None or (isinstance(published, str) and date.fromisoformat(published) == report.metadata.published)


def test_html_published_date_is_iso() -> None:
    report = extract(SEED_DOCUMENTS["html"][0])
    assert report.metadata.published == date(2019, 11, 27)
    assert report.to_dict()["metadata"]["published"] == "2019-11-27"


def test_count_values_are_plain_json_numbers(report: Report) -> None:
    for finding in report.to_dict()["findings"]:
        for count in finding["counts"]:
            assert type(count["value"]) in (int, float)
            if float(count["value"]).is_integer():
                assert type(count["value"]) is int  # 3014, not 3014.0


# --- frozen, slotted, hashable ------------------------------------------------------------------


@pytest.mark.parametrize("cls", RESULT_TYPES, ids=lambda cls: cls.__name__)
def test_result_types_are_frozen_slotted_dataclasses(cls: type) -> None:
    assert dataclasses.is_dataclass(cls)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen
    assert "__slots__" in cls.__dict__
    assert set(cls.__dict__["__slots__"]) == {field.name for field in dataclasses.fields(cls)}


def test_real_results_cannot_be_changed(report: Report) -> None:
    objects = [report, *_parts(report), _recommendation(report)]
    for obj in objects:
        name = dataclasses.fields(obj)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, getattr(obj, name))
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(obj, name)
        assert not hasattr(obj, "__dict__"), type(obj).__name__
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.findings[0].evidence.start = 0  # type: ignore[misc]


def test_limits_and_failure_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Limits().max_bytes = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Failure("a.pdf", "EmptyDocumentError", "empty").message = "x"  # type: ignore[misc]


def test_results_are_hashable_and_collections_are_tuples(report: Report) -> None:
    assert isinstance(hash(report), int)
    assert {report: 1}[Report.from_dict(report.to_dict())] == 1
    for value in (report.findings, report.pages, report.warnings, report.agencies, report.recommendations):
        assert isinstance(value, tuple)
    for finding in report.findings:
        assert isinstance(finding.dates, tuple) and isinstance(finding.counts, tuple)
        assert isinstance(finding.caveats, tuple)


# --- the public surface -------------------------------------------------------------------------


def test_all_is_exactly_the_documented_public_names() -> None:
    assert len(oigextract.__all__) == len(set(oigextract.__all__)), "duplicates in __all__"
    assert set(oigextract.__all__) == EXPECTED_PUBLIC


def test_every_name_in_all_exists() -> None:
    for name in oigextract.__all__:
        assert hasattr(oigextract, name), name
        assert getattr(oigextract, name).__module__.startswith("oigextract"), name


def test_no_public_name_is_missing_from_all() -> None:
    public = {
        name
        for name, value in vars(oigextract).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)  # submodules and `logging`
        and type(value).__module__ != "__future__"  # `from __future__ import annotations`
    }
    assert public - set(oigextract.__all__) == set()
    assert public == EXPECTED_PUBLIC


def test_version_matches_the_installed_distribution() -> None:
    assert oigextract.__version__ == version("oigextract")
