"""spaCy's lookup lemmatizer, each distinct word looked up once per process instead of per token.

The stock component sets ``token.lemma_`` token by token through Python (some 2 µs a token: a
tenth of the rules' time on a long testimony). This one reads the same ``lemma_lookup`` table of
spacy-lookups-data, gives the same lemmas, keeps a word -> lemma cache and writes the lemmas of a
whole Doc with one ``Doc.from_array``. Rule mode (which needs part-of-speech tags) is left to spaCy.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from spacy.vocab import Vocab


class CachedLookupLemmatizer(Lemmatizer):
    """``Lemmatizer`` in lookup mode, vectorised; the lemma of a word the table lacks is the word."""

    def __init__(self, vocab: Vocab, model: Any, name: str = "oig_lemmatizer", *, mode: str = "lookup",
                 overwrite: bool = False) -> None:
        super().__init__(vocab, model, name, mode=mode, overwrite=overwrite)
        self._cache: dict[int, int] = {}

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, lookups: Any = None) -> None:
        super().initialize(get_examples, nlp=nlp, lookups=lookups)
        self._cache.clear()  # a new table

    def from_disk(self, *args: Any, **kwargs: Any) -> CachedLookupLemmatizer:
        self._cache.clear()
        super().from_disk(*args, **kwargs)
        return self

    def from_bytes(self, *args: Any, **kwargs: Any) -> CachedLookupLemmatizer:
        self._cache.clear()
        super().from_bytes(*args, **kwargs)
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "lookup" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        table = self.lookups.get_table("lemma_lookup", {})
        strings, cache = self.vocab.strings, self._cache
        current = doc.to_array(["ORTH", "LEMMA"])
        words, where = numpy.unique(current[:, 0], return_inverse=True)
        found = []
        for orth in words.tolist():
            lemma = cache.get(orth)
            if lemma is None:
                text = strings[orth]
                value = table.get(text, text)
                lemma = cache[orth] = strings.add(value if isinstance(value, str) else value[0])
            found.append(lemma)
        lemmas = numpy.asarray(found, dtype="uint64")[where.reshape(-1)]
        if not self.overwrite:
            lemmas = numpy.where(current[:, 1] != 0, current[:, 1], lemmas)
        doc.from_array(["LEMMA"], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory("oig_lemmatizer", default_config={"model": None, "mode": "lookup", "overwrite": False})
def make_lemmatizer(nlp: Language, model: Any, name: str, mode: str, overwrite: bool) -> CachedLookupLemmatizer:
    return CachedLookupLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)
