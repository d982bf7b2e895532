"""The Dask engine on a LocalCluster bound to 127.0.0.1: the same records as the local engine, from
the API and the CLI; time limits hold inside Dask's worker threads; with no scheduler it starts its own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import misbehaving_extract, write_documents
from typer.testing import CliRunner

from conftest import SEED
from oigextract import Failure, Limits, Report, extract_many
from oigextract.batch import TIMEOUT_ERROR
from oigextract.batch.engine import run_tasks
from oigextract.batch.sources import Planner
from oigextract.batch.work import WorkOptions
from oigextract.cli import app

distributed = pytest.importorskip("distributed", reason="dask.distributed (the dask extra) is not installed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A small in-process cluster on loopback TCP: real scheduler and worker, no extra processes."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster:
        yield cluster.scheduler_address


def _inputs(tmp_path: Path) -> list[Path]:
    (tmp_path / "empty.txt").write_bytes(b"")
    return [SEED / "week-dhs-separated-families.html", SEED / "week-dhs-separated-families.txt",
            *write_documents(tmp_path / "docs", 4), tmp_path / "empty.txt"]


def _by_hash(results: Iterator[Report | Failure]) -> dict[str | None, dict[str, Any]]:
    records = [r.to_dict() for r in results]
    keys = [r["content_hash"] for r in records]
    assert len(keys) == len(set(keys))
    return dict(zip(keys, records))


def test_dask_results_equal_the_local_engine(tmp_path: Path, scheduler: str) -> None:
    inputs = _inputs(tmp_path)
    on_dask = _by_hash(extract_many(inputs, engine="dask", scheduler=scheduler))
    local = _by_hash(extract_many(inputs, workers=2))
    assert on_dask == local
    assert len(on_dask) == 7 and sum(1 for r in on_dask.values() if r.get("failure")) == 1


def test_cli_on_a_dask_scheduler_writes_what_the_local_engine_writes(tmp_path: Path, scheduler: str) -> None:
    write_documents(tmp_path / "in", 3)
    runner = CliRunner()
    for name, extra in (("dask.jsonl", ["--engine", "dask", "--scheduler", scheduler]), ("local.jsonl", [])):
        result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / name), "-q", *extra])
        assert result.exit_code == 0, result.stderr
    lines = {name: sorted((tmp_path / name).read_text().splitlines()) for name in ("dask.jsonl", "local.jsonl")}
    assert lines["dask.jsonl"] == lines["local.jsonl"] and len(lines["dask.jsonl"]) == 3
    assert all(json.loads(line)["content_hash"] for line in lines["dask.jsonl"])


def test_a_document_past_its_time_limit_in_a_dask_thread_is_a_failure(tmp_path: Path, scheduler: str) -> None:
    docs = write_documents(tmp_path, 2)
    (tmp_path / "slow.txt").write_text("HANG here")
    options = WorkOptions(limits=Limits(seconds=1.0), extractor=misbehaving_extract)
    tasks = Planner().tasks([*docs, tmp_path / "slow.txt"])
    results = {o.to_result().source: o.to_result() for o in run_tasks(tasks, options, engine="dask",
                                                                        scheduler=scheduler)}
    failure = results[str(tmp_path / "slow.txt")]
    assert isinstance(failure, Failure) and failure.error == TIMEOUT_ERROR
    assert all(isinstance(results[str(p)], Report) for p in docs)


def test_without_a_scheduler_dask_starts_a_local_cluster(tmp_path: Path) -> None:
    docs = write_documents(tmp_path, 2)
    results = list(extract_many(docs, engine="dask", workers=1))
    assert sorted(r.source for r in results) == sorted(map(str, docs))
    assert all(isinstance(r, Report) for r in results)
