"""Imported once by the local engine's forkserver, before any worker is forked from it.

Builds the rule pipeline and extracts two tiny documents so the parsers' lazy imports and caches
(dateparser, quantulum3, trafilatura) are loaded too: every worker then starts ready, sharing that
memory copy-on-write, instead of spending seconds on its first document.
"""

from __future__ import annotations

from ..api import extract
from ..pipeline import load_pipeline
from . import work  # noqa: F401 - the workers' code

_WARM_UP = "The agency paid 12 hospitals $3,400 in fiscal year 2015, an estimate we could not verify."

load_pipeline()
try:  # best effort: an error here must not stop the forkserver, the workers would meet it themselves
    extract(_WARM_UP)
    extract(f"<html><head><title>Warm-up</title></head><body><article><p>{_WARM_UP}</p></article></body></html>")
except Exception:  # noqa: BLE001, S110
    pass
