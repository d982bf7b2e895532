"""Recognise paragraphs that are page furniture, from the cue list in data/boilerplate.jsonl."""

from __future__ import annotations

import re
from functools import lru_cache

from ..data_files import load_rows, require_keys


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    rows = load_rows("boilerplate.jsonl")
    for row in rows:
        require_keys(row, "boilerplate.jsonl", {"pattern"}, {"pattern", "why"})
    return tuple(re.compile(row["pattern"], re.IGNORECASE) for row in rows)


def is_boilerplate(paragraph: str) -> bool:
    """True when the paragraph matches a boilerplate cue (newsletter box, bio, download link...)."""
    text = paragraph.strip()
    return any(pattern.search(text) for pattern in _patterns())
