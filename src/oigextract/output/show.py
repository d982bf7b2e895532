"""A Report as a page to check by eye: the text with every finding highlighted, a legend, the findings table.

The highlighting is spaCy's displaCy span renderer (``displacy.render(..., style="span", manual=True)``);
the page around it is a Jinja2 template (autoescaped). Everything is read from the ``Report`` alone —
the character offsets of counts, dates, caveats and deficiency clauses, the evidence sentences, the pages
and the text — so a report loaded back from JSON shows the same page, and no pipeline is run. Agencies
carry no offsets: their mentions are found in the finding's own sentence by name or acronym.

How the text is cut for displaCy: into lines (cut again where a PDF page begins, with a page marker before
it), each line into segments at the evidence sentences (a finding's segment gets an ``id`` its table row
links to), each segment into whitespace-separated words, split again only where a highlight starts or ends.
Every highlight therefore starts and ends on a token boundary, and words keep their punctuation ("DHS's").

Labels carry the normalised form ("3014 child · estimate", "2017-11", "unverified → 1,233 children"), one
colour per kind (displaCy's ``colors`` option, keyed by label). displaCy's own templates get a ``title`` on
the label (hover) and an invisible in-flow copy of it, so a labelled token is at least as wide as its label:
labels never overlap nor run off a phone's screen. The page is self-contained: inline CSS, no scripts, no
fonts or images fetched.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, Literal

from ..types import Agency, Caveat, Count, DateMention, Finding, Report

HighlightKind = Literal["agency", "deficiency", "count", "date", "caveat"]
KINDS: tuple[HighlightKind, ...] = ("agency", "deficiency", "count", "date", "caveat")
# One colour per kind: light enough for displaCy's black label text, distinct from one another.
COLORS: dict[HighlightKind, str] = {
    "agency": "#8ecae6",
    "deficiency": "#f4a6a6",
    "count": "#95d5a0",
    "date": "#ffd166",
    "caveat": "#cdb4f0",
}
KIND_NAMES: dict[HighlightKind, str] = {
    "agency": "Agency",
    "deficiency": "Deficiency clause",
    "count": "Count or amount",
    "date": "Date or period",
    "caveat": "Caveat",
}
KIND_HINTS: dict[HighlightKind, str] = {
    "agency": "the finding's agency, by name or acronym",
    "deficiency": "what was wrong, and the cue that said so",
    "count": "value, unit, and the caveat that limits it",
    "date": "the whole period it covers",
    "caveat": "its kind, and the numbers it qualifies",
}


@dataclass(frozen=True, slots=True)
class Highlight:
    """One highlighted span: ``report.text[start:end]``, its kind, label, and the finding it belongs to."""

    kind: HighlightKind
    start: int
    end: int
    text: str
    label: str
    finding: int


# --- normalised forms ------------------------------------------------------------------------------


def number_text(value: float) -> str:
    """3014.0 -> "3014"; 12.5 -> "12.5" (the parsed value, not the document's "3,014")."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def count_label(count: Count) -> str:
    label = f"{number_text(count.value)} {count.unit}"
    return f"{label} · {count.qualifier}" if count.qualifier else label


def date_label(mention: DateMention) -> str:
    """The period in its shortest exact form: a day (2019-11-25), a month (2017-11), a year (2018), a run
    of whole months or years (2005-06..2005-11, 1999..2004), a fiscal year (FY2018 · 2017-10..2018-09),
    else start..end."""
    start, end = mention.start, mention.end
    if start == end:
        return start.isoformat()
    if start.day != 1 or not _last_day(end):
        return f"{start.isoformat()}..{end.isoformat()}"
    months = f"{start.year:04d}-{start.month:02d}", f"{end.year:04d}-{end.month:02d}"
    if mention.granularity == "fiscal_year" and (start.month, end.month) == (10, 9) and end.year == start.year + 1:
        return f"FY{end.year} · {months[0]}..{months[1]}"
    if (start.month, end.month) == (1, 12):
        return f"{start.year:04d}" if start.year == end.year else f"{start.year:04d}..{end.year:04d}"
    return months[0] if months[0] == months[1] else f"{months[0]}..{months[1]}"


def _last_day(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def caveat_label(caveat: Caveat, qualified: Sequence[Count], *, elsewhere: bool = True) -> str:
    """The caveat's kind, and — when the numbers it qualifies are in another sentence — which ones
    ("unverified → 1,233 children"); in its own sentence the count's label already names the kind."""
    if not qualified or not elsewhere:
        return caveat.kind
    if len(qualified) == 1:
        return f"{caveat.kind} → {qualified[0].text}"
    return f"{caveat.kind} → {len(qualified)} counts"


def agency_label(agency: Agency) -> str:
    return agency.acronym or agency.name


def deficiency_label(cue: str) -> str:
    """The cue that signalled the deficiency; the colour says it is one."""
    return cue


def qualified_counts(report: Report) -> dict[tuple[int, int], tuple[Count, ...]]:
    """(finding index, caveat index) -> the counts that caveat qualifies, as the assembly decided it.

    A count carries the kind of its caveat as ``qualifier``; a caveat qualifies the counts of its own
    sentence, or — when its sentence has none and refers back ("But the numbers couldn't be
    validated.") — those of the last sentence with counts.
    """
    from ..assemble import back_reference_phrases

    phrases = back_reference_phrases()
    result: dict[tuple[int, int], tuple[Count, ...]] = {}
    last_with_counts: int | None = None
    for index, finding in enumerate(report.findings):
        targets: tuple[Count, ...] = finding.counts
        if not targets and last_with_counts is not None and _refers_back(finding.evidence.text, phrases):
            targets = report.findings[last_with_counts].counts
        for position, caveat in enumerate(finding.caveats):
            result[(index, position)] = tuple(c for c in targets if c.qualifier == caveat.kind)
        if finding.counts:
            last_with_counts = index
    return result


def _refers_back(sentence: str, phrases: Sequence[str]) -> bool:
    lower = f" {sentence.lower()} "
    return any(f" {phrase} " in lower or f" {phrase}." in lower for phrase in phrases)


# --- where each highlight is -------------------------------------------------------------------------


class _Text:
    """``report.text``, or — for a report saved without its text — the evidence sentences alone."""

    def __init__(self, report: Report) -> None:
        self.full = bool(report.text)
        if self.full:
            self.chunks: list[tuple[int, str]] = [(0, report.text)]
        else:
            seen: dict[int, str] = {}
            for finding in report.findings:
                seen.setdefault(finding.evidence.start, finding.evidence.text)
            self.chunks = sorted(seen.items())
        self._starts = [start for start, _ in self.chunks]

    def slice(self, start: int, end: int) -> str | None:
        index = bisect.bisect_right(self._starts, start) - 1
        if index < 0:
            return None
        chunk_start, chunk = self.chunks[index]
        if end > chunk_start + len(chunk):
            return None
        return chunk[start - chunk_start: end - chunk_start]


def _place(
    text: _Text, finding: Finding, verbatim: str, start: int | None, end: int | None, taken: set[tuple[int, int]]
) -> tuple[int, int] | None:
    """The document offsets of ``verbatim``, trimmed of surrounding whitespace.

    The stored offsets are used when they point at the text; otherwise (an older JSON without offsets)
    the text is looked for in the finding's sentence, skipping places already taken by the same kind.
    """
    if start is not None and end is not None and text.slice(start, end) == verbatim:
        return _trim(verbatim, start, end)
    evidence = finding.evidence
    at = evidence.text.find(verbatim)
    while at >= 0:
        place = _trim(verbatim, evidence.start + at, evidence.start + at + len(verbatim))
        if place not in taken:
            return place
        at = evidence.text.find(verbatim, at + 1)
    return None


def _trim(verbatim: str, start: int, end: int) -> tuple[int, int]:
    left = len(verbatim) - len(verbatim.lstrip())
    right = len(verbatim) - len(verbatim.rstrip())
    return (start + left, max(start + left, end - right))


@lru_cache(maxsize=256)
def _agency_pattern(name: str, acronym: str | None) -> re.Pattern[str]:
    names = {name}
    for prefix in ("U.S. ", "US ", "United States "):
        if name.startswith(prefix):
            names.add(name[len(prefix):])
    alternatives = [re.escape(n) for n in sorted(names, key=len, reverse=True)]
    pattern = "(?i:" + "|".join(alternatives) + ")"
    if acronym:
        pattern += "|" + re.escape(acronym)  # case-sensitive: "DHS", never "dhs" inside a word
    return re.compile(r"(?<![\w])(?:" + pattern + r")(?![\w])")


def agency_mentions(finding: Finding) -> list[tuple[int, int]]:
    """Document offsets of the finding's agency in its own sentence, by name (with or without "U.S.")
    or acronym; empty when the sentence names it only generically ("the agency") or not at all."""
    if finding.agency is None:
        return []
    evidence = finding.evidence
    pattern = _agency_pattern(finding.agency.name, finding.agency.acronym)
    return [(evidence.start + m.start(), evidence.start + m.end()) for m in pattern.finditer(evidence.text)]


def highlights(report: Report) -> list[Highlight]:
    """Every finding's spans in document order: its agency mentions, deficiency clause, counts, dates
    and caveats, each with the label that shows its normalised form."""
    text = _Text(report)
    qualified = qualified_counts(report)
    result: list[Highlight] = []
    taken: dict[str, set[tuple[int, int]]] = {kind: set() for kind in KINDS}

    def add(kind: HighlightKind, index: int, place: tuple[int, int] | None, label: str) -> None:
        if place is None or place[0] >= place[1] or place in taken[kind]:
            return
        taken[kind].add(place)
        result.append(Highlight(kind, place[0], place[1], text.slice(*place) or "", label, index))

    for index, finding in enumerate(report.findings):
        if finding.agency is not None:
            for place in agency_mentions(finding):
                add("agency", index, place, agency_label(finding.agency))
        if finding.deficiency is not None:
            d = finding.deficiency
            add("deficiency", index, _place(text, finding, d.text, d.start, d.end, taken["deficiency"]),
                deficiency_label(d.cue))
        for count in finding.counts:
            add("count", index, _place(text, finding, count.text, count.start_char, count.end_char, taken["count"]),
                count_label(count))
        for mention in finding.dates:
            add("date", index, _place(text, finding, mention.text, mention.start_char, mention.end_char, taken["date"]),
                date_label(mention))
        for position, caveat in enumerate(finding.caveats):
            add("caveat", index,
                _place(text, finding, caveat.text, caveat.start_char, caveat.end_char, taken["caveat"]),
                caveat_label(caveat, qualified[(index, position)], elsewhere=not finding.counts))
    result.sort(key=lambda h: (h.start, -h.end, KINDS.index(h.kind)))
    return result


# --- displaCy ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int
    end: int
    finding: int | None  # the finding whose sentence this is
    first: bool  # the first segment of that sentence: it carries the anchor


_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]+")


def _blocks(report: Report, text: _Text) -> list[tuple[int | None, int, int]]:
    """(page, start, end) of each non-blank line (full text) or each evidence sentence (no text)."""
    blocks: list[tuple[int | None, int, int]] = []
    if text.full:
        page_starts = sorted(p.start for p in report.pages)
        for match in _LINE.finditer(report.text):
            cuts = [match.start(), *(s for s in page_starts if match.start() < s < match.end()), match.end()]
            for a, b in pairwise(cuts):  # a paragraph that runs over a page break is cut there
                start, end = _trim(report.text[a:b], a, b)
                if start < end:
                    blocks.append((report.page_of(start), start, end))
        return blocks
    pages = {f.evidence.start: f.evidence.page for f in report.findings}
    for start, chunk in text.chunks:
        for match in _LINE.finditer(chunk):
            s, e = _trim(match.group(), start + match.start(), start + match.end())
            if s < e:
                blocks.append((pages.get(start), s, e))
    return blocks


def _segments(start: int, end: int, evidence: list[tuple[int, int, int]]) -> list[_Segment]:
    cuts = {start, end}
    for ev_start, ev_end, _ in evidence:
        cuts.update(x for x in (ev_start, ev_end) if start < x < end)
    points = sorted(cuts)
    segments = []
    for a, b in pairwise(points):
        owner = next(((index, a <= ev_start) for ev_start, ev_end, index in evidence if ev_start <= a and b <= ev_end),
                     None)
        if owner is None:
            segments.append(_Segment(a, b, None, False))
        else:
            segments.append(_Segment(a, b, owner[0], owner[1]))
    return segments


def _tokens(segment_text: str, offset: int, boundaries: list[int]) -> list[tuple[int, int]]:
    """Whitespace-separated words of the segment (document offsets), split where a highlight begins or ends."""
    tokens: list[tuple[int, int]] = []
    for match in _WORD.finditer(segment_text):
        start, end = offset + match.start(), offset + match.end()
        low, high = bisect.bisect_right(boundaries, start), bisect.bisect_left(boundaries, end)
        for cut in boundaries[low:high]:
            tokens.append((start, cut))
            start = cut
        tokens.append((start, end))
    return tokens


@lru_cache(maxsize=1)
def _span_template() -> dict[str, str]:
    """displaCy's own span templates with three additions: the label box gets a class and a ``title`` (the
    label, for hover); an invisible in-flow copy of the label makes the token at least as wide as its
    label, so a label never runs over the next one or off the edge of a narrow screen; and the labels come
    before the token's text, so that copy does not move the text off its baseline."""
    from spacy.displacy.templates import TPL_SPAN, TPL_SPAN_SLICE, TPL_SPAN_START

    marker = '<span style="background: {bg}; z-index: 10;'
    if marker not in TPL_SPAN_START or TPL_SPAN.count("{text}") != 1 or TPL_SPAN.count("{span_starts}") != 1:
        return {"span": TPL_SPAN, "slice": TPL_SPAN_SLICE, "start": TPL_SPAN_START}  # a later spaCy: as it is
    start = TPL_SPAN_START.replace(marker, '<span class="oigx-label" title="{label}" ' + marker[len("<span "):], 1)
    start += '<span class="oigx-label-room" aria-hidden="true">{label}</span>'
    span = TPL_SPAN.replace("{span_starts}", "").replace("{text}", "{span_starts}{text}")
    return {"span": span, "slice": TPL_SPAN_SLICE, "start": start}


def _escape(text: str) -> str:
    """displaCy inserts labels as they are; they hold document text (caveat targets), so escape them."""
    from html import escape

    return escape(text, quote=True)


# A label is set at 0.6em: about 0.6 of a text character per label character, plus its padding.
_LABEL_WIDTH = 0.6


def _manual_doc(chunk: str, offset: int, tokens: list[tuple[int, int]], marks: list[Highlight]) -> dict[str, Any]:
    """displaCy's manual span format for one segment.

    A token where a label starts takes in the next words under the same highlights until it is about as
    wide as the label ("3,014 children" under "3014 child · estimate"), so the label needs no extra room;
    other words stay tokens of their own, so long clauses still wrap.
    """
    clipped = [(max(m.start, offset), min(m.end, offset + len(chunk)), m) for m in marks]
    clipped = [(low, high, m) for low, high, m in clipped if low < high]
    cover = [frozenset(i for i, (low, high, _) in enumerate(clipped) if low <= s and e <= high) for s, e in tokens]
    need = [max((len(m.label) for low, _, m in clipped if low == s), default=0) for s, _ in tokens]
    merged: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        start, end = tokens[index]
        room = _LABEL_WIDTH * need[index] + 1 if need[index] else 0
        following = index + 1
        while (following < len(tokens) and cover[index] and cover[following] == cover[index]
               and end - start < room):
            end = tokens[following][1]
            following += 1
        merged.append((start, end))
        index = following
    starts = [s for s, _ in merged]
    ends = [e for _, e in merged]
    spans = []
    for low, high, mark in clipped:
        first, last = bisect.bisect_right(ends, low), bisect.bisect_left(starts, high)
        if first < last:
            spans.append({"start_token": first, "end_token": last, "label": _escape(mark.label)})
    return {"text": chunk, "tokens": [chunk[s - offset: e - offset] for s, e in merged], "spans": spans}


def render_text(report: Report, ids: str = "oigx") -> list[dict[str, Any]]:
    """The text as blocks of displaCy markup: ``[{"page": n|None, "segments": [{"id", "finding", "html"}]}]``."""
    from spacy import displacy

    text = _Text(report)
    marks = highlights(report)
    boundaries = sorted({h.start for h in marks} | {h.end for h in marks})
    colors: dict[str, str] = {}
    for mark in marks:
        colors.setdefault(_escape(mark.label), COLORS[mark.kind])
    options = {"colors": colors, "template": _span_template()}
    evidence = sorted((f.evidence.start, f.evidence.end, i) for i, f in enumerate(report.findings))
    by_finding: dict[int, list[Highlight]] = {}
    for mark in marks:
        by_finding.setdefault(mark.finding, []).append(mark)
    blocks: list[dict[str, Any]] = []
    evidence_starts = [start for start, _, _ in evidence]
    evidence_ends = list(accumulate((end for _, end, _ in evidence), max))  # sorted, for bisect
    for page, block_start, block_end in _blocks(report, text):
        segments = []
        nearby = evidence[bisect.bisect_right(evidence_ends, block_start): bisect.bisect_left(evidence_starts, block_end)]
        for segment in _segments(block_start, block_end, nearby):
            chunk = text.slice(segment.start, segment.end) or ""
            tokens = _tokens(chunk, segment.start, boundaries)
            if not tokens:
                continue
            own = by_finding.get(segment.finding, []) if segment.finding is not None else []
            markup = displacy.render(
                _manual_doc(chunk, segment.start, tokens, own),
                style="span", manual=True, jupyter=False, options=options,
            )
            anchor = f"{ids}-f{segment.finding + 1}" if segment.finding is not None and segment.first else None
            segments.append({"id": anchor, "finding": segment.finding, "html": markup})
        if segments:
            blocks.append({"page": page, "segments": segments})
    return blocks


# --- the page ------------------------------------------------------------------------------------------


def _finding_row(report: Report, index: int, finding: Finding, qualified: dict[tuple[int, int], tuple[Count, ...]],
                 ids: str) -> dict[str, Any]:
    agency = finding.agency
    named = bool(agency_mentions(finding))
    return {
        "number": index + 1,
        "id": f"{ids}-r{index + 1}",
        "target": f"{ids}-f{index + 1}",
        "agency": (agency.acronym or agency.name) if agency else "",
        "agency_title": (
            (agency.name + (f" ({agency.acronym})" if agency.acronym else "")
             + ("" if named else " — not named in this sentence: resolved from context"))
            if agency else ""
        ),
        "agency_named": named,
        "deficiency": finding.deficiency.text.strip() if finding.deficiency else "",
        "cue": finding.deficiency.cue if finding.deficiency else "",
        "counts": [(c.text, count_label(c)) for c in finding.counts],
        "dates": [(d.text, f"{d.start.isoformat()}..{d.end.isoformat()}" if d.start != d.end else d.start.isoformat(),
                   d.granularity) for d in finding.dates],
        "caveats": [(c.text, c.kind, ", ".join(n.text for n in qualified[(index, p)]))
                    for p, c in enumerate(finding.caveats)],
        "page": finding.evidence.page,
        "section": finding.evidence.section or "",
    }


def _ids(report: Report) -> str:
    """An id prefix per report, so two reports shown in one notebook do not share anchors."""
    import hashlib

    key = report.content_hash or hashlib.sha256(f"{report.source}\0{report.text}".encode()).hexdigest()
    return f"oigx-{key[:8]}"


def render_html(report: Report, *, page: bool = True) -> str:
    """The view as HTML: a whole self-contained page, or (``page=False``) a fragment for a notebook."""
    ids = _ids(report)
    qualified = qualified_counts(report)
    marks = highlights(report)
    context = {
        "page": page,
        "ids": ids,
        "report": report,
        "title": report.metadata.title or report.source,
        "meta": [
            (name, value) for name, value in (
                ("Source", report.source),
                ("Kind", report.kind),
                ("Report number", report.metadata.report_number),
                ("Published", report.metadata.published.isoformat() if report.metadata.published else None),
                ("Issuer", report.metadata.issuer),
                ("URL", report.metadata.url),
            ) if value
        ],
        "tally": {kind: sum(1 for m in marks if m.kind == kind) for kind in KINDS},
        "legend": [(kind, KIND_NAMES[kind], COLORS[kind], KIND_HINTS[kind]) for kind in KINDS],
        "blocks": render_text(report, ids),
        "has_text": bool(report.text),
        "rows": [_finding_row(report, i, f, qualified, ids) for i, f in enumerate(report.findings)],
        "colors": COLORS,
    }
    page_html: str = _template().render(**context)
    return page_html


def read_report(path: str | Path, **extract_options: Any) -> Report:
    """The Report of ``path``: a saved report (``extract --format json``, best with ``--include-text``)
    is loaded back as it is; any other file is extracted (``extract_options`` go to ``extract``)."""
    import json

    from ..api import extract

    target = Path(path)
    try:
        with open(target, "rb") as handle:
            saved = handle.read(256).lstrip().startswith(b"{")
        data = json.loads(target.read_text(encoding="utf-8")) if saved else None
        if isinstance(data, dict) and {"source", "kind", "findings"} <= set(data):
            return Report.from_dict(data)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        pass  # not a saved report: extract reads it and says what is wrong with it
    return extract(target, **extract_options)


def write_html(report: Report, path: str | Path) -> Path:
    """Write the whole page to ``path`` (UTF-8) and return it."""
    target = Path(path)
    target.write_text(render_html(report), encoding="utf-8")
    return target


@lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["markup"] = Markup  # displaCy's output: already escaped
    return env.from_string(_PAGE)


_CSS = """
.oigx{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1b1b;background:#fff;
  line-height:1.5;max-width:76rem;margin:0 auto;font-size:16px}
.oigx *{box-sizing:border-box}
.oigx h1{font-size:1.35rem;line-height:1.3;margin:0 0 .5rem}
.oigx h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.oigx-meta{display:flex;flex-wrap:wrap;gap:.15rem 1.25rem;margin:0 0 .75rem;padding:0;font-size:.85rem;color:#444}
.oigx-meta div{min-width:0;overflow-wrap:anywhere}
.oigx-meta dt{display:inline;font-weight:600}
.oigx-meta dd{display:inline;margin:0 0 0 .3rem}
.oigx-legend{position:sticky;top:0;z-index:20;background:#fff;border-bottom:1px solid #ddd;padding:.4rem 0;
  margin-bottom:.5rem}
.oigx-legend ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0;font-size:.85rem}
.oigx-legend li{white-space:nowrap}
.oigx-swatch{display:inline-block;width:1.5em;height:.7em;border-radius:3px;vertical-align:middle;margin-right:.35em}
.oigx-count{color:#555}
.oigx-note{font-size:.85rem;color:#555;margin:.25rem 0}
.oigx-text{overflow-x:hidden;overflow-x:clip;overflow-wrap:anywhere}
.oigx-page{margin:1.25rem 0 .25rem;padding-top:.25rem;border-top:2px dashed #9a9a9a;color:#555;font-size:.8rem;
  font-weight:600;text-transform:uppercase;letter-spacing:.05em}
.oigx-block{margin:0 0 .6rem}
.oigx-seg,.oigx-seg .spans{display:inline}
.oigx-seg .spans{line-height:1.8!important}
.oigx-finding{border-radius:4px;scroll-margin-top:4rem}
.oigx-finding:target{background:#fff4c2;box-shadow:0 0 0 3px #fff4c2}
.oigx-ref{font-size:.7rem;font-weight:600;vertical-align:super;text-decoration:none;color:#1d4ed8;margin-right:.15rem}
.oigx-label{white-space:nowrap}
.oigx-label-room{display:block;height:0;overflow:hidden;visibility:hidden;white-space:nowrap;
  font-size:.6em;font-weight:bold;padding:0 3px;line-height:1}
.oigx-label:hover{z-index:30!important}
.oigx-targets{color:#555}
.oigx table{border-collapse:collapse;width:100%;font-size:.85rem}
.oigx td:first-child{white-space:nowrap}
.oigx th,.oigx td{border-bottom:1px solid #ddd;padding:.35rem .4rem;text-align:left;vertical-align:top}
.oigx th{background:#f4f4f4}
.oigx tr:target td{background:#fff4c2}
.oigx td ul{margin:0;padding:0;list-style:none}
.oigx td li+li{margin-top:.2rem}
.oigx-kind{border-left:4px solid transparent;padding-left:.35rem;display:inline-block}
.oigx-norm{color:#555;white-space:nowrap}
.oigx-inferred{font-style:italic}
.oigx-warnings{color:#8a4b00;font-size:.85rem}
@media (max-width:640px){
  .oigx{font-size:15px}
  .oigx table,.oigx tbody,.oigx tr,.oigx td{display:block;width:100%}
  .oigx thead{display:none}
  .oigx tr{border:1px solid #ddd;border-radius:6px;margin:0 0 .6rem;padding:.25rem .4rem}
  .oigx td{border:0;padding:.15rem 0}
  .oigx td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#333}
  .oigx td:empty{display:none}
}
"""

_PAGE = (
    """{% if page %}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} — oigextract</title>
<style>body{margin:0;padding:1rem}</style>
</head>
<body>
{% endif %}
<div class="oigx" id="{{ ids }}">
<style>"""
    + _CSS
    + """</style>
<header>
<h1>{{ title }}</h1>
<dl class="oigx-meta">
{% for name, value in meta %}<div><dt>{{ name }}</dt><dd>{{ value }}</dd></div>
{% endfor %}
<div><dt>Findings</dt><dd>{{ rows|length }}</dd></div>
</dl>
</header>
<section class="oigx-legend" aria-label="Legend">
<ul>
{% for kind, name, color, hint in legend %}<li class="oigx-legend-{{ kind }}" data-kind="{{ kind }}" data-color="{{ color }}" title="{{ hint }}"><span class="oigx-swatch" style="background:{{ color }}"></span>{{ name }} <span class="oigx-count">({{ tally[kind] }})</span></li>
{% endfor %}
</ul>
</section>
<section class="oigx-text" aria-label="Text">
{% if not has_text %}<p class="oigx-note">This report was saved without its text (JSON without <code>--include-text</code>): only the sentences of its findings are shown.</p>
{% endif %}
<p class="oigx-note">Each label is the normalised form (hover for the whole label); a small number links to the finding's row in the table below.</p>
{% set ns = namespace(page=None) %}
{% for block in blocks %}
{% if block.page is not none and block.page != ns.page %}{% set ns.page = block.page %}<div class="oigx-page" id="{{ ids }}-p{{ block.page }}">Page {{ block.page }}</div>
{% endif %}
<div class="oigx-block">
{% for seg in block.segments %}{% if seg.finding is not none %}<div class="oigx-seg oigx-finding" data-finding="{{ seg.finding + 1 }}"{% if seg.id %} id="{{ seg.id }}"{% endif %}>{% if seg.id %}<a class="oigx-ref" href="#{{ ids }}-r{{ seg.finding + 1 }}" title="finding {{ seg.finding + 1 }} in the table">{{ seg.finding + 1 }}</a>{% endif %}{{ seg.html|markup }}</div>{% else %}<div class="oigx-seg">{{ seg.html|markup }}</div>{% endif %}
{% endfor %}
</div>
{% endfor %}
</section>
<section class="oigx-findings" aria-label="Findings">
<h2>Findings</h2>
<table>
<thead><tr><th>#</th><th>Agency</th><th>Deficiency</th><th>Counts</th><th>Dates</th><th>Caveats</th><th>Page</th><th>Section</th></tr></thead>
<tbody>
{% for row in rows %}<tr id="{{ row.id }}" data-finding="{{ row.number }}">
<td data-label="Finding"><a href="#{{ row.target }}" title="show the sentence">{{ row.number }} ↑</a></td>
<td data-label="Agency">{% if row.agency %}<span class="oigx-kind{% if not row.agency_named %} oigx-inferred{% endif %}" style="border-color:{{ colors.agency }}" title="{{ row.agency_title }}">{{ row.agency }}</span>{% endif %}</td>
<td data-label="Deficiency">{% if row.deficiency %}<span class="oigx-kind" style="border-color:{{ colors.deficiency }}">{{ row.deficiency }}</span> <span class="oigx-norm">(cue: {{ row.cue }})</span>{% endif %}</td>
<td data-label="Counts">{% if row.counts %}<ul>{% for text, norm in row.counts %}<li><span class="oigx-kind" style="border-color:{{ colors.count }}">{{ text }}</span> → <span class="oigx-norm">{{ norm }}</span></li>{% endfor %}</ul>{% endif %}</td>
<td data-label="Dates">{% if row.dates %}<ul>{% for text, period, granularity in row.dates %}<li><span class="oigx-kind" style="border-color:{{ colors.date }}">{{ text }}</span> → <span class="oigx-norm">{{ period }} ({{ granularity }})</span></li>{% endfor %}</ul>{% endif %}</td>
<td data-label="Caveats">{% if row.caveats %}<ul>{% for text, kind, targets in row.caveats %}<li><span class="oigx-kind" style="border-color:{{ colors.caveat }}">{{ text }}</span> → <span class="oigx-norm">{{ kind }}</span>{% if targets %}<span class="oigx-targets"> · qualifies {{ targets }}</span>{% endif %}</li>{% endfor %}</ul>{% endif %}</td>
<td data-label="Page">{% if row.page is not none %}{{ row.page }}{% endif %}</td>
<td data-label="Section">{{ row.section }}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% if not rows %}<p class="oigx-note">No findings.</p>{% endif %}
{% if report.warnings %}<ul class="oigx-warnings">{% for warning in report.warnings %}<li>warning: {{ warning }}</li>{% endfor %}</ul>{% endif %}
</section>
</div>
{% if page %}</body>
</html>
{% endif %}"""
)
