"""The bad-input table of docs/errors.md, one test per row that tests/test_api.py does not already cover.

Every case passes ``Limits(seconds=...)`` as well: a hang inside Python code becomes a
``DocumentTimeoutError`` and fails the test instead of stalling the run. The decompression bombs, whose
memory is measured in a child process, are in test_limits.py; slow-date strings in a child process below.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import hostile
import pytest

from conftest import ROOT, shared_path
from oigextract import (
    DocumentTooLargeError,
    EmptyDocumentError,
    Limits,
    NoTextLayerError,
    OigExtractError,
    Report,
    UnsupportedDocumentError,
    extract,
)
from oigextract.review import garbled

BACKENDS = ("pdfium", "pdfplumber")
GUARD = Limits(seconds=120.0)  # a hang detector, far above what any case takes (see docs/robustness.md)


def _counts(report: Report) -> set[float]:
    return {count.value for finding in report.findings for count in finding.counts}


# --- PDF ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_image_only_pdf_needs_ocr(tmp_path: Path, backend: str) -> None:
    """Pages that paint a real image XObject and no text (test_api's case only draws a rectangle)."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(hostile.image_only_pdf(pages=3))
    with pytest.raises(NoTextLayerError, match="OCR is needed") as error:
        extract(path, backend=backend, limits=GUARD)
    assert error.value.source == str(path)


@pytest.fixture(scope="session")
def blank_2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "blank-2000-pages.pdf"
    path.write_bytes(hostile.blank_pages_pdf(2000))
    return path


@pytest.mark.parametrize("backend", BACKENDS)
def test_2000_blank_pages_finish_quickly_as_no_text_layer(blank_2000: Path, backend: str) -> None:
    """Within max_pages (2,000): read page by page and refused as image-only; measured ~0.1 s (pdfium) and
    ~0.4 s (pdfplumber)."""
    started = time.monotonic()
    with pytest.raises(NoTextLayerError, match="2000 page"):
        extract(blank_2000, backend=backend, limits=GUARD)
    assert time.monotonic() - started < 60  # a hang detector, not a benchmark


def test_2001_pages_are_over_the_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "blank-2001.pdf"
    path.write_bytes(hostile.blank_pages_pdf(2001))
    with pytest.raises(DocumentTooLargeError, match="2001 pages"):
        extract(path, limits=GUARD)


def test_pdf_text_over_max_chars_stops_while_reading_pages() -> None:
    """Pages are counted as they are read: 40 pages of 1,000 characters with max_chars=10,000 stop at
    twice the limit, before the rest is read and cleaned."""
    page = hostile.text_stream([hostile.SENTENCE] * 6)
    data = hostile.pdf_document([page] * 40)
    with pytest.raises(DocumentTooLargeError, match="more than") as error:
        extract(data, limits=Limits(max_chars=10_000, seconds=120.0))
    assert "text layer holds" in str(error.value)


# --- HTML -----------------------------------------------------------------------------------------


def test_html_nested_10000_levels_is_read_with_a_warning() -> None:
    """libxml2 drops everything below 255 levels without an error: the text was silently lost. Now the
    page is read without its layout elements, and the warning says so."""
    report = extract(hostile.nested_html(10_000), limits=GUARD)
    assert report.kind == "html"
    assert 1204.0 in _counts(report)
    assert any("nests elements 10000 deep" in w for w in report.warnings), report.warnings


def test_html_nested_within_the_limit_has_no_warning() -> None:
    report = extract(hostile.nested_html(200), limits=GUARD)
    assert 1204.0 in _counts(report) and report.warnings == ()


def test_html_50_mb_is_refused_quickly() -> None:
    """47.5 M characters of visible text: over max_chars, refused before trafilatura (which took 270 s and
    1.8 GB before); measured ~2 s."""
    data = hostile.large_html(50)
    started = time.monotonic()
    with pytest.raises(DocumentTooLargeError, match="characters of visible text"):
        extract(data, limits=GUARD)
    assert time.monotonic() - started < 60


def test_html_with_a_huge_inline_image_is_read() -> None:
    """A 20 MB "single file" page is mostly a base64 image: its visible text is small, so it is read."""
    image = "A" * 20_000_000
    page = (f"<html><head><title>Saved page</title></head><body><article><h1>Saved page</h1><p>{hostile.SENTENCE}</p>"
            f'<img src="data:image/png;base64,{image}"></article></body></html>')
    report = extract(page.encode("ascii"), limits=GUARD)
    assert 1204.0 in _counts(report)


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encoded_html_without_charset(encoding: str) -> None:
    report = extract(hostile.legacy_encoded_html(encoding), limits=GUARD)
    assert report.kind == "html" and "\ufffd" not in report.text
    assert "Médicaid payments" in report.text and "Administración" in report.text and "señor's" in report.text
    if encoding == "cp1252":
        assert "agency’s “estimate”" in report.text and "—" in report.text
    assert 1204.0 in _counts(report)


def test_real_hhs_page_in_cp1252_without_charset() -> None:
    """An archive page with a cp1252 apostrophe (0x92) and no declared charset."""
    path = shared_path("corpus", "archive", "hhs-oig-audit-summaries", "region10_100300004.html")
    data = path.read_bytes()
    assert b"charset" not in data.lower() and b"\x92" in data
    report = extract(path, limits=GUARD)
    assert "Center’s" in report.text and "\ufffd" not in report.text


def test_error_page_named_html_gives_a_warning_and_no_findings(tmp_path: Path) -> None:
    path = tmp_path / "oei-01-13-00600.html"
    path.write_text(
        "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not "
        "found on this server. We found 12 errors in 2015 that were not supported.</p></body></html>"
    )
    report = extract(path, limits=GUARD)
    assert report.findings == () and report.recommendations == ()
    assert any("saved error page" in w and "404 Not Found" in w for w in report.warnings), report.warnings


def test_a_report_that_mentions_an_error_is_not_an_error_page() -> None:
    page = ("<html><head><title>CMS Paid Claims in Error for Hospital Outpatient Services</title></head><body>"
            f"<article><h1>CMS Paid Claims in Error</h1><p>{hostile.SENTENCE} An error occurred in 40 claims; the "
            "page not found in the file was the first page of the claim form.</p></article></body></html>")
    report = extract(page, limits=GUARD)
    assert report.findings and not any("error page" in w for w in report.warnings)


# --- text -----------------------------------------------------------------------------------------


def test_text_with_scattered_nul_and_control_characters_is_read(tmp_path: Path) -> None:
    """A text dump with a form feed per page, NULs and escape characters here and there."""
    text = ("Review of Payments\n\n" + (hostile.SENTENCE + "\x00 ") * 3 + "\f\n\x1b[0m" + hostile.SENTENCE + "\n") * 3
    path = tmp_path / "dump.txt"
    path.write_bytes(text.encode("ascii"))
    report = extract(path, limits=GUARD)
    assert report.kind == "text" and 1204.0 in _counts(report)
    assert not any(ch in report.text for ch in "\x00\x0c\x1b")


def test_text_padded_with_nul_bytes_is_read() -> None:
    """A download cut short and padded with NULs (8 KB of them after the text): the padding is not content."""
    report = extract((hostile.SENTENCE + "\n").encode() + b"\x00" * 8000, limits=GUARD)
    assert report.kind == "text" and 1204.0 in _counts(report)
    with pytest.raises(EmptyDocumentError):
        extract(b"\x00" * 8000, limits=GUARD)


def test_text_made_mostly_of_control_characters_is_refused() -> None:
    with pytest.raises(UnsupportedDocumentError, match="binary"):
        extract(hostile.control_text(), limits=GUARD)


def test_text_of_only_control_characters_and_spaces_is_empty() -> None:
    with pytest.raises((EmptyDocumentError, UnsupportedDocumentError)):
        extract(b"\x00 \x00 \n" * 3 + b"   ", limits=GUARD)


def test_strings_that_make_dateparser_slow_finish(tmp_path: Path) -> None:
    """Each string is extracted in one child process with a 60 s timeout as a hang detector; the times
    are printed (measured 0.1-1.5 s each, docs/robustness.md). Returning or raising OigExtractError are
    both fine."""
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(hostile.SLOW_DATE_STRINGS))
    script = (
        "import json, sys, time\n"
        "from oigextract import extract, OigExtractError, load_pipeline\n"
        "load_pipeline()\n"
        "out = {}\n"
        "for name, text in json.load(open(sys.argv[1])).items():\n"
        "    started = time.monotonic()\n"
        "    try:\n"
        "        extract(text); result = 'report'\n"
        "    except OigExtractError as error:\n"
        "        result = type(error).__name__\n"
        "    out[name] = [result, round(time.monotonic() - started, 2)]\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(cases)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, check=True)
    results = json.loads(done.stdout)
    print(results)
    assert set(results) == set(hostile.SLOW_DATE_STRINGS)


# --- the real bad files ----------------------------------------------------------------------------


def test_real_404_named_pdf_warns_twice_and_has_no_findings() -> None:
    path = shared_path("corpus", "bad", "gao-08-1075t-is-really-an-html-404.pdf")
    report = extract(path, limits=GUARD)
    assert report.kind == "html" and report.findings == ()
    assert any("named .pdf but the content is HTML" in w for w in report.warnings), report.warnings
    assert any('saved error page ("Page Not Found")' in w for w in report.warnings), report.warnings


def test_real_scanned_1987_report_keeps_only_findings_from_clean_sentences() -> None:
    """Before: 178 findings, among them "$530 miiiion" read as 530 dollars. Now findings whose sentence the
    OCR garbled are dropped, and a warning says how many."""
    path = shared_path("corpus", "bad", "scanned-1987-home-oxygen.pdf")
    report = extract(path, limits=GUARD)
    assert any("unreliable OCR" in w for w in report.warnings)
    dropped = [w for w in report.warnings if "garbled" in w and "were dropped" in w]
    assert dropped, report.warnings
    assert all(not garbled(f.evidence.text) for f in report.findings)
    assert not any("miiiion" in f.evidence.text or "i985" in f.evidence.text for f in report.findings)
    assert 530.0 not in _counts(report)


@pytest.mark.parametrize("sentence", [
    "In i985 Medicare spent $530 miiiion for at-home oxygen care.",
    "In 1985, an estimated 83, 000 Medicare beneficiaries received care.",
    "ai&/cu:; ;j o P 191 '(eir'",
    "CDéa~ed by statu~e in igVil the inSpector Generai keeps both informed.",
])
def test_garbled_ocr_sentences(sentence: str) -> None:
    assert garbled(sentence)


@pytest.mark.parametrize("sentence", [
    "In 1985, annual Medicare costs for at-home oxygen exceeded $530 million.",
    "The Department of Health and Human Services (HHS) paid 1,204 claims.",
    "We recommend that CMS recover $3.4 million (a) from the State agency.",
])
def test_clean_sentences_are_not_garbled(sentence: str) -> None:
    assert not garbled(sentence)


def test_a_clean_pdf_is_not_filtered() -> None:
    """The OCR filter only applies when the loader flags the text layer: clean reports keep every finding."""
    report = extract(ROOT / "fixtures" / "seed" / "dhs-separations-report.pdf", limits=GUARD)
    assert report.findings and not any("garbled" in w for w in report.warnings)


def test_every_case_raises_only_oigextract_errors() -> None:
    """One sweep over every generated kind with small sizes: nothing but Report or OigExtractError."""
    inputs = [
        hostile.blank_pages_pdf(3), hostile.image_only_pdf(1), hostile.text_pdf([hostile.SENTENCE]),
        hostile.nested_html(300).encode(), hostile.legacy_encoded_html("cp1252"), hostile.control_text(),
        *(text.encode() for text in hostile.SLOW_DATE_STRINGS.values() if len(text) < 10_000),
    ]
    for data in inputs:
        for backend in BACKENDS:
            try:
                extract(data, backend=backend, limits=GUARD)
            except OigExtractError:
                pass
