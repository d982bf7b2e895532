"""GatedMatcher against a plain spaCy Matcher: the same matches, in (start, end, order added) order.

GatedMatcher runs each pattern only on windows around its rarest required word ("gate"), so every
test here compares it with one plain ``Matcher`` that holds the same patterns and runs everywhere:
on the project's own pattern files over the fixture texts, at the edges of a document, and on small
patterns written to probe the gates (REGEX is a search, LOWER is lowercased, NOT_IN is honoured).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.matcher import Matcher

from conftest import fixture_texts
from oigextract import load_pipeline
from oigextract.pipeline.cues import deficiency_patterns
from oigextract.pipeline.gated_matcher import GatedMatcher, pattern_gates
from oigextract.pipeline.patterns import pattern_rows

Pattern = list[dict[str, Any]]
Match = tuple[int, int, int]


TEXTS = list(fixture_texts())


def _project_patterns(name: str) -> list[tuple[str, Pattern]]:
    if name == "deficiency_cues.jsonl":
        return list(deficiency_patterns())  # keys repeat here ("cue" three times), as CueFinder adds them
    return [(f"{row['label']}#{number}", row["pattern"]) for number, row in enumerate(pattern_rows(name)[1])]


PATTERN_FILES = ["date_patterns.jsonl", "count_patterns.jsonl", "org_patterns.jsonl", "deficiency_cues.jsonl"]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def blank() -> Language:
    """A bare English tokenizer for the small hand-written patterns (made once: it takes 30 ms)."""
    return spacy.blank("en")


def _both(vocab: Any, patterns: Sequence[tuple[str, Pattern]]) -> tuple[GatedMatcher, Matcher]:
    gated, plain = GatedMatcher(vocab, validate=True), Matcher(vocab, validate=True)
    for key, pattern in patterns:
        gated.add(key, pattern)
        plain.add(key, [pattern])
    return gated, plain


def _in_added_order(matches: list[Match], patterns: Sequence[tuple[str, Pattern]], vocab: Any) -> bool:
    """Sorted by (start, end, the order the first pattern with that key was added)."""
    order: dict[int, int] = {}
    for index, (key, _) in enumerate(patterns):
        order.setdefault(vocab.strings[key], index)
    return matches == sorted(matches, key=lambda m: (m[1], m[2], order[m[0]]))


# --- the project's own patterns on the fixture texts ---------------------------------------------


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_project_patterns_on_one_long_doc_match_plain_matcher(nlp: Language, name: str) -> None:
    """All fixture texts in one doc: hits are dense, so windows overlap and merge, and the doc starts
    and ends with a fixture sentence, so windows are clipped at both edges."""
    patterns = _project_patterns(name)
    doc = nlp.make_doc(" ".join(TEXTS))
    gated, plain = _both(nlp.vocab, patterns)
    found = gated(doc)
    assert sorted(found) == sorted(plain(doc))
    assert len(doc) > 5000
    assert found, f"{name} matched nothing in {len(doc)} tokens: the comparison would prove nothing"
    assert _in_added_order(found, patterns, nlp.vocab)


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_project_patterns_on_each_fixture_text_match_plain_matcher(nlp: Language, name: str) -> None:
    """One doc per sentence: many matches start at token 0 or end at the last token."""
    patterns = _project_patterns(name)
    gated, plain = _both(nlp.vocab, patterns)
    edge_hits = 0
    for text in TEXTS:
        doc = nlp.make_doc(text)
        found = gated(doc)
        assert sorted(found) == sorted(plain(doc)), text
        assert _in_added_order(found, patterns, nlp.vocab), text
        edge_hits += sum(1 for _, start, end in found if start == 0 or end == len(doc))
    if name != "deficiency_cues.jsonl":  # the four cue patterns never touch a sentence edge here
        assert edge_hits, "no match touched a doc edge: the edge handling was not exercised"


def test_dense_overlapping_dates_match_plain_matcher(nlp: Language) -> None:
    """Every token is near a month or a year: all windows merge into long runs."""
    text = " ".join(
        f"{month} {day}, {year} through {month} {year} FY {year}-{year + 1} in {year} Q{day % 4 + 1} FY{year % 100}"
        for month, day, year in zip(["January", "Feb.", "MARCH", "Sept", "December"] * 8, range(1, 41),
                                    range(1981, 2021), strict=True)
    )
    patterns = _project_patterns("date_patterns.jsonl")
    gated, plain = _both(nlp.vocab, patterns)
    doc = nlp.make_doc(text)
    found = gated(doc)
    assert len(found) > 100
    assert sorted(found) == sorted(plain(doc))


def test_empty_doc_gives_no_matches(nlp: Language) -> None:
    gated, plain = _both(nlp.vocab, _project_patterns("count_patterns.jsonl"))
    doc = nlp.make_doc("")
    assert gated(doc) == [] == plain(doc)


# --- gates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["+", "*", "{2,}", "{0,}"])
def test_unbounded_pattern_has_no_gates(op: str) -> None:
    assert pattern_gates([{"LOWER": "hospital"}, {"IS_ALPHA": True, "OP": op}]) is None


@pytest.mark.parametrize("pattern", [
    [{"IS_TITLE": True}],
    [{"IS_TITLE": True, "LOWER": {"NOT_IN": ["the", "we"]}}],  # NOT_IN alone selects almost every word
    [{"LOWER": "the", "OP": "?"}, {"IS_DIGIT": True}],  # an optional token is not required
    [{"LOWER": "not", "OP": "!"}, {"IS_DIGIT": True}],  # nor is a negated one
    [{"LOWER": "of", "OP": "{0,3}"}, {"LIKE_NUM": True}],
    [{"NORM": "hospital"}, {"LEMMA": "be"}],  # not decided from the token's text
])
def test_pattern_without_text_decidable_required_token_has_no_gates(pattern: Pattern) -> None:
    assert pattern_gates(pattern) == []


# the, up to three digits, "hospital", optional punctuation, then one or two of inc/llc:
# at most 1 + 3 + 1 + 1 + 2 = 8 tokens
REACH_PATTERN: Pattern = [
    {"LOWER": "the", "OP": "?"},
    {"IS_DIGIT": True, "OP": "{0,3}"},
    {"LOWER": "hospital"},
    {"IS_PUNCT": True, "OP": "?"},
    {"LOWER": {"IN": ["inc", "llc"]}, "OP": "{1,2}"},
]


def test_gate_reach_counts_optional_tokens_and_bounded_repeats() -> None:
    gates = pattern_gates(REACH_PATTERN)
    assert gates is not None
    # "hospital": up to 1 + 3 tokens before it; it and up to 1 + 2 after it.
    # inc/llc: the hit may be the second of two, so up to 1 + 3 + 1 + 1 + 1 before; itself and one more after.
    assert [(gate.before, gate.after) for gate in gates] == [(4, 4), (7, 2)]
    assert len({gate.key for gate in gates}) == 2


def test_exact_repeat_gate_reach() -> None:
    gates = pattern_gates([{"ORTH": "("}, {"LOWER": "a", "OP": "{2}"}, {"ORTH": ")"}])
    assert gates is not None
    assert [(gate.before, gate.after) for gate in gates] == [(0, 4), (2, 3), (3, 1)]


@pytest.mark.parametrize("text", [
    "the 1 2 3 hospital , inc llc",  # the longest match: exactly the doc
    "hospital inc",  # the shortest match: exactly the doc
    "the 1 2 3 hospital , inc llc and more words after it",
    "words before it and then the 1 2 3 hospital , inc llc",
    "hospital hospital hospital inc inc inc hospital",
    "inc the 9 hospital llc the hospital . inc inc",
])
def test_reach_pattern_found_at_doc_edges(blank: Language, text: str) -> None:
    doc = blank.make_doc(text)
    gated, plain = _both(blank.vocab, [("REACH", REACH_PATTERN)])
    found = gated(doc)
    assert found
    assert sorted(found) == sorted(plain(doc))


def test_longest_match_spans_the_whole_doc(blank: Language) -> None:
    doc = blank.make_doc("the 1 2 3 hospital , inc llc")
    gated, _ = _both(blank.vocab, [("REACH", REACH_PATTERN)])
    assert (blank.vocab.strings["REACH"], 0, len(doc)) in gated(doc)


def test_pattern_whose_rarest_gate_is_absent_yields_nothing(blank: Language) -> None:
    doc = blank.make_doc("hospital hospital board of the hospital . hospital board")
    gated, plain = _both(blank.vocab, [
        ("HB", [{"LOWER": "hospital"}, {"LOWER": "board"}]),
        ("HT", [{"LOWER": "hospital"}, {"LOWER": "trust"}]),  # "trust" never occurs
    ])
    hb = blank.vocab.strings["HB"]
    assert gated(doc) == [(hb, 1, 3), (hb, 7, 9)]
    assert sorted(plain(doc)) == [(hb, 1, 3), (hb, 7, 9)]


def test_rare_gate_chosen_does_not_lose_matches_found_from_a_common_one(blank: Language) -> None:
    """Many "the", one "board": the window around "board" must still reach back to "the"."""
    doc = blank.make_doc("the " * 30 + "the big old board" + " the" * 30)
    pattern: Pattern = [{"LOWER": "the"}, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": "board"}]
    gated, plain = _both(blank.vocab, [("B", pattern)])
    found = gated(doc)
    assert [(start, end) for _, start, end in found] == [(30, 34)]
    assert sorted(found) == sorted(plain(doc))


@pytest.mark.parametrize(("token", "expected"), [
    ({"TEXT": {"REGEX": "ospit"}}, ["Hospital", "HOSPITAL_ospital", "hospital"]),  # a search, not a match
    ({"TEXT": {"REGEX": "^ospit"}}, []),
    ({"TEXT": {"REGEX": "[a-z]_"}}, []),
    ({"TEXT": {"REGEX": "L_o"}}, ["HOSPITAL_ospital"]),
    ({"LOWER": "hospital"}, ["Hospital", "HOSPITAL", "hospital"]),
    ({"LOWER": {"IN": ["hospital", "clinic"]}}, ["Hospital", "HOSPITAL", "hospital", "Clinic"]),
    ({"LOWER": {"REGEX": "^hosp"}}, ["Hospital", "HOSPITAL", "HOSPITAL_ospital", "hospital"]),
    ({"LOWER": "Hospital"}, []),  # a lowercased token never equals a capitalised word
    ({"TEXT": "hospital"}, ["hospital"]),
    ({"ORTH": {"IN": ["Hospital", "Clinic"]}}, ["Hospital", "Clinic"]),
    ({"LOWER": {"IN": ["hospital", "clinic", "board"], "NOT_IN": ["clinic"]}}, ["Hospital", "HOSPITAL", "hospital"]),
    ({"TEXT": {"REGEX": "^[A-Z]"}, "LOWER": {"NOT_IN": ["hospital"]}}, ["Clinic", "HOSPITAL_ospital", "The"]),
    ({"TEXT": {"NOT_IN": ["Hospital"]}, "LOWER": {"REGEX": "^h"}}, ["HOSPITAL", "HOSPITAL_ospital", "hospital"]),
])
def test_gate_tests_agree_with_spacy(blank: Language, token: dict[str, Any], expected: list[str]) -> None:
    doc = blank.make_doc("The Hospital and HOSPITAL_ospital , hospital Clinic HOSPITAL")
    gated, plain = _both(blank.vocab, [("T", [token])])
    found = gated(doc)
    assert sorted({doc[start].text for _, start, _ in found}) == sorted(set(expected))
    assert sorted(found) == sorted(plain(doc))


def test_new_gate_sees_words_cached_before_it_was_registered(blank: Language) -> None:
    """The gate cache is shared by all matchers: a gate added later must still test words seen earlier."""
    text = "Quarrelsome quokkas quibble quietly"
    first = GatedMatcher(blank.vocab)
    first.add("Q1", [{"LOWER": "quokkas"}])
    assert [(s, e) for _, s, e in first(blank.make_doc(text))] == [(1, 2)]
    second = GatedMatcher(blank.vocab)
    second.add("Q2", [{"LOWER": {"REGEX": "^qu.*ly$"}}])  # registered after those words were cached
    assert [(s, e) for _, s, e in second(blank.make_doc(text))] == [(3, 4)]
    assert [(s, e) for _, s, e in first(blank.make_doc(text))] == [(1, 2)]


def test_new_gate_on_a_doc_already_matched_by_another_matcher(blank: Language) -> None:
    doc = blank.make_doc("Wobbly wombats wander wistfully")
    first = GatedMatcher(blank.vocab)
    first.add("W1", [{"LOWER": "wombats"}])
    assert [(s, e) for _, s, e in first(doc)] == [(1, 2)]
    second, plain = _both(blank.vocab, [("W2", [{"LOWER": {"REGEX": "^wi.*ly$"}}])])
    assert [(s, e) for _, s, e in plain(doc)] == [(3, 4)]
    assert sorted(second(doc)) == sorted(plain(doc))


def test_same_words_in_another_vocab(nlp: Language, blank: Language) -> None:
    """Gate results are cached by string hash: a second vocabulary gets the same answers."""
    assert blank.vocab is not nlp.vocab
    pattern: Pattern = [{"TEXT": {"IN": ["Xylophone"]}}, {"LOWER": "zephyr"}]
    for language in (nlp, blank):
        doc = language.make_doc("a Xylophone ZEPHYR b")
        gated, plain = _both(language.vocab, [("XZ", pattern)])
        assert [(s, e) for _, s, e in gated(doc)] == [(1, 3)]
        assert sorted(gated(doc)) == sorted(plain(doc))


# --- order of ties -------------------------------------------------------------------------------


TIE_PATTERNS: list[tuple[str, Pattern]] = [
    ("NEW_YORK", [{"TEXT": "New"}, {"TEXT": "York"}]),
    ("NEW", [{"LOWER": "new"}]),
    ("TWO_TITLES", [{"IS_TITLE": True}, {"IS_TITLE": True}]),  # no gate: runs on the whole doc
    ("NY_LOWER", [{"LOWER": "new"}, {"LOWER": "york"}]),
]


@pytest.mark.parametrize("patterns", [TIE_PATTERNS, TIE_PATTERNS[::-1], TIE_PATTERNS[1:] + TIE_PATTERNS[:1]])
def test_ties_come_back_in_the_order_patterns_were_added(blank: Language, patterns: list[tuple[str, Pattern]]) -> None:
    doc = blank.make_doc("in New York")
    gated, plain = _both(blank.vocab, patterns)
    found = gated(doc)
    two_token = [key for key, pattern in patterns if len(pattern) == 2]
    assert found == [(blank.vocab.strings["NEW"], 1, 2)] + [(blank.vocab.strings[key], 1, 3) for key in two_token]
    assert sorted(found) == sorted(plain(doc))


# --- invalid patterns ----------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "a", "OP": "bogus"}],
    [{"LOWER": "a", "OP": "{3,1}"}],
    [{"NOT_AN_ATTRIBUTE": "x"}],
    [{"LOWER": 5}],
    [{"LOWER": {"IN": "not a list"}}],
    [{"LOWER": {"REGEX": "("}}],
    [],
])
def test_invalid_pattern_raises_what_matcher_add_raises(blank: Language, pattern: Any) -> None:
    with pytest.raises(Exception) as plain_error:  # the type is what is compared
        Matcher(blank.vocab, validate=True).add("BAD", [pattern])
    gated = GatedMatcher(blank.vocab, validate=True)
    with pytest.raises(plain_error.type):
        gated.add("BAD", pattern)
    assert len(gated) == 0  # nothing half-added


# --- cases where GatedMatcher once differed from a plain Matcher (found by these tests, fixed) ---


def test_two_patterns_under_one_key_matching_one_span_give_one_match(blank: Language) -> None:
    doc = blank.make_doc("had not billed")
    gated, plain = _both(blank.vocab, [
        ("cue", [{"LOWER": "had"}, {"LOWER": "not"}, {"TEXT": {"REGEX": "ed$"}}]),
        ("cue", [{"LOWER": {"IN": ["had", "has"]}}, {"LOWER": "not"}, {"IS_ALPHA": True}]),
    ])
    assert plain(doc) == [(blank.vocab.strings["cue"], 0, 3)]
    assert gated(doc) == plain(doc)


def test_lowercase_op_key_is_honoured(blank: Language) -> None:
    doc = blank.make_doc("the board")
    gated, plain = _both(blank.vocab, [("B", [{"LOWER": "hospital", "op": "?"}, {"LOWER": "board"}])])
    assert plain(doc) == [(blank.vocab.strings["B"], 1, 2)]
    assert gated(doc) == plain(doc)


def test_nested_regex_predicate_is_accepted(blank: Language) -> None:
    doc = blank.make_doc("alpha beta gamma")
    gated, plain = _both(blank.vocab, [("R", [{"LOWER": {"REGEX": {"IN": ["^al", "^ga"]}}}])])
    key = blank.vocab.strings["R"]
    assert sorted(plain(doc)) == [(key, 0, 1), (key, 2, 3)]
    assert sorted(gated(doc)) == sorted(plain(doc))



def test_threads_sharing_the_gate_cache_get_the_matches_of_a_plain_matcher() -> None:
    """extract() may run in several threads of one process (a Dask worker with threads): the
    process-wide gate cache is locked, so concurrent documents with new words match as alone."""
    import concurrent.futures
    import random

    blank = spacy.blank("en")
    rows = [row["pattern"] for row in pattern_rows("date_patterns.jsonl")[1]]
    gated, plain = _both(blank.vocab, [(f"D{i}", pattern) for i, pattern in enumerate(rows)])
    rng = random.Random(7)
    months = ["January", "March", "October", "Sept.", "Oct."]
    texts = [" ".join(f"In {rng.choice(months)} {rng.randint(1, 28)}, {rng.randint(1990, 2030)} word{n}x{k} "
                      f"fiscal year {rng.randint(1990, 2030)} and Q{rng.randint(1, 4)} FY{rng.randint(10, 30)}"
                      for k in range(40)) for n in range(64)]
    docs = [blank.make_doc(text) for text in texts]
    expected = [sorted(plain(doc)) for doc in docs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda doc: sorted(gated(doc)), docs))
    assert found == expected
