"""The README's first Python example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import os
import re

from conftest import ROOT


def test_readme_example_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme, re.DOTALL)
    assert code is not None
    source = code.group(1)
    expected = [line[2:] for line in source.splitlines() if line.startswith("# ")]
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, "README.md", "exec"), {})  # noqa: S102 - the documented example itself
    finally:
        os.chdir(cwd)
    assert out.getvalue().splitlines() == expected
