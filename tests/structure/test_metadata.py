"""Metadata: report-number forms, header date lines, titles, issuers, and each fixture page's five fields."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import FIXTURES
from oigextract import extract
from oigextract.structure.metadata import (
    clean_document_title,
    cover_date,
    cover_paragraphs,
    find_report_number,
    header_line_date,
    is_bad_title,
    issuer_in,
    plausible,
    quoted_title,
    read_html_header,
    trailing_date,
)

STRUCTURE = FIXTURES / "structure"
METADATA = STRUCTURE / "metadata"
EXPECTED = json.loads((METADATA / "expected.json").read_text(encoding="utf-8"))


def _cases() -> list[dict[str, object]]:
    lines = (STRUCTURE / "report_numbers.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: str(case["text"])[:40])
def test_report_number_forms(case: dict[str, object]) -> None:
    found = find_report_number(str(case["text"]))
    if case["expected"] is None:
        assert found is None
    else:
        assert found == (case["expected"], case["issuer"])


@pytest.mark.parametrize("line, expected", [
    ("02-09-2012", date(2012, 2, 9)),
    ("April 17, 2007", date(2007, 4, 17)),
    ("January 15 , 2003", date(2003, 1, 15)),
    ("July 8, 2008 | Audit A-01-07-00008", date(2008, 7, 8)),
    ("Date: September 10, 2018", date(2018, 9, 10)),
    ("Hearing – March 9, 2017", date(2017, 3, 9)),
    ("July 14, 2015 10 a.m.", date(2015, 7, 14)),
    ("12-22 -2011", date(2011, 12, 22)),
    ("04-03-13", date(2013, 4, 3)),  # HHS prints month first
    ("08-03-2102", None),  # a typo in the year: after today
    ("February 2006", None),  # month and year only
    ("For the period July 1, 1997 Though June 30, 2001", None),  # a date inside a title
])
def test_header_line_dates(line: str, expected: date | None) -> None:
    assert header_line_date(line) == expected


def test_trailing_date_after_report_number_in_page_title() -> None:
    assert trailing_date("Georgia Did Not Pay Some Line Items Audit (A-04-12-06159) 12-04-2013") == date(2013, 12, 4)
    assert trailing_date("Dental Services Report OEI-02-14-00490 1-20-2016") == date(2016, 1, 20)
    assert trailing_date("Medicaid Payments for 2013") is None
    assert trailing_date("Contract Number 500-02-NW18CH 04-23-2015") is None


def test_plausible_refuses_future_and_ancient_dates() -> None:
    assert plausible(date(2102, 8, 3)) is None
    assert plausible(date(1900, 1, 1)) is None
    assert plausible(date(2016, 9, 20)) == date(2016, 9, 20)


@pytest.mark.parametrize("raw, expected", [
    ('Audit,"Improper Fiscal Year 2001 Medicare Fee-for-Service Payments', "Improper Fiscal Year 2001 Medicare Fee-for-Service Payments"),
    ('Audit Report:"Review of Outpatient Pharmacy Services (CIN: A-01-00-005', "Review of Outpatient Pharmacy Services"),
    ("Delaware State Medicaid Fraud Control Unit: 2015 Onsite Review Report (OEI 07-15-00240) 02-09-2016",
     "Delaware State Medicaid Fraud Control Unit: 2015 Onsite Review"),
    ("GAO-06-282, BREASTFEEDING: Some Strategies Used to Market Infant Formula", "Breastfeeding: Some Strategies Used to Market Infant Formula"),
    ("Medicare Part D: Measures Needed to Strengthen Program Integrity (07/14/15)", "Medicare Part D: Measures Needed to Strengthen Program Integrity"),
    ("Review of Unique Supplies, A Working Capital Fund Activity", "Review of Unique Supplies, A Working Capital Fund Activity"),
    ("Adjusted Community Rate Proposals for a Pennsylvania Plan", "Adjusted Community Rate Proposals for a Pennsylvania Plan"),
])
def test_titles_lose_labels_numbers_and_dates(raw: str, expected: str) -> None:
    assert clean_document_title(raw) == expected


@pytest.mark.parametrize("title", [
    "Centers for Medicare and Medicaid Services (CMS) | Office of Inspector General",
    "Office of Audit Services | Reports & Publications | Office of Inspector General | U.S. Department of Health and Human Services",
    "Untitled Document", "Redirecting", "#####", "Testimony of", "Report (OEI 05 10-00090)",
    "Department of Health and Human Services", "DRLWritten Test EC HCR 9-21-10 Final",
])
def test_site_names_and_placeholders_are_not_titles(title: str) -> None:
    assert is_bad_title(title)


def test_a_title_naming_a_department_is_still_a_title() -> None:
    assert not is_bad_title("U.S. Department of Health and Human Services Did Not Fully Comply With Federal Requirements")


@pytest.mark.parametrize("text, expected", [
    ("DEPARTMENT OF HEALTH AND HUMAN SERVICES OFFICE OF INSPECTOR GENERAL", "HHS Office of Inspector General"),
    ("Office of Inspector General, U.S. Department of Health & Human Services", "HHS Office of Inspector General"),
    ("Office of Inspector General Department of Health & Human Services", "HHS Office of Inspector General"),
    ("I am Daniel Levinson, Inspector General for the U.S. Department of Health and Human Services.", "HHS Office of Inspector General"),
    ("Department of Homeland Security Office of Inspector General", "DHS Office of Inspector General"),
    ("INSPECTOR GENERAL U.S. Department of Defense", "DoD Office of Inspector General"),
    ("United States Government Accountability Office", "Government Accountability Office"),
    ("Department of Veterans Affairs Office of Inspector General", "VA Office of Inspector General"),
    ("Centers for Medicare & Medicaid Services", None),
    ("The Department of Homeland Security issued new guidance.", None),
])
def test_issuer_named_in_a_line(text: str, expected: str | None) -> None:
    assert issuer_in(text) == expected


def test_quoted_hearing_title_and_cover_date() -> None:
    text = ("Testimony Before the United States House of Representatives\n\n\"Health Care Reform:\n\n"
            "Opportunities to Address Waste, Fraud and Abuse\"\n\nTestimony of:\n\nJane Roe\n\nJune 25, 2009\n\n"
            "Good morning, Mr. Chairman. I am Jane Roe, Inspector General. Thank you for the opportunity to testify "
            "about the work of our office on health care fraud and the programs of the Department.")
    cover = cover_paragraphs(text)
    assert cover[-1] == "June 25, 2009"
    assert quoted_title(cover) == "Health Care Reform: Opportunities to Address Waste, Fraud and Abuse"
    assert cover_date(cover) == date(2009, 6, 25)


def test_hearing_label_gives_the_title_when_unquoted() -> None:
    assert quoted_title(["Testimony of:", "Gary Roe", "Hearing:", "Curbing Prescription Drug Abuse in Medicare"]) == (
        "Curbing Prescription Drug Abuse in Medicare")


def test_html_header_reads_meta_time_and_canonical_link() -> None:
    header = read_html_header(
        '<html><head><title>T</title><meta name="keywords" content="A-01-02-00003, June 13, 2008">'
        '<link rel="canonical" href="https://example.gov/r"></head><body><div>Banner Office of Inspector General</div>'
        '<h1>Title here</h1><p>05-04-2015</p><time datetime="2019-11-19T10:36:00Z">1 day ago</time></body></html>'
    )
    assert header.lines[:2] == ("Title here", "05-04-2015")
    assert header.keywords == ("A-01-02-00003", "June 13, 2008")
    assert header.published == date(2019, 11, 19)
    assert header.url == "https://example.gov/r"
    assert header.banner == ("Banner Office of Inspector General",)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_metadata(name: str) -> None:
    assert extract(METADATA / name).metadata.to_dict() == EXPECTED[name]


def test_a_testimony_cites_reports_without_taking_their_number() -> None:
    report = extract(METADATA / "hhs-testimony.pdf")
    assert "OEI-02-10-00070" in report.text
    assert report.metadata.report_number is None
