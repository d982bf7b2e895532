"""Properties of ``extract`` for any input (hypothesis): it returns a ``Report`` or raises ``OigExtractError``
and nothing else; every evidence and part offset slices out its own text; every count is finite; every
date starts no later than it ends; the report survives a JSON round trip.

Settings (the ``oigextract`` profile, loaded here): 100 examples per property, no per-example deadline
(the first example builds the pipeline), the too-slow health check off. ``HYPOTHESIS_PROFILE=thorough``
runs 2,000 examples each. Inputs that once failed are kept in ``.hypothesis/`` (not committed) and
tried first next time; the ones worth keeping forever are in ``@example`` lines.
"""

from __future__ import annotations

import json
import math
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from oigextract import Limits, OigExtractError, Report, extract

settings.register_profile(
    "oigextract", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "oigextract"))

LIMITS = Limits(seconds=120.0)  # a hang detector: a hang fails the example as DocumentTimeoutError

# Pieces of inspector-general prose, and pieces that have broken parsers, to build text from.
NUMBERS = ["3,014", "1,233", "$1.2 million", "$3,400", "40 percent", "one-third", "two", "19 of the 20", "0",
           "1e309", "9" * 400, "$" + "9" * 40 + ".99", "½", "١٢٣", "12.5%", "$0.5 billion", "-7", "1/2", "10:1"]
DATES = ["Oct. 1, 2017", "fiscal year 2019", "FY 2019", "2019 to 2017", "between Oct. 1, 2017, and Feb. 14, 2019",
         "March 2015", "the third quarter of 2016", "last year", "Nov. 5", "calendar years 2014 through 2016",
         "February 30, 2015", "9999", "0001", "1/32/2015", "Q3 FY2020", "from 2019 to 2019", "May"]
CAVEATS = ["an estimated", "could not verify", "at least", "approximately", "may have", "based on a sample",
           "could not be validated", "about", "more than", "no fewer than"]
BODIES = ["CMS", "the Centers for Medicare & Medicaid Services (CMS)", "the Department", "DHS", "the State agency",
          "the Office of Inspector General", "OIG", "Congress", "Acme Hospital, Inc."]
WORDS = ["we", "found", "that", "paid", "children", "claims", "hospitals", "were", "not", "supported", "did",
         "recommend", "concurred", "errors", "improperly", "the", "of", "in", "for", "and", "."]
NOISE = ["\x00", "\x0c", "\u200b", "\ufeff", "\r\n", "\n\n", "\t", "  ", "“", "”", "—", "…", "\ufffd", "<", "&amp;",
         "%PDF-", "(", ")", ";", ":", "-", "$", "%", "\u202e"]

fragments = st.sampled_from(NUMBERS + DATES + CAVEATS + BODIES + WORDS + NOISE)
report_like = st.lists(fragments, min_size=1, max_size=80).map(" ".join)
any_text = st.one_of(st.text(max_size=400), report_like, st.lists(report_like, max_size=6).map("\n\n".join))
WRAPPERS = ["<html><body>{}</body></html>", "<html><head><title>{}</title></head></html>",  # no <body>: fuzz crash 1
            "<html><head>{}</head></html>", "<p>{}", "<!DOCTYPE html><html>{}"]
html_like = st.tuples(
    st.sampled_from(WRAPPERS),
    st.lists(st.sampled_from(["div", "p", "span", "b", "li", "h1", "h2", "td", "article", "script", "font", "title",
                              "head", "body", "table"]), max_size=12),
    report_like,
).map(lambda t: t[0].format("".join(f"<{tag}>" for tag in t[1]) + t[2]
                            + "".join(f"</{tag}>" for tag in reversed(t[1]))))


def _check(report: Report) -> None:
    assert isinstance(report, Report)
    text = report.text
    for finding in report.findings:
        evidence = finding.evidence
        assert 0 <= evidence.start <= evidence.end <= len(text)
        assert text[evidence.start:evidence.end] == evidence.text
        parts = [(c.start_char, c.end_char, c.text) for c in finding.counts]
        parts += [(d.start_char, d.end_char, d.text) for d in finding.dates]
        parts += [(c.start_char, c.end_char, c.text) for c in finding.caveats]
        if finding.deficiency is not None:
            parts.append((finding.deficiency.start, finding.deficiency.end, finding.deficiency.text))
        for start, end, part in parts:
            if start is not None and end is not None:
                assert text[start:end] == part
        for count in finding.counts:
            assert math.isfinite(count.value), count
        for mention in finding.dates:
            assert mention.start <= mention.end, mention
    for recommendation in report.recommendations:
        evidence = recommendation.evidence
        assert text[evidence.start:evidence.end] == evidence.text
        for count in recommendation.counts:
            assert math.isfinite(count.value), count
    assert Report.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def _extract_or_error(source: str | bytes, **options: object) -> None:
    try:
        report = extract(source, limits=LIMITS, **options)  # type: ignore[arg-type]
    except OigExtractError:
        return
    _check(report)


@given(any_text)
@example("The agency paid $" + "9" * 400 + " to 12 hospitals.")  # a number past float range must not be inf
@example("From 2019 to 2017, CMS made 40 errors.")  # a reversed range
@example("We found 1e309 errors in FY 2019.")
def test_any_text(text: str) -> None:
    _extract_or_error(text)


@given(st.binary(max_size=3000))
def test_any_bytes(data: bytes) -> None:
    _extract_or_error(data)


@given(html_like)
def test_any_html(page: str) -> None:
    _extract_or_error(page)


@given(report_like)
def test_text_forced_to_html_and_text(text: str) -> None:
    for kind in ("html", "text"):
        _extract_or_error(text, kind=kind)
