"""PDF loading: cleaning, page offsets, both backends, and every error a bad PDF can cause.

The PDFs are drawn here with fpdf2, line by line, so line ends (and so hyphenation and page breaks)
are exactly where the tests expect them. Checks on the real corpus skip when ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from oigextract.errors import (
    ConfigurationError,
    CorruptDocumentError,
    DocumentTooLargeError,
    EncryptedPDFError,
    NoTextLayerError,
)
from oigextract.sources.pdf import (
    BACKENDS,
    LineBox,
    clean_page_lines,
    find_furniture,
    hyphen_join,
    load_pdf,
    meaningful_title,
    normalize_lines,
    ocr_quality,
)
from oigextract.types import Limits

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
TESTIMONY = SHARED / "corpus" / "archive" / "hhs-oig-testimony-pdf"
SCANNED = SHARED / "corpus" / "bad" / "scanned-1987-home-oxygen.pdf"

HEADER = "U.S. Department of Homeland Security | OIG-19-18"
PAGES = [
    [
        "What We Found",
        "FEMA did not track the 12 shelters it funded in 2018. The department did not provide infor-",
        "mation about the 42 detainees held at the Laredo facility for more than 72 hours.",
        None,
        "In addition, auditors found that FEMA did not verify that the 17 shelters met",
    ],
    [
        "the federal safety standards before reopening. Officials said the records were lost.",
        "The agency spent $4.2 million on generators that were never installed at any site.",
        None,
        "Recommendations",
        "We recommend that the FEMA Administrator develop procedures to track shelter funding.",
    ],
    [
        "FEMA concurred with both recommendations and plans to finish the work by June 2020.",
        "The component estimated that 30 percent of the records could not be recovered.",
    ],
]
SENTENCES = [
    "FEMA did not track the 12 shelters it funded in 2018.",
    (
        "The department did not provide information about the 42 detainees held at the Laredo facility"
        " for more than 72 hours."
    ),
    (
        "In addition, auditors found that FEMA did not verify that the 17 shelters met the federal safety"
        " standards before reopening."
    ),
    "The agency spent $4.2 million on generators that were never installed at any site.",
    "We recommend that the FEMA Administrator develop procedures to track shelter funding.",
    "FEMA concurred with both recommendations and plans to finish the work by June 2020.",
]


def _report(pages: list[list[str | None]] = PAGES, title: str | None = None) -> FPDF:
    """Lines drawn one by one (``None`` = paragraph gap) under a running header and footer."""
    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(20, 10)
        pdf.cell(0, 5, HEADER, new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(20, 30)
        for line in lines:
            if line is None:
                pdf.ln(6)
                continue
            heading = len(line) < 20
            pdf.set_font("Helvetica", style="B" if heading else "", size=12 if heading else 10)
            pdf.set_x(20)
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(20, 255)
        pdf.cell(0, 5, "www.oig.dhs.gov", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(20)
        pdf.cell(0, 5, f"- {number} -", align="C")
    return pdf


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return bytes(_report(title="FEMA Did Not Track Shelter Funding").output())


@pytest.mark.parametrize("backend", BACKENDS)
def test_running_header_footer_and_page_numbers_are_removed(report_pdf: bytes, backend: str) -> None:
    main = load_pdf(report_pdf, "oig-19-18.pdf", backend=backend)
    assert main.kind == "pdf"
    assert "Homeland Security" not in main.text and "OIG-19-18" not in main.text
    assert "www.oig.dhs.gov" not in main.text
    assert "- 2 -" not in main.text and not main.text.rstrip().endswith("3")
    assert main.warnings == ()


@pytest.mark.parametrize("backend", BACKENDS)
def test_sentences_flow_across_lines_hyphens_and_page_breaks(report_pdf: bytes, backend: str) -> None:
    main = load_pdf(report_pdf, "oig-19-18.pdf", backend=backend)
    for sentence in SENTENCES:
        assert sentence in main.text
    assert "infor-" not in main.text and "\r" not in main.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_page_offsets_slice_each_page(report_pdf: bytes, backend: str) -> None:
    main = load_pdf(report_pdf, "oig-19-18.pdf", backend=backend)
    assert [page.number for page in main.pages] == [1, 2, 3]
    for before, after in zip(main.pages, main.pages[1:]):
        assert before.start <= before.end <= after.start <= after.end
        assert main.text[before.end:after.start].strip() == ""  # separators belong to no page
    assert main.pages[0].start == 0 and main.pages[-1].end == len(main.text)
    first, second, third = (main.text[page.start:page.end] for page in main.pages)
    assert SENTENCES[1] in first and "In addition, auditors found" in first
    assert "standards before reopening." in second and "auditors" not in second
    assert SENTENCES[3] in second and SENTENCES[5] in third
    crossing = main.text.index(SENTENCES[2])
    assert main.pages[0].start <= crossing < main.pages[0].end < crossing + len(SENTENCES[2])


@pytest.mark.parametrize("backend", BACKENDS)
def test_headings_and_paragraphs(report_pdf: bytes, backend: str) -> None:
    main = load_pdf(report_pdf, "oig-19-18.pdf", backend=backend)
    assert [heading.text for heading in main.headings] == ["What We Found", "Recommendations"]
    for heading in main.headings:
        assert main.text[heading.start:heading.end] == heading.text
    paragraphs = main.text.split("\n\n")
    assert paragraphs[0] == "What We Found"
    assert paragraphs[1].startswith("FEMA did not track") and paragraphs[1].endswith("72 hours.")
    assert "Recommendations" in paragraphs


def test_both_backends_agree(report_pdf: bytes) -> None:
    fast = load_pdf(report_pdf, "r.pdf", backend="pdfium")
    slow = load_pdf(report_pdf, "r.pdf", backend="pdfplumber")
    assert fast.text.split() == slow.text.split()
    assert fast.title == slow.title == "FEMA Did Not Track Shelter Funding"


def test_unknown_backend() -> None:
    with pytest.raises(ConfigurationError, match="pymupdf"):
        load_pdf(b"%PDF-1.4", "x.pdf", backend="pymupdf")


@pytest.mark.parametrize("backend", BACKENDS)
def test_page_without_text_needs_ocr(backend: str) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    with pytest.raises(NoTextLayerError, match=r"^scan\.pdf: .*OCR"):
        load_pdf(bytes(pdf.output()), "scan.pdf", backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("cut", [0.5, 0.98])
def test_truncated_pdf_is_corrupt(report_pdf: bytes, backend: str, cut: float) -> None:
    with pytest.raises(CorruptDocumentError, match=r"^cut\.pdf: "):
        load_pdf(report_pdf[: int(len(report_pdf) * cut)], "cut.pdf", backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_garbage_is_corrupt(backend: str) -> None:
    with pytest.raises(CorruptDocumentError):
        load_pdf(b"%PDF-1.7\n\x00\x01 garbage " * 20, "junk.pdf", backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_encrypted_pdf(backend: str) -> None:
    pdf = _report(PAGES[:1])
    pdf.set_encryption(owner_password="owner-secret", user_password="reader")
    data = bytes(pdf.output())
    with pytest.raises(EncryptedPDFError, match=r"^locked\.pdf: .*password="):
        load_pdf(data, "locked.pdf", backend=backend)
    with pytest.raises(EncryptedPDFError, match="wrong"):
        load_pdf(data, "locked.pdf", backend=backend, password="guess")
    main = load_pdf(data, "locked.pdf", backend=backend, password="reader")
    assert SENTENCES[0] in main.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_page_limit(report_pdf: bytes, backend: str) -> None:
    with pytest.raises(DocumentTooLargeError, match=r"^big\.pdf: .*3 pages"):
        load_pdf(report_pdf, "big.pdf", backend=backend, limits=Limits(max_pages=2))
    with pytest.raises(DocumentTooLargeError):
        load_pdf(report_pdf, "big.pdf", backend=backend, limits=Limits(max_chars=100))


@pytest.mark.parametrize("backend", BACKENDS)
def test_time_limit(report_pdf: bytes, backend: str) -> None:
    with pytest.raises(DocumentTooLargeError, match="longer than"):
        load_pdf(report_pdf, "slow.pdf", backend=backend, limits=Limits(seconds=0.0))


@pytest.mark.parametrize("backend", BACKENDS)
def test_missing_eof_marker_is_warned(report_pdf: bytes, backend: str) -> None:
    main = load_pdf(report_pdf[: report_pdf.rindex(b"%%EOF")], "cut.pdf", backend=backend)
    assert SENTENCES[0] in main.text
    assert main.warnings == ("cut.pdf: the file looks truncated (no %%EOF at its end); text may be incomplete",)


# ---------------------------------------------------------------------------------------------
# The pure pieces


def test_clean_page_lines_without_geometry() -> None:
    pages = [
        ["OIG-19-18 | page 1", "Summary", "", "The agency did not keep", "records for 2017.", "iii"],
        ["OIG-19-18 | page 2", "The second page starts here.", "Page 2 of 3"],
        ["OIG-19-18 | page 3", "- 3 -", "and the third one ends it."],
    ]
    clean = clean_page_lines(pages)
    assert clean.text == (
        "Summary\n\nThe agency did not keep records for 2017.\n\nThe second page starts here."
        " and the third one ends it."
    )
    assert [clean.text[start:end] for start, end in clean.page_spans] == [
        "Summary\n\nThe agency did not keep records for 2017.",
        "The second page starts here.",
        "and the third one ends it.",
    ]
    assert [heading.text for heading in clean.headings] == ["Summary"]


def test_geometry_gap_and_indent_start_paragraphs() -> None:
    lines = ["The first paragraph runs over", "two lines of text.", "A gap starts this one.",
             "    Indented start after a full stop.", "and a continuation line"]
    lines[3] = lines[3].strip()
    boxes = [
        LineBox(72, 540, 100, 112), LineBox(72, 200, 114, 126),
        LineBox(72, 540, 150, 162),
        LineBox(108, 540, 164, 176), LineBox(72, 300, 178, 190),
    ]
    clean = clean_page_lines([lines], [boxes])
    assert clean.text.split("\n\n") == [
        "The first paragraph runs over two lines of text.",
        "A gap starts this one.",
        "Indented start after a full stop. and a continuation line",
    ]


def test_empty_pages_get_empty_spans() -> None:
    clean = clean_page_lines([["First page text."], [], ["Third page text."]])
    assert clean.page_spans[1][0] == clean.page_spans[1][1] == clean.page_spans[0][1]
    start, end = clean.page_spans[2]
    assert clean.text[start:end] == "Third page text."


def test_furniture_needs_repetition() -> None:
    pages = [["Chapter One", "Body one."], ["Chapter Two", "Body two."], ["Body three."]]
    assert find_furniture(pages) == [set(), set(), set()]
    footnotes = [[f"Body {n}.", f"http://oig.hhs.gov/reports/{n}1125.asp."] for n in range(5)]
    assert find_furniture(footnotes) == [set() for _ in footnotes]


@pytest.mark.parametrize(
    ("first", "second", "vocabulary", "expected"),
    [
        ("did not provide infor-", "mation about", frozenset(), "drop"),
        ("a long-", "term plan", frozenset({"long"}), "keep"),
        ("fee-", "for-service claims", frozenset({"fee-for-service"}), "keep"),
        ("the depart-", "ment said", frozenset({"department"}), "drop"),
        ("a self-", "assessment", frozenset(), "keep"),
        ("report OEI-07-", "05-00340 found", frozenset(), "keep"),
        ("over a 4-", "year period", frozenset(), "keep"),
        ("Medicare-", "Medicaid data", frozenset(), "keep"),
        ("both pre-", "and post-payment", frozenset(), None),
        ("no hyphen", "here", frozenset(), None),
    ],
)
def test_hyphen_join(first: str, second: str, vocabulary: frozenset[str], expected: str | None) -> None:
    assert hyphen_join(first, second, vocabulary) == expected


def test_normalize_lines() -> None:
    assert normalize_lines(["a\x00b\tc  d ", "\uf0b7 bullet", "soft\xad", "x\r\ny", "\ufb01nding"]) == [
        "ab c d", "• bullet", "soft-", "x y", "finding",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Review of FEMA Shelters", "Review of FEMA Shelters"),
        ("Microsoft Word - draft report.doc", None),
        ("oig-19-18.pdf", None),
        ("Testimony of:", None),
        ("Good morning Chairman Camp, Ranking Member Levin", None),
        ("", None),
        (None, None),
        (b"Bytes Title Here", "Bytes Title Here"),
    ],
)
def test_meaningful_title(raw: object, expected: str | None) -> None:
    assert meaningful_title(raw) == expected


def test_ocr_quality_measures_garble() -> None:
    clean = "The agency did not verify the records of 42 shelters before paying the claims. " * 10
    garbled = "Thi,s inpec.tion\" entitl'ed ~ \"Meai.,care Beim~lln ¿ O~y~en Car,e\" WÇlIS ~ t:'G " * 10
    assert ocr_quality(clean)[0] == 0.0
    assert ocr_quality(garbled)[0] > 0.1


# ---------------------------------------------------------------------------------------------
# The real corpus (skipped when ../shared is absent)


def _corpus(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared corpus lives beside the project)")
    return path


def test_garbled_ocr_layer_is_warned() -> None:
    path = _corpus(SCANNED)
    main = load_pdf(path.read_bytes(), path.name)
    assert any("unreliable OCR" in warning for warning in main.warnings)
    assert all(warning.startswith(path.name) for warning in main.warnings)


def test_testimony_pdfs_load_cleanly_without_warnings() -> None:
    folder = _corpus(TESTIMONY)
    files = sorted(folder.glob("*.pdf"))
    assert len(files) > 50
    warned = {}
    for path in files:
        main = load_pdf(path.read_bytes(), path.name)
        assert main.text and main.pages[-1].end == len(main.text)
        assert all(a.end <= b.start for a, b in zip(main.pages, main.pages[1:]))
        assert all(main.text[h.start:h.end] == h.text and "\n" not in h.text for h in main.headings)
        assert "\r" not in main.text and "\x00" not in main.text and "\n\n\n" not in main.text
        if main.warnings:
            warned[path.name] = main.warnings
    assert warned == {}


@pytest.mark.parametrize(
    "name", ["2014_jarmon-testimony-0314.pdf", "2009_06252009_testimony_health_reform.pdf"]
)
def test_decent_ocr_layers_are_not_warned(name: str) -> None:
    path = _corpus(SHARED / "corpus" / "dev" / name)
    assert load_pdf(path.read_bytes(), name).warnings == ()
