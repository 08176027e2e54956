"""Counting that adds up: each grant's figure is counted once, in one place bucket."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from sitrep.report import privacy
from sitrep.transform import places
from sitrep.transform.places import LOCAL
from sitrep.transform.vocab import PEOPLE_METRICS

# Where a grant's figures are counted is decided next to the clean tables, so that their exports count the same way.
SEVERAL, UNKNOWN_PLACE, BUCKETS = places.SEVERAL, places.UNKNOWN_PLACE, places.BUCKETS
grant_buckets = places.grant_buckets


def results(figures: pd.DataFrame, metric: str | None = None) -> pd.DataFrame:
    """Figures that are results (not targets), optionally of one metric."""
    chosen = figures[~figures["is_target"]]
    return chosen[chosen["metric"] == metric] if metric else chosen


def bucketed_results(figures: pd.DataFrame, grant_places: pd.DataFrame, metric: str | None = None,
                     level: str = "qark") -> pd.DataFrame:
    """Result figures with the bucket each is counted in (a grant with no place row counts as 'unknown')."""
    chosen = results(figures, metric).merge(grant_buckets(grant_places, level), on="grant_id", how="left")
    chosen["bucket"] = chosen["bucket"].fillna(UNKNOWN_PLACE)
    return chosen


def reach_by_bucket(figures: pd.DataFrame, grant_places: pd.DataFrame, metric: str,
                    level: str = "qark") -> pd.DataFrame:
    """Sum of one metric's results per bucket; the buckets add up to the metric's total.

    Figures of a public edition (Dataset.figures) keep its privacy: a cell it hides has no value and says why
    in `hidden`, and carries no quote.
    """
    return protected(_exact_reach_by_bucket(figures, grant_places, metric, level), figures, metric)


def _exact_reach_by_bucket(figures: pd.DataFrame, grant_places: pd.DataFrame, metric: str,
                           level: str = "qark") -> pd.DataFrame:
    """reach_by_bucket with every count exact: for the code that decides what a page hides, never to be shown."""
    chosen = bucketed_results(figures, grant_places, metric, level)
    columns = ["bucket", "value", "grants", "source_lines", "quotes", "figure_ids"]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    grouped = chosen.groupby("bucket").agg(
        value=("value", "sum"), grants=("grant_id", "nunique"),
        source_lines=("source_line", lambda lines: sorted({int(line) for line in lines})),
        quotes=("quote", lambda quotes: list(quotes)),
        figure_ids=("figure_id", lambda ids: list(ids)),
    )
    grouped["value"] = grouped["value"].astype(int)
    return grouped.reset_index()[columns]


def reach_table(figures: pd.DataFrame, grant_places: pd.DataFrame, metric: str, areas: list[str],
                level: str = "qark") -> pd.DataFrame:
    """reach_by_bucket on a complete axis: every area in the given order, then the three other buckets.

    Rows with no figures are kept with value 0, so charts and maps show every area; the rows still
    add up to the metric's total. A public edition's figures keep its privacy, as in reach_by_bucket.
    """
    return protected(_exact_reach_table(figures, grant_places, metric, areas, level), figures, metric)


def _exact_reach_table(figures: pd.DataFrame, grant_places: pd.DataFrame, metric: str, areas: list[str],
                       level: str = "qark") -> pd.DataFrame:
    """reach_table with every count exact: for the code that decides what a page hides, never to be shown."""
    buckets = grant_buckets(grant_places, level)
    return exact_reach_tables(figures[figures["metric"] == metric], buckets, areas, level, wanted=(metric,))[metric]


def exact_reach_tables(figures: pd.DataFrame, buckets: pd.DataFrame, areas: list[str], level: str = "qark",
                       wanted: Iterable[str] = PEOPLE_METRICS) -> dict[str, pd.DataFrame]:
    """_exact_reach_table of each metric of `wanted`, from the grants' buckets (grant_buckets).

    One pass over the figures rather than a merge and a grouping per metric: a page asks for six metrics, of
    some tens of figures, where pandas' own cost per operation was nearly all the time.
    """
    bucket_of = dict(zip(buckets["grant_id"], buckets["bucket"]))
    chosen = figures[~figures["is_target"]]
    cells: dict[str, dict[str, list]] = {}
    for metric, grant, value, line, quote, figure in zip(chosen["metric"], chosen["grant_id"], chosen["value"],
                                                         chosen["source_line"], chosen["quote"],
                                                         chosen["figure_id"]):
        bucket = bucket_of.get(grant, UNKNOWN_PLACE)
        cell = cells.setdefault(metric, {}).setdefault(bucket, [0, set(), set(), [], []])
        if not pd.isna(value):
            cell[0] += int(value)
        if not pd.isna(grant):
            cell[1].add(grant)
        cell[2].add(int(line))
        cell[3].append(quote)
        cell[4].append(figure)
    order = list(areas) + list(BUCKETS)
    tables = {}
    for metric in dict.fromkeys(wanted):
        found = cells.get(metric, {})
        unexpected = set(found) - set(order)
        if unexpected:
            raise ValueError(f"figures counted in {sorted(unexpected)}, which are not among the {level} areas")
        empty = [0, (), (), [], []]
        rows = [found.get(bucket, empty) for bucket in order]
        tables[metric] = pd.DataFrame({  # one table at once, rather than a column set at a time
            "bucket": order, "value": [row[0] for row in rows], "grants": [len(row[1]) for row in rows],
            "source_lines": [sorted(row[2]) for row in rows], "quotes": [list(row[3]) for row in rows],
            "figure_ids": [list(row[4]) for row in rows], "is_area": [bucket not in BUCKETS for bucket in order],
        })
    return tables


def protected(table: pd.DataFrame, figures: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Cells adding up to a metric's total, as the edition that made `figures` may show them.

    Dataset.figures of a public edition carries that edition and the figures it hides (DataFrame.attrs); a
    cell of victim counts that is small, holds a hidden figure, or would let one be worked out loses its value.
    """
    edition, hidden = figures.attrs.get("edition"), figures.attrs.get("hidden_figures", frozenset())
    victims = figures.loc[figures["metric"] == metric, "victim_related"].astype(bool).any() if len(figures) else False
    table = table.copy()
    table["hidden"] = ""
    if edition is None or not privacy.hides_small_counts(edition) or not victims or table.empty:
        return table
    contains = table["figure_ids"].map(lambda ids: bool(set(ids) & set(hidden)))
    table["hidden"] = privacy.protect(table["value"].fillna(0).astype(int), contains, edition.min_cell).to_numpy()
    chosen = table["hidden"] != ""
    table["value"] = table["value"].astype("Int64").mask(chosen)
    table["quotes"] = [[] if hide else quotes for hide, quotes in zip(chosen, table["quotes"])]
    return table


def projects_present(grant_places: pd.DataFrame, level: str = "qark") -> pd.DataFrame:
    """How many grants worked in each area at all (a grant in several areas counts in each: not to be summed)."""
    local = grant_places[(grant_places["scope"] == LOCAL) & grant_places[level].notna()]
    distinct = local.drop_duplicates(["grant_id", level])
    return distinct.groupby(level)["grant_id"].nunique().rename("grants").reset_index()


def headline(data) -> dict[str, int | None]:
    """The period's headline figures: each metric's results summed once, never across metrics.

    A total is a count too: in a public edition a small total of victims is None.
    """
    totals = _exact_headline(data)
    if privacy.hides_small_counts(data.edition):
        victims = set(data.figures.loc[data.figures["victim_related"].astype(bool), "metric"])
        totals = {m: (None if m in victims and 0 < v < data.edition.min_cell else v) for m, v in totals.items()}
    return totals


def headline_qualifiers(data) -> dict[str, str]:
    """How exact each headline people total is: "approximately", "at_least" or "" (every figure it adds is exact).

    A total that adds a figure printed as approximate ("afërsisht 83") is approximate; one that adds a floor
    ("më shumë se 1,193", "të paktën") is at least its value.
    """
    return {metric: total_qualifier(results(data.figures, metric)["qualifier"]) for metric in PEOPLE_METRICS}


def total_qualifier(qualifiers: Iterable) -> str:
    """The qualifier of a sum of figures with these qualifiers: approximate wins over a floor, a floor over exact."""
    present = {qualifier for qualifier in qualifiers if isinstance(qualifier, str)}  # a missing one says nothing
    if "approximately" in present:
        return "approximately"
    return "at_least" if present & {"at_least", "more_than"} else ""


def _exact_headline(data) -> dict[str, int]:
    """Headline with every total exact: for the code that decides what a page hides, never to be shown."""
    figures = data.figures
    totals = {metric: int(results(figures, metric)["value"].sum()) for metric in PEOPLE_METRICS}
    places = data.grant_places
    return {
        "grants": int(data.grants["grant_id"].nunique()),
        "organizations": int(data.grants["org_id"].nunique()),
        **totals,
        "qarqe": int(places.loc[places["scope"] == LOCAL, "qark"].nunique()),
    }
