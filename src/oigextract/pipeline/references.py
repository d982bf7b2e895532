"""Mark spans with digits that are never counts or dates: report numbers, citations, phones, names.

Patterns are regular expressions in data/references.jsonl, searched in the document text and
aligned to tokens; the count and date components skip anything inside these spans.

A pattern that starts with ``\b`` is searched without it and the word boundary is checked on each
hit: Python's ``re`` cannot skip ahead to a literal prefix behind a leading ``\b`` and tries every
position instead (30 times slower on "GAO-..."). The matches are the same. Case-insensitive
patterns are left as written: without the boundary their words hit inside other words too often
("no." in "casino.") for the check to pay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data_files import load_rows, require_keys
from .extensions import SPAN_KEYS


_LEADING_BOUNDARY = "\\b"


@lru_cache(maxsize=1)
def reference_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    rows = load_rows("references.jsonl")
    for row in rows:
        require_keys(row, "references.jsonl", {"label", "pattern"}, {"label", "pattern", "ignore_case"})
    return tuple(
        (row["label"], re.compile(row["pattern"], re.IGNORECASE if row.get("ignore_case") else 0))
        for row in rows
    )


@lru_cache(maxsize=1)
def _scanners() -> tuple[tuple[str, re.Pattern[str], bool], ...]:
    """(label, pattern to search with, whether a hit must start at a word boundary)."""
    scanners = []
    for label, pattern in reference_patterns():
        source = pattern.pattern
        if (source.startswith(_LEADING_BOUNDARY) and not pattern.flags & re.IGNORECASE
                and not _has_top_level_alternation(source)):
            scanners.append((label, re.compile(source[len(_LEADING_BOUNDARY):], pattern.flags), True))
        else:
            scanners.append((label, pattern, False))
    return tuple(scanners)


def _has_top_level_alternation(source: str) -> bool:
    """``\\ba|b``: the leading ``\\b`` belongs to one branch only."""
    depth, in_class, escaped = 0, False, False
    for char in source:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what ``\w`` matches in a str pattern


def _at_boundary(text: str, index: int) -> bool:
    before = index > 0 and _is_word(text[index - 1])
    after = index < len(text) and _is_word(text[index])
    return before != after


def _matches(pattern: re.Pattern[str], needs_boundary: bool, text: str) -> Iterator[re.Match[str]]:
    """``finditer`` of ``\b`` + pattern: the leftmost hit at a boundary, then on from its end."""
    if not needs_boundary:
        yield from pattern.finditer(text)
        return
    position = 0
    while position <= len(text):
        match = pattern.search(text, position)
        if match is None:
            return
        start, end = match.span()
        if _at_boundary(text, start):
            yield match
            position = end if end > start else start + 1
        else:
            position = start + 1


def find_references(doc: Doc) -> list[Span]:
    spans = []
    text = doc.text  # built from the tokens on every access: once, not once per pattern
    for label, pattern, needs_boundary in _scanners():
        for match in _matches(pattern, needs_boundary, text):
            span = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
    return filter_spans(spans)


@Language.component("oig_references")
def oig_references(doc: Doc) -> Doc:
    doc.spans[SPAN_KEYS["refs"]] = find_references(doc)
    return doc
