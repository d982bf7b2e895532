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
    if not Span.has_extension("oig"):
        Span.set_extension("oig", default=None)  # the normalised value: Count, DateMention, ...
    if not Doc.has_extension("oig_aliases"):
        Doc.set_extension("oig_aliases", default=None)  # alias -> Agency learned in this document
    if not Doc.has_extension("oig_doc_date"):
        Doc.set_extension("oig_doc_date", default=None)  # the document's own date, for "last year"


register()
