"""The stable JSON form of a Report (the contract in README and docs/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from ..types import Report

CONTRACT_KEYS = ("source", "kind", "metadata", "findings", "warnings")


def report_to_json_dict(report: Report, *, include_text: bool = False) -> dict[str, Any]:
    """The contract's keys first, then the extra keys; the full text only when asked for."""
    data = report.to_dict()
    if not include_text:
        data.pop("text", None)
    return data


def dumps(report: Report, *, indent: int | None = 2, include_text: bool = False) -> str:
    return json.dumps(report_to_json_dict(report, include_text=include_text), indent=indent, ensure_ascii=False)
