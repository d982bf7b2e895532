"""Batch throughput on a whole archive: documents/s, pages/s, peak memory per worker, failures by type.

A script that prints figures (not a timed test). It runs the local engine over the archive once per
worker count, writing JSON Lines to a temporary folder as ``oigextract batch`` does, and checks that no
document crashed a worker or raised anything but a ``DocumentError``.

    .venv/bin/python benchmarks/batch.py [ARCHIVE] [--workers 1 2] [--limit N] [--backend pdfium]

ARCHIVE defaults to ../shared/corpus/archive (its three hhs-oig-* folders).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from oigextract import errors
from oigextract.batch import CRASH_ERROR, TIMEOUT_ERROR
from oigextract.batch.engine import run_tasks
from oigextract.batch.local import RECYCLE_AFTER
from oigextract.batch.progress import Tally
from oigextract.batch.sources import Planner, expand_inputs
from oigextract.batch.work import WorkOptions
from oigextract.batch.writers import open_output
from oigextract.types import Failure, Limits

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT_ERRORS = {cls.__name__ for cls in vars(errors).values()
                   if isinstance(cls, type) and issubclass(cls, errors.DocumentError)}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores{memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def run(paths: list[Path], workers: int, options: WorkOptions, recycle_after: int, out: Path) -> None:
    """One pass over the archive, written to ``out`` as the CLI would, with its figures printed."""
    planner = Planner()
    tasks = list(planner.tasks(paths))
    tally = Tally(total=len(tasks), skipped=planner.skipped)
    output = open_output(out, "jsonl", overwrite=True)
    kinds: Counter[str] = Counter()
    seconds_by_kind: dict[str, list[float]] = defaultdict(list)
    cpu_by_kind: dict[str, list[float]] = defaultdict(list)
    load_before, parent_cpu = os.getloadavg()[0], time.process_time()
    messages: dict[str, list[str]] = defaultdict(list)
    for outcome in run_tasks(tasks, options, workers=workers, recycle_after=recycle_after):
        result = outcome.to_result()
        output.write(result)
        tally.add(outcome, result)
        if isinstance(result, Failure):
            messages[result.error].append(result.message)
        else:
            kinds[result.kind] += 1
            seconds_by_kind[result.kind].append(outcome.seconds)
            cpu_by_kind[result.kind].append(outcome.cpu_seconds)
    output.finish()
    tally.finished = time.monotonic()
    parent_cpu = time.process_time() - parent_cpu
    docs_per_s, pages_per_s = tally.rates()
    peaks = sorted(tally.peak_rss.values())
    print(f"\n== {workers} worker{'s' if workers > 1 else ''} ==")
    print(f"documents      {tally.documents} distinct ({len(paths)} files, {planner.skipped} duplicates by content)")
    print(f"wall time      {tally.seconds:.1f} s")
    print(f"throughput     {docs_per_s:.2f} documents/s, {pages_per_s:.2f} pages/s "
          f"({tally.pages} pages; an HTML or text document counts as one)")
    for kind, count in sorted(kinds.items()):
        times, cpu = seconds_by_kind[kind], cpu_by_kind[kind]
        print(f"  {kind:<5} {count:>5} reports, per document in a worker: median "
              f"{statistics.median(times) * 1000:.0f} ms (CPU {statistics.median(cpu) * 1000:.0f} ms), "
              f"max {max(times):.1f} s")
    worker_cpu = sum(sum(c) for c in cpu_by_kind.values())
    print(f"CPU            {worker_cpu:.0f} s in workers, {parent_cpu:.0f} s in the parent; "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (other work on the machine)")
    if peaks:
        print(f"peak memory    {peaks[-1] / 2**20:.0f} MiB max, {statistics.median(peaks) / 2**20:.0f} MiB median "
              f"per worker process ({len(peaks)} processes, recycled every {recycle_after} documents)")
    failed = sum(tally.failures.values())
    print(f"failures       {failed}" + (":" if failed else ""))
    for error, count in tally.failures.most_common():
        print(f"  {count:>4} {error}   e.g. {messages[error][0]}")
    crashes = tally.failures[CRASH_ERROR]
    unexpected = sorted(set(tally.failures) - DOCUMENT_ERRORS - {CRASH_ERROR, TIMEOUT_ERROR})
    print(f"crashes        {crashes} worker crashes; unexpected exceptions: {', '.join(unexpected) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archive", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "archive")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None, help="only the first N files (a quick look)")
    parser.add_argument("--backend", default="pdfium")
    parser.add_argument("--recycle-after", type=int, default=RECYCLE_AFTER)
    args = parser.parse_args()
    folders = sorted(p for p in args.archive.glob("hhs-oig-*") if p.is_dir()) or [args.archive]
    paths = expand_inputs(folders)[: args.limit]
    by_suffix = Counter(p.suffix.lower() for p in paths)
    print(f"archive        {args.archive}: {len(paths)} files ({', '.join(f'{n} {s}' for s, n in by_suffix.items())})")
    print(f"machine        {machine()}")
    options = WorkOptions(backend=args.backend, limits=Limits())
    # Start the forkserver (it builds the pipeline once, ~3 s) outside the timed runs.
    list(run_tasks(Planner().tasks(paths[:1]), options, workers=1))
    with tempfile.TemporaryDirectory() as folder:
        for workers in args.workers:
            run(paths, workers, options, args.recycle_after, Path(folder) / f"batch-{workers}.jsonl")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
