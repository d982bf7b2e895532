"""One exception tree for everything a caller can get wrong or meet in a bad file.

    OigExtractError                      base: catch this to catch them all
    ├── DocumentError                    a document that cannot be read (names the file)
    │   ├── DocumentNotFoundError        a path with no file behind it
    │   ├── UnsupportedDocumentError     not a PDF, HTML or text document (binary, unknown)
    │   ├── EmptyDocumentError           no bytes, or no text after extraction
    │   ├── EncryptedPDFError            PDF needs a password (or the one given is wrong)
    │   ├── NoTextLayerError             PDF pages are images only: OCR is needed
    │   ├── CorruptDocumentError         truncated or malformed file the parser rejected
    │   ├── WorkerCrashedError           a batch worker process died on it (segfault, OOM kill)
    │   └── DocumentTooLargeError        over a configured limit (bytes, pages, characters)
    │       └── DocumentTimeoutError     still running after Limits.seconds
    └── ConfigurationError               bad options or unreadable rule data

Every ``DocumentError`` carries ``source`` (the file name or a short label) and the message
starts with it, so a line in a batch log says which file failed and why.
"""

from __future__ import annotations


class OigExtractError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigurationError(OigExtractError, ValueError):
    """An option or a rule data file is invalid."""


class DocumentError(OigExtractError):
    """A document could not be read; ``source`` names it."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:
        # Keep the two-argument constructor when errors cross process boundaries (batch workers).
        return (type(self), (self.source, self.problem))


class UnsupportedDocumentError(DocumentError):
    """The bytes are not a PDF, HTML page or text."""


class EmptyDocumentError(DocumentError):
    """The document holds no bytes or no extractable text."""


class EncryptedPDFError(DocumentError):
    """The PDF is encrypted and no (or a wrong) password was given."""


class NoTextLayerError(DocumentError):
    """The PDF has no text layer (scanned pages): OCR is needed before extraction."""


class CorruptDocumentError(DocumentError):
    """The file is truncated or malformed and its parser rejected it."""


class DocumentTooLargeError(DocumentError):
    """The document exceeds a configured size, page or character limit."""


class DocumentTimeoutError(DocumentTooLargeError):
    """Extraction ran past ``Limits.seconds``; a ``DocumentTooLargeError`` too, since time is a limit
    like the others (code that catches that one keeps working)."""


class WorkerCrashedError(DocumentError):
    """A batch worker process died while reading the document (a parser crashed, the system killed
    it for memory). Batch runs record it as a ``Failure`` with this name; ``extract`` never raises it."""


class DocumentNotFoundError(DocumentError, FileNotFoundError):
    """A path was given but no file is there."""
