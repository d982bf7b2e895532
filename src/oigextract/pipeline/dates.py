"""Date candidates from token patterns (data/date_patterns.jsonl), normalised to whole periods.

The Matcher decides what a span is (a day, a month, a fiscal year ...); dateparser only reads the
day of a full date. Years inside names ("Recovery Act of 2009") and anything inside a reference
span (report numbers, citations) are dropped; two dates joined by "through"/"and" after
"from"/"between" become one range.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data_files import load_rows
from ..normalize.dates import (
    expand_year, fiscal_year_period, month_number, month_period, parse_day, quarter_period,
    year_period,
)
from ..types import DateMention, Granularity
from .extensions import SPAN_KEYS
from .patterns import build_matcher

Period = tuple[date, date, Granularity]
_YEARS = re.compile(r"(?:19|20)\d\d")
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@lru_cache(maxsize=1)
def date_context() -> dict[str, tuple[str, ...]]:
    return {row["position"]: tuple(row["words"]) for row in load_rows("date_context.jsonl")}


def period_for(label: str, span: Span) -> Period | None:
    """The period a matched span covers, by its pattern label; None when it does not parse."""
    text = span.text
    years = [int(y) for y in _YEARS.findall(text)]
    if label == "DAY":
        day = parse_day(text)
        return (day, day, "day") if day else None
    if label == "MONTH":
        month = _first_month(span)
        if month is None:
            slash = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
            if not slash:
                return None
            month, years = int(slash.group(1)), [int(slash.group(2))]
        return (*month_period(years[-1], month), "month") if years else None
    if label == "MONTH_RANGE":
        months = [m for m in (month_number(t.text) for t in span) if m]
        if len(months) < 2 or not years:
            return None
        return month_period(years[-1], months[0])[0], month_period(years[-1], months[1])[1], "range"
    if label == "YEAR":
        return (*year_period(years[0]), "year") if years else None
    if label in ("YEAR_RANGE", "CY_RANGE"):
        return (year_period(years[0])[0], year_period(years[-1])[1], "range") if len(years) >= 2 else None
    if label == "CY":
        return (*year_period(years[0]), "year") if years else None
    if label in ("FY", "FY_RANGE"):
        fiscal = _fiscal_years(text)
        if not fiscal:
            return None
        start, end = fiscal_year_period(fiscal[0])[0], fiscal_year_period(fiscal[-1])[1]
        return start, end, "fiscal_year" if len(fiscal) == 1 else "range"
    if label == "QUARTER":
        return _quarter(span, years)
    return None


def _first_month(span: Span) -> int | None:
    for token in span:
        number = month_number(token.text)
        if number:
            return number
    return None


def _fiscal_years(text: str) -> list[int]:
    found = []
    for piece in re.findall(r"(?:FY-?)?((?:19|20)?\d\d)\b", text, flags=re.IGNORECASE):
        year = expand_year(piece)
        if year:
            found.append(year)
    return found


def _quarter(span: Span, years: list[int]) -> Period | None:
    if not years:
        return None
    words = [t.lower_ for t in span]
    number = next((_QUARTERS[w] for w in words if w in _QUARTERS), None)
    if number is None:
        q = re.search(r"\bQ([1-4])\b", span.text)
        number = int(q.group(1)) if q else None
    if number is None:
        return None
    fiscal = "fiscal" in words or "fy" in words
    return (*quarter_period(years[-1], number, fiscal), "quarter")


def _in_name(span: Span) -> bool:
    context = date_context()
    doc = span.doc
    before = " ".join(t.lower_ for t in doc[max(span.start - 2, 0): span.start])
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if any(before.endswith(word) for word in context.get("before", ())):
        return True
    return after in context.get("after", ())


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


class DateFinder:
    """Finds and normalises the date spans of a Doc."""

    def __init__(self, nlp: Language) -> None:
        self.matcher, self.rows = build_matcher(nlp.vocab, "date_patterns.jsonl")

    def __call__(self, doc: Doc) -> Doc:
        refs = list(doc.spans.get(SPAN_KEYS["refs"], []))
        candidates: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            row = self.rows[match_id]
            if row.get("trim_first"):
                start += 1
            span = Span(doc, start, end, label=row["label"])
            if not _overlaps(span, refs):
                candidates.append(span)
        spans = []
        for span in filter_spans(candidates):
            if _in_name(span):
                continue
            period = period_for(span.label_, span)
            if period is None:
                continue
            span._.oig = DateMention(span.text, period[0], period[1], period[2], span.start_char, span.end_char)
            spans.append(span)
        doc.spans[SPAN_KEYS["dates"]] = merge_ranges(doc, spans)
        return doc


def merge_ranges(doc: Doc, spans: list[Span]) -> list[Span]:
    """"from X through Y" / "between X and Y" / "X-Y" -> one range span covering both."""
    context = date_context()
    joins = set(context.get("range_join", ()))
    opens = set(context.get("range_open", ()))
    merged: list[Span] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        nxt = spans[index + 1] if index + 1 < len(spans) else None
        if nxt is not None:
            between = [t for t in doc[span.end: nxt.start] if t.text != ","]
            opener = span.start > 0 and doc[span.start - 1].lower_ in opens
            if len(between) == 1 and between[0].lower_ in joins and (opener or between[0].lower_ != "and"):
                first, second = span._.oig, nxt._.oig
                if first.start <= second.end:
                    start = span.start - 1 if opener else span.start
                    joined = Span(doc, start, nxt.end, label="RANGE")
                    joined._.oig = DateMention(
                        joined.text, first.start, second.end, "range", joined.start_char, joined.end_char
                    )
                    merged.append(joined)
                    index += 2
                    continue
        merged.append(span)
        index += 1
    return merged


@Language.factory("oig_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder(nlp)
