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


def _start_indices(doc: Doc) -> list[int]:
    """Token indices where a sentence starts. Only tokens that can end a sentence (". ! ?" or a
    line break) are looked at, found by their string hashes; a Token object per token made this a
    tenth of the rules' time on a long testimony."""
    length = len(doc)
    if not length:
        return []
    orths = doc.to_array("ORTH")
    strings = doc.vocab.strings
    words, where = numpy.unique(orths, return_inverse=True)
    breaking = numpy.array([_can_end(strings[int(orth)]) for orth in words], dtype=bool)
    candidates = numpy.flatnonzero(breaking[where.reshape(-1)]).tolist()
    starts = [0]
    index = 0
    for candidate in candidates:
        if candidate < index:
            continue  # inside the closers of the sentence end just handled
        end = candidate
        ends_here = True
        if doc[candidate].text in _ENDS:
            while end + 1 < length and doc[end + 1].text in _CLOSERS and not doc[end].whitespace_:
                end += 1
            if end + 1 < length and doc[end + 1].text[:1].islower() and "\n" not in doc[end].whitespace_:
                ends_here = False  # "U.S. agencies", "e.g. the": not a sentence end
        if ends_here and end + 1 < length:
            if starts[-1] != end + 1:
                starts.append(end + 1)
            index = end + 1
        else:
            index = candidate + 1
    return starts


def _can_end(text: str) -> bool:
    return text in _ENDS or "\n" in text


@Language.component("oig_sentences")
def oig_sentences(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token.

    Through ``Doc.from_array`` in one step: the ``Token.is_sent_start`` setter scans the whole Doc for
    a parse each time it is called, which made this quadratic (minutes for a 1 MB text layer).
    """
    if len(doc):
        flags = numpy.full(len(doc), -1, dtype=numpy.int64)
        flags[_start_indices(doc)] = 1
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
