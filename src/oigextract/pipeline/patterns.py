"""Build spaCy Matchers from token-pattern data files, with named macros for repeated tokens.

A row ``{"macro": "YEAR", "token": {...}}`` defines a token; a pattern may then write "YEAR" in
place of the token dict. Keeps the data files short and the month list in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..data_files import load_rows, require_keys
from ..errors import ConfigurationError
from .gated_matcher import GatedMatcher

PatternRow = dict[str, Any]


def pattern_rows(name: str) -> tuple[dict[str, dict[str, Any]], list[PatternRow]]:
    """Macros and expanded pattern rows of ``data/<name>``."""
    macros: dict[str, dict[str, Any]] = {}
    rows: list[PatternRow] = []
    for row in load_rows(name):
        if "macro" in row:
            require_keys(row, name, {"macro", "token"}, {"macro", "token"})
            macros[row["macro"]] = row["token"]
            continue
        require_keys(row, name, {"label", "pattern"}, {"label", "pattern", "trim_first", "trim_last", "kind", "why"})
        rows.append(row)
    for row in rows:
        row["pattern"] = [_expand(token, macros, name) for token in row["pattern"]]
    return macros, rows


def _expand(token: Any, macros: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    if isinstance(token, str):
        if token not in macros:
            raise ConfigurationError(f"data/{name}: unknown macro {token!r}")
        return dict(macros[token])
    if not isinstance(token, dict):
        raise ConfigurationError(f"data/{name}: a pattern token must be a dict or a macro name")
    return token


def build_matcher(vocab: Vocab, name: str) -> tuple[GatedMatcher, dict[int, PatternRow]]:
    """A matcher with one rule per row; the returned map gives each match id its row."""
    matcher = GatedMatcher(vocab, validate=True)
    by_id: dict[int, PatternRow] = {}
    for number, row in enumerate(pattern_rows(name)[1]):
        key = f"{row['label']}#{number}"
        try:
            matcher.add(key, row["pattern"])
        except (ValueError, KeyError) as exc:
            raise ConfigurationError(f"data/{name}: invalid pattern {row['pattern']!r}: {exc}") from None
        by_id[vocab.strings[key]] = row
    return matcher, by_id


def token_positions(doc: Doc, texts: Iterable[str]) -> list[int]:
    """Indices of the tokens whose text is one of ``texts``, without making a Token per token
    (``for token in doc`` costs about a microsecond a token; this compares string hashes)."""
    strings = doc.vocab.strings
    wanted = {strings[text] for text in texts if text in strings}
    if not wanted:
        return []
    return [index for index, orth in enumerate(doc.to_array("ORTH").tolist()) if orth in wanted]
