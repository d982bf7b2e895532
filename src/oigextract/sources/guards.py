"""Cheap measurements that refuse a hostile document before a parser spends time or memory on it.

``check_html_size``: an HTML page whose visible text (outside tags, scripts, styles and comments) is
over ``Limits.max_chars`` is refused before trafilatura parses it — its main text would be over the
limit anyway, and trafilatura takes minutes on a 50 MB page. Pages up to ``max_chars`` bytes are not
measured at all.

``check_streams``: what a PDF's compressed streams would cost, measured before a parser inflates them.

A few hundred kilobytes of FlateDecode can inflate to gigabytes (a "decompression bomb"), and PDFium
and pdfminer inflate a page's content in memory, in code that no time limit can interrupt. A page
that shows millions of characters costs about 200 bytes each in PDFium and far more in pdfminer.
So before either parser runs, every Flate-compressed stream except images (text extraction never
decodes those) is inflated here in 1 MiB pieces that are counted and thrown away:

* a stream that inflates to more than ``STREAM_BYTES_PER_CHAR * Limits.max_chars`` bytes
  (160 MiB by default) is refused;
* a content stream (a page's, or a form's) whose string operands hold more than ``Limits.max_chars``
  bytes — an upper bound on the characters it shows, plus ``Do`` operators times the largest form's
  — is refused: that page alone is over the document's character limit.

Both raise ``DocumentTooLargeError``. Not covered (documented in docs/robustness.md): streams of an
encrypted PDF (they cannot be inflated without decrypting) and filters other than FlateDecode first.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from ..errors import DocumentTooLargeError
from ..types import Limits

STREAM_BYTES_PER_CHAR = 32  # content-stream bytes a legitimate page spends per character shown, at most
_PIECE = 1 << 20
# "stream" + end of line, not preceded by a letter ("endstream"): the letter is checked apart, since
# a pattern that starts with a look-behind cannot skip ahead to "stream" (it was 70 % of this check)
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DICT_WINDOW = 4096
_FLATE = re.compile(rb"/Filter\s*(?:\[\s*)?/(?:FlateDecode|Fl)(?![A-Za-z])")
_IMAGE = re.compile(rb"/Subtype\s*/Image(?![A-Za-z])")
_FORM = re.compile(rb"/Subtype\s*/Form(?![A-Za-z])")
_NOT_CONTENT = re.compile(  # fonts, ICC profiles, metadata, files, object and xref streams
    rb"/Length[123](?![A-Za-z])|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType|XML)(?![A-Za-z])"
    rb"|/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile)(?![A-Za-z])|/N\s+\d"
)
_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>", re.DOTALL)


@dataclass(slots=True)
class _Stream:
    start: int
    size: int
    calls: int  # "Do" operators: forms (or images) drawn
    form: bool
    content: bool
    shown: int | None = None  # bytes in string operands, counted only when needed


def _inflate(data: memoryview, start: int, limit: int, count_strings: bool) -> tuple[int, int, int, bool]:
    """(inflated size, "Do" count, string-operand bytes, over ``limit``) of the stream at ``start``.

    Stops at the end of the deflate data, at a zlib error (a damaged or encrypted stream: the
    parser will judge it), or as soon as the size passes ``limit``.
    """
    inflater = zlib.decompressobj()
    size = calls = shown = 0
    carry = b""
    offset = start
    feed: bytes | memoryview = data[offset:offset + _PIECE]
    offset += len(feed)
    while True:
        try:
            piece = inflater.decompress(feed, _PIECE)
        except zlib.error:
            break
        size += len(piece)
        if size > limit:
            return size, calls, shown, True
        calls += piece.count(b"Do")
        if count_strings and piece:
            text = carry + piece
            opened = max(text.rfind(b"("), text.rfind(b"<"))
            cut = opened if opened > max(text.rfind(b")"), text.rfind(b">")) else len(text)
            shown += sum(map(len, _STRING.findall(text, 0, cut)))
            carry = text[cut:]  # a string still open at the piece's end is counted with the next one
            if len(carry) > _PIECE:  # a string longer than a piece: all of it is shown
                shown += len(carry) - 1
                carry = carry[:1]
        if inflater.eof:
            break
        if inflater.unconsumed_tail:
            feed = inflater.unconsumed_tail
        elif offset < len(data):
            feed = data[offset:offset + _PIECE]
            offset += len(feed)
        else:
            break
    return size, calls, shown, False


def check_streams(data: bytes, source: str, limits: Limits) -> None:
    """Raise ``DocumentTooLargeError`` if a stream would inflate past the limits (see the module doc)."""
    view = memoryview(data)
    byte_limit = STREAM_BYTES_PER_CHAR * limits.max_chars
    streams: list[_Stream] = []
    for match in _STREAM.finditer(data):
        if match.start() and data[match.start() - 1] in _LETTERS:
            continue
        window = data[max(0, match.start() - _DICT_WINDOW):match.start()]
        header = window[window.rfind(b"obj") + 1:] if b"obj" in window else window[-1024:]
        if not _FLATE.search(header) or _IMAGE.search(header):
            continue
        form = bool(_FORM.search(header))
        content = form or not _NOT_CONTENT.search(header)
        size, calls, shown, over = _inflate(view, match.end(), byte_limit, count_strings=form)
        if over:
            raise DocumentTooLargeError(
                source, f"a compressed stream inflates to more than {byte_limit} bytes "
                f"({STREAM_BYTES_PER_CHAR} x Limits.max_chars): a decompression bomb?",
            )
        streams.append(_Stream(match.end(), size, calls if content else 0, form, content, shown if form else None))
    form_chars = max((s.shown or 0 for s in streams if s.form), default=0)
    for stream in streams:
        if not stream.content or stream.size + stream.calls * form_chars <= limits.max_chars:
            continue  # cannot show more characters than it has bytes
        if stream.shown is None:
            stream.shown = _inflate(view, stream.start, byte_limit, count_strings=True)[2]
        if stream.shown + stream.calls * form_chars > limits.max_chars:
            raise DocumentTooLargeError(
                source, f"one page would show more than {limits.max_chars} characters "
                "(Limits.max_chars) — the limit for the whole document",
            )


_HIDDEN = ((b"<script", b"</script"), (b"<style", b"</style"), (b"<!--", b"-->"))
_TAG = re.compile(r"<[^<>]*>")
_SPACE = re.compile(r"\s+")


def visible_chars(html: str) -> int:
    """Characters of ``html`` outside tags, scripts, styles and comments, runs of white space as one.

    Linear in the page: plain ``str.find`` for the hidden parts (an unclosed ``<script`` hides the
    rest), and a tag pattern that cannot backtrack across ``<``.
    """
    lowered = html.lower()
    kept: list[str] = []
    position = 0
    while True:
        starts = [(lowered.find(opener, position), opener, closer) for opener, closer in
                  ((o.decode(), c.decode()) for o, c in _HIDDEN)]
        found = [item for item in starts if item[0] >= 0]
        if not found:
            kept.append(html[position:])
            break
        start, _, closer = min(found)
        kept.append(html[position:start])
        end = lowered.find(closer, start)
        if end < 0:
            break
        position = end + len(closer)
        if html.startswith("</", end):  # "</script >": past its ">"
            position = lowered.find(">", position) + 1 or len(html)
    text = _TAG.sub(" ", "".join(kept))
    return len(text) - sum(len(run) - 1 for run in _SPACE.findall(text))


def check_html_size(html: str, source: str, limits: Limits) -> None:
    """Raise ``DocumentTooLargeError`` when the page's visible text is over ``limits.max_chars``."""
    if len(html) <= limits.max_chars:
        return
    chars = visible_chars(html)
    if chars > limits.max_chars:
        raise DocumentTooLargeError(
            source, f"the HTML page has {chars} characters of visible text, over the limit of {limits.max_chars}",
        )


# libxml2 (under lxml and trafilatura) stops building the tree 256 elements deep and drops the rest of
# the page without an error we can see. A page nested that deep (unclosed <font> tags, or hostile) is read
# with its layout elements removed; only elements that never nest deeply in practice are kept.
LIBXML2_MAX_DEPTH = 255
_OPEN_OR_CLOSE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*>")
_VOID = "area base br col embed hr img input link meta param source track wbr"
_SELF_CLOSING = "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rp rt html head body"
_NOT_NESTING = frozenset(f"{_VOID} {_SELF_CLOSING}".split())  # HTML closes these by itself
_KEPT_WHEN_FLAT = frozenset("html head title meta body p br h1 h2 h3 h4 h5 h6 li dt dd tr td th pre".split())  # noqa: SIM905


def html_depth(html: str) -> int:
    """The deepest nesting of elements that can nest, counted from the tags (a fast upper bound of what
    libxml2 builds: it also closes some inline elements by itself)."""
    depth = deepest = 0
    for match in _OPEN_OR_CLOSE.finditer(html):
        if match.group(2).lower() in _NOT_NESTING or match.group(0).endswith("/>"):
            continue
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def flatten_deep_html(html: str, source: str) -> tuple[str, tuple[str, ...]]:
    """The page, and a warning, with its layout tags removed when it nests deeper than libxml2 reads."""
    depth = html_depth(html)
    if depth <= LIBXML2_MAX_DEPTH:
        return html, ()
    flat = _OPEN_OR_CLOSE.sub(
        lambda m: m.group(0) if m.group(2).lower() in _KEPT_WHEN_FLAT else " ", html
    )
    warning = (
        f"{source}: the HTML nests elements {depth} deep, more than the parser reads ({LIBXML2_MAX_DEPTH}); "
        "it was read with its layout elements removed, so sections and boilerplate may be less clean"
    )
    return flat, (warning,)
