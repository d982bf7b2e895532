"""Plain text -> MainText, keeping only the article body of scraped pages.

Text scraped from a news site keeps its furniture: newsletter boxes, an author bio, a list of
related headlines with one-line blurbs. A paragraph is kept when it reads as prose (ends like a
sentence and has enough words) and matches no boilerplate cue; the first line is kept as the
headline when it is short. Headlines and blurbs of a related list do not end like sentences, which
is what keeps "New tariffs set on 14 trading partners" out of the findings.
"""

from __future__ import annotations

import re

from ..errors import EmptyDocumentError
from .base import MainText
from .boilerplate import is_boilerplate
from .builder import Block, build_main_text, normalize_space

_SENTENCE_END = re.compile(r"""[.!?:;]["'”’)\]]*$""")
_SEPARATOR = re.compile(r"^[\W_]{1,5}$")
_MIN_PROSE_WORDS = 6
_MAX_HEADLINE_WORDS = 30
_MAX_HEADING_WORDS = 12


def _paragraphs(text: str) -> list[str]:
    """Blank-line blocks; a block of hard-wrapped lines is one paragraph, else each line is one."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if len(lines) > 1 and _hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines of similar width that mostly do not end a sentence were wrapped by a writer's tool."""
    body = lines[:-1]
    unfinished = sum(1 for line in body if not _SENTENCE_END.search(line))
    widths = [len(line) for line in body]
    return unfinished >= len(body) * 0.6 and min(widths) >= 40 and max(widths) <= 100


def is_prose(paragraph: str) -> bool:
    """Ends like a sentence and is long enough to be one."""
    return bool(_SENTENCE_END.search(paragraph)) and len(paragraph.split()) >= _MIN_PROSE_WORDS


def _is_heading(paragraph: str, index: int, paragraphs: list[str], keep: list[bool]) -> bool:
    """A short line directly followed by kept prose ("WHAT WE FOUND") heads a section."""
    return (
        len(paragraph.split()) <= _MAX_HEADING_WORDS
        and index + 1 < len(paragraphs)
        and keep[index + 1]
        and not _SEPARATOR.match(paragraph)
        and not is_boilerplate(paragraph)
    )


def load_text(text: str, source: str) -> MainText:
    """Main text of a plain-text document; raises ``EmptyDocumentError`` when none is left."""
    paragraphs = [normalize_space(p) for p in _paragraphs(text)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise EmptyDocumentError(source, "the text document is empty")
    blocks: list[Block] = []
    title = None
    first = paragraphs[0]
    if not is_prose(first) and len(first.split()) <= _MAX_HEADLINE_WORDS and not is_boilerplate(first):
        title = first
        blocks.append(Block(first, heading=True, level=1))
        paragraphs = paragraphs[1:]
    keep = [not _SEPARATOR.match(p) and not is_boilerplate(p) and is_prose(p) for p in paragraphs]
    for index, paragraph in enumerate(paragraphs):
        if keep[index]:
            blocks.append(Block(paragraph))
        elif _is_heading(paragraph, index, paragraphs, keep):
            blocks.append(Block(paragraph, heading=True))
    if not blocks:
        raise EmptyDocumentError(source, "no prose paragraphs found in the text document")
    return build_main_text(blocks, "text", title=title)
