"""Exploring the report's data: one call to load it, filters every chapter view accepts, answers in stable codes.

    from sitrep.report import explore
    data = explore.load(lang="en")                      # the project's clean tables, public edition
    phase3 = explore.only(data, phase=3)                # a Dataset: pass it to any chapter view or chart
    explore.reach(phase3)                               # columns are codes; explore.labels(...) names them

Every function keeps the edition's privacy: in a public edition no count it hides leaves here.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from sitrep import i18n
from sitrep.errors import ParameterError
from sitrep.report import metrics, privacy
from sitrep.report.dataset import Dataset, phases
from sitrep.report.edition import DEFAULT_MIN_CELL, LATEST_PERIOD, Edition, check_district
from sitrep.text import fold

FILTERS = ("phase", "donor", "qark", "org")


def load(clean_dir: str = "data/clean", period: str = LATEST_PERIOD, lang: str = "sq", audience: str = "public",
         min_cell: int = DEFAULT_MIN_CELL) -> Dataset:
    """The clean tables of one edition, found from any working folder, with each parameter checked."""
    from sitrep.report.page import clean_folder
    from sitrep.report.sources import latest_period

    clean = clean_folder(clean_dir)
    return Dataset(clean,
                   Edition(period=period or latest_period(clean), lang=lang, audience=audience, min_cell=min_cell))


def organisation(data: Dataset, name: str, parameter: str = "org") -> str:
    """An organisation's id from its id, acronym or name in either language (any case, diacritics optional)."""
    table = data.organizations
    wanted = fold(name)
    for column in ("org_id", "acronym", "name", "name_en"):
        if column in table:
            same = table[column].map(lambda value: isinstance(value, str) and fold(value) == wanted)
            match = table.loc[same, "org_id"]
            if len(match):
                return str(match.iloc[0])
    known = ", ".join(sorted(table["org_id"].astype(str)))
    raise ParameterError(parameter, name, f"no such organisation; ids are {known}")


def only(data: Dataset, *, phase: int | None = None, donor: str | None = None, qark: str | None = None,
         org: str | None = None) -> Dataset:
    """The same dataset, keeping only grants, programmes and NGO efforts that match every filter given.

    phase: a grant phase (grants only; a grant of phases '1-2' is in 1 and in 2). donor: funds the grant or is a
    programme's donor. qark: works there (any spelling). org: the grant's NGO or funder, or in any programme role.
    """
    where = dict(data.where)
    if phase is not None:
        if not isinstance(phase, int) or isinstance(phase, bool) or not any(phase in phases(p) for p in
                                                                             data.raw_table("grants")["phase"]):
            known = sorted(set().union(*(phases(p) for p in data.raw_table("grants")["phase"])))
            raise ParameterError("phase", phase, "not a phase of any grant (the grants' phases are "
                                 + (", ".join(map(str, known)) or "not stated") + ")")
        where["phase"] = phase
    if donor is not None:
        where["donor"] = organisation(data, donor, "donor")
    if org is not None:
        where["org"] = organisation(data, org)
    if qark is not None:
        where["qark"] = check_district(qark)
    return dataclasses.replace(data, where=where, reads=data.reads, _tables=data._tables, _hidden=data._hidden)


def reach(data: Dataset, metric: str = "prevention_reached", level: str = "qark") -> pd.DataFrame:
    """One count per area (and the several / national / unknown buckets), as the grants chapter counts it.

    Columns: area, value, grants, hidden ("primary" or "complementary" where a public edition hides the value).
    """
    from sitrep.report.chapters.grants import protected_reach

    table = protected_reach(data, metric, level)
    hidden = table["reason"].astype(str)
    values = table["value"].astype("Int64").mask(hidden != "")
    return pd.DataFrame({"area": table["bucket"], "value": values, "grants": table["grants"].astype(int),
                         "hidden": hidden}, copy=False)


def donors_in(data: Dataset, qark: str) -> pd.DataFrame:
    """Who funds work in a qark: each donor with its programmes and the grants it funds there.

    Columns: donor (org id), programs, grants (how many of each; presence, not people, so nothing to hide).
    """
    there = only(data, qark=qark)
    roles = there.program_roles
    programs = roles[roles["role"] == "donor"].groupby("org_id")["program_id"].nunique()
    funders = there.grant_funders.groupby("funder_id")["grant_id"].nunique()
    donors = sorted(set(programs.index) | set(funders.index))
    return pd.DataFrame({"donor": donors, "programs": [int(programs.get(d, 0)) for d in donors],
                         "grants": [int(funders.get(d, 0)) for d in donors]}, copy=False)


def by_organisation(data: Dataset, metric: str = "victims_assisted") -> pd.DataFrame:
    """One count summed per organisation running the grants (results, not targets), largest first.

    Columns: org (id), value, grants, hidden. The organisations add up to the metric's total, so a public
    edition hides small cells and those that would let them be worked out.
    """
    figures = metrics.results(data.figures, metric).merge(data.grants[["grant_id", "org_id"]], on="grant_id")
    grouped = figures.groupby("org_id").agg(value=("value", "sum"), grants=("grant_id", "nunique"),
                                            figure_ids=("figure_id", list))
    grouped = grouped.sort_values(["value", "grants"], ascending=False, kind="stable").reset_index()
    hidden = pd.Series("", index=grouped.index, dtype=object)
    victims = figures["victim_related"].astype(bool).any() if len(figures) else False
    if privacy.hides_small_counts(data.edition) and victims:
        ids = data.hidden_counts()[1]
        contains = grouped["figure_ids"].map(lambda chosen: bool(set(chosen) & ids))
        hidden = privacy.protect(grouped["value"].astype(int), contains, data.edition.min_cell)
    return pd.DataFrame({"org": grouped["org_id"], "value": grouped["value"].astype("Int64").mask(hidden != ""),
                         "grants": grouped["grants"].astype(int), "hidden": hidden.astype(str)}, copy=False)


def labels(frame: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    """The same frame for reading: organisations by name, columns named in the edition's language."""
    table = data.organizations
    name = "name_en" if data.edition.lang == "en" and "name_en" in table else "name"
    names = {row["org_id"]: next((v for v in (row.get("acronym"), row.get(name), row.get("name"))
                                  if isinstance(v, str) and v.strip()), row["org_id"]) for _, row in table.iterrows()}
    shown = frame.copy()
    for column in ("org", "donor"):
        if column in shown:
            shown[column] = [names.get(value, value) for value in shown[column]]
    return shown.rename(columns={column: i18n.t(f"explore.column.{column}", data.edition.lang)
                                 for column in shown.columns})
