"""Hostile documents made on the fly: hand-written PDFs (blank pages, a decompression bomb, an image-only
page), deeply nested and very large HTML, mis-encoded pages, control characters, slow-date strings.

Nothing here is copied from the shared corpus; the generators are deterministic, so a failure reproduces.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable, Iterator

SENTENCE = (
    "The Centers for Medicare & Medicaid Services paid 1,204 claims totaling $3.4 million in fiscal year 2015 "
    "that were not supported, an estimate we could not verify."
)


def _stream(content: bytes, *, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), extra, content)


def pdf_document(page_streams: Iterable[bytes | None], *, extra_objects: Iterable[bytes] = (),
                 resources: bytes = b"<< /Font << /F1 3 0 R >> >>") -> bytes:
    """A valid PDF 1.4 with one page per item: ``None`` is a page without contents, bytes are an already
    serialised stream object body (see :func:`text_stream`, :func:`flate_stream`).

    Objects: 1 catalog, 2 page tree, 3 Helvetica, then ``extra_objects`` (4, 5, ...), then per page its
    page object and, if any, its content stream.
    """
    extras = list(extra_objects)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += extras
    kids: list[int] = []
    for stream in page_streams:
        page_number = len(objects) + 1
        kids.append(page_number)
        if stream is None:
            objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s >>" % resources)
        else:
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
                % (resources, page_number + 1)
            )
            objects.append(stream)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_stream(lines: Iterable[str]) -> bytes:
    """An uncompressed content stream that shows ``lines`` in Helvetica 11, top to bottom."""
    ops = [b"BT /F1 11 Tf 14 TL 72 740 Td"]
    for line in lines:
        escaped = line.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(%s) Tj T*" % escaped)
    ops.append(b"ET")
    return _stream(b"\n".join(ops))


def flate_stream(chunks: Iterator[bytes]) -> bytes:
    """A /FlateDecode content stream of the concatenated ``chunks`` (compressed as they come)."""
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(chunk) for chunk in chunks) + compressor.flush()
    return _stream(data, extra=b" /Filter /FlateDecode")


def blank_pages_pdf(pages: int = 2000) -> bytes:
    """``pages`` empty pages (no content stream at all)."""
    return pdf_document([None] * pages)


def bomb_pdf(inflated_mb: int = 400, *, kind: str = "spaces") -> bytes:
    """One page whose content stream inflates to ``inflated_mb`` MiB.

    ``spaces``: whitespace only (the parser must inflate it all to find nothing); ``text``: one short line
    of text followed by the whitespace, so the page has a real text layer.
    """
    block = b" " * (1 << 20)
    head = b"BT /F1 11 Tf 72 740 Td (" + SENTENCE.encode("latin-1") + b") Tj ET\n" if kind == "text" else b""
    chunks = iter([head, *(block for _ in range(inflated_mb))])
    return pdf_document([flate_stream(chunks)])


def text_ops_bomb_pdf(inflated_mb: int = 200) -> bytes:
    """One page whose content stream inflates to ``inflated_mb`` MiB of text-showing operators: millions of
    glyphs on one page."""
    op = b"(" + SENTENCE.encode("latin-1") + b") Tj T*\n"
    per_mb = (1 << 20) // len(op)
    block = op * per_mb
    chunks = iter([b"BT /F1 11 Tf 14 TL 72 740 Td\n", *(block for _ in range(inflated_mb)), b"ET"])
    return pdf_document([flate_stream(chunks)])


def image_only_pdf(pages: int = 2) -> bytes:
    """Pages that only paint a grey 200x100 image (a "scan"): no text layer at all."""
    width, height = 200, 100
    pixels = bytes(random.Random(7).randrange(256) for _ in range(width * height))
    image = _stream(
        zlib.compress(pixels),
        extra=b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode" % (width, height),
    )
    draw = _stream(b"q 400 0 0 200 100 500 cm /Im1 Do Q")
    return pdf_document([draw] * pages, extra_objects=[image],
                        resources=b"<< /XObject << /Im1 4 0 R >> >>")


def text_pdf(lines: Iterable[str]) -> bytes:
    """One page of plain text lines."""
    return pdf_document([text_stream(lines)])


# --- HTML ------------------------------------------------------------------------------------------


def nested_html(depth: int = 10_000, tag: str = "div") -> str:
    """``depth`` nested elements around one paragraph of text."""
    return (
        "<html><head><title>Deep page</title></head><body>"
        + f"<{tag}>" * depth + f"<p>{SENTENCE}</p>" + f"</{tag}>" * depth
        + "</body></html>"
    )


def large_html(megabytes: int = 50) -> bytes:
    """A report page of about ``megabytes`` MB: one article of distinct paragraphs, as a huge archive page."""
    paragraphs = []
    size = 0
    i = 0
    while size < megabytes * 1_000_000:
        paragraph = (
            f"<p>In audit {i}, we found that the State agency paid {i % 900 + 10} hospitals "
            f"${i % 97 + 1},{i % 1000:03d} for services in fiscal year {2000 + i % 20} that were not documented.</p>\n"
        )
        paragraphs.append(paragraph)
        size += len(paragraph)
        i += 1
    return (
        "<html><head><title>A very large page</title></head><body><article><h1>A very large page</h1>\n"
        + "".join(paragraphs) + "</article></body></html>"
    ).encode("ascii")


def legacy_encoded_html(encoding: str) -> bytes:
    """A page with accented letters and typographic quotes, encoded in ``encoding``, with no declared charset."""
    body = (
        "<html><head><title>Médicaid payments in Puerto Rico</title></head><body><article>"
        "<h1>Médicaid payments in Puerto Rico</h1>"
        "<p>The Administración de Seguros de Salud paid 1,204 claims totaling $3.4 million in fiscal year 2015 "
        "that were not supported; the señor's data were incomplete.</p>"
    )
    if encoding == "cp1252":
        body += "<p>The agency’s “estimate” of 77 providers — we could not verify it — was used.</p>"
    return (body + "</article></body></html>").encode(encoding)


# --- text ------------------------------------------------------------------------------------------


def control_text() -> bytes:
    """A report sentence sprinkled with NUL and every other C0 control character, plus DEL."""
    controls = [bytes([c]) for c in range(32) if c not in (9, 10, 13)] + [b"\x7f"]
    words = SENTENCE.encode("ascii").split(b" ")
    out = bytearray()
    for i, word in enumerate(words):
        out += word + controls[i % len(controls)] + b" "
    return b"Review of Payments\n\n" + bytes(out).strip() + b"\n"


SLOW_DATE_STRINGS: dict[str, str] = {
    "digit-run": "1" * 20_000,
    "digit-punctuation-run": "1/2-3.4," * 5_000,
    "month-run": "January " * 5_000 + "were not supported.",
    "month-day-run": "March 5, " * 4_000 + "2015 the agency paid 12 claims.",
    "fiscal-year-run": "fiscal year " * 5_000 + "2015 the agency paid 12 claims.",
    "ordinal-run": "1st 2nd 3rd 4th " * 4_000 + "of May 2015, we found 12 errors.",
    "long-number": "The agency paid $" + "9" * 5_000 + " to 12 hospitals.",
    "comma-number": "We found " + ",".join(["999"] * 3_000) + " claims.",
    "dotted-date": "On " + ".".join(["12"] * 5_000) + " the agency paid 12 hospitals.",
    "mixed-calendar": " ".join(f"{m} {d}, {y}" for m, d, y in zip(
        ["Jan.", "Feb", "Sept.", "Oct"] * 1500, range(6000), range(1900, 7900))) + ".",
}
