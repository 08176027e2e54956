"""Each class of bad input: a message naming file, row and column, exit 1, and the last clean tables untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from sitrep import beside, paths
from sitrep.errors import DataError, Problem
from sitrep.extract.read import ROW
from sitrep.extract.reports import Report
from sitrep.transform import checks, run
from sitrep.transform.places import Gazetteer
from sitrep.transform.quotes import SourceText
from sitrep.transform.run import run_clean
from sitrep.transform.schema import RAW_TABLES

# The synthetic report's tables are the ones edited; the committed report beside it is what it may refer to.
EDITED = "synthetic-2007"


def tree_digest(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in skip
    }


@pytest.fixture(scope="module")
def cleaned_once(tmp_path_factory, two_reports_raw):
    clean = tmp_path_factory.mktemp("errors") / "clean"
    run_clean(two_reports_raw, clean)
    return clean


@pytest.fixture
def workspace(tmp_path, two_reports_raw, cleaned_once):
    """Copies of the two-report dataset and its clean tables: the synthetic report's folder and the clean one."""
    raw = shutil.copytree(two_reports_raw, tmp_path / "raw")
    clean = shutil.copytree(cleaned_once, tmp_path / "clean")
    return raw / EDITED, clean


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_after(report: Path, clean: Path) -> list[str]:
    raw = report.parent
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
     "grants.csv:3: grant_id: 'stv-1' is already the grant_id of row 2 (give this row an id of its own)"),
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
     "synthetic-2007/report.txt (nearest passage, lines 10–11: 'trajnoi 30 punonjës socialë'; "
     "'300' where the text has '30'"),
    ("source line outside the quote", "figures.csv", "trajnoi 30 punonjës socialë,10,",
     "trajnoi 30 punonjës socialë,3,",
     "figures.csv:5: source_line: line 3 is outside the quote (lines 10–11 of "),
    ("missing column", "figures.csv", "grant_id,metric,value,", "grant_id,metric,valeu,",
     "figures.csv:1: valeu: is not a column of this table (did you mean 'value'?"),
    ("unquoted comma", "figures.csv", 'stv-1,prevention_reached,"4,321"', "stv-1,prevention_reached,4,321",
     "figures.csv:2: has 11 cells where the header has 10"),
    ("unit outside the vocabulary", "figures.csv", "stj-1,sheltered,12,,false,persons",
     "stj-1,sheltered,12,,false,people",
     "figures.csv:4: unit: 'people' is not one of the allowed values"),
    ("unit its measure does not count in", "figures.csv", "stj-1,sheltered,12,,false,persons",
     "stj-1,sheltered,12,,false,cases",
     "figures.csv:4: unit: 'cases' is not a unit of sheltered (sheltered counts persons)"),
    ("measure in another unit typed as itself", "figures.csv", "stj-1,sheltered", "stj-1,victim_cases_assisted",
     "figures.csv:4: metric: 'victim_cases_assisted' is not one of the allowed values"),
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


def test_checks_beside_the_cleaning_tell_what_checks_before_it_tell_and_nothing_else(workspace, monkeypatch,
                                                                                     capfd, two_reports_raw):
    raw, clean = workspace
    edit(raw / "figures.csv", "stv-1,victims_assisted,25", "stv-1,victims_assisted,2o")
    edit(raw / "grants.csv", "2007-01,2007-06,2007-01:2007-06", "2007-13,2007-06,2007-01:2007-06")
    cleaning = run.clean_tables

    cleanings = []

    def warning_cleaning(*arguments):
        cleanings.append(arguments)
        warnings.warn("a cleaning of unchecked tables warns", UserWarning)
        return cleaning(*arguments)

    monkeypatch.setattr(run, "clean_tables", warning_cleaning)
    told = {}
    for forked in (True, False):
        monkeypatch.setattr(beside, "can_fork", lambda forked=forked: forked)
        cleanings.clear()
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            told[forked] = problems_after(raw, clean)
        assert not warned and capfd.readouterr().err == "", "the cleaning of unchecked tables spoke"
    assert not cleanings, "with the checks run first, the cleaning of tables that fail them started"
    assert told[True] == told[False] and len(told[True]) >= 2
    # Once the checks pass, what the cleaning warned of is told.
    monkeypatch.setattr(beside, "can_fork", lambda: True)
    with pytest.warns(UserWarning, match="unchecked tables warns"):
        run_clean(two_reports_raw, clean.parent / "good")


def test_the_cleaning_beside_the_checks_stops_as_soon_as_they_find_a_problem(workspace, monkeypatch):
    raw, clean = workspace
    edit(raw / "figures.csv", "stv-1,victims_assisted,25", "stv-1,victims_assisted,2o")

    def endless(*arguments):
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            time.sleep(0.01)

    monkeypatch.setattr(run, "_made", endless)
    monkeypatch.setattr(beside, "can_fork", lambda: True)
    started = time.perf_counter()
    lines = problems_after(raw, clean)
    assert time.perf_counter() - started < 20, "the cleaning went on after the checks had found a problem"
    assert any("'2o' is not a number" in line for line in lines)


def test_a_signal_not_sent_by_the_checks_only_makes_the_cleaning_start_again(tmp_path, monkeypatch, two_reports_raw):
    making, interrupted = run._made, []

    def signalled_once(*arguments):
        if not interrupted:
            interrupted.append(True)
            os.kill(os.getpid(), signal.SIGUSR1)
            time.sleep(5)  # the handler raises here
            raise AssertionError("the stray signal did not stop the cleaning")
        return making(*arguments)

    monkeypatch.setattr(run, "_made", signalled_once)
    monkeypatch.setattr(beside, "can_fork", lambda: True)
    run_clean(two_reports_raw, tmp_path / "clean")
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    run_clean(two_reports_raw, tmp_path / "plain")
    assert interrupted and tree_digest(tmp_path / "clean") == tree_digest(tmp_path / "plain")


def test_an_export_that_fails_beside_the_writing_leaves_the_last_clean_tables(workspace, monkeypatch):
    raw, clean = workspace
    before = tree_digest(clean)

    def broken_three_w(tables):
        raise KeyError("qark")

    monkeypatch.setattr(run, "three_w", broken_three_w)
    monkeypatch.setattr(beside, "can_fork", lambda: True)
    with pytest.raises(KeyError, match="qark"):
        run_clean(raw.parent, clean)
    assert tree_digest(clean) == before
    assert not list(clean.parent.glob(".clean.new-*")), "a failed run left its staging folder"


def test_clean_tables_are_the_same_with_the_checks_beside_or_before(tmp_path, monkeypatch, two_reports_raw):
    checking = run.check_raw

    def telling_check_raw(*arguments):
        warnings.warn(f"checked in {os.getpid()}", UserWarning)
        return checking(*arguments)

    monkeypatch.setattr(run, "check_raw", telling_check_raw)
    checked_in = {}
    for forked in (True, False):
        monkeypatch.setattr(beside, "can_fork", lambda forked=forked: forked)
        with pytest.warns(UserWarning, match="checked in") as warned:
            run_clean(two_reports_raw, tmp_path / str(forked))
        checked_in[forked] = {str(w.message) for w in warned if "checked in" in str(w.message)}
    assert checked_in[False] == {f"checked in {os.getpid()}"}
    assert len(checked_in[True]) == 1 and checked_in[True] != checked_in[False], "the checks ran in this process"
    assert tree_digest(tmp_path / "True") == tree_digest(tmp_path / "False")


def test_a_small_dataset_is_cleaned_in_python_strings_to_the_bytes_arrow_strings_give(tmp_path, monkeypatch,
                                                                                      two_reports_raw):
    small = run_clean(two_reports_raw, tmp_path / "python")
    monkeypatch.setattr(run, "ARROW_FROM_BYTES", 0)
    large = run_clean(two_reports_raw, tmp_path / "pyarrow")
    assert small["grants"]["title"].dtype.storage == "python"
    assert large["grants"]["title"].dtype.storage == "pyarrow"
    assert tree_digest(tmp_path / "python") == tree_digest(tmp_path / "pyarrow")


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
    run_clean(raw.parent, other)
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
    result = run_cli("clean", "--raw", str(raw.parent), "--clean", str(clean))
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
    result = run_cli("clean", "--raw", str(raw.parent), "--clean", str(target))
    assert result.returncode == 0, result.stderr
    written = {p.name for p in target.iterdir()}
    assert {"figures.csv", "grants.csv", "grant_places.csv", "datapackage.json", "hxl_3w.csv"} <= written


# The checks themselves, on tiny inline frames: each problem names its file, spreadsheet row and column.

def raw_frame(rows: list[dict], first_row: int = 2) -> pd.DataFrame:
    frame = pd.DataFrame(rows, dtype="str")
    frame[ROW] = range(first_row, first_row + len(rows))
    return frame


@pytest.fixture(scope="module")
def tiny_gazetteer(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.csv"
    path.write_text("form,place,kind,rreth,qark,note\nKorçë,Korçë,rreth,Korçë,Korçë,\n", encoding="utf-8")
    return Gazetteer.read(path)


def organisation(**cells) -> dict:
    return {"org_id": "vatra", "name": "Qendra Vatra", "org_type": "ngo", "quote": "Qendra Vatra", "source_line": "3",
            **cells}


def test_check_table_of_good_rows_is_empty(tiny_gazetteer):
    frame = raw_frame([organisation(), organisation(org_id="tjeter", name="Tjetër")])
    assert checks.check_table(RAW_TABLES["organizations"], frame, "orgs.csv", tiny_gazetteer) == []


def test_check_table_explains_a_rule_failure_on_its_spreadsheet_row(tiny_gazetteer):
    frame = raw_frame([organisation(), organisation(org_id="tjeter", org_type="ngoo")])
    problems = checks.check_table(RAW_TABLES["organizations"], frame, "orgs.csv", tiny_gazetteer)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.row, problem.column) == ("orgs.csv", 3, "org_type")
    assert "'ngoo'" in problem.message and "did you mean 'ngo'?" in problem.hint


def test_check_table_names_empty_required_cells_duplicate_ids_and_unknown_columns(tiny_gazetteer):
    frame = raw_frame([organisation(), organisation(name=pd.NA, colour="red")], first_row=5)
    problems = checks.check_table(RAW_TABLES["organizations"], frame, "orgs.csv", tiny_gazetteer)
    found = {(p.row, p.column, p.message) for p in problems}
    assert (6, "name", "is empty") in found
    # the second row giving an id is the one named, with the id it repeats and where it already is
    assert any(row == 6 and column == "org_id" and "'vatra'" in message and "already exists (row 5)" in message
               for row, column, message in found)
    assert any(row == 1 and column == "colour" and "not a column" in message for row, column, message in found)


def test_check_table_names_a_missing_required_column(tiny_gazetteer):
    frame = raw_frame([organisation()]).drop(columns="org_type")
    problems = checks.check_table(RAW_TABLES["organizations"], frame, "orgs.csv", tiny_gazetteer)
    assert [(p.row, p.column, p.message) for p in problems] == [(1, "org_type", "required column is missing")]


def one_report(frames: dict, shown: dict, source: SourceText = SourceText(()),
               report_id: str = "r") -> checks.RawReport:
    """A report of inline frames, for the checks that take a dataset's reports."""
    report = Report(id=report_id, title="T", publisher="P", short="S", published="2006-10", period="2005-01:2006-07",
                    language="sq", licence="L", text="report.txt", text_sha256="", folder=Path(report_id))
    return checks.RawReport(report, frames, shown, source)


def test_check_references_tells_every_row_and_item_pointing_nowhere_in_order_repeated_or_not():
    frames = {
        "organizations": raw_frame([{"org_id": "usaid"}, {"org_id": "unicef"}]),
        "grants": raw_frame([{"grant_id": f"g-{i}", "org_id": org, "funders": funders} for i, (org, funders) in
                             enumerate([("usaid", "usaid; nobody; unicef; other"), ("ghost", "usaid"), ("usaid", ";"),
                                        ("ghost", "usaid; nobody; unicef; other"), ("unicef", None)])]),
        "figures": raw_frame([{"grant_id": grant} for grant in ("g-1", "g-9", "g-1", "g-9", None, "g-8")]),
    }
    shown = {"organizations": "organizations.csv", "grants": "grants.csv", "figures": "figures.csv"}
    problems = checks.check_references([one_report(frames, shown)])
    assert [(p.file, p.row, p.column, p.message.split(" is not")[0]) for p in problems] == [
        ("grants.csv", 3, "org_id", "'ghost'"), ("grants.csv", 5, "org_id", "'ghost'"),
        ("grants.csv", 2, "funders", "'nobody'"), ("grants.csv", 2, "funders", "'other'"),
        ("grants.csv", 4, "funders", "'nan'"),
        ("grants.csv", 5, "funders", "'nobody'"), ("grants.csv", 5, "funders", "'other'"),
        ("figures.csv", 3, "grant_id", "'g-9'"), ("figures.csv", 5, "grant_id", "'g-9'"),
        ("figures.csv", 7, "grant_id", "'g-8'"),
    ]


def test_check_references_finds_ids_pointing_nowhere_with_a_suggestion():
    frames = {
        "organizations": raw_frame([{"org_id": "usaid"}, {"org_id": "unicef"}, {"org_id": "vatra"}]),
        "grants": raw_frame([{"grant_id": "vatra-1", "org_id": "vatraa", "funders": "usaid; unicf"},
                             {"grant_id": "vatra-2", "org_id": "vatra", "funders": "usaid"}]),
    }
    shown = {"organizations": "organizations.csv", "grants": "grants.csv"}
    problems = sorted(checks.check_references([one_report(frames, shown)]))
    assert [(p.file, p.row, p.column) for p in problems] == [("grants.csv", 2, "funders"), ("grants.csv", 2, "org_id")]
    funders, org = problems
    assert funders.message == "'unicf' is not a org_id of organizations.csv"
    assert "did you mean 'unicef'?" in funders.hint
    assert "'vatraa'" in org.message and "did you mean 'vatra'?" in org.hint


def test_check_date_order_names_an_end_before_its_start():
    frames = {"grants": raw_frame([{"start": "2006-03", "end": "2006-02"}, {"start": "2006", "end": "2006-12-31"},
                                   {"start": "2006-07", "end": "2006"}])}
    problems = checks.check_date_order(frames, {"grants": "grants.csv"})
    assert [(p.row, p.column) for p in problems] == [(2, "end")]
    assert "'2006-02' is before the start '2006-03'" == problems[0].message


def test_check_quotes_finds_missing_quotes_and_lines_outside_them():
    source = SourceText(("Hyrja", "Vatra strehoi 45 gra", "dhe vajza në Vlorë.", "Fundi"))
    frames = {"figures": raw_frame([
        {"quote": "strehoi 45 gra dhe vajza", "source_line": "3"},  # the quote covers lines 2-3
        {"quote": "strehoi 45 gra dhe vajza", "source_line": "4"},
        {"quote": "strehoi 46 gra", "source_line": "2"},
    ])}
    problems = checks.check_quotes(frames, {"figures": "figures.csv"}, source, "data/raw/r/report.txt")
    assert sorted((p.row, p.column) for p in problems) == [(3, "source_line"), (4, "quote")]
    outside = next(p for p in problems if p.column == "source_line")
    assert "line 4 is outside the quote (lines 2–3 of data/raw/r/report.txt)" == outside.message
    assert "starts on line 2" in outside.hint
    missing = next(p for p in problems if p.column == "quote")
    assert "'strehoi 46 gra' is not in data/raw/r/report.txt" == missing.message
    assert missing.hint.startswith("nearest passage, line 2: 'strehoi 45 gra'; '46' where the text has '45'")


def test_check_quotes_shortens_a_long_missing_quote():
    frames = {"claims": raw_frame([{"quote": "fjalë " * 30, "source_line": "1"}])}
    (problem,) = checks.check_quotes(frames, {"claims": "claims.csv"}, SourceText(("tjetër",)))
    assert problem.message.startswith("'fjalë fjalë") and "...'" in problem.message
    assert len(problem.message) < 100


def test_check_raw_lists_every_problem_at_once(tiny_gazetteer):
    frames = {"organizations": raw_frame([organisation(org_type="ngoo", quote="nuk është këtu")])}
    problems = checks.check_raw([one_report(frames, {"organizations": "o.csv"}, SourceText(("Qendra Vatra",)))],
                                tiny_gazetteer)
    assert {p.column for p in problems} == {"org_type", "quote"}
    assert all(isinstance(p, Problem) and p.file == "o.csv" and p.row == 2 for p in problems)


def test_a_place_quoted_from_another_section_is_checked_like_a_quote():
    source = SourceText(("Hyrja", "drejton një strehë", "në Tiranë për viktimat", "Fundi"))
    frames = {"grants": raw_frame([
        {"quote": "Hyrja", "source_line": "1", "place_quote": "një strehë në Tiranë", "place_line": "2"},
        {"quote": "Hyrja", "source_line": "1", "place_quote": "një strehë në Tiranë", "place_line": "4"},
        {"quote": "Hyrja", "source_line": "1", "place_quote": "në Vlorë", "place_line": "3"},
        {"quote": "Hyrja", "source_line": "1", "place_quote": "në Tiranë", "place_line": None},
        {"quote": "Hyrja", "source_line": "1", "place_quote": None, "place_line": None},
    ])}
    problems = checks.check_quotes(frames, {"grants": "grants.csv"}, source)
    assert sorted((p.row, p.column) for p in problems) == [(3, "place_line"), (4, "place_quote"), (5, "place_line")]


def test_a_value_not_printed_in_its_quote_is_an_error_that_says_what_the_quote_prints():
    frames = {"figures": raw_frame([
        {"value": "84", "quote": "Vatra strehoi 48 gra", "qualifier": None},
        {"value": "1.300", "quote": "preku 1.200 të rinj", "qualifier": None},
        {"value": "1,271", "quote": "preku 1 271 të rinj", "qualifier": None},  # another printed form: fine
        {"value": "1271", "quote": "preku 1.271 të rinj", "qualifier": None},
        {"value": "shtatë", "quote": "ndihmoi 7 viktima", "qualifier": None},
        {"value": "25", "quote": "ndihmoi njëzet e pesë viktima", "qualifier": None},
        {"value": "12", "quote": "organizata ndihmoi viktimat", "qualifier": None},
        {"value": "84", "quote": "Vatra strehoi 48 gra", "qualifier": None},  # the same row again: told again
    ])}
    problems = checks.check_values(frames, {"figures": "figures.csv"})
    assert [str(p) for p in sorted(problems)] == [
        "figures.csv:2: value: 84 is not in its quote (the quote prints 48)",
        "figures.csv:3: value: 1.300 is not in its quote (the quote prints 1.200)",
        "figures.csv:8: value: 12 is not in its quote (the quote prints no number: quote the words that print it)",
        "figures.csv:9: value: 84 is not in its quote (the quote prints 48)",
    ]


def test_a_qualifier_not_printed_in_its_quote_is_an_error():
    frames = {"gov_figures": raw_frame([
        {"value": "83", "qualifier": "afërsisht", "quote": "ndihmoi drejtpërsëdrejti afërsisht 83 persona"},
        {"value": "83", "qualifier": "afersisht", "quote": "ndihmoi afërsisht 83 persona"},  # without ë: the same
        {"value": "83", "qualifier": "më shumë se", "quote": "ndihmoi rreth 83 persona"},
        {"value": "83", "qualifier": "të paktën", "quote": "ndihmoi 83 persona"},
    ])}
    problems = checks.check_values(frames, {"gov_figures": "gov.csv"})
    assert [str(p) for p in sorted(problems)] == [
        "gov.csv:4: qualifier: 'më shumë se' is not in its quote "
        "(the quote says 'rreth': write the qualifier as printed)",
        "gov.csv:5: qualifier: 'të paktën' is not in its quote "
        "(the quote prints no qualifier: leave it empty, or quote the words that print it)",
    ]


def test_values_of_claims_are_checked_and_tables_without_values_are_not():
    frames = {"claims": raw_frame([{"value": "22", "quote": "mbi 21 OJF"}]),
              "events": raw_frame([{"quote": "Më 1 mars 2007"}])}
    problems = checks.check_values(frames, {"claims": "claims.csv", "events": "events.csv"})
    assert [(p.file, p.row, p.column) for p in problems] == [("claims.csv", 2, "value")]


def test_a_value_that_disagrees_with_its_quote_fails_cleaning_with_one_line(workspace):
    report, clean = workspace
    edit(report / "figures.csv", "stj-1,people_trained,30,", "stj-1,people_trained,300,")
    lines = problems_after(report, clean)
    assert [line.split("synthetic-2007/")[1] for line in lines] == [
        "figures.csv:5: value: 300 is not in its quote (the quote prints 30)"]


def test_an_empty_source_line_names_the_rows_own_report_text_and_the_command_that_fills_it(workspace):
    report, clean = workspace
    edit(report / "figures.csv", "trajnoi 30 punonjës socialë,10,", "trajnoi 30 punonjës socialë,,")
    edit(report / "figures.csv", "Projekti ndihmoi 25 viktima,6,", "Projekti ndihmoi 25 viktima,gjashtë,")
    lines = problems_after(report, clean)
    assert len(lines) == 2, lines
    for line, row, problem in zip(lines, (3, 5), ("'gjashtë' is not a line number", "is empty")):
        assert f"synthetic-2007/figures.csv:{row}: source_line: {problem}" in line, line
        assert f"(write the line of {report / 'report.txt'} it is printed on, or let 'sitrep cite " in line, line
        assert "synthetic-2007/figures.csv --write' fill it from the quote)" in line and "kvktnj-2006" not in line


# Reports as declared units: one namespace of organisations, each quote against its own report's text.
def test_an_organisation_typed_again_says_where_it_exists_and_how_to_refer_to_it(workspace):
    report, clean = workspace
    with open(report / "organizations.csv", "a", encoding="utf-8") as handle:
        handle.write("usaid,USAID,USAID,,donor_government,Donatori Test financoi,16,\n")
    lines = problems_after(report, clean)
    assert any("organizations.csv:5: org_id: organisation 'usaid' already exists (report 'kvktnj-2006'" in line
               and "refer to it as 'usaid'" in line for line in lines), "\n".join(lines)
    # where it exists: the earlier report, its file and the row that introduces it
    first = next(row for row, line in enumerate((paths.RAW / "kvktnj-2006" / "organizations.csv").read_text(
        encoding="utf-8").splitlines(), start=1) if line.startswith("usaid,"))
    where = f"(report 'kvktnj-2006', {report.parent / 'kvktnj-2006' / 'organizations.csv'}:{first}) (an organisation"
    assert any(where in line for line in lines), "\n".join(lines)


def test_a_quote_of_another_report_is_not_found_in_this_one(workspace):
    report, clean = workspace
    quote_2006 = "Fondacioni Rruga me Pisha krijoi dhe transmetoi një radio-novelë kombëtare"
    assert quote_2006 in (report.parent / "kvktnj-2006" / "grants.csv").read_text(encoding="utf-8")
    edit(report / "figures.csv", "Projekti ndihmoi 25 viktima", quote_2006)
    lines = problems_after(report, clean)
    # the error names this row's own report text, never the 2006 one
    (missing,) = [line for line in lines if "synthetic-2007/figures.csv:3: quote:" in line]
    assert f"is not in {report / 'report.txt'}" in missing and "kvktnj-2006" not in missing, missing


def test_a_changed_text_is_caught_by_its_hash(workspace):
    report, clean = workspace
    text = report / "report.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nnjë rresht i shtuar\n", encoding="utf-8")
    lines = problems_after(report, clean)
    assert any("synthetic-2007/report.toml: text_sha256: does not match report.txt" in line for line in lines), lines


def test_report_metadata_names_each_missing_field(workspace):
    report, clean = workspace
    edit(report / "report.toml", 'short = "Raport provë"\n', "")
    lines = problems_after(report, clean)
    assert any("report.toml: short: is missing (give the short name citations use" in line for line in lines), lines


def test_a_grant_of_another_period_is_refused(workspace):
    report, clean = workspace
    edit(report / "grants.csv", "2007-01,2007-06,2007-01:2007-06", "2007-01,2007-06,2007-01:2007-12")
    lines = problems_after(report, clean)
    assert any("grants.csv:2: period: '2007-01:2007-12' is outside the report's period 2007-01:2007-06" in line
               for line in lines), lines


def test_an_organisation_of_a_later_report_cannot_be_borrowed(workspace):
    report, clean = workspace
    earlier = report.parent / "kvktnj-2006" / "grants.csv"
    edit(earlier, ",usaid,", ",usaid; stv,")
    lines = problems_after(report, clean)
    assert any("kvktnj-2006/grants.csv" in line and "'stv' is not a org_id" in line
               and "later report 'synthetic-2007'" in line for line in lines), lines


def test_a_glossary_entry_and_its_quote_must_agree_and_a_key_message_quote_must_cover_its_line():
    source = SourceText(("", "OSBE Organizata për Siguri dhe Bashkëpunim në Europë", "PKV Plani Kombëtar i Veprimit",
                         "Shqipëria mbetet ende një vend", "burimi për gratë"))
    frames = {
        "glossary": raw_frame([
            {"abbreviation": "OSBE", "expansion": "Organizata për Siguri dhe Bashkëpunim në Europë",
             "quote": "OSBE Organizata për Siguri dhe Bashkëpunim në Europë", "source_line": "2"},
            {"abbreviation": "OSCE", "expansion": "Plani Kombëtar i Veprimit",
             "quote": "PKV Plani Kombëtar i Veprimit", "source_line": "3"},
            {"abbreviation": "PKV", "expansion": "Plani Kombëtar",
             "quote": "PKV Plani Kombëtar i Veprimit", "source_line": "2"},
            {"abbreviation": "OSBE", "expansion": "Organizata Ndërkombëtare",
             "quote": "OSBE Organizata për Siguri dhe Bashkëpunim në Europë", "source_line": "2"},
        ]),
        "key_messages": raw_frame([{"quote": "mbetet ende një vend burimi", "source_line": "3"}]),
    }
    shown = {"glossary": "glossary.csv", "key_messages": "key_messages.csv"}
    problems = checks.check_glossary(frames, shown) + checks.check_quotes(frames, shown, source)
    found = sorted((p.file, p.row, p.column) for p in problems)
    assert found == [("glossary.csv", 3, "abbreviation"), ("glossary.csv", 4, "source_line"),
                     ("glossary.csv", 5, "abbreviation"), ("glossary.csv", 5, "expansion"),
                     ("key_messages.csv", 2, "source_line")]
    repeated = next(p for p in problems if p.row == 5 and p.column == "abbreviation")
    assert repeated.message == "'OSBE' is already listed on row 2"


def test_a_grants_programme_is_an_organisation_of_the_report_or_an_earlier_one():
    frames = {
        "organizations": raw_frame([{"org_id": "usaid"}, {"org_id": "vatra"}, {"org_id": "grant-fund"}]),
        "grants": raw_frame([{"grant_id": "vatra-1", "org_id": "vatra", "funders": "usaid", "program": "grant-fund"},
                             {"grant_id": "vatra-2", "org_id": "vatra", "funders": "usaid", "program": "grantfund"}]),
    }
    problems = checks.check_references([one_report(frames, {"organizations": "organizations.csv",
                                                            "grants": "grants.csv"})])
    assert [(p.row, p.column) for p in problems] == [(3, "program")]
    assert "'grantfund' is not a org_id" in problems[0].message and "did you mean 'grant-fund'?" in problems[0].hint


def test_a_plan_cited_or_structured_is_one_of_the_plans_table():
    frames = {
        "plans": raw_frame([{"plan": "nap_2005_2007"}, {"plan": "child_strategy"}]),
        "nap_links": raw_frame([{"grant_id": "g-1", "plan": "nap_2005_2007"}, {"grant_id": "g-1", "plan": "nap_2005"}]),
        "nap_structure": raw_frame([{"plan": "child_strategy"}, {"plan": "nrm"}]),
    }
    shown = {name: f"{name}.csv" for name in frames}
    problems = [p for p in checks.check_references([one_report(frames, shown)]) if p.column == "plan"]
    assert sorted((p.file, p.row) for p in problems) == [("nap_links.csv", 3), ("nap_structure.csv", 3)]
    assert "did you mean 'nap_2005_2007'?" in next(p.hint for p in problems if p.file == "nap_links.csv")


def test_check_units_tells_each_row_whose_unit_its_measure_does_not_count_in_in_row_order():
    frames = {"figures": raw_frame([
        {"metric": "sheltered", "unit": "cases"},
        {"metric": "victims_assisted", "unit": "cases"},  # victims assisted may be counted in cases
        {"metric": " sheltered ", "unit": "persons"},
        {"metric": "sheltered", "unit": None},
        {"metric": "people_trained", "unit": "organizations"},
        {"metric": "sheltered", "unit": "cases "},
        {"metric": None, "unit": "cases"},
        {"metric": "sheltered", "unit": "people"},  # outside the vocabulary: a problem of its rule, not of this check
    ])}
    problems = checks.check_units(frames, {"figures": "figures.csv"})
    assert [(p.row, p.message, p.hint) for p in problems] == [
        (2, "'cases' is not a unit of sheltered", "sheltered counts persons"),
        (6, "'organizations' is not a unit of people_trained", "people_trained counts persons"),
        (7, "'cases' is not a unit of sheltered", "sheltered counts persons"),
    ]
