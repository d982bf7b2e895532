"""Shared paths and the one pipeline the whole test session uses."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "seed"
SHARED = ROOT.parent / "shared"


@lru_cache(maxsize=1)
def fixture_texts() -> tuple[str, ...]:
    """The "text" of every case-table row (fixtures/cases) and report-number case, then the seed text."""
    texts: list[str] = []
    for path in [*sorted((FIXTURES / "cases").glob("*.jsonl")), FIXTURES / "structure" / "report_numbers.jsonl"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("//"):
                texts.append(json.loads(line)["text"])
    texts.append((SEED / "week-dhs-separated-families.txt").read_text(encoding="utf-8"))
    return tuple(texts)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip when the shared corpus is not beside the project."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared corpus lives beside the project)")
    return path
