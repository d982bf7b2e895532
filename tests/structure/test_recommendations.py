"""Recommendations: the shapes reports state them in, their addressee, money, and the auditee's response."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from oigextract import Report, extract
from oigextract.output.json import report_to_json_dict
from oigextract.output.table import render_table
from oigextract.structure.recommendations import (
    ResponseClause,
    clean_item,
    enumerator_value,
    response_clauses,
    split_actions,
    split_addressee,
    split_enumerated,
)

RECOMMENDATIONS = FIXTURES / "structure" / "recommendations"
EXPECTED = json.loads((RECOMMENDATIONS / "expected.json").read_text(encoding="utf-8"))


# --- pure functions --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [("(3)", 3), ("(iii)", 3), ("(c)", 3), ("2)", 2), ("(xx)", None)])
def test_enumerator_values(text: str, value: int | None) -> None:
    assert enumerator_value(text) == value


def test_split_enumerated_needs_a_run_from_one() -> None:
    body = "(1) refund $1.5 million, (2) review later claims, and (3) train staff."
    items = [(n, clean_item(body[s:e])) for n, s, e in split_enumerated(body)]
    assert items == [(1, "refund $1.5 million"), (2, "review later claims"), (3, "train staff")]
    assert split_enumerated("as required by section (2) of the Act") == []
    assert [n for n, _, _ in split_enumerated("(i) refund X; (ii) adjust Y")] == [1, 2]


@pytest.mark.parametrize("body, addressee, rest", [
    ("the State agency (1) refund $2 million", "the State agency", "(1) refund $2 million"),
    ("the Administrator of CMS direct contractors to review claims", "the Administrator of CMS", "direct contractors to review claims"),
    ("CMS: (1) define grievance", "CMS:", "(1) define grievance"),
    ("Pinnacle promptly refund the overpayments", "Pinnacle", "promptly refund the overpayments"),
    ("CMS, in future demonstration agreements with California, deny such use of funds", "CMS",
     "deny such use of funds"),
    ("financial adjustments of $954,927 for the first quarter", None, None),
])
def test_split_addressee(body: str, addressee: str | None, rest: str | None) -> None:
    found, offset = split_addressee(body)
    assert (found.rstrip(":") if found else None) == (addressee.rstrip(":") if addressee else None)
    if rest is not None:
        assert body[offset:].strip() == rest


@pytest.mark.parametrize("body, parts", [
    ("recover the $9.2 million in identified overpayments and use the results of this audit in its education activities",
     ["recover the $9.2 million in identified overpayments", "use the results of this audit in its education activities"]),
    (("refund $896,072 to the Federal Government, identify and return any improper FFP claimed after May 20, 2002, "
      "and that they periodically review the edit"),
     ["refund $896,072 to the Federal Government", "identify and return any improper FFP claimed after May 20, 2002",
      "they periodically review the edit"]),
    ("ensure proper documentation and review of claims by its staff", ["ensure proper documentation and review of claims by its staff"]),
    ("work with the State agency and review the claims", ["work with the State agency", "review the claims"]),
])
def test_split_actions(body: str, parts: list[str]) -> None:
    assert [clean_item(body[s:e]) for s, e in split_actions(body)] == parts


@pytest.mark.parametrize("sentence, expected", [
    ("In written comments on our draft report, the State agency partially concurred with our recommendations.",
     [ResponseClause("partially concurred", (), "all")]),
    ("CMS concurred with recommendations 1 and 2 and did not concur with recommendation 3.",
     [ResponseClause("concurred", (1, 2), "listed"), ResponseClause("did not concur", (3,), "listed")]),
    ("The State agency partially disagreed with our first recommendation and disagreed with our second and third recommendations.",
     [ResponseClause("partially concurred", (1,), "listed"), ResponseClause("did not concur", (2, 3), "listed")]),
    ("CMS concurred with three of our five recommendations.", [ResponseClause("partially concurred", (), "some")]),
    ("FDA concurred with all three recommendations.", [ResponseClause("concurred", (), "all")]),
    ("CMS neither concurred nor nonconcurred with our recommendations.", [ResponseClause(None, (), "all")]),
    ("In response, WPS described actions that it had taken or planned to take to address our recommendations.",
     [ResponseClause("concurred", (), "all")]),
    ("The Unit did not concur with our first recommendation but concurred with the remaining recommendations.",
     [ResponseClause("did not concur", (1,), "listed"), ResponseClause("concurred", (), "remaining")]),
    ("OMB generally agreed with our findings and recommendation.", [ResponseClause("concurred", (), "all")]),
    ("The Hospital concurred with our findings.", [ResponseClause("concurred", (), "findings")]),
    ("recommendations 1 through 3", []),
    ("We agree that the State should have more time.", []),
    ("In 2007, the company agreed to pay $4 million to settle the case.", []),
    ("CMS accepted our recommendation to revise the manual.", [ResponseClause("concurred", (), "all")]),
    ("Kansas concurred with the findings and two of the recommendations.",
     [ResponseClause("partially concurred", (), "some")]),
    ("Kansas did not address our recommendation to calculate the overpayments.", [ResponseClause(None, (), "all")]),
])
def test_response_clauses(sentence: str, expected: list[ResponseClause]) -> None:
    assert response_clauses(sentence) == expected


# --- documents -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: extract(RECOMMENDATIONS / name) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_recommendations(reports: dict[str, Report], name: str) -> None:
    got = [
        {"starts": r.text[: len(e["starts"])], "number": r.number, "addressee": r.addressee, "response": r.response,
         "counts": [c.value for c in r.counts]}
        for r, e in zip(reports[name].recommendations, EXPECTED[name])
    ]
    assert len(reports[name].recommendations) == len(EXPECTED[name])
    assert got == EXPECTED[name]


def test_evidence_is_the_sentence_holding_the_recommendation(reports: dict[str, Report]) -> None:
    for report in reports.values():
        for recommendation in report.recommendations:
            evidence = recommendation.evidence
            assert report.text[evidence.start:evidence.end] == evidence.text
            assert recommendation.text in report.text
            assert evidence.start <= report.text.index(recommendation.text) < evidence.end


def test_refund_money_is_a_count_of_the_recommendation(reports: dict[str, Report]) -> None:
    refund = reports["numbered-partially-concurred.html"].recommendations[0]
    assert [(c.text, c.value, c.kind, c.unit) for c in refund.counts] == [("$9.2 million", 9200000.0, "money", "USD")]


def test_json_has_a_top_level_recommendations_list(reports: dict[str, Report]) -> None:
    data = report_to_json_dict(reports["numbers-mixed-responses.html"])
    assert {"source", "kind", "metadata", "findings", "warnings"} <= set(data)
    assert [r["response"] for r in data["recommendations"]] == ["concurred", "concurred", "did not concur"]
    assert Report.from_dict(reports["bullets-ordinals.html"].to_dict()).recommendations == (
        reports["bullets-ordinals.html"].recommendations)


def test_table_shows_recommendations_under_the_findings(reports: dict[str, Report]) -> None:
    table = render_table(reports["labelled-recommendations.html"], width=200)
    assert table.index("Recommendations") > table.index("Deficiency")
    assert "did not concur" in table and "FEMA Administrator" in table and "$86,000,000" in table


def _sentence_recommendations(text: str) -> list[tuple[int | None, str | None, str]]:
    report = extract(f"<html><body><div id='mainBody'><div id='content'><h1>A Review of Something</h1><p>{text}</p>"
                     "</div></div></body></html>")
    return [(r.number, r.addressee, r.text) for r in report.recommendations]


def test_addressee_inside_each_numbered_item_and_past_words_in_the_text() -> None:
    found = _sentence_recommendations(
        "We recommend that (1) CMS ensure that contract actions are properly documented and (2) HHS revise its "
        "acquisition guidance to include standards for past performance reviews.")
    assert found == [(1, "CMS", "ensure that contract actions are properly documented"),
                     (2, "HHS", "revise its acquisition guidance to include standards for past performance reviews")]


def test_a_prior_reports_recommendation_is_not_this_reports() -> None:
    assert _sentence_recommendations(
        "In our prior audit, we recommended that CMS require contractors to review high-dollar claims.") == []
