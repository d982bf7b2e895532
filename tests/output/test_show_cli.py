"""``oigextract show FILE [--out PAGE.html] [--open]``, driven through typer's CliRunner."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from show_dom import parse_view
from typer.testing import CliRunner

from conftest import SEED
from oigextract import extract
from oigextract.cli import app
from oigextract.output.show import render_html

SEED_HTML = SEED / "week-dhs-separated-families.html"
SEED_PDF = SEED / "dhs-separations-report.pdf"

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_show_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    code, stdout, stderr = _run("show", str(SEED_PDF), "--out", str(out))
    assert code == 0, stderr
    assert stdout == ""
    assert f"11 findings; written to {out}" in stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html == render_html(extract(SEED_PDF))


def test_show_writes_beside_the_current_folder_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, stderr = _run("show", str(SEED_HTML))
    assert code == 0, stderr
    page = tmp_path / "week-dhs-separated-families.show.html"
    assert page.is_file()
    assert len(parse_view(page.read_text(encoding="utf-8")).rows()) == len(extract(SEED_HTML).findings)


def test_show_prints_the_page_with_out_dash() -> None:
    code, stdout, _ = _run("show", str(SEED_HTML), "--out", "-")
    assert code == 0
    assert stdout == render_html(extract(SEED_HTML))


def test_show_reads_a_saved_report(tmp_path: Path) -> None:
    saved = tmp_path / "report.json"
    code, stdout, _ = _run("extract", str(SEED_PDF), "--format", "json", "--include-text")
    assert code == 0
    saved.write_text(stdout, encoding="utf-8")
    out = tmp_path / "page.html"
    assert _run("show", str(saved), "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8") == render_html(extract(SEED_PDF))


def test_show_opens_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def fake_open(url: str, *args: object, **kwargs: object) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    out = tmp_path / "page.html"
    assert _run("show", str(SEED_HTML), "--out", str(out), "--open")[0] == 0
    assert opened == [out.resolve().as_uri()]


def test_show_refuses_to_open_stdout() -> None:
    code, stdout, stderr = _run("show", str(SEED_HTML), "--out", "-", "--open")
    assert code == 2 and stdout == ""
    assert "--open needs a file" in stderr


def test_show_of_a_missing_file_fails_on_stderr(tmp_path: Path) -> None:
    code, stdout, stderr = _run("show", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "x.html"))
    assert code == 2 and stdout == ""
    assert stderr.startswith(f"error: {tmp_path / 'nope.pdf'}: ")
    assert not (tmp_path / "x.html").exists()


def test_show_is_in_the_help() -> None:
    code, stdout, _ = _run("--help")
    assert code == 0 and "show" in stdout
