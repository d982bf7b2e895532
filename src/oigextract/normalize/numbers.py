"""Number text -> float. Digits are read directly; spelled-out numbers go to quantulum3.

quantulum3 is only ever given the number phrase a rule found ("three hundred"), never a sentence:
on whole text it reads "A damning" as 1 decametre. Where it is wrong ("a dozen" -> 1 dozen,
"one and one-half" -> 0.5) the word table in data/number_words.jsonl or the compound rule wins.
"""

from __future__ import annotations

import math
import re
import warnings
from functools import lru_cache

from ..data_files import load_rows

_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mil": 1e6, "mn": 1e6,
    "billion": 1e9, "b": 1e9, "bn": 1e9, "trillion": 1e12, "t": 1e12,
    "milion": 1e6, "bilion": 1e9,  # as a text layer with a lost ligature or OCR spells them
}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}


@lru_cache(maxsize=1)
def word_table() -> dict[str, tuple[float | None, str]]:
    """Number words and fractions from data/number_words.jsonl: word -> (value, kind)."""
    return {
        str(row["word"]).lower(): (None if row["value"] is None else float(row["value"]), str(row["kind"]))
        for row in load_rows("number_words.jsonl")
    }


def _digits(text: str) -> float | None:
    cleaned = text.replace(" ", "")
    if _DIGITS.match(cleaned):
        return float(cleaned.replace(",", ""))
    return None


def _small_words(text: str) -> float | None:
    """"twenty-five", "one hundred and five", "three hundred" without a parser."""
    words = re.split(r"[\s-]+", text.lower().replace(" and ", " "))
    total, current = 0.0, 0.0
    for word in words:
        if word in _SMALL:
            current += _SMALL[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * _SCALES[word]
            current = 0.0
        elif word in ("a", "an"):
            current += 0
        else:
            return None
    value = total + current
    return value if value or "zero" in words else None


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """Value of a number phrase: "3,014" -> 3014, "1.2 million" -> 1.2e6, "a dozen" -> 12.

    Returns None when the phrase is not a number. Never raises; results are finite.
    """
    phrase = text.strip().lower().lstrip("$").strip()
    if not phrase:
        return None
    table = word_table()
    if phrase in table:
        return table[phrase][0]
    value = _digits(phrase)
    if value is None:
        parts = phrase.rsplit(None, 1)
        if len(parts) == 2 and parts[1] in _SCALES:
            base = _digits(parts[0])
            if base is None:
                base = _small_words(parts[0])
            value = base * _SCALES[parts[1]] if base is not None else None
        else:
            glued = re.match(r"^(\d+(?:\.\d+)?)([kmbt]|bn|mn)$", phrase)
            if glued:
                value = float(glued.group(1)) * _SCALES[glued.group(2)]
    if value is None:
        value = _compound_fraction(phrase)
    if value is None:
        value = _small_words(phrase)
    if value is None:
        value = _quantulum(phrase)
    if value is None or not math.isfinite(value):
        return None
    return value


def _compound_fraction(phrase: str) -> float | None:
    """"one and one-half" -> 1.5 (quantulum3 answers 0.5)."""
    match = re.match(r"^(.+?) and (?:a|one)[ -](half|quarter|third)$", phrase)
    if not match:
        return None
    whole = _small_words(match.group(1)) or _digits(match.group(1))
    share = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}[match.group(2)]
    return whole + share if whole is not None else None


@lru_cache(maxsize=4096)
def _quantulum(phrase: str) -> float | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        try:
            quantities = parser.parse(phrase)
        except Exception:  # noqa: BLE001 - quantulum3 raises assorted errors on odd input
            return None
    if len(quantities) != 1:
        return None
    quantity = quantities[0]
    if quantity.unit.name not in ("dimensionless", "dollar"):
        return None
    value = float(quantity.value)
    return value if math.isfinite(value) else None
