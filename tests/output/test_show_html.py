"""``output.show``: the page a reader checks findings on, read back as a reader sees it.

Every count, date, caveat, deficiency clause and agency of every finding must be spelled by words under
a bar of its kind's colour, inside its own finding's sentence, with a label that shows its normalised
form; the legend has one colour per kind; each table row links to its sentence and back; PDFs have page
markers; the page fetches nothing; a report loaded back from JSON gives the same page.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pytest
from show_dom import assert_every_finding_highlighted, highlighted_run, label_texts, parse_view, spelled

from conftest import SEED
from oigextract import Caveat, Count, DateMention, Evidence, Finding, Metadata, Report, extract
from oigextract.output.json import dumps
from oigextract.output.show import (
    COLORS,
    KINDS,
    agency_mentions,
    caveat_label,
    count_label,
    date_label,
    highlights,
    qualified_counts,
    render_html,
)

SEED_FILES = {
    "article-html": SEED / "week-dhs-separated-families.html",
    "article-text": SEED / "week-dhs-separated-families.txt",
    "report-pdf": SEED / "dhs-separations-report.pdf",
}


@pytest.fixture(scope="module", params=sorted(SEED_FILES))
def report(request: pytest.FixtureRequest) -> Report:
    return extract(SEED_FILES[request.param])


@pytest.fixture(scope="module")
def pdf_report() -> Report:
    return extract(SEED_FILES["report-pdf"])


@pytest.fixture(scope="module")
def article() -> Report:
    return extract(SEED_FILES["article-html"])


# --- every finding's spans, of the right kind -----------------------------------------------------------


def test_every_finding_is_highlighted_by_kind(report: Report) -> None:
    assert_every_finding_highlighted(report, render_html(report))


def test_no_word_outside_a_finding_sentence_is_highlighted(report: Report) -> None:
    view = parse_view(render_html(report))
    assert all(w.finding is not None for w in view.words if w.kinds)
    # and the whole text is on the page, word for word
    assert [w.text for w in view.words if w.text.strip()] != []
    assert spelled(view.words) == "".join(report.text.split())


def test_the_issue_examples(article: Report) -> None:
    """3,014 children -> 3014 child (estimate); "couldn't be validated" -> unverified, qualifying 1,233 children."""
    view = parse_view(render_html(article))
    words = list(view.words)
    run = highlighted_run(words, "3,014 children", "count")
    assert run and "3014 child · estimate" in label_texts(run, "count")
    run = highlighted_run(words, "couldn't be validated", "caveat")
    assert run and "unverified → 1,233 children" in label_texts(run, "caveat")
    run = highlighted_run(words, "between Oct. 1, 2017, and Feb. 14, 2019", "date")
    assert run and "2017-10-01..2019-02-14" in label_texts(run, "date")
    run = highlighted_run(words, "Customs and Border Protection", "agency")
    assert run and "CBP" in label_texts(run, "agency")


def test_labels_carry_a_hover_title(article: Report) -> None:
    view = parse_view(render_html(article))
    labels = view.root.xpath("//span[contains(concat(' ', @class, ' '), ' oigx-label ')]")
    assert labels
    for label in labels:
        assert label.get("title") == " ".join(label.text_content().split())


# --- legend, table, links, pages ---------------------------------------------------------------------


def test_legend_has_one_colour_per_kind(report: Report) -> None:
    view = parse_view(render_html(report))
    legend = view.legend()
    assert list(legend) == list(KINDS)
    assert legend == COLORS
    assert len(set(legend.values())) == len(KINDS)
    shown = {kind for word in view.words for kind in word.kinds}
    assert shown == set(KINDS), "every kind appears in the seed documents"


def test_each_table_row_links_to_its_sentence_and_back(report: Report) -> None:
    view = parse_view(render_html(report))
    rows = view.rows()
    assert len(rows) == len(report.findings)
    ids = view.ids()
    for number, row in enumerate(rows, start=1):
        [link] = row.xpath(".//td[@data-label='Finding']/a")
        target = link.get("href").lstrip("#")
        assert target in ids
        [sentence] = view.root.xpath(f"//*[@id='{target}']")
        assert sentence.get("data-finding") == str(number)
        [back] = sentence.xpath("./a[@class='oigx-ref']")
        assert back.get("href") == f"#{row.get('id')}"


def test_table_cells_show_the_findings(pdf_report: Report) -> None:
    view = parse_view(render_html(pdf_report))
    cells = [{td.get("data-label"): " ".join(td.text_content().split()) for td in row.xpath("./td")}
             for row in view.rows()]
    assert {c["Agency"] for c in cells} >= {"DHS", "CBP"}
    assert any("3,014 children → 3014 child · estimate" in c["Counts"] for c in cells)
    assert any("could not be validated → unverified · qualifies 1,233 children" in c["Caveats"] for c in cells)
    assert any("November 2017 → 2017-11-01..2017-11-30 (month)" in c["Dates"] for c in cells)
    assert {c["Page"] for c in cells} == {"1", "2"}
    assert "What We Found" in {c["Section"] for c in cells}


def test_pdf_pages_are_marked_where_they_begin(pdf_report: Report) -> None:
    view = parse_view(render_html(pdf_report))
    assert view.page_markers() == ["Page 1", "Page 2"]
    html = render_html(pdf_report)
    page_two = html.index(">Page 2<")
    for number, finding in enumerate(pdf_report.findings, start=1):
        anchor = html.index(f'data-finding="{number}"')
        assert (anchor > page_two) == (finding.evidence.page == 2), number


def test_html_and_text_have_no_page_markers(article: Report) -> None:
    assert parse_view(render_html(article)).page_markers() == []


# --- self-contained, escaped -----------------------------------------------------------------------------


def test_the_page_fetches_nothing(report: Report) -> None:
    html = render_html(report)
    for forbidden in ("<link", "<script", "@import", "url(", "<img", "<iframe", "<object", "<embed", " src="):
        assert forbidden not in html.lower(), forbidden
    root = parse_view(html).root
    assert all(href.startswith("#") for href in root.xpath("//@href"))


def test_document_text_is_escaped() -> None:
    report = extract('In 2019, DHS could not confirm that 5 <script>alert("x")</script> children were reunited & "safe".')
    html = render_html(report)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    view = parse_view(html)
    assert spelled(view.words) == "".join(report.text.split())


def test_labels_are_escaped() -> None:
    text = 'DHS counted 7 <b>"cases"</b> in 2019.'
    start = text.index("7")
    count = Count('7 <b>"cases"</b>', 7.0, "count", '<b>"case"</b>', None, start, start + 16)
    finding = Finding(None, None, (), (count,), (), Evidence(text, None, 0, len(text)))
    report = Report("<t>", "text", text, Metadata(), (finding,))
    html = render_html(report)
    assert "<b>" not in html
    [label] = parse_view(html).root.xpath("//span[contains(concat(' ', @class, ' '), ' oigx-label ')]")
    assert label.get("title") == '7 <b>"case"</b>'


# --- built from the Report alone ---------------------------------------------------------------------


def test_a_report_loaded_back_from_json_gives_the_same_page(report: Report) -> None:
    loaded = Report.from_dict(json.loads(dumps(report, include_text=True)))
    assert render_html(loaded) == render_html(report)


def test_a_report_saved_without_text_shows_its_finding_sentences(report: Report) -> None:
    loaded = Report.from_dict(json.loads(dumps(report)))
    assert loaded.text == ""
    html = render_html(loaded)
    assert "saved without its text" in html
    assert_every_finding_highlighted(loaded, html)


def test_spans_without_offsets_are_found_in_their_sentence(report: Report) -> None:
    def strip(finding: Finding) -> Finding:
        return dataclasses.replace(
            finding,
            counts=tuple(dataclasses.replace(c, start_char=None, end_char=None) for c in finding.counts),
            dates=tuple(dataclasses.replace(d, start_char=None, end_char=None) for d in finding.dates),
            caveats=tuple(dataclasses.replace(c, start_char=None, end_char=None) for c in finding.caveats),
            deficiency=dataclasses.replace(finding.deficiency, start=None, end=None) if finding.deficiency else None,
        )

    bare = dataclasses.replace(report, findings=tuple(strip(f) for f in report.findings))
    assert [(h.kind, h.start, h.end) for h in highlights(bare)] == [(h.kind, h.start, h.end) for h in highlights(report)]


def test_a_report_without_findings_still_renders(article: Report) -> None:
    html = render_html(dataclasses.replace(article, findings=()))
    assert "No findings." in html
    assert not any(w.kinds for w in parse_view(html).words)


def test_highlights_match_the_text(report: Report) -> None:
    for mark in highlights(report):
        assert report.text[mark.start:mark.end] == mark.text
        assert mark.text == mark.text.strip() and mark.text


# --- in a notebook ----------------------------------------------------------------------------------------


def test_repr_html_is_the_view_as_a_fragment(article: Report) -> None:
    fragment = article._repr_html_()
    assert "<html" not in fragment and "<body" not in fragment
    assert fragment.strip().startswith('<div class="oigx"')
    assert "<style>" in fragment
    assert fragment in render_html(article)


def test_report_stays_a_frozen_slotted_dataclass(article: Report) -> None:
    assert dataclasses.is_dataclass(article)
    assert not hasattr(article, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.source = "x"  # type: ignore[misc]


def test_two_reports_in_one_notebook_do_not_share_anchors(article: Report, pdf_report: Report) -> None:
    ids = [set(re.findall(r'id="([^"]+)"', r._repr_html_())) for r in (article, pdf_report)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]


# --- normalised forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "granularity", "label"),
    [
        (date(2019, 11, 25), date(2019, 11, 25), "day", "2019-11-25"),
        (date(2017, 11, 1), date(2017, 11, 30), "month", "2017-11"),
        (date(2018, 1, 1), date(2018, 12, 31), "year", "2018"),
        (date(1999, 1, 1), date(2004, 12, 31), "range", "1999..2004"),
        (date(2017, 10, 1), date(2018, 9, 30), "fiscal_year", "FY2018 · 2017-10..2018-09"),
        (date(2018, 1, 1), date(2018, 3, 31), "quarter", "2018-01..2018-03"),
        (date(2017, 10, 1), date(2019, 2, 14), "range", "2017-10-01..2019-02-14"),
    ],
)
def test_date_labels(start: date, end: date, granularity: str, label: str) -> None:
    assert date_label(DateMention("x", start, end, granularity)) == label  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "label"),
    [
        (Count("3,014 children", 3014.0, "count", "child", "estimate"), "3014 child · estimate"),
        (Count("$31,000", 31000.0, "money", "USD"), "31000 USD"),
        (Count("12.5 percent", 12.5, "percent", "percent"), "12.5 percent"),
    ],
)
def test_count_labels(count: Count, label: str) -> None:
    assert count_label(count) == label


def test_a_caveat_names_the_counts_it_qualifies_only_across_sentences(article: Report) -> None:
    qualified = qualified_counts(article)
    labels = {}
    for index, finding in enumerate(article.findings):
        for position, caveat in enumerate(finding.caveats):
            labels[(caveat.text, index)] = (
                [c.text for c in qualified[(index, position)]],
                caveat_label(caveat, qualified[(index, position)], elsewhere=not finding.counts),
            )
    by_text = {text: value for (text, _), value in labels.items()}
    assert by_text["couldn't be validated"] == (["1,233 children"], "unverified → 1,233 children")
    assert by_text["estimated"] == (["3,014 children"], "estimate")  # the count's own label says "estimate"
    assert caveat_label(Caveat("could not verify", "unverified"), ()) == "unverified"


def test_agencies_are_found_by_name_without_us_and_by_acronym(article: Report) -> None:
    cbp = next(f for f in article.findings if f.agency and f.agency.acronym == "CBP" and agency_mentions(f))
    found = [cbp.evidence.text[s - cbp.evidence.start: e - cbp.evidence.start] for s, e in agency_mentions(cbp)]
    assert "Customs and Border Protection" in found and "CBP" in found
    generic = next(f for f in article.findings if f.evidence.text.startswith("The agency did adopt"))
    assert generic.agency is not None and agency_mentions(generic) == []
