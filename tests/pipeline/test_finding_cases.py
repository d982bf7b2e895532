"""Deficiencies, caveats and agencies against the case tables in fixtures/cases/.

The sentences were written for this project in the styles of the HHS OIG archive (never copied from
the dev set). Known misses are strict xfails listed with their reason in known_misses.json.
"""

from __future__ import annotations

from typing import Any

import pytest

from case_tables import assemble_sentence, load_cases, run_sentence


@pytest.mark.parametrize("case", load_cases("deficiencies.jsonl"))
def test_deficiency_case(case: dict[str, Any]) -> None:
    result = assemble_sentence(case["text"])
    deficient = [f for f in result.findings if f.deficiency is not None]
    assert bool(deficient) is case["deficiency"]
    if case["deficiency"]:
        assert case["evidence"] in deficient[0].evidence.text


@pytest.mark.parametrize("case", load_cases("caveats.jsonl"))
def test_caveat_case(case: dict[str, Any]) -> None:
    """Each expected cue matched once by a found cue of its kind (one text inside the other, as the
    evaluator matches), and nothing else found."""
    result = assemble_sentence(case["text"])
    found = [(c.text.lower(), c.kind) for f in result.findings for c in f.caveats]
    for expected in case["expected"]:
        cue, kind = expected["cue"].lower(), expected["kind"]
        match = next((item for item in found if item[1] == kind and (cue in item[0] or item[0] in cue)), None)
        assert match is not None, f"{cue!r} ({kind}) not found in {found}"
        found.remove(match)
    assert found == []


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


@pytest.mark.parametrize("case", load_cases("agencies.jsonl"))
def test_agency_case(case: dict[str, Any]) -> None:
    doc, result = run_sentence(case["text"])
    # a body counts as found under its canonical name, its acronym, or the words the sentence uses
    forms: list[set[str]] = []
    for agency in result.agencies:
        names = {agency.name.lower(), (agency.acronym or "").lower()}
        names |= {
            _strip_article(span.text).lower()
            for span in doc.spans["oig_agencies"]
            if span._.oig_agency is not None and span._.oig_agency.name == agency.name
        }
        forms.append(names - {""})
    expected = [name.lower() for name in case["expected"]]
    for name in expected:
        assert any(name in names for names in forms), f"{name} not found"
    for name in case.get("not", []):
        assert not any(name.lower() in names for names in forms), f"{name} reported"
    for names in forms:
        assert names & set(expected), f"unexpected agency {sorted(names)}"
