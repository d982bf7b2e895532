"""Coverage-guided fuzzing of ``oigextract.extract`` with atheris (libFuzzer): byte mutations of real PDFs
and HTML pages.

    python fuzz/fuzz_extract.py seeds pdf WORK          # pick seed files from ../shared/corpus into WORK/seeds
    python fuzz/fuzz_extract.py run pdf WORK [libFuzzer options]
    python fuzz/fuzz_extract.py replay FILE...          # run the target once per file, outside libFuzzer

Seeds are read at run time from the shared corpus beside the project (``../shared/corpus``) and copied to
the work folder, never into the project; without the shared corpus the project's own fixtures are used.
What counts as a crash: any exception other than ``OigExtractError``, a broken invariant of the returned
report (evidence offsets, finite counts, ordered dates, JSON round trip), a hang past libFuzzer's
``-timeout`` (C code that never returns), or memory past ``-rss_limit_mb``. A ``DocumentTimeoutError``
(Python code past ``Limits.seconds``) is not a crash; the input is saved to ``WORK/slow/`` to be looked at.
See fuzz/README.md and docs/robustness.md for the runs and their results.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SECONDS = float(os.environ.get("OIGX_FUZZ_SECONDS", "20"))  # Limits.seconds inside the target
BACKENDS = ("pdfium", "pdfplumber")


def choose_seeds(kind: str, folder: Path) -> int:
    """Copy up to 24 small real documents of ``kind`` (plus the bad ones) into ``folder``; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    suffixes = (".pdf",) if kind == "pdf" else (".html", ".htm")
    if SHARED.is_dir():
        found = [p for p in SHARED.rglob("*") if p.suffix.lower() in suffixes and p.stat().st_size < 120_000]
        found.sort(key=lambda p: hashlib.sha256(p.name.encode()).hexdigest())  # a fixed, mixed sample
        chosen = found[:22] + sorted((SHARED / "bad").glob("*.pdf"))[:1]  # the HTML 404 named .pdf
    else:
        chosen = []
    chosen += [p for p in (ROOT / "fixtures" / "seed").iterdir() if p.suffix.lower() in suffixes]
    for path in chosen:
        shutil.copyfile(path, folder / path.name)
    return len(chosen)


def _check(report: object) -> None:
    """The invariants every report keeps; a failure is a crash the fuzzer reports."""
    from oigextract import Report

    assert isinstance(report, Report)
    for finding in report.findings:
        evidence = finding.evidence
        assert report.text[evidence.start:evidence.end] == evidence.text, "evidence offsets"
        for count in finding.counts:
            assert math.isfinite(count.value), f"count value {count.value!r}"
        for mention in finding.dates:
            assert mention.start <= mention.end, f"date {mention!r}"
    assert Report.from_dict(json.loads(json.dumps(report.to_dict()))) == report, "JSON round trip"


def make_target(work: Path):  # type: ignore[no-untyped-def]
    from oigextract import DocumentTimeoutError, Limits, OigExtractError, extract

    limits = Limits(seconds=SECONDS)
    slow = work / "slow"

    def target(data: bytes) -> None:
        backends = BACKENDS if b"%PDF-" in data[:1024] else BACKENDS[:1]
        for backend in backends:
            try:
                report = extract(data, backend=backend, limits=limits)
            except DocumentTimeoutError:
                slow.mkdir(parents=True, exist_ok=True)
                (slow / hashlib.sha1(data).hexdigest()).write_bytes(data)
                continue
            except OigExtractError:
                continue
            _check(report)

    return target


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[1] == "seeds":
        print(choose_seeds(argv[2], Path(argv[3]) / "seeds"), "seed files")
        return 0
    if len(argv) >= 3 and argv[1] == "replay":
        target = make_target(Path(os.environ.get("TMPDIR", "/tmp")) / "oigx-replay")
        for name in argv[2:]:
            target(Path(name).read_bytes())
            print("ok", name)
        return 0
    if len(argv) >= 4 and argv[1] == "run":
        import atheris

        kind, work = argv[2], Path(argv[3])
        with atheris.instrument_imports(include=["oigextract"]):
            from oigextract import load_pipeline

            target = make_target(work)
        load_pipeline()
        (work / "corpus").mkdir(parents=True, exist_ok=True)
        (work / "artifacts").mkdir(parents=True, exist_ok=True)
        options = [f"-artifact_prefix={work / 'artifacts'}/", *argv[4:], str(work / "corpus"), str(work / "seeds")]
        atheris.Setup([argv[0], *options], target)
        print(f"fuzzing {kind}: {' '.join(options)}", flush=True)
        atheris.Fuzz()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
