"""Each edition's folder name, and its slice of the clean tables: its reports' rows and earlier ones', never later."""

from __future__ import annotations

import csv

from sitrep.report.edition import Edition
from sitrep.site.editions import edition_tables, folder_name


def test_folder_names_say_period_then_what_is_not_the_default():
    assert folder_name(Edition(period="2005-01:2006-07")) == "2005-01_2006-07"
    assert folder_name(Edition(period="2007-01:2007-06", lang="en", audience="internal", min_cell=5)) == \
        "2007-01_2007-06-en-internal-min5"


def test_an_editions_slice_holds_its_reports_and_earlier_ones(synthetic_clean_dir, tmp_path):
    import shutil

    clean = shutil.copytree(synthetic_clean_dir, tmp_path / "clean")
    first = edition_tables(clean, Edition(period="2005-01:2006-07"))
    second = edition_tables(clean, Edition(period="2007-01:2007-06"))

    def reports(folder, name):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return {row["report_id"] for row in csv.DictReader(handle)}

    assert reports(first, "grants.csv") == {"kvktnj-2006"}
    assert reports(second, "grants.csv") == {"kvktnj-2006", "synthetic-2007"}
    with open(clean / "grants.csv", encoding="utf-8", newline="") as handle:
        whole = [row for row in csv.DictReader(handle) if row["report_id"] == "kvktnj-2006"]
    with open(first / "grants.csv", encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == whole
    stamp = (first / "grants.csv").stat().st_mtime_ns
    assert edition_tables(clean, Edition(period="2005-01:2006-07")) == first
    assert (first / "grants.csv").stat().st_mtime_ns == stamp  # unchanged tables: the slice is not rewritten
