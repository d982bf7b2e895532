"""Inputs to documents: files, folders (recursive), globs; each document once, by content hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

from oigextract.batch.sources import Planner, expand_inputs, hash_file, record_key


def _tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for name in ("a/one.html", "a/b/two.pdf", "a/b/three.TXT", "a/notes.csv", "a/.dot.txt", ".hidden/x.txt", "top.htm"):
        (root / name).write_text(name)


def test_a_folder_is_searched_recursively_for_documents(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in expand_inputs([tmp_path])]
    assert found == ["a/b/three.TXT", "a/b/two.pdf", "a/one.html", "top.htm"]


def test_files_named_are_taken_whatever_their_suffix(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert expand_inputs([tmp_path / "a/notes.csv"]) == [tmp_path / "a/notes.csv"]


def test_globs_expand_and_matched_folders_are_searched(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert expand_inputs([str(tmp_path / "a/*.html")]) == [tmp_path / "a/one.html"]
    assert expand_inputs([str(tmp_path / "**/*.pdf")]) == [tmp_path / "a/b/two.pdf"]
    assert [p.name for p in expand_inputs([str(tmp_path / "a/b*")])] == ["three.TXT", "two.pdf"]
    assert expand_inputs([str(tmp_path / "nothing-*.pdf")]) == []


def test_a_missing_file_is_kept_to_become_a_failure(tmp_path: Path) -> None:
    assert expand_inputs([tmp_path / "gone.pdf"]) == [tmp_path / "gone.pdf"]


def test_each_path_once_in_the_order_given(tmp_path: Path) -> None:
    _tree(tmp_path)
    top = tmp_path / "top.htm"
    assert expand_inputs([top, tmp_path / "a" / "one.html", str(top), tmp_path]) == [
        top, tmp_path / "a/one.html", tmp_path / "a/b/three.TXT", tmp_path / "a/b/two.pdf"]


def test_planner_keys_documents_by_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("same words")
    (tmp_path / "b.txt").write_text("same words")
    (tmp_path / "c.txt").write_text("other words")
    planner = Planner()
    tasks = list(planner.tasks([tmp_path]))
    assert [t.label for t in tasks] == [str(tmp_path / "a.txt"), str(tmp_path / "c.txt")]
    assert [t.index for t in tasks] == [0, 1]
    assert tasks[0].content_hash == hashlib.sha256(b"same words").hexdigest() == hash_file(tmp_path / "b.txt")
    assert planner.skipped == 1


def test_planner_skips_what_is_done(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("done before")
    (tmp_path / "b.txt").write_text("new")
    done = {hashlib.sha256(b"done before").hexdigest(), record_key(None, str(tmp_path / "gone.txt"))}
    planner = Planner(done)
    tasks = list(planner.tasks([tmp_path, tmp_path / "gone.txt", b"new", b"bytes"]))
    assert [t.label for t in tasks] == [str(tmp_path / "b.txt"), "<bytes>"]
    assert tasks[1].source == b"bytes"
    assert planner.skipped == 3


def test_an_unreadable_path_has_no_hash_and_is_keyed_by_source(tmp_path: Path) -> None:
    [task] = Planner().tasks([tmp_path / "gone.txt"])
    assert task.content_hash is None
    assert record_key(task.content_hash, task.label) == f"source:{tmp_path / 'gone.txt'}"
