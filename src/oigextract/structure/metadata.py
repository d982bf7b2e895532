"""The document's own metadata: title, report number, date of issue, issuer, URL.

Read from the loader's hints (HTML head, the page's date line, PDF info) and from the top of the
main text, where OIG reports print their number. Report-number forms live in
data/report_numbers.jsonl so a new office's form is a data change.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..data_files import load_rows, require_keys
from ..normalize.dates import parse_day
from ..sources.base import MainText
from ..types import Metadata

_HEAD_CHARS = 3000


@lru_cache(maxsize=1)
def report_number_patterns() -> tuple[tuple[re.Pattern[str], str | None], ...]:
    rows = load_rows("report_numbers.jsonl")
    for row in rows:
        require_keys(row, "report_numbers.jsonl", {"pattern"}, {"pattern", "issuer"})
    return tuple((re.compile(row["pattern"]), row.get("issuer")) for row in rows)


def find_report_number(*texts: str | None) -> tuple[str, str | None] | None:
    """The first report number in the texts, most specific pattern first, and its issuer."""
    for pattern, issuer in report_number_patterns():
        for text in texts:
            if text:
                match = pattern.search(text)
                if match:
                    return match.group(0).removeprefix("Report ").removeprefix("No. "), issuer
    return None


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
            day = parse_day(match.group("date"))
            if day is not None:
                return day
    return None


def read_metadata(main: MainText) -> Metadata:
    """Metadata from the hints and the head of the main text."""
    found = find_report_number(main.raw_title, main.title, main.text[:_HEAD_CHARS])
    return Metadata(
        title=main.title,
        report_number=found[0] if found else None,
        published=main.published or find_date_line(main.text),
        issuer=found[1] if found else None,
        url=main.url,
    )
