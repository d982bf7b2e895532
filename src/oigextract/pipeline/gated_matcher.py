"""A spaCy Matcher that only looks where a pattern can match: around its rarest required word.

spaCy's Matcher starts every pattern at every token, so its cost is tokens x patterns: on a long
testimony it was half of the run time, although a date pattern needs a month name or a year and a
hospital pattern needs "Hospital". Each pattern here gets its own Matcher and a list of *gates*: its
required tokens whose ``TEXT``/``ORTH``/``LOWER`` constraint (a string, ``IN``, ``NOT_IN``,
``REGEX``) can be decided from the token's text alone. Per document, the gate with the fewest hits
is chosen, and the pattern's Matcher runs only on windows around those hits, as wide as the
pattern can reach from that token. Every match contains a hit of every gate, so the matches are
exactly those of one plain Matcher over the whole document; a pattern without a gate, or with an
unbounded repeat (``+``, ``*``), runs on the whole document as before.

Gate results are cached by string hash (stable across processes and vocabularies), so each word is
tested once per process.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

Match = tuple[int, int, int]
_TEXT_ATTRS = {"TEXT": False, "ORTH": False, "LOWER": True}  # attribute -> compared lowercased
_REPEAT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


@dataclass(frozen=True)
class _Gate:
    """One required token of a pattern: its text test and how far a match reaches around it."""

    key: str  # the test, as canonical JSON: patterns sharing a test share its cache
    before: int  # tokens a match can have before this one
    after: int  # tokens a match can have from this one on (itself included)


def _repeats(op: str | None) -> tuple[int, int | None]:
    """(fewest, most) tokens a pattern token with this ``OP`` consumes; most is None if unbounded."""
    if op in (None, "!"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "+":
        return 1, None
    if op == "*":
        return 0, None
    found = _REPEAT.match(op)
    if found is None:
        raise ValueError(f"unknown OP {op!r}")
    low, comma, high = found.groups()
    fewest = int(low or 0)
    if not comma:
        return fewest, fewest
    return fewest, int(high) if high else None


def _text_test(token: dict[str, Any]) -> dict[str, Any] | None:
    """The constraints of ``token`` decidable from its text, if at least one of them selects words.

    Only the forms handled here are kept (a string, ``IN``, ``NOT_IN``, a ``REGEX`` string); any
    other predicate is left out, which makes the test looser, never wrong: the Matcher decides.
    """
    test: dict[str, Any] = {}
    for attr, value in token.items():
        attr = attr.upper()  # spaCy reads "lower" as "LOWER"
        if attr not in _TEXT_ATTRS:
            continue
        if isinstance(value, str):
            test[attr] = value
        elif isinstance(value, dict):
            kept = {name: operand for name, operand in value.items()
                    if (name in ("IN", "NOT_IN") and isinstance(operand, list)
                        and all(isinstance(item, str) for item in operand))
                    or (name == "REGEX" and isinstance(operand, str))}
            if kept:
                test[attr] = kept
    selective = any(isinstance(value, str) or "IN" in value or "REGEX" in value for value in test.values())
    return test if selective else None


def _op(token: dict[str, Any]) -> str | None:
    """The token's ``OP``, however its key is written ("op" is accepted by spaCy too)."""
    return next((value for key, value in token.items() if key.upper() == "OP"), None)


def pattern_gates(pattern: Sequence[dict[str, Any]]) -> list[_Gate] | None:
    """The gates of ``pattern``; None if its length is unbounded (it must run everywhere)."""
    spans = [_repeats(_op(token)) for token in pattern]
    most = [high for _, high in spans if high is not None]
    if len(most) < len(spans):
        return None
    gates = []
    for index, token in enumerate(pattern):
        fewest = spans[index][0]
        if fewest < 1 or _op(token) == "!":
            continue
        test = _text_test(token)
        if test is None:
            continue
        gates.append(_Gate(json.dumps(test, sort_keys=True), sum(most[:index]) + most[index] - 1,
                           sum(most[index:])))
    return gates


class _Words:
    """New words to test, with their lowercase forms and where each form is: an ``IN`` or string
    test looks its few words up instead of reading every new word."""

    def __init__(self, texts: list[str]) -> None:
        self.columns = {False: texts, True: [text.lower() for text in texts]}
        self._where: dict[bool, dict[str, list[int]]] = {}

    def where(self, lower: bool) -> dict[str, list[int]]:
        if lower not in self._where:
            found: dict[str, list[int]] = defaultdict(list)
            for index, text in enumerate(self.columns[lower]):
                found[text].append(index)
            self._where[lower] = found
        return self._where[lower]


def _compile(key: str) -> Callable[[_Words], list[int]]:
    """The text test written as JSON in ``key``, as the Matcher applies it (REGEX is a search),
    over many words at once: returns the indices of the words that pass."""
    steps: list[tuple[bool, str, Any]] = []  # (lowercase?, kind, operand), most selective first
    for attr, value in json.loads(key).items():
        lower = _TEXT_ATTRS[attr]
        if isinstance(value, str):
            steps.append((lower, "IN", frozenset([value])))
            continue
        if "IN" in value:
            steps.append((lower, "IN", frozenset(value["IN"])))
        if "REGEX" in value:
            steps.append((lower, "REGEX", re.compile(value["REGEX"]).search))
        if "NOT_IN" in value:
            steps.append((lower, "NOT_IN", frozenset(value["NOT_IN"])))
    order = {"IN": 0, "REGEX": 1, "NOT_IN": 2}
    steps.sort(key=lambda step: order[step[1]])

    def run(words: _Words) -> list[int]:
        indices: Sequence[int] = range(len(words.columns[False]))
        for number, (lower, kind, operand) in enumerate(steps):
            column = words.columns[lower]
            if kind == "IN" and number == 0:
                where = words.where(lower)
                indices = sorted(index for member in operand for index in where.get(member, ()))
            elif kind == "IN":
                indices = [i for i in indices if column[i] in operand]
            elif kind == "NOT_IN":
                indices = [i for i in indices if column[i] not in operand]
            else:
                indices = [i for i in indices if operand(column[i]) is not None]
        return list(indices)

    return run


class _GateCache:
    """For every gate test, the string hashes that pass it; each distinct word is tested once.

    Shared by all matchers of the process; ``lock`` guards it, so that extract() may run in
    several threads of one process (a Dask worker with more than one thread).
    """

    def __init__(self) -> None:
        self.tests: dict[str, Callable[[_Words], list[int]]] = {}
        self.passing: dict[str, set[int]] = {}
        self.seen: set[int] = set()
        self.generation = 0  # bumped by each new test: word indexes made before it are stale
        self.lock = threading.Lock()

    def register(self, key: str) -> None:
        with self.lock:
            if key not in self.tests:
                self.tests[key] = _compile(key)
                self.passing[key] = set()
                self.seen = set()  # a new test must see every word again
                self.generation += 1

    def update(self, vocab: Vocab, orths: set[int]) -> None:
        with self.lock:
            new = list(orths - self.seen)
            if not new:
                return
            strings = vocab.strings
            words = _Words([strings[orth] for orth in new])
            for key, test in self.tests.items():
                self.passing[key].update(new[i] for i in test(words))
            self.seen.update(new)

    def present(self, key: str, words: set[int]) -> set[int]:
        """The words of ``words`` that pass gate ``key``."""
        with self.lock:
            return self.passing[key] & words


_CACHE = _GateCache()


class GatedMatcher:
    """Drop-in for ``Matcher(vocab)(doc)`` over patterns added with :meth:`add` (no callbacks)."""

    def __init__(self, vocab: Vocab, validate: bool = True) -> None:
        self.vocab = vocab
        self.validate = validate
        self._rules: list[tuple[int, Matcher, list[_Gate] | None, frozenset[str]]] = []
        self._keys: set[str] = set()

    def __len__(self) -> int:
        return len(self._rules)

    def add(self, key: str, pattern: list[dict[str, Any]]) -> None:
        """Add one pattern under ``key`` (raises what ``Matcher.add`` raises for a bad pattern)."""
        matcher = Matcher(self.vocab, validate=self.validate)
        matcher.add(key, [pattern])
        gates = pattern_gates(pattern)
        for gate in gates or ():
            _CACHE.register(gate.key)
        keys = frozenset(gate.key for gate in gates or ())
        self._keys.update(keys)
        self._rules.append((self.vocab.strings[key], matcher, gates or None, keys))

    def __call__(self, doc: Doc) -> list[Match]:
        if not len(doc):
            return []
        words = _words_of(doc)
        counts = {key: words.count(key) for key in self._keys}
        absent = {key for key, count in counts.items() if not count}
        found: list[tuple[int, int, int, int]] = []
        for order, (match_id, matcher, gates, keys) in enumerate(self._rules):
            if gates is None:
                windows = [(0, len(doc))]
            else:
                if not absent.isdisjoint(keys):
                    continue  # a word the pattern requires is not in the document
                gate = min(gates, key=lambda g: counts[g.key])
                windows = _windows(words.positions(gate.key), gate, len(doc))
            for start, end in windows:
                for _, match_start, match_end in matcher(doc[start:end]):
                    found.append((start + match_start, start + match_end, order, match_id))
        found.sort()  # by position, ties by the order the patterns were added: the first one wins
        unique = dict.fromkeys((match_id, start, end) for start, end, _, match_id in found)
        return list(unique)  # two patterns under one key matching one span: one match, as in a Matcher


_LAST: tuple[weakref.ref[Doc], int, int, _DocWords] | None = None


def _words_of(doc: Doc) -> _DocWords:
    """The word index of ``doc``, shared by the matchers that run on it one after another."""
    global _LAST
    if _LAST is not None and _LAST[0]() is doc and _LAST[1] == len(doc) and _LAST[2] == _CACHE.generation:
        return _LAST[3]
    words = _DocWords(doc)
    _CACHE.update(doc.vocab, words.orth_set)
    _LAST = (weakref.ref(doc), len(doc), _CACHE.generation, words)
    return words


_NUMPY_FROM_TOKENS = 3000  # below this, numpy's per-call costs outweigh a Python pass


class _DocWords:
    """Where each distinct word of one document occurs, to count and find a gate's tokens.

    A long document sorts its tokens by word once (numpy), each word's positions a slice of that
    order; a short one (an HTML summary) is indexed in one Python pass, which is faster there.
    """

    def __init__(self, doc: Doc) -> None:
        orths = doc.to_array("ORTH")
        self._present: dict[str, set[int]] = {}
        self._counts: dict[str, int] = {}
        self.where: dict[int, list[int]] | None = None
        if len(orths) < _NUMPY_FROM_TOKENS:
            self.where = defaultdict(list)
            for index, orth in enumerate(orths.tolist()):
                self.where[orth].append(index)
            self.orth_set = set(self.where)
            return
        self.order = numpy.argsort(orths, kind="stable")
        self.words, self.first, self.counts = numpy.unique(orths[self.order], return_index=True, return_counts=True)
        self.orth_set = set(self.words.tolist())

    def _present_words(self, key: str) -> set[int]:
        if key not in self._present:
            self._present[key] = _CACHE.present(key, self.orth_set)
        return self._present[key]

    def _rows(self, key: str) -> numpy.ndarray:
        present = self._present_words(key)
        return numpy.searchsorted(self.words, numpy.fromiter(present, dtype=self.words.dtype, count=len(present)))

    def count(self, key: str) -> int:
        if key not in self._counts:
            if self.where is not None:
                self._counts[key] = sum(len(self.where[orth]) for orth in self._present_words(key))
            else:
                self._counts[key] = int(self.counts[self._rows(key)].sum())
        return self._counts[key]

    def positions(self, key: str) -> list[int]:
        if self.where is not None:
            where = self.where
            return sorted(index for orth in self._present_words(key) for index in where[orth])
        rows = self._rows(key)
        spans = [self.order[start:start + count] for start, count in zip(self.first[rows], self.counts[rows])]
        return sorted(numpy.concatenate(spans).tolist()) if spans else []


def _windows(positions: list[int], gate: _Gate, length: int) -> list[tuple[int, int]]:
    """Merged token ranges that hold every match containing a gate hit at ``positions``."""
    windows: list[tuple[int, int]] = []
    for position in positions:
        start, end = max(0, position - gate.before), min(length, position + gate.after)
        if windows and start < windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows
