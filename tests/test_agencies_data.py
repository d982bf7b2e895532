"""Checks on the agency gazetteer ``src/oigextract/data/agencies.jsonl``.

The file is read by path rather than through ``importlib.resources`` so these
tests run even while the package itself does not import.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

DATA_FILE = Path(__file__).parents[1] / "src" / "oigextract" / "data" / "agencies.jsonl"
CORPUS_DATA = Path(__file__).parents[2] / "shared" / "corpus" / "data"

REQUIRED_KEYS = {"name", "acronym", "parent", "kind", "variants"}
OPTIONAL_KEYS = {"note"}
KINDS = {"department", "component", "independent", "legislative", "oig", "auditor", "congress"}

# Generic references are resolved in code from context, never listed as variants.
GENERIC = {
    "department", "the department", "agency", "the agency", "state agency", "the state agency",
    "bureau", "the bureau", "service", "the service", "office", "the office", "board", "the board",
    "commission", "the commission", "administration", "the administration", "component", "the component",
    "oig", "ig", "inspector general", "the inspector general", "we", "us",
}

# Rows of the components list that are report categories, not bodies.
NON_AGENCY_COMPONENT_SLUGS = {"plus", "special"}


def _load() -> list[dict]:
    entries = []
    with DATA_FILE.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            assert line.strip(), f"line {lineno}: blank line"
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:  # pragma: no cover - message only
                pytest.fail(f"line {lineno}: invalid JSON: {exc}")
            assert isinstance(entry, dict), f"line {lineno}: not an object"
            entries.append(entry)
    return entries


ENTRIES = _load()


def _normalise(text: str) -> str:
    """Case-fold, '&' -> 'and', drop 'U.S.'/'US'/'United States', squeeze spaces."""
    s = text.casefold().replace("&", " and ")
    s = re.sub(r"\bu\.\s?s\.(?=\s|$)", " ", s)
    s = re.sub(r"\b(?:united states|us)\b", " ", s)
    s = re.sub(r"[,.]", " ", s)
    return " ".join(s.split())


def _surface_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for e in ENTRIES:
        for form in [e["name"], *e["variants"]]:
            index.setdefault(_normalise(form), e["name"])
    return index


def test_file_not_empty_and_ends_with_newline() -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert text.endswith("\n")
    assert len(ENTRIES) > 100


def test_keys_and_types() -> None:
    for e in ENTRIES:
        keys = set(e)
        assert REQUIRED_KEYS <= keys, f"{e.get('name')}: missing {REQUIRED_KEYS - keys}"
        assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, f"{e['name']}: unexpected {keys - REQUIRED_KEYS - OPTIONAL_KEYS}"
        assert isinstance(e["name"], str) and e["name"], e
        assert e["acronym"] is None or (isinstance(e["acronym"], str) and e["acronym"]), e
        assert e["parent"] is None or (isinstance(e["parent"], str) and e["parent"]), e
        assert e["kind"] in KINDS, f"{e['name']}: bad kind {e['kind']!r}"
        assert isinstance(e["variants"], list), e
        assert all(isinstance(v, str) and v for v in e["variants"]), e
        if "note" in e:
            assert isinstance(e["note"], str) and e["note"], e
        for s in [e["name"], e["acronym"] or "x", *e["variants"]]:
            assert s == s.strip() and "  " not in s, f"{e['name']}: stray whitespace in {s!r}"


def test_names_and_variants_unique_case_insensitive() -> None:
    owner: dict[str, str] = {}
    for e in ENTRIES:
        forms = [e["name"], *e["variants"]]
        folded = [f.casefold() for f in forms]
        assert len(set(folded)) == len(folded), f"{e['name']}: duplicate name/variant within entry"
        for f in folded:
            assert f not in owner, f"{f!r} in both {owner[f]!r} and {e['name']!r}"
            owner[f] = e["name"]


def test_acronyms_unique_case_sensitive() -> None:
    seen: dict[str, str] = {}
    for e in ENTRIES:
        a = e["acronym"]
        if a is None:
            continue
        assert a not in seen, f"acronym {a!r} in both {seen[a]!r} and {e['name']!r}"
        seen[a] = e["name"]


def test_acronyms_not_another_entrys_surface_form() -> None:
    owner = {f.casefold(): e["name"] for e in ENTRIES for f in [e["name"], *e["variants"]]}
    for e in ENTRIES:
        a = e["acronym"]
        if a is not None and a.casefold() in owner:
            assert owner[a.casefold()] == e["name"], f"acronym {a!r} of {e['name']!r} is a form of {owner[a.casefold()]!r}"
        assert a not in e["variants"], f"{e['name']}: acronym repeated as variant"


def test_parents_exist_and_are_acyclic() -> None:
    by_name = {e["name"]: e for e in ENTRIES}
    for e in ENTRIES:
        if e["parent"] is None:
            continue
        assert e["parent"] in by_name, f"{e['name']}: unknown parent {e['parent']!r}"
        assert e["parent"] != e["name"], e["name"]
        seen = {e["name"]}
        p = e["parent"]
        while p is not None:
            assert p not in seen, f"parent cycle through {p!r}"
            seen.add(p)
            p = by_name[p]["parent"]


def test_kind_constraints() -> None:
    by_name = {e["name"]: e for e in ENTRIES}
    for e in ENTRIES:
        if e["kind"] == "department":
            assert e["parent"] is None, e["name"]
        if e["kind"] == "component":
            assert e["parent"] is not None, f"component {e['name']!r} without parent"
        if e["kind"] == "oig" and e["parent"] is not None:
            assert by_name[e["parent"]]["kind"] != "oig", e["name"]


def test_no_generic_variants() -> None:
    for e in ENTRIES:
        for v in e["variants"]:
            assert v.casefold() not in GENERIC, f"{e['name']}: generic variant {v!r}"


def test_dod_styling() -> None:
    dod = next(e for e in ENTRIES if e["name"] == "Department of Defense")
    assert dod["acronym"] == "DoD"
    assert "DOD" in dod["variants"]


def test_big_oig_offices_present() -> None:
    oigs = {e["acronym"] for e in ENTRIES if e["kind"] == "oig"}
    assert {"HHS OIG", "DHS OIG", "DOJ OIG", "DoD OIG", "VA OIG", "USDA OIG", "ED OIG",
            "TIGTA", "SIGAR", "SIGTARP"} <= oigs
    names = {e["name"] for e in ENTRIES if e["kind"] == "oig"}
    assert "Treasury Office of Inspector General" in names


def test_core_components_present() -> None:
    acronyms = {e["acronym"] for e in ENTRIES}
    wanted = """
        DHS CBP ICE USCIS FEMA TSA USSS USCG CISA S&T
        HHS CMS ACF ORR CDC FDA NIH HRSA IHS SAMHSA AHRQ ASPR ACL OCR ONC ASPE OCSE AoA
        DOJ FBI DEA ATF BOP USMS EOUSA OJP COPS INS CRT ATR
        DoD DON DAF USMC USSF DLA DISA DCAA DCMA DHA NGB USACE
        VA VHA VBA NCA USDA FNS FSIS FS APHIS RMA NRCS RD
        IRS BEP OCC FinCEN NOAA USPTO NIST BLM BIA NPS FWS USGS BOEM USBR
        DOL OSHA ETA WHD MSHA EBSA DOT FAA FHWA FTA NHTSA FMCSA FRA PHMSA MARAD
        ED FSA DOE NNSA FERC DOS USAID HUD FHA PIH
        SSA EPA GSA OPM SBA NASA NSF NRC SEC FDIC FRB USPS CNCS LSC FCC FEC FTC FHFA
        EXIM PBGC RRB TVA GPO AOC GAO USCP NARA CPB ARC
    """.split()
    missing = [a for a in wanted if a not in acronyms]
    assert not missing, f"missing acronyms: {missing}"
    names = {e["name"] for e in ENTRIES}
    for n in ["United States Mint", "U.S. Census Bureau", "Job Corps", "Bureau of Consular Affairs",
              "Government National Mortgage Association", "Federal National Mortgage Association",
              "Federal Home Loan Mortgage Corporation", "Peace Corps", "National Railroad Passenger Corporation",
              "Smithsonian Institution", "Library of Congress", "Denali Commission", "Farm Service Agency",
              "Department of the Army", "Department of the Treasury", "Bureau of the Fiscal Service"]:
        assert n in names, n
    gao = next(e for e in ENTRIES if e["acronym"] == "GAO")
    assert gao["kind"] == "auditor"  # the author of GAO reports, never an audited body


def _corpus() -> Path:
    if not CORPUS_DATA.is_dir():
        pytest.skip(f"{CORPUS_DATA} not present")
    return CORPUS_DATA


def test_ig_office_agencies_covered() -> None:
    data = _corpus()
    wanted: set[str] = set()
    with (data / "ig_offices_oversight_garden.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            wanted.update(a.strip() for a in (row["agencies"] or "").split(";") if a.strip())
    json_path = data / "ig_offices_oversight_garden.json"
    if json_path.exists():
        for office in json.loads(json_path.read_text(encoding="utf-8")):
            wanted.update(a.strip() for a in office.get("agencies") or [] if a.strip())
    assert len(wanted) > 50
    index = _surface_index()
    missing = sorted(a for a in wanted if _normalise(a) not in index)
    assert not missing, f"IG-office agencies with no entry: {missing}"


def test_dhs_doj_components_covered() -> None:
    data = _corpus()
    by_name = {e["name"]: e for e in ENTRIES}
    index = _surface_index()
    missing = []
    checked = 0
    with (data / "ig_components_dhs_doj_unitedstates.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["component_slug"] in NON_AGENCY_COMPONENT_SLUGS:
                continue
            raw = row["component_name"]
            paren = re.search(r"\(([^)]*)\)", raw)
            name = re.sub(r"\s*\([^)]*\)", "", raw)
            name = re.sub(r"\s*[–—-]\s*\d{4}\s+to\s+\d{4}\s*$", "", name).strip()
            checked += 1
            key = _normalise(name)
            if key not in index:
                missing.append(raw)
                continue
            if paren:
                entry = by_name[index[key]]
                abbr = paren.group(1).strip()
                assert abbr == entry["acronym"] or abbr in entry["variants"], (raw, entry["name"])
    assert checked >= 15
    assert not missing, f"components with no entry: {missing}"
