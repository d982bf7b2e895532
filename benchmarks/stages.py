"""Where extract()'s time goes: CPU seconds per stage over the same documents as benchmarks/speed.py.

Runs the stages of ``oigextract.extract`` one by one (read, metadata, tokenizer, each pipeline
component, assembly, recommendations, review) and adds up the CPU time of each, after one
warm-up document. Use it to find the next hot spot; ``speed.py`` gives the end-to-end figures.

Usage (from the project root)::

    .venv/bin/python benchmarks/stages.py pdf  [--backend pdfium|pdfplumber] [--corpus ../shared/corpus/archive]
    .venv/bin/python benchmarks/stages.py html [--html-count 500]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from speed import DEFAULT_CORPUS, html_files, pdf_files

T = TypeVar("T")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["pdf", "html"])
    parser.add_argument("--backend", default="pdfium", choices=["pdfium", "pdfplumber"])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--html-count", type=int, default=500)
    args = parser.parse_args(argv)

    from oigextract import extract, load_pipeline
    from oigextract.api import load_main_text
    from oigextract.assemble import assemble
    from oigextract.review import review
    from oigextract.structure.metadata import read_metadata
    from oigextract.structure.recommendations import read_recommendations
    from oigextract.types import Limits

    paths = pdf_files(args.corpus) if args.kind == "pdf" else html_files(args.corpus, args.html_count)
    datas = [path.read_bytes() for path in paths]
    nlp = load_pipeline()
    extract(datas[0], backend=args.backend)  # first use of the readers and parsers, outside the sums
    seconds: Counter[str] = Counter()

    def clock(stage: str, call: Callable[..., T], *call_args: Any) -> T:
        started = time.process_time()
        result = call(*call_args)
        seconds[stage] += time.process_time() - started
        return result

    started = time.process_time()
    for data in datas:
        clock("hash", hashlib.sha256, data)
        main_text = clock("read (loader)", load_main_text, data, "doc", None, args.backend, None, Limits())
        metadata = clock("metadata", read_metadata, main_text, data)
        doc = clock("tokenizer", nlp.make_doc, main_text.text)
        doc._.oig_doc_date = metadata.published
        for name, component in nlp.pipeline:
            doc = clock(name, component, doc)
        found = clock("assemble", assemble, doc, main_text)
        recommendations = clock("recommendations", read_recommendations, doc, main_text)
        clock("review", review, "doc", main_text, metadata, found.findings, recommendations)
    total = time.process_time() - started
    print(f"{len(datas)} {args.kind} documents, backend {args.backend}: CPU seconds by stage")
    for stage, value in seconds.most_common():
        print(f"  {stage:18s} {value:6.2f}  {100 * value / total:4.0f} %")
    print(f"  {'total':18s} {total:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
