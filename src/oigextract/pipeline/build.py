"""Assemble the default rule pipeline on a blank English model (no statistical model, no download)."""

from __future__ import annotations

import warnings
from functools import lru_cache

import spacy
from spacy.language import Language

from . import agencies, counts, cues, dates, lemmas, references, sentences  # noqa: F401 - registers factories
from .extensions import register

PIPE_NAMES = (
    "oig_sentences", "oig_lemmatizer", "oig_references", "oig_dates", "oig_counts", "oig_cues", "oig_agencies",
)


def build_pipeline() -> Language:
    """A fresh pipeline: sentences, lookup lemmas, references, dates, counts, cues, agencies."""
    register()
    nlp = spacy.blank("en")
    nlp.add_pipe("oig_sentences")
    for name in PIPE_NAMES[1:]:
        nlp.add_pipe(name)  # oig_lemmatizer: spaCy's lookup lemmatizer, cached per word
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp.initialize()  # loads the lemma lookup table from spacy-lookups-data (a package, no download)
    return nlp


@lru_cache(maxsize=1)
def _shared_pipeline() -> Language:
    return build_pipeline()


def load_pipeline() -> Language:
    """The project's rule pipeline, built once per process and shared."""
    return _shared_pipeline()


def save_pipeline(path: str) -> None:
    """Write the rule pipeline with ``nlp.to_disk`` (``models/oig_rules`` is made this way)."""
    build_pipeline().to_disk(path)


if __name__ == "__main__":
    import sys

    save_pipeline(sys.argv[1] if len(sys.argv) > 1 else "models/oig_rules")
