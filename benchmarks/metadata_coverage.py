#!/usr/bin/env python3
"""How often each metadata field is found on a real archive, and a fixed random sample to check by eye.

Runs ``extract`` on every document under the archive (default ``../shared/corpus/archive``: 4,519 HHS OIG
audit summary pages, 344 evaluation summary pages, 99 testimony PDFs), counts per collection how often
``title``, ``report_number``, ``published``, ``issuer`` and ``url`` are found, and draws a random sample
of documents (fixed seed) whose metadata is written beside the document's own header lines, so that a
reader can mark each field correct, incorrect or missing (docs/accuracy.md records the result).

    .venv/bin/python benchmarks/metadata_coverage.py [ARCHIVE] [--out DIR] [--sample 100] [--seed 2024] [--workers 2]

Writes (default DIR: ``out/metadata``, git-ignored) ``DIR/coverage.json`` (counts per collection and overall, errors) and ``DIR/sample.jsonl`` (and ``sample-SEED.jsonl`` for
further ``--seed`` values; one line per sampled document: source, metadata, the page's header lines or the PDF's cover, and the
first 600 characters of the main text). HTML pages take ~30 ms each, PDFs up to a few seconds; run it
in the background (``nohup ... &``) and read the progress line in the log.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

FIELDS = ("title", "report_number", "published", "issuer", "url")
DEFAULT_ARCHIVE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "archive"


def _one(path: str) -> dict[str, Any]:
    from oigextract import OigExtractError, extract
    from oigextract.structure.metadata import cover_paragraphs, read_html_header

    try:
        report = extract(path)
    except OigExtractError as error:
        return {"source": path, "error": f"{type(error).__name__}: {error}"}
    if report.kind == "html":
        from oigextract.sources.decode import decode_bytes

        header = read_html_header(decode_bytes(Path(path).read_bytes()))
        own_lines = [header.title or "", *header.lines[:8]]
    else:
        own_lines = cover_paragraphs(report.text)[:12]
    return {
        "source": path,
        "metadata": report.metadata.to_dict(),
        "header": own_lines,
        "head": report.text[:600],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--out", type=Path, default=Path("out/metadata"))
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, nargs="+", default=[2024], help="one sample per seed")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    files = sorted(str(p) for p in args.archive.glob("*/*") if p.suffix.lower() in {".html", ".htm", ".pdf", ".txt"})
    if not files:
        print(f"no documents under {args.archive}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[dict[str, str]] = []
    results: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for done, result in enumerate(pool.map(_one, files, chunksize=8), start=1):
            collection = Path(result["source"]).parent.name
            counts[collection]["documents"] += 1
            counts["all"]["documents"] += 1
            if "error" in result:
                errors.append({"source": result["source"], "error": result["error"]})
                continue
            results[result["source"]] = result
            for field in FIELDS:
                if result["metadata"][field]:
                    counts[collection][field] += 1
                    counts["all"][field] += 1
            if done % 250 == 0 or done == len(files):
                rate = done / (time.monotonic() - started)
                print(f"{done}/{len(files)} documents, {rate:.1f}/s", flush=True)

    summary = {
        "archive": str(args.archive),
        "documents": len(files),
        "seconds": round(time.monotonic() - started, 1),
        "coverage": {
            name: {"documents": c["documents"], **{f: {"found": c[f], "share": round(c[f] / c["documents"], 4)} for f in FIELDS}}
            for name, c in sorted(counts.items())
        },
        "errors": errors,
    }
    (args.out / "coverage.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")

    for seed in args.seed:
        sample = random.Random(seed).sample(files, min(args.sample, len(files)))
        name = "sample.jsonl" if seed == args.seed[0] else f"sample-{seed}.jsonl"
        with (args.out / name).open("w", encoding="utf-8") as handle:
            for source in sample:
                row = results.get(source, {"source": source, "error": "extraction failed"})
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    for name, row in summary["coverage"].items():
        shares = "  ".join(f"{f} {row[f]['found']}/{row['documents']} ({row[f]['share']:.1%})" for f in FIELDS)
        print(f"{name:32s} {shares}")
    print(f"errors: {len(errors)}; samples of {args.sample} (seeds {args.seed}) written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
