"""Caveat and deficiency cues from the ConText-style termsets in data/*_cues.jsonl.

Caveats: each cue occurrence is a ``Caveat`` of its kind; cues that only hedge a figure
("about", "more than") count only when a quantity follows them (or precedes, for "or more").
Deficiency cues keep their ConText kind as the span label (cue, pseudo, exclude_sentence) so the
assembly can tell "did not comply" from "no deficiencies" and from a recommendation sentence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data_files import load_rows, require_keys
from ..errors import ConfigurationError
from ..types import CAVEAT_KINDS, Caveat
from .extensions import SPAN_KEYS
from .gated_matcher import GatedMatcher

_CAVEAT_KEYS = {"phrase", "kind", "needs_number", "after_number", "pseudo"}
_DEFICIENCY_KINDS = {"cue", "weak_cue", "pseudo", "exclude_sentence", "exclude_opening", "terminator"}
FRAME = "frame"


@lru_cache(maxsize=1)
def caveat_rows() -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for row in load_rows("caveat_cues.jsonl"):
        require_keys(row, "caveat_cues.jsonl", {"phrase", "kind"}, _CAVEAT_KEYS)
        if row["kind"] not in CAVEAT_KINDS:
            raise ConfigurationError(f"data/caveat_cues.jsonl: unknown kind {row['kind']!r}")
        rows[row["phrase"].lower()] = row
    return rows


@lru_cache(maxsize=1)
def frame_phrases() -> tuple[str, ...]:
    return tuple(row["phrase"].lower() for row in load_rows("finding_frames.jsonl"))


@lru_cache(maxsize=1)
def deficiency_rows() -> dict[str, str]:
    """Phrase -> ConText kind, for the rows written as phrases."""
    return {row["phrase"].lower(): row["kind"] for row in _checked_deficiency_rows() if "phrase" in row}


@lru_cache(maxsize=1)
def deficiency_patterns() -> tuple[tuple[str, list[dict[str, Any]]], ...]:
    """(kind, token pattern) for the rows written as token patterns ("had not" + participle)."""
    return tuple((row["kind"], row["pattern"]) for row in _checked_deficiency_rows() if "pattern" in row)


def _checked_deficiency_rows() -> tuple[dict[str, Any], ...]:
    rows = load_rows("deficiency_cues.jsonl")
    for row in rows:
        require_keys(row, "deficiency_cues.jsonl", {"kind"}, {"phrase", "pattern", "kind", "why"})
        if ("phrase" in row) == ("pattern" in row):
            raise ConfigurationError(f"data/deficiency_cues.jsonl: {row!r} needs a phrase or a pattern")
        if row["kind"] not in _DEFICIENCY_KINDS:
            raise ConfigurationError(f"data/deficiency_cues.jsonl: unknown kind {row['kind']!r}")
    return rows




class CueFinder:
    """Marks caveat cues (``oig_caveats``) and deficiency cues (``oig_deficiency_cues``)."""

    def __init__(self, nlp: Language) -> None:
        self.caveats = caveat_rows()
        self.deficiencies = deficiency_rows()
        self.caveat_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase in self.caveats:
            self.caveat_matcher.add(phrase, [nlp.make_doc(phrase)])
        self.deficiency_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase, kind in self.deficiencies.items():
            self.deficiency_matcher.add(kind, [nlp.make_doc(phrase)])
        self.pattern_matcher = GatedMatcher(nlp.vocab, validate=True)
        for kind, pattern in deficiency_patterns():
            self.pattern_matcher.add(kind, pattern)
        self.frame_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.frame_matcher.add(FRAME, [nlp.make_doc(phrase) for phrase in frame_phrases()])

    def __call__(self, doc: Doc) -> Doc:
        counts = list(doc.spans.get(SPAN_KEYS["counts"], []))
        count_starts = {span.start for span in counts}
        count_ends = {span.end for span in counts}
        valid: list[Span] = []
        for match_id, start, end in self.caveat_matcher(doc):
            span = Span(doc, start, end, label=doc.vocab.strings[match_id])
            row = self.caveats[span.label_]
            if row.get("needs_number") and not _number_follows(doc, span.end, count_starts):
                continue
            if row.get("after_number") and span.start not in count_ends:
                continue
            valid.append(span)  # judged before overlaps are resolved: "or more than one-third"
        caveats: list[Span] = []
        for span in filter_spans(valid):
            row = self.caveats[span.label_]
            if row.get("pseudo"):
                continue  # "could not", "less likely": longer than the cue they contain, and not a hedge
            span._.oig_caveat = Caveat(span.text, row["kind"], span.start_char, span.end_char)
            caveats.append(span)
        doc.spans[SPAN_KEYS["caveats"]] = caveats
        matches = list(self.deficiency_matcher(doc)) + list(self.pattern_matcher(doc))
        cues = filter_spans([Span(doc, s, e, label=m) for m, s, e in matches])
        frames = [Span(doc, s, e, label=FRAME) for _, s, e in self.frame_matcher(doc)]
        doc.spans[SPAN_KEYS["deficiency_cues"]] = sorted(cues + frames, key=lambda span: span.start)
        return doc


def _number_follows(doc: Doc, index: int, count_starts: set[int]) -> bool:
    """A quantity starts at ``index`` (allowing "an estimated" / "$" / "the" in between)."""
    for offset in range(3):
        if index + offset in count_starts:
            return True
        if index + offset < len(doc) and doc[index + offset].lower_ not in {"an", "a", "the", "$"}:
            return False
    return False


@Language.factory("oig_cues")
def make_cue_finder(nlp: Language, name: str) -> CueFinder:
    return CueFinder(nlp)
