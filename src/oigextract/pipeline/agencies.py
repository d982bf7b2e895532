"""Agency mentions: the agencies data file, acronyms the document defines, audited bodies.

Three sources, in order of trust: names, variants and acronyms in data/agencies.jsonl (canonical
name, acronym, parent); "Long Name (ACR)" definitions learned per document (Schwartz-Hearst), so
later "ACR" resolves even for a body the data lacks; and audited non-federal bodies found by the
token patterns of data/org_patterns.jsonl ("Merrimack Valley Hospital"). Generic references ("the
State agency", "the Department") are marked here and resolved by the assembly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data_files import load_rows, require_keys
from ..normalize.acronyms import find_long_form, is_short_form
from ..types import Agency
from .extensions import SPAN_KEYS
from .patterns import build_matcher, token_positions

_AGENCY_KEYS = {"name", "acronym", "parent", "kind", "variants", "note"}
# Kinds that write or receive reports but are never the audited agency of a finding.
NOT_AUDITED_KINDS = frozenset({"oig", "auditor", "congress"})
_HEADLINE_SHARE = 0.6
_LONG_FORM_STOP = {"the", "a", "an", "and", "of", "by", "at", "with", "to", "for", "from", "that", "its"}


@lru_cache(maxsize=1)
def agency_records() -> tuple[dict[str, Any], ...]:
    rows = load_rows("agencies.jsonl")
    for row in rows:
        require_keys(row, "agencies.jsonl", {"name"}, _AGENCY_KEYS)
    return rows


@lru_cache(maxsize=1)
def org_words() -> frozenset[str]:
    return frozenset(row["word"].lower() for row in load_rows("org_words.jsonl"))


@lru_cache(maxsize=1)
def agency_context() -> dict[str, tuple[str, ...]]:
    return {row["list"]: tuple(row["words"]) for row in load_rows("agency_context.jsonl")}


@lru_cache(maxsize=1)
def alias_rows() -> dict[str, str]:
    return {row["phrase"].lower(): row["refers_to"] for row in load_rows("agency_aliases.jsonl")}


def record_agency(row: dict[str, Any]) -> Agency:
    return Agency(row["name"], row.get("acronym"), row.get("parent"))


class AgencyFinder:
    """Marks agency mentions (``oig_agencies``); label AGENCY, AUTHOR (an OIG) or REF (generic)."""

    def __init__(self, nlp: Language) -> None:
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.by_key: dict[str, dict[str, Any]] = {}
        for index, row in enumerate(agency_records()):
            key = str(index)
            self.by_key[key] = row
            forms = [row["name"], *row.get("variants", [])]
            self.names.add(key, [nlp.make_doc(form) for form in forms])
            if row.get("acronym"):
                self.acronyms.add(key, [nlp.make_doc(row["acronym"])])
        self.by_acronym = {row["acronym"]: row for row in agency_records() if row.get("acronym")}
        self.refs = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase in alias_rows():
            self.refs.add(phrase, [nlp.make_doc(phrase)])
        self.orgs, self.org_rows = build_matcher(nlp.vocab, "org_patterns.jsonl")

    def __call__(self, doc: Doc) -> Doc:
        known: list[Span] = []
        for matcher in (self.names, self.acronyms):
            for match_id, start, end in matcher(doc):
                if matcher is self.acronyms and _compound_acronym(doc, start, end):
                    continue  # "HHS/ITIO" names a unit of HHS, not HHS
                row = self.by_key[doc.vocab.strings[match_id]]
                span = Span(doc, start, end, label="AUTHOR" if row.get("kind") in NOT_AUDITED_KINDS else "AGENCY")
                span._.oig_agency = record_agency(row)
                known.append(span)
        known = [span for span in filter_spans(known) if not _in_committee_name(span)]
        taken = {i for span in known for i in range(span.start, span.end)}
        orgs = []
        for match_id, start, end in self.orgs(doc):
            span = Span(doc, start, end, label="AGENCY")
            in_headlines = self.org_rows[match_id].get("kind") == "in_headlines"
            if taken.intersection(range(start, end)) or (_headline_style(span.sent) and not in_headlines):
                continue  # data names win; title-case headlines make every phrase look like a name
            if end < len(doc) and doc[end].is_title and not doc[end].is_sent_start:
                continue  # part of a longer name: "Social Services Block Grant"
            if _is_author(span.text):
                continue
            span._.oig_agency = Agency(_strip_article(span.text))
            orgs.append(span)
        spans = known + filter_spans(orgs)
        aliases = self._learn_definitions(doc, spans)
        spans = self._acronym_mentions(doc, spans, aliases)
        for match_id, start, end in self.refs(doc):
            spans.append(Span(doc, start, end, label="REF"))
        doc._.oig_aliases = aliases
        doc.spans[SPAN_KEYS["agencies"]] = sorted(filter_spans(spans), key=lambda s: s.start)
        return doc

    def _learn_definitions(self, doc: Doc, spans: list[Span]) -> dict[str, Agency]:
        """"Long Name (ACR)" and "Long Name (State agency)": alias -> Agency for this document."""
        aliases: dict[str, Agency] = {}
        long_forms: list[Span] = []
        ends = {span.end: span for span in spans}
        for index in token_positions(doc, ("(",)):
            if index + 2 >= len(doc):
                continue
            token = doc[index]
            close = next((t.i for t in doc[token.i + 1: token.i + 5] if t.text == ")"), None)
            if close is None:
                continue
            short = doc[token.i + 1: close].text
            if short.lower().startswith("the "):
                short = short[4:]
            before = ends.get(token.i)
            if before is not None and before._.oig_agency is not None and _alias_text(short):
                # "Ashtabula County Medical Center (the Medical Center)", "(State agency)"
                aliases[short.lower()] = before._.oig_agency
                continue
            if not is_short_form(short):
                continue
            if "/" in short:  # "HHS/ITIO": the part after the slash is spelled out
                agency = self._long_form_agency(doc, token.i, short.split("/")[-1])
                if agency is not None:
                    aliases[short] = Agency(agency.name, short, None)
                continue
            if short in self.by_acronym:
                continue
            if before is not None and before._.oig_agency is not None:
                agency = before._.oig_agency
                aliases[short] = Agency(agency.name, agency.acronym or short, agency.parent)
                before._.oig_agency = aliases[short]
                continue
            agency = self._long_form_agency(doc, token.i, short)
            if agency is not None and not _is_author(agency.name) and not _names_program(doc, close):
                aliases[short] = agency
                mention = _long_form_span(doc, token.i, agency.name)
                if mention is not None:
                    mention._.oig_agency = agency
                    long_forms.append(mention)
        spans.extend(long_forms)
        return aliases

    def _long_form_agency(self, doc: Doc, paren: int, short: str) -> Agency | None:
        window = doc[max(paren - min(len(short) + 5, 2 * len(short)), doc[paren].sent.start): paren]
        long_form = find_long_form(short, window.text)
        if long_form is None:
            return None
        words = long_form.split()
        while words and words[0].lower() in _LONG_FORM_STOP:
            words = words[1:]
        if not words or not all(w[:1].isupper() or w.lower() in _LONG_FORM_STOP or w == "&" for w in words):
            return None  # only capitalised names are bodies; "end-stage renal disease (ESRD)" is not
        if not any(w.lower() in org_words() for w in words):
            return None  # a capitalised term without an organisation word: a disease, a program, a law
        return Agency(" ".join(words), short, None)

    def _acronym_mentions(self, doc: Doc, spans: list[Span], aliases: dict[str, Agency]) -> list[Span]:
        found = []
        for span in spans:
            alias = aliases.get(_strip_article(span.text).lower())
            if alias is not None and span.label_ == "AGENCY":
                span._.oig_agency = alias  # "the Medical Center" is the hospital the text defined it as
            found.append(span)
        taken = {i for span in spans for i in range(span.start, span.end)}
        for index in token_positions(doc, aliases):
            token = doc[index]
            agency = aliases[token.text]
            if token.i in taken:
                continue
            if token.i > 0 and doc[token.i - 1].text == "(":
                continue  # the definition itself; the long form is the mention
            span = Span(doc, token.i, token.i + 1, label="AGENCY")
            span._.oig_agency = agency
            found.append(span)
        # a long form the document defines, mentioned without the acronym before or after
        return found


_ALIAS = re.compile(r"^[A-Za-z][A-Za-z .&'-]{2,40}$")


def _alias_text(short: str) -> bool:
    """"(the Medical Center)", "(State agency)", "(networks)": words, not an enumerator or an acronym."""
    return bool(_ALIAS.match(short)) and not is_short_form(short) and len(short.split()) <= 5


def _long_form_span(doc: Doc, paren: int, name: str) -> Span | None:
    """The tokens of a defined long form just before its "(ACR)", as a mention of the body."""
    end_char = doc[paren - 1].idx + len(doc[paren - 1]) if paren else 0
    span = doc.char_span(end_char - len(name), end_char, label="AGENCY")
    return span if span is not None and span.text == name else None


def _is_author(name: str) -> bool:
    """"Office of Inspector General (OIG)": the writer of the report, never its subject."""
    lower = name.lower()
    return any(phrase in lower for phrase in agency_context()["author"])


def _names_program(doc: Doc, close: int) -> bool:
    """"Increased Demand for Services (IDS) grant": the acronym names a program, not a body."""
    return close + 1 < len(doc) and doc[close + 1].lower_ in agency_context()["program_noun"]


_COMMITTEE_WINDOW = 12


def _in_committee_name(span: Span) -> bool:
    """"Subcommittee on Agriculture, Rural Development, Food and Drug Administration": a committee's name."""
    doc = span.doc
    start, floor = span.start, max(0, span.start - _COMMITTEE_WINDOW)
    while start > floor and not doc[start].is_sent_start:
        start -= 1  # back to the sentence start, at most the window (``span.sent`` walks the whole sentence)
    window = doc[start: span.start].text.lower()
    return any(opener in window for opener in agency_context()["committee"])


def _compound_acronym(doc: Doc, start: int, end: int) -> bool:
    return end + 1 < len(doc) and doc[end].text == "/" and doc[end + 1].is_upper


def _headline_style(sent: Span) -> bool:
    """Most words capitalised and no closing full stop: a title or heading, where capitals do not mark names."""
    if sent.text.rstrip().endswith((".", "?", "!")):
        return False
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 4 and sum(1 for t in words if t.is_title or t.is_upper) >= _HEADLINE_SHARE * len(words)


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


@Language.factory("oig_agencies")
def make_agency_finder(nlp: Language, name: str) -> AgencyFinder:
    return AgencyFinder(nlp)
