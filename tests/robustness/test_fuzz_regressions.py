"""One regression test per crash the fuzzer (fuzz/fuzz_extract.py) found; docs/robustness.md lists the runs.

The crashing inputs were mutations of files of the shared corpus; each test here rebuilds the smallest
input that still failed the same way, so no corpus file is copied into the project.
"""

from __future__ import annotations

import pytest

from oigextract import Limits, OigExtractError, Report, extract

GUARD = Limits(seconds=120.0)


@pytest.mark.parametrize("page", [
    "<html><head><title>An audit of payments</title></head></html>",
    "<!DOCTYPE html><html><head><meta charset=utf-8 /><meton('hidden', function(event) {}) <p>x</p></head></html>",
    "<html><head><script>var a</script><meton(x)<p>We found 12 errors.</p>",
])
def test_html_without_a_body(page: str) -> None:
    """Fuzz crash 1 (PDF run, a mutation of the saved 404 page): trafilatura found no main text and the
    fallback's lxml.html.fragment_fromstring raised AssertionError ("too many bodies: []") for a page whose
    parse has no <body>."""
    try:
        report = extract(page, limits=GUARD)
    except OigExtractError:
        return
    assert isinstance(report, Report)
