"""The document's own metadata: title, report number, date of issue, issuer, URL.

Read from the loader's hints (HTML head, the page's date line, PDF info) and from the top of the
main text, where OIG reports print their number. Report-number forms live in
data/report_numbers.jsonl so a new office's form is a data change.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..data_files import load_rows, require_keys
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


def read_metadata(main: MainText) -> Metadata:
    """Metadata from the hints and the head of the main text."""
    found = find_report_number(main.raw_title, main.title, main.text[:_HEAD_CHARS])
    return Metadata(
        title=main.title,
        report_number=found[0] if found else None,
        published=main.published,
        issuer=found[1] if found else None,
        url=main.url,
    )
