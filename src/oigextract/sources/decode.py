"""Bytes -> str for HTML and text: declared charset, then UTF-8, then cp1252 (what old .gov pages use)."""

from __future__ import annotations

import codecs
import re

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_bytes(data: bytes) -> str:
    """Decode without ever raising: BOM, declared charset, UTF-8, cp1252, latin-1 in that order."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = ["utf-8", "cp1252"]
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(name)
            # Pages that say iso-8859-1 are in practice cp1252 (browsers treat them so).
            candidates.insert(0, "cp1252" if name in {"iso-8859-1", "latin-1", "latin1"} else name)
        except LookupError:
            pass
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def strip_control(text: str) -> str:
    """Drop NUL and other control characters; keep tabs and newlines."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
