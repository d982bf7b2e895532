"""Quantity candidates from token patterns (data/count_patterns.jsonl), with the counted noun.

The Matcher finds the number; this component decides whether it is a reported quantity and what
it counts: the noun phrase after the number is read up to a stop word (data/count_units.jsonl),
and its last noun, made singular, is the unit ("19 of the 20 hospitals reviewed" -> hospital).
Years, durations ("30 days"), ages and numbers inside report numbers or citations are dropped.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..data_files import load_rows
from ..normalize.numbers import parse_number, word_table
from ..normalize.units import singular, singular_of_plural
from ..types import Count, CountKind
from .extensions import SPAN_KEYS
from .patterns import build_matcher
from .sentences import sentence_start_indices

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MAX_NOUN_TOKENS = 7
UNSPECIFIED = "unspecified"
DURATION = "<duration>"


@lru_cache(maxsize=1)
def unit_words() -> dict[str, frozenset[str]]:
    return {row["list"]: frozenset(row["words"]) for row in load_rows("count_units.jsonl")}


def counted_noun(doc: Doc, after: int) -> tuple[str, int] | None:
    """(singular unit, index after the noun) of the noun phrase starting at token ``after``.

    The phrase runs to a stop word, a number or punctuation; a plural noun ends it ("5,000
    dialysis facilities provide ..."), hyphenated modifiers and a parenthesised acronym inside it
    are passed over ("340,000 End-Stage Renal Disease (ESRD) Medicare beneficiaries").
    """
    words = unit_words()
    index = after
    if index < len(doc) and doc[index].text == "-":
        if index + 1 < len(doc) and doc[index + 1].is_alpha and not doc[index - 1].whitespace_:
            word = doc[index + 1]  # "a 500-bed facility", "an eight-State review": the unit is glued on
            return singular(word.text, word.lemma_ or None), index + 2
        index += 1
    run: list[Token] = []
    while index < len(doc) and len(run) < _MAX_NOUN_TOKENS:
        token = doc[index]
        lower = token.lower_
        if token.text == "-" and run and index + 1 < len(doc) and doc[index + 1].is_alpha:
            run.append(doc[index + 1])  # "fee-for-service": a compound's parts are never stop words
            index += 2
            continue
        if token.text == "(" and index + 2 < len(doc) and doc[index + 2].text == ")" and doc[index + 1].is_upper:
            index += 3
            continue
        if not token.is_alpha or lower in words["stop"]:
            break
        run.append(token)
        index += 1
        if lower not in words["skip"] and _is_plural(token):
            break
    content = [t for t in run if t.lower_ not in words["skip"]] or run
    if not content:
        return None
    if any(singular(t.text, t.lemma_ or None) in words["duration"] for t in content):
        return DURATION, content[-1].i + 1
    head = content[-1]
    for token in reversed(content):
        if not token.lower_.endswith(("ed", "ing", "ly")):
            head = token
            break
    return singular(head.text, head.lemma_ or None), head.i + 1


def _is_plural(token: Token) -> bool:
    """A plural noun ends the counted phrase; "data" and other mass plurals are modifiers."""
    lower = token.lower_
    if lower in unit_words()["mass_plural"] or lower.endswith(("ed", "ing")):
        return False
    return singular_of_plural(lower) is not None


_SCALE_WORDS = {"hundred", "thousand", "million", "billion"}


def _trim_word_number(doc: Doc, span: Span) -> Span:
    """"five and six" is two numbers, "one hundred and five" one; a trailing "-" is not the number's."""
    end = span.end
    for token in span[1:]:
        if token.lower_ == "and" and doc[token.i - 1].lower_ not in _SCALE_WORDS:
            end = token.i
            break
    while end - 1 > span.start and doc[end - 1].text in {"-", "and"}:
        end -= 1
    return doc[span.start: end]


def _threshold(doc: Doc, after_noun: int, after_number: int) -> bool:
    """"payments of $10,000 or more", "the 50 percent rule": a bound that defines a category."""
    words = unit_words()
    for start in {after_noun, after_number}:
        following = " ".join(t.lower_ for t in doc[start: start + 2])
        if following in words["threshold_after"]:
            return True
    nearby = [t.lower_ for t in doc[after_number: after_number + 3]]
    return any(word in words["threshold_noun"] for word in nearby)


def _range_of_durations(doc: Doc, after: int) -> bool:
    if after + 2 >= len(doc) or doc[after].lower_ not in _RANGE_JOINS or not doc[after + 1].like_num:
        return False
    noun = counted_noun(doc, after + 2)
    return noun is not None and noun[0] in (DURATION, *unit_words()["duration"])


def _defines_group(doc: Doc, span: Span, value: float) -> bool:
    """"more than 1 deficiency", "at least one error": a group, not a reported figure."""
    before = " ".join(t.lower_ for t in doc[max(span.start - 2, 0): span.start])
    return value <= 1 and before in {"more than", "at least", "than one", "least one"}


def _named_number(doc: Doc, span: Span) -> bool:
    """A capitalised number word inside a capitalised name: the "Five Principles" strategy."""
    first = span[0]
    if not first.is_alpha or not first.is_title or first.is_sent_start:
        return False
    return span.end < len(doc) and doc[span.end].is_title


def _covered(spans: list[Span]) -> set[int]:
    """The token indices the spans cover (a set, so the overlap test below is not quadratic)."""
    return {i for span in spans for i in range(span.start, span.end)}


def _overlaps(span: Span, covered: set[int]) -> bool:
    return any(i in covered for i in range(span.start, span.end))


def _number_text(span: Span) -> str:
    return " ".join(t.text for t in span if t.text not in {"$", "-"} and t.lower_ not in {"percent", "%", "pct", "per", "cent", "dollars", "usd"})


class CountFinder:
    """Finds and normalises the quantity spans of a Doc."""

    def __init__(self, nlp: Language) -> None:
        self.matcher, self.rows = build_matcher(nlp.vocab, "count_patterns.jsonl")

    def __call__(self, doc: Doc) -> Doc:
        blocked = _covered(list(doc.spans.get(SPAN_KEYS["refs"], [])) + list(doc.spans.get(SPAN_KEYS["dates"], [])))
        candidates = [
            Span(doc, start, end, label=self.rows[match_id]["label"])
            for match_id, start, end in self.matcher(doc)
        ]
        spans: list[Span] = []
        for span in filter_spans(candidates):
            if _overlaps(span, blocked):
                continue
            made = self.make_count(doc, span)
            if made is not None:
                spans.append(made)
        spans = inherit_units(doc, spans)
        mark_ranges(doc, spans)
        doc.spans[SPAN_KEYS["counts"]] = spans
        return doc

    def make_count(self, doc: Doc, span: Span) -> Span | None:
        label = span.label_
        if label in ("MONEY", "PERCENT") and _threshold(doc, span.end, span.end):
            return None
        if label == "MONEY":
            return _finish(doc, span, parse_number(_number_text(span).upper().replace("MM", "M").lower()), "money", "USD")
        if label == "PERCENT":
            if span[0].is_alpha:  # "five and six percent": the number words before "and" stand alone
                trimmed = _trim_word_number(doc, span)
                if trimmed.end < span.end - 1:
                    return None
            return _finish(doc, span, parse_number(_number_text(span)), "percent", "percent")
        if label == "FRACTION":
            if span[-1].lower_ == "of":
                span = doc[span.start: span.end - 1]
            words = " ".join(t.text for t in span).replace(" - ", "-").lower()
            value = word_table().get(words.removeprefix("a ").removeprefix("one ") if words.startswith(("a ", "one ")) and words.split()[-1] == "half" else words, (None, ""))[0]
            if value is None:
                value = word_table().get(words.replace("-", " "), (None, ""))[0]
            return _finish(doc, span, value, "percent", "percent")
        if label == "RATIO":
            value = parse_number(span[0].text)
            return self._counted(doc, span, value)
        if label == "NUMBER":
            span = _trim_word_number(doc, span)
            if len(span) == 1 and _YEAR.match(span.text):
                return None
            if _named_number(doc, span):
                return None
            return self._counted(doc, span, parse_number(span.text))
        return None

    def _counted(self, doc: Doc, span: Span, value: float | None) -> Span | None:
        if value is None:
            return None
        words = unit_words()
        after = span.end
        # "19 of the 20 hospitals", "228,907 of these children": the unit is the noun after "of".
        if after + 1 < len(doc) and doc[after].lower_ == "of":
            probe = after + 1
            if probe < len(doc) and doc[probe].lower_ in {"the", "these", "those", "its", "their", "our", "all"}:
                probe += 1
            while probe < len(doc) and doc[probe].like_num and probe - after < 4:
                probe += 1
            noun = counted_noun(doc, probe)
        else:
            noun = counted_noun(doc, after)
        if _threshold(doc, span.end if noun is None else noun[1], span.end) or _defines_group(doc, span, value):
            return None
        if noun is None and _range_of_durations(doc, span.end):
            return None  # "from 2 to 14 days": the first end of a duration range
        if noun is None:
            if not any(t.is_digit or t.like_num and t.text[:1].isdigit() for t in span):
                return None  # "the two were placed": a spelled-out number with nothing counted
            return _finish(doc, span, value, "count", UNSPECIFIED)
        unit, end = noun
        if unit in (DURATION, *words["duration"]) or unit in words["not_unit"] or unit in words["structural"]:
            return None  # "30 days", "three key takeaways": not a reported quantity
        return _finish(doc, doc[span.start: end], value, "count", unit)


_RANGE_JOINS = {"to", "-", "–", "—", "and", "through"}


def inherit_units(doc: Doc, spans: list[Span]) -> list[Span]:
    """Give a bare number the unit the text leaves implied.

    "150 to 200 migrants", "between 10 and 20 percent": the first end of a range takes the second's
    kind and unit. "Of the 140 claims ..., 116 were supported": a number without a noun takes the
    unit of the count before it in the same sentence.
    """
    result = list(spans)
    sentence = sentence_starts(doc, result)
    last_unit: dict[int, str] = {}  # sentence start -> unit of the latest count with one, so far
    for index, span in enumerate(result):
        count: Count = span._.oig_count
        if count.kind == "count" and count.unit == UNSPECIFIED:
            nxt = result[index + 1] if index + 1 < len(result) else None
            if nxt is not None and sentence[index + 1] == sentence[index] and _joined_as_range(doc, span, nxt):
                other: Count = nxt._.oig_count
                span._.oig_count = Count(count.text, count.value, other.kind, other.unit, None, count.start_char, count.end_char)
            elif sentence[index] in last_unit:
                span._.oig_count = Count(
                    count.text, count.value, "count", last_unit[sentence[index]], None, count.start_char, count.end_char
                )
        final: Count = span._.oig_count
        if final.kind == "count" and final.unit != UNSPECIFIED:
            last_unit[sentence[index]] = final.unit
    return result


def sentence_starts(doc: Doc, spans: list[Span]) -> list[int]:
    """The start token of each span's sentence, from one pass over the sentences (``Span.sent`` walks the
    tokens back to the sentence start on every call: quadratic in one long sentence)."""
    starts = sentence_start_indices(doc)
    return [starts[bisect.bisect_right(starts, span.start) - 1] if starts else 0 for span in spans]


def mark_ranges(doc: Doc, spans: list[Span]) -> None:
    """Both ends of a range ("between 10 and 20 percent", "$12,000 to $48,500") are bounds."""
    sentence = sentence_starts(doc, spans)
    for index, (first, second) in enumerate(zip(spans, spans[1:])):
        a: Count = first._.oig_count
        b: Count = second._.oig_count
        if a.kind != b.kind or a.unit != b.unit or sentence[index] != sentence[index + 1]:
            continue
        if second.start - first.end != 1:
            continue  # every range join below is one word
        between = [doc[first.end].lower_]
        opener = " ".join(t.lower_ for t in doc[max(first.start - 2, 0): first.start])
        ranged = between in (["-"], ["–"], ["to"]) or (
            between in (["and"], ["to"]) and opener.endswith(("between", "from"))
        )
        if ranged:
            first._.oig_count = dataclasses.replace(a, qualifier="bound")
            second._.oig_count = dataclasses.replace(b, qualifier="bound")


def _joined_as_range(doc: Doc, first: Span, second: Span) -> bool:
    return second.start - first.end == 1 and doc[first.end].lower_ in _RANGE_JOINS


def _finish(doc: Doc, span: Span, value: float | None, kind: CountKind, unit: str) -> Span | None:
    if value is None:
        return None
    result = Span(doc, span.start, span.end, label=kind)
    result._.oig_count = Count(result.text, float(value), kind, unit, None, result.start_char, result.end_char)
    return result


@Language.factory("oig_counts")
def make_count_finder(nlp: Language, name: str) -> CountFinder:
    return CountFinder(nlp)
