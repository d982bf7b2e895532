"""Safety on hostile input: no network during extraction, no XML external entities, no temporary files left.

The network is blocked by making every internet socket's ``connect`` (and name lookups) raise; every
extraction path then runs: text, HTML, PDF with both backends, the highlighted view, and an evaluation.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import hostile
import pytest

from conftest import SEED
from oigextract import Limits, OigExtractError, Report, extract
from oigextract.evaluation import evaluate, find_gold_documents
from oigextract.output.show import render_html

SEED_TEXT = SEED / "week-dhs-separated-families.txt"
SEED_HTML = SEED / "week-dhs-separated-families.html"
SEED_PDF = SEED / "dhs-separations-report.pdf"
GUARD = Limits(seconds=120.0)


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Internet sockets cannot connect and names cannot be looked up; attempts are recorded and raise.
    Unix sockets (multiprocessing) still work."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(real):  # type: ignore[no-untyped-def]
        def connect(self: socket.socket, address: object) -> object:
            if self.family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(address)
                raise NetworkUsed(f"network connection attempted to {address!r}")
            return real(self, address)
        return connect

    def refuse(*args: object, **kwargs: object) -> object:
        attempts.append(args)
        raise NetworkUsed(f"network lookup attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    yield attempts
    assert attempts == [], attempts


@pytest.fixture
def listener() -> Iterator[tuple[int, list[object]]]:
    """A TCP port on 127.0.0.1 that records every connection made to it: catches C code (libxml2, PDFium)
    that would open a socket without going through Python's ``socket`` module."""
    import threading

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[object] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except OSError:
                continue
            hits.append(address)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(2)
    server.close()


def test_the_block_works(no_network: list[object]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80))
    no_network.clear()


def _gold_dir(tmp_path: Path) -> Path:
    shutil.copyfile(SEED_HTML, tmp_path / SEED_HTML.name)
    gold = {
        "file": SEED_HTML.name, "source": {"repo": None, "path": "seed", "commit": None}, "kind": "html",
        "pages": None, "metadata": {}, "agencies": ["DHS"], "deficiencies": [],
        "counts": [{"text": "3,014 children", "value": 3014, "kind": "count", "unit": "child"}],
        "dates": [], "caveats": [], "recommendations": [], "notes": [],
    }
    (tmp_path / "week.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_no_network_on_any_extraction_path(no_network: list[object], tmp_path: Path) -> None:
    reports = [extract(SEED_TEXT, limits=GUARD), extract(SEED_HTML, limits=GUARD)]
    reports += [extract(SEED_PDF, backend=backend, limits=GUARD) for backend in ("pdfium", "pdfplumber")]
    for report in reports:
        assert report.findings
        assert "<html" in render_html(report).lower()
    evaluation = evaluate(find_gold_documents(_gold_dir(tmp_path)), lambda path: extract(path, limits=GUARD))
    assert evaluation.documents and not any(doc.error for doc in evaluation.documents)


def test_no_network_on_hostile_inputs(no_network: list[object], listener: tuple[int, list[object]]) -> None:
    """Pages that name remote resources (a DTD, images, scripts, stylesheets, frames, a base URL): nothing is
    fetched, not even by C code (the listening port sees no connection)."""
    port, hits = listener
    url = f"http://127.0.0.1:{port}"
    page = (
        f'<!DOCTYPE html SYSTEM "{url}/dtd"><html><head><base href="{url}/">'
        f'<link rel="stylesheet" href="{url}/s.css"><script src="{url}/x.js"></script>'
        f'<title>Remote things</title></head><body><article><p>{hostile.SENTENCE}</p>'
        f'<img src="{url}/i.png"><iframe src="{url}/f"></iframe></article></body></html>'
    )
    report = extract(page, limits=GUARD)
    assert 1204.0 in {c.value for f in report.findings for c in f.counts}
    for data in (hostile.nested_html(300).encode(), hostile.text_pdf([hostile.SENTENCE]), hostile.image_only_pdf(1)):
        try:
            extract(data, limits=GUARD)
        except OigExtractError:
            pass
    time.sleep(0.3)
    assert hits == []


# --- XML external entities ------------------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRETVALUE 987654 dollars were stolen.", encoding="utf-8")
    return path


@pytest.mark.parametrize("prolog", ["", '<?xml version="1.0" encoding="utf-8"?>\n'], ids=["html", "xhtml"])
def test_external_entities_are_not_resolved(
    secret: Path, prolog: str, no_network: list[object], listener: tuple[int, list[object]]
) -> None:
    port, hits = listener
    page = (
        f'{prolog}<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY remote SYSTEM '
        f'"http://127.0.0.1:{port}/x"><!ENTITY % pe SYSTEM "http://127.0.0.1:{port}/pe"> %pe;]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Entities</title></head><body><article>'
        f"<p>{hostile.SENTENCE} &xxe; &remote;</p></article></body></html>"
    )
    report = extract(page.encode("utf-8"), limits=GUARD)
    assert "TOPSECRETVALUE" not in report.text and "987654" not in json.dumps(report.to_dict())
    assert 1204.0 in {c.value for f in report.findings for c in f.counts}
    time.sleep(0.3)
    assert hits == []


def test_entity_expansion_is_bounded() -> None:
    """"Billion laughs": nested internal entities. Finishes quickly, without expanding them."""
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    page = (f'<?xml version="1.0"?><!DOCTYPE html [{entities}]><html><body><article>'
            f"<p>{hostile.SENTENCE} &l9;</p></article></body></html>")
    started = time.monotonic()
    try:
        report = extract(page, limits=GUARD)
        assert "lollol" not in report.text
    except OigExtractError:
        pass
    assert time.monotonic() - started < 30


# --- temporary files --------------------------------------------------------------------------------


def test_no_temporary_files_are_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With TMPDIR pointing at an empty folder and the working directory another one, every extraction
    path (including failures) leaves both empty."""
    temp = tmp_path / "tmp"
    work = tmp_path / "cwd"
    temp.mkdir()
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.chdir(work)
    sources: list[tuple[object, str]] = [(SEED_TEXT, "pdfium"), (SEED_HTML, "pdfium"), (SEED_PDF, "pdfium"),
                                         (SEED_PDF, "pdfplumber"), (hostile.image_only_pdf(1), "pdfplumber"),
                                         (hostile.bomb_pdf(200), "pdfium"), (SEED_PDF.read_bytes()[:500], "pdfplumber")]
    for source, backend in sources:
        try:
            report = extract(source, backend=backend, limits=GUARD)  # type: ignore[arg-type]
            render_html(report)
            assert isinstance(report, Report)
        except OigExtractError:
            pass
    assert os.listdir(temp) == [] and os.listdir(work) == []


def test_the_listener_sees_connections(listener: tuple[int, list[object]]) -> None:
    port, hits = listener
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
    deadline = time.monotonic() + 5
    while not hits and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hits
