"""The result types: frozen, slotted dataclasses with a stable JSON form.

Every value a researcher may filter on keeps its verbatim text beside the normalised value
(``Count.text`` beside ``Count.value``), and every finding keeps an ``Evidence`` whose offsets
point into ``Report.text`` so the sentence it came from can always be found again.

``to_dict``/``from_dict`` round-trip exactly; dates are ISO strings in the dict form. Keys named
in the JSON contract (README) are never renamed; new keys may be added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Mapping, cast

DocumentKind = Literal["pdf", "html", "text"]
Granularity = Literal["day", "month", "quarter", "year", "fiscal_year", "range"]
CountKind = Literal["count", "money", "percent"]
CaveatKind = Literal["estimate", "bound", "unverified", "possible", "data_limitation", "extrapolated"]
Response = Literal["concurred", "partially concurred", "did not concur"]

DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("pdf", "html", "text")
GRANULARITIES: tuple[Granularity, ...] = ("day", "month", "quarter", "year", "fiscal_year", "range")
COUNT_KINDS: tuple[CountKind, ...] = ("count", "money", "percent")
CAVEAT_KINDS: tuple[CaveatKind, ...] = (
    "estimate", "bound", "unverified", "possible", "data_limitation", "extrapolated",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_iso(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value is not None else None


def _opt_int(value: object) -> int | None:
    return int(cast(int, value)) if value is not None else None


@dataclass(frozen=True, slots=True)
class Page:
    """A physical PDF page (1-based ``number``) and the slice of ``Report.text`` it produced."""

    number: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Page:
        return cls(int(data["number"]), int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the document says about itself: title, report number, date of issue, issuer, URL."""

    title: str | None = None
    report_number: str | None = None
    published: date | None = None
    issuer: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "report_number": self.report_number,
            "published": _iso(self.published),
            "issuer": self.issuer,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Metadata:
        return cls(
            title=data.get("title"),
            report_number=data.get("report_number"),
            published=_from_iso(data.get("published")),
            issuer=data.get("issuer"),
            url=data.get("url"),
        )


@dataclass(frozen=True, slots=True)
class Agency:
    """A government body or audited organisation; ``name`` is canonical where the data knows it."""

    name: str
    acronym: str | None = None
    parent: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "acronym": self.acronym, "parent": self.parent}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Agency:
        return cls(data["name"], data.get("acronym"), data.get("parent"))


@dataclass(frozen=True, slots=True)
class Deficiency:
    """The clause that states what was wrong (``text``) and the cue that signalled it."""

    text: str
    cue: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "cue": self.cue, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Deficiency:
        return cls(data["text"], data["cue"], _opt_int(data.get("start")), _opt_int(data.get("end")))


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression and the whole period it covers (a month is its first to last day)."""

    text: str
    start: date
    end: date
    granularity: Granularity
    start_char: int | None = None
    end_char: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "granularity": self.granularity,
            "start_char": self.start_char,
            "end_char": self.end_char,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DateMention:
        return cls(
            data["text"],
            date.fromisoformat(data["start"]),
            date.fromisoformat(data["end"]),
            data["granularity"],
            _opt_int(data.get("start_char")),
            _opt_int(data.get("end_char")),
        )


@dataclass(frozen=True, slots=True)
class Count:
    """A reported quantity. ``unit``: singular counted noun, ``USD`` or ``percent``.

    ``qualifier`` is the kind of the caveat that limits this number (``estimate``, ``bound``,
    ``unverified`` ...), so filtering counts shows which ones are not firm facts.
    """

    text: str
    value: float
    kind: CountKind
    unit: str
    qualifier: str | None = None
    start_char: int | None = None
    end_char: int | None = None

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "text": self.text,
            "value": value,
            "kind": self.kind,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "start_char": self.start_char,
            "end_char": self.end_char,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Count:
        return cls(
            data["text"],
            float(data["value"]),
            data["kind"],
            data["unit"],
            data.get("qualifier"),
            _opt_int(data.get("start_char")),
            _opt_int(data.get("end_char")),
        )


@dataclass(frozen=True, slots=True)
class Caveat:
    """A hedge or limitation cue (``text`` verbatim) and what kind of doubt it expresses."""

    text: str
    kind: CaveatKind
    start_char: int | None = None
    end_char: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "start_char": self.start_char,
            "end_char": self.end_char,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Caveat:
        return cls(
            data["text"], data["kind"], _opt_int(data.get("start_char")), _opt_int(data.get("end_char"))
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a finding came from: ``report.text[start:end] == text`` always; 1-based PDF ``page``."""

    text: str
    page: int | None
    start: int
    end: int
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "section": self.section,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        return cls(
            data["text"], _opt_int(data.get("page")), int(data["start"]), int(data["end"]),
            data.get("section"),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One sentence of the main text that carries a deficiency, count, date or caveat."""

    agency: Agency | None
    deficiency: Deficiency | None
    dates: tuple[DateMention, ...]
    counts: tuple[Count, ...]
    caveats: tuple[Caveat, ...]
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency.to_dict() if self.agency else None,
            "deficiency": self.deficiency.to_dict() if self.deficiency else None,
            "dates": [d.to_dict() for d in self.dates],
            "counts": [c.to_dict() for c in self.counts],
            "caveats": [c.to_dict() for c in self.caveats],
            "evidence": self.evidence.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        return cls(
            agency=Agency.from_dict(data["agency"]) if data.get("agency") else None,
            deficiency=Deficiency.from_dict(data["deficiency"]) if data.get("deficiency") else None,
            dates=tuple(DateMention.from_dict(d) for d in data.get("dates", ())),
            counts=tuple(Count.from_dict(c) for c in data.get("counts", ())),
            caveats=tuple(Caveat.from_dict(c) for c in data.get("caveats", ())),
            evidence=Evidence.from_dict(data["evidence"]),
        )


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommendation of the report and the auditee's stated response, if any."""

    text: str
    number: int | None
    addressee: str | None
    response: Response | None
    evidence: Evidence
    counts: tuple[Count, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "number": self.number,
            "addressee": self.addressee,
            "response": self.response,
            "evidence": self.evidence.to_dict(),
            "counts": [c.to_dict() for c in self.counts],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        return cls(
            text=data["text"],
            number=_opt_int(data.get("number")),
            addressee=data.get("addressee"),
            response=data.get("response"),
            evidence=Evidence.from_dict(data["evidence"]),
            counts=tuple(Count.from_dict(c) for c in data.get("counts", ())),
        )


@dataclass(frozen=True, slots=True)
class Report:
    """Everything extracted from one document."""

    source: str
    kind: DocumentKind
    text: str
    metadata: Metadata
    findings: tuple[Finding, ...]
    pages: tuple[Page, ...] = ()
    warnings: tuple[str, ...] = ()
    agencies: tuple[Agency, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    content_hash: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "metadata": self.metadata.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "warnings": list(self.warnings),
            "agencies": [a.to_dict() for a in self.agencies],
            "recommendations": [r.to_dict() for r in self.recommendations],
            "pages": [p.to_dict() for p in self.pages],
            "text": self.text,
            "content_hash": self.content_hash,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        return cls(
            source=data["source"],
            kind=data["kind"],
            text=data.get("text", ""),
            metadata=Metadata.from_dict(data.get("metadata") or {}),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
            pages=tuple(Page.from_dict(p) for p in data.get("pages", ())),
            warnings=tuple(data.get("warnings", ())),
            agencies=tuple(Agency.from_dict(a) for a in data.get("agencies", ())),
            recommendations=tuple(Recommendation.from_dict(r) for r in data.get("recommendations", ())),
            content_hash=data.get("content_hash"),
        )

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset`` (None for HTML and text)."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None

    def _repr_html_(self) -> str:
        """The highlighted text and findings table, shown inline by Jupyter (``output.show``)."""
        from .output.show import render_html

        return render_html(self, page=False)


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be extracted in a batch: a result, not an exception."""

    source: str
    error: str
    message: str
    content_hash: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "failure": True,
            "source": self.source,
            "error": self.error,
            "message": self.message,
            "content_hash": self.content_hash,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Failure:
        return cls(data["source"], data["error"], data["message"], data.get("content_hash"))


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one document; exceeding one raises ``DocumentTooLargeError``."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    max_chars: int = 5_000_000
    seconds: float | None = 300.0
