"""Doc -> Findings: the only place that decides what a finding is.

A finding is one sentence of the main text that carries a deficiency, a count, a date or a caveat.
Its agency is the body named in it (the mention nearest before the deficiency cue), or the body a
generic reference ("the State agency", "the Department") stands for. Caveats qualify the counts of
their own sentence, or those of the sentence before when the sentence refers back to them ("But
the numbers couldn't be validated."); the qualified ``Count`` carries the caveat kind.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from .data_files import load_rows
from .pipeline.agencies import alias_rows
from .pipeline.cues import caveat_rows
from .pipeline.extensions import SPAN_KEYS
from .sources.base import MainText
from .types import Agency, Caveat, Count, Deficiency, Evidence, Finding

# Which caveat wins when several qualify one number: the strongest doubt first.
QUALIFIER_PRIORITY = ("unverified", "extrapolated", "estimate", "bound", "possible", "data_limitation")
_CLAUSE_BREAKS = {";", ":"}
SENTENCE_WIDE_KINDS = frozenset({"unverified", "extrapolated", "estimate", "data_limitation"})
_AFTER_WINDOW = 3
_PSEUDO_REACH = 3
_OPENING_TOKENS = 6  # "We reviewed ..." opens a method sentence; "... claims we reviewed" does not  # tokens after a pseudo-cue that it still governs


@lru_cache(maxsize=1)
def back_reference_phrases() -> tuple[str, ...]:
    return tuple(row["phrase"].lower() for row in load_rows("back_references.jsonl"))


@dataclass(frozen=True, slots=True)
class Assembly:
    """What the assembly reads from one document: its findings and every agency it names."""

    findings: tuple[Finding, ...]
    agencies: tuple[Agency, ...]


class _Spans:
    """The component spans of a Doc, bucketed by sentence start for quick lookup."""

    def __init__(self, doc: Doc) -> None:
        self.by_key = {key: sorted(doc.spans.get(name, []), key=lambda s: s.start) for key, name in SPAN_KEYS.items()}
        self.starts = {key: [s.start for s in spans] for key, spans in self.by_key.items()}  # once, not per sentence

    def within(self, key: str, sent: Span) -> list[Span]:
        spans = self.by_key[key]
        starts = self.starts[key]
        low = bisect.bisect_left(starts, sent.start)
        high = bisect.bisect_left(starts, sent.end)
        return [s for s in spans[low:high] if s.end <= sent.end]


def assemble(doc: Doc, main: MainText) -> Assembly:
    """Findings of every sentence, in reading order, and the agencies named in the document."""
    spans = _Spans(doc)
    aliases = doc._.oig_aliases or {}
    findings: list[Finding] = []
    agencies: dict[str, Agency] = {}
    previous_agency: Agency | None = None
    previous_index: int | None = None
    for sent in doc.sents:
        mentions = _resolve_mentions(spans.within("agencies", sent), aliases, previous_agency)
        for _, agency in mentions:
            known = agencies.get(_agency_key(agency.name))
            if known is None or (known.acronym is None and agency.acronym is not None):
                agencies[_agency_key(agency.name)] = agency  # keep the form that carries the acronym
        deficiency = _deficiency(sent, spans)
        caveat_spans = spans.within("caveats", sent)
        counts = _qualified_counts(spans.within("counts", sent), caveat_spans)
        dates = [span._.oig_date for span in spans.within("dates", sent) if not _is_date_line(sent, span)]
        caveats: list[Caveat] = [span._.oig_caveat for span in caveat_spans]
        if not counts and caveats and previous_index is not None and _refers_back(sent):
            findings[previous_index] = _qualify_previous(findings[previous_index], caveats)
        if deficiency is None and not counts and not dates and not caveats:
            if mentions:
                previous_agency = mentions[-1][1]
            continue
        finding_agency = _finding_agency(mentions, deficiency, previous_agency if deficiency else None)
        if mentions:
            previous_agency = mentions[-1][1]
        elif finding_agency is not None:
            previous_agency = finding_agency
        findings.append(
            Finding(
                agency=finding_agency,
                deficiency=deficiency[1] if deficiency else None,
                dates=tuple(dates),
                counts=tuple(counts),
                caveats=tuple(caveats),
                evidence=_evidence(sent, main),
            )
        )
        previous_index = len(findings) - 1 if counts else previous_index
    return Assembly(tuple(findings), tuple(agencies.values()))


def _agency_key(name: str) -> str:
    """One entry per body even when the text writes "Administrator" once and "Administrators" once."""
    return " ".join(word.rstrip("s") for word in name.lower().replace(",", " ").split())


def _is_date_line(sent: Span, date_span: Span) -> bool:
    """A sentence that is only a date (a cover's or letter's date line) dates the document itself."""
    rest = [t for t in sent if not (date_span.start <= t.i < date_span.end) and t.is_alpha]
    return all(t.is_upper or t.lower_ in {"a.m.", "p.m.", "am", "pm"} for t in rest) and len(rest) <= 3


def _resolve_mentions(
    mentions: list[Span], aliases: dict[str, Agency], previous: Agency | None
) -> list[tuple[int, Agency]]:
    """(token index, Agency) for every agency mention, generic references resolved."""
    resolved: list[tuple[int, Agency]] = []
    refers = alias_rows()
    for span in mentions:
        if span.label_ == "AUTHOR":
            continue
        if span.label_ == "REF":
            phrase = span.text.lower()
            target = aliases.get(phrase) if refers.get(phrase) == "defined" else None
            target = target or (resolved[-1][1] if resolved else previous)
            if target is not None:
                resolved.append((span.start, target))
            continue
        if span._.oig_agency is not None:
            resolved.append((span.start, span._.oig_agency))
    return resolved


def _finding_agency(
    mentions: list[tuple[int, Agency]], deficiency: tuple[int, Deficiency] | None, fallback: Agency | None
) -> Agency | None:
    if not mentions:
        return fallback
    if deficiency is None:
        return mentions[0][1]
    cue_at = deficiency[0]
    before = [agency for index, agency in mentions if index <= cue_at]
    return before[-1] if before else mentions[0][1]


def _deficiency(sent: Span, spans: _Spans) -> tuple[int, Deficiency] | None:
    """(cue token index, Deficiency) for the first real cue of a sentence that states a finding."""
    cues = spans.within("deficiency_cues", sent)
    if any(_excludes(cue, sent) for cue in cues):
        return None
    pseudo = [cue for cue in cues if cue.label_ == "pseudo"]
    framed = any(cue.label_ == "frame" for cue in cues)
    for cue in cues:
        heading_finding = cue.start == _first_word(sent) and _headline(sent)  # "Weaknesses in Contract Oversight"
        if cue.label_ not in ("cue", "weak_cue") or (cue.label_ == "weak_cue" and not framed and not heading_finding):
            continue
        if _negated(cue):
            continue  # "contained no unallowable payments": a null finding
        if any(p.start <= cue.start < p.end + _PSEUDO_REACH or cue.start <= p.start < cue.end for p in pseudo):
            continue  # "at high risk of overpayment", "no deficiencies": the cue is inside a pseudo-cue's reach
        clause = _clause(sent, cue)
        return cue.start, Deficiency(clause.text, cue.text, clause.start_char, clause.end_char)
    return None


def _excludes(cue: Span, sent: Span) -> bool:
    """Recommendations and responses anywhere; method and testimony openers only at the start."""
    if cue.label_ == "exclude_sentence":
        return True
    return cue.label_ == "exclude_opening" and cue.start - sent.start <= _OPENING_TOKENS


def _negated(cue: Span) -> bool:
    doc = cue.doc
    before = [doc[i].lower_ for i in range(max(cue.start - 2, cue.sent.start), cue.start)]
    return "no" in before


def _first_word(sent: Span) -> int:
    return next((t.i for t in sent if t.is_alpha), sent.start)


def _headline(sent: Span) -> bool:
    """A title or heading states its finding without a frame verb ("Weaknesses in Contract Oversight")."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    ends_like_prose = sent.text.rstrip().endswith((".", "?", "!", '"', "”"))
    return not ends_like_prose and len(words) >= 2 and all(t.is_title or t.is_upper for t in words)


def _clause(sent: Span, cue: Span) -> Span:
    """The clause around a cue: between the nearest ';' or ':' on either side, within the sentence."""
    doc = sent.doc
    start = sent.start
    for index in range(cue.start - 1, sent.start - 1, -1):
        if doc[index].text in _CLAUSE_BREAKS:
            start = index + 1
            break
    end = sent.end
    for index in range(cue.end, sent.end):
        if doc[index].text in _CLAUSE_BREAKS:
            end = index
            break
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


def _qualified_counts(count_spans: list[Span], caveat_spans: list[Span]) -> list[Count]:
    """Each count with the caveat kind that limits it.

    A hedge next to the number ("approximately 50", "136 children with potential ...") qualifies
    that number; doubts about the whole statement ("could not confirm", "we estimated", "incomplete
    data") qualify every number of the sentence. Bounds and possibility words qualify only the
    number they touch.
    """
    sentence_kinds = [
        span._.oig_caveat.kind for span in caveat_spans
        if span._.oig_caveat.kind in SENTENCE_WIDE_KINDS and not _adjacent_to_any(span, count_spans)
    ]
    counts: list[Count] = []
    for index, span in enumerate(count_spans):
        count: Count = span._.oig_count
        direct = [c._.oig_caveat.kind for c in caveat_spans if _adjacent(c, span)]
        if index and _parenthetical_share(count_spans[index - 1], span):
            direct.append(counts[-1].qualifier or "")  # "approximately $31,000 ($19,500 Federal share)"
        wide = [] if index and _population_of(count_spans[index - 1], span) else sentence_kinds
        kind = _strongest(direct + ([count.qualifier] if count.qualifier else [])) or _strongest(wide)
        counts.append(dataclasses.replace(count, qualifier=kind) if kind else count)
    return counts


def _parenthetical_share(previous: Span, span: Span) -> bool:
    doc = span.doc
    return span.start - previous.end == 1 and doc[previous.end].text == "("


def _population_of(previous: Span, span: Span) -> bool:
    """The Y of "48,902 of the 53,117 claims": the population a figure is drawn from, not the figure."""
    if previous.start < span.start < previous.end:
        return True  # the X span already reads through "of the" to Y's noun
    between = [t.lower_ for t in span.doc[previous.end: span.start]]
    return between in (["of"], ["of", "the"], ["of", "these"], ["of", "our"])


def _adjacent(caveat: Span, count: Span) -> bool:
    """Does this cue hedge this number: a bound or approximation just before it ("more than 50"),
    "or more" just after it, other hedges before it or within a few words after it."""
    row = caveat_rows().get(caveat.label_.lower(), {})
    before = 0 <= count.start - caveat.end <= 2
    if row.get("needs_number"):
        return before
    if row.get("after_number"):
        return caveat.start == count.end
    return before or 0 <= caveat.start - count.end <= _AFTER_WINDOW


def _adjacent_to_any(caveat: Span, counts: list[Span]) -> bool:
    return any(_adjacent(caveat, count) for count in counts)


def _strongest(kinds: list[str]) -> str | None:
    for kind in QUALIFIER_PRIORITY:
        if kind in kinds:
            return kind
    return None


def _refers_back(sent: Span) -> bool:
    lower = f" {sent.text.lower()} "
    return any(f" {phrase} " in lower or f" {phrase}." in lower for phrase in back_reference_phrases())


def _qualify_previous(finding: Finding, caveats: list[Caveat]) -> Finding:
    kind = _strongest([c.kind for c in caveats])
    if kind is None:
        return finding
    counts = tuple(
        dataclasses.replace(c, qualifier=_strongest([kind] + ([c.qualifier] if c.qualifier else [])))
        for c in finding.counts
    )
    return dataclasses.replace(finding, counts=counts)


def _evidence(sent: Span, main: MainText) -> Evidence:
    start, end = sent.start_char, sent.end_char
    text = main.text[start:end]  # the Doc was made from main.text; Span.text re-joins its tokens
    return Evidence(text, _page_of(main, start), start, end, _section_of(main, start))


def _page_of(main: MainText, offset: int) -> int | None:
    for page in main.pages:
        if page.start <= offset < page.end:
            return page.number
    return None


def _section_of(main: MainText, offset: int) -> str | None:
    from .structure.sections import section_at  # canonical section names: structure/sections.py

    return section_at(main, offset)
