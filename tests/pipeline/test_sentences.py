"""Sentence boundaries, and the array readers other components use instead of ``doc.sents``."""

from __future__ import annotations

import pytest

from conftest import fixture_texts
from oigextract import load_pipeline
from oigextract.pipeline.sentences import sentence_char_spans, sentence_start_indices


def _texts() -> list[str]:
    """The seed text alone, and every fixture text joined into one long text."""
    texts = fixture_texts()
    return [texts[-1], "\n\n".join(texts)]


@pytest.mark.parametrize("text", _texts() + [
    "One sentence.",
    "Heading without a stop\n\nThe first paragraph ends here. A second sentence follows!",
    "  Leading spaces. Then U.S. agencies on Oct. 1, 2017, said so.\n\n\nTrailing blank lines\n\n",
])
def test_array_readers_agree_with_doc_sents(text: str) -> None:
    doc = load_pipeline()(text)
    assert sentence_start_indices(doc) == [sent.start for sent in doc.sents]
    assert sentence_char_spans(doc) == [(sent.start_char, sent.end_char) for sent in doc.sents]


def test_paragraph_break_and_full_stop_start_sentences() -> None:
    doc = load_pipeline()("CBP knew of the problem in November 2017.\n\nDHS estimated 3,014 children. It could not confirm it")
    starts = [doc[index].text for index in sentence_start_indices(doc)]
    assert starts == ["CBP", "\n\n", "DHS", "It"]  # the blank line is a sentence of its own
    spans = sentence_char_spans(doc)
    assert doc.text[spans[-1][0]:spans[-1][1]] == "It could not confirm it"


def test_empty_doc_has_no_sentences() -> None:
    doc = load_pipeline().make_doc("")
    assert sentence_start_indices(doc) == []
    assert sentence_char_spans(doc) == []
