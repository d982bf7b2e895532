"""HTML -> MainText with trafilatura: the article or report summary only, plus metadata hints.

trafilatura drops navigation, share widgets and related-article lists; what it keeps is walked as
XML so headings stay headings (sections) and ``<lb/>`` lines stay apart. Two things it misses on
inspector-general pages are handled here: the title (often only in a heading it drops) is put back
as the first paragraph, and download/contact lines are removed with the boilerplate cues.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from functools import lru_cache
from typing import Any

from lxml import etree

from ..data_files import load_rows
from ..errors import CorruptDocumentError, EmptyDocumentError
from .base import MainText
from .boilerplate import is_boilerplate
from .builder import Block, build_main_text, normalize_space

_DATE_LINE = re.compile(
    r"^(?:(?P<m>\d{1,2})[-/](?P<d>\d{1,2})[-/](?P<y>\d{4})"
    r"|(?P<month>[A-Z][a-z]+\.?) (?P<day>\d{1,2}), (?P<year>\d{4}))$"
)
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_HEAD_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_OG = re.compile(r"""<meta[^>]+property=["']og:(title|site_name|url)["'][^>]*>""", re.IGNORECASE)
_CONTENT = re.compile(r"""content=["']([^"']*)["']""", re.IGNORECASE)
_MAX_DEPTH = 400


def parse_date_line(text: str) -> date | None:
    """A paragraph that is only a date ("12-20-2013", "May 16, 2005") is the page's date line."""
    match = _DATE_LINE.match(text.strip())
    if not match:
        return None
    try:
        if match.group("y"):
            return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        month = _MONTHS.get(match.group("month").rstrip(".").lower())
        return date(int(match.group("year")), month, int(match.group("day"))) if month else None
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _title_patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    return tuple(
        (re.compile(row["pattern"], re.IGNORECASE), bool(row.get("site_only")))
        for row in load_rows("title_cleanup.jsonl")
    )


def clean_title(raw: str | None, site: str | None = None) -> str | None:
    """A page title without site suffixes, HHS prefixes, report numbers and wrapping quotes."""
    if not raw:
        return None
    title = normalize_space(html_lib.unescape(raw))
    for _ in range(2):  # a prefix can hide a quoted title whose closing quote hides the number
        for pattern, site_only in _title_patterns():
            match = pattern.search(title)
            if not match:
                continue
            if site_only and not (site and site.lower() in match.group(0).lower()):
                continue
            title = (title[: match.start()] + title[match.end():]).strip()
        title = title.strip(" \t,;:\"'“”‘’")
    return title or None


def _head_meta(html: str) -> dict[str, str]:
    head = html[:200_000]
    found: dict[str, str] = {}
    for tag in _OG.finditer(head):
        content = _CONTENT.search(tag.group(0))
        if content:
            found.setdefault(tag.group(1).lower(), content.group(1))
    title = _HEAD_TITLE.search(head)
    if title:
        found["html_title"] = re.sub(r"<[^>]+>", "", title.group(1))
    return found


def _blocks_from_xml(xml: str) -> list[Block]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml.encode("utf-8"), parser)
    main = root.find("main")
    blocks: list[Block] = []
    if main is None:
        return blocks
    for element in main.iter("head", "p", "item", "quote", "row"):
        if element.tag == "p" and element.getparent() is not None and element.getparent().tag in {"quote", "item"}:
            continue
        lines = _element_lines(element)
        heading = element.tag == "head"
        level = int(str(element.get("rend", "h2"))[1:] or 2) if heading and str(element.get("rend", "")).startswith("h") else 2
        blocks.extend(Block(line, heading=heading, level=level) for line in lines)
    return blocks


def _element_lines(element: etree._Element) -> list[str]:
    """Text of an element, split at ``<lb/>`` so a date line and a title in one heading part."""
    lines: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            lines.append(child.tail or "")
        elif child.tag == "cell":
            lines[-1] += " " + "".join(child.itertext()) + (child.tail or "")
        else:
            lines[-1] += "".join(child.itertext()) + (child.tail or "")
    return [normalize_space(line) for line in lines if normalize_space(line)]


_FALLBACK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "td")


def _fallback_blocks(html: str, source: str) -> list[Block]:
    """Paragraphs and headings of a page trafilatura builds no tree for (a bare "<p>...</p>" fragment)."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.LxmlError, ValueError, AssertionError, IndexError):  # lxml asserts one <body>: a head-only page has none
        return []
    blocks = []
    for element in root.iter(*_FALLBACK_TAGS):
        if any(parent.tag in _FALLBACK_TAGS for parent in element.iterancestors()):
            continue
        text = normalize_space(element.text_content())
        if text:
            blocks.append(Block(text, heading=element.tag.startswith("h"), level=int(element.tag[1]) if element.tag.startswith("h") else 2))
    return blocks


_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "output_format": "xml", "include_comments": False, "include_tables": True, "deduplicate": False,
}


def _date_params() -> dict[str, Any]:
    """htmldate without its "extensive" search, which hands free text to dateparser in every
    language (over half of the loader's time on an HHS summary page). The page date comes from
    its own date line first anyway; htmldate's header, JSON-LD and pattern searches still run.
    """
    from trafilatura.settings import set_date_params

    return set_date_params(extensive=False)


def _trafilatura(html: str) -> tuple[str | None, Any]:
    """trafilatura's main text (XML) and the page metadata, from one parse of the page.

    ``extract(with_metadata=True)`` reads the metadata anyway, and ``extract_with_metadata``
    (trafilatura 2) returns it with the text: asking ``extract_metadata`` as well parsed the page
    a second time and read its metadata twice (a quarter of the loader's time). When no main text
    is found (``None``), or trafilatura is older, the metadata is read on its own as before.
    """
    import trafilatura  # deferred: importing trafilatura costs ~0.3 s

    found = _without_fingerprint(html)
    if found is not None:
        return found
    extract_with_metadata = getattr(trafilatura, "extract_with_metadata", None)
    if extract_with_metadata is not None:
        document = extract_with_metadata(html, date_extraction_params=_date_params(), **_TRAFILATURA_OPTIONS)
        if document is not None:
            return document.text, document
        return None, trafilatura.extract_metadata(html, extensive=False)
    xml = trafilatura.extract(html, with_metadata=True, max_tree_size=None, **_TRAFILATURA_OPTIONS)
    return xml, trafilatura.extract_metadata(html, extensive=False)


def _without_fingerprint(html: str) -> tuple[str | None, Any] | None:
    """``extract_with_metadata`` without the content fingerprint it adds to every XML result (a
    hash over the whole text that this package never reads: a tenth of trafilatura's time on an
    HHS summary page): the same extraction steps, called one by one. None where this trafilatura
    lays them out differently; the caller then uses the public function."""
    try:
        from trafilatura.core import bare_extraction, determine_returnstring
        from trafilatura.metadata import extract_metadata
        from trafilatura.settings import Extractor

        options = Extractor(
            output_format="xml", comments=False, tables=True, dedup=False, with_metadata=True,
            date_params=_date_params(),
        )
    except (ImportError, TypeError, AttributeError):
        return None
    document = bare_extraction(html, options=options)
    if document is None or isinstance(document, dict):
        return None, extract_metadata(html, extensive=False)
    return determine_returnstring(document, options), document


def load_html(html: str, source: str) -> MainText:
    """Main text of a page; raises ``EmptyDocumentError`` when the page has no readable text."""
    meta = _head_meta(html)
    try:
        xml, metadata = _trafilatura(html)
    except (ValueError, etree.LxmlError, RecursionError) as exc:
        raise CorruptDocumentError(source, f"the HTML could not be parsed ({type(exc).__name__})") from None
    site = meta.get("site_name") or (metadata.sitename if metadata else None)
    raw_title = meta.get("title") or meta.get("html_title") or (metadata.title if metadata else None)
    title = None if is_site_path(raw_title) else clean_title(raw_title, site)
    blocks = _blocks_from_xml(xml) if xml else []
    if not blocks:
        blocks = _fallback_blocks(html, source)
    published = None
    kept: list[Block] = []
    for block in blocks:
        line_date = parse_date_line(block.text)
        if line_date is not None:
            published = published or line_date
            continue
        if is_boilerplate(block.text):
            continue
        kept.append(block)
    if title is None:
        title = _first_title_block(kept)
    if title and not _starts_with_title(kept, title):
        kept.insert(0, Block(title, heading=True, level=1))
    if not kept:
        raise EmptyDocumentError(source, "the HTML page has no readable main text")
    page_date = published or _raw_date_line(html)
    if page_date is None and metadata is not None and metadata.date:
        try:
            page_date = date.fromisoformat(metadata.date[:10])
        except ValueError:
            page_date = None
    return build_main_text(
        kept, "html", title=title, published=page_date,
        url=meta.get("url") or (metadata.url if metadata else None), site=site,
        raw_title=raw_title,
    )


_RAW_DATE_LINE = re.compile(r">\s*(\d{2}-\d{2}-\d{4})\s*<")


def _raw_date_line(html: str) -> date | None:
    """HHS pages print their date as a bare "MM-DD-YYYY" line that trafilatura may drop."""
    match = _RAW_DATE_LINE.search(html[:100_000])
    return parse_date_line(match.group(1)) if match else None


def is_site_path(raw: str | None) -> bool:
    """"Office of Audit Services | Reports & Publications | ..." names the site section, not the document."""
    return bool(raw) and raw.count(" | ") >= 2  # type: ignore[union-attr]


_LABEL_LINE = re.compile(r"^[A-Za-z ]{0,30}\([A-Z]{1,4}-[0-9A-Z-]+\)$")


def _first_title_block(blocks: list[Block]) -> str | None:
    """The first heading that reads like a title (4+ words, not an "Audit (A-01-...)" label)."""
    for block in blocks[:6]:
        if block.heading and len(block.text.split()) >= 4 and not _LABEL_LINE.match(block.text.strip()):
            return clean_title(block.text)
    return None


def _starts_with_title(blocks: list[Block], title: str) -> bool:
    wanted = _fold(title)
    return any(_fold(block.text) == wanted or wanted in _fold(block.text) for block in blocks[:6])


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
