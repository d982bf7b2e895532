"""Every ``Doc._``/``Span._`` extension the components use, registered once at import time.

Registered on import (not lazily) so multiprocessing workers that unpickle a pipeline have them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_KEYS = {
    "refs": "oig_refs",
    "dates": "oig_dates",
    "counts": "oig_counts",
    "caveats": "oig_caveats",
    "deficiency_cues": "oig_deficiency_cues",
    "agencies": "oig_agencies",
}


def register() -> None:
    """Safe to call any number of times."""
    # One extension per kind: spaCy keys span values by character offsets only, so a count and an
    # agency over the same characters would otherwise overwrite each other.
    for name in ("oig_count", "oig_date", "oig_caveat", "oig_agency"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("oig_aliases"):
        Doc.set_extension("oig_aliases", default=None)  # alias -> Agency learned in this document
    if not Doc.has_extension("oig_doc_date"):
        Doc.set_extension("oig_doc_date", default=None)  # the document's own date, for "last year"


register()
