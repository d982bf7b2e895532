"""The local engine: results equal ``extract``'s, and bad documents, hangs, crashes and bugs each become
one ``Failure`` while the rest of the batch finishes."""

from __future__ import annotations

import multiprocessing
import sys
import time
import types
from pathlib import Path

import pytest
from batch_helpers import misbehaving_extract, write_documents

from conftest import SEED
from oigextract import ConfigurationError, Failure, Limits, Report, extract, extract_many
from oigextract.batch import CRASH_ERROR, TIMEOUT_ERROR, local
from oigextract.batch.local import run_local
from oigextract.batch.sources import Planner
from oigextract.batch.work import Outcome, WorkOptions


def _by_source(results: list[Report | Failure]) -> dict[str, Report | Failure]:
    sources = [r.source for r in results]
    assert len(sources) == len(set(sources)), "a document came back twice"
    return dict(zip(sources, results))


def _run(paths: list[Path], *, seconds: float | None = 30.0, **kwargs: object) -> list[Outcome]:
    options = WorkOptions(limits=Limits(seconds=seconds), extractor=misbehaving_extract)
    return list(run_local(Planner().tasks(paths), options, **kwargs))  # type: ignore[arg-type]


def _workers_alive() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "oigextract-worker"]


def test_results_equal_extract_one_by_one(tmp_path: Path) -> None:
    paths = [SEED / "dhs-separations-report.pdf", SEED / "week-dhs-separated-families.html",
             SEED / "week-dhs-separated-families.txt", *write_documents(tmp_path, 5)]
    results = _by_source(list(extract_many(paths, workers=2)))
    assert set(results) == {str(p) for p in paths}
    for path in paths:
        assert results[str(path)] == extract(path)
    assert not _workers_alive()


def test_folders_globs_and_bytes_are_sources(tmp_path: Path) -> None:
    write_documents(tmp_path / "a", 2)
    write_documents(tmp_path / "b", 2, sentences=3)
    data = (SEED / "week-dhs-separated-families.txt").read_bytes()
    results = list(extract_many([tmp_path / "a", str(tmp_path / "b" / "*.txt"), data], workers=1))
    assert len(results) == 5 and all(isinstance(r, Report) for r in results)
    assert {r.source for r in results} >= {"<bytes>", str(tmp_path / "a" / "doc-000.txt")}


def test_a_single_path_is_a_source_too() -> None:
    [report] = extract_many(SEED / "week-dhs-separated-families.txt")
    assert report == extract(SEED / "week-dhs-separated-families.txt")


def test_bad_documents_are_failures_and_the_rest_finish(tmp_path: Path) -> None:
    good = write_documents(tmp_path, 3)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    results = _by_source(list(extract_many([tmp_path, tmp_path / "missing.pdf"], workers=2)))
    assert all(isinstance(results[str(p)], Report) for p in good)
    errors = {Path(s).name: r.error for s, r in results.items() if isinstance(r, Failure)}
    assert errors == {
        "empty.txt": "EmptyDocumentError", "binary.pdf": "CorruptDocumentError",
        "image.txt": "UnsupportedDocumentError", "missing.pdf": "DocumentNotFoundError",
    }
    for failure in (r for r in results.values() if isinstance(r, Failure)):
        assert failure.message.startswith(failure.source + ": ")
        assert failure.content_hash is not None or failure.error == "DocumentNotFoundError"


def test_a_document_past_its_time_limit_is_a_failure_and_the_pool_goes_on(tmp_path: Path) -> None:
    paths = write_documents(tmp_path, 4)
    (tmp_path / "slow.txt").write_text("HANG here")
    started = time.monotonic()
    outcomes = _run([*paths, tmp_path / "slow.txt"], seconds=1.0, workers=2)
    assert time.monotonic() - started < 20
    results = _by_source([o.to_result() for o in outcomes])
    failure = results[str(tmp_path / "slow.txt")]
    assert isinstance(failure, Failure) and failure.error == TIMEOUT_ERROR
    assert "1 seconds" in failure.message and failure.content_hash
    assert all(isinstance(results[str(p)], Report) for p in paths)


def test_a_worker_stuck_in_c_code_is_killed_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "KILL_GRACE", 0.5)
    paths = write_documents(tmp_path, 3)
    (tmp_path / "stuck.txt").write_text("STUCK here")
    outcomes = _run([tmp_path / "stuck.txt", *paths], seconds=1.0, workers=1)
    results = _by_source([o.to_result() for o in outcomes])
    assert isinstance(failure := results[str(tmp_path / "stuck.txt")], Failure)
    assert failure.error == TIMEOUT_ERROR
    assert all(isinstance(results[str(p)], Report) for p in paths)
    assert len({o.worker for o in outcomes if o.worker}) == 1  # the stuck one never answered
    assert not _workers_alive()


def test_a_worker_that_dies_costs_only_its_document(tmp_path: Path) -> None:
    paths = write_documents(tmp_path, 6)
    (tmp_path / "crash.txt").write_text("CRASH here")
    (tmp_path / "crash-once.txt").write_text("CRASH-ONCE here")
    outcomes = _run([*paths[:3], tmp_path / "crash.txt", tmp_path / "crash-once.txt", *paths[3:]], workers=2)
    results = _by_source([o.to_result() for o in outcomes])
    assert len(results) == 8
    failure = results[str(tmp_path / "crash.txt")]
    assert isinstance(failure, Failure) and failure.error == CRASH_ERROR
    assert "SIGKILL" in failure.message and failure.content_hash
    assert isinstance(results[str(tmp_path / "crash-once.txt")], Report)  # retried once in a new worker
    assert all(isinstance(results[str(p)], Report) for p in paths)


def test_an_unexpected_exception_is_a_failure_naming_it(tmp_path: Path) -> None:
    (tmp_path / "bug.txt").write_text("BUG here")
    [outcome] = _run([tmp_path / "bug.txt"], workers=1)
    failure = outcome.to_result()
    assert isinstance(failure, Failure) and failure.error == "ValueError"
    assert failure.message == f"{tmp_path / 'bug.txt'}: unexpected ValueError while extracting: a bug in a rule"


def test_workers_are_recycled_after_n_documents(tmp_path: Path) -> None:
    outcomes = _run(write_documents(tmp_path, 7), workers=1, recycle_after=2)
    assert len(outcomes) == 7
    assert len({o.worker for o in outcomes}) == 4
    assert all(o.peak_rss > 0 and o.pages == 1 and o.seconds > 0 for o in outcomes)


def test_stopping_early_stops_the_workers(tmp_path: Path) -> None:
    results = extract_many(write_documents(tmp_path, 6), workers=2)
    next(results)
    assert _workers_alive()
    results.close()
    assert not _workers_alive()


@pytest.mark.parametrize("kwargs", [
    {"engine": "spark"}, {"workers": 0}, {"backend": "ocr"}, {"scheduler": "tcp://127.0.0.1:1"},
    {"recycle_after": 0},
])
def test_bad_options_fail_at_the_call(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        extract_many([SEED], **kwargs)  # type: ignore[arg-type]


def test_workers_that_cannot_start_stop_the_batch_with_a_hint(tmp_path: Path) -> None:
    """An extractor the workers cannot import (defined only in this process) kills each worker as it starts."""
    module = types.ModuleType("oigextract_only_in_the_parent")
    source = "def extractor(task, options):\n    raise AssertionError('never runs')\n"
    exec(source, module.__dict__)  # noqa: S102 - a function pickle can name but workers cannot import
    sys.modules[module.__name__] = module
    try:
        options = WorkOptions(extractor=module.extractor)
        with pytest.raises(ConfigurationError, match="die as they start .* __name__ == '__main__'"):
            list(run_local(Planner().tasks(write_documents(tmp_path, 2)), options, workers=1))
    finally:
        del sys.modules[module.__name__]
    assert not _workers_alive()
