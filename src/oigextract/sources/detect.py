"""Decide what a document is from its bytes, never from its file name.

A file called ``report.pdf`` that is really a saved HTML error page is HTML; a PDF may have junk
before ``%PDF-`` (the spec allows the header within the first 1024 bytes).
"""

from __future__ import annotations

import re

from ..errors import EmptyDocumentError, UnsupportedDocumentError
from ..types import DocumentKind

_HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>|div[\s>]|p>|table[\s>]|h[1-6][\s>])",
    re.IGNORECASE,
)
_BINARY_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32)) - {27}


def detect_kind(data: bytes, source: str) -> DocumentKind:
    """``pdf`` if ``%PDF-`` is in the first 1024 bytes, ``html`` if markup leads, else ``text``.

    Raises ``EmptyDocumentError`` for no bytes and ``UnsupportedDocumentError`` for binary data
    that is neither (an image, a zip, random bytes).
    """
    if not data.strip():
        raise EmptyDocumentError(source, "the document is empty (no bytes or only whitespace)")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if _HTML_MARKERS.search(data[:8192]):
        return "html"
    if _looks_binary(data[:8192].rstrip(b"\x00")):  # NUL padding after the text (a broken download) is not content
        raise UnsupportedDocumentError(
            source, "not a PDF, HTML or text document (binary content of an unknown kind)"
        )
    return "text"


def _looks_binary(sample: bytes) -> bool:
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text with a byte-order mark
        return False
    if b"\x00" in sample and sample.count(b"\x00") > len(sample) // 100:
        return True
    odd = sum(1 for byte in sample if byte in _BINARY_BYTES)
    return odd > len(sample) * 0.05
