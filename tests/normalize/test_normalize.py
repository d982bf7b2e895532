"""The pure normalisers, tested directly (the components are thin shells over them)."""

from __future__ import annotations

from datetime import date

import pytest

from oigextract.normalize.acronyms import find_long_form, is_short_form
from oigextract.normalize.dates import fiscal_year_period, month_period, parse_day, quarter_period
from oigextract.normalize.numbers import parse_number
from oigextract.normalize.units import singular


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,014", 3014), ("11.3 million", 11_300_000), ("$4.5 billion", 4_500_000_000), ("1M", 1_000_000),
        ("250K", 250_000), ("three hundred", 300), ("a dozen", 12), ("three dozen", 36),
        ("one hundred and five", 105), ("twenty-five", 25), ("one and one-half", 1.5),
        ("two-thirds", 66.67), ("half", 50), ("2 bilion", 2_000_000_000),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "A damning", "a mix", "we", "to"])
def test_parse_number_rejects_words(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Oct. 1, 2017", date(2017, 10, 1)), ("October 1, 2011", date(2011, 10, 1)),
        ("10/01/2011", date(2011, 10, 1)), ("2011-10-01", date(2011, 10, 1)),
        ("1 October 2011", date(2011, 10, 1)), ("Sept. 30, 2015", date(2015, 9, 30)),
        ("June 5th, 2017", date(2017, 6, 5)),
    ],
)
def test_parse_day(text: str, day: date) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["we", "may", "Do you have a car", "100M", "of 629", "to", "February 30, 2019"])
def test_parse_day_never_invents_a_date(text: str) -> None:
    assert parse_day(text) is None


def test_periods() -> None:
    assert month_period(2016, 2) == (date(2016, 2, 1), date(2016, 2, 29))
    assert fiscal_year_period(2018) == (date(2017, 10, 1), date(2018, 9, 30))
    assert quarter_period(2019, 1) == (date(2019, 1, 1), date(2019, 3, 31))
    assert quarter_period(1997, 1, fiscal=True) == (date(1996, 10, 1), date(1996, 12, 31))


@pytest.mark.parametrize(
    ("word", "lemma", "unit"),
    [("children", "child", "child"), ("reunifications", None, "reunification"), ("States", "State", "state"),
     ("people", "people", "person"), ("facilities", "facility", "facility"), ("status", None, "status")],
)
def test_singular(word: str, lemma: str | None, unit: str) -> None:
    assert singular(word, lemma) == unit


@pytest.mark.parametrize(
    ("short", "text", "long_form"),
    [
        ("CBP", "officers of U.S. Customs and Border Protection", "Customs and Border Protection"),
        ("ORR", "transferred to the Office of Refugee Resettlement", "Office of Refugee Resettlement"),
        ("WPS", "paid by Wisconsin Physicians Service", "Wisconsin Physicians Service"),
    ],
)
def test_find_long_form(short: str, text: str, long_form: str) -> None:
    assert find_long_form(short, text) == long_form


def test_find_long_form_rejects_unrelated_text() -> None:
    assert find_long_form("CBP", "the hospital billed Medicare") is None


@pytest.mark.parametrize(("text", "expected"), [("CBP", True), ("HHS/ITIO", True), ("C4HCO", True), ("networks", False), ("a", False)])
def test_is_short_form(text: str, expected: bool) -> None:
    assert is_short_form(text) is expected
