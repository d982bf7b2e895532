"""Read the page ``oigextract show`` writes the way a reader sees it: the words of each finding's sentence,
the colour bars under each word (one colour per kind) and the labels above them, the legend and the table.

Used on the HTML as rendered (unit tests) and on the DOM Chromium dumps after loading it (browser tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from oigextract import Report
from oigextract.output.show import COLORS, agency_mentions, count_label, date_label

KIND_OF_COLOR = {color: kind for kind, color in COLORS.items()}
_BACKGROUND = re.compile(r"background:\s*(#[0-9a-fA-F]{3,8})")


@dataclass(frozen=True)
class Word:
    """A token as shown: its text, the kinds of the bars under it, and the labels that start on it."""

    text: str
    kinds: frozenset[str]
    labels: tuple[tuple[str, str], ...]  # (kind, label text)
    finding: int | None  # 1-based number of the finding whose sentence holds it


@dataclass(frozen=True)
class View:
    root: lxml.html.HtmlElement
    words: tuple[Word, ...]

    def finding_words(self, number: int) -> list[Word]:
        return [w for w in self.words if w.finding == number]

    def legend(self) -> dict[str, str]:
        """kind -> colour of each legend entry."""
        return {li.get("data-kind"): li.get("data-color") for li in self.root.xpath("//section[@class='oigx-legend']//li")}

    def rows(self) -> list[lxml.html.HtmlElement]:
        rows: list[lxml.html.HtmlElement] = self.root.xpath("//section[@class='oigx-findings']//tbody/tr")
        return rows

    def ids(self) -> set[str]:
        return set(self.root.xpath("//@id"))

    def page_markers(self) -> list[str]:
        return [" ".join(e.text_content().split()) for e in self.root.xpath("//div[@class='oigx-page']")]


def _kind(style: str | None) -> str | None:
    match = _BACKGROUND.search(style or "")
    return KIND_OF_COLOR.get(match.group(1).lower()) if match else None


def _words_of(spans_div: lxml.html.HtmlElement, finding: int | None) -> list[Word]:
    words: list[Word] = [Word(t, frozenset(), (), finding) for t in (spans_div.text or "").split()]
    for token in spans_div:
        kinds: set[str] = set()
        labels: list[tuple[str, str]] = []
        for bar in token:
            kind = _kind(bar.get("style"))
            if kind is None:
                continue
            kinds.add(kind)
            for label in bar.xpath(".//span[contains(concat(' ', @class, ' '), ' oigx-label ')]"):
                labels.append((kind, " ".join(label.text_content().split())))
        # a token's own text (its labels come first, as children); one token may hold a few words
        words.append(Word(" ".join("".join(token.xpath("text()")).split()), frozenset(kinds), tuple(labels), finding))
        words.extend(Word(t, frozenset(), (), finding) for t in (token.tail or "").split())
    return words


def parse_view(html: str) -> View:
    root = lxml.html.document_fromstring(html)
    words: list[Word] = []
    for segment in root.xpath("//div[contains(concat(' ', @class, ' '), ' oigx-seg ')]"):
        number = segment.get("data-finding")
        for spans_div in segment.xpath("./div[@class='spans']"):
            words.extend(_words_of(spans_div, int(number) if number else None))
    return View(root, tuple(words))


def highlighted_run(words: list[Word], text: str, kind: str) -> list[Word] | None:
    """The consecutive words that spell ``text`` (whitespace aside), all under a bar of ``kind``."""
    target = "".join(text.split())
    for first in range(len(words)):
        spelled = ""
        for last in range(first, len(words)):
            if kind not in words[last].kinds:
                break
            spelled += "".join(words[last].text.split())
            if spelled == target:
                return words[first: last + 1]
            if not target.startswith(spelled):
                break
    return None


def spelled(words: list[Word] | tuple[Word, ...]) -> str:
    """The words' letters without whitespace, to compare with a text however it was cut into tokens."""
    return "".join("".join(w.text.split()) for w in words)


def label_texts(words: list[Word], kind: str) -> list[str]:
    return [text for word in words for k, text in word.labels if k == kind]


def assert_every_finding_highlighted(report: Report, html: str) -> None:
    """Each count, date, caveat, deficiency clause and named agency of each finding is spelled by words of
    its own sentence under a bar of its kind, with its normalised form among the labels on them."""
    view = parse_view(html)
    for number, finding in enumerate(report.findings, start=1):
        words = view.finding_words(number)
        assert words, f"finding {number} has no sentence on the page"
        items: list[tuple[str, str, str | None]] = [("count", c.text, count_label(c)) for c in finding.counts]
        items += [("date", d.text, date_label(d)) for d in finding.dates]
        items += [("caveat", c.text, None) for c in finding.caveats]
        if finding.deficiency:
            items.append(("deficiency", finding.deficiency.text, finding.deficiency.cue))
        for kind, text, label in items:
            run = highlighted_run(words, text, kind)
            assert run is not None, f"finding {number}: {text!r} is not highlighted as {kind}"
            if label is not None:
                assert label in label_texts(run, kind), f"finding {number}: {text!r} lacks the label {label!r}"
        for caveat in finding.caveats:  # "unverified", or "unverified → 1,233 children"
            run = highlighted_run(words, caveat.text, "caveat")
            assert run and any(t.split(" → ")[0] == caveat.kind for t in label_texts(run, "caveat")), caveat
        if finding.agency and agency_mentions(finding):
            names = [finding.evidence.text[s - finding.evidence.start: e - finding.evidence.start]
                     for s, e in agency_mentions(finding)]
            for name in names:
                run = highlighted_run(words, name, "agency")
                assert run is not None, f"finding {number}: agency {name!r} is not highlighted"
                assert (finding.agency.acronym or finding.agency.name) in label_texts(run, "agency")
