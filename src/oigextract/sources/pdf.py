"""PDF bytes -> ``MainText``: the body text of a report, with page offsets and headings.

A PDF's text layer is lines, not paragraphs: every page repeats a running header and footer
("Hearing: March 5, 2002 Page 3"), words are hyphenated at line ends, and a sentence may run
across a page break. Two backends read the lines (pypdfium2, fast; pdfplumber, pure Python) and
hand them, with one bounding box per line, to the same pure cleaning code, so both give nearly
the same text:

* Running headers/footers: a line among the first or last three of a page whose digit-normalised
  form ("hearing: march #, #### page #") occurs there on at least 2 pages and 40 % of the pages
  with text; bare page numbers ("3", "- 3 -", "Page 3 of 10", "iii") there as well.
* Paragraphs: lines are joined with one space; a new paragraph ("\\n\\n") starts after a blank
  line (no geometry), a vertical gap over 1.5 line pitches, a jump up the page, a first-line
  indent after a line ending a sentence, a short line ending a sentence, a bullet or enumerator,
  and around headings. At a page break lines are joined like any others, so sentences flow on.
* Headings: a short line (< 80 characters, at most 14 words) in Title Case or ALL CAPS, with no
  terminal punctuation except "?", that follows the end of a paragraph and is followed by a line
  that starts with a capital, digit or bullet. A heading ending in "and"/"of"/"," or filling the
  line continues on the next heading-like line. Cover-page lines (names, committee) also qualify.
* Line-end hyphens: "OEI-07-" + "05-00340" and "24-" + "hour" keep the hyphen (the continuation
  is not a lowercase letter). For "infor-" + "mation" the document's own vocabulary decides: the
  joined word used elsewhere -> join; the hyphenated form used elsewhere, or the first part is a
  word on its own ("long-term") or a prefix kept hyphenated (self-, non-, well-, ...) -> keep the
  hyphen; otherwise join.

Page provenance: ``Page(number, start, end)`` is the slice of ``text`` made from that page's
lines. The separator between two pages (" ", "\\n\\n", or "" for a rejoined hyphenated word)
belongs to no page, so ``text[page.start:page.end]`` is exactly that page's text; a page with no
text is an empty slice at the end of the previous one.
"""

from __future__ import annotations

import gc
import io
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from statistics import median
from typing import Any, NamedTuple

import numpy

from ..deadline import Deadline
from ..errors import (
    ConfigurationError,
    CorruptDocumentError,
    DocumentError,
    DocumentTooLargeError,
    EncryptedPDFError,
    NoTextLayerError,
)
from ..types import Limits, Page
from .base import Heading, MainText
from .guards import check_streams

BACKENDS = ("pdfium", "pdfplumber")


class LineBox(NamedTuple):
    """A text line's box in PDF points, y growing down the page."""

    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class CleanText:
    """Output of :func:`clean_page_lines`: text, one ``(start, end)`` per page, headings."""

    text: str
    page_spans: tuple[tuple[int, int], ...]
    headings: tuple[Heading, ...]


@dataclass(slots=True)
class _RawPDF:
    pages: list[list[str]]
    boxes: list[list[LineBox | None]]
    title: str | None


@dataclass(slots=True)
class _Line:
    page: int
    text: str
    starts: bool = False  # a new paragraph starts at this line
    ends: bool = False  # a paragraph ends with this line
    short: bool = True  # stops short of the right margin (unknown without geometry)
    heading: bool = False
    continues_heading: bool = False


# ---------------------------------------------------------------------------------------------
# Line normalisation

_SYMBOL = re.compile("[\uf000-\uf0ff]")  # Symbol/Wingdings glyphs: bullets, arrows, boxes
_LIGATURE = re.compile("[\ufb00-\ufb04]")
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl"}
_LINE_END_HYPHEN = re.compile("[\x02\xad\ufffe][ \t]*$", re.MULTILINE)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\ufeff\ufffe\uffff\ue000-\uf8ff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_RULE = re.compile(r"[\W_]{3,}")  # "______", "* * *": drawn rules and separators


def normalize_lines(lines: Sequence[str]) -> list[str]:
    """Symbol-font bullets -> "•", soft hyphens at line ends -> "-", controls dropped, spaces collapsed.

    Works on the page as one string (a few regex passes) rather than line by line.
    """
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1 or "\r" in text:
        text = "\n".join(_LINE_BREAK.sub(" ", line) for line in lines)
    text = _SYMBOL.sub("•", text)
    if _LIGATURE.search(text):
        text = text.translate(_LIGATURES)
    text = _SPACES.sub(" ", _CONTROL.sub("", _LINE_END_HYPHEN.sub("-", text)))
    return [line.strip() for line in text.split("\n")]


# ---------------------------------------------------------------------------------------------
# Running headers, footers and page numbers

_ZONE = 3
_DIGITS = re.compile(r"\d+")
_EXACT_ONLY = re.compile(r"\.$")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_REPEAT_SHARE = 0.4
_PAGE_NUMBER = re.compile(
    r"(?:(?i:page)\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?i:of|/)\s*\d{1,4})?(?:\s*\|\s*(?i:page))?"
    r"|(?:(?i:page)\s*)?[ivxlc]{1,7}|(?i:page)\s*[IVXLC]{1,7}"
)


def _furniture_key(line: str) -> str:
    """Lower case with numbers as "#" ("Page 3 of 10" matches "Page 4 of 10") and page numbers at
    either end dropped ("10 House Committee" matches "House Committee"); digits inside URLs are kept,
    and lines ending like a sentence (footnotes: "...region7/71301125.asp.") must repeat exactly."""
    line = line.lower()
    if _EXACT_ONLY.search(line):
        return line
    # digits inside a URL are part of its identity; elsewhere they are page numbers
    parts = _URL.split(line)
    urls = _URL.findall(line) + [""]
    return "".join(_DIGITS.sub("#", part) + url for part, url in zip(parts, urls)).strip("# ")


def _zone(indices: list[int]) -> list[int]:
    return indices[:_ZONE] + indices[max(_ZONE, len(indices) - _ZONE):]


def find_furniture(pages: Sequence[Sequence[str]]) -> list[set[int]]:
    """Indices, per page, of running header/footer lines and bare page numbers to drop."""
    zones = [_zone([i for i, line in enumerate(page) if line]) for page in pages]
    counts: Counter[str] = Counter()
    for page, zone in zip(pages, zones):
        counts.update({_furniture_key(page[i]) for i in zone})
    with_text = sum(1 for zone in zones if zone)
    needed = max(2, math.ceil(_REPEAT_SHARE * with_text))
    repeated = {key for key, count in counts.items() if count >= needed}
    repeated |= _fuzzy_repeats([k for k, count in counts.items() if count < needed], counts, needed, repeated)
    return [
        {i for i in zone if _furniture_key(page[i]) in repeated or _PAGE_NUMBER.fullmatch(page[i])}
        for page, zone in zip(pages, zones)
    ]


_FUZZY_MIN_CHARS = 20
_FUZZY_RATIO = 0.85
_FUZZY_MAX_KEYS = 400


def _fuzzy_repeats(keys: list[str], counts: Counter[str], needed: int, repeated: set[str]) -> set[str]:
    """Running lines that OCR spells a little differently on each page ("Hearing" / "Hearng").

    Keys of zone lines that are long enough are grouped when they are nearly equal; a group
    that appears on enough pages is furniture. Bounded: only the first few hundred keys.
    """
    # footnote-like lines (ending with a full stop) and URLs must repeat exactly: never fuzzily
    candidates = [
        k for k in keys if len(k) >= _FUZZY_MIN_CHARS and not _EXACT_ONLY.search(k) and not _URL.search(k)
    ][:_FUZZY_MAX_KEYS]
    known = [k for k in repeated if len(k) >= _FUZZY_MIN_CHARS]
    if not candidates:
        return set()
    lines = candidates + known
    close = _maybe_similar(lines)
    found: set[str] = set()
    for index, key in enumerate(candidates):
        if key in found:
            continue
        if any(_similar(key, lines[other]) for other in close[index] if other >= len(candidates)):
            found.add(key)  # a misspelt copy of a line already known to repeat
            continue
        group = [key] + [lines[other] for other in close[index]
                         if index < other < len(candidates) and _similar(key, lines[other])]
        if sum(counts[k] for k in group) >= needed:
            found.update(group)
    return found


def _maybe_similar(lines: list[str]) -> list[list[int]]:
    """For each line, the others whose ``_similar`` test can pass, one numpy row operation per line.

    ``ratio()`` is at most the share of characters two lines have in common. Counted over the
    characters folded into 128 buckets, that share can only grow, so it stays an upper bound: the
    pairs it rules out are exactly ones ``_similar`` would reject, found without a Python loop per
    pair (the loop over pairs was a third of the PDF loader's own time).
    """
    counts = numpy.zeros((len(lines), 128), dtype=numpy.int32)
    for row, line in enumerate(lines):
        for char, number in _char_counts(line).items():
            counts[row, ord(char) % 128] += number
    lengths = numpy.array([len(line) for line in lines], dtype=numpy.float64)
    close: list[list[int]] = []
    for row in range(len(lines)):
        shared = numpy.minimum(counts[row], counts).sum(axis=1)
        total = lengths[row] + lengths
        bound = numpy.where(total > 0, 2.0 * shared / numpy.maximum(total, 1.0), 1.0)  # two empty lines: equal
        hits = numpy.flatnonzero(bound >= _FUZZY_RATIO)
        close.append([int(other) for other in hits if other != row])
    return close


def _similar(a: str, b: str) -> bool:
    """``SequenceMatcher(None, a, b).ratio() >= _FUZZY_RATIO``, its cheap upper bounds tried first.

    ``ratio()`` is at most ``quick_ratio()``, the share of characters the two lines have in common;
    that share is counted here from cached character counts (the number ``quick_ratio()`` gives,
    without building a matcher for the pair), and most pairs of zone lines stop there: the same
    answers, five times faster over the testimony archive.
    """
    if abs(len(a) - len(b)) > max(len(a), len(b)) * (1 - _FUZZY_RATIO):
        return False
    length = len(a) + len(b)
    if length and 2.0 * (_char_counts(a) & _char_counts(b)).total() / length < _FUZZY_RATIO:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= _FUZZY_RATIO and matcher.ratio() >= _FUZZY_RATIO


@lru_cache(maxsize=4096)
def _char_counts(line: str) -> Counter[str]:
    return Counter(line)


# ---------------------------------------------------------------------------------------------
# Paragraph starts and ends from line geometry

_SENTENCE_END = re.compile(r"""[.!?:;]["'”’)\]]*$""")


def _mode_left(boxes: list[LineBox]) -> float:
    counts = Counter(round(box.x0) for box in boxes)
    best = max(counts.values())
    return float(min(x for x, count in counts.items() if count == best))


class Breaks(NamedTuple):
    """Per line of a page: a paragraph starts here; ends here; the line stops short of the margin."""

    starts: list[bool]
    ends: list[bool]
    short: list[bool]


def geometry_breaks(texts: Sequence[str], boxes: Sequence[LineBox | None]) -> Breaks:
    """Paragraph starts and ends on one page, judged from the line boxes."""
    starts = [False] * len(texts)
    ends = [False] * len(texts)
    short = [True] * len(texts)
    known = [box for box in boxes if box is not None]
    if not known:
        return Breaks(starts, ends, short)
    height = median(box.bottom - box.top for box in known) or 10.0
    steps = [b.top - a.top for a, b in itertools.pairwise(known)]
    pitches = [step for step in steps if 0.5 * height < step < 4 * height]
    pitch = median(pitches) if pitches else 1.2 * height
    left = _mode_left(known)
    right = sorted(box.x1 for box in known)[int(0.9 * (len(known) - 1))]
    indent = 0.7 * height
    previous: LineBox | None = None
    for i, box in enumerate(boxes):
        if box is None:
            continue
        short[i] = box.x1 < right - 2.5 * height
        ends[i] = short[i] and bool(_SENTENCE_END.search(texts[i]))
        indented = left + indent < box.x0 < left + 6 * height
        if previous is None:
            starts[i] = indented
        else:
            step = box.top - previous.top
            prev_text = texts[i - 1] if i else ""
            starts[i] = (
                step > 1.5 * pitch + 1
                or step < -height
                or (step > 0.5 * height and indented and previous.x0 <= left + 2
                    and bool(_SENTENCE_END.search(prev_text)))
            )
        previous = box
    return Breaks(starts, ends, short)


# ---------------------------------------------------------------------------------------------
# Headings

_ENUMERATOR = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}|[A-Z])[.)]\s+")
_BULLET = re.compile(r"^(?:[•▪◦●○■□➢►✓*]|[-–]\s|o\s|\(?[a-z0-9]{1,2}\)\s|\d{1,2}\.\s)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_SMALL_WORDS = frozenset(
    "a an and as at by for from in into nor of on or per the to via vs with".split()  # noqa: SIM905
)
_CONNECTOR = re.compile(r"(?:,|&|\b(?:and|or|of|the|for|to|in|on|with|by))$")
_UNFINISHED = re.compile(r"(?:[,\-–]|\b(?:and|or|of|the|for|to|in|on|with|by|a|an))$")
_HEADING_NEXT = re.compile(r"^[A-Z0-9•▪◦●○■□➢►“\"']")
_MAX_HEADING_CHARS = 80
_MAX_HEADING_WORDS = 14
_MAX_WRAPPED_HEADING = 160


def heading_shape(line: str) -> bool:
    """Short, Title Case or ALL CAPS, no terminal punctuation except "?"."""
    if not 3 <= len(line) < _MAX_HEADING_CHARS or re.search(r"[.,;:\-–]$", line):
        return False
    body = _ENUMERATOR.sub("", line)
    words = _WORD.findall(body)
    tokens = body.split()
    if not words or len(tokens) > _MAX_HEADING_WORDS or 2 * len(words) < len(tokens):
        return False
    if len(words) < 2 and re.search(r"\d", body):  # "June 25, 2009", "Table 3"
        return False
    letters = "".join(words)
    if letters.isupper():
        return len(re.sub(r"[^A-Z]", "", letters)) >= 3
    if not words[0][0].isupper():
        return False
    return all(word[0].isupper() or word.lower() in _SMALL_WORDS for word in words)


def _wraps(prev: _Line, line: _Line, length: int) -> bool:
    """Does a heading go on in ``line``: it ended in "and"/","/..., or its line was full-width."""
    if line.starts or prev.ends or prev.page != line.page or _BULLET.match(line.text):
        return False
    if length + len(line.text) > _MAX_WRAPPED_HEADING:
        return False
    return bool(_CONNECTOR.search(prev.text)) or (not prev.short and not prev.continues_heading)


def _mark_headings(lines: list[_Line]) -> None:
    heading_length = 0
    for i, line in enumerate(lines):
        if not heading_shape(line.text):
            continue
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if prev is not None and prev.heading and _wraps(prev, line, heading_length):
            line.heading = line.continues_heading = True
            heading_length += len(line.text) + 1
            continue
        after_end = prev is None or line.starts or prev.ends or prev.heading \
            or bool(_SENTENCE_END.search(prev.text)) \
            or (prev.page != line.page and not _UNFINISHED.search(prev.text))
        before_start = nxt is None or nxt.starts or bool(_HEADING_NEXT.match(nxt.text))
        line.heading = after_end and before_start
        heading_length = len(line.text)


# ---------------------------------------------------------------------------------------------
# Joining lines

_HYPHENATED = re.compile(r"([A-Za-z0-9]+)-$")  # searched only in lines ending in "-"
_CONTINUATION = re.compile(r"[A-Za-z0-9]+((?:-[A-Za-z0-9]+)*)")
_SPLIT_WORD = re.compile(r"\w+-\n\w+")
_VOCAB_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_KEEP_PREFIXES = frozenset(["self", "non", "well", "ex", "cross", "all", "half"])
_NOT_A_SUFFIX = frozenset(["and", "or", "to", "nor"])


class _Vocabulary(Container[str]):
    """Lower-case words of the document, not counting the two halves of line-end hyphenations;
    built on first use (most documents never ask)."""

    def __init__(self, lines: list[_Line]) -> None:
        self._lines = lines
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            text = _SPLIT_WORD.sub(" ", "\n".join(line.text for line in self._lines).lower())
            self._words = frozenset(_VOCAB_WORD.findall(text))
        return word in self._words


def hyphen_join(first: str, second: str, vocabulary: Container[str]) -> str | None:
    """For a line ending in "-": "keep" (no space, keep "-"), "drop" (join the word), or None."""
    if not first.endswith("-"):
        return None
    fragment = _HYPHENATED.search(first)
    following = _CONTINUATION.match(second)
    if fragment is None or following is None:
        return None
    head, tail, compound = fragment.group(1), following.group(0), following.group(1) or ""
    if not (head[-1].isalpha() and tail[0].islower()):
        return "keep"
    if tail in _NOT_A_SUFFIX:
        return None
    if f"{head}{tail}{compound}".lower() in vocabulary:
        return "drop"
    if f"{head}-{tail}".lower() in vocabulary or f"{head}-{tail}{compound}".lower() in vocabulary:
        return "keep"
    if head.lower() in vocabulary or head.lower() in _KEEP_PREFIXES:
        return "keep"
    return "drop"


def _separator(a: _Line, b: _Line, vocabulary: Container[str], geometry: bool) -> tuple[str, bool]:
    """Separator between two consecutive lines and whether ``a`` loses its final hyphen."""
    if b.continues_heading:
        return " ", False
    if a.ends or b.starts or a.heading or b.heading or _BULLET.match(b.text):
        return "\n\n", False
    if not geometry and a.page != b.page and _SENTENCE_END.search(a.text) and b.text[:1].isupper():
        return "\n\n", False
    join = hyphen_join(a.text, b.text, vocabulary)
    if join is None:
        return " ", False
    return "", join == "drop"


# ---------------------------------------------------------------------------------------------
# The shared cleaning function


def _kept_lines(
    pages: Sequence[Sequence[str]], geometry: Sequence[Sequence[LineBox | None]] | None, furniture: bool
) -> list[_Line]:
    texts = [normalize_lines(page) for page in pages]
    drop = find_furniture(texts) if furniture else [set() for _ in texts]
    lines: list[_Line] = []
    for number, page in enumerate(texts):
        keep = [i for i, line in enumerate(page)
                if line and i not in drop[number] and not _RULE.fullmatch(line)]
        if geometry is not None:
            page_boxes = geometry[number]
            breaks = geometry_breaks([page[i] for i in keep], [page_boxes[i] for i in keep])
            lines.extend(
                _Line(number, page[i], starts, ends, short)
                for i, starts, ends, short in zip(keep, breaks.starts, breaks.ends, breaks.short)
            )
            continue
        blank_before = False
        for i, line in enumerate(page):
            if not line:
                blank_before = True
            elif i in keep:
                lines.append(_Line(number, line, starts=blank_before))
                blank_before = False
    return lines


def clean_page_lines(
    pages: Sequence[Sequence[str]],
    geometry: Sequence[Sequence[LineBox | None]] | None = None,
    *,
    furniture: bool = True,
) -> CleanText:
    """Lines per page (and optionally one box per line) -> main text, page spans, headings.

    Pure and backend-neutral: both PDF backends call it. Without ``geometry`` paragraph breaks
    come from blank lines, headings, bullets, and a page ending a sentence before a capital.
    ``furniture=False`` keeps running headers, footers and page numbers.
    """
    lines = _kept_lines(pages, geometry, furniture)
    _mark_headings(lines)
    vocabulary = _Vocabulary(lines)
    parts: list[str] = []
    spans: list[list[int]] = [[-1, -1] for _ in pages]
    heading_spans: list[list[int]] = []
    offset = 0
    for i, line in enumerate(lines):
        separator, drop_hyphen = ("", False)
        if i + 1 < len(lines):
            separator, drop_hyphen = _separator(line, lines[i + 1], vocabulary, geometry is not None)
        text = line.text[:-1] if drop_hyphen else line.text
        span = spans[line.page]
        if span[0] < 0:
            span[0] = offset
        parts.append(text)
        span[1] = offset + len(text)
        if line.continues_heading and heading_spans:
            heading_spans[-1][1] = span[1]
        elif line.heading:
            heading_spans.append([offset, span[1]])
        parts.append(separator)
        offset += len(text) + len(separator)
    text = "".join(parts)
    headings = tuple(Heading(text[start:end], start, end) for start, end in heading_spans)
    return CleanText(text, _fill_empty_pages(spans), headings)


def _fill_empty_pages(spans: list[list[int]]) -> tuple[tuple[int, int], ...]:
    """Pages without text get an empty span where the previous page ended."""
    result: list[tuple[int, int]] = []
    last_end = 0
    for start, end in spans:
        if start < 0:
            result.append((last_end, last_end))
        else:
            result.append((start, end))
            last_end = end
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# Text layer quality

_EDGE_PUNCT = "\"'()[]{}“”‘’.,;:!?*•"
_SKIP_TOKENS = re.compile(r"^(?:.*(?:https?:|www\.|@).*|\d+(?:st|nd|rd|th|s)|Ma?c[A-Z].*)$", re.MULTILINE)
_SUSPICIOUS = re.compile(  # one token per line
    r"^(?:.*[~\\|¿¡ß¥£^{}<>`À-ÖØ-öø-ÿ].*"  # characters English OCR output invents
    r"|[A-Za-z]*[a-z][A-Z][A-Za-z]*"  # case flips inside a word: "CoagrèS", "inSpector"
    r"|.*[a-z][01][a-z].*|[01][a-z]{2,}|[a-z]{2,}[01]|[il]\d{2,})$",  # l/1, O/0: "1eveis", "i985"
    re.MULTILINE,
)
_REAL_WORDS = re.compile(r"^(?=[^\n]*[aeiouyAEIOUY])[A-Za-z]{2,}(?:['’\-][A-Za-z]+)*$", re.MULTILINE)
_SUSPICIOUS_SHARE = 0.012
_MIN_WORD_SHARE = 0.5
_MIN_TOKENS = 50
_SAMPLE_TOKENS = 2000


def ocr_quality(text: str) -> tuple[float, float]:
    """(share of OCR-suspicious tokens, share of tokens that are words with a vowel), on a sample."""
    tokens = text.split()
    tokens = tokens[:: math.ceil(len(tokens) / _SAMPLE_TOKENS) or 1]  # an even sample is enough
    sample = _SKIP_TOKENS.sub("", "\n".join(token.strip(_EDGE_PUNCT) for token in tokens))
    count = sum(1 for token in sample.split("\n") if token)
    if not count:
        return 0.0, 1.0
    return len(_SUSPICIOUS.findall(sample)) / count, len(_REAL_WORDS.findall(sample)) / count


def _ocr_warning(source: str, text: str) -> str | None:
    if len(text.split(None, _MIN_TOKENS)) < _MIN_TOKENS:  # fewer than _MIN_TOKENS words (without splitting all)
        return None
    suspicious, words = ocr_quality(text)
    if suspicious < _SUSPICIOUS_SHARE and words >= _MIN_WORD_SHARE:
        return None
    return (
        f"{source}: text layer looks like unreliable OCR ({suspicious:.1%} of tokens garbled, "
        f"{words:.0%} dictionary-like words); extracted text may contain errors"
    )


# ---------------------------------------------------------------------------------------------
# Title hint

_BAD_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel)\b|untitled|document\d*$|slide \d|presentation\d*$)"
    r"|\.(?:docx?|pdf|wpd|rtf|pptx?|xlsx?|txt)\s*$"
    r"|^(?:good (?:morning|afternoon|evening)|thank you|chairman|mr\.|madam)\b"  # Word's first line
    r"|[:,;]$",
    re.IGNORECASE,
)


def meaningful_title(raw: object) -> str | None:
    """The info-dict Title unless it is empty, a file name, "Microsoft Word - ..." or a salutation."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str):
        return None
    title = normalize_lines([raw])[0]
    if len(title) < 4 or not re.search(r"[A-Za-z]{3}", title) or _BAD_TITLE.search(title):
        return None
    return title


# ---------------------------------------------------------------------------------------------
# Backends


class _Clock:
    """The reading's bounds: pages, time (the document's deadline) and characters read so far."""

    def __init__(self, source: str, limits: Limits, deadline: Deadline | None = None) -> None:
        self.source, self.limits = source, limits
        self.deadline = deadline or Deadline(source, limits.seconds)
        self.chars = 0

    def check_pages(self, count: int) -> None:
        if count > self.limits.max_pages:
            raise DocumentTooLargeError(
                self.source, f"the PDF has {count} pages, more than the limit of {self.limits.max_pages}"
            )
        if count == 0:
            raise CorruptDocumentError(self.source, "the PDF has no pages (truncated or malformed?)")

    def tick(self) -> None:
        self.deadline.check("reading the PDF's pages")

    def read(self, lines: list[str]) -> None:
        """Stop early when the pages read so far hold twice ``max_chars``: the text will be over it."""
        self.chars += sum(map(len, lines))
        if self.chars > 2 * self.limits.max_chars:
            raise DocumentTooLargeError(
                self.source, f"the PDF's text layer holds more than {self.chars} characters, over the limit of "
                f"{self.limits.max_chars}",
            )


_PDFIUM_BREAK = re.compile("\r\n|\r|\n|[\ufffe\x02](?=\\w)")  # U+FFFE: pdfium merged a hyphenated line


def _pdfium_lines(textpage: Any, height: float) -> tuple[list[str], list[LineBox | None]]:
    """The page's lines, split where pdfium broke them and where it merged a line-end hyphen."""
    raw = textpage.get_text_range()
    lines: list[str] = []
    boxes: list[LineBox | None] = []
    start = 0
    for match in [*_PDFIUM_BREAK.finditer(raw), None]:
        end = match.start() if match else len(raw)
        hyphen = match is not None and match.group() in "\ufffe\x02"
        lines.append(raw[start:end] + "-" if hyphen else raw[start:end])
        boxes.append(_pdfium_box(textpage, raw[start:end + hyphen], start, height))
        start = match.end() if match else end
    return lines, boxes


def _pdfium_box(textpage: Any, line: str, start: int, height: float) -> LineBox | None:
    stripped = line.strip()
    if not stripped:
        return None
    first = start + line.index(stripped[0])
    last = start + line.rindex(stripped[-1])
    x0, bottom, _, top = textpage.get_charbox(first, loose=True)
    _, last_bottom, x1, last_top = textpage.get_charbox(last, loose=True)
    return LineBox(x0, x1, height - max(top, last_top), height - min(bottom, last_bottom))


def _read_pdfium(data: bytes, source: str, password: str | None, clock: _Clock) -> _RawPDF:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        raise _pdfium_open_error(source, error, password) from None
    try:
        clock.check_pages(len(document))
        pages: list[list[str]] = []
        boxes: list[list[LineBox | None]] = []
        for index in range(len(document)):
            clock.tick()
            page = document[index]
            textpage = page.get_textpage()
            try:
                lines, line_boxes = _pdfium_lines(textpage, page.get_height())
            finally:
                textpage.close()
                page.close()
            pages.append(lines)
            boxes.append(line_boxes)
            clock.read(lines)
        title = meaningful_title(document.get_metadata_dict().get("Title"))
        return _RawPDF(pages, boxes, title)
    except pdfium.PdfiumError as error:
        raise CorruptDocumentError(source, f"PDFium could not read a page: {error}") from None
    finally:
        document.close()


def _pdfium_open_error(source: str, error: Exception, password: str | None) -> DocumentError:
    import pypdfium2.raw as pdfium_c

    code = getattr(error, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return _encrypted(source, password)
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedPDFError(source, "the PDF uses an unsupported encryption scheme")
    return CorruptDocumentError(source, f"not a readable PDF (truncated or malformed): {error}")


def _encrypted(source: str, password: str | None) -> EncryptedPDFError:
    if password is None:
        return EncryptedPDFError(source, "the PDF is encrypted; pass password= to read it")
    return EncryptedPDFError(source, "the PDF is encrypted and the password given is wrong")


def _plumber_lines(page: Any) -> tuple[list[str], list[LineBox | None]]:
    lines = page.extract_text_lines(return_chars=False)
    texts = [str(line["text"]) for line in lines]
    boxes: list[LineBox | None] = [
        LineBox(float(line["x0"]), float(line["x1"]), float(line["top"]), float(line["bottom"]))
        for line in lines
    ]
    return texts, boxes


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while pdfminer reads a document.

    pdfminer and pdfplumber allocate millions of short-lived objects per document, and each burst
    triggers collections; every full one also walks the long-lived objects of spaCy and the rule
    pipeline (some 90,000), which cost the pdfplumber backend 10-15 % of its time. Reference
    counting still frees the objects at once; cyclic garbage, if any, is collected when the
    collector is back. It is turned on again only if it was on, so a caller's ``gc.disable()`` holds.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_pdfplumber(data: bytes, source: str, password: str | None, clock: _Clock) -> _RawPDF:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with _collector_paused(), pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            clock.check_pages(len(pdf.pages))
            pages: list[list[str]] = []
            boxes: list[list[LineBox | None]] = []
            for page in pdf.pages:
                clock.tick()
                lines, line_boxes = _plumber_lines(page)
                page.close()
                pages.append(lines)
                boxes.append(line_boxes)
                clock.read(lines)
            return _RawPDF(pages, boxes, meaningful_title(pdf.metadata.get("Title")))
    except DocumentError:
        raise
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer raises many unrelated types on bad input
        cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise _encrypted(source, password) from None
        raise CorruptDocumentError(
            source, f"not a readable PDF (truncated or malformed): {type(cause).__name__}: {cause}"
        ) from None


_READERS: dict[str, Callable[[bytes, str, str | None, _Clock], _RawPDF]] = {
    "pdfium": _read_pdfium,
    "pdfplumber": _read_pdfplumber,
}


# ---------------------------------------------------------------------------------------------
# Entry point

_MIN_CHARS_PER_PAGE = 16
_NON_WORD = re.compile(r"\W+")


def _word_chars(lines: list[str]) -> int:
    """Letters and digits on a page (cheap upper bound first: most pages have plenty)."""
    text = "".join(lines)
    if len(text) > 4 * _MIN_CHARS_PER_PAGE and text.count(" ") < len(text) // 2:
        return len(text)
    return len(_NON_WORD.sub("", text))


def _check_text_layer(source: str, raw: _RawPDF) -> list[str]:
    """Raise ``NoTextLayerError`` when pages are images only; warn when many are."""
    per_page = [_word_chars(page) for page in raw.pages]
    if sum(per_page) < _MIN_CHARS_PER_PAGE * len(per_page):
        raise NoTextLayerError(
            source, f"no text layer on its {len(per_page)} page(s) (scanned images?): OCR is needed"
        )
    blank = sum(1 for count in per_page if count == 0)
    if blank * 4 >= len(per_page) and blank > 1:
        return [f"{source}: {blank} of {len(per_page)} pages have no text layer (images only?); OCR them"]
    return []


def load_pdf(
    data: bytes,
    source: str,
    *,
    backend: str = "pdfium",
    password: str | None = None,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so sharing one default is safe
    deadline: Deadline | None = None,
) -> MainText:
    """Main text of a PDF with page offsets, headings, an info-dict title hint and warnings.

    Raises ``EncryptedPDFError``, ``CorruptDocumentError`` (also for a PDF without pages),
    ``DocumentTooLargeError`` (``DocumentTimeoutError`` past ``deadline``, by default ``limits.seconds``
    from now) or ``NoTextLayerError``; ``ConfigurationError`` for an unknown backend. Compressed streams
    are measured before the parser runs (``guards``), so a decompression bomb is refused.
    """
    reader = _READERS.get(backend)
    if reader is None:
        raise ConfigurationError(f"unknown PDF backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if len(data) > limits.max_bytes:
        raise DocumentTooLargeError(source, f"{len(data)} bytes, more than the limit of {limits.max_bytes}")
    check_streams(data, source, limits)
    raw = reader(data, source, password, _Clock(source, limits, deadline))
    warnings = _check_text_layer(source, raw)
    if b"%%EOF" not in data[-2048:]:
        warnings.append(f"{source}: the file looks truncated (no %%EOF at its end); text may be incomplete")
    clean = clean_page_lines(raw.pages, raw.boxes)
    if not clean.text:  # every line repeats on every page: nothing is "running", keep it all
        clean = clean_page_lines(raw.pages, raw.boxes, furniture=False)
    if len(clean.text) > limits.max_chars:
        raise DocumentTooLargeError(
            source, f"{len(clean.text)} characters of text, more than the limit of {limits.max_chars}"
        )
    warning = _ocr_warning(source, clean.text)
    if warning:
        warnings.append(warning)
    pages = tuple(Page(number, start, end) for number, (start, end) in enumerate(clean.page_spans, 1))
    return MainText(
        text=clean.text,
        kind="pdf",
        pages=pages,
        headings=clean.headings,
        title=raw.title,
        warnings=tuple(warnings),
        ocr_unreliable=warning is not None,
    )
