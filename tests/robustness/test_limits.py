"""Limits inside one ``extract`` call: seconds (deadline and SIGALRM), characters, compressed PDF streams,
and the peak memory of decompression bombs measured in a child process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import hostile
import pytest

from conftest import ROOT, SEED, SHARED
from oigextract import DocumentTimeoutError, DocumentTooLargeError, Limits, OigExtractError, extract
from oigextract.deadline import Deadline, alarm
from oigextract.sources.guards import STREAM_BYTES_PER_CHAR, check_html_size, check_streams, visible_chars

SEED_TEXT = SEED / "week-dhs-separated-families.txt"
SEED_PDF = SEED / "dhs-separations-report.pdf"


# --- seconds --------------------------------------------------------------------------------------


@pytest.fixture
def slow_assembly(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Make the assembly stage spin in Python for up to 30 s (it records when it started)."""
    from oigextract import api

    started: list[float] = []
    real = api.assemble

    def spin(doc, main):  # type: ignore[no-untyped-def]
        started.append(time.monotonic())
        while time.monotonic() - started[0] < 30:
            time.sleep(0.01)
        return real(doc, main)

    monkeypatch.setattr(api, "assemble", spin)
    yield started


def test_seconds_interrupt_a_stage_in_the_main_thread(slow_assembly: list[float]) -> None:
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(DocumentTimeoutError) as error:
        extract(SEED_TEXT, limits=Limits(seconds=1.0))
    assert time.monotonic() - started < 20  # the alarm, not the 30 s spin, ended it
    assert isinstance(error.value, DocumentTooLargeError)  # existing catch sites still work
    assert error.value.source == str(SEED_TEXT) and "Limits.seconds" in str(error.value)
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_seconds_in_another_thread_are_checked_between_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    """No alarm outside the main thread: the stage runs to its end, then the deadline check raises."""
    from oigextract import api

    extract(SEED_TEXT)  # warm: the first call loads the pipeline and dateparser
    real = api.assemble

    def slow(doc, main):  # type: ignore[no-untyped-def]
        time.sleep(1.5)
        return real(doc, main)

    monkeypatch.setattr(api, "assemble", slow)
    monkeypatch.setattr(api, "read_recommendations", lambda doc, main: (_ for _ in ()).throw(
        AssertionError("the deadline should have stopped extraction before the recommendations")))
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(extract(SEED_TEXT, limits=Limits(seconds=0.5)))
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            outcome.append(exc)

    handler = signal.getsignal(signal.SIGALRM)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert signal.getsignal(signal.SIGALRM) == handler
    [result] = outcome
    assert isinstance(result, DocumentTimeoutError), result


def test_limits_seconds_zero_times_out_at_once() -> None:
    with pytest.raises(DocumentTimeoutError):
        extract(SEED_TEXT, limits=Limits(seconds=0))


def test_seconds_none_sets_no_alarm(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(signal, "setitimer", lambda *args: calls.append(args))
    assert extract(SEED_TEXT, limits=Limits(seconds=None)).findings
    assert calls == []


def test_the_callers_alarm_is_given_back() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 500.0)
        extract(SEED_TEXT, limits=Limits(seconds=100.0))
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 400.0 < left <= 500.0
        assert fired == []
        handler = signal.getsignal(signal.SIGALRM)
        assert callable(handler) and handler is not None and getattr(handler, "__name__", "") == "<lambda>"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _CallersTimeout(Exception):
    pass


def test_the_callers_earlier_alarm_wins(slow_assembly: list[float]) -> None:
    def on_alarm(signum: int, frame: object) -> None:
        raise _CallersTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        with pytest.raises(_CallersTimeout):
            extract(SEED_TEXT, limits=Limits(seconds=60.0))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_alarm_outside_the_main_thread_is_a_no_op() -> None:
    armed: list[tuple[float, float]] = []

    def run() -> None:
        with alarm(Deadline("x", 5.0)):
            armed.append(signal.getitimer(signal.ITIMER_REAL))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert armed == [(0.0, 0.0)]


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_pdf_pages_check_the_documents_deadline(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page loop checks the deadline of the whole call (not its own clock started at the loader)."""
    from oigextract.sources import pdf

    checks: list[str] = []
    real = Deadline.check

    def spy(self: Deadline, stage: str) -> None:
        checks.append(stage)
        real(self, stage)

    monkeypatch.setattr(Deadline, "check", spy)
    extract(SEED_PDF, backend=backend, limits=Limits(seconds=100.0))
    assert checks.count("reading the PDF's pages") == 2  # one per page
    assert "running the rules" in checks
    assert pdf  # imported for the side effect of loading the module under the spy


# --- compressed PDF streams ------------------------------------------------------------------------


def test_a_stream_over_the_byte_limit_is_refused_before_parsing() -> None:
    limits = Limits(max_chars=1000)  # byte limit 32,000
    data = hostile.pdf_document([hostile.flate_stream(iter([b" " * 40_000]))])
    with pytest.raises(DocumentTooLargeError, match="decompression bomb"):
        check_streams(data, "x.pdf", limits)
    check_streams(data, "x.pdf", Limits(max_chars=40_000 // STREAM_BYTES_PER_CHAR + 1))


def test_a_page_showing_more_than_max_chars_is_refused_before_parsing() -> None:
    data = hostile.pdf_document([hostile.flate_stream(iter([b"(" + b"A" * 5000 + b") Tj\n"] * 3))])
    with pytest.raises(DocumentTooLargeError, match="one page would show more than 10000"):
        check_streams(data, "x.pdf", Limits(max_chars=10_000))
    check_streams(data, "x.pdf", Limits(max_chars=16_000))


def test_paths_without_text_are_not_counted_as_characters() -> None:
    """A large vector drawing (no strings) is over max_chars in bytes but shows no characters."""
    drawing = b"".join(b"%d %d m %d %d l S\n" % (i, i, i + 5, i + 7) for i in range(3000))
    data = hostile.pdf_document([hostile.flate_stream(iter([drawing]))])
    assert 5_000 < len(drawing) < 5_000 * STREAM_BYTES_PER_CHAR
    check_streams(data, "x.pdf", Limits(max_chars=5_000))


def test_forms_drawn_many_times_count_each_time() -> None:
    """A form XObject with 1,000 characters drawn 50 times: 50,000 characters from a tiny page."""
    form = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Length %d /Filter /FlateDecode >>\nstream\n"
            % len(zlib.compress(b"BT (" + b"A" * 1000 + b") Tj ET")))
    form += zlib.compress(b"BT (" + b"A" * 1000 + b") Tj ET") + b"\nendstream"
    page = hostile.flate_stream(iter([b"/Fm1 Do\n" * 50]))
    data = hostile.pdf_document([page], extra_objects=[form])
    with pytest.raises(DocumentTooLargeError, match="one page would show"):
        check_streams(data, "x.pdf", Limits(max_chars=20_000))
    check_streams(data, "x.pdf", Limits(max_chars=60_000))


def test_a_damaged_stream_is_left_to_the_parser() -> None:
    data = hostile.pdf_document([b"<< /Length 20 /Filter /FlateDecode >>\nstream\nnot zlib at all....\nendstream"])
    check_streams(data, "x.pdf", Limits())


def test_no_real_pdf_is_refused_by_the_stream_check() -> None:
    """Every PDF of the shared corpus (and the seed) passes; 105 PDFs, 27 MB measured in ~0.6 s."""
    paths = [SEED_PDF, *sorted(SHARED.glob("corpus/**/*.pdf"))]
    for path in paths:
        check_streams(path.read_bytes(), str(path), Limits())


# --- HTML size -------------------------------------------------------------------------------------


def test_visible_chars_skip_tags_scripts_styles_and_comments() -> None:
    page = "<html><script>var a = '<p>x</p>';</script><p>Hello   world</p><!-- c --> <style>p{}</style>ok"
    assert visible_chars(page) == len(" Hello world ok")


def test_visible_chars_are_linear_on_unclosed_scripts_and_tags() -> None:
    started = time.monotonic()
    assert visible_chars("<script>" * 500_000 + "x") == 0
    visible_chars("<p" * 2_000_000)
    assert time.monotonic() - started < 30


def test_small_pages_are_not_measured() -> None:
    check_html_size("<p>" + "x" * 50 + "</p>", "x.html", Limits(max_chars=100))
    with pytest.raises(DocumentTooLargeError):
        check_html_size("<p>" + "x" * 500 + "</p>", "x.html", Limits(max_chars=100))


# --- decompression bombs: peak memory in a child process --------------------------------------------

_BOMB_SCRIPT = """
import json, resource, sys, time
from oigextract import extract, OigExtractError
results = {}
for path in sys.argv[1:]:
    for backend in ("pdfium", "pdfplumber"):
        started = time.monotonic()
        try:
            extract(path, backend=backend)
            outcome = "report"
        except OigExtractError as error:
            outcome = type(error).__name__ + ": " + str(error)
        results[path.rsplit("/", 1)[-1] + " " + backend] = [outcome, round(time.monotonic() - started, 2)]
results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(results))
"""


@pytest.fixture(scope="session")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """400 MiB of spaces, 200 MiB of text-showing operators (~190 M characters), and 20 MiB of them (under
    the byte limit, over the character limit) behind FlateDecode; each under 1 MB on disk. Made once per
    session (~1.6 s)."""
    folder = tmp_path_factory.mktemp("bombs")
    made = []
    for name, data in (("spaces-400mb.pdf", hostile.bomb_pdf(400)), ("text-ops-200mb.pdf", hostile.text_ops_bomb_pdf(200)),
                       ("text-ops-20mb.pdf", hostile.text_ops_bomb_pdf(20))):
        path = folder / name
        path.write_bytes(data)
        made.append(path)
    return made


def test_decompression_bombs_are_refused_with_bounded_memory(bombs: list[Path]) -> None:
    """Before the stream check, the 400 MiB bomb peaked at 900 MB and the text-operator one was killed by
    the system at 24 GB (PDFium) or ran past 120 s at 12 GB (pdfplumber). The child process has a 60 s
    timeout as a hang detector and must stay under 1 GB."""
    done = subprocess.run([sys.executable, "-c", _BOMB_SCRIPT, *map(str, bombs)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, check=True)
    results = json.loads(done.stdout)
    print(results)
    peak = results.pop("peak_rss_mb")
    assert peak < 1024, f"peak RSS {peak} MB"
    for name, (outcome, seconds) in results.items():
        expected = "one page would show" if "20mb" in name else "compressed stream"
        assert outcome.startswith("DocumentTooLargeError") and expected in outcome, (name, outcome)
        assert seconds < 30, (name, seconds)


def test_a_bomb_under_the_limits_is_read() -> None:
    """A page whose content inflates to 8 MiB of spaces after one sentence: within the limits, read."""
    report = extract(hostile.bomb_pdf(8, kind="text"), limits=Limits(seconds=120.0))
    assert {c.value for f in report.findings for c in f.counts} >= {1204.0}


def test_every_limit_error_is_an_oigextract_error() -> None:
    assert issubclass(DocumentTimeoutError, DocumentTooLargeError)
    assert issubclass(DocumentTooLargeError, OigExtractError)
