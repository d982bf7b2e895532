"""The scoring rules of the gold format, one test per rule and edge, on hand-built Reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from oigextract.errors import ConfigurationError
from oigextract.evaluation import (
    FIELDS,
    DocumentScore,
    FieldScore,
    Gold,
    GoldCaveat,
    GoldCount,
    GoldDate,
    GoldDeficiency,
    GoldMetadata,
    evaluate,
    find_gold_documents,
    format_errors,
    format_table,
    load_gold,
    normalise,
    normalise_title,
    precision_recall_f1,
    score_document,
    summarise,
    to_json,
)
from oigextract.types import (
    Agency,
    Caveat,
    Count,
    DateMention,
    Deficiency,
    Evidence,
    Finding,
    Metadata,
    Page,
    Report,
)

# ------------------------------------------------------------------------------------------------
# Builders
# ------------------------------------------------------------------------------------------------


def finding(
    sentence: str = "A sentence.",
    *,
    agency: Agency | None = None,
    deficiency: str | None = None,
    counts: tuple[Count, ...] = (),
    dates: tuple[DateMention, ...] = (),
    caveats: tuple[Caveat, ...] = (),
    page: int | None = None,
    start: int = 0,
) -> Finding:
    return Finding(
        agency=agency,
        deficiency=Deficiency(deficiency, "cue") if deficiency is not None else None,
        dates=dates,
        counts=counts,
        caveats=caveats,
        evidence=Evidence(sentence, page, start, start + len(sentence)),
    )


NO_METADATA = Metadata()


def report(
    *findings: Finding,
    text: str = "",
    kind: Any = "html",
    agencies: tuple[Agency, ...] = (),
    metadata: Metadata = NO_METADATA,
    pages: tuple[Page, ...] = (),
    source: str = "doc.html",
) -> Report:
    return Report(
        source=source, kind=kind, text=text, metadata=metadata, findings=findings,
        pages=pages, agencies=agencies,
    )


def gold(**fields: Any) -> Gold:
    fields.setdefault("file", "doc.html")
    fields.setdefault("kind", "html")
    return Gold(**fields)


def count(text: str, value: float, kind: Any = "count", unit: str = "child") -> Count:
    return Count(text, value, kind, unit)


def gcount(text: str, value: float, kind: Any = "count", unit: str = "child") -> GoldCount:
    return GoldCount(text, value, kind, unit)


def caveat(text: str, kind: Any = "estimate") -> Caveat:
    return Caveat(text, kind)


def gcaveat(text: str, kind: Any = "estimate") -> GoldCaveat:
    return GoldCaveat(text, kind)


def counts_of(field: FieldScore) -> tuple[int, int, int]:
    return field.tp, field.predicted, field.gold


GOLD_JSON: dict[str, Any] = {
    "file": "doc.html",
    "source": {"repo": None, "path": "x", "commit": None},
    "kind": "html",
    "pages": None,
    "metadata": {"report_number": "A-09-16-02015", "published": "2016-09-20", "title": "A Title"},
    "agencies": ["CMS"],
    "deficiencies": [{"evidence": "did not always make these payments", "agency": "CMS"}],
    "counts": [{"text": "19 of the 20 hospitals", "value": 19, "kind": "count", "unit": "hospital"}],
    "dates": [{"text": "November 2017", "start": "2017-11-01", "end": "2017-11-30"}],
    "caveats": [{"evidence": "approximately", "kind": "estimate"}],
    "recommendations": [{"evidence": "refund $9.2 million", "response": "partially concurred"}],
    "notes": ["a note"],
}


def write_gold(directory: Path, name: str, data: dict[str, Any]) -> Path:
    path = directory / f"{name}.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------------
# Loading gold
# ------------------------------------------------------------------------------------------------


def test_load_gold_reads_the_corpus_format(tmp_path: Path) -> None:
    path = write_gold(tmp_path, "doc", GOLD_JSON)
    loaded = load_gold(path)
    assert loaded.file == "doc.html"
    assert loaded.kind == "html"
    assert loaded.pages is None
    assert loaded.metadata == GoldMetadata("A-09-16-02015", date(2016, 9, 20), "A Title")
    assert loaded.agencies == ("CMS",)
    assert loaded.deficiencies == (GoldDeficiency("did not always make these payments", "CMS"),)
    assert loaded.counts == (GoldCount("19 of the 20 hospitals", 19.0, "count", "hospital"),)
    assert loaded.dates == (GoldDate("November 2017", date(2017, 11, 1), date(2017, 11, 30)),)
    assert loaded.caveats == (GoldCaveat("approximately", "estimate"),)
    assert loaded.recommendations[0].response == "partially concurred"
    assert loaded.path == path


def test_load_gold_reads_pdf_pages(tmp_path: Path) -> None:
    path = write_gold(tmp_path, "doc", {**GOLD_JSON, "file": "doc.pdf", "kind": "pdf", "pages": [1, 3]})
    assert load_gold(path).pages == (1, 3)


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "docx"},
        {"pages": [0]},
        {"metadata": None},
        {"counts": [{"text": "3", "value": "3", "kind": "count", "unit": "child"}]},
        {"counts": [{"text": "3", "value": 3, "kind": "number", "unit": "child"}]},
        {"dates": [{"text": "x", "start": "2017-13-01", "end": "2017-12-31"}]},
        {"dates": [{"text": "x", "start": "2018-01-01", "end": "2017-12-31"}]},
        {"caveats": [{"evidence": "about", "kind": "vague"}]},
        {"deficiencies": [{"agency": "CMS"}]},
        {"agencies": "CMS"},
    ],
)
def test_invalid_gold_raises_configuration_error_naming_the_file(
    tmp_path: Path, change: dict[str, Any]
) -> None:
    path = write_gold(tmp_path, "broken", {**GOLD_JSON, **change})
    with pytest.raises(ConfigurationError, match=r"broken\.gold\.json"):
        load_gold(path)


def test_missing_required_key_raises(tmp_path: Path) -> None:
    data = {k: v for k, v in GOLD_JSON.items() if k != "counts"}
    with pytest.raises(ConfigurationError, match="missing key 'counts'"):
        load_gold(write_gold(tmp_path, "doc", data))


def test_gold_that_is_not_json_raises_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.gold.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"bad\.gold\.json"):
        load_gold(path)


def test_find_gold_documents_pairs_each_gold_with_its_file(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>a</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    gold_a = write_gold(tmp_path, "a", GOLD_JSON | {"file": "a.html"})
    gold_b = write_gold(tmp_path, "b", GOLD_JSON | {"file": "b.txt", "kind": "text"})
    assert find_gold_documents(tmp_path) == [(tmp_path / "a.html", gold_a), (tmp_path / "b.txt", gold_b)]


def test_find_gold_documents_names_a_missing_document(tmp_path: Path) -> None:
    write_gold(tmp_path, "a", GOLD_JSON | {"file": "absent.html"})
    with pytest.raises(ConfigurationError, match=r"absent\.html"):
        find_gold_documents(tmp_path)


def test_find_gold_documents_rejects_a_directory_without_gold(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"no \*\.gold\.json"):
        find_gold_documents(tmp_path)


# ------------------------------------------------------------------------------------------------
# Agencies
# ------------------------------------------------------------------------------------------------

CMS = Agency("Centers for Medicare & Medicaid Services", "CMS")


@pytest.mark.parametrize("gold_name", ["CMS", "Centers for Medicare & Medicaid Services", "cms",
                                       "centers for medicare & MEDICAID services"])
def test_agency_matches_name_or_acronym_case_insensitively(gold_name: str) -> None:
    score = score_document(report(agencies=(CMS,)), gold(agencies=(gold_name,)))
    assert counts_of(score.fields["agencies"]) == (1, 1, 1)


def test_agency_without_name_or_acronym_match_is_spurious_and_missed() -> None:
    score = score_document(report(agencies=(CMS,)), gold(agencies=("CBP",)))
    field = score.fields["agencies"]
    assert counts_of(field) == (0, 1, 1)
    assert [i.text for i in field.missed] == ["CBP"]
    assert [i.text for i in field.spurious] == ["Centers for Medicare & Medicaid Services"]


def test_a_predicted_agency_is_one_prediction_and_matches_one_gold() -> None:
    # Gold lists the body twice (name and acronym); the prediction can only match one of them.
    score = score_document(
        report(agencies=(CMS,)), gold(agencies=("CMS", "Centers for Medicare & Medicaid Services"))
    )
    assert counts_of(score.fields["agencies"]) == (1, 1, 2)


def test_agencies_are_sets_duplicates_count_once() -> None:
    score = score_document(report(agencies=(CMS, CMS)), gold(agencies=("CMS", "cms")))
    assert counts_of(score.fields["agencies"]) == (1, 1, 1)


def test_html_agencies_come_from_report_agencies_not_findings() -> None:
    r = report(finding("CBP erred.", agency=Agency("Customs and Border Protection", "CBP")),
               agencies=(CMS,))
    assert counts_of(score_document(r, gold(agencies=("CBP",))).fields["agencies"]) == (0, 1, 1)


# ------------------------------------------------------------------------------------------------
# Deficiencies
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold_phrase", "sentence"),
    [
        ("did not always make these payments", "The State Did Not Always Make These Payments."),
        ("CBP hadn't adequately addressed the issues", "even though CBP hadn\u2019t adequately addressed the issues"),
        ("the so-called \"tracking\" system failed", "the so-called \u201ctracking\u201d system failed"),
        ("did not   always make\tthese payments", "it did not\nalways  make these payments"),
        ("no proper information technology systems", "no proper informa-\ntion technology systems"),
        ("no proper information technology systems", "no proper infor\u00admation technology systems"),
    ],
    ids=["case", "apostrophe", "double-quotes", "whitespace", "line-end-hyphen", "soft-hyphen"],
)
def test_deficiency_phrase_matches_inside_normalised_sentence(gold_phrase: str, sentence: str) -> None:
    r = report(finding(sentence, deficiency=sentence))
    score = score_document(r, gold(deficiencies=(GoldDeficiency(gold_phrase),)))
    assert counts_of(score.fields["deficiencies"]) == (1, 1, 1)


def test_deficiency_phrase_not_in_sentence_does_not_match() -> None:
    r = report(finding("The State made these payments correctly.", deficiency="made these payments"))
    score = score_document(r, gold(deficiencies=(GoldDeficiency("did not always make these payments"),)))
    assert counts_of(score.fields["deficiencies"]) == (0, 1, 1)


def test_a_hyphen_that_is_not_at_a_line_end_is_kept() -> None:
    # "Eight-State" must not become "eightstate": a gold "eight state" does not match it.
    r = report(finding("An Eight-State review failed.", deficiency="failed"))
    score = score_document(r, gold(deficiencies=(GoldDeficiency("eight state review"),)))
    assert score.fields["deficiencies"].tp == 0


def test_findings_without_deficiency_are_not_deficiency_predictions() -> None:
    r = report(finding("It did not comply."), finding("It did not comply.", deficiency="did not comply"))
    score = score_document(r, gold(deficiencies=(GoldDeficiency("did not comply"),)))
    assert counts_of(score.fields["deficiencies"]) == (1, 1, 1)


def test_one_prediction_matches_at_most_one_deficiency() -> None:
    sentence = "It did not refund overpayments and did not train staff."
    r = report(finding(sentence, deficiency=sentence))
    g = gold(deficiencies=(GoldDeficiency("did not refund overpayments"), GoldDeficiency("did not train staff")))
    assert counts_of(score_document(r, g).fields["deficiencies"]) == (1, 1, 2)


def test_deficiency_pairing_prefers_the_finding_whose_clause_holds_the_phrase() -> None:
    # Both sentences contain the phrase; only the second finding's deficiency clause does.
    r = report(
        finding("It did not refund overpayments, and staff were untrained.", deficiency="staff were untrained"),
        finding("It did not refund overpayments.", deficiency="did not refund overpayments"),
    )
    field = score_document(r, gold(deficiencies=(GoldDeficiency("did not refund overpayments"),))).fields[
        "deficiencies"]
    assert [m.prediction.text for m in field.matched] == ["did not refund overpayments"]
    assert [i.text for i in field.spurious] == ["staff were untrained"]


# ------------------------------------------------------------------------------------------------
# Counts
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "matches"),
    [
        (1000.0, True),
        (1005.0, True),  # +0.5 % exactly: |1005 - 1000| = 5 = 0.005 * 1000
        (995.0, True),  # -0.5 % exactly
        (1005.01, False),  # 5.01 > 5
        (994.99, False),
    ],
)
def test_count_value_tolerance_is_half_a_percent_of_gold(predicted: float, matches: bool) -> None:
    r = report(finding(counts=(count("$1,000", predicted, "money", "USD"),)))
    g = gold(counts=(gcount("$1,000", 1000, "money", "USD"),))
    assert score_document(r, g).fields["counts"].tp == int(matches)


@pytest.mark.parametrize(("predicted", "matches"), [(0.0, True), (0.001, False)])
def test_count_gold_zero_needs_exact_zero(predicted: float, matches: bool) -> None:
    r = report(finding(counts=(count("0 percent", predicted, "percent", "percent"),)))
    g = gold(counts=(gcount("0 percent", 0, "percent", "percent"),))
    assert score_document(r, g).fields["counts"].tp == int(matches)


def test_count_kind_must_match() -> None:
    r = report(finding(counts=(count("23", 23, "count", "percent"),)))
    g = gold(counts=(gcount("23 percent", 23, "percent", "percent"),))
    assert counts_of(score_document(r, g).fields["counts"]) == (0, 1, 1)


@pytest.mark.parametrize(
    ("text", "unit", "matches"),
    [
        ("3,014 children", "child", True),  # unit equal
        ("3,014 children", "", True),  # gold unit "child" occurs in the predicted text
        ("3,014", "Child", True),  # predicted unit, lower-cased
        ("3,014 migrant kids", "kid", False),  # neither unit nor text holds "child"
    ],
)
def test_count_unit_must_occur_in_predicted_unit_or_text(text: str, unit: str, matches: bool) -> None:
    r = report(finding(counts=(count(text, 3014, "count", unit),)))
    g = gold(counts=(gcount("3,014 children", 3014, "count", "child"),))
    assert score_document(r, g).fields["counts"].tp == int(matches)


def test_unit_rule_applies_only_to_kind_count() -> None:
    r = report(finding(counts=(count("$11.3 million", 11_300_000, "money", "dollars"),)))
    g = gold(counts=(gcount("$11.3 million", 11_300_000, "money", "USD"),))
    assert score_document(r, g).fields["counts"].tp == 1


def test_counts_are_flattened_over_all_findings() -> None:
    r = report(
        finding("a", counts=(count("19 hospitals", 19, unit="hospital"), count("20 hospitals", 20, unit="hospital"))),
        finding("b", counts=(count("$5", 5, "money", "USD"),)),
    )
    g = gold(counts=(gcount("19 hospitals", 19, unit="hospital"), gcount("$5", 5, "money", "USD")))
    # 2 of 3 predictions match; the 20 hospitals is spurious.
    assert counts_of(score_document(r, g).fields["counts"]) == (2, 3, 2)


def test_count_matching_prefers_the_prediction_with_the_same_text() -> None:
    r = report(finding(counts=(count("the eight states selected", 8, unit="state"),
                               count("Eight-State", 8, unit="state"))))
    g = gold(counts=(gcount("Eight-State", 8, unit="state"), gcount("the eight states selected", 8, unit="state")))
    pairs = {(m.gold.text, m.prediction.text) for m in score_document(r, g).fields["counts"].matched}
    assert pairs == {("Eight-State", "Eight-State"),
                     ("the eight states selected", "the eight states selected")}


# ------------------------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "matches"),
    [
        (date(2017, 11, 1), date(2017, 11, 30), True),
        (date(2017, 11, 1), date(2017, 11, 1), False),  # end differs
        (date(2017, 10, 31), date(2017, 11, 30), False),  # start differs
    ],
)
def test_date_needs_start_and_end_equal(start: date, end: date, matches: bool) -> None:
    r = report(finding(dates=(DateMention("in November 2017", start, end, "month"),)))
    g = gold(dates=(GoldDate("November 2017", date(2017, 11, 1), date(2017, 11, 30)),))
    assert score_document(r, g).fields["dates"].tp == int(matches)


# ------------------------------------------------------------------------------------------------
# Caveats
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold_cue", "predicted", "matches"),
    [
        ("estimated", "An Estimated", True),  # gold cue inside the predicted text
        ("could not confirm", "not confirm", True),  # predicted text inside the gold cue
        ("couldn't be validated", "couldn\u2019t be validated", True),
        ("approximately", "about", False),
        ("potential", "", False),  # an empty prediction is not "inside" everything
    ],
)
def test_caveat_containment_both_ways(gold_cue: str, predicted: str, matches: bool) -> None:
    r = report(finding(caveats=(caveat(predicted),)))
    assert score_document(r, gold(caveats=(gcaveat(gold_cue),))).fields["caveats"].tp == int(matches)


def test_caveat_pairing_prefers_the_exact_cue() -> None:
    r = report(finding(caveats=(caveat("about half"), caveat("about"))))
    field = score_document(r, gold(caveats=(gcaveat("about"),))).fields["caveats"]
    assert [m.prediction.text for m in field.matched] == ["about"]
    assert [i.text for i in field.spurious] == ["about half"]


def test_two_identical_gold_caveats_need_two_predictions() -> None:
    g = gold(caveats=(gcaveat("potentially", "possible"), gcaveat("potentially", "possible")))
    one = report(finding(caveats=(caveat("potentially", "possible"),)))
    two = report(finding(caveats=(caveat("potentially", "possible"),)),
                 finding(caveats=(caveat("potentially", "possible"),)))
    assert counts_of(score_document(one, g).fields["caveats"]) == (1, 1, 2)
    assert counts_of(score_document(two, g).fields["caveats"]) == (2, 2, 2)


def test_matching_finds_the_maximum_when_greedy_order_would_block_it() -> None:
    # "potential" (pred 1) is the exact match of gold 1 and the only possible match of gold 2
    # ("potential" inside "potentially"); "potential increase" (pred 2) can only match gold 1.
    # Best-first alone pairs gold 1 with pred 1 and stops at tp 1; the augmenting step re-pairs to tp 2.
    g = gold(caveats=(gcaveat("potential", "possible"), gcaveat("potentially", "possible")))
    r = report(finding(caveats=(caveat("potential", "possible"), caveat("potential increase", "possible"))))
    field = score_document(r, g).fields["caveats"]
    assert counts_of(field) == (2, 2, 2)
    assert {(m.gold.text, m.prediction.text) for m in field.matched} == {
        ("potential", "potential increase"), ("potentially", "potential")}


# ------------------------------------------------------------------------------------------------
# PDF page scope
# ------------------------------------------------------------------------------------------------


def test_pdf_pages_scope_findings_and_agencies() -> None:
    omb = Agency("Office of Management and Budget", "OMB")
    text = "p1 sentence. p3 sentence. unpaged sentence on p2."
    pages = (Page(1, 0, 13), Page(2, 26, len(text)), Page(3, 13, 26))
    r = report(
        finding("p1 sentence.", agency=omb, caveats=(caveat("about"),), page=1),
        finding("p3 sentence.", agency=CMS, caveats=(caveat("about"),), page=3, start=13),
        # no evidence.page: the page is looked up from evidence.start (26 -> page 2)
        finding("unpaged sentence on p2.", caveats=(caveat("about"),), start=26),
        text=text, kind="pdf", pages=pages, agencies=(CMS, omb), source="doc.pdf",
    )
    g = gold(file="doc.pdf", kind="pdf", pages=(1, 2), agencies=("OMB",),
             caveats=(gcaveat("about"), gcaveat("about")))
    score = score_document(r, g)
    # page 3's caveat and CMS are out of scope; report.agencies is not used when pages are given.
    assert counts_of(score.fields["caveats"]) == (2, 2, 2)
    assert counts_of(score.fields["agencies"]) == (1, 1, 1)


def test_pdf_without_pages_uses_every_finding() -> None:
    r = report(finding(caveats=(caveat("about"),), page=7), kind="pdf")
    g = gold(file="doc.pdf", kind="pdf", pages=None, caveats=(gcaveat("about"),))
    assert counts_of(score_document(r, g).fields["caveats"]) == (1, 1, 1)


# ------------------------------------------------------------------------------------------------
# Metadata
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "predicted",
    [
        "Eight-State Review of the Ability of Noncustodial Parents",
        "\u201cEight-State  Review of the\nability of noncustodial parents,\u201d",
        "  'EIGHT-STATE REVIEW OF THE ABILITY OF NONCUSTODIAL PARENTS.' ",
    ],
)
def test_title_matches_after_normalisation(predicted: str) -> None:
    g = gold(metadata=GoldMetadata(title="Eight-State Review of the Ability of Noncustodial Parents"))
    r = report(metadata=Metadata(title=predicted))
    assert counts_of(score_document(r, g).fields["metadata"]) == (1, 1, 1)


def test_title_with_different_words_does_not_match() -> None:
    g = gold(metadata=GoldMetadata(title="Review of Medicaid Payments"))
    r = report(metadata=Metadata(title="Review of Medicare Payments"))
    assert score_document(r, g).fields["metadata"].tp == 0


def test_metadata_report_number_case_insensitive_published_exact_and_nulls() -> None:
    g = gold(metadata=GoldMetadata("A-09-16-02015", date(2016, 9, 20), None))
    r = report(metadata=Metadata(title="Some title", report_number="a-09-16-02015",
                                 published=date(2016, 9, 21)))
    field = score_document(r, g).fields["metadata"]
    # gold items: report_number, published (2); predictions: report_number, published, title (3);
    # only report_number matches; the title is spurious because gold title is null.
    assert counts_of(field) == (1, 3, 2)
    assert [i.detail for i in field.missed] == ["published"]
    assert sorted(i.detail for i in field.spurious) == ["published", "title"]


def test_normalise_helpers() -> None:
    assert normalise("  It\u2019s  \u201cNew\u201d\n") == "it's \"new\""
    assert normalise_title("\u201cA Title,\u201d ") == "a title"


# ------------------------------------------------------------------------------------------------
# Error reporting: sentences of missed and spurious items
# ------------------------------------------------------------------------------------------------


def test_missed_item_carries_its_sentence_from_report_text_and_spurious_its_evidence() -> None:
    text = "Title line\nWe found 3,014 children. The agency estimated 2,155 reunifications."
    r = report(finding("We found 3,014 children.", counts=(count("2,000", 2000),), start=11), text=text)
    g = gold(counts=(gcount("2,155 reunifications", 2155, unit="reunification"),
                     gcount("99 ghosts", 99, unit="ghost")))
    field = score_document(r, g).fields["counts"]
    assert [(i.text, i.sentence) for i in field.missed] == [
        ("2,155 reunifications", "The agency estimated 2,155 reunifications."),
        ("99 ghosts", None),
    ]
    assert [(i.text, i.sentence) for i in field.spurious] == [("2,000", "We found 3,014 children.")]


def test_repeated_missed_cue_points_at_its_own_occurrence() -> None:
    text = "It may be late. Costs may rise."
    g = gold(caveats=(gcaveat("may", "possible"), gcaveat("may", "possible")))
    missed = score_document(report(text=text), g).fields["caveats"].missed
    assert [i.sentence for i in missed] == ["It may be late.", "Costs may rise."]


# ------------------------------------------------------------------------------------------------
# Averages and the whole evaluation
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tp", "predicted", "gold_n", "expected"),
    [
        (0, 0, 0, (1.0, 1.0, 1.0)),  # nothing to find, nothing invented
        (0, 0, 5, (0.0, 0.0, 0.0)),  # no predictions: P = 0 by convention
        (0, 3, 0, (0.0, 0.0, 0.0)),  # no gold: R = 0 by convention
        (2, 4, 5, (0.5, 0.4, 4 / 9)),  # F1 = 2 * 0.5 * 0.4 / 0.9 = 0.4444
    ],
)
def test_precision_recall_f1_conventions(
    tp: int, predicted: int, gold_n: int, expected: tuple[float, float, float]
) -> None:
    assert precision_recall_f1(tp, predicted, gold_n) == pytest.approx(expected)


def _doc(values: dict[str, tuple[int, int, int]]) -> DocumentScore:
    fields = {name: FieldScore(name, *values.get(name, (0, 0, 0))) for name in FIELDS}
    return DocumentScore("d", "d.gold.json", fields)


def test_micro_average_and_macro_f1_by_hand() -> None:
    a = _doc({"agencies": (1, 1, 1), "deficiencies": (1, 2, 2), "counts": (2, 2, 4),
              "caveats": (0, 1, 0), "metadata": (0, 3, 3)})
    b = _doc({"agencies": (1, 1, 2), "deficiencies": (1, 2, 2), "counts": (1, 2, 1)})
    result = summarise([a, b])
    # agencies     tp 2 pred 2 gold 3: P 1, R 2/3, F1 = 2*(2/3)/(5/3) = 0.8
    # deficiencies tp 2 pred 4 gold 4: P R F1 = 0.5
    # counts       tp 3 pred 4 gold 5: P .75, R .6, F1 = 2*.45/1.35 = 2/3
    # dates        0/0/0: 1.0 by convention
    # caveats      tp 0 pred 1 gold 0: 0.0
    # macro = (0.8 + 0.5 + 2/3 + 1 + 0) / 5 = 2.9666.../5 = 0.593333...; metadata (F1 0) excluded
    assert result.totals["agencies"].f1 == pytest.approx(0.8)
    assert result.totals["counts"].f1 == pytest.approx(2 / 3)
    assert result.totals["dates"].f1 == 1.0
    assert result.totals["caveats"].f1 == 0.0
    assert (result.totals["metadata"].tp, result.totals["metadata"].gold) == (0, 3)
    assert result.macro_f1 == pytest.approx((0.8 + 0.5 + 2 / 3 + 1.0 + 0.0) / 5)


def _fixture_set(tmp_path: Path) -> list[tuple[Path, Path]]:
    base: dict[str, Any] = {
        "kind": "text", "pages": None, "metadata": {"report_number": None, "published": None, "title": None},
        "agencies": [], "deficiencies": [], "dates": [], "recommendations": [],
    }
    good = {**base, "file": "good.txt", "agencies": ["CMS"],
            "counts": [{"text": "3 children", "value": 3, "kind": "count", "unit": "child"}],
            "caveats": [{"evidence": "about", "kind": "estimate"}]}
    bad = {**base, "file": "bad.txt", "counts": [{"text": "$5", "value": 5, "kind": "money", "unit": "USD"}],
           "caveats": []}
    for name, data in (("good", good), ("bad", bad)):
        (tmp_path / f"{name}.txt").write_text("x", encoding="utf-8")
        write_gold(tmp_path, name, data)
    return find_gold_documents(tmp_path)


def _extract(path: Path) -> Report:
    if path.name == "bad.txt":
        raise RuntimeError("parser exploded")
    return report(
        finding("We found about 3 children.", caveats=(caveat("about"),),
                counts=(count("3 children", 3), count("4 adults", 4, unit="adult"))),
        agencies=(CMS,), kind="text", source=str(path),
    )


def test_an_extractor_failure_is_recorded_and_does_not_stop_the_others(tmp_path: Path) -> None:
    result = evaluate(_fixture_set(tmp_path), _extract)
    by_name = {Path(d.document).name: d for d in result.documents}
    assert by_name["bad.txt"].error == "RuntimeError: parser exploded"
    assert by_name["good.txt"].error is None
    assert [Path(d.document).name for d in result.failed] == ["bad.txt"]
    # counts: good tp 1 pred 2 gold 1; bad (failed) tp 0 pred 0 gold 1 -> 1/2/2, P .5 R .5 F1 .5
    counts = result.totals["counts"]
    assert (counts.tp, counts.predicted, counts.gold) == (1, 2, 2)
    assert counts.f1 == pytest.approx(0.5)
    # agencies 1/1/1 F1 1; deficiencies and dates 0/0/0 F1 1; caveats 1/1/1 F1 1
    # macro = (1 + 1 + 0.5 + 1 + 1) / 5 = 0.9
    assert result.macro_f1 == pytest.approx(0.9)


def test_output_helpers(tmp_path: Path) -> None:
    result = evaluate(_fixture_set(tmp_path), _extract)
    table = format_table(result)
    assert "counts" in table and "0.500" in table and "1/2/2" in table
    assert "macro F1" in table and "0.900" in table
    errors = format_errors(result)
    assert "parser exploded" in errors
    assert '"4 adults"' in errors and "We found about 3 children." in errors  # spurious, with sentence
    assert '"$5"' in errors  # missed gold item of the failed document
    data = to_json(result)
    json.dumps(data)  # serialisable
    assert data["summary"]["macro_f1"] == pytest.approx(0.9)
    assert data["summary"]["fields"]["counts"]["gold"] == 2
    good = next(d for d in data["documents"] if d["document"].endswith("good.txt"))
    assert good["fields"]["counts"]["spurious"][0]["text"] == "4 adults"


def test_format_errors_when_everything_matches() -> None:
    r = report(finding(caveats=(caveat("about"),)))
    result = summarise([score_document(r, gold(caveats=(gcaveat("about"),)))])
    assert format_errors(result) == "No missed or spurious items."
