"""The counted noun in singular form: spaCy's lookup lemmatizer first, inflect where it has no entry."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _inflect_engine():  # type: ignore[no-untyped-def]
    import inflect

    return inflect.engine()


@lru_cache(maxsize=8192)
def singular(word: str, lemma: str | None = None) -> str:
    """"children" -> "child", "reunifications" -> "reunification", "States" -> "state"."""
    lower = word.lower()
    if lemma and lemma.lower() != lower and lower.endswith("s"):
        return lemma.lower()
    plural_of = singular_of_plural(lower)
    return plural_of or lower


@lru_cache(maxsize=8192)
def singular_of_plural(word: str) -> str | None:
    """The singular of a plural noun ("people" -> "person"), None when the word is not plural."""
    lower = word.lower()
    if not lower.isalpha() or len(lower) < 3 or lower.endswith(("ss", "us", "is")):
        return None
    result = _inflect_engine().singular_noun(lower)
    return result if isinstance(result, str) and result and result != lower else None
