"""Sentence boundaries, and the array readers other components use instead of ``doc.sents``."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, SEED
from oigextract import load_pipeline
from oigextract.pipeline.sentences import sentence_char_spans, sentence_start_indices


def _texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEED.glob("*.txt"))]
    for table in sorted((FIXTURES / "cases").glob("*.jsonl")):  # every case sentence, as one long text
        rows = [json.loads(line) for line in table.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts.append("\n\n".join(row["text"] for row in rows if isinstance(row.get("text"), str)))
    return [text for text in texts if text.strip()]


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
