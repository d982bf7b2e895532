"""Fast paths added for speed, each against the slow code it stands in for.

* ``parse_day``: "Month D, YYYY" / "D Month YYYY" dates are read without dateparser; the answer must
  be dateparser's (``_dateparser_day``) on the same string, invalid dates and years included.
* ``singular_of_plural`` / ``singular``: spaCy's lemma tables instead of inflect, with the plurals of
  data/irregular_plurals.jsonl (and a user's extra file under ``OIGEXTRACT_DATA_DIR``) first.
* ``compile_pattern``: the rule files' patterns compiled with ``regex`` (``re``'s syntax).
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES
from oigextract.data_files import EXTRA_DATA_ENV, compile_pattern, load_rows
from oigextract.errors import ConfigurationError
from oigextract.normalize import dates
from oigextract.normalize.dates import _dateparser_day, parse_day
from oigextract.normalize.units import _irregular_plurals, singular, singular_of_plural

# --- dates ----------------------------------------------------------------------------------------

FAST_STYLES = [
    ("October 1, 2017", date(2017, 10, 1)),
    ("Oct. 1, 2017", date(2017, 10, 1)),
    ("Sept. 30, 2019", date(2019, 9, 30)),
    ("Sept 30, 2019", date(2019, 9, 30)),
    ("Sep. 30, 2019", date(2019, 9, 30)),
    ("May 5, 2018", date(2018, 5, 5)),
    ("December 31 2099", date(2099, 12, 31)),
    ("JANUARY 2, 1900", date(1900, 1, 2)),
    ("february 29, 2016", date(2016, 2, 29)),
    ("1 October 2017", date(2017, 10, 1)),
    ("3 Jun. 2018", date(2018, 6, 3)),
    ("03 June, 2018", date(2018, 6, 3)),
    ("14 Sept 2020", date(2020, 9, 14)),
]


def _fast_only(text: str) -> date | None:
    """``parse_day`` without its cache and with dateparser made unreachable: the fast path's own answer."""
    def refuse(_: str) -> date | None:
        raise AssertionError(f"{text!r} went to dateparser")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dates, "_dateparser_day", refuse)
        result: date | None = parse_day.__wrapped__(text)
    return result


@pytest.mark.parametrize(("text", "expected"), FAST_STYLES)
def test_common_styles_take_the_fast_path_and_agree_with_dateparser(text: str, expected: date) -> None:
    assert _fast_only(text) == expected
    assert _dateparser_day(text) == expected
    assert parse_day(text) == expected


def test_every_month_word_and_style_agrees_with_dateparser() -> None:
    """All month names and abbreviations, in both orders, with and without comma and full stop, on
    days that exist in some months only (29-31) and years at and past the ends of the valid range."""
    words = ["Sept", "Sept."]
    for month in range(1, 13):
        words += [calendar.month_name[month], calendar.month_abbr[month] + ".", calendar.month_abbr[month].upper()]
    texts = []
    for index, word in enumerate(words):
        day = (1, 29, 30, 31)[index % 4]
        year = (2019, 2016, 1900, 2100, 1899, 2101)[index % 6]
        texts += [f"{word} {day}, {year}", f"{day} {word} {year}"]
    found = 0
    for text in texts:
        fast = dates._named_month_day(text)
        assert fast == _dateparser_day(text), text
        assert parse_day(text) == fast, text
        found += fast is not None
    assert found > len(texts) // 3  # most of them are real dates


def test_day_dates_of_the_case_table_agree_with_dateparser() -> None:
    """Every day-granularity date written in fixtures/cases/dates.jsonl that the fast path reads."""
    spans: set[str] = set()
    for line in (FIXTURES / "cases" / "dates.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            spans.update(item["text"] for item in json.loads(line)["expected"] if item["granularity"] == "day")
    cleaned = [re.sub(r"\s+", " ", span.strip().rstrip(",.")) for span in spans]
    fast = [(text, dates._named_month_day(text)) for text in cleaned]
    read = [(text, value) for text, value in fast if value is not None]
    assert len(read) >= 10
    for text, value in read:
        assert value == _dateparser_day(text), text


@pytest.mark.parametrize("text", ["Feb. 30, 2019", "February 29, 2019", "30 February 2019", "April 31, 2020",
                                  "Sept. 31, 2019", "June 0, 2018", "32 July 2018"])
def test_days_a_month_does_not_have_give_none(text: str) -> None:
    assert parse_day(text) is None
    assert dates._named_month_day(text) is None
    assert _dateparser_day(text) is None


@pytest.mark.parametrize("text", ["Smarch 3, 2018", "3 Smarch 2018", "Octember 1, 2017", "Fiscal 1, 2017"])
def test_an_unknown_month_word_gives_none(text: str) -> None:
    assert dates._named_month_day(text) is None
    assert parse_day(text) is None


@pytest.mark.parametrize("text", ["March 3, 1850", "March 3, 1899", "3 March 2101", "Dec. 31, 2150", "June 1, 0999"])
def test_years_outside_the_valid_range_give_none(text: str) -> None:
    assert parse_day(text) is None
    assert _dateparser_day(text) is None
    assert dates._named_month_day(text) is None


@pytest.mark.parametrize(("text", "expected"), [("January 1, 1900", date(1900, 1, 1)),
                                                ("31 December 2100", date(2100, 12, 31))])
def test_the_ends_of_the_year_range_are_valid(text: str, expected: date) -> None:
    assert _fast_only(text) == expected
    assert _dateparser_day(text) == expected


# --- singular nouns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("children", "child"),
        ("people", "person"),  # from data/irregular_plurals.jsonl
        ("People", "person"),
        ("reunifications", "reunification"),
        ("facilities", "facility"),
        ("boxes", "box"),
        ("analyses", "analysis"),
        ("beneficiaries", "beneficiary"),
        ("Claims", "claim"),
        ("news", None),  # a noun, not a plural
        ("status", None),
        ("analysis", None),
        ("address", None),
        ("child", None),
        ("3,014", None),
        ("FY2018", None),
        ("is", None),
        ("", None),
    ],
)
def test_singular_of_plural(word: str, expected: str | None) -> None:
    assert singular_of_plural(word) == expected


@pytest.mark.parametrize(
    ("word", "lemma", "expected"),
    [
        ("children", None, "child"),
        ("People", None, "person"),
        ("reunifications", None, "reunification"),
        ("news", None, "news"),
        ("Status", None, "status"),
        ("3,014", None, "3,014"),
        ("States", "State", "state"),  # a lemma that differs from a word ending in "s" is taken
        ("children", "child", "child"),  # not ending in "s": the tables decide
        ("losses", "loss", "loss"),
        ("series", "series", "series"),
    ],
)
def test_singular(word: str, lemma: str | None, expected: str) -> None:
    assert singular(word, lemma) == expected


@pytest.mark.parametrize("word", ["species", "its", "was", "always", "perhaps", "series"])
def test_words_ending_in_s_that_are_not_plurals(word: str) -> None:
    assert singular_of_plural(word) is None
    assert singular(word, word) == word.lower()


@pytest.mark.xfail(strict=True, reason="known limitation: the noun tables list 'Kansa' (a people), so the State "
                   "name 'Kansas' reads as its plural; case is not consulted ('States' -> 'state' must work)")
def test_a_state_name_ending_in_s_is_not_a_plural() -> None:
    assert singular_of_plural("Kansas") is None


def _clear_plural_caches() -> None:
    for cached in (_irregular_plurals, singular_of_plural, singular, load_rows):
        cached.cache_clear()


@pytest.fixture
def extra_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``OIGEXTRACT_DATA_DIR`` set to an empty folder, with the caches that read it cleared before and
    after (after the variable is restored, so the next test sees the packaged data only)."""
    _clear_plural_caches()
    monkeypatch.setenv(EXTRA_DATA_ENV, str(tmp_path))
    try:
        yield tmp_path
    finally:
        monkeypatch.undo()
        _clear_plural_caches()


def test_a_users_irregular_plural_is_honoured(extra_data_dir: Path) -> None:
    assert singular_of_plural("kine") != "cow"
    _clear_plural_caches()
    (extra_data_dir / "irregular_plurals.jsonl").write_text(
        '// my plurals\n{"plural": "Kine", "singular": "Cow"}\n', encoding="utf-8"
    )
    assert singular_of_plural("kine") == "cow"
    assert singular("Kine") == "cow"
    assert singular_of_plural("people") == "person"  # the packaged rows are still there
    assert {"plural": "Kine", "singular": "Cow"} in load_rows("irregular_plurals.jsonl")


def test_a_users_row_with_a_wrong_key_is_refused(extra_data_dir: Path) -> None:
    (extra_data_dir / "irregular_plurals.jsonl").write_text('{"plural": "kine", "singular": "cow", "x": 1}\n',
                                                            encoding="utf-8")
    with pytest.raises(ConfigurationError, match="irregular_plurals.jsonl"):
        singular_of_plural("kine")


def test_the_caches_are_clean_after_a_users_data_dir() -> None:
    """Runs after the two tests above (file order): nothing of the user's rows is left."""
    assert singular_of_plural("kine") != "cow"
    assert all(row.get("plural") != "Kine" for row in load_rows("irregular_plurals.jsonl"))


# --- patterns of the rule files -------------------------------------------------------------------


def test_compile_pattern_with_ignore_case() -> None:
    pattern = compile_pattern(r"\bcorrective action plans?\b", "cues.jsonl", ignore_case=True)
    match = pattern.search("It had no CORRECTIVE Action Plans at all.")
    assert match is not None and match.group(0) == "CORRECTIVE Action Plans"
    assert pattern.search("no correctiveaction plan") is None
    strict = compile_pattern(r"\bcorrective action plans?\b", "cues.jsonl")
    assert strict.search("It had no CORRECTIVE Action Plans at all.") is None
    assert strict.search("a corrective action plan").group(0) == "corrective action plan"


def test_compile_pattern_matches_like_re() -> None:
    """``regex.VERSION0`` is ``re``'s matching: same spans on a few patterns of the kinds the rules use."""
    text = "Report No. A-09-16-02015, OEI-02-14-00490 and DODIG-2019-088 (see also oig-18-84)."
    for source, flags in ((r"\b[A-Z]{1,5}-\d{2}-\d{2}-\d{5}\b", 0), (r"(?i)\boig-\d{2}-\d{2,3}\b", 0),
                          (r"\b(?:dodig|oei)-\d{2,4}-\d{2,3}(?:-\d+)?", re.IGNORECASE)):
        compiled = compile_pattern(source, "references.jsonl", ignore_case=bool(flags))
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in re.finditer(source, text, flags)]
        assert compiled.findall(text)


@pytest.mark.parametrize("pattern", ["(unclosed", "[a-z", "a{2,1}", "*leading", "(?P<1x>a)", "a)"])
def test_an_invalid_pattern_is_a_configuration_error_naming_the_file(pattern: str) -> None:
    with pytest.raises(ConfigurationError, match=r"data/my_cues\.jsonl") as caught:
        compile_pattern(pattern, "my_cues.jsonl", ignore_case=True)
    assert repr(pattern) in str(caught.value)


def test_an_inline_version_flag_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match=r"data/my_cues\.jsonl"):
        compile_pattern("(?V1)[[a-z]--[aeiou]]", "my_cues.jsonl")


@pytest.mark.parametrize("pattern", ["(?P<x>a)|(?P<x>b)", r"(?<=ab+)c", r"\p{Lu}\w+", r"\mword", r"\1(a)"])
def test_a_pattern_re_rejects_is_a_configuration_error(pattern: str) -> None:
    with pytest.raises(re.error):
        re.compile(pattern)
    with pytest.raises(ConfigurationError, match=r"data/my_cues\.jsonl"):
        compile_pattern(pattern, "my_cues.jsonl")
