"""CachedLookupLemmatizer ("oig_lemmatizer") against spaCy's own lookup lemmatizer.

The component is a vectorised copy of ``Lemmatizer(mode="lookup")``: every test compares it with the
stock component on the same text (token by token), or checks one of the stock behaviours it has to
keep: ``overwrite``, empty docs, other token attributes untouched, new tables after ``initialize``,
serialisation with ``nlp.to_disk`` / ``spacy.load``, and its place in the project's pipeline.
"""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span

import oigextract.pipeline.lemmas  # noqa: F401 - registers the "oig_lemmatizer" factory
from conftest import fixture_texts
from oigextract import load_pipeline
from oigextract.pipeline.lemmas import CachedLookupLemmatizer

EDGE_TEXTS = [
    " ",
    "\n\n",
    "children CHILDREN Children children's",
    "The geese were running; mice ran. They'd've gone.",
    "Ünïcödé naïve café – “quoted” words’ apostrophes…",
    "3,014 $3.4 million FY2018 A-09-16-02015 OEI-02-14-00490",
    "was were is are been being has had having does did done",
]


def _fixture_texts() -> list[str]:
    """Every fixture text (conftest.fixture_texts) and a few edge texts."""
    return [*fixture_texts(), *EDGE_TEXTS]


def _blank(factory: str, **config: object) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(factory, config={"mode": "lookup", **config})
    nlp.initialize()
    return nlp


@pytest.fixture(scope="module")
def reference() -> Language:
    return _blank("lemmatizer")


@pytest.fixture(scope="module")
def ours() -> Language:
    return _blank("oig_lemmatizer")


def _component(nlp: Language, name: str) -> Lemmatizer:
    component = nlp.get_pipe(name)
    assert isinstance(component, Lemmatizer)
    return component


def _lemmas(doc: Doc) -> list[tuple[str, str]]:
    return [(token.text, token.lemma_) for token in doc]


def test_the_factory_builds_the_cached_component(ours: Language) -> None:
    component = ours.get_pipe("oig_lemmatizer")
    assert isinstance(component, CachedLookupLemmatizer)
    assert component.mode == "lookup"
    assert component.overwrite is False


def test_lemmas_equal_spacys_lookup_lemmatizer_on_fixture_texts(reference: Language, ours: Language) -> None:
    texts = _fixture_texts()
    assert len(texts) > 800
    changed = 0
    for text, expected, found in zip(texts, reference.pipe(texts), ours.pipe(texts)):
        assert _lemmas(found) == _lemmas(expected), text[:80]
        changed += sum(token.lemma_ != token.text for token in found)
    assert changed > 1000  # the table was really applied, not just the identity


def test_the_word_cache_gives_the_same_lemmas_on_a_second_pass(reference: Language, ours: Language) -> None:
    """Run twice over the same texts: the second run is served from the component's cache."""
    texts = _fixture_texts()[:200]
    first = [_lemmas(doc) for doc in ours.pipe(texts)]
    second = [_lemmas(doc) for doc in ours.pipe(list(reversed(texts)))]
    assert second == list(reversed(first))
    assert first == [_lemmas(doc) for doc in reference.pipe(texts)]


@pytest.mark.parametrize(
    ("overwrite", "expected"),
    [(False, ["The", "kid", "be", "separate"]), (True, ["The", "child", "be", "separate"])],
)
def test_overwrite_decides_whether_a_lemma_already_set_is_kept(
        overwrite: bool, expected: list[str]) -> None:
    for factory in ("oig_lemmatizer", "lemmatizer"):  # spaCy's own component behaves the same way
        nlp = _blank(factory, overwrite=overwrite)
        doc = nlp.make_doc("The children were separated")
        doc[1].lemma_ = "kid"
        doc = nlp.get_pipe(factory)(doc)
        assert [token.lemma_ for token in doc] == expected, factory


def test_only_tokens_with_a_lemma_are_kept_when_not_overwriting(ours: Language) -> None:
    doc = ours.make_doc("children children were were")
    doc[0].lemma_ = "kid"
    doc[3].lemma_ = "WERE"
    ours.get_pipe("oig_lemmatizer")(doc)
    assert [token.lemma_ for token in doc] == ["kid", "child", "be", "WERE"]


def test_other_token_attributes_are_left_alone(ours: Language) -> None:
    """The lemmas are written with ``Doc.from_array(["LEMMA"])``: sentence starts, tags, norms,
    entities set by an earlier component stay as they were."""
    doc = ours.make_doc("The children were separated. Officials knew months before.")
    for index, token in enumerate(doc):
        token.is_sent_start = token.i in (0, 5)
        token.tag_ = f"T{index}"
        token.norm_ = token.text.upper()
    doc.ents = [Span(doc, 5, 6, label="ORG")]
    attrs: list[int | str] = ["ORTH", "SENT_START", "TAG", "NORM", "ENT_IOB", "ENT_TYPE", "SPACY"]
    before = doc.to_array(attrs)
    ours.get_pipe("oig_lemmatizer")(doc)
    assert numpy.array_equal(doc.to_array(attrs), before)
    assert [span.text for span in doc.ents] == ["Officials"]
    assert [sent.text for sent in doc.sents] == ["The children were separated.", "Officials knew months before."]
    assert doc[1].lemma_ == "child"


def test_an_empty_doc(ours: Language, reference: Language) -> None:
    doc = ours("")
    assert len(doc) == 0
    assert _lemmas(doc) == _lemmas(reference(""))
    assert len(ours.get_pipe("oig_lemmatizer")(Doc(ours.vocab, words=[]))) == 0


def test_new_tables_from_initialize_replace_the_cached_lemmas() -> None:
    """A table given to ``initialize`` is used at once (the cache of the old table is dropped), and a
    list of lemmas gives its first one, as in spaCy's ``lookup_lemmatize``."""
    nlp = _blank("oig_lemmatizer")
    reference = _blank("lemmatizer")
    text = "The children saw geese and the geese saw children."
    assert [token.lemma_ for token in nlp(text)][1] == "child"  # fills the cache from the packaged table
    for pipeline, name in ((nlp, "oig_lemmatizer"), (reference, "lemmatizer")):
        lookups = Lookups()
        lookups.add_table("lemma_lookup", {"children": "kiddo", "geese": ["goose", "gander"], "saw": "see"})
        _component(pipeline, name).initialize(lookups=lookups)
    assert _lemmas(nlp(text)) == _lemmas(reference(text))
    assert [token.lemma_ for token in nlp(text)] == [
        "The", "kiddo", "see", "goose", "and", "the", "goose", "see", "kiddo", ".",
    ]


def test_the_component_survives_to_disk_and_spacy_load(tmp_path: Path, ours: Language) -> None:
    texts = _fixture_texts()[::20]
    expected = [_lemmas(doc) for doc in ours.pipe(texts)]
    ours.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == ["oig_lemmatizer"]
    component = loaded.get_pipe("oig_lemmatizer")
    assert isinstance(component, CachedLookupLemmatizer)
    assert "lemma_lookup" in component.lookups.tables
    assert [_lemmas(doc) for doc in loaded.pipe(texts)] == expected


def test_from_bytes_brings_the_saved_table_and_drops_the_cache() -> None:
    """A component that cached lemmas from one table, loaded from the bytes of another, uses the new one."""
    source = _blank("oig_lemmatizer")
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"children": "kiddo"})
    _component(source, "oig_lemmatizer").initialize(lookups=lookups)
    target = _blank("oig_lemmatizer")
    assert target("children")[0].lemma_ == "child"
    _component(target, "oig_lemmatizer").from_bytes(_component(source, "oig_lemmatizer").to_bytes())
    assert target("children")[0].lemma_ == "kiddo"


def test_the_project_pipeline_uses_it() -> None:
    nlp = load_pipeline()
    assert "oig_lemmatizer" in nlp.pipe_names
    assert "lemmatizer" not in nlp.pipe_names
    assert isinstance(nlp.get_pipe("oig_lemmatizer"), CachedLookupLemmatizer)
    doc = nlp("The children were separated from their parents.")
    assert [token.lemma_ for token in doc][:4] == ["The", "child", "be", "separate"]
    assert doc[6].lemma_ == "parent"
