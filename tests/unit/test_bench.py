"""The benchmark's command line, and the synthetic raw tables it times the cleaning on."""

from __future__ import annotations

import csv
import subprocess
import sys

from sitrep import bench
from sitrep.transform.numerals import parse_one, printed_numbers


def test_help_lists_what_can_be_measured():
    done = subprocess.run([sys.executable, "-m", "sitrep.bench", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    for what in ("clean", "build", "pages", "series", "tests", "profile", "all", "--rows", "--repeats", "--periods"):
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
