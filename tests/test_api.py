"""``extract()``: every kind of source, kind detection from content, the exception tree, and the invariants
every report keeps (evidence offsets, finite counts, ordered dates).

Each error test checks three things: the exact class, that it is an ``OigExtractError`` (so one
``except`` catches everything), and that the message names the file, as a batch log needs.
"""

from __future__ import annotations

import itertools
import math
import pickle
import random
from pathlib import Path

import pytest
from fpdf import FPDF

from conftest import SEED, shared_path
from oigextract import (
    ConfigurationError,
    CorruptDocumentError,
    DocumentError,
    DocumentNotFoundError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedPDFError,
    Limits,
    NoTextLayerError,
    OigExtractError,
    Report,
    UnsupportedDocumentError,
    extract,
)

SEED_TEXT = SEED / "week-dhs-separated-families.txt"
SEED_HTML = SEED / "week-dhs-separated-families.html"
SEED_PDF = SEED / "dhs-separations-report.pdf"
BACKENDS = ("pdfium", "pdfplumber")
SENTENCE = (
    "DHS has estimated that 3,014 children were separated from their parents in 2018, but the "
    "inspector general could not confirm the total."
)


def _findings(report: Report) -> list[dict[str, object]]:
    return [finding.to_dict() for finding in report.findings]


def _count_values(report: Report) -> set[float]:
    return {count.value for finding in report.findings for count in finding.counts}


def _pdf(path: Path, text: str | None = SENTENCE, *, user_password: str | None = None) -> Path:
    """A one-page PDF made with fpdf2: ``text`` in Helvetica, or only a drawn box when ``text`` is None."""
    pdf = FPDF()
    pdf.add_page()
    if text is None:
        pdf.rect(20, 20, 100, 60, style="F")
    else:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.output(str(path))
    return path


def _assert_names_file(error: pytest.ExceptionInfo[OigExtractError], path: Path, cls: type) -> None:
    assert type(error.value) is cls
    assert isinstance(error.value, OigExtractError)
    assert isinstance(error.value, DocumentError)
    assert error.value.source == str(path)
    assert str(error.value).startswith(str(path))
    assert path.name in str(error.value)


# --- sources: Path, str path, bytes, text ----------------------------------------------------------


@pytest.fixture(scope="module")
def text_report() -> Report:
    return extract(SEED_TEXT)


def test_path_source(text_report: Report) -> None:
    assert text_report.kind == "text"
    assert text_report.source == str(SEED_TEXT)
    assert {3014.0, 2155.0, 136.0, 1233.0} <= _count_values(text_report)


def test_str_path_source_is_read_as_a_file(text_report: Report) -> None:
    report = extract(str(SEED_TEXT))
    assert report.source == str(SEED_TEXT)
    assert _findings(report) == _findings(text_report)
    assert report.content_hash == text_report.content_hash


def test_bytes_source(text_report: Report) -> None:
    report = extract(SEED_TEXT.read_bytes())
    assert report.source == "<bytes>"
    assert report.kind == "text"
    assert _findings(report) == _findings(text_report)
    assert report.content_hash == text_report.content_hash


def test_text_string_source(text_report: Report) -> None:
    report = extract(SEED_TEXT.read_text(encoding="utf-8"))
    assert report.source == "<text>"
    assert report.kind == "text"
    assert _findings(report) == _findings(text_report)


def test_html_string_source() -> None:
    report = extract(SEED_HTML.read_text(encoding="utf-8"))
    assert report.kind == "html"
    assert {3014.0, 1233.0} <= _count_values(report)


def test_one_sentence_string() -> None:
    report = extract(SENTENCE)
    assert report.kind == "text"
    assert [(c.value, c.unit, c.qualifier) for f in report.findings for c in f.counts] == [
        (3014.0, "child", "estimate")
    ]


# --- kind from content, not name; kind= override ---------------------------------------------------


def test_html_page_named_pdf_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(SEED_HTML.read_bytes())
    report = extract(path)
    assert report.kind == "html"
    assert report.source == str(path)
    assert {3014.0, 1233.0} <= _count_values(report)


def test_text_named_html_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(SEED_TEXT.read_bytes())
    assert extract(path).kind == "text"


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(SEED_PDF.read_bytes())
    report = extract(path)
    assert report.kind == "pdf"
    assert report.metadata.report_number == "OIG-20-06"


@pytest.mark.parametrize("backend", BACKENDS)
def test_pdf_bytes(backend: str) -> None:
    report = extract(SEED_PDF.read_bytes(), backend=backend)
    assert report.kind == "pdf"
    assert report.source == "<bytes>"
    assert [page.number for page in report.pages] == [1, 2]
    assert report.metadata.report_number == "OIG-20-06"
    assert {3014.0, 2155.0, 136.0, 1233.0} <= _count_values(report)


def test_pdf_with_junk_before_the_header() -> None:
    """The PDF spec allows the %PDF- header anywhere in the first 1024 bytes."""
    report = extract(b"\r\n" * 100 + SEED_PDF.read_bytes())
    assert report.kind == "pdf"


def test_kind_override_text_on_html() -> None:
    assert extract(SEED_HTML, kind="text").kind == "text"


def test_kind_override_html_on_html_string() -> None:
    report = extract("<html><body><p>" + SENTENCE + "</p></body></html>", kind="html")
    assert report.kind == "html"
    assert 3014.0 in _count_values(report)


@pytest.mark.parametrize("kind", [None, "html"])
def test_html_fragment_is_read(kind: str | None) -> None:
    """Regression: a bare "<p>...</p>" (no <html>/<body>) raised EmptyDocumentError: trafilatura builds no tree."""
    report = extract("<p>" + SENTENCE + "</p>", kind=kind)  # type: ignore[arg-type]
    assert report.kind == "html"
    assert 3014.0 in _count_values(report)


def test_long_one_line_text_string() -> None:
    """Regression: a one-line str over 255 bytes was probed with Path.is_file(), which raised OSError."""
    text = " ".join([SENTENCE] * 3)
    assert "\n" not in text and len(text) > 300
    report = extract(text)
    assert report.kind == "text" and report.source == "<text>"
    assert 3014.0 in _count_values(report)


def test_kind_override_is_obeyed_not_redetected() -> None:
    with pytest.raises(CorruptDocumentError) as error:
        extract(SEED_TEXT, kind="pdf")
    _assert_names_file(error, SEED_TEXT, CorruptDocumentError)


# --- errors ---------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.pdf"
    with pytest.raises(DocumentNotFoundError) as error:
        extract(path)
    _assert_names_file(error, path, DocumentNotFoundError)
    assert isinstance(error.value, FileNotFoundError)  # stands in for the builtin


def test_missing_file_as_str(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(DocumentNotFoundError) as error:
        extract(str(path))
    _assert_names_file(error, path, DocumentNotFoundError)


@pytest.mark.parametrize("as_str", [False, True], ids=["Path", "str"])
def test_missing_file_with_overlong_name(tmp_path: Path, as_str: bool) -> None:
    """Regression: a file name over 255 bytes raised a bare OSError (ENAMETOOLONG), not an OigExtractError."""
    path = tmp_path / ("x" * 300 + ".pdf")
    with pytest.raises(DocumentNotFoundError) as error:
        extract(str(path) if as_str else path)
    _assert_names_file(error, path, DocumentNotFoundError)


@pytest.mark.parametrize("content", [b"", b" \n\t\r\n  \n"], ids=["zero-bytes", "whitespace-only"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyDocumentError) as error:
        extract(path)
    _assert_names_file(error, path, EmptyDocumentError)


@pytest.mark.parametrize("source", [b"", "", "   \n  "], ids=["bytes", "str", "whitespace-str"])
def test_empty_content_given_directly(source: bytes | str) -> None:
    with pytest.raises(EmptyDocumentError) as error:
        extract(source)
    assert error.value.source in ("<bytes>", "<text>")


def test_html_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    with pytest.raises(EmptyDocumentError) as error:
        extract(path)
    _assert_names_file(error, path, EmptyDocumentError)


def test_cp1252_html_without_charset_is_decoded() -> None:
    page = "<html><body><article><h1>Café report</h1><p>" + SENTENCE.replace("DHS", "“DHS”") + "</p></article>"
    report = extract((page + "</body></html>").encode("cp1252"))
    assert report.kind == "html"
    assert "Café report" in report.text and "“DHS”" in report.text
    assert "\ufffd" not in report.text


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_binary(tmp_path: Path, seed: int) -> None:
    path = tmp_path / f"random-{seed}.pdf"
    path.write_bytes(random.Random(seed).randbytes(4096))
    with pytest.raises(UnsupportedDocumentError) as error:
        extract(path)
    _assert_names_file(error, path, UnsupportedDocumentError)


def test_png_bytes_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(UnsupportedDocumentError) as error:
        extract(path)
    _assert_names_file(error, path, UnsupportedDocumentError)


@pytest.mark.parametrize("backend", BACKENDS)
def test_truncated_pdf(tmp_path: Path, backend: str) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(SEED_PDF.read_bytes()[:300])
    with pytest.raises(CorruptDocumentError) as error:
        extract(path, backend=backend)
    _assert_names_file(error, path, CorruptDocumentError)


@pytest.mark.parametrize("backend", BACKENDS)
def test_pdf_without_text_layer(tmp_path: Path, backend: str) -> None:
    path = _pdf(tmp_path / "scan.pdf", text=None)
    with pytest.raises(NoTextLayerError) as error:
        extract(path, backend=backend)
    _assert_names_file(error, path, NoTextLayerError)
    assert "OCR" in str(error.value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_encrypted_pdf_without_password(tmp_path: Path, backend: str) -> None:
    path = _pdf(tmp_path / "locked.pdf", user_password="s3cret")
    with pytest.raises(EncryptedPDFError) as error:
        extract(path, backend=backend)
    _assert_names_file(error, path, EncryptedPDFError)
    assert "password" in str(error.value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_encrypted_pdf_with_wrong_password(tmp_path: Path, backend: str) -> None:
    path = _pdf(tmp_path / "locked.pdf", user_password="s3cret")
    with pytest.raises(EncryptedPDFError) as error:
        extract(path, backend=backend, password="wrong")
    _assert_names_file(error, path, EncryptedPDFError)
    assert "wrong" in str(error.value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_encrypted_pdf_with_password(tmp_path: Path, backend: str) -> None:
    path = _pdf(tmp_path / "locked.pdf", user_password="s3cret")
    report = extract(path, backend=backend, password="s3cret")
    assert report.kind == "pdf"
    assert "3,014 children" in report.text
    assert 3014.0 in _count_values(report)


def test_bad_kind() -> None:
    with pytest.raises(ConfigurationError) as error:
        extract(SEED_TEXT, kind="docx")  # type: ignore[arg-type]
    assert isinstance(error.value, OigExtractError) and isinstance(error.value, ValueError)
    assert "docx" in str(error.value)


def test_bad_backend() -> None:
    with pytest.raises(ConfigurationError) as error:
        extract(SEED_PDF, backend="mupdf")
    assert isinstance(error.value, OigExtractError) and isinstance(error.value, ValueError)
    assert "mupdf" in str(error.value)


def test_bad_source_type() -> None:
    with pytest.raises(ConfigurationError):
        extract(12345)  # type: ignore[arg-type]


def test_too_many_bytes() -> None:
    with pytest.raises(DocumentTooLargeError) as error:
        extract(SEED_PDF, limits=Limits(max_bytes=100))
    _assert_names_file(error, SEED_PDF, DocumentTooLargeError)


def test_too_many_bytes_given_directly() -> None:
    with pytest.raises(DocumentTooLargeError) as error:
        extract(SEED_PDF.read_bytes(), limits=Limits(max_bytes=100))
    assert error.value.source == "<bytes>"


def test_too_many_pages() -> None:
    with pytest.raises(DocumentTooLargeError) as error:
        extract(SEED_PDF, limits=Limits(max_pages=1))
    _assert_names_file(error, SEED_PDF, DocumentTooLargeError)


def test_too_many_characters() -> None:
    with pytest.raises(DocumentTooLargeError) as error:
        extract(SEED_TEXT, limits=Limits(max_chars=100))
    _assert_names_file(error, SEED_TEXT, DocumentTooLargeError)


def test_errors_survive_pickling(tmp_path: Path) -> None:
    """Batch workers send errors across processes: class, source and message must survive."""
    path = tmp_path / "gone.pdf"
    with pytest.raises(DocumentNotFoundError) as error:
        extract(path)
    copy = pickle.loads(pickle.dumps(error.value))
    assert type(copy) is DocumentNotFoundError
    assert copy.source == str(path) and str(copy) == str(error.value)


# --- invariants on every fixture --------------------------------------------------------------------

DOCUMENTS = {
    "text": (SEED_TEXT, "pdfium"),
    "html": (SEED_HTML, "pdfium"),
    "pdf-pdfium": (SEED_PDF, "pdfium"),
    "pdf-pdfplumber": (SEED_PDF, "pdfplumber"),
}


@pytest.fixture(scope="module", params=list(DOCUMENTS))
def report(request: pytest.FixtureRequest) -> Report:
    path, backend = DOCUMENTS[request.param]
    return extract(path, backend=backend)


def test_evidence_offsets_point_into_the_text(report: Report) -> None:
    assert report.findings
    for finding in report.findings:
        evidence = finding.evidence
        assert 0 <= evidence.start < evidence.end <= len(report.text)
        assert report.text[evidence.start: evidence.end] == evidence.text


def test_part_offsets_point_into_the_text(report: Report) -> None:
    """Deficiency, date, count and caveat character offsets, where given, slice out their own text."""
    for finding in report.findings:
        spans: list[tuple[int | None, int | None, str]] = []
        if finding.deficiency is not None:
            spans.append((finding.deficiency.start, finding.deficiency.end, finding.deficiency.text))
        spans += [(d.start_char, d.end_char, d.text) for d in finding.dates]
        spans += [(c.start_char, c.end_char, c.text) for c in finding.counts]
        spans += [(c.start_char, c.end_char, c.text) for c in finding.caveats]
        for start, end, text in spans:
            if start is None or end is None:
                continue
            assert report.text[start:end] == text
            assert finding.evidence.start <= start <= end <= finding.evidence.end


def test_count_values_are_finite(report: Report) -> None:
    for finding in report.findings:
        for count in finding.counts:
            assert isinstance(count.value, float) and math.isfinite(count.value), count


def test_date_starts_are_not_after_ends(report: Report) -> None:
    for finding in report.findings:
        for mention in finding.dates:
            assert mention.start <= mention.end, mention


@pytest.mark.parametrize(
    "sentence",
    ["From 2019 to 2017, CMS made 40 errors.", "In fiscal years 2019 through 2017, CMS made 40 errors."],
    ids=["years", "fiscal-years"],
)
def test_reversed_year_range_keeps_start_before_end(sentence: str) -> None:
    """Regression: "2019 to 2017" gave a DateMention whose start was after its end."""
    report = extract(sentence)
    assert 40.0 in _count_values(report)  # the rest of the sentence is still read
    for finding in report.findings:
        for mention in finding.dates:
            assert mention.start <= mention.end, mention


def test_findings_are_in_text_order_and_do_not_overlap(report: Report) -> None:
    spans = [(f.evidence.start, f.evidence.end) for f in report.findings]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_pages(report: Report) -> None:
    if report.kind != "pdf":
        assert report.pages == ()
        assert all(f.evidence.page is None for f in report.findings)
        return
    assert [p.number for p in report.pages] == list(range(1, len(report.pages) + 1))
    for page in report.pages:
        assert 0 <= page.start <= page.end <= len(report.text)
    for finding in report.findings:
        assert finding.evidence.page == report.page_of(finding.evidence.start)


def test_pdf_backends_give_the_same_text() -> None:
    """Regression: pdfium marks a line-end hyphen with U+FFFE and no line break; that merged two lines and
    broke paragraphs mid-sentence ("separated under the\\n\\nZero Tolerance Policy")."""
    pdfium, plumber = (extract(SEED_PDF, backend=backend) for backend in BACKENDS)
    assert pdfium.text == plumber.text
    assert "separated under the Zero Tolerance Policy." in pdfium.text


# --- the real bad files of the shared corpus ---------------------------------------------------------

HTML_404 = ("corpus", "bad", "gao-08-1075t-is-really-an-html-404.pdf")
SCANNED = ("corpus", "bad", "scanned-1987-home-oxygen.pdf")


def _extract_404() -> Report | None:
    """The saved 404 page; None when the library rejects it as empty (also acceptable)."""
    path = shared_path(*HTML_404)
    try:
        return extract(path)
    except EmptyDocumentError as error:
        assert error.source == str(path)
        return None
    # any other exception fails the test: it must be EmptyDocumentError or nothing


def test_html_404_named_pdf_is_read_as_html() -> None:
    report = _extract_404()
    if report is not None:
        assert report.kind == "html"
        assert report.metadata.title is not None and "Not Found" in report.metadata.title


def test_html_404_has_no_findings() -> None:
    """An error page states no deficiency: "Error occurred" / "resolve this problem" are not findings."""
    report = _extract_404()
    if report is not None:
        assert report.findings == ()


def test_scanned_1987_pdf_is_refused_or_flagged() -> None:
    path = shared_path(*SCANNED)
    try:
        report = extract(path)
    except NoTextLayerError as error:
        assert error.source == str(path) and "OCR" in str(error)
        return
    assert report.kind == "pdf"
    flagged = [w for w in report.warnings if "unreliable" in w.lower() or "text layer" in w.lower()]
    assert flagged, report.warnings
    assert all(str(path) in w for w in flagged)
