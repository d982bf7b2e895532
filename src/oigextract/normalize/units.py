"""The counted noun in singular form, from spaCy's English lemma data (spacy-lookups-data).

The lookup lemmatizer's answer comes first; for a word it does not know ("reunifications"), spaCy's
own noun rules (``lemma_exc``, ``lemma_index``, ``lemma_rules``: exceptions, known nouns, suffix
rules) are applied as its rule lemmatizer would for a noun. These three tables load in some 20 ms;
the inflect package this replaced took 1.2 s to import in every process. Plurals the tables get
wrong ("people") are listed in data/irregular_plurals.jsonl.
"""

from __future__ import annotations

from functools import lru_cache

from ..data_files import load_rows, require_keys

_NOT_PLURAL_ENDINGS = ("ss", "us", "is")
_MIN_SINGULAR = 3  # a guessed singular shorter than this is a function word ("its" -> "it")


@lru_cache(maxsize=1)
def _noun_tables() -> tuple[dict[str, list[str]], frozenset[str], frozenset[str], tuple[tuple[str, str], ...]]:
    """(irregular plurals, known noun lemmas, known lemmas of any part of speech, noun suffix rules)."""
    from spacy.lookups import load_lookups

    lookups = load_lookups("en", ["lemma_exc", "lemma_index", "lemma_rules"])
    exceptions = dict(lookups.get_table("lemma_exc")["noun"])
    index = lookups.get_table("lemma_index")
    known = frozenset(index["noun"])
    words = frozenset(word for pos in ("noun", "verb", "adj", "adv") for word in index[pos])
    rules = tuple((old, new) for old, new in lookups.get_table("lemma_rules")["noun"])
    return exceptions, known, words, rules


@lru_cache(maxsize=1)
def _irregular_plurals() -> dict[str, str]:
    rows = load_rows("irregular_plurals.jsonl")
    for row in rows:
        require_keys(row, "irregular_plurals.jsonl", {"plural", "singular"}, {"plural", "singular"})
    return {row["plural"].lower(): row["singular"].lower() for row in rows}


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
    """The singular of a plural noun ("people" -> "person"), None when the word is not plural.

    A candidate that is a known noun wins ("boxes" -> "box", not "boxe"); a word that is itself a
    known noun with no known singular is not a plural ("news"); otherwise a candidate that is a known
    word of another kind ("certifies" -> "certify") wins over the first rule's ("reunification").
    """
    lower = word.lower()
    if not lower.isalpha() or len(lower) < 3 or lower.endswith(_NOT_PLURAL_ENDINGS):
        return None
    if lower in _irregular_plurals():
        form = _irregular_plurals()[lower]
        return form if form != lower else None  # "species": the same in both numbers
    exceptions, known, words, rules = _noun_tables()
    if lower in exceptions:
        form = exceptions[lower][0]
        return form if form != lower else None
    in_index: list[str] = []
    unknown: list[str] = []
    for old, new in rules:
        if lower.endswith(old) and len(lower) > len(old):
            form = lower[: len(lower) - len(old)] + new
            if form in known:
                in_index.append(form)
            else:
                unknown.append(form)
    in_index = [form for form in in_index if len(form) >= _MIN_SINGULAR]  # "its" -> "it" (IT), "was" -> "wa"
    if in_index:
        return in_index[0]
    if lower in known or lower in words or not unknown:
        return None  # "news", "always", "perhaps": a word of its own, not a plural
    form = next((form for form in unknown if form in words), unknown[0])
    return form if len(form) >= _MIN_SINGULAR else None  # "was", "its": not plurals of "wa", "it"
