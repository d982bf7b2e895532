"""Loader code paths added for speed, each against the slow code it replaces.

* ``token_positions``: string hashes instead of Token objects; the same indices as a loop over tokens.
* ``_maybe_similar``: a numpy upper bound that pre-screens the fuzzy running-line pairs; it must never
  rule out a pair that ``_similar`` accepts.
* ``check_streams``: "stream" found by its literal, the "not after a letter" test done apart.
* ``_without_fingerprint``: trafilatura's extraction steps called one by one, without the content hash.
"""

from __future__ import annotations

import random
import re
import zlib
from itertools import permutations
from pathlib import Path

import pytest
import trafilatura
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SEED
from oigextract import load_pipeline
from oigextract.errors import DocumentTooLargeError
from oigextract.pipeline.patterns import token_positions
from oigextract.sources.guards import STREAM_BYTES_PER_CHAR, check_streams
from oigextract.sources.html import _date_params, _without_fingerprint
from oigextract.sources.pdf import _maybe_similar, _similar
from oigextract.types import Limits

# --- token_positions ------------------------------------------------------------------------------

NEVER_SEEN = "zq-never-a-token-8c1f77"


@pytest.mark.parametrize(
    "texts",
    [("(",), ("the", "The"), ("DHS", "HHS", "OIG", "CMS"), ("children", ".", ",", "\n"), (NEVER_SEEN, "the"), ()],
)
def test_token_positions_are_the_tokens_with_those_texts(texts: tuple[str, ...]) -> None:
    nlp = load_pipeline()
    doc = nlp.make_doc((SEED / "week-dhs-separated-families.txt").read_text(encoding="utf-8"))
    expected = [token.i for token in doc if token.text in texts]
    assert token_positions(doc, texts) == expected
    assert token_positions(doc, iter(texts)) == expected  # any iterable, read once
    if "the" in texts or "DHS" in texts:
        assert expected  # the comparison is not between two empty lists


def test_token_positions_of_texts_not_in_the_vocab() -> None:
    nlp = load_pipeline()
    doc = nlp.make_doc("The Office of Inspector General (OIG) found (again) that ( counts.")
    assert NEVER_SEEN not in nlp.vocab.strings
    assert token_positions(doc, [NEVER_SEEN]) == []
    assert NEVER_SEEN not in nlp.vocab.strings  # looking it up did not add it
    nlp.vocab.strings.add("Inspectorate")  # in the vocab, not in the doc
    assert token_positions(doc, ["Inspectorate"]) == []
    assert token_positions(doc, ["(", NEVER_SEEN]) == [5, 9, 13]
    assert token_positions(doc, ["(", "(", "that"]) == [5, 9, 12, 13]
    assert token_positions(nlp.make_doc(""), ["("]) == []


def test_token_positions_on_case_texts() -> None:
    nlp = load_pipeline()
    texts = [line for line in (FIXTURES / "cases" / "agencies.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("//")]
    wanted = {"(", ")", "Department", "Inspector", "General", "OIG", "of"}
    hits = 0
    for doc in map(nlp.make_doc, texts):
        expected = [token.i for token in doc if token.text in wanted]
        assert token_positions(doc, wanted) == expected
        hits += len(expected)
    assert hits > 100


# --- _maybe_similar -------------------------------------------------------------------------------


def _assert_safe(lines: list[str]) -> list[list[int]]:
    close = _maybe_similar(lines)
    assert len(close) == len(lines)
    for i, j in permutations(range(len(lines)), 2):
        if _similar(lines[i], lines[j]):
            assert j in close[i], (lines[i], lines[j])
    for i, others in enumerate(close):
        assert i not in others
        assert others == sorted(set(others))
    return close


RUNNING_LINES = [
    "Testimony of Daniel R. Levinson, Inspector General",
    "Testimony of Danlel R. Levinsen, Inspecter General",  # OCR
    "Testimony of Daniel R. Levinson, Inspector General 12",
    "Testlmony of Daniel R Levinson Inspector Genera1",
    "Page 3 of 20  Department of Health and Human Services",
    "Page 14 of 20 Department of Health and Human Services",
    "Page # of # Department of Health & Human Services",
    "House Committee on Energy and Commerce, Subcommittee on Health",
    "House Committee on Energy and Commerce, Subcommittee on Hea1th",
    "Unrelated line about Medicare payments in fiscal year 2015",
    "OEI-02-14-00490 Medicare Paid for Power Wheelchairs",
    "Ünïcödé heädér wïth äccénts — and “quotes”",
    "Unicode header with accents -- and \"quotes\"",
]


def test_running_header_variants_are_kept_as_candidates() -> None:
    close = _assert_safe(RUNNING_LINES)
    assert {1, 2, 3} <= set(close[0])
    assert {4, 6} & set(close[5])
    assert 8 in close[7]
    assert 0 not in close[9] and 9 not in close[0]  # unrelated lines are screened out
    assert close[9] == []


def test_maybe_similar_prunes_unrelated_random_lines() -> None:
    rng = random.Random(1)
    words = ["the", "of", "Inspector", "General", "Medicare", "audit", "report", "page", "hearing", "committee",
             "2019", "FY", "OIG", "HHS", "DHS"]
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 9))) for _ in range(120)]
    close = _assert_safe(lines)
    pairs = sum(map(len, close))
    assert pairs < len(lines) * (len(lines) - 1) // 2  # it is a filter, not "every pair"


ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 .,-#()") + ["é", "ſ", "—", "ü", "\u0169"])


@st.composite
def similar_lines(draw: st.DrawFn) -> list[str]:
    """A base line, copies of it with a few characters replaced, inserted or deleted, and unrelated lines."""
    base = draw(st.lists(ALPHABET, min_size=1, max_size=60))
    lines = ["".join(base)]
    for _ in range(draw(st.integers(1, 6))):
        chars = list(base)
        for _ in range(draw(st.integers(0, 4))):
            position = draw(st.integers(0, len(chars)))
            action = draw(st.sampled_from(["replace", "insert", "delete"]))
            if action == "insert" or not chars:
                chars.insert(position, draw(ALPHABET))
            elif action == "replace":
                chars[min(position, len(chars) - 1)] = draw(ALPHABET)
            else:
                del chars[min(position, len(chars) - 1)]
        if chars:
            lines.append("".join(chars))
    lines += draw(st.lists(st.text(ALPHABET, min_size=1, max_size=40), max_size=3))
    return draw(st.permutations(lines))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(similar_lines())
def test_maybe_similar_never_drops_a_similar_pair(lines: list[str]) -> None:
    _assert_safe(lines)


def test_characters_that_share_a_bucket_do_not_break_the_bound() -> None:
    """'é' (233) and 'i' (105) share bucket 105: lines that differ only there still pass both tests."""
    lines = ["Office of Inspector General, Department of State", "Office of Inspector General, Department of State".replace("i", "é")]
    _assert_safe(lines)
    lines = ["Departement of Healthé and Human Services", "Department of Health and Human Services"]
    _assert_safe(lines)


def test_empty_lines_are_not_ruled_out() -> None:
    _assert_safe(["", ""])


# --- check_streams --------------------------------------------------------------------------------


def _pdf(payload: bytes, *, before: bytes = b"\n", keyword: bytes = b"stream\n") -> bytes:
    """A minimal PDF with one /FlateDecode object whose stream is ``payload``; ``before`` is what comes
    between the dictionary's ``>>`` and ``keyword``."""
    body = (b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>" % len(payload)) + before + keyword + payload
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + body + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


LIMITS = Limits(max_chars=1000)
BYTE_LIMIT = STREAM_BYTES_PER_CHAR * LIMITS.max_chars


def test_a_stream_inflating_past_the_limit_is_refused() -> None:
    bomb = zlib.compress(b" " * (4 * BYTE_LIMIT), 9)
    assert len(bomb) < 1000  # a modest payload
    with pytest.raises(DocumentTooLargeError, match="decompression bomb"):
        check_streams(_pdf(bomb), "bomb.pdf", LIMITS)


def test_the_byte_limit_is_exact() -> None:
    check_streams(_pdf(zlib.compress(b" " * BYTE_LIMIT)), "x.pdf", LIMITS)
    with pytest.raises(DocumentTooLargeError):
        check_streams(_pdf(zlib.compress(b" " * (BYTE_LIMIT + 1))), "x.pdf", LIMITS)


@pytest.mark.parametrize("keyword", [b"stream\n", b"stream\r\n", b"stream\r"])
@pytest.mark.parametrize("before", [b"\n", b"", b" ", b"\r\n", b"\t"])
def test_stream_keyword_with_any_end_of_line_is_found(keyword: bytes, before: bytes) -> None:
    with pytest.raises(DocumentTooLargeError):
        check_streams(_pdf(zlib.compress(b" " * (2 * BYTE_LIMIT)), before=before, keyword=keyword), "x.pdf", LIMITS)


@pytest.mark.parametrize("keyword", [b"xstream\n", b"endstream\n", b"Zstream\r\n", b"streamx\n", b"stream \n", b"STREAM\n"])
def test_a_keyword_that_is_not_stream_is_not_a_stream_start(keyword: bytes) -> None:
    check_streams(_pdf(zlib.compress(b" " * (4 * BYTE_LIMIT)), keyword=keyword), "x.pdf", LIMITS)


def test_only_a_letter_before_stream_hides_it() -> None:
    """Every byte value before "stream": ASCII letters hide it (as the old look-behind did), anything
    else (digits, punctuation, bytes over 127) leaves it a stream start."""
    bomb = zlib.compress(b" " * (2 * BYTE_LIMIT))
    letters = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    for value in range(256):
        data = _pdf(bomb, before=bytes([value]))
        if value in letters:
            check_streams(data, "x.pdf", LIMITS)
        else:
            with pytest.raises(DocumentTooLargeError):
                check_streams(data, "x.pdf", LIMITS)


def test_a_later_stream_is_found_after_a_hidden_one() -> None:
    """An "endstream"-like keyword first, then a real stream start: the second one is measured."""
    bomb = zlib.compress(b" " * (2 * BYTE_LIMIT))
    hidden = _pdf(bomb, keyword=b"xstream\n")
    data = hidden.replace(b"trailer", b"5 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\ntrailer"
                          % (len(bomb), bomb))
    with pytest.raises(DocumentTooLargeError):
        check_streams(data, "x.pdf", LIMITS)


def test_stream_at_the_very_start_of_the_data() -> None:
    check_streams(b"stream\n" + zlib.compress(b" " * (2 * BYTE_LIMIT)), "x.pdf", LIMITS)  # no dictionary: skipped


# --- _without_fingerprint -------------------------------------------------------------------------

HTML_PAGES = sorted(FIXTURES.glob("**/*.html"))
FINGERPRINT = re.compile(r' fingerprint="[0-9a-f]*"')


def test_there_are_fixture_pages() -> None:
    assert len(HTML_PAGES) >= 15


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda path: path.name)
def test_without_fingerprint_is_extract_with_metadata_without_the_hash(path: Path) -> None:
    """The same XML as ``extract_with_metadata`` but for the ``fingerprint`` attribute on ``<doc>`` (which
    is what the function leaves out), and the same metadata."""
    page = path.read_text(encoding="utf-8")
    found = _without_fingerprint(page)
    assert found is not None
    xml, document = found
    reference = trafilatura.extract_with_metadata(
        page, output_format="xml", include_comments=False, include_tables=True, deduplicate=False,
        date_extraction_params=_date_params(),
    )
    assert reference is not None and reference.text is not None and xml is not None
    assert len(FINGERPRINT.findall(reference.text)) == 1
    assert "fingerprint=" not in xml
    assert xml == FINGERPRINT.sub("", reference.text)
    for field in ("title", "sitename", "date", "author", "url", "hostname", "description", "categories", "tags"):
        assert getattr(document, field) == getattr(reference, field), field
    assert document.raw_text == reference.raw_text


def test_without_fingerprint_on_a_page_without_main_text() -> None:
    """No main text: no XML, and the page's metadata read on its own, like the public function's ``None``."""
    page = "<html><head><title>Only a title | HHS-OIG</title><meta name='date' content='2019-05-04'></head><body></body></html>"
    assert trafilatura.extract_with_metadata(page, output_format="xml", date_extraction_params=_date_params()) is None
    found = _without_fingerprint(page)
    assert found is not None
    xml, metadata = found
    assert xml is None
    assert metadata is not None and "Only a title" in (metadata.title or "")
