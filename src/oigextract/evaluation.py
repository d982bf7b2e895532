"""Score extracted Reports against the hand-made gold annotations of the corpus.

Why: a rule writer needs one number per field that moves when a rule gets better, and the exact list of
gold items a rule missed and predictions it invented, each with the sentence it comes from. The scoring
rules are part of the gold format's contract (corpus README, "Scoring"), so they live in one module of
pure functions with no extraction of their own: ``evaluate`` receives the extractor as an argument.

Decisions that the README leaves open (each has a test in ``tests/test_evaluation.py``):

- **One-to-one matching.** Per document and field, every (gold, prediction) pair that satisfies the
  field's rule gets a closeness rank (exact text before containment before anything else, then the
  numeric or length distance). Pairs are taken greedily, best rank first (ties: gold order, then
  prediction order). Afterwards augmenting paths (Kuhn's algorithm, trying the closest predictions
  first) add any match the greedy order blocked. So the true-positive count is the largest the rule
  allows, and the pairing shown in error reports still prefers the closest items.
- **P, R, F1.** P = tp / predicted, R = tp / gold, F1 = 2PR / (P + R). A field with no gold and no
  predictions (over the whole set) scores P = R = F1 = 1.0: nothing to find, nothing invented. Otherwise
  an empty denominator gives 0.0 (no predictions: P = 0; no gold: R = 0), and F1 = 0 when P + R = 0.
- **Failed extraction.** A document whose ``extract_fn`` raised is scored as an empty Report: all its
  gold items count as missed (recall drops, as it should) and the error is recorded; the rest go on.
- **macro F1** is the mean F1 of agencies, deficiencies, counts, dates and caveats (metadata excluded).
- **Page scope.** With gold ``pages`` set, a finding counts only when its page (``evidence.page``, or
  the page holding ``evidence.start`` when that is None) is listed; agencies then come from the
  in-scope findings and from ``report.agencies`` named (name or acronym) in the in-scope pages' text.
- **Normalisation** (deficiencies, caveats, counts' units and texts, agencies, missed-item search):
  lower case, straight quotes and apostrophes, soft hyphens dropped, a hyphen between letters at a line
  end joined ("informa-\\ntion" -> "information"), whitespace collapsed and trimmed. Titles are also
  stripped of surrounding punctuation and quotes.
"""

from __future__ import annotations

import json
import math
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from oigextract.errors import ConfigurationError
from oigextract.types import (
    CAVEAT_KINDS,
    COUNT_KINDS,
    DOCUMENT_KINDS,
    Agency,
    CaveatKind,
    Count,
    CountKind,
    DateMention,
    DocumentKind,
    Evidence,
    Finding,
    Metadata,
    Report,
)

__all__ = [
    "COUNT_TOLERANCE",
    "FIELDS",
    "FINDING_FIELDS",
    "DocumentScore",
    "Evaluation",
    "FieldScore",
    "FieldTotals",
    "Gold",
    "GoldCaveat",
    "GoldCount",
    "GoldDate",
    "GoldDeficiency",
    "GoldMetadata",
    "GoldRecommendation",
    "Item",
    "Match",
    "evaluate",
    "find_gold_documents",
    "format_errors",
    "format_table",
    "load_gold",
    "normalise",
    "normalise_title",
    "parse_gold",
    "precision_recall_f1",
    "score_document",
    "summarise",
    "to_json",
]

FINDING_FIELDS: tuple[str, ...] = ("agencies", "deficiencies", "counts", "dates", "caveats")
FIELDS: tuple[str, ...] = (*FINDING_FIELDS, "metadata")
COUNT_TOLERANCE = 0.005  # relative to the gold value, boundary included
METADATA_FIELDS: tuple[str, ...] = ("report_number", "published", "title")

T = TypeVar("T")
G = TypeVar("G")
P = TypeVar("P")
Rank = tuple[float, ...]


# --------------------------------------------------------------------------------------------------
# Gold documents
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMetadata:
    report_number: str | None = None
    published: date | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDeficiency:
    evidence: str
    agency: str | None = None


@dataclass(frozen=True, slots=True)
class GoldCount:
    text: str
    value: float
    kind: CountKind
    unit: str


@dataclass(frozen=True, slots=True)
class GoldDate:
    text: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class GoldCaveat:
    evidence: str
    kind: CaveatKind


@dataclass(frozen=True, slots=True)
class GoldRecommendation:
    evidence: str
    response: str | None = None


@dataclass(frozen=True, slots=True)
class Gold:
    """One ``NAME.gold.json``: what a careful analyst extracts from the document's main text."""

    file: str
    kind: DocumentKind
    pages: tuple[int, ...] | None = None
    metadata: GoldMetadata = GoldMetadata()
    agencies: tuple[str, ...] = ()
    deficiencies: tuple[GoldDeficiency, ...] = ()
    counts: tuple[GoldCount, ...] = ()
    dates: tuple[GoldDate, ...] = ()
    caveats: tuple[GoldCaveat, ...] = ()
    recommendations: tuple[GoldRecommendation, ...] = ()
    notes: tuple[str, ...] = ()
    path: Path | None = None


class _GoldFormatError(Exception):
    """A problem in a gold document; ``load_gold`` turns it into a ConfigurationError naming the file."""


def load_gold(path: Path) -> Gold:
    """Read and validate one gold file; any problem raises ConfigurationError naming ``path``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigurationError(f"{path}: cannot read gold annotation: {exc}") from exc
    return replace(parse_gold(data, source=str(path)), path=Path(path))


def parse_gold(data: object, source: str = "<gold>") -> Gold:
    """Validate a decoded gold JSON document; ``source`` names it in the ConfigurationError."""
    try:
        return _parse_gold(data)
    except _GoldFormatError as exc:
        raise ConfigurationError(f"{source}: invalid gold annotation: {exc}") from exc


def _parse_gold(data: object) -> Gold:
    obj = _mapping(data, "document")
    kind = _string(obj, "kind", "document")
    if kind not in DOCUMENT_KINDS:
        raise _GoldFormatError(f"kind {kind!r} is not one of {', '.join(DOCUMENT_KINDS)}")
    return Gold(
        file=_string(obj, "file", "document"),
        kind=kind,  # narrowed by the check above
        pages=_pages(obj.get("pages")),
        metadata=_metadata(_mapping(_required(obj, "metadata", "document"), "metadata")),
        agencies=tuple(_nonempty(a, "agencies[]") for a in _list(obj, "agencies")),
        deficiencies=_items(obj, "deficiencies", _deficiency),
        counts=_items(obj, "counts", _count),
        dates=_items(obj, "dates", _date_item),
        caveats=_items(obj, "caveats", _caveat),
        recommendations=_items(obj, "recommendations", _recommendation, required=False),
        notes=tuple(str(n) for n in _list(obj, "notes", required=False)),
    )


def _required(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise _GoldFormatError(f"{where}: missing key {key!r}")
    return obj[key]


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _GoldFormatError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(obj: Mapping[str, Any], key: str, required: bool = True) -> list[Any]:
    value = _required(obj, key, "document") if required else obj.get(key, [])
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise _GoldFormatError(f"{key}: expected a list, got {type(value).__name__}")
    return value


def _nonempty(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _GoldFormatError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _string(obj: Mapping[str, Any], key: str, where: str) -> str:
    return _nonempty(_required(obj, key, where), f"{where}.{key}")


def _optional_string(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _GoldFormatError(f"{where}.{key}: expected a string or null, got {value!r}")
    return value


def _iso_date(value: object, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise _GoldFormatError(f"{where}: not an ISO date: {value!r}") from exc


def _pages(value: object) -> tuple[int, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in value
    ):
        raise _GoldFormatError(f"pages: expected null or a list of 1-based page numbers, got {value!r}")
    return tuple(value)


def _metadata(obj: Mapping[str, Any]) -> GoldMetadata:
    published = obj.get("published")
    return GoldMetadata(
        report_number=_optional_string(obj, "report_number", "metadata"),
        published=None if published is None else _iso_date(published, "metadata.published"),
        title=_optional_string(obj, "title", "metadata"),
    )


def _items(
    obj: Mapping[str, Any], key: str, parse: Callable[[Mapping[str, Any], str], T], required: bool = True
) -> tuple[T, ...]:
    values = _list(obj, key, required)
    return tuple(parse(_mapping(v, f"{key}[{i}]"), f"{key}[{i}]") for i, v in enumerate(values))


def _deficiency(obj: Mapping[str, Any], where: str) -> GoldDeficiency:
    return GoldDeficiency(_string(obj, "evidence", where), _optional_string(obj, "agency", where))


def _count(obj: Mapping[str, Any], where: str) -> GoldCount:
    value = _required(obj, "value", where)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _GoldFormatError(f"{where}.value: expected a finite number, got {value!r}")
    kind = _string(obj, "kind", where)
    if kind not in COUNT_KINDS:
        raise _GoldFormatError(f"{where}.kind: {kind!r} is not one of {', '.join(COUNT_KINDS)}")
    return GoldCount(_string(obj, "text", where), float(value), kind, _string(obj, "unit", where))


def _date_item(obj: Mapping[str, Any], where: str) -> GoldDate:
    start = _iso_date(_required(obj, "start", where), f"{where}.start")
    end = _iso_date(_required(obj, "end", where), f"{where}.end")
    if end < start:
        raise _GoldFormatError(f"{where}: end {end} is before start {start}")
    return GoldDate(_string(obj, "text", where), start, end)


def _caveat(obj: Mapping[str, Any], where: str) -> GoldCaveat:
    kind = _string(obj, "kind", where)
    if kind not in CAVEAT_KINDS:
        raise _GoldFormatError(f"{where}.kind: {kind!r} is not one of {', '.join(CAVEAT_KINDS)}")
    return GoldCaveat(_string(obj, "evidence", where), kind)


def _recommendation(obj: Mapping[str, Any], where: str) -> GoldRecommendation:
    return GoldRecommendation(_string(obj, "evidence", where), _optional_string(obj, "response", where))


def find_gold_documents(gold_dir: Path) -> list[tuple[Path, Path]]:
    """(document, gold file) for every ``*.gold.json`` in ``gold_dir``, sorted by gold file name.

    The document is the gold's ``file`` resolved beside the gold file. A missing document, an invalid
    gold file, a missing directory or a directory without gold files raises ConfigurationError.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise ConfigurationError(f"{gold_dir}: not a directory of gold annotations")
    gold_paths = sorted(gold_dir.glob("*.gold.json"))
    if not gold_paths:
        raise ConfigurationError(f"{gold_dir}: no *.gold.json files")
    pairs: list[tuple[Path, Path]] = []
    for gold_path in gold_paths:
        document = gold_path.parent / load_gold(gold_path).file
        if not document.is_file():
            raise ConfigurationError(f"{document}: document named by {gold_path.name} does not exist")
        pairs.append((document, gold_path))
    return pairs


# --------------------------------------------------------------------------------------------------
# Normalisation and finding text again
# --------------------------------------------------------------------------------------------------

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
}
_SOFT_HYPHEN = "\u00ad"
_HYPHEN_LINE_END = re.compile(r"-[ \t\u00ad]*\r?\n\s*")
_TITLE_STRIP = string.punctuation + string.whitespace


def _hyphen_break_end(text: str, i: int) -> int | None:
    """End of a "-<newline>" word break starting at ``i`` (letter before and after), else None."""
    if i == 0 or not text[i - 1].isalpha():
        return None
    match = _HYPHEN_LINE_END.match(text, i)
    if match is None or match.end() >= len(text) or not text[match.end()].isalpha():
        return None
    return match.end()


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalise(text)`` and, for each of its characters, the offset in ``text`` it came from."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == _SOFT_HYPHEN:
            i += 1
            continue
        if ch == "-" and (joined := _hyphen_break_end(text, i)) is not None:
            i = joined
            continue
        if ch.isspace():
            j = i
            while j < n and (text[j].isspace() or text[j] == _SOFT_HYPHEN):
                j += 1
            if out and j < n:
                out.append(" ")
                offsets.append(i)
            i = j
            continue
        for low in _QUOTES.get(ch, ch).lower():
            out.append(low)
            offsets.append(i)
        i += 1
    return "".join(out), offsets


def normalise(text: str) -> str:
    """Lower case, straight quotes, hyphenation joined, soft hyphens dropped, whitespace collapsed."""
    return _normalise_with_offsets(text)[0]


def normalise_title(text: str) -> str:
    """``normalise`` and strip surrounding quotes, punctuation and whitespace."""
    return normalise(text).strip(_TITLE_STRIP)


_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+|\n[ \t]*\n\s*")
_LINE_END = re.compile(r"\n\s*")
_SENTENCE_WINDOW = 600


class _TextIndex:
    """``report.text`` normalised once, to find the sentence holding a missed gold item."""

    def __init__(self, text: str, kind: str) -> None:
        self.text = text
        self.norm, self.offsets = _normalise_with_offsets(text)
        # PDF text breaks lines inside sentences; HTML/text main text puts headings on their own line.
        self.line_is_boundary = kind != "pdf"

    def sentence_of(self, needle: str, occurrence: int = 0) -> str | None:
        """The sentence holding the ``occurrence``-th normalised match of ``needle`` (else the first)."""
        target = normalise(needle)
        if not target:
            return None
        positions: list[int] = []
        at = self.norm.find(target)
        while at >= 0 and len(positions) <= occurrence:
            positions.append(at)
            at = self.norm.find(target, at + 1)
        if not positions:
            return None
        at = positions[min(occurrence, len(positions) - 1)]
        start = self.offsets[at]
        end = self.offsets[at + len(target) - 1] + 1
        return self._sentence_around(start, end)

    def _sentence_around(self, start: int, end: int) -> str:
        lo = max(0, start - _SENTENCE_WINDOW)
        hi = min(len(self.text), end + _SENTENCE_WINDOW)
        window = self.text[lo:hi]
        bounds = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(window)]
        if self.line_is_boundary:
            bounds += [(m.start(), m.end()) for m in _LINE_END.finditer(window)]
        left = max((b_end for b_start, b_end in bounds if b_end <= start - lo), default=0)
        right = min((b_start + 1 for b_start, _ in bounds if b_start >= end - lo), default=len(window))
        return _one_line(window[left:right])


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """A gold item or a prediction as shown in error reports.

    ``text`` is the verbatim text (gold evidence, count text, agency name ...), ``detail`` the values
    that were compared (``"19 count hospital"``, ``"2017-11-01..2017-11-30"``), ``sentence`` the sentence
    it comes from: a prediction's ``evidence.text``; for a missed gold item the sentence of
    ``report.text`` holding it, or None when it cannot be found (always None for matched gold items).
    """

    text: str
    detail: str = ""
    sentence: str | None = None
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "detail": self.detail, "sentence": self.sentence, "page": self.page}


@dataclass(frozen=True, slots=True)
class Match:
    gold: Item
    prediction: Item

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold.to_dict(), "prediction": self.prediction.to_dict()}


def precision_recall_f1(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """P, R, F1 with this module's conventions: nothing to find and nothing found is 1.0 throughout;
    otherwise an empty denominator gives 0.0."""
    if predicted == 0 and gold == 0:
        return 1.0, 1.0, 1.0
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True, slots=True)
class FieldScore:
    """One field of one document: counts and the items behind them."""

    field: str
    tp: int
    predicted: int
    gold: int
    matched: tuple[Match, ...] = ()
    missed: tuple[Item, ...] = ()
    spurious: tuple[Item, ...] = ()

    @property
    def precision(self) -> float:
        return precision_recall_f1(self.tp, self.predicted, self.gold)[0]

    @property
    def recall(self) -> float:
        return precision_recall_f1(self.tp, self.predicted, self.gold)[1]

    @property
    def f1(self) -> float:
        return precision_recall_f1(self.tp, self.predicted, self.gold)[2]


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """The scores of one document, keyed by field name (``FIELDS``); ``error`` if extraction raised."""

    document: str
    gold: str
    fields: Mapping[str, FieldScore] = dc_field(hash=False)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class FieldTotals:
    """One field micro-averaged over all documents."""

    field: str
    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return precision_recall_f1(self.tp, self.predicted, self.gold)[0]

    @property
    def recall(self) -> float:
        return precision_recall_f1(self.tp, self.predicted, self.gold)[1]

    @property
    def f1(self) -> float:
        return precision_recall_f1(self.tp, self.predicted, self.gold)[2]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Per-document scores, per-field totals (keyed by ``FIELDS``) and the macro F1."""

    documents: tuple[DocumentScore, ...]
    totals: Mapping[str, FieldTotals] = dc_field(hash=False)
    macro_f1: float = 0.0

    @property
    def failed(self) -> tuple[DocumentScore, ...]:
        return tuple(d for d in self.documents if d.error is not None)


# --------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------


def _match(n_gold: int, n_pred: int, rank: Callable[[int, int], Rank | None]) -> dict[int, int]:
    """One-to-one gold -> prediction matching: best-ranked pairs first, then augmenting paths."""
    candidates: dict[int, list[tuple[Rank, int]]] = {}
    pairs: list[tuple[Rank, int, int]] = []
    for g in range(n_gold):
        for p in range(n_pred):
            r = rank(g, p)
            if r is not None:
                candidates.setdefault(g, []).append((r, p))
                pairs.append((r, g, p))
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}
    for _, g, p in sorted(pairs):
        if g not in gold_to_pred and p not in pred_to_gold:
            gold_to_pred[g], pred_to_gold[p] = p, g
    ordered = {g: [p for _, p in sorted(c)] for g, c in candidates.items()}
    for g in ordered:
        if g not in gold_to_pred:
            _augment(g, ordered, gold_to_pred, pred_to_gold, set())
    return gold_to_pred


def _augment(
    g: int,
    candidates: Mapping[int, list[int]],
    gold_to_pred: dict[int, int],
    pred_to_gold: dict[int, int],
    seen: set[int],
) -> bool:
    for p in candidates.get(g, []):
        if p in seen:
            continue
        seen.add(p)
        owner = pred_to_gold.get(p)
        if owner is None or _augment(owner, candidates, gold_to_pred, pred_to_gold, seen):
            gold_to_pred[g], pred_to_gold[p] = p, g
            return True
    return False


def _text_rank(gold_text: str, pred_text: str) -> float:
    """0 equal, 1 one contains the other, 2 otherwise (both already normalised)."""
    if gold_text == pred_text:
        return 0.0
    if gold_text and pred_text and (gold_text in pred_text or pred_text in gold_text):
        return 1.0
    return 2.0


@dataclass(frozen=True, slots=True)
class _FieldSpec:
    """What ``_score_field`` needs: gold items, prediction items, and the rank of an eligible pair."""

    name: str
    gold: Sequence[tuple[str, str]]  # (searchable text, detail) per gold item
    predictions: Sequence[Item]
    rank: Callable[[int, int], Rank | None]


def _score_field(spec: _FieldSpec, index: _TextIndex) -> FieldScore:
    matches = _match(len(spec.gold), len(spec.predictions), spec.rank)
    matched_preds = set(matches.values())
    seen: dict[str, int] = {}
    missed: list[Item] = []
    matched: list[Match] = []
    for g, (text, detail) in enumerate(spec.gold):
        key = normalise(text)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        if g in matches:
            matched.append(Match(Item(text, detail), spec.predictions[matches[g]]))
        else:
            missed.append(Item(text, detail, index.sentence_of(text, occurrence)))
    spurious = [p for i, p in enumerate(spec.predictions) if i not in matched_preds]
    return FieldScore(
        spec.name, len(matches), len(spec.predictions), len(spec.gold),
        tuple(matched), tuple(missed), tuple(spurious),
    )


# --------------------------------------------------------------------------------------------------
# Predictions per field
# --------------------------------------------------------------------------------------------------


def _finding_page(report: Report, finding: Finding) -> int | None:
    page = finding.evidence.page
    return page if page is not None else report.page_of(finding.evidence.start)


def _scoped_findings(report: Report, gold: Gold) -> tuple[Finding, ...]:
    if gold.pages is None:
        return report.findings
    pages = set(gold.pages)
    return tuple(f for f in report.findings if _finding_page(report, f) in pages)


def _agency_key(agency: Agency) -> tuple[str, str]:
    return normalise(agency.name), normalise(agency.acronym or "")


def _predicted_agencies(
    report: Report, gold: Gold, findings: Sequence[Finding], index: _TextIndex
) -> list[Item]:
    if gold.pages is None:
        found: list[tuple[Agency, Evidence | None]] = [(a, None) for a in report.agencies]
    else:
        found = [(f.agency, f.evidence) for f in findings if f.agency is not None]
        scoped = _scoped_text(report, set(gold.pages))
        found += [(a, None) for a in report.agencies if _named_in(a, scoped)]
    by_key: dict[tuple[str, str], tuple[Agency, Evidence | None]] = {}
    for agency, evidence in found:
        by_key.setdefault(_agency_key(agency), (agency, evidence))
    return [_agency_item(report, agency, evidence, index) for agency, evidence in by_key.values()]


def _scoped_text(report: Report, pages: set[int]) -> str:
    """The text of the in-scope pages (empty when the report has no page offsets)."""
    return "\n".join(report.text[p.start: p.end] for p in report.pages if p.number in pages)


def _named_in(agency: Agency, text: str) -> bool:
    """The agency's name or acronym occurs in ``text`` (acronyms as whole words, case-sensitive)."""
    if agency.name.lower() in text.lower():
        return True
    return bool(agency.acronym) and re.search(rf"\b{re.escape(agency.acronym or '')}\b", text) is not None


def _agency_item(report: Report, agency: Agency, evidence: Evidence | None, index: _TextIndex) -> Item:
    if evidence is None:  # report-level agency: use the first finding about it, else search the text
        key = _agency_key(agency)
        evidence = next(
            (f.evidence for f in report.findings if f.agency and _agency_key(f.agency) == key), None
        )
    if evidence is not None:
        return Item(agency.name, agency.acronym or "", evidence.text, evidence.page)
    sentence = index.sentence_of(agency.name) or (
        index.sentence_of(agency.acronym) if agency.acronym else None
    )
    return Item(agency.name, agency.acronym or "", sentence)


def _agencies_spec(
    report: Report, gold: Gold, findings: Sequence[Finding], index: _TextIndex
) -> _FieldSpec:
    gold_names = list({normalise(a): a for a in gold.agencies}.values())  # a set, case-insensitive
    predictions = _predicted_agencies(report, gold, findings, index)
    gold_norm = [normalise(a) for a in gold_names]
    pred_names = [(normalise(p.text), normalise(p.detail)) for p in predictions]

    def rank(g: int, p: int) -> Rank | None:
        name, acronym = pred_names[p]
        if gold_norm[g] == name:
            return (0.0,)
        if acronym and gold_norm[g] == acronym:
            return (1.0,)
        return None

    return _FieldSpec("agencies", [(a, "") for a in gold_names], predictions, rank)


def _deficiencies_spec(gold: Gold, findings: Sequence[Finding]) -> _FieldSpec:
    with_deficiency = [f for f in findings if f.deficiency is not None]
    predictions = [
        Item(f.deficiency.text if f.deficiency else "", f.deficiency.cue if f.deficiency else "",
             f.evidence.text, f.evidence.page)
        for f in with_deficiency
    ]
    sentences = [normalise(f.evidence.text) for f in with_deficiency]
    clauses = [normalise(p.text) for p in predictions]
    phrases = [normalise(d.evidence) for d in gold.deficiencies]

    def rank(g: int, p: int) -> Rank | None:
        phrase = phrases[g]
        if not phrase or phrase not in sentences[p]:
            return None
        return (0.0 if phrase in clauses[p] else 1.0, float(len(sentences[p])))

    gold_items = [(d.evidence, f"agency: {d.agency}" if d.agency else "") for d in gold.deficiencies]
    return _FieldSpec("deficiencies", gold_items, predictions, rank)


def _format_number(value: float) -> str:
    if math.isfinite(value) and float(value).is_integer():
        return str(int(value))
    return repr(value)


def _within_tolerance(predicted: float, gold: float) -> bool:
    """Equal within ``COUNT_TOLERANCE`` of the gold value (boundary included); exact for gold 0."""
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) <= COUNT_TOLERANCE * abs(gold) * (1 + 1e-9)


def _count_detail(value: float, kind: str, unit: str) -> str:
    return f"{_format_number(value)} {kind} {unit}".strip()


def _counts_spec(gold: Gold, findings: Sequence[Finding]) -> _FieldSpec:
    found: list[tuple[Count, Evidence]] = [(c, f.evidence) for f in findings for c in f.counts]
    predictions = [
        Item(c.text, _count_detail(c.value, c.kind, c.unit), e.text, e.page) for c, e in found
    ]
    pred_texts = [normalise(c.text) for c, _ in found]
    pred_units = [normalise(c.unit) for c, _ in found]
    gold_texts = [normalise(c.text) for c in gold.counts]

    def rank(g: int, p: int) -> Rank | None:
        want, (count, _) = gold.counts[g], found[p]
        if count.kind != want.kind or not _within_tolerance(count.value, want.value):
            return None
        if want.kind == "count":
            unit = normalise(want.unit)
            if unit not in pred_units[p] and unit not in pred_texts[p]:
                return None
        distance = abs(count.value - want.value) / (abs(want.value) or 1.0)
        return (_text_rank(gold_texts[g], pred_texts[p]), distance)

    gold_items = [(c.text, _count_detail(c.value, c.kind, c.unit)) for c in gold.counts]
    return _FieldSpec("counts", gold_items, predictions, rank)


def _dates_spec(gold: Gold, findings: Sequence[Finding]) -> _FieldSpec:
    found: list[tuple[DateMention, Evidence]] = [(d, f.evidence) for f in findings for d in f.dates]
    predictions = [Item(d.text, f"{d.start}..{d.end}", e.text, e.page) for d, e in found]
    pred_texts = [normalise(d.text) for d, _ in found]
    gold_texts = [normalise(d.text) for d in gold.dates]

    def rank(g: int, p: int) -> Rank | None:
        want, (mention, _) = gold.dates[g], found[p]
        if mention.start != want.start or mention.end != want.end:
            return None
        return (_text_rank(gold_texts[g], pred_texts[p]),)

    gold_items = [(d.text, f"{d.start}..{d.end}") for d in gold.dates]
    return _FieldSpec("dates", gold_items, predictions, rank)


def _caveats_spec(gold: Gold, findings: Sequence[Finding]) -> _FieldSpec:
    found = [(c, f.evidence) for f in findings for c in f.caveats]
    predictions = [Item(c.text, c.kind, e.text, e.page) for c, e in found]
    pred_texts = [normalise(c.text) for c, _ in found]
    gold_texts = [normalise(c.evidence) for c in gold.caveats]

    def rank(g: int, p: int) -> Rank | None:
        text_rank = _text_rank(gold_texts[g], pred_texts[p])
        if text_rank == 2.0:
            return None
        return (text_rank, float(abs(len(gold_texts[g]) - len(pred_texts[p]))))

    gold_items = [(c.evidence, c.kind) for c in gold.caveats]
    return _FieldSpec("caveats", gold_items, predictions, rank)


def _metadata_values(metadata: GoldMetadata | Metadata) -> list[tuple[str, str]]:
    """(field, value) for each non-null report_number / published / title."""
    values = {
        "report_number": metadata.report_number,
        "published": metadata.published.isoformat() if metadata.published else None,
        "title": metadata.title,
    }
    return [(name, value) for name, value in values.items() if value is not None]


def _metadata_equal(name: str, gold: str, predicted: str) -> bool:
    if name == "title":
        return normalise_title(gold) == normalise_title(predicted)
    if name == "report_number":
        return gold.strip().lower() == predicted.strip().lower()
    return gold == predicted  # published: ISO strings


def _metadata_spec(report: Report, gold: Gold) -> _FieldSpec:
    wanted = _metadata_values(gold.metadata)
    found = _metadata_values(report.metadata)

    def rank(g: int, p: int) -> Rank | None:
        (g_name, g_value), (p_name, p_value) = wanted[g], found[p]
        return (0.0,) if g_name == p_name and _metadata_equal(g_name, g_value, p_value) else None

    predictions = [Item(value, name) for name, value in found]
    return _FieldSpec("metadata", [(value, name) for name, value in wanted], predictions, rank)


def score_document(report: Report, gold: Gold) -> DocumentScore:
    """Compare one extracted Report with its gold annotation, field by field."""
    findings = _scoped_findings(report, gold)
    index = _TextIndex(report.text, report.kind)
    specs = (
        _agencies_spec(report, gold, findings, index),
        _deficiencies_spec(gold, findings),
        _counts_spec(gold, findings),
        _dates_spec(gold, findings),
        _caveats_spec(gold, findings),
        _metadata_spec(report, gold),
    )
    fields = {spec.name: _score_field(spec, index) for spec in specs}
    return DocumentScore(report.source, str(gold.path or gold.file), fields)


# --------------------------------------------------------------------------------------------------
# Whole evaluation
# --------------------------------------------------------------------------------------------------


def summarise(documents: Sequence[DocumentScore]) -> Evaluation:
    """Micro-average every field over ``documents`` and take the macro F1 of the finding fields."""
    totals = {
        name: FieldTotals(
            name,
            sum(d.fields[name].tp for d in documents),
            sum(d.fields[name].predicted for d in documents),
            sum(d.fields[name].gold for d in documents),
        )
        for name in FIELDS
    }
    macro = sum(totals[name].f1 for name in FINDING_FIELDS) / len(FINDING_FIELDS)
    return Evaluation(tuple(documents), totals, macro)


def _empty_report(document: Path, gold: Gold) -> Report:
    return Report(source=str(document), kind=gold.kind, text="", metadata=Metadata(), findings=())


def _evaluate_one(document: Path, gold_path: Path, extract_fn: Callable[[Path], Report]) -> DocumentScore:
    gold = load_gold(gold_path)
    try:
        report = extract_fn(document)
    except Exception as exc:  # noqa: BLE001 - one failing document must not stop the evaluation
        score = score_document(_empty_report(document, gold), gold)
        return replace(score, document=str(document), error=f"{type(exc).__name__}: {exc}")
    return replace(score_document(report, gold), document=str(document))


def evaluate(
    pairs: Iterable[tuple[Path, Path]], extract_fn: Callable[[Path], Report]
) -> Evaluation:
    """Extract each (document, gold file) pair with ``extract_fn`` and score it.

    An exception from ``extract_fn`` is recorded in that document's ``error`` and its gold items count
    as missed; an invalid gold file raises ConfigurationError.
    """
    return summarise([_evaluate_one(doc, gold_path, extract_fn) for doc, gold_path in pairs])


# --------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------


def format_table(evaluation: Evaluation) -> str:
    """One line per field (P, R, F1, tp/pred/gold), then the macro F1 and the document count."""
    lines = [f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}   tp/pred/gold"]
    for name in FIELDS:
        t = evaluation.totals[name]
        lines.append(
            f"{name:<14}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}   {t.tp}/{t.predicted}/{t.gold}"
        )
    lines.append(f"macro F1 ({', '.join(FINDING_FIELDS)}): {evaluation.macro_f1:.3f}")
    lines.append(
        f"documents: {len(evaluation.documents)}, extraction errors: {len(evaluation.failed)}"
    )
    return "\n".join(lines)


_SHOWN_SENTENCE = 400


def _show_item(label: str, item: Item) -> list[str]:
    detail = f"  ({item.detail})" if item.detail else ""
    page = f"  p. {item.page}" if item.page is not None else ""
    lines = [f"    {label:<9}{json.dumps(item.text, ensure_ascii=False)}{detail}{page}"]
    if item.sentence is None:
        lines.append(f"    {'':<9}in: (sentence not found)")
    else:
        sentence = _one_line(item.sentence)
        if len(sentence) > _SHOWN_SENTENCE:
            sentence = sentence[: _SHOWN_SENTENCE - 3] + "..."
        lines.append(f"    {'':<9}in: {sentence}")
    return lines


def _document_errors(doc: DocumentScore) -> list[str]:
    lines: list[str] = []
    if doc.error is not None:
        lines.append(f"  extraction error: {doc.error}")
    for name in FIELDS:
        score = doc.fields[name]
        if not score.missed and not score.spurious:
            continue
        lines.append(f"  [{name}] tp {score.tp}, predicted {score.predicted}, gold {score.gold}")
        for item in score.missed:
            lines.extend(_show_item("missed", item))
        for item in score.spurious:
            lines.extend(_show_item("spurious", item))
    return lines


def format_errors(evaluation: Evaluation) -> str:
    """Per document, every missed gold item and spurious prediction with its sentence."""
    blocks: list[str] = []
    for doc in evaluation.documents:
        lines = _document_errors(doc)
        if lines:
            blocks.append("\n".join([f"== {doc.document}  (gold: {doc.gold})", *lines]))
    return "\n\n".join(blocks) if blocks else "No missed or spurious items."


def _scores_dict(score: FieldScore | FieldTotals) -> dict[str, Any]:
    return {
        "tp": score.tp,
        "predicted": score.predicted,
        "gold": score.gold,
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
    }


def _field_dict(score: FieldScore) -> dict[str, Any]:
    return {
        **_scores_dict(score),
        "matched": [m.to_dict() for m in score.matched],
        "missed": [i.to_dict() for i in score.missed],
        "spurious": [i.to_dict() for i in score.spurious],
    }


def to_json(evaluation: Evaluation) -> dict[str, Any]:
    """A JSON-ready dict: ``summary`` (per-field totals, macro F1) and per-document ``documents``."""
    return {
        "summary": {
            "documents": len(evaluation.documents),
            "errors": len(evaluation.failed),
            "macro_f1": evaluation.macro_f1,
            "macro_fields": list(FINDING_FIELDS),
            "fields": {name: _scores_dict(evaluation.totals[name]) for name in FIELDS},
        },
        "documents": [
            {
                "document": doc.document,
                "gold": doc.gold,
                "error": doc.error,
                "fields": {name: _field_dict(doc.fields[name]) for name in FIELDS},
            }
            for doc in evaluation.documents
        ],
    }
