"""A second look at what was read, before it becomes a ``Report``: what a reader must be warned of, and
findings that cannot be trusted.

* A file named ``.pdf`` that is not a PDF (or a PDF named ``.html``): read by its content, with a warning.
* A saved error page ("Page Not Found", "Error occurred") kept in place of a report: a warning, and no
  findings or recommendations — nothing on such a page is a finding. The phrases are data
  (``data/error_pages.jsonl``); a page is an error page when its title, or the first paragraph of a short
  page, is at most six words and matches one.
* A PDF whose text layer reads like unreliable OCR (``MainText.ocr_unreliable``): a finding is kept only
  when its sentence reads clean — no character OCR invents, no letter/digit mix-up ("i985", "3i2"), no
  number split by a stray space ("83, 000"), no stray single letters or punctuation clutter, and every
  word of three or more letters is an English word (the words of spaCy's ``lexeme_prob`` table, read
  only for such documents). "$530 miiiion" would be 530 dollars said with confidence; its sentence is dropped. The
  warning says how many findings were dropped; the ones kept may still hold OCR errors a word list
  cannot see ("Levei" is in the table), which the loader's warning says already.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from .data_files import load_rows, require_keys
from .sources.base import MainText
from .types import Finding, Metadata, Recommendation

_EXPECTED_KIND = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html"}
_SHORT_TITLE_WORDS = 6
_SHORT_PAGE_CHARS = 2000
_OPENING_CHARS = 400


@dataclass(frozen=True, slots=True)
class Reviewed:
    findings: tuple[Finding, ...]
    recommendations: tuple[Recommendation, ...]
    warnings: tuple[str, ...]


def review(
    label: str,
    main: MainText,
    metadata: Metadata,
    findings: tuple[Finding, ...],
    recommendations: tuple[Recommendation, ...],
) -> Reviewed:
    """The findings, recommendations and warnings the Report should carry."""
    warnings = list(main.warnings)
    misnamed = misnamed_warning(label, main.kind)
    if misnamed:
        warnings.append(misnamed)
    phrase = error_page_phrase(metadata.title or main.title, main.text) if main.kind != "pdf" else None
    if phrase is not None:
        warnings.append(
            f"{label}: looks like a saved error page (\"{phrase}\"), not a report; no findings are reported from it"
        )
        return Reviewed((), (), tuple(warnings))
    if main.ocr_unreliable and (findings or recommendations):
        kept = tuple(f for f in findings if not garbled(f.evidence.text))
        kept_recommendations = tuple(r for r in recommendations if not garbled(r.evidence.text))
        dropped = len(findings) - len(kept)
        dropped_recommendations = len(recommendations) - len(kept_recommendations)
        if dropped or dropped_recommendations:
            also = f" and {dropped_recommendations} of {len(recommendations)} recommendations" \
                if dropped_recommendations else ""
            warnings.append(
                f"{label}: {dropped} of {len(findings)} findings{also} came from sentences the OCR garbled and "
                "were dropped; the rest read clean but may still hold OCR errors"
            )
        return Reviewed(kept, kept_recommendations, tuple(warnings))
    return Reviewed(findings, recommendations, tuple(warnings))


def misnamed_warning(label: str, kind: str) -> str | None:
    """A warning when the file's name says PDF and the content is not one, or the other way round."""
    if label.startswith("<"):  # bytes or text given directly: no name
        return None
    expected = _EXPECTED_KIND.get(PurePath(label).suffix.lower())
    if expected is None or expected == kind or "pdf" not in (expected, kind):
        return None
    return f"{label}: named {PurePath(label).suffix} but the content is {kind.upper()}; read as {kind}"


@lru_cache(maxsize=1)
def _error_patterns() -> tuple[re.Pattern[str], ...]:
    rows = load_rows("error_pages.jsonl")
    for row in rows:
        require_keys(row, "error_pages.jsonl", {"pattern"}, {"pattern", "why"})
    return tuple(re.compile(row["pattern"], re.IGNORECASE) for row in rows)


def error_page_phrase(title: str | None, text: str) -> str | None:
    """The error phrase that makes this page a saved error page, or None: the page's title, or the first
    paragraph of a short page, is a few words and says it (a report about errors is longer than that)."""
    first = text[:_OPENING_CHARS].split("\n\n", 1)[0] if len(text) <= _SHORT_PAGE_CHARS else None
    for line in (title, first):
        if not line or len(line.split()) > _SHORT_TITLE_WORDS:
            continue
        for pattern in _error_patterns():
            match = pattern.search(line)
            if match:
                return match.group(0).strip()
    return None


# --- sentences garbled by OCR ---------------------------------------------------------------------

_OCR_MARKS = re.compile(
    r"[~\\|¿¡ß¥£^{}<>`À-ÖØ-öø-ÿ]"  # characters English OCR output invents
    r"|\b\w*[a-z][A-Z]\w*\b"  # a case flip inside a word: "inSpector"
    r"|[a-z][01][a-z]|\b[il]\d|\d[il]\b|\d[il]\d"  # letters and digits mixed up: "1eveis", "i985", "3i2"
    r"|\d, \d{3}\b"  # a number split by a stray space: "83, 000"
    r"|(?<![\w'’.(/-])[b-hj-z](?![\w'’.)/-])"  # a stray lower-case letter: "o i 191", ";j o P"
)
_CHECKED_WORD = re.compile(r"(?<![\w'’-])(?:[a-z]{3,}|[A-Z][a-z]{2,}|[A-Z]{6,})(?![\w'’-])")
_CLUTTER_SHARE = 0.35  # at most this share of a sentence's visible characters may be punctuation


_LOWER_KEY = re.compile(rb'"([a-z]{3,})":')


@lru_cache(maxsize=1)
def _english_words() -> Container[str]:
    """The lower-case words of three or more letters in spaCy's ``lexeme_prob`` table (spacy-lookups-data;
    322,000 of its million word forms): read straight from the compressed JSON with a pattern, ~25 MB
    kept (``load_lookups`` keeps the whole table: 370 MB). Empty when the package is missing, and then no
    word is judged."""
    import gzip
    from importlib import resources

    try:
        packed = (resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    return frozenset(word.decode("ascii") for word in _LOWER_KEY.findall(gzip.decompress(packed)))


def garbled(sentence: str) -> bool:
    """Does this sentence read like bad OCR (see the module docstring)?"""
    visible = [c for c in sentence if not c.isspace()]
    if not visible:
        return False
    if sum(1 for c in visible if not c.isalnum() and c not in "$%") > _CLUTTER_SHARE * len(visible):
        return True
    if _OCR_MARKS.search(sentence):
        return True
    words = _english_words()
    return bool(words) and any(w.lower() not in words for w in _CHECKED_WORD.findall(sentence))
