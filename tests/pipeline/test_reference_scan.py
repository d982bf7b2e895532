"""Reference patterns are found exactly where Python's ``re`` finds the patterns as written.

data/references.jsonl holds ``re`` patterns. 76b1802 searched case-sensitive ones that start with
``\\b`` without it and checked the boundary in Python; a353b3d replaced that with the ``regex``
package in its ``re``-compatible mode (VERSION0), documented as giving the same matches. Either way,
the hits of ``reference_patterns()`` must equal ``re.finditer`` of each row: on strings written to
break a boundary check (hits inside words, at the string's edges, back to back, after non-ASCII
letters, digits and underscores), on random strings made of the patterns' own pieces, and on the
fixture texts.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from conftest import fixture_texts
from oigextract.data_files import load_rows
from oigextract.pipeline import references

Hit = tuple[tuple[int, int], tuple[Any, ...]]

ROWS = load_rows("references.jsonl")
ORACLE = [re.compile(row["pattern"], re.IGNORECASE if row.get("ignore_case") else 0) for row in ROWS]
IDS = [f"{index}-{row['label']}" for index, row in enumerate(ROWS)]


def _hits(matches: Any) -> list[Hit]:
    return [(match.span(), match.groups()) for match in matches]


def _scan(index: int, text: str) -> list[Hit]:
    """Hits of row ``index`` as find_references searches for them."""
    return _hits(references.reference_patterns()[index][1].finditer(text))


def _assert_same(index: int, text: str) -> None:
    assert _scan(index, text) == _hits(ORACLE[index].finditer(text)), (ROWS[index]["pattern"], text)


def test_reference_patterns_are_the_data_rows() -> None:
    patterns = references.reference_patterns()
    assert [label for label, _ in patterns] == [row["label"] for row in ROWS]
    assert [pattern.pattern for _, pattern in patterns] == [row["pattern"] for row in ROWS]


ADVERSARIAL = [
    "",
    "GAO-12-345",
    "XGAO-12-345",  # a hit inside a word: not at a boundary
    "xGAO-12-345 and GAO-12-345",
    "GAO-12-345X",
    "9GAO-12-345",
    "_GAO-12-345",  # "_" is a word character
    "GAO-12-345_",
    "éGAO-06-1046 ÉGAO-06-1046 ßGAO-06-1046 ØGAO-06-1046",  # non-ASCII letters are word characters
    "—GAO-06-1046—",
    "(GAO-06-1046)",
    "report GAO-06-1046",
    "GAO-06-1046GAO-06-1047",
    "A-01-02-00001A-01-02-00002",
    "A-01-02-00001 A-01-02-00002",
    "A-01-02-00001,A-01-02-00002.",
    "XA-01-02-00001 OEI-02-14-00490 xOEI-02-14-00490 OAS-01-02-00003",
    "OIG-20-06 DODIG-2019-088 DOD-IG-2019-088 GAO/HEHS-98-12 xDODIG-2019-088",
    "DODIG-2019-088-123A DODIG-2019-088-123AB",
    "Title XIX Title IV-A Title IVX xTitle XIX TitleXIX Title XIXb",
    "Form CMS-2552-10 CMS-1500 SF-424 xForm 1099 Schedule H Worksheet S-10 Circular A-133 OMB Circular A-87",
    "CMS1500 HCFA-1500A _CMS-1500 éCMS-1500",
    "COVID-19 SARS-CoV-2 H1N1 Y2K Vision 2020 Healthy People 2030 xcovid-19",
    "Part B Parts C xPart B Part BB Parts A and D",
    "1-800-HHS-TIPS 1-800-447-8477 x1-800-HHS-TIPS 21-800-HHS-TIPS (202) 619-1343",
    "see www.oig.hhs.gov/reports or https://oig.hhs.gov; xwww.example.com _http://x",
    "Baltimore, MD 21244-1850 xMD 21244 MD  21244 Washington DC 20201",
    "330 Independence Avenue 7500 Security Boulevard x12 Main Street 123 Main Street",
    "42 CFR 413.20(a) x42 CFR 1 42 U.S.C. § 1395 section 1128(b)(7) casino. no. 5",
    "Public Law 111-148 xPL 111-148 aged 65 to 74 x65-year-olds 10:30 a.m.",
    "Review of Hospital Wage Data, (A-09-16-02015)",
    "Medicare-123 Medicare-123abc MedicareA-1 xMedicare-1 Ab-Cd-12",
    "GAO-06-1046T GAO-06-1046TTTT GAO-06-1046 GAO-06-",
    "end of text GAO-06-1046",
    "GAO-06-1046 start of text",
    "A-01-02-00001",
    "\nGAO-06-1046\n\tGAO-06-1047\r\n",
    "Letter 3\nPage iv\n12 The findings\n3. Next (a) item 2) more",
]


@pytest.mark.parametrize("index", range(len(ROWS)), ids=IDS)
def test_scan_matches_re_on_adversarial_strings(index: int) -> None:
    for text in ADVERSARIAL:
        _assert_same(index, text)


# Non-ASCII letters, digits and spaces on which ``re`` and Unicode-property engines agree.
UNICODE_AGREED = [
    "éGAO-06-1046 ÉGAO-06-1046 ßGAO-06-1046 ØGAO-06-1046 日GAO-06-1046 GAO-06-1046日",
    "٣GAO-06-1046 ⅣGAO-06-1046 GAO-06-١٠٤٦ GAO-٠٦-1046",  # Arabic-Indic digits, a Roman numeral
    "Title\u00a0XIX 12\u2009CFR 400 \u3000GAO-06-1046 GAO-06-1046\u3000x",  # no-break, thin, ideographic spaces
]


@pytest.mark.parametrize("index", range(len(ROWS)), ids=IDS)
def test_scan_matches_re_around_non_ascii_letters_digits_and_spaces(index: int) -> None:
    for text in UNICODE_AGREED:
        _assert_same(index, text)


# Where ``re`` (str.isalnum/isspace) and engines that follow Unicode's properties (the ``regex``
# package) disagree: superscript and fraction digits (footnote markers), combining marks (decomposed
# accents), the zero-width joiner and connector punctuation, and the separators \x1c-\x1f.
UNICODE_DIVERGENT = [
    "²GAO-06-1046", "GAO-06-1046²", "½GAO-06-1046", "¾Title XIX", "COVID-19²",
    "\u0301GAO-06-1046", "GAO-06-1046\u0301", "e\u0301GAO-06-1046", "Medicare-123\u0301",
    "x\u200dGAO-06-1046", "‿GAO-06-1046", "GAO-06-1046‿",
    "12\x1cCFR 400", "aged\x1f12", "Title\x1dXIX",
]


def test_scan_differs_from_re_only_as_documented_around_unicode_properties() -> None:
    """The ``regex`` engine's \\w, \\b and \\s follow Unicode properties; ``re`` uses str.isalnum and
    str.isspace. docs/rules.md states the consequence: around superscript or fraction digits, combining
    marks, the zero-width joiner, connector punctuation and \\x1c-\\x1f the two disagree. Pinned here so
    that a change of engine or of these patterns shows up."""
    differ = {text for text in UNICODE_DIVERGENT for index in range(len(ROWS))
              if _scan(index, text) != _hits(ORACLE[index].finditer(text))}
    assert "GAO-06-1046²" in differ  # a report number before a footnote marker: found by regex only
    assert "e\u0301GAO-06-1046" in differ  # after a decomposed accent: found by re only
    assert all(_scan(index, text) == _hits(ORACLE[index].finditer(text))
               for text in UNICODE_AGREED + ADVERSARIAL for index in range(len(ROWS)))


def test_adversarial_strings_exercise_the_boundary() -> None:
    """Guard for the tests above: without its leading \\b a pattern hits inside words where it does not
    with it, so a scan that dropped the boundary check would fail them."""
    stripped = [(re.compile(oracle.pattern[2:]), oracle) for oracle in ORACLE
                if oracle.pattern.startswith("\\b") and not oracle.flags & re.IGNORECASE]
    found = rejected = 0
    for text in ADVERSARIAL + UNICODE_AGREED + UNICODE_DIVERGENT:
        for without, oracle in stripped:
            starts = {hit.start() for hit in oracle.finditer(text)}
            found += len(starts)
            rejected += sum(1 for hit in without.finditer(text) if hit.start() not in starts)
    assert found > 50
    assert rejected > 15


def _fragment_strings(count: int, seed: int) -> list[str]:
    pieces = [
        "GAO", "OEI", "A", "OIG", "DODIG", "-", "-", "/", "12", "06", "1046", "00001", "2019", "X", "x", "é", "_",
        " ", " ", "\n", "Title", "XIX", "IV", "Form", "CMS", "Schedule", "No. ", "1-800-", "HHS", "TIPS",
        "www.", "https://", "Part", "Parts", "B", "MD", "21244", "Street", "Avenue", "Main", "ß", ".", ",",
        "(", ")", "COVID", "Vision", "T", "CFR", "section", "aged", "year", "old", ":", "30", "code",
        # whole hits, so that random neighbours land right before and after them
        "GAO-12-345", "A-01-02-00001", "OEI-02-14-00490", "DODIG-2019-088", "Title XIX", "Part B", "MD 21244",
        "123 Main Street", "Form CMS-1500", "1-800-HHS-TIPS", "www.oig.hhs.gov", "COVID-19", "12 Title",
    ]
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(count)]


RANDOM_STRINGS = _fragment_strings(1500, seed=20240601)


@pytest.mark.parametrize("index", range(len(ROWS)), ids=IDS)
def test_scan_matches_re_on_random_fragment_strings(index: int) -> None:
    for text in RANDOM_STRINGS:
        _assert_same(index, text)


def test_random_fragment_strings_hit_the_boundary_patterns() -> None:
    """Guard: the random strings do contain hits of most case-sensitive \\b patterns."""
    boundary = [oracle for oracle in ORACLE if oracle.pattern.startswith("\\b") and not oracle.flags & re.IGNORECASE]
    hit = [oracle for oracle in boundary if any(oracle.search(text) for text in RANDOM_STRINGS)]
    assert len(hit) >= len(boundary) - 2, [oracle.pattern for oracle in boundary if oracle not in hit]


FIXTURE_TEXTS = list(fixture_texts())


def test_scan_matches_re_on_fixture_texts() -> None:
    joined = "\n".join(FIXTURE_TEXTS)  # one long text: hits at many offsets
    for index in range(len(ROWS)):
        _assert_same(index, joined)
    for text in FIXTURE_TEXTS:  # each text alone: hits at the very start and end of a string
        for index in range(len(ROWS)):
            _assert_same(index, text)
    boundary_hits = sum(len(oracle.findall(joined)) for oracle in ORACLE
                        if oracle.pattern.startswith("\\b") and not oracle.flags & re.IGNORECASE)
    assert boundary_hits > 20
