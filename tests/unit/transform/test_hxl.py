"""The HXL 3W read with libhxl, as an HDX user would: sums by #adm1 are the grants chapter's bars, sums are totals.

Expected values come from the grants chapter (grants.protected_reach, metrics.headline, metrics.projects_present)
of an internal edition, which shows exact numbers as the clean tables hold them; the HXL side is read only through
libhxl from the written file, never from the code that wrote it.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import hxl
import numpy as np
import pandas as pd
import pytest

from conftest import SYNTHETIC_PERIOD
from sitrep.report import metrics
from sitrep.report.chapters import grants
from sitrep.report.dataset import Dataset
from sitrep.report.downloads import safe_csv_text
from sitrep.report.edition import Edition
from sitrep.transform.datapackage import COUNT_COMMAND, readme
from sitrep.transform.hxl import HXL_COLUMNS, MEASURES, hxl_csv_text, source_lines, target_tag, three_w
from sitrep.transform.vocab import PEOPLE_METRICS, VICTIM_METRICS

# The tag pattern an HXL user asks for each people count; part of the export's promise, written here on purpose.
PATTERNS = {"prevention_reached": "#reached+prevention", "victims_assisted": "#reached+victims",
            "victim_cases_assisted": "#reached+cases", "sheltered": "#reached+sheltered",
            "people_trained": "#reached+trained", "people_assisted": "#reached+atrisk"}
TARGETS = {metric: pattern.replace("#reached", "#targeted") for metric, pattern in PATTERNS.items()}


@dataclass(frozen=True)
class Export:
    """A clean folder's 3W, filtered to one report's rows as an HDX user would (#meta+report+code)."""

    folder: Path
    report: str | None = None


@pytest.fixture(params=["report_2006", "synthetic_2007"])
def edition(request, clean_dir, synthetic_clean_dir) -> tuple[Export, Dataset]:
    """A clean folder's 3W and the internal edition of one report's period (the synthetic one beside 2006's)."""
    if request.param == "report_2006":
        return Export(clean_dir), Dataset(clean_dir, Edition(period="2005-01:2006-07", audience="internal"))
    return (Export(synthetic_clean_dir, "synthetic-2007"),
            Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, audience="internal")))


def read(source: Export | Path, name: str = "hxl_3w.csv") -> hxl.model.Dataset:
    source = source if isinstance(source, Export) else Export(source)
    data = hxl.data(str(source.folder / name), hxl.input.InputOptions(allow_local=True))
    return data.with_rows(f"#meta+report+code={source.report}") if source.report else data


def counted(folder: Path, by: list[str], pattern: str, name: str = "hxl_3w.csv") -> dict[tuple[str, ...], int]:
    """libhxl's count(): one sum per distinct key, empty sums as 0 (cells marked hidden are skipped, as text)."""
    rows = read(folder, name).count(by, aggregators=f"sum({pattern}) as Total#meta+sum")
    return {tuple(row.values[:len(by)]): int(row.values[-1] or 0) for row in rows}


def test_every_people_count_has_its_own_column():
    assert len(set(PATTERNS)) == len(set(PATTERNS.values())) and set(PATTERNS) == set(PEOPLE_METRICS)


@pytest.mark.parametrize("metric", PEOPLE_METRICS)
def test_sum_by_adm1_gives_the_grants_chapter_bar_of_each_qark(edition, metric):
    folder, data = edition
    bars = grants.protected_reach(data, metric)
    expected = {row.bucket: int(row.value) for row in bars.itertuples() if row.is_area and row.value}
    sums = counted(folder, ["#adm1+name"], PATTERNS[metric])
    got = {key[0]: value for key, value in sums.items() if key[0] and value}
    assert got == expected


@pytest.mark.parametrize("metric", PEOPLE_METRICS)
def test_rows_without_adm1_give_the_several_national_and_unknown_bars(edition, metric):
    folder, data = edition
    bars = grants.protected_reach(data, metric).set_index("bucket")
    sums = counted(folder, ["#adm1+name", "#loc+type"], PATTERNS[metric])
    for bucket in metrics.BUCKETS:
        assert sums.get(("", bucket), 0) == int(bars.at[bucket, "value"]), bucket
    assert {key[1] for key in sums if key[0] == ""} <= set(metrics.BUCKETS)


@pytest.mark.parametrize("metric", PEOPLE_METRICS)
def test_sum_of_all_rows_is_the_headline_total(edition, metric):
    folder, data = edition
    assert counted(folder, [], PATTERNS[metric]) == {(): metrics.headline(data)[metric]}


def test_targets_are_summed_apart_from_results(edition):
    folder, data = edition
    figures = data.figures
    for metric in PEOPLE_METRICS:
        targets = int(figures.loc[figures["is_target"] & (figures["metric"] == metric), "value"].sum())
        assert counted(folder, [], TARGETS[metric]) == {(): targets}, metric


def test_the_2006_totals_are_the_reports_not_each_grant_once_per_qark(clean_dir):
    """The total that repeating multi-qark grants on every qark row inflated to 60,060."""
    assert counted(clean_dir, [], PATTERNS["prevention_reached"]) == {(): 39291}


def test_a_qark_row_holds_only_grants_that_worked_in_that_qark_alone(edition):
    folder, data = edition
    places = data.grant_places
    local = places[(places["scope"] == "local") & places["qark"].notna()]
    qarqe_of = local.groupby("grant_id")["qark"].agg(set)
    national = set(places.loc[places["scope"] == "national", "grant_id"])
    seen = []
    for row in read(folder):
        grant, qark, scope = row.get("#activity+code"), row.get("#adm1+name"), row.get("#loc+type")
        listed = set(filter(None, (q.strip() for q in (row.get("#loc+name+list") or "").split("|"))))
        seen.append(grant)
        assert listed == qarqe_of.get(grant, set()), grant
        if qark:
            assert grant not in national and qarqe_of[grant] == {qark} and scope == "qark", grant
        elif scope == "several":
            assert grant not in national and len(qarqe_of[grant]) > 1, grant
        elif scope == "national":
            assert grant in national, grant
        else:
            assert scope == "unknown" and grant not in qarqe_of.index and grant not in national, grant
    assert sorted(seen) == sorted(data.grants["grant_id"])


def test_expanding_the_qark_lists_counts_the_projects_present_in_each_qark(edition):
    folder, data = edition
    rows = read(folder).expand_lists(correlate=True).count("#loc+name")
    got = {row.values[0]: int(row.values[1]) for row in rows if row.values[0]}
    present = metrics.projects_present(data.grant_places)
    assert got == dict(zip(present["qark"], present["grants"].astype(int)))


def test_the_readme_command_prints_the_grants_chapter_bars(clean_dir, dataset):
    """The README's one-line hxlcount, run as written on the cleaned folder."""
    assert COUNT_COMMAND in readme()
    command = COUNT_COMMAND.replace("data/clean/", f"{clean_dir}/")
    command = command.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
    done = subprocess.run(command, check=False, shell=True, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    _, tags, *body = list(csv.reader(done.stdout.splitlines()))
    assert tags == ["#adm1+name", "#loc+type", "#reached+prevention"]
    printed = {(qark or scope): int(value or 0) for qark, scope, value in body}
    bars = grants.protected_reach(dataset(audience="internal"), "prevention_reached")
    assert printed == {row.bucket: int(row.value) for row in bars.itertuples() if row.bucket in printed}
    assert {b for b in bars["bucket"] if int(bars.set_index("bucket").at[b, "value"])} <= set(printed)


def test_the_clean_3w_keeps_victim_counts_exact_as_the_other_internal_clean_tables_do(clean_dir):
    """The clean folder is internal: small victim counts are exact here, and the README says so."""
    table = pd.read_csv(clean_dir / "hxl_3w.csv", skiprows=[1], dtype=str, keep_default_na=False)
    figures = pd.read_csv(clean_dir / "figures.csv", dtype=str, keep_default_na=False)
    small = figures[(figures["metric"] == "victims_assisted") & (figures["value"].astype(int) < 10)]
    assert set(small["value"]) <= set(table["victims_assisted"])
    readme = (clean_dir / "README.md").read_text(encoding="utf-8")
    assert "internal" in readme and "hxl_3w.csv" in readme.split("## Privacy")[1]


# three_w itself, on tiny inline tables: each grant once, in its one qark or its bucket, results apart from targets.

def tiny_tables() -> dict[str, pd.DataFrame]:
    grants_table = pd.DataFrame({
        "grant_id": ["one", "two", "all"], "title": ["Një", "Dy", "Gjithë"], "org_id": ["vatra", "arsis", "vatra"],
        "funders": ["usaid", "usaid;unicef", "unicef"], "program": ["caaht"] * 3,
        "start": pd.to_datetime(["2005-01-01", "2005-06-01", None]), "end": pd.to_datetime(["2005-12-31"] * 3),
        "source_line": pd.array([10, 20, 30], dtype="Int64"), "report_id": ["r1"] * 3,
        "period_start": pd.to_datetime(["2005-01-01"] * 3), "period_end": pd.to_datetime(["2006-07-31"] * 3),
    })
    organisations = pd.DataFrame({"org_id": ["vatra", "arsis", "usaid", "unicef"],
                                  "name": ["Vatra", "ARSIS", "USAID", "UNICEF"]})
    places = pd.DataFrame({
        "grant_id": ["one", "two", "two", "all"], "scope": ["local", "local", "local", "national"],
        "qark": ["Vlorë", "Shkodër", "Korçë", pd.NA], "iso_3166_2": ["AL-12", "AL-10", "AL-06", pd.NA],
    })
    figures = pd.DataFrame({
        "grant_id": ["one", "one", "two", "two", "all"],
        "metric": ["prevention_reached", "prevention_reached", "prevention_reached", "prevention_reached",
                   "people_trained"],
        "is_target": [False, True, False, False, False], "value": pd.array([100, 250, 30, 50, 7], dtype="Int64"),
        "source_line": pd.array([11, 12, 21, 22, 31], dtype="Int64"),
    })
    return {"grants": grants_table, "organizations": organisations, "grant_places": places, "figures": figures}


def test_three_w_puts_each_grant_once_in_its_qark_or_bucket():
    frame = three_w(tiny_tables()).set_index("grant_id")
    assert list(frame.reset_index().columns) == [name for name, *_ in HXL_COLUMNS]
    assert frame.loc["one", ["qark", "qark_code", "scope"]].tolist() == ["Vlorë", "AL-12", "qark"]
    assert pd.isna(frame.at["two", "qark"]) and frame.at["two", "scope"] == "several"
    assert frame.at["two", "qarqe"] == "Korçë | Shkodër" and frame.at["two", "qarqe_codes"] == "AL-06 | AL-10"
    assert pd.isna(frame.at["all", "qark"]) and frame.at["all", "scope"] == "national"
    assert frame.at["two", "funder"] == "USAID; UNICEF" and frame.at["one", "implementer"] == "Vatra"


def test_three_w_gives_each_grant_its_own_period_and_none_where_its_dates_are_missing():
    tables = tiny_tables()
    tables["grants"]["period_start"] = pd.to_datetime(["2005-01-01", "2007-01-01", None])
    tables["grants"]["period_end"] = pd.to_datetime(["2006-07-31", "2007-06-30", "2006-07-31"])
    periods = three_w(tables).set_index("grant_id")["period"]
    assert periods[["one", "two"]].tolist() == ["2005-01:2006-07", "2007-01:2007-06"] and pd.isna(periods["all"])


def test_three_w_sums_results_and_targets_apart():
    frame = three_w(tiny_tables()).set_index("grant_id")
    assert frame.at["one", "prevention_reached"] == 100 and frame.at["one", "prevention_reached_target"] == 250
    assert frame.at["two", "prevention_reached"] == 80 and pd.isna(frame.at["two", "prevention_reached_target"])
    assert frame.at["all", "people_trained"] == 7 and pd.isna(frame.at["all", "prevention_reached"])
    assert frame.at["one", "source_lines"] == "10; 11; 12"


def test_the_source_lines_alone_are_three_ws_with_the_withheld_figures_left_out():
    tables = tiny_tables()
    tables["figures"]["figure_id"] = ["f1", "f2", "f3", "f4", "f5"]
    for withheld in (frozenset(), frozenset({"f2", "f4"})):
        assert source_lines(tables, withheld) == three_w(tables, withheld)["source_lines"].tolist()
    assert source_lines(tables, frozenset({"f2", "f4"})) == ["10; 11", "20; 21", "30; 31"]


def test_hxl_csv_text_has_the_hashtag_row_under_the_header():
    header, tags, first, *_ = hxl_csv_text(three_w(tiny_tables())).split("\n")
    assert header.split(",") == [name for name, *_ in HXL_COLUMNS]
    assert tags.split(",") == [tag for _, tag, *_ in HXL_COLUMNS]
    assert first.startswith('"one",')


def test_target_tag_keeps_the_attributes():
    assert target_tag("#reached+ind+prevention") == "#targeted+ind+prevention"
    assert target_tag("#reached") == "#targeted"


# ---------------------------------------------------------------- the 3W a public edition publishes


def published(view, folder: Path) -> Path:
    """The view's download, written as the site writes it."""
    path = folder / "grants-hxl-3w.csv"
    path.write_text(safe_csv_text(view.data), encoding="utf-8")
    return path


def test_the_public_3w_marks_small_victim_counts_and_the_internal_one_shows_them(dataset, tmp_path):
    public = published(grants.three_w_view(dataset(audience="public")), tmp_path)
    # Downloads begin with a byte-order mark (for spreadsheets on Windows): read them as such a reader does.
    rows = list(csv.DictReader(public.open(encoding="utf-8-sig")))[1:]
    internal = {row["grant_id"]: row for row in csv.DictReader(
        published(grants.three_w_view(dataset(audience="internal")), tmp_path.parent).open(encoding="utf-8-sig"))}
    victim_columns = [c for c in rows[0] if c.split("_target")[0] in VICTIM_METRICS]
    hidden = []
    for row in rows:
        for column in victim_columns:
            value = row[column]
            assert not (value.isdigit() and 0 < int(value) < 10), (row["grant_id"], column, value)
            if value and not value.isdigit():
                hidden.append(int(internal[row["grant_id"]][column]))
    # Hidden cells protect each other: the headline total minus the shown cells gives only their sum.
    assert len(hidden) >= 2 and sum(hidden) >= 10 and min(hidden) < 10
    assert "ndihmoi shtatë viktima" not in public.read_text(encoding="utf-8")


def test_the_public_3w_sums_to_the_bars_the_public_edition_shows(dataset, tmp_path):
    data = dataset(audience="public")
    path = published(grants.three_w_view(data), tmp_path)
    for metric in PEOPLE_METRICS:
        bars = grants.protected_reach(data, metric).set_index("bucket")
        sums = counted(path.parent, ["#adm1+name", "#loc+type"], PATTERNS[metric], path.name)
        for (qark, scope), value in sums.items():
            bucket = qark or scope
            if not bars.at[bucket, "reason"]:
                assert value == int(bars.at[bucket, "value"]), (metric, bucket)


def test_the_source_lines_of_each_grant_are_its_distinct_lines_in_numeric_order():
    """Lines repeat across a grant's figures, and 9 comes before 10 (an order by text would not have it)."""
    rng = np.random.default_rng(7)
    tables = tiny_tables()
    grants = tables["grants"].assign(source_line=pd.array([10, 9, 30], dtype="Int64"))
    size = 400
    figures = pd.DataFrame({
        "figure_id": [f"f{i}" for i in range(size)],
        "grant_id": rng.choice(["one", "two", "all"], size),
        "metric": rng.choice([*MEASURES, "seminars"], size),
        "is_target": rng.choice([True, False], size),
        "value": pd.array(rng.integers(0, 50, size), dtype="Int64"),
        "source_line": pd.array(rng.integers(1, 120, size), dtype="Int64"),
    })
    withheld = frozenset(f"f{i}" for i in range(0, size, 3))
    got = source_lines({**tables, "grants": grants, "figures": figures}, withheld)
    cited = figures[figures["metric"].isin(MEASURES) & ~figures["figure_id"].isin(withheld)]
    for grant, text in zip(grants["grant_id"], got):
        lines = {int(grants.loc[grants["grant_id"] == grant, "source_line"].iloc[0])}
        lines |= {int(line) for line in cited.loc[cited["grant_id"] == grant, "source_line"]}
        assert text == "; ".join(str(line) for line in sorted(lines))


def test_figures_of_grants_the_tables_do_not_hold_are_left_out_and_no_grants_give_no_rows():
    """A slice of the tables (one edition's grants) may leave figures whose grant is elsewhere: they count nowhere."""
    tables = tiny_tables()
    stray = pd.DataFrame({"grant_id": ["elsewhere"], "metric": ["prevention_reached"], "is_target": [False],
                          "value": pd.array([1000], dtype="Int64"), "source_line": pd.array([99], dtype="Int64")})
    tables["figures"] = pd.concat([tables["figures"], stray], ignore_index=True)
    frame = three_w(tables).set_index("grant_id")
    assert frame["prevention_reached"].sum() == 180 and "99" not in " ".join(frame["source_lines"])
    empty = {name: table.iloc[:0] for name, table in tiny_tables().items()}
    assert three_w(empty).empty and source_lines(empty) == []


def test_each_grants_sums_are_its_own_figures_whatever_their_order_and_gaps():
    """Results and targets summed over each grant's figures (an empty value counts 0), figures of grants the table
    does not hold counting nowhere, and a grant with no such figure left empty, as a reader adding them by hand."""
    rng = np.random.default_rng(11)
    tables = tiny_tables()
    grants = tables["grants"].set_axis([7, 3, 5])  # a slice of a larger table keeps its row labels
    size = 300
    values = rng.integers(0, 40, size).astype(object)
    values[rng.random(size) < 0.1] = None
    figures = pd.DataFrame({
        "figure_id": [f"f{i}" for i in range(size)],
        "grant_id": rng.choice(["one", "two", "elsewhere"], size),
        "metric": rng.choice([*MEASURES, "seminars"], size),
        "is_target": rng.choice([True, False], size),
        "value": pd.array(values, dtype="Int64"),
        "source_line": pd.array(rng.integers(1, 5, size), dtype="Int64"),
    })
    frame = three_w({**tables, "grants": grants, "figures": figures}).set_index("grant_id")
    for grant in grants["grant_id"]:
        for measure in MEASURES:
            for is_target, suffix in ((False, ""), (True, "_target")):
                own = figures[(figures["grant_id"] == grant) & (figures["metric"] == measure)
                              & (figures["is_target"] == is_target)]
                got = frame.at[grant, measure + suffix]
                if own.empty:
                    assert pd.isna(got), (grant, measure, is_target)
                else:
                    assert got == sum(int(v) for v in own["value"] if pd.notna(v)), (grant, measure, is_target)
