"""The benchmark's command line, and the synthetic raw tables it times the cleaning on."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

from sitrep import bench
from sitrep.transform.numerals import parse_one, printed_numbers


def test_help_lists_what_can_be_measured():
    done = subprocess.run([sys.executable, "-m", "sitrep.bench", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    for what in ("clean", "build", "rebuilds", "pages", "sizes", "series", "tests", "profile", "all", "--rows",
                 "--repeats", "--periods"):
        assert what in done.stdout, what


def test_an_unknown_measure_is_refused():
    done = subprocess.run([sys.executable, "-m", "sitrep.bench", "speed"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "invalid choice" in done.stderr


def rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_synthetic_raw_has_the_rows_asked_for_each_pointing_at_a_grant(tmp_path):
    raw = bench.synthetic_raw(tmp_path / "raw", 60)
    report = bench.first_report(raw)
    figures, grants = rows(report / "figures.csv"), rows(report / "grants.csv")
    assert len(figures) == 60 and len(grants) == 6  # a grant for every ten figures
    ids = {grant["grant_id"] for grant in grants}
    assert len(ids) == 6 and {figure["grant_id"] for figure in figures} <= ids
    assert {figure["metric"] for figure in figures} <= set(bench.METRICS)
    # every value is the one its quote prints, in one of the forms partners write (cleaning checks it)
    assert all(parse_one(f["value"]) in {r.value for r in printed_numbers(f["quote"])} for f in figures)
    assert any("," not in f["value"] and f["value"].replace(".", "").replace(" ", "").isdigit()
               and len(f["value"]) > 3 for f in figures)
    assert all(grant["places"] for grant in grants)


def test_synthetic_raw_is_the_same_for_the_same_seed(tmp_path):
    first = bench.synthetic_raw(tmp_path / "a", 30, seed=7)
    second = bench.synthetic_raw(tmp_path / "b", 30, seed=7)
    other = bench.synthetic_raw(tmp_path / "c", 30, seed=8)
    first, second, other = (bench.first_report(raw) for raw in (first, second, other))
    assert (first / "figures.csv").read_bytes() == (second / "figures.csv").read_bytes()
    assert (first / "figures.csv").read_bytes() != (other / "figures.csv").read_bytes()


def test_a_series_of_reporting_periods_cleans_into_one_dataset_of_as_many_periods(tmp_path):
    from sitrep.site.editions import report_periods
    from sitrep.transform.run import run_clean

    raw = bench.series_raw(tmp_path / "raw", 4)
    assert len([folder for folder in raw.iterdir() if (folder / "report.toml").is_file()]) == 4
    clean = tmp_path / "clean"
    run_clean(raw, clean)  # ids, quotes and text hashes of every copy hold
    periods = report_periods(clean)
    assert len(periods) == len(set(periods)) == 4
    grants = rows(clean / "grants.csv")
    assert len({grant["grant_id"] for grant in grants}) == len(grants)
    assert {grant["report_id"] for grant in grants} >= {"synthetic-2007", "synthetic-2008", "synthetic-2009"}


MAKE_TEST_LOG = """make test ARGS=
........                                                                 [100%]
============================= slowest 10 durations =============================
212.40s setup    tests/e2e/test_build.py::test_a_cold_build_writes_every_page
31.05s call     tests/e2e/test_browser.py::test_every_chart_draws
0.51s teardown tests/e2e/test_build.py::test_a_cold_build_writes_every_page
================= 1019 passed, 2 skipped in 533.17s (0:08:53) ==================
make test: wall 541 s, exit 0, load average at the end 2.10 3.40 3.90
"""


def test_the_make_test_log_gives_wall_time_exit_load_and_slowest_tests():
    found = bench.read_test_log(MAKE_TEST_LOG)
    assert found["seconds"] == 541 and found["returncode"] == 0 and found["load"] == "2.10 3.40 3.90"
    assert found["args"] == ""
    assert [line.split()[0] for line in found["slowest"]] == ["212.40s", "31.05s", "0.51s"]
    assert found["summary"].startswith("1019 passed, 2 skipped in 533.17s")


def test_a_run_that_did_not_finish_has_no_wall_time():
    found = bench.read_test_log(MAKE_TEST_LOG.rsplit("make test: wall", 1)[0])
    assert found["seconds"] is None and found["returncode"] is None


def test_the_machines_reference_is_the_time_its_fixed_loop_takes(monkeypatch):
    monkeypatch.setattr(bench, "REFERENCE_LOOP", 1_000)
    short = bench.machine_reference(1)
    monkeypatch.setattr(bench, "REFERENCE_LOOP", 1_000_000)
    assert 0 < short < bench.machine_reference(1)  # a thousand times the loop: no machine's noise hides that


def test_a_target_says_whether_it_holds():
    assert bench.target(0.4, 0.5) == "(target ≤ 0.5 s: holds)"
    assert bench.target(0.6, 0.5).endswith("does not hold)")
    assert bench.target(26.0, 25, "×", at_least=True) == "(target ≥ 25×: holds)"
    assert bench.target(9.8, 25, "×", at_least=True).endswith("does not hold)")


def test_the_pages_of_a_site_are_those_of_every_edition(tmp_path):
    for edition, pages in (("2005-01_2006-07", ["index.html", "grants.html"]), ("2007-01_2007-12", ["index.html"])):
        (tmp_path / edition).mkdir()
        manifest = {"pages": [{"page": page, "notebook": "notebooks/x.ipynb", "parameters": {}} for page in pages]}
        (tmp_path / edition / "manifest.json").write_text(json.dumps(manifest))
    assert [page["page"] for page in bench.site_pages(tmp_path)] == ["index.html", "grants.html", "index.html"]


def test_the_synthetic_raw_data_pass_every_check_of_cleaning(tmp_path):
    from sitrep.transform.run import run_clean

    raw = bench.synthetic_raw(tmp_path / "raw", 200)
    run_clean(raw, tmp_path / "clean")  # a DataError here names the row and rule the generator broke
    assert len(rows(tmp_path / "clean" / "figures.csv")) == 200
