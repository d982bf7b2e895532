"""Recall of the dev gold set's recommendation entries (skipped when ../shared is not beside the project).

A gold entry {evidence, response} is found when its evidence phrase (normalised as ``oigextract evaluate``
does) occurs in the text of one of our recommendations and the response is the same. For a PDF whose gold
covers some pages only, extraction runs on those pages: the gold's response is what those pages say.
The figure is printed (``pytest -s``) and must not fall below the floor measured when the reader was written.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from conftest import shared_path
from oigextract import Report, extract
from oigextract.evaluation import normalise

# Measured 2026-11: 16 of 22 entries (0.73). The six misses: three gold phrases include the lead or the
# addressee ("recommend that CMS (1) define ...", "the Director of OMB work with ..."), which our text leaves
# out (it is in ``addressee``); two responses are read from what the auditee agreed to do ("Ohio officials
# agreed to perform additional work"), which the rules do not judge; one is an implicit recommendation
# ("In addition to financial adjustments").
RECALL_FLOOR = 0.70


def _extract(document: Path, gold: dict[str, object]) -> Report:
    pages = gold.get("pages")
    if gold.get("kind") != "pdf" or not pages:
        return extract(document)
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(document))
    scoped = pdfium.PdfDocument.new()
    scoped.import_pages(source, [int(p) - 1 for p in pages])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    scoped.save(buffer)
    return extract(buffer.getvalue())


def _matched(gold: dict[str, object], report: Report, *, lenient: bool = False) -> bool:
    phrase = normalise(str(gold["evidence"]))
    for recommendation in report.recommendations:
        texts = [recommendation.text] + ([recommendation.evidence.text] if lenient else [])
        if any(phrase in normalise(text) for text in texts) and recommendation.response == gold.get("response"):
            return True
    return False


def test_dev_recommendation_recall() -> None:
    dev = shared_path("corpus", "dev")
    found = lenient = total = 0
    for gold_file in sorted(dev.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        entries = gold.get("recommendations") or []
        if not entries:
            continue
        report = _extract(dev / str(gold["file"]), gold)
        for entry in entries:
            total += 1
            found += _matched(entry, report)
            lenient += _matched(entry, report, lenient=True)
    assert total > 0
    print(f"\ndev recommendation recall: {found}/{total} = {found / total:.2f} "
          f"(phrase in the recommendation's sentence: {lenient}/{total} = {lenient / total:.2f})")
    assert found / total >= RECALL_FLOOR
