"""Each class of bad input: a message naming file, row and column, exit 1, and the last clean tables untouched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep import paths
from sitrep.errors import DataError
from sitrep.transform.run import run_clean

SYNTHETIC_RAW = paths.PROJECT / "tests" / "fixtures" / "synthetic_2007"


def tree_digest(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in skip
    }


@pytest.fixture
def workspace(tmp_path):
    """A copy of the synthetic raw tables, and clean tables already made from them."""
    raw = tmp_path / "raw"
    shutil.copytree(SYNTHETIC_RAW, raw)
    clean = tmp_path / "clean"
    run_clean(raw, clean)
    return raw, clean


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_after(raw: Path, clean: Path) -> list[str]:
    before_clean, before_raw = tree_digest(clean), tree_digest(raw)
    with pytest.raises(DataError) as caught:
        run_clean(raw, clean)
    assert tree_digest(clean) == before_clean, "a failed run changed the clean tables"
    assert tree_digest(raw) == before_raw, "a run wrote to the raw tables"
    assert not list(clean.parent.glob(".clean.new-*")), "a failed run left its staging folder"
    return caught.value.lines()


CASES = [
    ("letter in a number", "figures.csv", "stv-1,victims_assisted,25", "stv-1,victims_assisted,2o",
     "figures.csv:3: value: '2o' is not a number (write digits such as 1,271, or an Albanian numeral such as shtatë)"),
    ("unknown place", "grants.csv", "Shkodër; Kukës", "Shkodërr; Kukës",
     "grants.csv:2: places: 'Shkodërr' is not a known place (did you mean"),
    ("foreign place among places", "grants.csv", "Shkodër; Kukës", "Shkodër; Greqi",
     "grants.csv:2: places: 'Greqi' is a foreign place"),
    ("dangling grant id", "figures.csv", "stj-1,sheltered", "stj-9,sheltered",
     "figures.csv:4: grant_id: 'stj-9' is not a grant_id of grants.csv"),
    ("unknown funder", "grants.csv", "caaht,1,usaid,Shkodër", "caaht,1,usaid; nobody,Shkodër",
     "grants.csv:2: funders: 'nobody' is not a org_id of organizations.csv"),
    ("metric outside the vocabulary", "figures.csv", "stj-1,people_trained", "stj-1,people_trainde",
     "figures.csv:5: metric: 'people_trainde' is not one of the allowed values (did you mean 'people_trained'?"),
    ("duplicate id", "grants.csv", "stj-1,stj,", "stv-1,stj,",
     "grants.csv:3: grant_id: 'stv-1' is used by another row too"),
    ("empty required cell", "figures.csv", "stj-1,sheltered,12,,false", "stj-1,sheltered,,,false",
     "figures.csv:4: value: is empty"),
    ("impossible date", "grants.csv", "2007-01,2007-06,2007-01:2007-06", "2007-13,2007-06,2007-01:2007-06",
     "grants.csv:2: start: '2007-13' is not a date"),
    ("end before start", "grants.csv", "2007-01,2007-06,2007-01:2007-06", "2007-05,2007-02,2007-01:2007-06",
     "grants.csv:2: end: '2007-02' is before the start '2007-05'"),
    ("backwards period", "grants.csv", "2007-02,2007-06,2007-01:2007-06", "2007-02,2007-06,2007-06:2007-01",
     "grants.csv:3: period: '2007-06:2007-01' is not a reporting period"),
    ("boolean", "figures.csv", "stj-1,sheltered,12,,false", "stj-1,sheltered,12,,maybe",
     "figures.csv:4: is_target: 'maybe' is not true or false"),
    ("qualifier", "figures.csv", "stj-1,sheltered,12,,false", "stj-1,sheltered,12,ndoshta,false",
     "figures.csv:4: qualifier: 'ndoshta' is not a known qualifier"),
    ("quote not in the source", "figures.csv", "trajnoi 30 punonjës socialë", "trajnoi 300 punonjës socialë",
     "figures.csv:5: quote: 'trajnoi 300 punonjës socialë' is not in the source report"),
    ("source line outside the quote", "figures.csv", "trajnoi 30 punonjës socialë,10,", "trajnoi 30 punonjës socialë,3,",
     "figures.csv:5: source_line: line 3 is outside the quote (lines 10–11)"),
    ("missing column", "figures.csv", "grant_id,metric,value,", "grant_id,metric,valeu,",
     "figures.csv:1: valeu: is not a column of this table (did you mean 'value'?"),
    ("unquoted comma", "figures.csv", 'stv-1,prevention_reached,"4,321"', "stv-1,prevention_reached,4,321",
     "figures.csv:2: has 10 cells where the header has 9"),
    ("id with spaces", "organizations.csv", "stj,Shoqata", "st j,Shoqata",
     "organizations.csv:3: org_id: 'st j' is not a valid id"),
]


@pytest.mark.parametrize("case, file, old, new, expected", CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_named_exactly_and_loses_nothing(workspace, case, file, old, new, expected):
    raw, clean = workspace
    edit(raw / file, old, new)
    lines = problems_after(raw, clean)
    assert any(expected in line for line in lines), "\n".join(lines)


def test_all_problems_are_reported_at_once(workspace):
    raw, clean = workspace
    edit(raw / "figures.csv", "stv-1,victims_assisted,25", "stv-1,victims_assisted,2o")
    edit(raw / "grants.csv", "Shkodër; Kukës", "Shkodërr; Kukës")
    edit(raw / "figures.csv", "stj-1,sheltered", "stj-9,sheltered")
    lines = problems_after(raw, clean)
    assert len(lines) >= 3
    assert {line.split(":")[0].rsplit("/", 1)[-1] for line in lines} >= {"figures.csv", "grants.csv"}


def test_missing_file(workspace):
    raw, clean = workspace
    (raw / "events.csv").unlink()
    assert any("events.csv: file is missing" in line for line in problems_after(raw, clean))


def test_undecodable_bytes(workspace):
    raw, clean = workspace
    path = raw / "figures.csv"
    path.write_bytes(path.read_bytes().replace("të rinj".encode(), b"t\x81 rinj\x00"))
    assert any("cannot be read as UTF-8 or Windows-1250" in line for line in problems_after(raw, clean))


def test_utf16_is_refused_with_a_hint(workspace):
    raw, clean = workspace
    path = raw / "figures.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert any("UTF-16" in line and "CSV UTF-8" in line for line in problems_after(raw, clean))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1250"])
def test_excel_encodings_give_identical_clean_tables(workspace, tmp_path, encoding):
    raw, clean = workspace
    for path in raw.glob("*.csv"):
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    other = tmp_path / "clean-other"
    run_clean(raw, other)
    # provenance.json records the raw files' own hashes, which differ by encoding; every table must not.
    assert tree_digest(other, skip=("provenance.json",)) == tree_digest(clean, skip=("provenance.json",))


def test_committed_quotes_with_windows_1250_letters_survive(workspace):
    raw, _ = workspace
    text = (raw / "grants.csv").read_text(encoding="utf-8")
    assert "ë" in text and text.encode("cp1250").decode("cp1250") == text


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=120)


def test_cli_data_error_exits_1_without_traceback(workspace):
    raw, clean = workspace
    edit(raw / "figures.csv", "stv-1,victims_assisted,25", "stv-1,victims_assisted,2o")
    result = run_cli("clean", "--raw", str(raw), "--clean", str(clean))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "figures.csv:3: value: '2o' is not a number" in result.stderr


def test_cli_usage_errors_exit_2_in_one_line(tmp_path):
    result = run_cli("clean", "--raw", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "no such folder" in result.stderr
    result = run_cli("clean", "--colour")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_cli_success_writes_every_table(workspace, tmp_path):
    raw, _ = workspace
    target = tmp_path / "fresh"
    result = run_cli("clean", "--raw", str(raw), "--clean", str(target))
    assert result.returncode == 0, result.stderr
    assert {"figures.csv", "grants.csv", "grant_places.csv", "datapackage.json", "hxl_3w.csv"} <= {p.name for p in target.iterdir()}
