"""oigextract: typed findings (agency, deficiency, dates, counts, caveats) from inspector-general
reports and the news about them, each tied to the sentence, page and characters it came from."""

from __future__ import annotations

import logging

from .api import extract
from .batch import extract_many
from .errors import (
    ConfigurationError, CorruptDocumentError, DocumentError, DocumentNotFoundError,
    DocumentTimeoutError, DocumentTooLargeError, EmptyDocumentError, EncryptedPDFError, NoTextLayerError,
    OigExtractError, UnsupportedDocumentError, WorkerCrashedError,
)
from .output.dataframe import to_dataframe
from .pipeline import load_pipeline
from .types import (
    Agency, Caveat, Count, DateMention, Deficiency, Evidence, Failure, Finding, Limits, Metadata,
    Page, Recommendation, Report,
)

__all__ = [
    "Agency", "Caveat", "ConfigurationError", "CorruptDocumentError", "Count", "DateMention",
    "Deficiency", "DocumentError", "DocumentNotFoundError", "DocumentTimeoutError", "DocumentTooLargeError",
    "EmptyDocumentError", "EncryptedPDFError", "Evidence", "Failure", "Finding", "Limits",
    "Metadata", "NoTextLayerError", "OigExtractError", "Page", "Recommendation", "Report",
    "UnsupportedDocumentError", "WorkerCrashedError", "extract", "extract_many", "load_pipeline", "to_dataframe",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
