"""The document's own metadata: title, report number, date of issue, issuer, URL.

Where each field is read, most trusted first:

* **report number**: the page title, the header lines of an HTML page (its ``h1``/``h2`` lines before
  the first paragraph of prose: "July 8, 2008 | Audit A-01-07-00008"), its keywords, then the head of
  the main text (a PDF's cover). Forms are in ``data/report_numbers.jsonl``.
* **published**: an HTML page's header date line ("02-09-2012", "April 17, 2007"), its
  ``article:published_time``/``datePublished``/``<time datetime>``, the loader's date; in a PDF, the
  first full date on the cover ("March 25, 2014", "Hearing – March 9, 2017"), then a letter's date
  line. A month and year alone ("February 2006" on a GAO cover) is not a date of issue, and a date
  after today (a typo such as "08-03-2102") is refused.
* **title**: a testimony's quoted hearing title on its cover; the page/PDF title unless it is a site
  name or placeholder (``data/metadata_cues.jsonl``), else the first header line that reads as a
  title; labels, report numbers and trailing dates cut off.
* **issuer**: the office the report-number form names, else the inspector general (or GAO) that the
  cover lines name: an OIG's own name from ``data/agencies.jsonl`` or "Office of Inspector General"
  beside a department's name ("DEPARTMENT OF HEALTH AND HUMAN SERVICES OFFICE OF INSPECTOR GENERAL").
* **url**: the page's ``og:url`` or canonical link.

Nothing here reads the file name: the metadata is what the document states about itself.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any, TypeVar

from ..data_files import compile_pattern, load_rows, require_keys
from ..sources.base import MainText
from ..types import Metadata

_HEAD_CHARS = 3000
_HTML_HEAD_CHARS = 300_000
_HEADER_REGION_CHARS = 60_000
_MAX_HEADER_LINES = 30
_PROSE_WORDS = 40
_COVER_PARAGRAPHS = 25
_COVER_CHARS = 4000
_EARLIEST_YEAR = 1950
_OPENING_CHARS = 1200
_T = TypeVar("_T")


# ---------------------------------------------------------------------------------------------
# Rules from data files


@dataclass(frozen=True, slots=True)
class ReportNumberForm:
    pattern: re.Pattern[str]
    issuer: str | None
    hyphens: bool = False


@lru_cache(maxsize=1)
def report_number_patterns() -> tuple[ReportNumberForm, ...]:
    rows = load_rows("report_numbers.jsonl")
    for row in rows:
        require_keys(row, "report_numbers.jsonl", {"pattern"}, {"pattern", "issuer", "hyphens"})
    return tuple(ReportNumberForm(re.compile(row["pattern"]), row.get("issuer"), bool(row.get("hyphens"))) for row in rows)


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[Any, ...]]:
    """The patterns of data/metadata_cues.jsonl by kind (``regex`` patterns: see ``compile_pattern``)."""
    kinds = ("bad_title", "title_strip", "not_title_line", "speech_title")
    found: dict[str, list[Any]] = {kind: [] for kind in kinds}
    for row in load_rows("metadata_cues.jsonl"):
        require_keys(row, "metadata_cues.jsonl", {"kind", "pattern"}, {"kind", "pattern", "why"})
        if row["kind"] not in found:
            from ..errors import ConfigurationError

            raise ConfigurationError(f"data/metadata_cues.jsonl: kind {row['kind']!r} is not one of {kinds}")
        found[row["kind"]].append(compile_pattern(row["pattern"], "metadata_cues.jsonl", ignore_case=True))
    return {kind: tuple(patterns) for kind, patterns in found.items()}


# ---------------------------------------------------------------------------------------------
# Report numbers


def find_report_number(*texts: str | None) -> tuple[str, str | None] | None:
    """The first report number in the texts, most specific pattern first, and the office it names."""
    for form in report_number_patterns():
        for text in texts:
            if text:
                match = form.pattern.search(text)
                if match:
                    number = match.group("number") if "number" in form.pattern.groupindex else match.group(0)
                    return (_SEPARATOR.sub("-", number) if form.hyphens else number), form.issuer
    return None


_SEPARATOR = re.compile(r"[\s\u2010\u2011-]+")


# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WRITTEN_DATE = rf"(?P<month>(?i:{_MONTH_NAMES}))\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,\s*(?P<year>(?:19|20)\d\d)"
_NUMERIC_DATE = r"(?P<m>\d{1,2})\s?[-/]\s?(?P<d>\d{1,2})\s?[-/]\s?(?P<y>(?:19|20)\d\d|\d\d)"
_ANY_DATE = re.compile(rf"\b(?:{_WRITTEN_DATE}|{_NUMERIC_DATE})\b")
_WRITTEN_ONLY = re.compile(rf"\b{_WRITTEN_DATE}\b")
# A header line that is a date, alone or beside a label: "02-09-2012", "July 8, 2008 | Audit A-01-07-00008",
# "Date: May 16, 2005", "Hearing – March 9, 2017".
_DATE_LINE_PARTS = re.compile(r"\s*(?:\||–|—|-{1,2}|:)\s*")
_DATE_LABELS = {"date", "dated", "issued", "date issued", "released", "posted", "hearing", "report date", "published"}
# What may follow a date on its line: a time, then anything ("10:00 a.m. Rayburn House Office Building").
_DATE_TAIL = re.compile(r"^(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?|noon)|\d{1,2}:\d{2})(?:\s.*)?$", re.IGNORECASE)


def _date_from_match(match: re.Match[str]) -> date | None:
    try:
        if match.group("year"):
            month = _MONTHS[match.group("month").lower()]
            return date(int(match.group("year")), month, int(match.group("day")))
        year = int(match.group("y"))
        year = year + (2000 if year < 50 else 1900) if year < 100 else year
        return date(year, int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def plausible(day: date | None, today: date | None = None) -> date | None:
    """The date unless it is after today or before 1950: a typo ("08-03-2102") is not a date of issue."""
    if day is None:
        return None
    today = today or date.today()
    return day if _EARLIEST_YEAR <= day.year and day <= today else None


def header_line_date(line: str) -> date | None:
    """The date of a header line that is only a date, or a date beside a label or a report label."""
    line = line.strip()
    match = _ANY_DATE.search(line)
    if not match:
        return None
    before, after = line[: match.start()].strip(), line[match.end():].strip()
    before = _DATE_LINE_PARTS.sub(" ", before).strip().lower()
    if before and before not in _DATE_LABELS:
        return None
    if after and not (after.startswith(("|", "–", "—")) or _DATE_TAIL.match(after)):
        return None
    return plausible(_date_from_match(match))


_TRAILING_DATE = re.compile(rf"(?:\)|\b(?:A|OEI|OAI)-\d\d-\d\d-\d{{5}})\s*(?:{_NUMERIC_DATE}|{_WRITTEN_DATE})\s*$")


def trailing_date(line: str | None) -> date | None:
    """The date HHS page titles print after the report number: "... (A-04-12-06159) 12-04-2013",
    "... Report OEI-02-14-00490 1-20-2016"."""
    match = _TRAILING_DATE.search(line or "")
    return plausible(_date_from_match(match)) if match else None


_DATE_LINE = re.compile(
    r"^(?:[A-Z][a-z]+day,\s+)?(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+(?:19|20)\d\d)"
    r"(?:\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?\.?$"
)
_DATE_LINE_SCAN = 40


def find_date_line(text: str) -> date | None:
    """The first paragraph that is only a full date (a testimony's or letter's date line).

    A month and year alone ("February 2006" on a GAO cover) is not a date of issue.
    """
    for paragraph in text.split("\n\n")[:_DATE_LINE_SCAN]:
        match = _DATE_LINE.match(paragraph.strip())
        if match:
            found = _WRITTEN_ONLY.search(match.group("date"))
            day = plausible(_date_from_match(found)) if found else None
            if day is not None:
                return day
    return None


# ---------------------------------------------------------------------------------------------
# HTML header


@dataclass(frozen=True, slots=True)
class HtmlHeader:
    """What an HTML page states about itself outside its main text."""

    title: str | None = None
    lines: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    published: date | None = None  # article:published_time, datePublished or <time datetime>
    url: str | None = None
    banner: tuple[str, ...] = ()  # lines between <body> and the first h1 (a site banner naming the office)
    blocks: tuple[str, ...] = ()  # header elements whole: "Follow-up Review of ...<br>In Michigan" is one title


_DROP = re.compile(r"<(script|style|noscript|iframe)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(
    r"<\s*/?\s*(?:p|div|h[1-6]|br|tr|td|th|li|ul|ol|hr|table|center|blockquote|section|header|dt|dd|title)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_NO_BR = re.compile(
    r"<\s*/?\s*(?:p|div|h[1-6]|tr|td|th|li|ul|ol|hr|table|center|blockquote|section|header|dt|dd|title)\b[^>]*>",
    re.IGNORECASE,
)
_BR = re.compile(r"<\s*br\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2000-\u200b\u202f]+")
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1\b", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TIME = re.compile(r"""<time\b[^>]*\bdatetime\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_CANONICAL = re.compile(r"""<link\b[^>]*rel\s*=\s*["']canonical["'][^>]*>""", re.IGNORECASE)
_ISO_DAY = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)")
_KEYWORD_SPLIT = re.compile(r",(?!\s*(?:19|20)\d\d\b)")  # "June 13, 2008" stays one keyword
_PUBLISHED_META = {"article:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
                   "citation_publication_date", "pubdate", "publishdate"}


def _clean(fragment: str) -> str:
    return _SPACES.sub(" ", html_lib.unescape(_TAG.sub(" ", fragment))).strip()


def _attrs(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(tag)}


def _iso_day(value: str) -> date | None:
    match = _ISO_DAY.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def read_html_header(page: str) -> HtmlHeader:
    """Title, header lines, keywords, stated publication date and URL of an HTML page."""
    head = page[:_HTML_HEAD_CHARS]
    title_match = _TITLE_TAG.search(head)
    title = _clean(title_match.group(1)) if title_match else None
    keywords: tuple[str, ...] = ()
    published: date | None = None
    url: str | None = None
    for tag in _META.findall(head):
        attrs = _attrs(tag)
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        content = attrs.get("content", "")
        if key == "keywords" and not keywords:
            keywords = tuple(part for part in (_clean(p) for p in _KEYWORD_SPLIT.split(content)) if part)
        elif key in _PUBLISHED_META and published is None:
            published = plausible(_iso_day(content))
        elif key == "og:url" and not url:
            url = content.strip() or None
    if published is None:
        time_match = _TIME.search(head)
        if time_match:
            published = plausible(_iso_day(time_match.group(1)))
    if url is None:
        canonical = _CANONICAL.search(head)
        if canonical:
            url = _attrs(canonical.group(0)).get("href") or None
    body = _BODY.search(head)
    h1 = _H1.search(head)
    body_start = body.end() if body else 0
    banner = _text_lines(head[body_start:h1.start()]) if h1 and h1.start() > body_start else ()
    header_region = head[h1.start() if h1 else body_start:]
    url = url or _shared_url(head)
    return HtmlHeader(
        title, _text_lines(header_region), keywords, published, url, banner, _text_lines(header_region, blocks=True)
    )


_SHARE_LINK = re.compile(r"""mailto:[^"'>]*?body=[^"'>]*?(https?://[^\s"'<>&]+)""", re.IGNORECASE)


def _shared_url(head: str) -> str | None:
    """The address a page gives for itself in its "share by e-mail" link ("I thought you would find this
    report of interest: http://oig.hhs.gov/oas/reports/region/31500351.asp")."""
    match = _SHARE_LINK.search(head)
    return match.group(1) if match else None


def _text_lines(region: str, *, blocks: bool = False) -> tuple[str, ...]:
    """Text lines of a stretch of HTML up to the first paragraph of prose (header lines: from the
    first ``h1``, else the body's start). With ``blocks``, the lines of one element split by ``<br>``
    are one line, without a date line at its start ("02-09-2012<br>Title" -> "Title")."""
    region = _DROP.sub(" ", region[:_HEADER_REGION_CHARS])
    lines: list[str] = []
    for part in (_BLOCK_NO_BR if blocks else _BLOCK).split(region):
        if blocks:
            pieces = [_clean(piece) for piece in _BR.split(part)]
            pieces = [piece for piece in pieces if piece]
            if pieces and header_line_date(pieces[0]):
                pieces = pieces[1:]
            line = " ".join(pieces)
        else:
            line = _clean(part)
        if not line:
            continue
        if len(line.split()) >= _PROSE_WORDS:
            break
        lines.append(line)
        if len(lines) >= _MAX_HEADER_LINES:
            break
    return tuple(lines)


# ---------------------------------------------------------------------------------------------
# Cover of a PDF (or the head of any main text)

_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"'”’)]?\s+[A-Z]")


def cover_paragraphs(text: str) -> list[str]:
    """Paragraphs at the top of the text before the first paragraph of prose (two sentences, or a long
    one ending with a full stop): the cover, title block and date line."""
    cover: list[str] = []
    used = 0
    for paragraph in text.split("\n\n")[:_COVER_PARAGRAPHS]:
        stripped = paragraph.strip()
        words = len(stripped.split())
        if words >= 25 and (stripped.endswith(".") or _SENTENCE_END.search(stripped)):
            break
        cover.append(stripped)
        used += len(stripped)
        if used > _COVER_CHARS:
            break
    return cover


def cover_date(paragraphs: Sequence[str]) -> date | None:
    """The first full written date on the cover ("March 25, 2014", "Hearing – March 9, 2017")."""
    for paragraph in paragraphs:
        for match in _WRITTEN_ONLY.finditer(paragraph):
            day = plausible(_date_from_match(match))
            if day is not None:
                return day
    return None


_QUOTED = re.compile(r"[“\"]([^“”\"]{8,300})[”\"]")


_HEARING_LABEL = re.compile(r"^(?:hearing(?: title)?|subject|re)\s*:$", re.IGNORECASE)


def quoted_title(paragraphs: Sequence[str]) -> str | None:
    """A hearing title on a testimony's cover: quoted (“Medicare Part D: Measures Needed ...”) or on
    the line after a "Hearing:" label."""
    joined = " ".join(paragraphs)
    for match in _QUOTED.finditer(joined):
        inner = _SPACES.sub(" ", match.group(1)).strip(" ,;")
        if len(inner.split()) >= 3 and re.search(r"[A-Z]", inner[:1]):
            return inner
    for label, following in pairwise(paragraphs):
        if _HEARING_LABEL.match(label.strip()) and 3 <= len(following.split()) <= 30:
            return following.strip()
    return None


# ---------------------------------------------------------------------------------------------
# Titles


def is_bad_title(title: str | None) -> bool:
    """A site name or placeholder rather than the document's title."""
    if not title or not title.strip():
        return True
    cues = _cues()
    return any(pattern.search(title) for pattern in cues["bad_title"]) or any(
        pattern.search(title.strip()) for pattern in cues["not_title_line"]
    )


@lru_cache(maxsize=8192)  # navigation and header lines repeat from page to page of a site
def clean_document_title(title: str | None) -> str | None:
    """Labels, report numbers and trailing dates cut off; wrapping quotes and commas dropped; an
    all-capitals lead ("BREASTFEEDING: Some Strategies") in title case."""
    if not title:
        return None
    text = _SPACES.sub(" ", html_lib.unescape(title)).strip()
    for _ in range(2):
        for pattern in _cues()["title_strip"]:
            text = pattern.sub("", text, count=1).strip()
        text = text.strip(" \t,;:\"'“”‘’<>")  # a stray "<" from a broken </title>
    text = _title_case_lead(text)
    return text or None


_CAPS_LEAD = re.compile(r"^([A-Z][A-Z0-9 &,'’-]{2,60}):\s+(?=\S*[a-z])")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _title_case_lead(text: str) -> str:
    match = _CAPS_LEAD.match(text)
    if not match:
        return text
    words = match.group(1).split(" ")
    lead = " ".join(
        word.lower() if i and word.lower() in _SMALL_WORDS else word[:1] + word[1:].lower()
        for i, word in enumerate(words)
    )
    return lead + text[len(match.group(1)):]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _title_line(lines: Iterable[str]) -> str | None:
    """The first header line that reads as a title: four or more words, not a date, label or office."""
    for line in lines:
        if len(line.split()) < 4 or header_line_date(line) or _ANY_DATE.fullmatch(line.strip()):
            continue
        if any(pattern.search(line) for pattern in _cues()["not_title_line"]):
            continue
        cleaned = clean_document_title(line)
        if cleaned and len(cleaned.split()) >= 3 and not is_bad_title(cleaned):
            return cleaned
    return None


def _visible_form(title: str, lines: Iterable[str]) -> str:
    """The header line that prints the same title (spaces aside) wins over the ``<title>`` text:
    "Weaknesses PoseRisk" in the head, "Weaknesses Pose Risk" on the page; so does one that adds a
    word or two a cleaner cut ("... Medicare Cost Report")."""
    wanted = _squash(title)
    words = title.lower().split()
    for line in lines:
        cleaned = clean_document_title(line)
        if not cleaned:
            continue
        if _squash(cleaned) == wanted and cleaned.lower().split() != words:
            return cleaned
        longer = cleaned.lower().split()
        if longer[: len(words)] == words and 0 < len(longer) - len(words) <= 2 and not _ANY_DATE.search(cleaned):
            return cleaned  # a cleaner cut a word of the title: "... Medicare Cost" / "... Medicare Cost Report"
    return title


def _html_title(main: MainText, header: HtmlHeader, number: str | None) -> str | None:
    title = main.title
    if title and not is_bad_title(title):
        title = clean_document_title(title)
    if not title or is_bad_title(title):
        title = _title_line(header.blocks) or _title_line(p for p in main.text.split("\n\n")[:6])
    if number is not None:  # the <title> of a page copied from another report names that report
        in_title = find_report_number(main.raw_title)
        if in_title is not None and in_title[0] != number:
            title = _title_line(line for line in header.blocks if number in line) or title
    return _visible_form(title, (*header.blocks, *header.lines)) if title else None


def _pdf_title(main: MainText, cover: Sequence[str]) -> str | None:
    quoted = quoted_title(cover)
    if quoted:
        return clean_document_title(quoted)
    if main.title and not is_bad_title(main.title):
        cleaned = clean_document_title(main.title)
        if cleaned:
            return cleaned
    for index, paragraph in enumerate(cover):
        if any(p.search(paragraph) for p in _cues()["speech_title"]) and len(paragraph) < 200:
            if _ENDS_WITH_OF.search(paragraph) and index + 1 < len(cover):  # "Testimony of:" / "Gary Cantrell"
                paragraph = f"{paragraph.rstrip(' :')} {cover[index + 1]}"
            return clean_document_title(paragraph)
    return None


_ENDS_WITH_OF = re.compile(r"\b(?:of|by)\s*:?\s*$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Issuer


@dataclass(frozen=True, slots=True)
class _IssuerRules:
    names: re.Pattern[str]  # an OIG's or GAO's own name or variant
    canonical: dict[str, str]  # folded name/variant -> canonical name
    departments: re.Pattern[str]
    oig_of_department: dict[str, str]  # folded department name/variant -> its OIG's canonical name


def _fold(text: str) -> str:
    """Lower case, "&" as "and", commas and runs of spaces as one space: how names are compared."""
    return _SPACES.sub(" ", text.lower().replace("&", " and ").replace(",", " ")).strip()


@lru_cache(maxsize=1)
def _issuer_rules() -> _IssuerRules:
    rows = load_rows("agencies.jsonl")
    canonical: dict[str, str] = {}
    department_names: dict[str, list[str]] = {}
    oig_by_parent: dict[str, str] = {}
    for row in rows:
        kind = row.get("kind")
        forms = [row["name"], *row.get("variants", ())]
        if kind in ("oig", "auditor"):
            for form in forms:
                if len(form) > 6:  # "HHS IG" and other short forms also name things in passing
                    canonical.setdefault(_fold(form), row["name"])
            if row.get("parent") and kind == "oig":
                oig_by_parent.setdefault(row["parent"], row["name"])
        elif kind == "department":
            department_names[row["name"]] = forms
    oig_of_department = {
        _fold(form): oig_by_parent[name]
        for name, forms in department_names.items() if name in oig_by_parent
        for form in forms if len(form) > 6 and form.lower() not in {"homeland security", "pentagon"}
    }

    def alternation(keys: Iterable[str]) -> str:
        parts = sorted({re.escape(key).replace(r"\ ", r"\s+") for key in keys}, key=len, reverse=True)
        return "|".join(parts)

    return _IssuerRules(
        re.compile(rf"\b(?:{alternation(canonical)})\b"),
        canonical,
        re.compile(rf"\b(?:{alternation(oig_of_department)})\b"),
        oig_of_department,
    )


_INSPECTOR_GENERAL = re.compile(r"\binspector\s+general\b", re.IGNORECASE)
_IG_WINDOW = 160


def issuer_in(text: str) -> str | None:
    """The inspector general (or GAO) a cover line or sentence names, by its canonical name."""
    rules = _issuer_rules()
    text = _fold(text)
    named = rules.names.search(text)
    if named:
        found = rules.canonical.get(_fold(named.group(0)))
        if found:
            return found
    for ig in _INSPECTOR_GENERAL.finditer(text):
        window = text[max(0, ig.start() - _IG_WINDOW): ig.end() + _IG_WINDOW]
        best: tuple[int, str] | None = None
        for department in rules.departments.finditer(window):
            oig = rules.oig_of_department.get(_fold(department.group(0)))
            distance = abs(department.start() - min(_IG_WINDOW, ig.start()))
            if oig and (best is None or distance < best[0]):
                best = (distance, oig)
        if best:
            return best[1]
    return None


def _issuer_from_lines(lines: Sequence[str]) -> str | None:
    """Each line, then each pair of neighbouring lines ("Office of Inspector General" /
    "Department of Health and Human Services" on two cover lines)."""
    for line in lines:
        found = issuer_in(line)
        if found:
            return found
    for first, second in pairwise(lines):
        found = issuer_in(f"{first} {second}")
        if found:
            return found
    return None


# ---------------------------------------------------------------------------------------------
# Entry point


def read_metadata(main: MainText, raw: bytes | str | None = None) -> Metadata:
    """Metadata from the loader's hints, the page's own header (HTML, when ``raw`` is given) and the
    head of the main text."""
    header = HtmlHeader()
    page_text: str | None = None
    if main.kind == "html" and raw is not None:
        if isinstance(raw, bytes):
            from ..sources.decode import decode_bytes

            raw = decode_bytes(raw[:_HTML_HEAD_CHARS])
        header = read_html_header(raw)
        page_text = raw
    cover = cover_paragraphs(main.text)
    # A PDF's own number is on its cover; numbers further on are the reports a testimony cites.
    head = "\n\n".join(cover) if main.kind == "pdf" else main.text[:_HEAD_CHARS]
    # The page's visible header before its <title>: a page copied from another report keeps the old <title>.
    found = find_report_number(*header.lines, main.raw_title, main.title, header.title, ", ".join(header.keywords), head)
    if main.kind == "html":
        title = _html_title(main, header, found[0] if found else None)
        published = (
            _first(header_line_date(line) for line in header.lines)
            or header.published
            or _first(header_line_date(word) for word in header.keywords)
            or _first(trailing_date(line) for line in (header.title, *header.keywords))
            or (plausible(main.published) if _stated(main.published, page_text) else None)
        )
    elif main.kind == "pdf":
        title = _pdf_title(main, cover)
        published = cover_date(cover) or plausible(main.published) or find_date_line(main.text)
    else:
        title = clean_document_title(main.title) if main.title and not is_bad_title(main.title) else None
        published = plausible(main.published) or find_date_line(main.text)
    issuer = found[1] if found and found[1] else None
    if issuer is None:
        lines = [line for line in (header.title, *header.lines, *header.banner) if line] + cover
        issuer = _issuer_from_lines(lines)
        if issuer is None and main.kind == "pdf":  # a witness names the office: "I am ..., Inspector General of ..."
            cover_end = len("\n\n".join(cover))
            opening = main.text[max(0, cover_end - _IG_WINDOW): cover_end + _OPENING_CHARS]
            issuer = issuer_in(opening)
    return Metadata(
        title=title,
        report_number=found[0] if found else None,
        published=published,
        issuer=issuer,
        url=main.url or header.url,
    )


def _stated(day: date | None, page: str | None) -> bool:
    """Does the page print this date? A loader's date guessed from the text ("fiscal year 2007" read as
    2007-01-01) is not the document's own date. Without the page to check, the loader is trusted."""
    if day is None or page is None:
        return page is None and day is not None
    month = day.strftime("%B")
    forms = (
        day.isoformat(), f"{day.month:02d}-{day.day:02d}-{day.year}", f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}", f"{month} {day.day}, {day.year}", f"{month[:3]}. {day.day}, {day.year}",
        f"{month[:3]} {day.day}, {day.year}", f"{day.day} {month} {day.year}",
        f"{day.month:02d}-{day.day:02d}-{day.year % 100:02d}",
    )
    return any(form in page for form in forms)


def _first(values: Iterable[_T | None]) -> _T | None:
    for value in values:
        if value is not None:
            return value
    return None
