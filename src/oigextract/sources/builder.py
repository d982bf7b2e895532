"""Join paragraphs into one main text while keeping heading offsets: shared by HTML and text loaders."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import DocumentKind
from .base import Heading, MainText

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalize_space(text: str) -> str:
    """Collapse runs of spaces (including no-break spaces) and trim; newlines become spaces."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or heading of main text, in reading order."""

    text: str
    heading: bool = False
    level: int = 2


def build_main_text(blocks: list[Block], kind: DocumentKind, **hints: object) -> MainText:
    """Paragraphs separated by a blank line; headings recorded with their offsets."""
    parts: list[str] = []
    headings: list[Heading] = []
    offset = 0
    for block in blocks:
        text = normalize_space(block.text)
        if not text:
            continue
        if parts:
            offset += 2
        if block.heading:
            headings.append(Heading(text, offset, offset + len(text), block.level))
        parts.append(text)
        offset += len(text)
    return MainText(text="\n\n".join(parts), kind=kind, headings=tuple(headings), **hints)  # type: ignore[arg-type]
