"""Read the package's rule data (JSON Lines under ``oigextract/data``) and users' extra files.

Rules are data so that a user can add an agency, a cue or a pattern without editing Python:
``OIGEXTRACT_DATA_DIR`` may name a folder whose files of the same names are appended to the
packaged ones (see docs/rules.md).
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .errors import ConfigurationError

EXTRA_DATA_ENV = "OIGEXTRACT_DATA_DIR"


def _parse_jsonl(text: str, label: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            row = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ConfigurationError(f"{label}:{number}: invalid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ConfigurationError(f"{label}:{number}: each line must be a JSON object")
        rows.append(row)
    return rows


@lru_cache(maxsize=None)
def load_rows(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of ``data/<name>`` plus those of the same file in ``$OIGEXTRACT_DATA_DIR``."""
    packaged = resources.files("oigextract") / "data" / name
    try:
        text = packaged.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(f"packaged rule file data/{name} is missing") from None
    rows = _parse_jsonl(text, f"data/{name}")
    extra_dir = os.environ.get(EXTRA_DATA_ENV)
    if extra_dir:
        extra = Path(extra_dir) / name
        if extra.is_file():
            rows.extend(_parse_jsonl(extra.read_text(encoding="utf-8"), str(extra)))
    return tuple(rows)


def require_keys(row: dict[str, Any], name: str, required: set[str], allowed: set[str]) -> None:
    """Reject rows with missing or unknown keys, so a typo in a user's rule is not silently ignored."""
    missing = required - row.keys()
    unknown = row.keys() - allowed
    if missing or unknown:
        raise ConfigurationError(
            f"data/{name}: row {row!r} has missing keys {sorted(missing)} or unknown keys {sorted(unknown)}"
        )


def compile_pattern(pattern: str, name: str, *, ignore_case: bool = False) -> Any:
    """A regular expression from ``data/<name>``, compiled with the ``regex`` package.

    The pattern must be valid for Python's ``re`` (checked first, so a rule means what ``re``
    documents; ``regex`` alone also accepts ``\\p{..}``, ``\\m``, variable-width look-behinds).
    ``regex.VERSION0`` then matches as ``re`` does, and is used because it skips ahead to a
    pattern's literal text even behind a leading ``\\b`` or inside a case-insensitive list of
    words, where ``re`` tries every position: 2 to 3 times faster on these rule files. (``regex``
    ships no type stubs: the result is typed ``Any``.)
    """
    flags = re.IGNORECASE if ignore_case else 0
    try:
        re.compile(pattern, flags)
        return regex.compile(pattern, regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0))
    except (re.error, regex.error, ValueError) as exc:
        raise ConfigurationError(f"data/{name}: invalid pattern {pattern!r}: {exc}") from None
