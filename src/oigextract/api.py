"""``extract``: one document in, one ``Report`` out. Reads the source, loads, runs the rules, assembles."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Union

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from .assemble import assemble
from .deadline import Deadline, _TimeUp, alarm
from .errors import (
    ConfigurationError, DocumentNotFoundError, DocumentTooLargeError, OigExtractError,
    UnsupportedDocumentError,
)
from .pipeline import load_pipeline
from .review import review
from .sources.base import MainText
from .sources.decode import decode_bytes, strip_control
from .sources.detect import detect_kind
from .sources.guards import check_html_size, flatten_deep_html
from .structure.metadata import read_metadata
from .structure.recommendations import read_recommendations
from .types import DOCUMENT_KINDS, DocumentKind, Limits, Report

Source = Union[str, os.PathLike[str], bytes]
BACKENDS = ("pdfium", "pdfplumber")
DEFAULT_BACKEND = "pdfium"
_PATH_SUFFIXES = (".pdf", ".html", ".htm", ".txt", ".text", ".xhtml")


def read_source(source: Source, limits: Limits) -> tuple[bytes, str]:
    """(bytes, label) for a path, bytes, or a text/HTML string given directly."""
    if isinstance(source, bytes):
        return source, "<bytes>"
    if isinstance(source, os.PathLike) or _looks_like_path(source):
        path = Path(source)
        label = str(path)
        if not _is_file(path):
            raise DocumentNotFoundError(label, "no such file")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentTooLargeError(label, f"{size} bytes is over the limit of {limits.max_bytes} bytes")
        try:
            return path.read_bytes(), label
        except OSError as exc:
            raise UnsupportedDocumentError(label, f"the file could not be read ({exc.strerror})") from None
    if isinstance(source, str):
        return source.encode("utf-8"), "<text>"
    raise ConfigurationError(f"source must be a path, bytes or str, not {type(source).__name__}")


def _looks_like_path(source: object) -> bool:
    if not isinstance(source, str) or "\n" in source or len(source) > 4096 or not source.strip():
        return False
    return source.lower().endswith(_PATH_SUFFIXES) or _is_file(Path(source))


def _is_file(path: Path) -> bool:
    """``Path.is_file`` without the OSError a name over the system's limit raises."""
    try:
        return path.is_file()
    except OSError:
        return False


def load_main_text(
    data: bytes, label: str, kind: DocumentKind | None, backend: str, password: str | None, limits: Limits,
    deadline: Deadline | None = None,
) -> MainText:
    """Detect the kind (unless forced) and run the matching loader."""
    if len(data) > limits.max_bytes:
        raise DocumentTooLargeError(label, f"{len(data)} bytes is over the limit of {limits.max_bytes} bytes")
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise ConfigurationError(f"kind must be one of {DOCUMENT_KINDS}, not {kind!r}")
    if backend not in BACKENDS:
        raise ConfigurationError(f"backend must be one of {BACKENDS}, not {backend!r}")
    detected = kind or detect_kind(data, label)
    if detected == "pdf":
        from .sources.pdf import load_pdf

        return load_pdf(data, label, backend=backend, password=password, limits=limits, deadline=deadline)
    text = strip_control(decode_bytes(data))
    if detected == "html":
        from .sources.html import load_html

        check_html_size(text, label, limits)
        text, notes = flatten_deep_html(text, label)
        main = load_html(text, label)
        return dataclasses.replace(main, warnings=main.warnings + notes) if notes else main
    from .sources.text import load_text

    return load_text(text, label)


def run_pipeline(nlp: Language, text: str, doc_date: date | None, deadline: Deadline | None = None) -> Doc:
    """Run the rules with the document's own date set first, so "last year" can be resolved."""
    doc = nlp.make_doc(text)
    doc._.oig_doc_date = doc_date
    for name, component in nlp.pipeline:
        if deadline is not None:
            deadline.check(f"running the rules ({name})")
        doc = component(doc)
    return doc


def extract(
    source: Source,
    *,
    kind: DocumentKind | None = None,
    backend: str = DEFAULT_BACKEND,
    password: str | None = None,
    limits: Limits | None = None,
    nlp: Language | None = None,
) -> Report:
    """Extract the findings of one document.

    ``source`` is a path (str or Path), the document's bytes, or its text/HTML as a string. The
    kind is detected from the content, not the file name. Raises ``OigExtractError`` subclasses
    only; nothing found is an empty ``Report.findings``, not an error. ``limits.seconds`` bounds the
    call: ``DocumentTimeoutError`` past it (checked between stages and PDF pages everywhere, and by
    SIGALRM when called in a process's main thread; see ``oigextract.deadline``).
    """
    limits = limits or Limits()
    deadline = Deadline("<source>", limits.seconds)
    try:
        with alarm(deadline):
            return _extract(source, kind, backend, password, limits, nlp, deadline)
    except _TimeUp:
        raise deadline.error("extracting") from None


def _extract(
    source: Source, kind: DocumentKind | None, backend: str, password: str | None, limits: Limits,
    nlp: Language | None, deadline: Deadline,
) -> Report:
    data, label = read_source(source, limits)
    deadline.source = label
    content_hash = hashlib.sha256(data).hexdigest()
    main = load_main_text(data, label, kind, backend, password, limits, deadline)
    if len(main.text) > limits.max_chars:
        raise DocumentTooLargeError(label, f"{len(main.text)} characters is over the limit of {limits.max_chars}")
    deadline.check("reading the document")
    metadata = read_metadata(main, data)
    pipeline = nlp or load_pipeline()
    pipeline.max_length = max(pipeline.max_length, len(main.text) + 1)
    try:
        doc = run_pipeline(pipeline, main.text, metadata.published, deadline)
    except OigExtractError:
        raise
    except RecursionError:
        raise DocumentTooLargeError(label, "the text is too deeply structured to analyse") from None
    deadline.check("running the rules")
    result = assemble(doc, main)
    deadline.check("assembling the findings")
    reviewed = review(label, main, metadata, result.findings, read_recommendations(doc, main))
    return Report(
        source=label,
        kind=main.kind,
        text=main.text,
        metadata=metadata,
        findings=reviewed.findings,
        pages=main.pages,
        warnings=reviewed.warnings,
        agencies=result.agencies,
        recommendations=reviewed.recommendations,
        content_hash=content_hash,
    )
