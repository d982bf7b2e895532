"""Date candidates from token patterns (data/date_patterns.jsonl), normalised to whole periods.

The Matcher decides what a span is (a day, a month, a fiscal year ...); dateparser only reads the
day of a full date. Years inside names ("Recovery Act of 2009") and anything inside a reference
span (report numbers, citations) are dropped; two dates joined by "through"/"and" after
"from"/"between" become one range.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..data_files import load_rows
from ..normalize.dates import (
    expand_year,
    fiscal_year_period,
    month_number,
    month_period,
    parse_day,
    quarter_period,
    year_period,
)
from ..types import DateMention, Granularity
from .extensions import SPAN_KEYS
from .patterns import build_matcher

Period = tuple[date, date, Granularity]
_YEARS = re.compile(r"(?:19|20)\d\d")
_MAX_RANGE_GAP = 25
_RELATIVE_LABELS = frozenset({
    "DAY_NO_YEAR", "MONTH_NO_YEAR", "RELATIVE_YEAR", "RELATIVE_MONTH", "RELATIVE_QUARTER", "RELATIVE_FY",
    "RELATIVE_DAY", "WEEKDAY",
})
_SHIFTS = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@lru_cache(maxsize=1)
def date_context() -> dict[str, tuple[str, ...]]:
    return {row["position"]: tuple(row["words"]) for row in load_rows("date_context.jsonl")}


def period_for(label: str, span: Span, doc_date: date | None = None) -> Period | None:
    """The period a matched span covers, by its pattern label; None when it does not parse.

    Dates without a year ("Nov. 5", "In August") and relative ones ("last year") need the
    document's own date; without it they are skipped, never filled in from today.
    """
    text = span.text
    if label in _RELATIVE_LABELS:
        return _relative(label, span, doc_date)
    years = [int(y) for y in _YEARS.findall(text)]
    if label == "DAY_RANGE":
        return _day_range(span, years)
    if label == "QUARTER_RANGE":
        return _quarter_range(span, years)
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


def _relative(label: str, span: Span, doc_date: date | None) -> Period | None:
    if doc_date is None:
        return None
    shift = _SHIFTS.get(span[0].lower_, 0)
    if label == "RELATIVE_YEAR":
        return (*year_period(doc_date.year + shift), "year")
    if label == "RELATIVE_MONTH":
        index = doc_date.year * 12 + doc_date.month - 1 + shift
        return (*month_period(index // 12, index % 12 + 1), "month")
    if label == "RELATIVE_QUARTER":
        index = doc_date.year * 4 + (doc_date.month - 1) // 3 + shift
        return (*quarter_period(index // 4, index % 4 + 1), "quarter")
    if label == "RELATIVE_FY":
        current = doc_date.year + (1 if doc_date.month >= 10 else 0)
        return (*fiscal_year_period(current + shift), "fiscal_year")
    if label == "RELATIVE_DAY":
        day = doc_date - timedelta(days=1)
        return day, day, "day"
    if label == "WEEKDAY":
        wanted = _WEEKDAYS.index(span[-1].lower_)
        back = (doc_date.weekday() - wanted) % 7 or 7  # the most recent such day before the document
        day = doc_date - timedelta(days=back)
        return day, day, "day"
    month = _first_month(span)
    if month is None:
        return None
    year = doc_date.year
    if label == "DAY_NO_YEAR":
        day_number = next((int(t.text) for t in span if t.is_digit), None)
        if day_number is None:
            return None
        try:
            day = date(year, month, day_number)
            if day > doc_date + timedelta(days=7):
                day = date(year - 1, month, day_number)
        except ValueError:
            return None
        return day, day, "day"
    start, end = month_period(year, month)
    if start > doc_date:
        start, end = month_period(year - 1, month)
    return start, end, "month"


def _day_range(span: Span, years: list[int]) -> Period | None:
    """"March 4-15, 2019": two days of one month."""
    month = _first_month(span)
    days = [int(d) for d in re.findall(r"\b(\d{1,2})\b", span.text.replace("–", "-"))[:2]]
    if month is None or not years or len(days) < 2:
        return None
    try:
        return date(years[-1], month, days[0]), date(years[-1], month, days[1]), "range"
    except ValueError:
        return None


def _quarter_range(span: Span, years: list[int]) -> Period | None:
    """"the second and third quarters of 2004": one period from the first quarter named to the last."""
    numbers = [_QUARTERS[t.lower_] for t in span if t.lower_ in _QUARTERS]
    if len(numbers) < 2 or not years:
        return None
    fiscal = any(t.lower_ in {"fiscal", "fy"} for t in span)
    return quarter_period(years[-1], numbers[0], fiscal)[0], quarter_period(years[-1], numbers[-1], fiscal)[1], "range"


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
    fiscal = any(w in {"fiscal", "fy"} or w.startswith("fy") for w in words)
    return (*quarter_period(years[-1], number, fiscal), "quarter")


def _since(span: Span, period: Period, doc_date: date | None) -> Period:
    """"Since 2012" in a document of March 2014 is 2012-01-01..2014-03-25."""
    if doc_date is None or span.start == 0 or span.doc[span.start - 1].lower_ != "since":
        return period
    return (period[0], doc_date, "range") if doc_date > period[1] else period


def _in_name(span: Span) -> bool:
    """A year inside a name ("Recovery Act of 2009"), or a non-federal fiscal year ("State fiscal year 2002")."""
    context = date_context()
    doc = span.doc
    if span.label_ in ("FY", "FY_RANGE") and span.start > 0:
        if doc[span.start - 1].lower_ in context.get("before_fiscal", ()):
            return True
    before = " ".join(t.lower_ for t in doc[max(span.start - 2, 0): span.start])
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if any(before.endswith(word) for word in context.get("before", ())):
        return True
    return after in context.get("after", ())


def _covered(spans: list[Span]) -> set[int]:
    """The token indices the spans cover (a set, so the overlap test below is not quadratic)."""
    return {i for span in spans for i in range(span.start, span.end)}


def _overlaps(span: Span, covered: set[int]) -> bool:
    return any(i in covered for i in range(span.start, span.end))


class DateFinder:
    """Finds and normalises the date spans of a Doc."""

    def __init__(self, nlp: Language) -> None:
        self.matcher, self.rows = build_matcher(nlp.vocab, "date_patterns.jsonl")

    def __call__(self, doc: Doc) -> Doc:
        refs = _covered(list(doc.spans.get(SPAN_KEYS["refs"], [])))
        candidates: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            row = self.rows[match_id]
            if row.get("trim_first"):
                start += 1
            if row.get("trim_last"):
                end -= 1
            span = Span(doc, start, end, label=row["label"])
            if not _overlaps(span, refs):
                candidates.append(span)
        spans = []
        for span in filter_spans(candidates):
            if _in_name(span):
                continue
            period = period_for(span.label_, span, doc._.oig_doc_date)
            if period is None:
                continue
            period = _since(span, period, doc._.oig_doc_date)
            if period[0] > period[1]:
                continue  # "2019 to 2017": not a period a reader can place
            span._.oig_date = DateMention(span.text, period[0], period[1], period[2], span.start_char, span.end_char)
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
            between = _words_between(doc, span.end, nxt.start, max(1, _MAX_RANGE_GAP))
            opener = _opened(doc, span.start, opens)
            both_years = span._.oig_date.granularity == nxt._.oig_date.granularity == "year"
            joined_here = len(between) == 1 and between[0].lower_ in joins and (
                opener or between[0].lower_ != "and" or both_years
            )
            # "from July 1, 2013, when almost all funds were disbursed, through September 30, 2015"
            interrupted = (
                opener and len(between) <= _MAX_RANGE_GAP and between and between[-1].lower_ in {"through", "to", "until"}
                and span.sent == nxt.sent and doc[_opener_index(doc, span.start, opens)].lower_ == "from"
            )
            if joined_here or interrupted:
                first, second = span._.oig_date, nxt._.oig_date
                if first.start <= second.end:
                    start = _opener_index(doc, span.start, opens) if opener else span.start
                    joined = Span(doc, start, nxt.end, label="RANGE")
                    joined._.oig_date = DateMention(
                        joined.text, first.start, second.end, "range", joined.start_char, joined.end_char
                    )
                    merged.append(joined)
                    index += 2
                    continue
        merged.append(span)
        index += 1
    return merged


def _words_between(doc: Doc, start: int, end: int, most: int) -> list[Token]:
    """The tokens from ``start`` to ``end`` other than "," and "the"; all of them only when they
    are at most ``most`` (a longer gap never joins a range; reading every gap read the whole text)."""
    words: list[Token] = []
    for index in range(start, end):
        token = doc[index]
        if token.text != "," and token.lower_ != "the":
            words.append(token)
            if len(words) > most:
                break
    return words


def _opener_index(doc: Doc, start: int, opens: set[str]) -> int:
    """Index of "from"/"between" before a date, allowing "the" between ("from the third quarter")."""
    index = start - 1
    if index > 0 and doc[index].lower_ == "the":
        index -= 1
    return index if index >= 0 and doc[index].lower_ in opens else start


def _opened(doc: Doc, start: int, opens: set[str]) -> bool:
    return _opener_index(doc, start, opens) != start


@Language.factory("oig_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder(nlp)
