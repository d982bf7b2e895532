"""Acceptance on the seed article: as scraped text, inside a news page, and set as a two-page PDF.

The facts are the ones a researcher needs from the DHS family-separation report; the page
furniture (newsletter boxes, bio, related headlines) must yield nothing.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from oigextract import Report, extract
from conftest import SEED, shared_path

SEED_TEXT = SEED / "week-dhs-separated-families.txt"
SEED_HTML = SEED / "week-dhs-separated-families.html"
SEED_PDF = SEED / "dhs-separations-report.pdf"

EXPECTED_COUNTS = {(3014.0, "child"), (2155.0, "reunification"), (136.0, "child"), (1233.0, "child")}
FURNITURE = ("tariff", "newsletter", "staff writer", "reboots", "Fringe", "inbox", "Subscribe")


def _counts(report: Report) -> list[tuple[float, str]]:
    return [(c.value, c.unit) for f in report.findings for c in f.counts]


def _dates(report: Report) -> list[tuple[date, date]]:
    return [(d.start, d.end) for f in report.findings for d in f.dates]


def _caveats(report: Report) -> list[tuple[str, str]]:
    return [(c.text.lower(), c.kind) for f in report.findings for c in f.caveats]


def _deficient_sentences(report: Report) -> list[str]:
    return [f.evidence.text for f in report.findings if f.deficiency is not None]


def _acronyms(report: Report) -> set[str]:
    return {a.acronym or a.name for a in report.agencies}


@pytest.fixture(scope="module", params=["text", "html", "shared-text"])
def news_report(request: pytest.FixtureRequest) -> Report:
    if request.param == "text":
        return extract(SEED_TEXT)
    if request.param == "html":
        return extract(SEED_HTML)
    return extract(shared_path("seed", "week-dhs-separated-families.txt"))


def test_agencies_include_dhs_and_cbp(news_report: Report) -> None:
    assert {"DHS", "CBP"} <= _acronyms(news_report)


def test_counts_are_the_four_reported_figures(news_report: Report) -> None:
    assert sorted(_counts(news_report)) == sorted(EXPECTED_COUNTS)


def test_dates_cover_whole_periods_and_one_range(news_report: Report) -> None:
    dates = _dates(news_report)
    assert (date(2017, 11, 1), date(2017, 11, 30)) in dates
    assert (date(2018, 5, 1), date(2018, 5, 31)) in dates
    assert (date(2017, 10, 1), date(2019, 2, 14)) in dates
    # the two ends of the range are not also separate dates
    assert (date(2017, 10, 1), date(2017, 10, 1)) not in dates
    assert (date(2019, 2, 14), date(2019, 2, 14)) not in dates
    today = date.today()
    assert all(abs(start - today) > timedelta(days=2) for start, _ in dates)


def test_dates_never_come_from_words(news_report: Report) -> None:
    texts = [d.text.lower() for f in news_report.findings for d in f.dates]
    assert "we" not in texts and "may" not in texts


def test_caveats_and_their_kinds(news_report: Report) -> None:
    caveats = _caveats(news_report)
    assert ("could not confirm", "unverified") in caveats
    assert ("estimated", "estimate") in caveats
    assert ("potential", "possible") in caveats
    assert ("couldn't be validated", "unverified") in caveats


def test_unvalidated_figure_carries_its_caveat(news_report: Report) -> None:
    counts = {c.value: c for f in news_report.findings for c in f.counts}
    assert counts[1233.0].qualifier == "unverified"  # "But the numbers couldn't be validated."
    assert counts[3014.0].qualifier == "estimate"  # "DHS has estimated 3,014 children"


@pytest.mark.parametrize(
    "phrase",
    ["never had any proper information technology systems", "hadn't adequately addressed", "led to widespread errors"],
)
def test_deficiencies(news_report: Report, phrase: str) -> None:
    assert any(phrase in sentence for sentence in _deficient_sentences(news_report))


def test_no_finding_from_page_furniture(news_report: Report) -> None:
    for finding in news_report.findings:
        assert not any(word.lower() in finding.evidence.text.lower() for word in FURNITURE), finding.evidence.text


def test_evidence_offsets_point_into_the_text(news_report: Report) -> None:
    for finding in news_report.findings:
        evidence = finding.evidence
        assert news_report.text[evidence.start: evidence.end] == evidence.text


def test_html_metadata_from_the_page() -> None:
    report = extract(SEED_HTML)
    assert report.kind == "html"
    assert report.metadata.title is not None and report.metadata.title.startswith("Immigration officials knew")
    assert report.metadata.published == date(2019, 11, 27)


# --- the same facts set as a two-page PDF report -------------------------------------------------

EXPECTED_PDF = json.loads((SEED / "dhs-separations-report.expected.json").read_text())


@pytest.fixture(scope="module", params=["pdfium", "pdfplumber"])
def pdf_report(request: pytest.FixtureRequest) -> Report:
    return extract(SEED_PDF, backend=request.param)


def test_pdf_facts(pdf_report: Report) -> None:
    assert pdf_report.kind == "pdf"
    assert sorted(_counts(pdf_report)) == sorted(EXPECTED_COUNTS)
    assert (date(2017, 10, 1), date(2019, 2, 14)) in _dates(pdf_report)
    assert {"DHS", "CBP"} <= _acronyms(pdf_report)
    assert pdf_report.metadata.report_number == "OIG-20-06"


def test_pdf_running_header_footer_and_page_numbers_removed(pdf_report: Report) -> None:
    for absent in EXPECTED_PDF["absent_from_body"]:
        assert absent not in pdf_report.text
    assert pdf_report.text.count("OIG-20-06") == 1


def test_pdf_hyphenated_words_rejoined(pdf_report: Report) -> None:
    for item in EXPECTED_PDF["hyphenated_at_line_end"]:
        assert item["word"] in pdf_report.text


@pytest.mark.parametrize("fact", EXPECTED_PDF["facts"], ids=lambda fact: fact["id"])
def test_pdf_evidence_pages(pdf_report: Report, fact: dict[str, object]) -> None:
    words = str(fact["text"]).split()
    probe = " ".join(words[:8])
    matches = [f for f in pdf_report.findings if probe in f.evidence.text]
    if not matches:  # sentences without a finding (none expected here) would fail this lookup
        pytest.fail(f"no finding for {probe!r}")
    assert matches[0].evidence.page == fact["page"]


def test_pdf_unvalidated_numbers(pdf_report: Report) -> None:
    counts = {c.value: c for f in pdf_report.findings for c in f.counts}
    assert counts[1233.0].qualifier == "unverified"


def test_fixture_paths_exist() -> None:
    for path in (SEED_TEXT, SEED_HTML, SEED_PDF):
        assert Path(path).is_file()
