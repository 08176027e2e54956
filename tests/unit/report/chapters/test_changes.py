"""The "What changed" chapter and the county trend, on the committed report and the synthetic one cleaned together.

Expected numbers are summed here from the raw tables, read plainly; never taken from the chapter's code.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from conftest import SYNTHETIC_PERIOD, SYNTHETIC_REPORT
from sitrep import i18n
from sitrep.report.chapters import changes, district
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition

from rawdata import REPORT, gazetteer_qark, measure, split

FIRST = "2005-01:2006-07"
WORDS = {"dy": 2, "shtatë": 7}


def raw(folder, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_results(folder, metric: str) -> int:
    rows = [r for r in raw(folder, "figures") if measure(r) == metric and r["is_target"] == "false"]
    return sum(WORDS.get(r["value"]) or int(r["value"].replace(",", "")) for r in rows)


def data(clean, period=SYNTHETIC_PERIOD, **options) -> Dataset:
    return Dataset(clean, Edition(period=period, **options))


def row_of(view, label: str) -> list:
    first = view.table.columns[0]
    rows = view.table[view.table[first] == label]
    assert len(rows) == 1, label
    return rows.iloc[0].tolist()


def test_the_first_period_has_nothing_to_compare_and_says_so_in_one_line(synthetic_clean_dir):
    first = data(synthetic_clean_dir, FIRST, lang="en")
    assert changes.previous(first) is None
    for view in (changes.indicators_view(first), changes.qarqe_view(first), changes.organizations_view(first)):
        assert view.empty_message == "There is no earlier reporting period to compare with.", view.name
    assert changes.intro(first) == ("changes.empty", {})
    assert not district.has_trend(first)


def test_totals_per_month_rates_and_changes_follow_the_raw_tables(synthetic_clean_dir):
    later = data(synthetic_clean_dir, audience="internal", lang="en")
    assert changes.previous(later).edition.period == FIRST
    before, after = raw_results(REPORT, "prevention_reached"), raw_results(SYNTHETIC_REPORT, "prevention_reached")
    assert (before, after) == (39291, 4321)
    row = row_of(changes.indicators_view(later), "Reached by prevention")
    en = lambda v: i18n.number(v, "en")  # noqa: E731
    # 19 months (January 2005 to July 2006) against 6 (January to June 2007). The 2006 total adds Berat's "më shumë
    # se 1,193" (line 2697), so it is at least its value; the synthetic report's figures are exact.
    assert row[1:] == ["at least " + en(before), en(round(before / 19, 1)), en(after), en(round(after / 6, 1)),
                       "−" + en(before - after), "−" + en(round(before / 19 - after / 6, 1))]
    grants = row_of(changes.indicators_view(later), "Grants")
    assert grants[1] == str(len(raw(REPORT, "grants"))) and grants[3] == str(len(raw(SYNTHETIC_REPORT, "grants")))
    # The chart: how much the per-month rate fell, in per cent.
    trace = changes.indicators_view(later).figure.data[0]
    percent = round(after / 6 / (before / 19) * 100 - 100)
    assert dict(zip(trace.y, trace.text))["Reached by prevention"] == f"−{-percent} %" == "−65 %"
    _, key_values = changes.intro(later)
    assert key_values["this_months"] == 6 and key_values["previous_months"] == 19


def test_a_difference_never_reveals_a_hidden_count(synthetic_clean_dir):
    # With a threshold of 30, the synthetic report's 25 victims assisted and 12 women sheltered are hidden; the
    # earlier period's 133 persons (its 15 victims' cases are a count of their own) and 171 are shown. A change of
    # −108 or a rate of 4.2 would give the 25 away.
    later = data(synthetic_clean_dir, lang="en", min_cell=30)
    view = changes.indicators_view(later)
    for label, small, earlier, shown in (("Victims assisted", 25, 133, "about 133"),
                                         ("Women and girls sheltered", 12, 171, "171")):
        row = row_of(view, label)
        assert row[1] == shown and row[3] == "<30", row
        assert row[4:] == ["hidden", "hidden", "hidden"], row
        downloaded = view.data[view.data.iloc[:, 0] == label].iloc[0].tolist()
        assert small not in downloaded and earlier - small not in downloaded and "<30" in downloaded
    # The earlier period's 15 victims' cases are below 30 as well: a count of their own, hidden as such.
    assert {cell["cell"] for cell in view.suppressed} == {"victims_assisted", "victim_cases_assisted", "sheltered"}
    trace = view.figure.data[0]
    bars = dict(zip(trace.y, zip(list(trace.x), list(trace.text))))
    assert bars["Victims assisted"] == bars["Women and girls sheltered"] == (0, "hidden"), bars
    qarqe = changes.qarqe_view(later)
    vlore = qarqe.table[(qarqe.table.iloc[:, 0] == "Vlorë") & (qarqe.table.iloc[:, 1] == "Women and girls sheltered")]
    assert vlore.iloc[0, 4] == "<30" and (vlore.iloc[0, 5:] == "hidden").all(), vlore
    assert qarqe.suppressed


def test_a_hidden_earlier_cell_hides_the_change_too(synthetic_clean_dir):
    # Durrës's victims assisted in 2005–06 are below 10 (hidden in that edition): the change to 0 would be −that count.
    internal = changes.qarqe_view(data(synthetic_clean_dir, audience="internal", lang="en"))
    exact = internal.table[(internal.table.iloc[:, 0] == "Durrës") & (internal.table.iloc[:, 1] == "Victims assisted")]
    assert 0 < int(exact.iloc[0, 2]) < 10
    public = changes.qarqe_view(data(synthetic_clean_dir, lang="en"))
    row = public.table[(public.table.iloc[:, 0] == "Durrës") & (public.table.iloc[:, 1] == "Victims assisted")]
    assert row.iloc[0, 2] == "<10" and row.iloc[0, 3] == "hidden" and row.iloc[0, 6:].tolist() == ["hidden", "hidden"]
    downloaded = public.data[(public.data.iloc[:, 0] == "Durrës") & (public.data.iloc[:, 1] == "Victims assisted")]
    count = int(exact.iloc[0, 2])
    assert not {count, -count, round(count / 19, 1), -round(count / 19, 1)} & set(downloaded.iloc[0, 2:].tolist())


def test_organisations_new_continuing_and_gone(synthetic_clean_dir):
    later = data(synthetic_clean_dir, lang="en")
    status = changes.organization_status(later, changes.previous(later)).set_index("org_id")["status"]

    def active(folder) -> set[str]:
        ids = {r["org_id"] for r in raw(folder, "grants")} | {r["org_id"] for r in raw(folder, "ngo_efforts")}
        ids |= {part.strip() for r in raw(folder, "grants") for part in r["funders"].split(";") if part.strip()}
        ids |= {part.strip() for r in raw(folder, "donor_programs") for column in ("donor", "implementer")
                for part in r[column].split(";") if part.strip()}
        return ids

    old, new = active(REPORT), active(SYNTHETIC_REPORT)
    assert set(status[status == "new"].index) == new - old == {"stv", "stj", "donor-test"}
    assert set(status[status == "continuing"].index) == new & old == {"usaid"}
    assert set(status[status == "gone"].index) <= old - new and (status == "gone").sum() > 10
    view = changes.organizations_view(later)
    assert dict(zip(view.table["Organisation"], view.table["Status"]))["North Test Association (STV)"] == "new"
    assert view.notes[0].startswith("3 new, 1 continuing, ")


def test_a_county_profile_shows_its_own_trend_with_hidden_counts_hidden(synthetic_clean_dir):
    # Vlorë: the synthetic report's Shoqata Test Jugu worked there alone, sheltering 12 and training 30.
    internal = data(synthetic_clean_dir, audience="internal", lang="en")
    assert district.has_trend(internal)
    view = district.trend_view(internal, "Vlorë")
    rows = {(r[0], r[1]): r[2] for r in view.data.itertuples(index=False)}
    this = "Jan 2007 – Jun 2007"
    assert rows[(this, "Women and girls sheltered")] == 12 and rows[(this, "People trained")] == 30
    earlier = district.reach_view(data(synthetic_clean_dir, FIRST, audience="internal", lang="en"), "Vlorë")
    shown_then = dict(zip(earlier.data.iloc[:, 0], earlier.data.iloc[:, 1]))
    assert rows[("Jan 2005 – Jul 2006", "Women and girls sheltered")] == shown_then["Women and girls sheltered"]
    public = district.trend_view(data(synthetic_clean_dir, lang="en", min_cell=15), "Vlorë")
    hidden = public.table[(public.table.iloc[:, 0] == this) & (public.table.iloc[:, 1] == "Women and girls sheltered")]
    assert hidden.iloc[0, 2:].tolist() == ["<15", "<15"] and public.suppressed
    assert 12 not in public.data.iloc[:, 2].tolist() and 2.0 not in public.data.iloc[:, 3].tolist()


def test_a_count_this_period_gives_no_figure_is_no_zero_and_no_change_is_worked_out_from_it(synthetic_clean_dir):
    given = {measure(r) for r in raw(SYNTHETIC_REPORT, "figures") if r["is_target"] == "false"}
    missing = [m for m in district.PEOPLE_METRICS if m not in given and raw_results(REPORT, m)]
    assert missing, "the fixture leaves out a count the committed report gives"
    view = changes.indicators_view(data(synthetic_clean_dir, lang="en", audience="internal"))
    for metric in missing:
        label = changes.indicator_label(metric, "en")
        row = row_of(view, label)
        assert row[1] != "no figure" and row[3:] == ["no figure"] * 4, row  # the earlier total stands; nothing after it
        downloaded = view.data[view.data.iloc[:, 0] == label].iloc[0].tolist()
        assert downloaded[1] == raw_results(REPORT, metric) and pd.isna(downloaded[3:]).all(), downloaded
    bars = dict(zip(view.figure.data[0].y, view.figure.data[0].text))
    assert all(bars[changes.indicator_label(m, "en")] == "no figure" for m in missing)
    # per qark too: an internal edition hides nothing, so a bar with no figure says so and none says "hidden"
    qarqe = changes.qarqe_view(data(synthetic_clean_dir, lang="en", audience="internal"))
    texts = [text for trace in qarqe.figure.data for text in trace.text]
    assert "no figure" in texts and "hidden" not in texts and not qarqe.suppressed


def given_alone(folder, qark: str) -> set[str]:
    """The counts a report's results give the projects that worked in the qark alone, from its raw tables."""
    qark_of = gazetteer_qark()
    alone = {g["grant_id"] for g in raw(folder, "grants") if {qark_of.get(p) for p in split(g["places"])} == {qark}}
    return {measure(r) for r in raw(folder, "figures") if r["grant_id"] in alone and r["is_target"] == "false"}


def test_a_county_trend_draws_only_the_counts_some_period_gives_it_and_names_those_left_out(synthetic_clean_dir):
    qark, this = "Tiranë", "Jan 2007 – Jun 2007"
    counts = set(district.PEOPLE_METRICS)
    then, now = given_alone(REPORT, qark) & counts, given_alone(SYNTHETIC_REPORT, qark) & counts
    assert then and not now and then != counts  # the synthetic report has no project in Tiranë alone
    view = district.trend_view(data(synthetic_clean_dir, lang="en", audience="internal"), qark)
    name = {m: changes.indicator_label(m, "en") for m in counts}
    assert set(view.data.iloc[:, 1]) == {name[m] for m in then}
    assert [trace.name for trace in view.figure.data] == [name[m] for m in district.PEOPLE_METRICS if m in then]
    note = next(note for note in view.notes if note.startswith("No period gives this county a figure for:"))
    assert all(name[m] in note for m in counts - then) and not any(name[m] in note for m in then)
    # where this period gives no figure, its cells say so, and the download leaves them blank: not a zero
    later = view.table[view.table.iloc[:, 0] == this]
    assert len(later) == len(then) and set(later.iloc[:, 2]) == set(later.iloc[:, 3]) == {"no figure"}
    assert view.data[view.data.iloc[:, 0] == this].iloc[:, 2:].isna().all().all()
    # a hidden count is a count a figure gives: hiding every victim count keeps every panel and row
    internal, public = (district.trend_view(data(synthetic_clean_dir, lang="en", **options), "Vlorë")
                        for options in ({"audience": "internal"}, {"min_cell": 1000}))
    assert [trace.name for trace in public.figure.data] == [trace.name for trace in internal.figure.data]
    assert public.data.iloc[:, :2].equals(internal.data.iloc[:, :2]) and public.suppressed


def test_a_county_no_period_gives_a_figure_has_a_trend_that_says_so(synthetic_clean_dir):
    counts = set(district.PEOPLE_METRICS)
    qarqe = set(gazetteer_qark().values())
    silent = sorted(q for q in qarqe if not (given_alone(REPORT, q) | given_alone(SYNTHETIC_REPORT, q)) & counts)
    assert silent
    view = district.trend_view(data(synthetic_clean_dir, lang="en"), silent[0])
    assert view.figure is None and view.data.empty
    assert view.empty_message == f"No period gives a figure for projects that worked in {silent[0]} County alone."


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_the_comparisons_cite_both_reports(synthetic_clean_dir, lang):
    later = data(synthetic_clean_dir, lang=lang)
    for view in (changes.indicators_view(later), changes.qarqe_view(later), changes.organizations_view(later),
                 district.trend_view(later, "Vlorë")):
        assert [source.id for source in view.cited] == ["kvktnj-2006", "synthetic-2007"], view.name
