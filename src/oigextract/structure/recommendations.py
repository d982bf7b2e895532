"""Recommendations and the auditee's response to them.

Reports state recommendations in a few fixed shapes, all read here from ``data/recommendation_cues.jsonl``:

* a lead sentence, its addressee and the actions, numbered inline or not: "We recommended that the
  State agency (1) refund $1.5 million ...; (2) ...", "We recommend that the Administrator of CMS
  direct ...", "We recommended that WPS recover the $9.2 million ... and use the results ...";
* a lead ending with ":" and one paragraph per recommendation: "We recommend that CMS:" / "• ...",
  "FDA should:" / "Conduct ...", "Key OIG recommendations include:" / "• ...";
* a label: "Recommendation 3: ...".

The addressee is the words between "recommend that" and the first action verb (or enumerator); a generic
reference the document defines ("the State agency", "the Hospital") is given as the body it stands for.
Each numbered item, bullet or parallel action joined by "and" ("recover ... and use ...") is one
recommendation. Money and other counts inside a recommendation's text are its ``counts``.

Responses come from the agency-comment sentences after the first recommendation
(``data/responses.jsonl``): each response verb ("concurred", "partially disagreed", "did not concur",
"described corrective actions it had taken") applies to the recommendations its clause names —
"recommendations 1 and 2", "our first and third recommendations", "the remaining recommendation" —
or to all of them. A response that accepts only some ("concurred with three of our five
recommendations") without saying which makes every recommendation "partially concurred". A named
recommendation's response overrides one stated for all.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from ..data_files import compile_pattern, load_rows, require_keys
from ..errors import ConfigurationError
from ..pipeline.extensions import SPAN_KEYS
from ..pipeline.sentences import sentence_char_spans
from ..sources.base import MainText
from ..types import Count, Evidence, Recommendation, Response
from .sections import section_at, section_role

RESPONSES: tuple[Response, ...] = ("concurred", "partially concurred", "did not concur")
_KINDS = ("lead", "list_lead", "label", "exclude", "prior", "verb", "adverb", "noun_verb", "determiner")
_WORD_KINDS = ("verb", "adverb", "noun_verb", "determiner")
_MAX_ADDRESSEE_WORDS = 14
_MAX_LIST_ITEMS = 25
_MAX_CLAUSE_WORDS = 30
_PRIOR_REACH = 40  # characters after the lead in which "in our prior report" still describes the lead  # words of an inserted clause between the addressee and the verb


# ---------------------------------------------------------------------------------------------
# Rules

# The data files' patterns, compiled by ``compile_pattern`` (the ``regex`` package, re-compatible;
# half the time of ``re`` on these case-insensitive phrase lists). It has no type stubs: ``Any``.
CuePattern = Any


@dataclass(frozen=True, slots=True)
class _Cues:
    lead: tuple[CuePattern, ...]
    list_lead: tuple[CuePattern, ...]
    label: tuple[CuePattern, ...]
    exclude: tuple[CuePattern, ...]
    prior: tuple[CuePattern, ...]
    verbs: frozenset[str]
    adverbs: frozenset[str]
    noun_verbs: frozenset[str]
    determiners: frozenset[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    patterns: dict[str, list[CuePattern]] = {kind: [] for kind in ("lead", "list_lead", "label", "exclude", "prior")}
    words: dict[str, set[str]] = {kind: set() for kind in _WORD_KINDS}
    for row in load_rows("recommendation_cues.jsonl"):
        require_keys(row, "recommendation_cues.jsonl", {"kind"}, {"kind", "pattern", "words", "why"})
        kind = row["kind"]
        if kind not in _KINDS:
            raise ConfigurationError(f"data/recommendation_cues.jsonl: kind {kind!r} is not one of {_KINDS}")
        if kind in words:
            words[kind].update(word.lower() for word in row.get("words", ()))
        else:
            patterns[kind].append(compile_pattern(row["pattern"], "recommendation_cues.jsonl", ignore_case=True))
    return _Cues(
        tuple(patterns["lead"]), tuple(patterns["list_lead"]), tuple(patterns["label"]),
        tuple(patterns["exclude"]), tuple(patterns["prior"]), frozenset(words["verb"]), frozenset(words["adverb"]),
        frozenset(words["noun_verb"]), frozenset(words["determiner"]),
    )


@lru_cache(maxsize=1)
def _response_rules() -> tuple[tuple[CuePattern, Response | None], ...]:
    rules = []
    for row in load_rows("responses.jsonl"):
        require_keys(row, "responses.jsonl", {"pattern", "response"}, {"pattern", "response", "why"})
        if row["response"] is not None and row["response"] not in RESPONSES:
            raise ConfigurationError(f"data/responses.jsonl: response {row['response']!r} is not one of {RESPONSES}")
        rules.append((compile_pattern(row["pattern"], "responses.jsonl", ignore_case=True), row["response"]))
    return tuple(rules)


# ---------------------------------------------------------------------------------------------
# Pure text functions (unit-tested directly)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_ENUMERATOR = re.compile(r"(?:(?<=\s)|^)\((?P<n>\d{1,2}|[ivx]{1,4}|[a-h])\)\s*|(?:(?<=\s)|^)(?P<m>\d{1,2})\)\s+")
_BULLET = re.compile(
    r"^\s*(?:[•◦▪■□●○·*◆>-]|[–—]|o(?=\s)|C(?=\s+[a-z])|\((?:\d{1,2}|[ivx]{1,4}|[a-h])\)|\d{1,2}[.)](?=\s)|[a-h][.)](?=\s))\s*"
)
_TRAILING = re.compile(r"[\s,;:]+(?:and|or)?\s*$|[\s,;:.]+$")
_LEADING = re.compile(r"^\s*(?:and|or|to)\s+", re.IGNORECASE)
_AND_THAT = re.compile(r"(?:[,;]\s*|\s+)and\s+that\s+", re.IGNORECASE)
_ACTION_JOIN = re.compile(r"(?P<joiner>(?:,|;)\s*(?:and\s+)?|\s+and\s+)(?=[A-Za-z])", re.IGNORECASE)
_SHOULD = re.compile(r"^(?P<who>.{2,80}?)\s+should\s*:?\s*", re.IGNORECASE)
_TO_WHOM = re.compile(r"\brecommendations?\s+(?:\w+\s+){0,3}?(?:to|for)\s+(?P<who>(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+(?:of|and|for|&|[A-Z][\w&.'’-]*))*)")


def enumerator_value(text: str) -> int | None:
    """"(3)" -> 3, "(iii)" -> 3, "(c)" -> 3, "2)" -> 2."""
    token = text.strip().strip("()").rstrip(".)").lower()
    if token.isdigit():
        return int(token)
    if token in _ROMAN:
        return _ROMAN[token]
    if len(token) == 1 and "a" <= token <= "h":
        return ord(token) - ord("a") + 1
    return None


def split_enumerated(body: str) -> list[tuple[int, int, int]]:
    """(number, start, end) of each inline item "(1) ... (2) ..." in ``body``; [] unless numbered from 1."""
    marks = [m for m in _ENUMERATOR.finditer(body)]
    items: list[tuple[int, int, int]] = []
    expected = 1
    kept: list[tuple[int, re.Match[str]]] = []
    for match in marks:
        value = enumerator_value(match.group(0))
        if value == expected:
            kept.append((value, match))
            expected += 1
    if len(kept) < 2 and not (len(kept) == 1 and kept[0][1].start() < 3):
        return []
    for index, (value, match) in enumerate(kept):
        end = kept[index + 1][1].start() if index + 1 < len(kept) else len(body)
        items.append((value, match.end(), end))
    return items


def clean_item(text: str) -> str:
    """An item without its bullet or enumerator, a leading "and", trailing "; and" and full stop."""
    text = _BULLET.sub("", text, count=1)
    text = _LEADING.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING.sub("", text)
    return text.strip()


def split_addressee(body: str) -> tuple[str | None, int]:
    """The addressee at the start of a recommendation's body and where the action begins.

    "the State agency (1) refund ..." -> ("the State agency", 17); "CMS: ..." -> ("CMS", 5);
    "financial adjustments of ..." -> (None, 0) when no action verb follows a name.
    """
    cues = _cues()
    words = list(re.finditer(r"\S+", body))
    name_end: int | None = None  # "CMS, in future agreements with California, deny ...": the name ends at the comma
    limit = _MAX_ADDRESSEE_WORDS
    for index, match in enumerate(words):
        if index >= limit:
            break
        token = match.group(0)
        bare = token.strip(",;:").lower()
        if index and (_ENUMERATOR.match(token) or re.fullmatch(r"\d{1,2}\)", token)):
            return _addressee(body[: name_end or match.start()]), match.start()
        is_verb = bare in cues.verbs or (bare in cues.adverbs and index + 1 < len(words) and
                                          words[index + 1].group(0).strip(",;:").lower() in cues.verbs)
        if index and is_verb and token[:1].islower() and not (name_end is not None and body[match.start() - 2] != ","):
            return _addressee(body[: name_end or match.start()]), match.start()
        if token.endswith(":"):
            return _addressee(body[: name_end or match.end()]), match.end()
        if (name_end is None and token.endswith(",") and len(token) > 1 and index + 1 < len(words)
                and words[index + 1].group(0)[:1].islower()):
            name_end = match.end() - 1
            limit = index + 1 + _MAX_CLAUSE_WORDS
    if 0 < len(words) <= 8 and not any(w.group(0).strip(",;:.").lower() in cues.verbs for w in words[1:]):
        return _addressee(body.rstrip(" .")), len(body)  # the lead ends with the addressee: "... that CMS"
    return None, 0


def _addressee(text: str) -> str | None:
    text = text.strip().rstrip(":,;").strip()
    if not text or not (text[:1].isupper() or text.lower().startswith("the ")):
        return None
    if not re.search(r"[A-Z]", text) and len(text.split()) > 3:
        return None
    return text


def split_actions(body: str) -> list[tuple[int, int]]:
    """(start, end) of each action in an unnumbered body.

    "recover X and use Y" -> two when both begin with an action verb; "refund X, identify and return Y,
    and that they review Z" -> three ("identify and return" is one action: a verb right before "and" pairs
    with the verb after it); "... and that the Hospital develop ..." -> two. A verb that is also a noun
    ("review") starts an action only when a determiner follows it.
    """
    cues = _cues()
    starts_with_verb = _first_word(body) in cues.verbs
    cuts: list[tuple[int, int]] = []  # (end of previous action, start of next)
    for match in _AND_THAT.finditer(body):
        cuts.append((match.start(), match.end()))
    if starts_with_verb:
        for match in _ACTION_JOIN.finditer(body):
            if _inside_parentheses(body, match.start()) or not _starts_action(body, match.end()):
                continue
            before = re.findall(r"[A-Za-z$\d-]+", body[: match.start()])
            if not before or before[-1].lower() in cues.verbs or len(before) < 3:
                continue  # "identify and return": one action with two verbs
            if match.group("joiner").startswith(",") and "and" not in match.group("joiner") and not _series_follows(body, match.end()):
                continue  # "refund X, identify Y" only inside a series that ends with "and"
            cuts.append((match.start(), match.end()))
    if not cuts:
        return [(0, len(body))]
    cuts.sort()
    spans: list[tuple[int, int]] = []
    position = 0
    for end, start in cuts:
        if end <= position:
            continue
        spans.append((position, end))
        position = start
    spans.append((position, len(body)))
    return spans


def _starts_action(text: str, offset: int) -> bool:
    """Does an action begin at ``offset``: an action verb (after optional adverbs), and for a verb that
    is also a noun, a determiner after it."""
    cues = _cues()
    words = re.findall(r"[A-Za-z$\d'-]+", text[offset: offset + 80])[:4]
    index = 0
    while index < len(words) - 1 and words[index].lower() in cues.adverbs and words[index].lower() not in _PURPOSE:
        index += 1
    if not words or words[index].lower() not in cues.verbs or not words[index][:1].islower():
        return False
    if words[index].lower() in cues.noun_verbs:
        return index + 1 < len(words) and (words[index + 1].lower() in cues.determiners or words[index + 1].startswith("$"))
    return True


_PURPOSE = frozenset({"to", "not"})  # "... to ensure X and to eliminate Y": one action with two purposes


def _series_follows(text: str, offset: int) -> bool:
    """A later ", and"/"and that" closes the series this comma is part of."""
    return bool(re.search(r",\s*and\s+|\band\s+that\b", text[offset:]))


def _first_word(text: str) -> str:
    cues = _cues()
    words: list[str] = re.findall(r"[A-Za-z-]+", text)[:3]
    for word in words:
        lower = word.lower()
        if lower not in cues.adverbs:
            return lower
    return ""


def _inside_parentheses(text: str, offset: int) -> bool:
    return text.count("(", 0, offset) > text.count(")", 0, offset)


def is_list_item(paragraph: str, *, plain_verbs: bool) -> bool:
    """A bullet or numbered paragraph; with ``plain_verbs`` also one that starts with an action verb
    ("Conduct outstanding preapproval inspections ...")."""
    if _BULLET.match(paragraph) and len(paragraph.strip()) > 3:
        return True
    return plain_verbs and _first_word(paragraph) in _cues().verbs and paragraph.strip()[:1].isalpha()


# ---------------------------------------------------------------------------------------------
# Responses


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "both": 2}
_NUMBERED = re.compile(r"\brecommendations?\s+(?:nos?\.?\s+|numbers?\s+)?(?P<list>\d{1,2}(?:\s*(?:,|and|&|through|to|-|–)\s*(?:and\s+)?\d{1,2})*)", re.IGNORECASE)
_ORDINAL_LIST = re.compile(
    r"\b(?:the\s+|our\s+|its\s+)?(?P<list>(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"
    r"(?:\s*(?:,|and|&|through)\s*(?:and\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final))*)"
    r"(?:\s+(?P<count>two|three|four|five|\d))?\s+recommendations?\b",
    re.IGNORECASE,
)
_SOME_OF = re.compile(r"\b(?P<some>one|two|three|four|five|six|seven|eight|nine|\d{1,2})\s+of\s+(?:the\s+|our\s+|its\s+)?(?P<all>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b", re.IGNORECASE)
_SOME = re.compile(
    r"\b(?:some|most|several|many|certain|a\s+few|parts?\s+of|portions?\s+of)\s+(?:of\s+)?(?:the\s+|our\s+|its\s+)?recommendations\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|\d{1,2})\s+of\s+(?:the\s+|our\s+|its\s+)?recommendations\b",
    re.IGNORECASE,
)
_REMAINING = re.compile(r"\b(?:the\s+)?(?:remaining|other)\s+(?:\w+\s+)?recommendations?\b", re.IGNORECASE)
_SUBJECT_WE = re.compile(r"\b(?:we|our|us|oig|gao)\b", re.IGNORECASE)
_FINDINGS_ONLY = re.compile(
    r"^\W*(?:with\s+)?(?:(?:all|some|most|each|any|many|parts?|portions?)\s+(?:of\s+)?)?(?:our|the|its|these)\s+"
    r"(?:\w+\s+)?(?:finding|findings|conclusions?|determinations?|methodology|calculations?|interpretation|audit\s+results|statistical)\b"
    r"(?![^.;]{0,40}recommend)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class ResponseClause:
    """One response verb and what it applies to: ``targets`` (1-based numbers) or all, or some."""

    response: Response | None
    targets: tuple[int, ...] = ()
    scope: str = "all"  # "all" | "listed" | "some" | "remaining" | "findings" (said of the findings only)


def response_clauses(sentence: str) -> list[ResponseClause]:
    """The response clauses of an agency-comment sentence.

    "CMS concurred with recommendations 1 and 2 and did not concur with recommendation 3" ->
    [concurred (1, 2), did not concur (3)]. A clause whose subject is the OIG ("we agree") is not a
    response, nor is one about findings only ("disagreed with our findings").
    """
    found: list[tuple[int, int, Response | None]] = []
    for pattern, response in _response_rules():
        for match in pattern.finditer(sentence):
            found.append((match.start(), match.end(), response))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, Response | None]] = []
    for start, end, response in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, response))
    clauses: list[ResponseClause] = []
    for index, (start, end, response) in enumerate(kept):
        before = sentence[kept[index - 1][1] if index else 0: start]
        if _SUBJECT_WE.search(before.split(",")[-1]) and not index:
            continue
        after = sentence[end: kept[index + 1][0] if index + 1 < len(kept) else len(sentence)]
        if _FINDINGS_ONLY.match(after):
            if not _ORDINAL_LIST.search(after) and not re.search(r"\b(?:first|second|third|other|one|some|most)\b", after[:40], re.IGNORECASE):
                clauses.append(ResponseClause(response, (), "findings"))
            continue
        clauses.append(_targets(response, after))
    return clauses


def _targets(response: Response | None, text: str) -> ResponseClause:
    numbered = _NUMBERED.search(text)
    if numbered:
        return ResponseClause(response, _number_list(numbered.group("list")), "listed")
    ordinal = _ORDINAL_LIST.search(text)
    if ordinal:
        values = [_ORDINALS[w.lower()] for w in re.findall(r"[A-Za-z]+", ordinal.group("list")) if w.lower() in _ORDINALS]
        count = ordinal.group("count")
        if count and len(values) == 1 and values[0] == 1:  # "our first two recommendations"
            values = list(range(1, (_NUMBER_WORDS.get(count.lower()) or int(count)) + 1))
        return ResponseClause(response, tuple(values), "listed")
    if _REMAINING.search(text):
        return ResponseClause(response, (), "remaining")
    some_of = _SOME_OF.search(text)
    if some_of and _number(some_of.group("some")) != _number(some_of.group("all")):
        return ResponseClause("partially concurred" if response == "concurred" else response, (), "some")
    if _SOME.search(text):
        return ResponseClause("partially concurred" if response == "concurred" else response, (), "some")
    return ResponseClause(response, (), "all")


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


def _number_list(text: str) -> tuple[int, ...]:
    values: list[int] = []
    parts = re.split(r"\s*(?:,|and|&)\s*", text)
    for part in parts:
        bounds = re.split(r"\s*(?:through|to|-|–)\s*", part.strip())
        numbers = [int(b) for b in bounds if b.isdigit()]
        if len(numbers) == 2 and numbers[0] < numbers[1] <= 30:
            values.extend(range(numbers[0], numbers[1] + 1))
        else:
            values.extend(numbers)
    return tuple(values)


# ---------------------------------------------------------------------------------------------
# Reading a document


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    number: int | None
    addressee: str | None
    order: int = 0
    response: Response | None = None
    response_rank: int = -1  # 0 findings only, 1 all, 2 remaining, 3 listed: a named recommendation's response wins
    counts: list[Count] = field(default_factory=list)


class _Reader:
    def __init__(self, doc: Doc, main: MainText) -> None:
        self.doc = doc
        self.main = main
        self.text = main.text
        self.cues = _cues()
        self.sentences = sentence_char_spans(doc)
        self.sentence_ends = [end for _, end in self.sentences]
        self.drafts: list[_Draft] = []

    # -- finding recommendations ------------------------------------------------------------

    def read(self) -> list[_Draft]:
        paragraphs = _paragraphs(self.text)
        list_addressee: str | None = None
        in_list = False
        plain_verbs = False
        items = 0
        for start, end in paragraphs:
            paragraph = self.text[start:end]
            if in_list and items < _MAX_LIST_ITEMS and is_list_item(paragraph, plain_verbs=plain_verbs):
                items += self._item(start, end, list_addressee)
                continue
            in_list = False
            label = _first_match(self.cues.label, paragraph)
            if label is not None:
                self._labelled(start + label.end(), end, int(label.group("number")))
                continue
            for s_start, s_end in self._sentences_in(start, end):
                sentence = self.text[s_start:s_end]
                opens, addressee = self._sentence(s_start, s_end, sentence)
                if not opens and section_role(section_at(self.main, s_start)) == "recommendations":
                    self._should(s_start, s_end, sentence)
                if opens and s_end >= end - 1:
                    in_list, list_addressee, plain_verbs, items = True, addressee, True, 0
                elif s_end >= end - 1 and _first_match(self.cues.list_lead, sentence) and not _excluded(sentence):
                    in_list, list_addressee, plain_verbs, items = True, _list_addressee(sentence), True, 0
        return self.drafts

    def _sentence(self, start: int, end: int, sentence: str) -> tuple[bool, str | None]:
        """Drafts from one sentence; (True, addressee) when it is a lead ending with ":" that opens a list."""
        lead = _first_match(self.cues.lead, sentence)
        if lead is None or _excluded(sentence, lead.end()) or _shouted(sentence):
            return False, None
        body_start = start + lead.end()
        body = self.text[body_start:end]
        addressee, offset = split_addressee(body)
        if addressee is None:
            offset = 0  # "recommend that steps be taken to ensure ...": the whole clause is the recommendation
        action_start = body_start + offset
        action = self.text[action_start:end]
        if (sentence.rstrip().endswith(":") and not split_enumerated(action)
                and len(clean_item(action).split()) <= 8):  # "We recommend that CMS:", "We recommend the following:"
            return True, addressee
        if not clean_item(action) and addressee:  # "we recommended that CMS" / "(1) work with ... (2) ..."
            return True, addressee
        if not clean_item(action):
            return False, None
        enumerated = split_enumerated(action)
        if enumerated:
            stem = action[: enumerated[0][1]]
            stem_actions = split_actions(stem) if len(clean_item(stem).split()) >= 4 else []
            if len(stem_actions) >= 2:  # "determine X and help ensure Y by (1) ..., (2) ...": the stem's actions
                for part_start, part_end in stem_actions[:-1]:
                    self._add(action_start + part_start, action_start + part_end, None, addressee)
                self._add(action_start + stem_actions[-1][0], end, None, addressee)
                return False, None
            named = addressee
            for number, item_start, item_end in enumerated:
                who = addressee
                if addressee is None:  # "that: (1) NIH modify ..., (2) segregate ...", "that (1) CMS ensure ... (2) HHS revise ..."
                    inner, inner_offset = split_addressee(action[item_start:item_end])
                    if inner is not None:
                        named, item_start = inner, item_start + inner_offset
                    who = named
                self._add(action_start + item_start, action_start + item_end, number, who)
            # a numbered list that runs on into the next paragraph: "(1) ... and" / "(2) ..."
            return (not sentence.rstrip().endswith((".", "!", "?", '."', ".”"))), addressee
        for part_start, part_end in split_actions(action):
            self._add(action_start + part_start, action_start + part_end, None, addressee)
        return False, None

    def _should(self, start: int, end: int, sentence: str) -> None:
        """In a Recommendations section, "Therefore, CMS should reduce ..." states a recommendation."""
        if _first_match(self.cues.lead, sentence) or _excluded(sentence) or sentence.rstrip().endswith(":"):
            return
        match = _SHOULD_ACTION.search(sentence)
        if match is None or not _starts_action(sentence, match.end()):
            return
        body_start = start + match.end()
        for part_start, part_end in split_actions(self.text[body_start:end]):
            self._add(body_start + part_start, body_start + part_end, None, _addressee(match.group("who")))

    def _item(self, start: int, end: int, addressee: str | None) -> int:
        """One list paragraph: one recommendation, or several when it numbers them inline
        ("(1) work with ... and (2) consider ..."). Returns how many were added."""
        paragraph = self.text[start:end]
        enumerated = split_enumerated(paragraph)
        if len(enumerated) >= 2:
            last_end = self._sentence_end(start + enumerated[-1][1], end)
            for number, item_start, item_end in enumerated:
                self._add(start + item_start, min(start + item_end, last_end), number, addressee)
            return len(enumerated)
        number_match = re.match(r"^\s*\(?(\d{1,2})[.)]", paragraph)
        first = self._first_sentence_end(start, end)
        self._add(start, first, int(number_match.group(1)) if number_match else None, addressee)
        return 1

    def _labelled(self, start: int, end: int, number: int) -> None:
        text = self.text[start:end]
        should = _SHOULD.match(text)
        addressee = _addressee(should.group("who")) if should else None
        body_start = start + (should.end() if should else 0)
        lead = _first_match(self.cues.lead, text)
        if lead is not None and lead.start() < 3:
            addressee, offset = split_addressee(self.text[start + lead.end():end])
            body_start = start + lead.end() + offset
        self._add(body_start, self._first_sentence_end(body_start, end), number, addressee)

    def _add(self, start: int, end: int, number: int | None, addressee: str | None) -> None:
        raw = self.text[start:end]
        cleaned = clean_item(raw)
        if len(cleaned.split()) < 2:
            return
        offset = raw.find(cleaned)
        start = start + max(offset, 0)
        end = start + len(cleaned)
        if any(d.start == start and d.end == end for d in self.drafts):
            return
        self.drafts.append(_Draft(start, end, number, addressee, order=len(self.drafts) + 1))

    def _sentences_in(self, start: int, end: int) -> list[tuple[int, int]]:
        # sentences are in text order and do not overlap: start from the first ending after ``start``
        # (bisect, not a scan of every sentence for every paragraph)
        found = []
        for s, e in itertools.islice(self.sentences, bisect.bisect_right(self.sentence_ends, start), None):
            if s >= end:
                break
            found.append((max(s, start), min(e, end)))
        return found or [(start, end)]

    def _sentence_end(self, offset: int, end: int) -> int:
        for s_start, s_end in self.sentences:
            if s_start <= offset < s_end:
                return min(s_end, end)
        return end

    def _first_sentence_end(self, start: int, end: int) -> int:
        for s_start, s_end in self.sentences:
            if s_end > start and s_start <= start + 1:
                return min(s_end, end)
        return end

    def deduplicate(self) -> None:
        """A recommendation stated twice (a summary page and the letter, a Highlights page) is kept once:
        the first full statement; one that is a cut-off start of another is dropped."""
        folded = [_fold(self.text[d.start:d.end]) for d in self.drafts]
        kept: list[_Draft] = []
        seen: list[str] = []
        for index, draft in enumerate(self.drafts):
            text = folded[index]
            if any(other.startswith(text) and (other != text or j < index) for j, other in enumerate(folded) if j != index):
                continue
            if text in seen:
                continue
            seen.append(text)
            kept.append(draft)
        for order, draft in enumerate(kept, start=1):
            draft.order = order
        self.drafts = kept

    # -- responses ---------------------------------------------------------------------------

    def responses(self) -> None:
        """Read the response sentences in order. A response answers the group of recommendations stated
        since the previous response (a testimony states several reports' recommendations, each followed
        by the agency's answer); within the group, "all", numbers and ordinals are resolved."""
        if not self.drafts:
            return
        drafts = sorted(self.drafts, key=lambda d: d.start)
        rec_spans = [(d.start, d.end) for d in drafts]
        group: list[_Draft] = []
        answered = False
        next_draft = 0
        for s_start, s_end in self.sentences:
            if s_end <= drafts[0].start:
                continue
            while next_draft < len(drafts) and drafts[next_draft].start < s_end:
                if answered:  # a recommendation after a response opens a new group
                    group, answered = [], False
                group.append(drafts[next_draft])
                next_draft += 1
            sentence = self.text[s_start:s_end]
            for d_start, d_end in rec_spans:  # a recommendation's own words are not a response
                if d_start < s_end and d_end > s_start:
                    a, b = max(d_start, s_start) - s_start, min(d_end, s_end) - s_start
                    sentence = sentence[:a] + " " * (b - a) + sentence[b:]
            clauses = response_clauses(sentence)
            for clause in clauses:
                self._apply(clause, group)
            answered = answered or bool(clauses)

    @staticmethod
    def _apply(clause: ResponseClause, drafts: list[_Draft]) -> None:
        if not drafts:
            return
        positions = {id(d): index for index, d in enumerate(drafts, start=1)}
        if clause.scope == "listed":
            last = max((d.number or positions[id(d)]) for d in drafts)
            wanted = {last if n == -1 else n for n in clause.targets}
            chosen = [d for d in drafts if (d.number or positions[id(d)]) in wanted]
            rank = 3
        elif clause.scope == "remaining":
            chosen = [d for d in drafts if d.response_rank < 1]
            rank = 2
        elif clause.scope == "findings":
            chosen = list(drafts)
            rank = 0
        else:
            chosen = list(drafts)
            rank = 1
        for draft in chosen:
            if rank > draft.response_rank:
                draft.response = clause.response
                draft.response_rank = rank

    # -- building results ----------------------------------------------------------------------

    def build(self) -> tuple[Recommendation, ...]:
        aliases: dict[str, Any] = self.doc._.oig_aliases or {}
        counts = sorted(self.doc.spans.get(SPAN_KEYS["counts"], []), key=lambda s: s.start_char)
        results = []
        for draft in self.drafts:
            rec_counts = tuple(
                span._.oig_count for span in counts
                if draft.start <= span.start_char and span.end_char <= draft.end and span._.oig_count is not None
            )
            results.append(
                Recommendation(
                    text=self.text[draft.start:draft.end],
                    number=draft.number,
                    addressee=_resolve(draft.addressee, aliases),
                    response=draft.response,
                    evidence=self._evidence(draft.start),
                    counts=rec_counts,
                )
            )
        return tuple(results)

    def _evidence(self, offset: int) -> Evidence:
        start, end = next(((s, e) for s, e in self.sentences if s <= offset < e), (offset, offset))
        page = next((p.number for p in self.main.pages if p.start <= start < p.end), None)
        return Evidence(self.text[start:end], page, start, end, section_at(self.main, start))


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9$%]+", " ", text.lower()).strip()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for part in text.split("\n\n"):
        stripped = part.strip()
        if stripped:
            start = position + part.index(stripped)
            spans.append((start, start + len(stripped)))
        position += len(part) + 2
    return spans


def _first_match(patterns: tuple[CuePattern, ...], text: str) -> Any:
    best = None
    for pattern in patterns:
        match = pattern.search(text)
        if match and (best is None or match.start() < best.start()):
            best = match
    return best


def _shouted(sentence: str) -> bool:
    """A heading in capitals ("OIG RECOMMENDS SEVERAL ACTIONS TO STRENGTHEN ...") announces, not states."""
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) > 10 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _excluded(sentence: str, lead_end: int | None = None) -> bool:
    """A sentence that is not a recommendation of this report: "no recommendations" anywhere, or a prior
    report named before the lead or just after it."""
    cues = _cues()
    if any(pattern.search(sentence) for pattern in cues.exclude):
        return True
    head = sentence if lead_end is None else sentence[: lead_end + _PRIOR_REACH]
    return any(pattern.search(head) for pattern in cues.prior)


def _list_addressee(sentence: str) -> str | None:
    should = re.search(r"(?P<who>(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+(?:of|and|for|&|[A-Z][\w&.'’-]*)){0,6})\s+should\s*:\s*$", sentence)
    if should:
        return _addressee(should.group("who"))
    to_whom = _TO_WHOM.search(sentence)
    return _addressee(to_whom.group("who")) if to_whom else None


_SHOULD_ACTION = re.compile(
    r"(?:^|[,;]\s+|\b(?:therefore|also|thus|accordingly|specifically)\s+)"
    r"(?P<who>(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+(?:of|and|for|&|[A-Z][\w&.'’-]*)){0,6})\s+should\s+(?:also\s+)?"
)
_PARENTHETICAL = re.compile(r"\s*\(([^)]{1,60})\)\s*$")


def _resolve(addressee: str | None, aliases: dict[str, Any]) -> str | None:
    """"the State agency" -> the body the document defines it as; "Ohio Department of Job and Family
    Services (State agency)" -> the name; else the words as written without "the"."""
    if addressee is None:
        return None
    text = re.sub(r"^the\s+", "", addressee.strip(), flags=re.IGNORECASE)
    text = _PARENTHETICAL.sub("", text).strip() or text
    agency = aliases.get(text.lower())  # generic references are learned in lower case, acronyms as written
    if agency is not None:
        return str(agency.name)
    return text or None


def read_recommendations(doc: Doc, main: MainText) -> tuple[Recommendation, ...]:
    """Every recommendation of the document, in reading order, with the auditee's response."""
    reader = _Reader(doc, main)
    reader.read()
    reader.deduplicate()
    reader.responses()
    return reader.build()
