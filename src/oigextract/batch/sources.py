"""From what the user typed (files, folders, globs, bytes) to the list of documents to do.

A document's identity is its content hash, not its name: a renamed or copied file is the same document,
done once per output. The hash is taken here, before any worker runs, so a resumed batch can skip what is
already written and a document that kills its worker is still recorded under its hash.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Union

from .work import Task

BatchSource = Union[str, "os.PathLike[str]", bytes]
# What a folder is searched for; files named one by one, or matched by a glob, are taken whatever their name.
DOCUMENT_SUFFIXES = (".pdf", ".html", ".htm", ".xhtml", ".txt", ".text")
_GLOB_CHARS = frozenset("*?[")


def _folder_documents(folder: Path) -> list[Path]:
    """Documents under ``folder`` (recursive), sorted; hidden files and folders are left out."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and name.lower().endswith(DOCUMENT_SUFFIXES):
                found.append(Path(root, name))
    return sorted(found)


def _expand_one(item: str | os.PathLike[str]) -> list[Path]:
    path = Path(item)
    if path.is_dir():
        return _folder_documents(path)
    if path.exists() or not _GLOB_CHARS.intersection(str(item)):
        return [path]  # a missing file is kept: it becomes a DocumentNotFoundError failure, not silence
    matches: list[Path] = []
    for match in sorted(glob.glob(str(item), recursive=True)):
        matches.extend(_folder_documents(Path(match)) if os.path.isdir(match) else [Path(match)])
    return matches


def iter_inputs(items: Iterable[BatchSource]) -> Iterator[Path | bytes]:
    """Each path, folder (recursive) or glob expanded to document paths, each at most once; bytes pass."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, bytes):
            yield item
            continue
        for path in _expand_one(item):
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                yield path


def expand_inputs(items: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The document paths of files, folders and globs, in a stable order."""
    return [path for path in iter_inputs(items) if isinstance(path, Path)]


def hash_file(path: Path) -> str | None:
    """SHA-256 of the file's bytes (what ``Report.content_hash`` holds), or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def record_key(content_hash: str | None, source: str) -> str:
    """How the ledger names a record: its content hash, or its source when it has none (unreadable)."""
    return content_hash if content_hash else f"source:{source}"


class Planner:
    """Turns inputs into Tasks, skipping documents already done (``skip`` keys) or already planned."""

    def __init__(self, skip: Collection[str] = ()) -> None:
        self.seen: set[str] = set(skip)
        self.skipped = 0
        self.planned = 0

    def tasks(self, items: Iterable[BatchSource]) -> Iterator[Task]:
        for item in iter_inputs(items):
            content_hash: str | None
            if isinstance(item, bytes):
                source: str | bytes = item
                label, content_hash = "<bytes>", hashlib.sha256(item).hexdigest()
            else:
                source = label = str(item)
                content_hash = hash_file(item)
            key = record_key(content_hash, label)
            if key in self.seen:
                self.skipped += 1
                continue
            self.seen.add(key)
            yield Task(self.planned, source, label, content_hash)
            self.planned += 1
