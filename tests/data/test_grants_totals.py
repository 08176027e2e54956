"""Every chart of the grants chapter, and the district pages together, add up to the headline figures.

The expected totals are summed here from the clean figures table (results only, each metric alone),
independently of metrics.headline, and metrics.headline must agree with them too.
"""

from __future__ import annotations

import pandas as pd
import pytest

from sitrep import i18n
from sitrep.report import metrics
from sitrep.report.chapters import district, grants
from sitrep.report.edition import QARQE
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS

LANG = "sq"


@pytest.fixture(scope="module")
def clean_totals(clean_dir) -> dict[str, int]:
    figures = pd.read_csv(clean_dir / "figures.csv")
    results = figures[~figures["is_target"].astype(bool)]
    return {metric: int(results.loc[results["metric"] == metric, "value"].sum()) for metric in PEOPLE_METRICS}


@pytest.fixture(scope="module")
def clean_targets(clean_dir) -> dict[str, int]:
    figures = pd.read_csv(clean_dir / "figures.csv")
    targets = figures[figures["is_target"].astype(bool)]
    return {metric: int(targets.loc[targets["metric"] == metric, "value"].sum()) for metric in PEOPLE_METRICS}


def metric_total(view, metric: str, kind: str | None = None) -> int:
    data = view.data
    metric_column = i18n.t("grants.column.metric", LANG)
    chosen = data[data[metric_column] == METRICS[metric].title(LANG)] if metric_column in data else data
    if kind:
        chosen = chosen[chosen[i18n.t("grants.column.kind", LANG)] == i18n.t(f"grants.kind.{kind}", LANG)]
    return int(pd.to_numeric(chosen[i18n.t("grants.column.people", LANG)]).fillna(0).sum())


def test_headline_agrees_with_the_clean_table(dataset, clean_totals):
    headline = metrics.headline(dataset(audience="internal"))
    assert {m: headline[m] for m in PEOPLE_METRICS} == clean_totals


@pytest.mark.parametrize("metric", PEOPLE_METRICS)
def test_reach_by_qark_bars_add_up(dataset, clean_totals, metric):
    assert metric_total(grants.reach_view(dataset(audience="internal")), metric) == clean_totals[metric]


@pytest.mark.parametrize("make", [grants.reach_map_view, grants.reach_rreth_map_view])
def test_map_data_adds_up(dataset, clean_totals, make):
    view = make(dataset(audience="internal"))
    assert metric_total(view, grants.MAP_METRIC) == clean_totals[grants.MAP_METRIC]


@pytest.mark.parametrize("make", [grants.targets_by_phase_view, grants.targets_by_org_view])
@pytest.mark.parametrize("metric", PEOPLE_METRICS)
def test_targets_and_results_add_up_apart(dataset, clean_totals, clean_targets, make, metric):
    view = make(dataset(audience="internal"))
    assert metric_total(view, metric, "result") == clean_totals[metric]
    assert metric_total(view, metric, "target") == clean_targets[metric]


@pytest.mark.parametrize("metric", PEOPLE_METRICS)
def test_district_pages_and_the_other_buckets_add_up(dataset, clean_totals, metric):
    data = dataset(audience="internal")
    name = METRICS[metric].title(LANG)
    column = i18n.t("district.column.people_here", LANG)
    metric_column = i18n.t("district.column.metric", LANG)
    total = 0
    for qark in QARQE:
        cells = district.reach_view(data, qark).data
        value = cells.loc[cells[metric_column] == name, column].iloc[0]
        total += 0 if pd.isna(value) else int(value)
    reach = grants.reach_view(data).data
    label = reach[i18n.t("grants.column.area", LANG)]
    rest = reach[(reach[i18n.t("grants.column.metric", LANG)] == name)
                 & label.isin([grants.bucket_label(b, LANG) for b in metrics.BUCKETS])]
    total += int(pd.to_numeric(rest[i18n.t("grants.column.people", LANG)]).sum())
    assert total == clean_totals[metric]
