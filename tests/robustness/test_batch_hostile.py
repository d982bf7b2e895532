"""A batch of hostile documents with good ones among them: every bad one is one Failure (or a Report with a
warning), workers that die are replaced, and every good document is still read."""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path

import hostile
from crashers import dying_extract

from conftest import SEED, SHARED
from oigextract import Failure, Limits, Report, WorkerCrashedError
from oigextract.batch import CRASH_ERROR, TIMEOUT_ERROR
from oigextract.batch.local import run_local
from oigextract.batch.sources import Planner
from oigextract.batch.work import WorkOptions


def test_hostile_batch_loses_no_good_document(tmp_path: Path) -> None:
    good = [SEED / "dhs-separations-report.pdf", SEED / "week-dhs-separated-families.html",
            SEED / "week-dhs-separated-families.txt"]
    bad = {
        "empty.txt": b"",
        "random.pdf": random.Random(3).randbytes(5000),
        "truncated.pdf": (SEED / "dhs-separations-report.pdf").read_bytes()[:400],
        "scan.pdf": hostile.image_only_pdf(2),
        "bomb.pdf": hostile.bomb_pdf(300),
        "deep.html": hostile.nested_html(5000).encode(),
        "segfault.txt": b"SEGFAULT in the parser\n\n" + hostile.SENTENCE.encode(),
        "oom-killed.txt": b"OOMKILL by the kernel\n\n" + hostile.SENTENCE.encode(),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    paths = [*good[:2], *(tmp_path / name for name in bad), good[2]]
    html_404 = SHARED / "corpus" / "bad" / "gao-08-1075t-is-really-an-html-404.pdf"
    if html_404.exists():
        paths.append(html_404)
    options = WorkOptions(limits=Limits(seconds=60.0), extractor=dying_extract)
    outcomes = list(run_local(Planner().tasks(paths), options, workers=2))
    results = {Path(o.to_result().source).name: o.to_result() for o in outcomes}
    assert len(results) == len(paths)
    for path in good:
        assert isinstance(results[path.name], Report), results[path.name]
    errors = {name: r.error for name, r in results.items() if isinstance(r, Failure)}
    assert errors == {
        "empty.txt": "EmptyDocumentError", "random.pdf": "UnsupportedDocumentError",
        "truncated.pdf": "CorruptDocumentError", "scan.pdf": "NoTextLayerError",
        "bomb.pdf": "DocumentTooLargeError",
        "segfault.txt": CRASH_ERROR, "oom-killed.txt": CRASH_ERROR,
    }
    assert CRASH_ERROR == WorkerCrashedError.__name__ and TIMEOUT_ERROR == "DocumentTimeoutError"
    assert "SIGSEGV" in results["segfault.txt"].message  # type: ignore[union-attr]
    assert "SIGKILL" in results["oom-killed.txt"].message  # type: ignore[union-attr]
    deep = results["deep.html"]
    assert isinstance(deep, Report) and any("nests elements" in w for w in deep.warnings)
    if html_404.exists():
        page = results[html_404.name]
        assert isinstance(page, Report) and page.findings == () and page.warnings
    assert not [p for p in multiprocessing.active_children() if p.name == "oigextract-worker"]
