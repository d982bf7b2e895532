"""The ``oigextract`` command: extract, batch, show, evaluate."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .api import BACKENDS, DEFAULT_BACKEND, extract
from .batch.local import RECYCLE_AFTER
from .batch.run import BatchEngine, BatchFormat, run_batch
from .batch.work import WorkOptions
from .errors import OigExtractError
from .output.json import dumps, report_to_json_dict
from .output.table import render_table
from .types import Limits

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _fail(exc: OigExtractError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code=2)


@app.command("extract")
def extract_command(
    files: list[Path] = typer.Argument(..., help="PDF, HTML or text documents."),
    output_format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, json or jsonl."),
    backend: str = typer.Option(DEFAULT_BACKEND, help=f"PDF text backend: {', '.join(BACKENDS)}."),
    password: Optional[str] = typer.Option(None, help="Password of an encrypted PDF."),
    include_text: bool = typer.Option(False, "--include-text", help="Add the main text to JSON output."),
) -> None:
    """Print the findings of each document."""
    status = 0
    for path in files:
        try:
            report = extract(path, backend=backend, password=password)
        except OigExtractError as exc:
            typer.echo(f"error: {exc}", err=True)
            status = 2
            continue
        if output_format is OutputFormat.table:
            typer.echo(render_table(report))
        elif output_format is OutputFormat.json:
            typer.echo(dumps(report, include_text=include_text))
        else:
            typer.echo(json.dumps(report_to_json_dict(report, include_text=include_text), ensure_ascii=False))
    raise typer.Exit(code=status)


@app.command("evaluate")
def evaluate_command(
    gold_dir: Path = typer.Argument(..., help="Folder with NAME.gold.json beside each document."),
    as_json: bool = typer.Option(False, "--json", help="Summary and per-document detail as JSON."),
    show_errors: bool = typer.Option(False, "--show-errors", help="List every missed and spurious item."),
    backend: str = typer.Option(DEFAULT_BACKEND, help=f"PDF text backend: {', '.join(BACKENDS)}."),
) -> None:
    """Precision, recall and F1 per field against hand-made gold annotations."""
    from . import evaluation

    try:
        pairs = evaluation.find_gold_documents(gold_dir)
        result = evaluation.evaluate(pairs, lambda path: extract(path, backend=backend))
    except OigExtractError as exc:
        _fail(exc)
        return
    if as_json:
        typer.echo(json.dumps(evaluation.to_json(result), indent=2, ensure_ascii=False))
        return
    typer.echo(evaluation.format_table(result))
    if show_errors:
        typer.echo(evaluation.format_errors(result))


@app.command("show")
def show_command(
    file: Path = typer.Argument(
        ..., help="A PDF, HTML or text document, or a report saved with extract --format json --include-text."
    ),
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="The page to write (default: FILE's name + .show.html here; - for stdout)."
    ),
    open_page: bool = typer.Option(False, "--open", help="Open the page in the default web browser."),
    backend: str = typer.Option(DEFAULT_BACKEND, help=f"PDF text backend: {', '.join(BACKENDS)}."),
    password: Optional[str] = typer.Option(None, help="Password of an encrypted PDF."),
) -> None:
    """Write one self-contained HTML page: the text with every finding highlighted (displaCy), a legend, the table."""
    import webbrowser

    from .output.show import read_report, render_html

    if open_page and out == Path("-"):
        typer.echo("error: --open needs a file to open: give --out PAGE.html or leave --out out", err=True)
        raise typer.Exit(code=2)
    try:
        report = read_report(file, backend=backend, password=password)
    except OigExtractError as exc:
        _fail(exc)
        return
    page = render_html(report)
    if out == Path("-"):
        typer.echo(page, nl=False)
        return
    target = out or Path(f"{file.stem}.show.html")
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: {target}: cannot write the page ({exc.strerror})", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"{len(report.findings)} findings; written to {target}", err=True)
    if open_page:
        webbrowser.open(target.resolve().as_uri())


@app.command("batch")
def batch_command(
    inputs: list[str] = typer.Argument(..., help="Files, folders (searched recursively) or glob patterns."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file; written as results arrive."),
    output_format: Optional[BatchFormat] = typer.Option(
        None, "--format", "-f", help="jsonl (default), parquet or csv; read from --out's suffix if not given."
    ),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Processes (default: one per core)."),
    resume: bool = typer.Option(False, "--resume", help="Continue a run: skip documents already in --out."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --out instead of refusing."),
    engine: BatchEngine = typer.Option(BatchEngine.local, "--engine", help="local (process pool) or dask."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask scheduler, tcp://HOST:PORT (default: start a LocalCluster)."
    ),
    backend: str = typer.Option(DEFAULT_BACKEND, help=f"PDF text backend: {', '.join(BACKENDS)}."),
    timeout: float = typer.Option(Limits().seconds or 0, "--timeout", min=0, help="Seconds per document (0: none)."),
    max_pages: int = typer.Option(Limits().max_pages, "--max-pages", min=1, help="Pages per PDF."),
    recycle_after: int = typer.Option(
        RECYCLE_AFTER, "--recycle-after", min=1, help="Documents per worker process before it is replaced."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (for logs): only the summary line."),
) -> None:
    """Extract an archive into one JSON Lines, CSV or Parquet file; a bad document is a failure record."""
    options = WorkOptions(backend=backend, limits=Limits(max_pages=max_pages, seconds=timeout or None))
    try:
        tally = run_batch(
            inputs, out, output_format=output_format.value if output_format else None, resume=resume,
            overwrite=overwrite, engine=engine.value, workers=workers, scheduler=scheduler, options=options,
            recycle_after=recycle_after, progress=not quiet,
        )
    except OigExtractError as exc:
        _fail(exc)
        return
    except KeyboardInterrupt:
        typer.echo(f"interrupted: what is in {out} is whole; run again with --resume to finish", err=True)
        raise typer.Exit(code=130) from None
    typer.echo(f"{tally.summary()}; written to {out}", err=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
