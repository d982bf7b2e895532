"""The saved pipeline in models/ loads with spacy.load, and users extend the rules with data files only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import spacy

from conftest import ROOT

SENTENCE = "The Lakeside Water Board failed to safeguard 412 meters, and the Quillfeather Trust did not reconcile its accounts."


def test_saved_pipeline_loads_and_finds_the_same_spans() -> None:
    nlp = spacy.load(ROOT / "models" / "oig_rules")
    assert "oig_counts" in nlp.pipe_names and "oig_agencies" in nlp.pipe_names
    doc = nlp("DHS estimated 3,014 children were separated in November 2017.")
    assert [(s.text, s._.oig_count.value, s._.oig_count.unit) for s in doc.spans["oig_counts"]] == [
        ("3,014 children", 3014.0, "child")
    ]
    assert [s.text for s in doc.spans["oig_dates"]] == ["November 2017"]


def _extract_in_subprocess(env_extra: dict[str, str]) -> dict[str, object]:
    script = (
        "import json, sys; from oigextract import extract; "
        "r = extract(sys.argv[1]); "
        "print(json.dumps({'agencies': [a.name for a in r.agencies], "
        "'cues': [f.deficiency.cue for f in r.findings if f.deficiency]}))"
    )
    env = {**os.environ, **env_extra}
    done = subprocess.run(
        [sys.executable, "-c", script, SENTENCE], capture_output=True, text=True, env=env, check=True, timeout=120
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_user_rule_files_add_an_agency_and_a_cue(tmp_path: Path) -> None:
    before = _extract_in_subprocess({})
    assert "Quillfeather Trust" not in before["agencies"]
    (tmp_path / "agencies.jsonl").write_text(
        json.dumps({"name": "Quillfeather Trust", "acronym": "QT", "parent": None, "kind": "independent", "variants": []})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "deficiency_cues.jsonl").write_text(
        json.dumps({"phrase": "failed to safeguard", "kind": "cue"}) + "\n", encoding="utf-8"
    )
    after = _extract_in_subprocess({"OIGEXTRACT_DATA_DIR": str(tmp_path)})
    assert "Quillfeather Trust" in after["agencies"]
    assert "failed to safeguard" in after["cues"]


def test_a_typo_in_a_user_rule_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "caveat_cues.jsonl").write_text(json.dumps({"phrase": "maybe", "knd": "possible"}) + "\n")
    script = "from oigextract import extract; extract('DHS estimated 3,014 children.')"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
        env={**os.environ, "OIGEXTRACT_DATA_DIR": str(tmp_path)},
    )
    assert done.returncode != 0
    assert "ConfigurationError" in done.stderr and "caveat_cues.jsonl" in done.stderr
