"""The shape every loader returns: the main text with page offsets, headings and metadata hints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..types import DocumentKind, Page


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading line inside ``MainText.text`` (offsets into it), e.g. "What We Found"."""

    text: str
    start: int
    end: int
    level: int = 2


@dataclass(frozen=True, slots=True)
class MainText:
    """The document's main text, ready for the pipeline.

    ``text`` is the main text only (boilerplate removed); paragraphs are separated by a blank line
    and lines inside a paragraph are joined with spaces so sentences flow. ``pages`` (PDF only)
    are consecutive slices of ``text``. ``title``/``published``/``url``/``site`` are hints from the
    document's own metadata (HTML meta tags, PDF info) for the metadata reader.
    """

    text: str
    kind: DocumentKind
    pages: tuple[Page, ...] = ()
    headings: tuple[Heading, ...] = ()
    title: str | None = None
    published: date | None = None
    url: str | None = None
    site: str | None = None
    raw_title: str | None = None
    warnings: tuple[str, ...] = ()
    ocr_unreliable: bool = False  # a PDF whose text layer reads like bad OCR (see sources.pdf.ocr_quality)
