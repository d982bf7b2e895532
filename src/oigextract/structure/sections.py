"""Sections: which part of the report a sentence sits in, by a canonical name where one is known.

Inspector-general reports have a fixed outline ("Why We Did This Study", "What We Found", "What We
Recommend", "Agency Comments"), printed under many spellings: "WHAT WE FOUND", "Findings" and "Results
of Review" are all the results. ``data/sections.jsonl`` lists each canonical name, its role
(``results``, ``background``, ``method`` ...) and the headings that name it. A heading that names none
of them is kept as printed, so a section is never lost, only not normalised.

Headings come from the loader (``MainText.headings``: HTML heading markup, PDF heading lines) and, since
old HTML summaries print "EXECUTIVE SUMMARY:" as a bold paragraph, from short paragraphs that name a
canonical section. The title (level 1, or a heading equal to ``MainText.title``) and report-number
labels ("Audit (A-01-11-00517)") are not sections. In HTML, a heading that names no canonical section
but sits deeper than the canonical one above it (an ``h4`` under "What We Found") stays in that section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..data_files import load_rows, require_keys
from ..sources.base import MainText

ROLES = (
    "summary", "background", "objective", "method", "results", "conclusion", "recommendations",
    "response", "appendix",
)
# Roles whose sentences report what the review found (a filter for users who want results only).
RESULT_ROLES = frozenset({"summary", "results", "conclusion"})

_MAX_PARAGRAPH_HEADING_WORDS = 10
_MAX_PARAGRAPH_HEADING_CHARS = 90
_LABEL = re.compile(
    r"^(?:audit|report|evaluation|inspection|review)?\s*\(?\s*(?:A|OEI|OAI|OAS|OIG|GAO|CIN: A)-[0-9A-Z-]+\s*\)?$",
    re.IGNORECASE,
)
_FOLD_DROP = re.compile(r"[^a-z0-9'’ -]+")
_SPACES = re.compile(r"\s+")


def fold_heading(text: str) -> str:
    """Lower case, "&" as "and", punctuation (but apostrophes and hyphens) dropped, spaces collapsed."""
    text = text.lower().replace("&", " and ").replace("—", " ").replace("–", " ")
    text = _FOLD_DROP.sub(" ", text).replace(" - ", " ")
    return _SPACES.sub(" ", text).strip(" -")


@dataclass(frozen=True, slots=True)
class SectionName:
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the section it opens: ``name`` is canonical where known, else the heading as printed."""

    name: str
    heading: str
    start: int
    end: int
    level: int
    role: str | None


@lru_cache(maxsize=1)
def _section_rules() -> tuple[dict[str, SectionName], tuple[tuple[re.Pattern[str], SectionName], ...]]:
    exact: dict[str, SectionName] = {}
    patterns: list[tuple[re.Pattern[str], SectionName]] = []
    for row in load_rows("sections.jsonl"):
        require_keys(row, "sections.jsonl", {"name", "role", "variants"}, {"name", "role", "variants", "patterns"})
        if row["role"] not in ROLES:
            from ..errors import ConfigurationError

            raise ConfigurationError(f"data/sections.jsonl: role {row['role']!r} is not one of {ROLES}")
        entry = SectionName(row["name"], row["role"])
        exact.setdefault(fold_heading(row["name"]), entry)
        for variant in row["variants"]:
            exact.setdefault(fold_heading(variant), entry)
        patterns.extend((re.compile(p), entry) for p in row.get("patterns", ()))
    return exact, tuple(patterns)


@lru_cache(maxsize=4096)
def canonical_section(heading: str) -> SectionName | None:
    """The canonical section a heading names ("WHAT WE FOUND:" -> What We Found), or None."""
    folded = fold_heading(heading)
    if not folded:
        return None
    exact, patterns = _section_rules()
    found = exact.get(folded)
    if found is not None:
        return found
    for pattern, entry in patterns:
        if pattern.match(folded):
            return entry
    return None


@lru_cache(maxsize=1)
def _roles_by_name() -> dict[str, str]:
    return {row["name"]: row["role"] for row in load_rows("sections.jsonl")}


def section_role(name: str | None) -> str | None:
    """The role of a canonical section name ("Background" -> "background"); None for raw headings."""
    return _roles_by_name().get(name) if name else None


def is_result_section(name: str | None) -> bool:
    """True for sections that report results (summary, findings, conclusions) and for unknown headings,
    which in reports are mostly topical headings inside the findings."""
    role = section_role(name)
    return role is None or role in RESULT_ROLES


def find_sections(main: MainText) -> tuple[Section, ...]:
    """Every section opening in ``main.text``, in order."""
    title = fold_heading(main.title) if main.title else None
    candidates: dict[int, Section] = {}
    for heading in main.headings:
        if heading.level <= 1 or _is_title(heading.text, title):
            continue
        candidates[heading.start] = _section(heading.text, heading.start, heading.end, heading.level)
    for start, end in _short_paragraphs(main.text):
        if start in candidates:
            continue
        text = main.text[start:end]
        if canonical_section(text) is not None:
            candidates[start] = _section(text, start, end, 2)
    sections: list[Section] = []
    current: Section | None = None  # the canonical section an unknown, deeper heading belongs to
    for start in sorted(candidates):
        section = candidates[start]
        if section.role is not None:
            current = section
        elif current is not None and main.kind == "html" and section.level > current.level:
            section = Section(current.name, section.heading, section.start, section.end, section.level, current.role)
        else:
            current = None
        sections.append(section)
    return tuple(sections)


def _section(text: str, start: int, end: int, level: int) -> Section:
    canonical = canonical_section(text)
    if canonical is None:
        return Section(text.strip(), text, start, end, level, None)
    return Section(canonical.name, text, start, end, level, canonical.role)


def _is_title(text: str, folded_title: str | None) -> bool:
    return bool(_LABEL.match(text.strip())) or (folded_title is not None and fold_heading(text) == folded_title)


def _short_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of paragraphs short enough to be a heading."""
    spans = []
    start = 0
    for part in text.split("\n\n"):
        stripped = part.strip()
        if stripped and len(stripped) <= _MAX_PARAGRAPH_HEADING_CHARS and len(stripped.split()) <= _MAX_PARAGRAPH_HEADING_WORDS:
            offset = start + part.index(stripped)
            spans.append((offset, offset + len(stripped)))
        start += len(part) + 2
    return spans


_cache: tuple[MainText | None, tuple[int, ...], tuple[Section, ...]] = (None, (), ())


def section_at(main: MainText, offset: int) -> str | None:
    """The section a sentence starting at ``offset`` sits in: the last section opened before it.

    A heading itself belongs to the section before it. The sections of the most recent ``main`` are
    kept, so calling this for every sentence of one document reads its headings once.
    """
    global _cache
    cached_main, starts, sections = _cache
    if cached_main is not main:
        sections = find_sections(main)
        starts = tuple(s.start for s in sections)
        _cache = (main, starts, sections)
    index = bisect.bisect_right(starts, offset) - 1
    while index >= 0 and sections[index].end > offset:
        index -= 1
    return sections[index].name if index >= 0 else None
