"""Sentence boundaries for report prose: at . ! ? (with closing quotes) and at paragraph breaks.

spaCy's tokenizer already keeps "U.S.", "Oct." and "No." whole, so a lone "." token is a real
sentence end. Paragraph breaks (blank lines in the main text) always end a sentence, which keeps
headings and titles apart from the prose after them.
"""

from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.tokens import Doc

_ENDS = {".", "!", "?", "...", "…"}
_CLOSERS = {'"', "'", "”", "’", ")", "]"}


def sentence_starts(doc: Doc) -> list[bool]:
    """One flag per token: does a sentence start here."""
    starts = [False] * len(doc)
    if not len(doc):
        return starts
    starts[0] = True
    index = 0
    while index < len(doc):
        token = doc[index]
        end = None
        if token.text in _ENDS:
            end = index
            while end + 1 < len(doc) and doc[end + 1].text in _CLOSERS and not doc[end].whitespace_:
                end += 1
            nxt = doc[end + 1] if end + 1 < len(doc) else None
            if nxt is not None and nxt.text[:1].islower() and "\n" not in doc[end].whitespace_:
                end = None
        elif "\n" in token.text or "\n" in token.whitespace_:
            end = index
        if end is not None and end + 1 < len(doc):
            starts[end + 1] = True
            index = end + 1
            continue
        index += 1
    return starts


@Language.component("oig_sentences")
def oig_sentences(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token.

    Through ``Doc.from_array`` in one step: the ``Token.is_sent_start`` setter scans the whole Doc for
    a parse each time it is called, which made this quadratic (minutes for a 1 MB text layer).
    """
    if len(doc):
        flags = numpy.array([1 if start else -1 for start in sentence_starts(doc)], dtype=numpy.int64)
        doc.from_array(["SENT_START"], flags.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
    return doc


def sentence_start_indices(doc: Doc) -> list[int]:
    """Token index of each sentence start, read from the Doc in one array (``doc.sents`` builds a
    Span per sentence: a few milliseconds on a long testimony for every component that asks)."""
    if not len(doc):
        return []
    flags = doc.to_array("SENT_START")
    starts = numpy.flatnonzero(flags == 1).tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]


def sentence_char_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, as ``[(s.start_char, s.end_char) for s in doc.sents]``."""
    starts = sentence_start_indices(doc)
    if not starts:
        return []
    offsets = doc.to_array(["IDX", "LENGTH"])
    ends = [*starts[1:], len(doc)]
    return [(int(offsets[start, 0]), int(offsets[end - 1, 0] + offsets[end - 1, 1])) for start, end in zip(starts, ends)]
