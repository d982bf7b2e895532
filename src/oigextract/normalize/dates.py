"""Date text -> the whole period it names, with dateparser only on spans the rules found.

dateparser runs English-only, never fills a missing day or year from today (the rules decide the
granularity; a month is computed as its first to last day here), and results are cached per text.
Fiscal years and quarters are arithmetic, not parsing: federal FY2018 = 2017-10-01..2018-09-30.
"""

from __future__ import annotations

import calendar
import re
import warnings
from datetime import date
from functools import lru_cache
from typing import Any

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_YEAR_RANGE = (1900, 2100)


def month_number(word: str) -> int | None:
    """"Oct." / "October" / "sept" -> 10 / 10 / 9."""
    key = word.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    return MONTHS.get(key[:3]) if len(key) > 3 and key in _FULL_MONTHS else None


_FULL_MONTHS = {calendar.month_name[i].lower() for i in range(1, 13)}


def valid_year(year: int) -> bool:
    return _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]


def month_period(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def fiscal_year_period(year: int) -> tuple[date, date]:
    """The federal fiscal year: October 1 of the year before to September 30."""
    return date(year - 1, 10, 1), date(year, 9, 30)


def quarter_period(year: int, quarter: int, fiscal: bool = False) -> tuple[date, date]:
    first_month = 3 * (quarter - 1) + 1
    start_year = year
    if fiscal:  # federal FY quarter 1 is October-December of the year before
        first_month = (first_month + 9 - 1) % 12 + 1
        start_year = year - 1 if quarter == 1 else year
    start = date(start_year, first_month, 1)
    end_month = first_month + 2
    return start, date(start_year, end_month, calendar.monthrange(start_year, end_month)[1])


def expand_year(text: str) -> int | None:
    """"2018" -> 2018, "FY18"-style "18" -> 2018 (two digits: 19xx above 50)."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 4:
        year = int(digits)
    elif len(digits) == 2:
        year = 2000 + int(digits) if int(digits) < 50 else 1900 + int(digits)
    else:
        return None
    return year if valid_year(year) else None


@lru_cache(maxsize=8192)
def parse_day(text: str) -> date | None:
    """A full date in any common style ("Oct. 1, 2017", "10/01/2011", "1 October 2011")."""
    cleaned = re.sub(r"\s+", " ", text.strip().rstrip(",."))
    cleaned = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", cleaned)  # "June 5th" -> "June 5"
    cleaned = re.sub(r"^the (\d{1,2}) of ", r"\1 ", cleaned)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", cleaned)
    if iso:
        return _safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", cleaned)
    if numeric:
        year = expand_year(numeric.group(3))
        return _safe_date(year, int(numeric.group(1)), int(numeric.group(2))) if year else None
    named = _named_month_day(cleaned)
    return named if named is not None else _dateparser_day(cleaned)


_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})")


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """English month names and their usual abbreviations ("oct", "sept"), lowercased."""
    numbers = {calendar.month_name[n].lower(): n for n in range(1, 13)}
    numbers.update({calendar.month_abbr[n].lower(): n for n in range(1, 13)})
    numbers["sept"] = 9
    return numbers


def _named_month_day(text: str) -> date | None:
    """"October 1, 2017", "Oct. 1, 2017", "1 October 2017": the common styles without dateparser
    (some 3 ms a call even English-only); anything else, or an unknown word, goes to dateparser."""
    month_first = _MONTH_FIRST.fullmatch(text)
    if month_first:
        word, day, year = month_first.group(1), month_first.group(2), month_first.group(3)
    else:
        day_first = _DAY_FIRST.fullmatch(text)
        if day_first is None:
            return None
        day, word, year = day_first.group(1), day_first.group(2), day_first.group(3)
    month = _month_numbers().get(word.lower())
    if month is None:
        return None
    return _safe_date(int(year), month, int(day))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if valid_year(year) else None


_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "PREFER_DATES_FROM": "past",
    "DATE_ORDER": "MDY",
    "PARSERS": ["absolute-time"],
}


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    """One English-only ``DateDataParser`` for the process: ``dateparser.parse`` with languages or
    settings builds a new one (and checks the settings again) on every call."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import dateparser

        return dateparser.DateDataParser(languages=["en"], settings=_DATEPARSER_SETTINGS)


@lru_cache(maxsize=8192)
def _dateparser_day(text: str) -> date | None:
    parser = _date_parser()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = parser.get_date_data(text)["date_obj"]
        except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
            return None
    if parsed is None or not valid_year(parsed.year):
        return None
    day: date = parsed.date()
    return day
