"""The ``oigextract`` command, driven through typer's CliRunner: table, json and jsonl output, errors on
stderr with exit code 2 while the other files still print, and the help text.
"""

from __future__ import annotations

import json
from pathlib import Path

from fpdf import FPDF
from typer.testing import CliRunner

from conftest import SEED
from oigextract.cli import app
from oigextract.output.json import CONTRACT_KEYS

SEED_TEXT = SEED / "week-dhs-separated-families.txt"
SEED_HTML = SEED / "week-dhs-separated-families.html"
SEED_PDF = SEED / "dhs-separations-report.pdf"
METADATA_KEYS = {"title", "report_number", "published", "issuer", "url"}
FINDING_KEYS = {"agency", "deficiency", "dates", "counts", "caveats", "evidence"}

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# --- table ------------------------------------------------------------------------------------------


def test_table_of_the_seed_article() -> None:
    code, out, err = _run("extract", str(SEED_TEXT))
    assert code == 0, err
    assert err == ""
    for expected in ("Agency", "Counts", "DHS", "CBP", "3,014", "2,155", "1,233", "136"):
        assert expected in out, expected
    assert "could not confirm" in out
    assert "2017-10-01..2019-02-14" in out


def test_table_of_the_pdf_shows_report_number_and_pages() -> None:
    code, out, err = _run("extract", str(SEED_PDF))
    assert code == 0, err
    assert "OIG-20-06" in out
    assert "CBP" in out and "3,014" in out
    assert "Page" in out


def test_table_is_the_default_format() -> None:
    assert _run("extract", str(SEED_HTML)) == _run("extract", str(SEED_HTML), "--format", "table")


# --- json / jsonl -------------------------------------------------------------------------------


def test_json_has_the_contract_keys() -> None:
    code, out, err = _run("extract", str(SEED_TEXT), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(CONTRACT_KEYS) <= set(data)
    assert data["source"] == str(SEED_TEXT)
    assert data["kind"] == "text"
    assert METADATA_KEYS <= set(data["metadata"])
    assert data["findings"] and all(FINDING_KEYS <= set(f) for f in data["findings"])
    assert {"text", "page", "start", "end"} <= set(data["findings"][0]["evidence"])
    counts = {(c["value"], c["unit"]) for f in data["findings"] for c in f["counts"]}
    assert {(3014, "child"), (1233, "child")} <= counts
    assert data["warnings"] == []
    assert "text" not in data


def test_json_of_the_pdf() -> None:
    code, out, err = _run("extract", str(SEED_PDF), "--format", "json", "--backend", "pdfplumber")
    assert code == 0, err
    data = json.loads(out)
    assert data["kind"] == "pdf"
    assert data["metadata"]["report_number"] == "OIG-20-06"
    assert {f["evidence"]["page"] for f in data["findings"]} == {1, 2}


def test_json_include_text() -> None:
    code, out, _ = _run("extract", str(SEED_TEXT), "-f", "json", "--include-text")
    assert code == 0
    data = json.loads(out)
    for finding in data["findings"]:
        evidence = finding["evidence"]
        assert data["text"][evidence["start"]: evidence["end"]] == evidence["text"]


def test_jsonl_gives_one_line_per_file() -> None:
    code, out, err = _run("extract", str(SEED_TEXT), str(SEED_PDF), "--format", "jsonl")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [r["source"] for r in records] == [str(SEED_TEXT), str(SEED_PDF)]
    assert [r["kind"] for r in records] == ["text", "pdf"]
    assert all(set(CONTRACT_KEYS) <= set(r) for r in records)


# --- errors -------------------------------------------------------------------------------------


def test_missing_file_exit_2_and_good_file_still_prints(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-report.pdf"
    code, out, err = _run("extract", str(missing), str(SEED_TEXT), "--format", "jsonl")
    assert code == 2
    assert str(missing) in err and err.startswith("error:")
    assert "Traceback" not in err
    lines = out.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["source"] == str(SEED_TEXT)


def test_missing_file_after_a_good_one_in_a_table(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    code, out, err = _run("extract", str(SEED_TEXT), str(missing))
    assert code == 2
    assert "gone.txt" in err
    assert "3,014" in out


def test_unreadable_files_are_reported_by_name(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(SEED_PDF.read_bytes()[:300])
    code, out, err = _run("extract", str(empty), str(truncated), "--format", "jsonl")
    assert code == 2
    assert out == ""
    error_lines = err.splitlines()
    assert len(error_lines) == 2
    assert str(empty) in error_lines[0] and str(truncated) in error_lines[1]


def test_bad_backend_is_an_error_not_a_traceback() -> None:
    code, out, err = _run("extract", str(SEED_PDF), "--backend", "mupdf")
    assert code == 2
    assert "mupdf" in err and "Traceback" not in err
    assert out == ""


def test_bad_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["extract", str(SEED_TEXT), "--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_password_option(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "DHS has estimated that 3,014 children were separated from their parents in 2018.")
    pdf.set_encryption(owner_password="owner-secret", user_password="s3cret")
    pdf.output(str(path))
    code, _, err = _run("extract", str(path))
    assert code == 2 and "password" in err and str(path) in err
    code, out, err = _run("extract", str(path), "--password", "s3cret", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["kind"] == "pdf"


# --- help ---------------------------------------------------------------------------------------


def test_help_lists_the_commands() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    assert "extract" in out and "evaluate" in out


def test_extract_help_lists_the_options() -> None:
    code, out, _ = _run("extract", "--help")
    assert code == 0
    for option in ("--format", "--backend", "--password", "--include-text"):
        assert option in out, option
