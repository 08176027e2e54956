"""Every table belongs to a period directly or through its report: each edition holds all of its report's rows."""

from __future__ import annotations

import csv

import pytest

from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition

PERIODS = {"kvktnj-2006": "2005-01:2006-07", "synthetic-2007": "2007-01:2007-06"}
# table → the Dataset view of it (events: all_events, as a timeline shows the report's background too)
VIEWS = {"grants": "grants", "figures": "figures", "nap_links": "nap_links", "claims": "claims",
         "ngo_efforts": "ngo_efforts", "events": "all_events",
         "nap_structure": "nap_structure", "grant_places": "grant_places"}


def rows_of(clean, name: str) -> list[dict[str, str]]:
    with open(clean / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("report", PERIODS)
@pytest.mark.parametrize("table", VIEWS)
def test_an_edition_holds_every_row_of_its_report_and_none_of_another(synthetic_clean_dir, report, table):
    data = Dataset(synthetic_clean_dir, Edition(period=PERIODS[report], audience="internal"))
    view = getattr(data, VIEWS[table])
    expected = [row for row in rows_of(synthetic_clean_dir, table) if row["report_id"] == report]
    assert len(expected) > 0
    assert len(view) == len(expected) and set(view["report_id"]) == {report}


def test_undated_government_figures_stay_with_their_report(synthetic_clean_dir):
    for report, period in PERIODS.items():
        data = Dataset(synthetic_clean_dir, Edition(period=period))
        assert set(data.gov_figures["report_id"]) == {report}
        assert [s.id for s in data.sources] == [report]


def test_organisations_of_an_earlier_report_are_known_to_a_later_one_and_not_the_reverse(synthetic_clean_dir):
    first = Dataset(synthetic_clean_dir, Edition(period=PERIODS["kvktnj-2006"])).organizations
    second = Dataset(synthetic_clean_dir, Edition(period=PERIODS["synthetic-2007"])).organizations
    assert "usaid" in set(first["org_id"]) and "usaid" in set(second["org_id"])
    assert "stv" in set(second["org_id"]) and "stv" not in set(first["org_id"])


def test_a_programme_is_in_its_reports_edition_when_undated_or_running_then(synthetic_clean_dir):
    for report, period in PERIODS.items():
        data = Dataset(synthetic_clean_dir, Edition(period=period))
        start, end = data.bounds
        shown = set(data.donor_programs["program_id"])
        for row in rows_of(synthetic_clean_dir, "donor_programs"):
            undated = not row["start"] and not row["end"]
            started = not row["start"] or row["start"] <= str(end.date())
            running = started and (not row["end"] or row["end"] >= str(start.date()))
            expected = row["report_id"] == report and (undated or running)
            assert (row["program_id"] in shown) == expected, row["program_id"]


def test_a_derived_table_is_computed_once_and_a_page_that_changes_its_copy_changes_no_other(synthetic_clean_dir):
    data = Dataset(synthetic_clean_dir, Edition(period=PERIODS["kvktnj-2006"], audience="internal"))
    first = data.grants
    first["org_id"] = "changed"
    first.loc[0, "grant_id"] = "changed"
    first["added"] = 1
    second = data.grants
    assert "added" not in second.columns and "changed" not in set(second["org_id"])
    assert "changed" not in set(second["grant_id"])
    assert len(second) == len(rows_of(synthetic_clean_dir, "grants")) - sum(
        row["report_id"] != "kvktnj-2006" for row in rows_of(synthetic_clean_dir, "grants"))
    assert second is not data.grants


def test_a_derived_table_served_again_still_reports_the_files_it_came_from(synthetic_clean_dir):
    data = Dataset(synthetic_clean_dir, Edition(period=PERIODS["kvktnj-2006"]))
    with data.tracking() as first:
        data.figures
    with data.tracking() as again:
        data.figures
    assert {"figures.csv", "grants.csv"} <= first
    assert again == first
    filtered = Dataset(synthetic_clean_dir, Edition(period=PERIODS["kvktnj-2006"]), where={"phase": 1})
    assert len(filtered.grants) < len(data.grants)


def test_a_public_figures_table_keeps_what_it_hides_through_every_operation_without_copying_it(synthetic_clean_dir):
    import copy

    data = Dataset(synthetic_clean_dir, Edition(period=PERIODS["kvktnj-2006"]))
    figures = data.figures
    hidden = figures.attrs["hidden_figures"]
    assert hidden == frozenset(data.hidden_counts()[1])
    chosen = figures[figures["value"] > 0].reset_index(drop=True).copy()
    assert chosen.attrs["hidden_figures"] == hidden and chosen.attrs["edition"] == data.edition
    assert chosen.attrs["hidden_figures"] is hidden and copy.deepcopy(data.edition) is data.edition
