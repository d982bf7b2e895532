"""The "naive way" baseline for docs/accuracy.md: quantulum3 and dateparser on each sentence, no rules.

Why this exists: the project's scores mean little without the figure a reader would get by pointing
the two obvious libraries at the same text. This script builds, for every gold document, a Report
from exactly that naive reading and scores it with ``oigextract.evaluation``, so both figures come
from the same scorer. Only the extraction differs: the text is loaded with the project's own loaders
(``read_source`` + ``load_main_text``, pdfium backend, default ``Limits``).

The naive reading, deliberately without filters:

- sentences: the main text split after ``.``, ``!`` or ``?`` followed by white space, and at blank lines;
- counts: every quantity ``quantulum3.parser.parse`` finds in a sentence. Currency -> kind "money",
  unit "USD"; percentage -> kind "percent", unit "percent"; anything else -> kind "count" with the
  quantity's unit name, or for a dimensionless number the next word of the sentence, lower-cased;
- dates: every hit of ``dateparser.search.search_dates(sentence, languages=["en"])``, as one day
  (dateparser's defaults: a missing day or year is taken from today);
- agencies, deficiencies, caveats and metadata: none (there is no naive parser for them).

Usage (from the project root)::

    .venv/bin/python benchmarks/naive_baseline.py [GOLD_DIR] [--json] [--examples N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from oigextract import evaluation
from oigextract.api import load_main_text, read_source
from oigextract.evaluation import Evaluation, Item
from oigextract.sources.base import MainText
from oigextract.types import Count, CountKind, DateMention, Evidence, Finding, Limits, Metadata, Page, Report

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD_DIR = PROJECT_ROOT / ".." / "shared" / "corpus" / "dev"
BACKEND = "pdfium"
NOTE = (
    'naive = quantulum3.parser.parse and dateparser.search.search_dates(languages=["en"]) run on each '
    "regex-split sentence of the same main text, every hit kept (no rules, no filters); "
    "no agencies, deficiencies, caveats or metadata."
)

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n[ \t]*\n\s*")
_WORD = re.compile(r"[^\W\d_]+")
_PERCENT_UNITS = frozenset({"percentage", "percent"})


@dataclass(frozen=True, slots=True)
class Sentence:
    """A slice of the main text: ``text == main_text[start:end]``."""

    text: str
    start: int
    end: int


# --------------------------------------------------------------------------------------------------
# Naive extraction
# --------------------------------------------------------------------------------------------------


def split_sentences(text: str) -> Iterator[Sentence]:
    """Sentences after ``.!?`` + white space and at blank lines, trimmed, with their offsets."""
    position = 0
    for match in [*_SENTENCE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + (len(chunk) - len(chunk.lstrip()))
            yield Sentence(stripped, start, start + len(stripped))
        if match:
            position = match.end()


def _next_word(sentence: str, offset: int) -> str | None:
    match = _WORD.search(sentence, offset)
    return match.group(0).lower() if match else None


def _count_kind_and_unit(quantity: Any, sentence: str) -> tuple[CountKind, str]:
    unit_name = str(quantity.unit.name)
    if quantity.unit.entity.name == "currency":
        return "money", "USD"
    if unit_name in _PERCENT_UNITS:
        return "percent", "percent"
    if unit_name == "dimensionless":
        return "count", _next_word(sentence, quantity.span[1]) or unit_name
    return "count", unit_name


def naive_counts(sentence: Sentence) -> list[Count]:
    """Every quantity quantulum3 finds in the sentence, read as a Count."""
    from quantulum3 import parser

    try:
        quantities = parser.parse(sentence.text)
    except Exception:  # noqa: BLE001 - a naive parser that fails on a sentence just finds nothing
        return []
    counts: list[Count] = []
    for quantity in quantities:
        lo, hi = quantity.span
        kind, unit = _count_kind_and_unit(quantity, sentence.text)
        counts.append(
            Count(
                text=sentence.text[lo:hi] or str(quantity.surface),
                value=float(quantity.value),
                kind=kind,
                unit=unit,
                start_char=sentence.start + lo,
                end_char=sentence.start + hi,
            )
        )
    return counts


def naive_dates(sentence: Sentence) -> list[DateMention]:
    """Every hit of dateparser's search in the sentence, as a single day."""
    from dateparser.search import search_dates

    try:
        hits: list[tuple[str, datetime]] | None = search_dates(sentence.text, languages=["en"])
    except Exception:  # noqa: BLE001 - see naive_counts
        return []
    mentions: list[DateMention] = []
    cursor = 0
    for text, moment in hits or []:
        day: date = moment.date()
        at = sentence.text.find(text, cursor)
        start_char = sentence.start + at if at >= 0 else None
        end_char = start_char + len(text) if start_char is not None else None
        if at >= 0:
            cursor = at + len(text)
        mentions.append(DateMention(text, day, day, "day", start_char, end_char))
    return mentions


def page_of(pages: Sequence[Page], offset: int) -> int | None:
    for page in pages:
        if page.start <= offset < page.end:
            return page.number
    return None


def naive_findings(main: MainText) -> tuple[Finding, ...]:
    """One Finding per sentence in which either library found anything."""
    findings: list[Finding] = []
    for sentence in split_sentences(main.text):
        counts, dates = naive_counts(sentence), naive_dates(sentence)
        if not counts and not dates:
            continue
        evidence = Evidence(sentence.text, page_of(main.pages, sentence.start), sentence.start, sentence.end)
        findings.append(Finding(None, None, tuple(dates), tuple(counts), (), evidence))
    return tuple(findings)


def naive_report(path: Path) -> Report:
    """The naive Report of one document; loading is the project's own, extraction is not."""
    limits = Limits()
    data, label = read_source(path, limits)
    main = load_main_text(data, label, None, BACKEND, None, limits)
    return Report(
        source=label,
        kind=main.kind,
        text=main.text,
        metadata=Metadata(),
        findings=naive_findings(main),
        pages=main.pages,
        warnings=main.warnings,
    )


# --------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------


def _spread(items: Sequence[tuple[str, Item]], n: int) -> list[tuple[str, Item]]:
    """``n`` items evenly spaced over ``items`` (all of them when there are fewer)."""
    if n <= 0 or not items:
        return []
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def spurious_examples(result: Evaluation, n: int) -> list[tuple[str, Item]]:
    """About ``n`` spurious counts and dates, (document name, item), spread over the whole set."""
    per_field: dict[str, list[tuple[str, Item]]] = {"counts": [], "dates": []}
    for doc in result.documents:
        name = Path(doc.document).name
        for field, items in per_field.items():
            items.extend((name, item) for item in doc.fields[field].spurious)
    n_counts = (n + 1) // 2
    return _spread(per_field["counts"], n_counts) + _spread(per_field["dates"], n - n_counts)


def format_examples(examples: Sequence[tuple[str, Item]], width: int = 300) -> str:
    lines = [f"spurious naive predictions ({len(examples)}):"]
    for name, item in examples:
        sentence = " ".join((item.sentence or "").split())
        if len(sentence) > width:
            sentence = sentence[: width - 3] + "..."
        page = f", p. {item.page}" if item.page is not None else ""
        lines.append(f"  {name}{page}: {json.dumps(item.text, ensure_ascii=False)} -> {item.detail}")
        lines.append(f"      in: {sentence}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "gold_dir",
        metavar="GOLD_DIR",
        nargs="?",
        type=Path,
        default=DEFAULT_GOLD_DIR,
        help="folder with NAME.gold.json beside each document (default: ../shared/corpus/dev)",
    )
    parser.add_argument("--json", action="store_true", help="the evaluator's JSON (summary and per document)")
    parser.add_argument("--examples", metavar="N", type=int, default=0, help="also print N spurious naive counts/dates")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # quantulum3 warns once that its optional classifier is missing; the naive reading runs without it.
    warnings.filterwarnings("ignore", message="Classifier dependencies not installed")
    pairs = evaluation.find_gold_documents(args.gold_dir)
    result = evaluation.evaluate(pairs, naive_report)
    if args.json:
        print(json.dumps({"baseline": NOTE, **evaluation.to_json(result)}, indent=2, ensure_ascii=False))
        return 0
    print(evaluation.format_table(result))
    print(NOTE)
    if args.examples:
        print()
        print(format_examples(spurious_examples(result, args.examples)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
