"""Sections: canonical names for the headings of OIG and GAO reports, and the section each sentence sits in."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from oigextract import extract
from oigextract.data_files import load_rows
from oigextract.sources.base import Heading, MainText
from oigextract.structure.sections import (
    ROLES,
    canonical_section,
    find_sections,
    fold_heading,
    is_result_section,
    section_at,
    section_role,
)

METADATA = FIXTURES / "structure" / "metadata"


@pytest.mark.parametrize("heading, name", [
    ("WHAT WE FOUND", "What We Found"),
    ("Findings", "What We Found"),
    ("Results of Review", "What We Found"),
    ("RESULTS OF THE AUDIT:", "What We Found"),
    ("What GAO Found", "What We Found"),
    ("EXECUTIVE SUMMARY:", "Summary"),
    ("Results in Brief", "Summary"),
    ("Why We Did This Study", "Background"),
    ("INTRODUCTION", "Background"),
    ("Objectives", "Objective"),
    ("Objectives, Scope, and Methodology", "Scope and Methodology"),
    ("HOW WE DID THIS STUDY", "Scope and Methodology"),
    ("What We Recommend", "Recommendations"),
    ("Recommendations for Executive Action", "Recommendations"),
    ("Auditee Comments", "Agency Comments"),
    ("State Agency Comments and Office of Inspector General Response", "Agency Comments"),
    ("CMS Comments", "Agency Comments"),
    ("FEMA Response", "Agency Comments"),
    ("What We Concluded", "Conclusion"),
    ("Appendix B: Sample Design and Methodology", "Appendix"),
])
def test_heading_variants_map_to_canonical_names(heading: str, name: str) -> None:
    found = canonical_section(heading)
    assert found is not None and found.name == name


@pytest.mark.parametrize("heading", [
    "Emergency Response to Hurricanes Katrina and Rita", "Durable Medical Equipment", "Prescription Drugs",
    "Review of Medicare Credit Balances at Lakeside Regional Hospital", "Comments on the Draft Guidance Were Mixed",
])
def test_topical_headings_are_not_canonical(heading: str) -> None:
    assert canonical_section(heading) is None


def test_every_canonical_name_has_a_role_and_maps_to_itself() -> None:
    for row in load_rows("sections.jsonl"):
        assert row["role"] in ROLES
        found = canonical_section(row["name"])
        assert found is not None and found.name == row["name"]
        assert section_role(row["name"]) == row["role"]


def test_fold_heading() -> None:
    assert fold_heading("  Agency Comments & OIG's Response: ") == "agency comments and oig's response"


def test_result_sections_for_filtering() -> None:
    assert is_result_section("What We Found") and is_result_section("Summary")
    assert is_result_section("Medicare Pays Too Much for Drugs")  # a topical heading inside the findings
    assert not is_result_section("Background") and not is_result_section("Scope and Methodology")


def _main(paragraphs: list[tuple[str, int | None]], kind: str = "html", title: str | None = None) -> MainText:
    text = ""
    headings = []
    for paragraph, level in paragraphs:
        if text:
            text += "\n\n"
        if level is not None:
            headings.append(Heading(paragraph, len(text), len(text) + len(paragraph), level))
        text += paragraph
    return MainText(text=text, kind=kind, headings=tuple(headings), title=title)  # type: ignore[arg-type]


def test_sections_from_headings_and_heading_paragraphs() -> None:
    main = _main([
        ("Review of Credit Balances", 1),
        ("Review of Credit Balances at a Hospital", 2),  # the title again: not a section
        ("EXECUTIVE SUMMARY:", None),  # old pages print the section name as a bold paragraph
        ("The Hospital did not return 12 credit balances.", None),
        ("Background", 2),
        ("Medicare pays hospitals for inpatient care.", None),
    ], title="Review of Credit Balances at a Hospital")
    names = [(s.name, s.heading) for s in find_sections(main)]
    assert names == [("Summary", "EXECUTIVE SUMMARY:"), ("Background", "Background")]
    assert section_at(main, main.text.index("The Hospital")) == "Summary"
    assert section_at(main, main.text.index("Medicare pays")) == "Background"
    assert section_at(main, 0) is None


def test_unknown_deeper_html_heading_stays_in_its_section_but_not_in_pdf() -> None:
    paragraphs = [("What We Found", 2), ("Claims Were Billed Twice", 3), ("Twelve claims were paid twice.", None)]
    html = _main(paragraphs)
    assert section_at(html, html.text.index("Twelve")) == "What We Found"
    pdf = _main([(text, 2 if level else None) for text, level in paragraphs], kind="pdf")
    assert section_at(pdf, pdf.text.index("Twelve")) == "Claims Were Billed Twice"


def test_findings_carry_canonical_sections_in_html() -> None:
    report = extract(METADATA / "hhs-evaluation-2015.html")
    by_text = {f.evidence.text[:30]: f.evidence.section for f in report.findings}
    assert by_text["Medicare paid for 22 percent o"] == "What We Found"
    assert by_text["We reviewed a random sample of"] == "Scope and Methodology"


def test_findings_carry_canonical_sections_in_pdf_heading_lines() -> None:
    report = extract(METADATA / "hhs-testimony.pdf")
    sections = {f.evidence.text[:25]: f.evidence.section for f in report.findings}
    assert sections["Medicare paid $15 billion"] == "Background"
    assert sections["In our 2012 report (OEI-0"] == "What We Found"
    assert report.recommendations[0].evidence.section == "Conclusion"
