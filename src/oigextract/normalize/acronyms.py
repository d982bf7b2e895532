"""Schwartz-Hearst acronym matching: does "Customs and Border Protection" define "CBP"?

The algorithm of Schwartz & Hearst (2003), as scispacy uses it: walk the short form from its
last character backwards, finding each character in the long form (the first one at a word
start). Returns the shortest tail of the candidate text that explains the short form.
"""

from __future__ import annotations

import re

_SHORT_FORM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&./-]{1,11}$")


def is_short_form(text: str) -> bool:
    """A plausible acronym: 2-12 characters, a letter, mostly upper case ("CBP", "HHS/ITIO", "C4HCO")."""
    if not _SHORT_FORM.match(text) or not any(c.isalpha() for c in text):
        return False
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if c.isupper()) >= max(2, len(letters) - 2)


def _first_letter(candidate: str, char: str, l_index: int) -> int:
    """Where the long form starts: a capitalised word beginning with ``char`` ("Office of Refugee
    Resettlement", not "of Refugee Resettlement"), else any word beginning with it."""
    starts = [
        i for i in range(l_index, -1, -1)
        if candidate[i].lower() == char and (i == 0 or not candidate[i - 1].isalnum())
    ]
    capitalised = [i for i in starts if candidate[i].isupper()]
    return (capitalised or starts or [-1])[0]


def find_long_form(short: str, candidate: str) -> str | None:
    """The tail of ``candidate`` whose letters spell ``short``; None if it does not."""
    s_index = len(short) - 1
    l_index = len(candidate) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        if s_index == 0:
            l_index = _first_letter(candidate, char, l_index)
        else:
            while l_index >= 0 and candidate[l_index].lower() != char:
                l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    long_form = candidate[start:].strip()
    return long_form if len(long_form.split()) >= 2 or len(long_form) > len(short) + 2 else None
