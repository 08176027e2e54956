"""Chapter 5, NGOs and coalitions: who works where, and on what (the report's section on lines 2710–3001)."""

from __future__ import annotations

import pandas as pd

from sitrep import i18n
from sitrep.report import charts
from sitrep.report.dataset import Dataset
from sitrep.report.labels import has_text, organization_names
from sitrep.report.views import View
from sitrep.text import split_list
from sitrep.transform.places import LOCAL, NATIONAL
from sitrep.transform.vocab import NGO_ACTIVITIES

# Matrix labels longer than this are cut at a word, so that the matrix keeps most of the width.
SHORT_NAME = 40


def activity_name(activity: str, lang: str) -> str:
    return i18n.t(f"ngos.activity.{activity}", lang)


def efforts(data: Dataset) -> pd.DataFrame:
    """The section's efforts with their organisation's names, a short label and the activities as a list."""
    table = data.ngo_efforts.merge(data.organizations[["org_id", "name", "acronym", "org_type"]], on="org_id",
                                   how="left")
    table["name"] = table["name"].where(table["name"].notna(), table["org_id"]).astype(str)
    lang, organizations = data.edition.lang, data.organizations
    full_names = organization_names(organizations, full=True, lang=lang)
    short_names = organization_names(organizations, max_length=SHORT_NAME, lang=lang)
    table["full"] = [full_names.get(org, name) for org, name in zip(table["org_id"], table["name"])]
    short = {org: short_names.get(org, name) for org, name in zip(table["org_id"], table["name"])}
    # Two organisations cut to the same label would share a matrix row: those keep their full names.
    taken = pd.Series(short).value_counts()
    full = dict(zip(table["org_id"], table["full"]))
    table["label"] = [short[org] if taken[short[org]] == 1 else full[org] for org in table["org_id"]]
    table["activity_list"] = table["activities"].map(split_list)
    return table.sort_values("source_line", kind="stable").reset_index(drop=True)


def _hover(full: str, heading: str, quotes: list[str], extra: str = "") -> str:
    lines = [f"<b>{charts.escape(full)}</b> · {charts.escape(heading)}"]
    if extra:
        lines.append(charts.wrap(extra))
    body = "<br><br>".join(charts.quoted(quote) for quote in dict.fromkeys(quotes))
    return "<br>".join(lines) + "<br><br>" + body


def _row_order(matrix: pd.DataFrame, table: pd.DataFrame, last: str | None = None) -> list[str]:
    """Busiest organisations first, those only in the `last` column at the end; ties in the report's order."""
    first_line = table.groupby("label")["source_line"].min()
    busy = matrix[matrix["column"] != last].groupby("label")["column"].nunique()
    order = pd.DataFrame({"busy": busy, "line": first_line}, copy=False).fillna(0)
    return order.sort_values(["busy", "line"], ascending=[False, True], kind="stable").index.tolist()


def activities_view(data: Dataset) -> View:
    """Organisation × activity: which of the ten kinds of work the report describes each organisation doing."""
    lang = data.edition.lang
    table = efforts(data)
    long = table[["label", "full", "quote", "source_line", "activity_list"]].explode("activity_list")
    long = long[long["activity_list"].isin(NGO_ACTIVITIES)].rename(columns={"activity_list": "activity"})
    long["column"] = [activity_name(a, lang) for a in long["activity"]]
    matrix = (
        long.groupby(["label", "column"], sort=False)
        .agg(
            full=("full", "first"),
            quotes=("quote", list),
            source_line=("source_line", "min"),
            activity=("activity", "first"),
        )
        .reset_index()
    )
    matrix["value"] = 1
    matrix["hover"] = [_hover(f, c, q) for f, c, q in zip(matrix["full"], matrix["column"], matrix["quotes"])]
    columns = [activity_name(a, lang) for a in NGO_ACTIVITIES]
    figure = None
    if len(matrix):
        figure = charts.presence_heatmap(matrix, rows="label", columns="column", lang=lang, hover="hover",
                                         row_order=_row_order(matrix, table), column_order=columns)
    shown = matrix.assign(order=matrix["activity"].map(NGO_ACTIVITIES.index)).sort_values(["source_line", "order"])
    out = pd.DataFrame({
        i18n.t("ngos.column.organization", lang): shown["full"],
        i18n.t("ngos.column.label", lang): shown["label"],
        i18n.t("ngos.column.activity", lang): shown["column"],
        i18n.t("ngos.column.line", lang): shown["source_line"].astype(int),
    }, copy=False).reset_index(drop=True)
    return View(
        name="activities", title=i18n.t("ngos.activities.title", lang), data=out, figure=figure,
        notes=[i18n.t("ngos.activities.note", lang)], source_lines=table["source_line"].astype(int).tolist(),
        empty_message=None if len(matrix) else i18n.t("ngos.empty", lang),
    )


def _place_columns(data: Dataset, lang: str) -> tuple[list[str], str, str]:
    national, unknown = i18n.t("ngos.column.national", lang), i18n.t("ngos.column.unknown", lang)
    return [*data.qarqe["qark"].tolist(), national, unknown], national, unknown


def places_view(data: Dataset) -> View:
    """Organisation × qark: where the report names at least one place of each organisation.

    A count of places would mislead: Kënetë and Porto Romano are areas of Durrës, not further work.
    """
    lang = data.edition.lang
    table = efforts(data)
    columns, national, unknown = _place_columns(data, lang)
    places = data.ngo_effort_places.merge(table[["effort_id", "label", "full", "quote", "source_line"]], on="effort_id")
    local = (places["scope"] == LOCAL) & places["qark"].notna()
    places["column"] = places["qark"].where(local, None)
    places.loc[places["scope"] == NATIONAL, "column"] = national
    places["column"] = places["column"].fillna(unknown)
    # An English page names the place, not the form the Albanian sentence inflects it in.
    named = places["place_as_printed"] if lang == "sq" else places["place"].fillna(places["place_as_printed"])
    places["counted"] = named.where(places["column"] != unknown, None)
    matrix = places.groupby(["label", "column"], sort=False).agg(
        full=("full", "first"), quotes=("quote", list), source_line=("source_line", "min"),
        printed=("counted", lambda values: [v for v in dict.fromkeys(values) if has_text(v)]),
    ).reset_index()
    label = i18n.t("ngos.hover.places", lang)
    matrix["hover"] = [
        _hover(f, c, q, f"{label}: {', '.join(p)}" if p else "")
        for f, c, q, p in zip(matrix["full"], matrix["column"], matrix["quotes"], matrix["printed"])
    ]
    figure = None
    if len(matrix):
        figure = charts.presence_heatmap(matrix, rows="label", columns="column", lang=lang, hover="hover",
                                         row_order=_row_order(matrix, table, last=unknown), column_order=columns)
    shown = matrix.assign(order=matrix["column"].map(columns.index)).sort_values(["source_line", "order"])
    out = pd.DataFrame({
        i18n.t("ngos.column.organization", lang): shown["full"],
        i18n.t("ngos.column.label", lang): shown["label"],
        i18n.t("ngos.column.qark", lang): shown["column"],
        i18n.t("ngos.column.places", lang): [", ".join(p) for p in shown["printed"]],
        i18n.t("ngos.column.line", lang): shown["source_line"].astype(int),
    }, copy=False).reset_index(drop=True)
    return View(
        name="places", title=i18n.t("ngos.places.title", lang), data=out, figure=figure,
        notes=[i18n.t("ngos.places.cell_note", lang)], source_lines=table["source_line"].astype(int).tolist(),
        empty_message=None if len(matrix) else i18n.t("ngos.empty", lang),
    )


def organizations_view(data: Dataset) -> View:
    """One row per organisation of the section: name as printed, activities, places as printed, source line."""
    lang = data.edition.lang
    table = efforts(data)
    places = data.ngo_effort_places
    # An English page names each place (and the whole country) rather than give the form the sentence inflects.
    shown = places["place_as_printed"] if lang == "sq" else places["place"].fillna(places["place_as_printed"]).where(
        places["scope"] != NATIONAL, i18n.t("quality.scope.national", lang))
    places = places.assign(_shown=shown)
    printed = {
        effort: [p for p in dict.fromkeys(group["_shown"]) if has_text(p)]
        for effort, group in places.groupby("effort_id", sort=False)
    }
    none = i18n.t("ngos.places.none", lang)
    out = pd.DataFrame({
        i18n.t("ngos.column.organization", lang): table["full"],
        i18n.t("ngos.column.activities", lang): [
            ", ".join(activity_name(a, lang) for a in NGO_ACTIVITIES if a in acts) for acts in table["activity_list"]
        ],
        i18n.t("ngos.column.places", lang): [", ".join(printed.get(e, [])) or none for e in table["effort_id"]],
        i18n.t("ngos.column.line", lang): table["source_line"].astype(int),
    }, copy=False)
    return View(
        name="organizations", title=i18n.t("ngos.table.title", lang), data=out, table=out,
        notes=[i18n.t("ngos.table.note", lang)], source_lines=table["source_line"].astype(int).tolist(),
        empty_message=None if len(out) else i18n.t("ngos.empty", lang),
    )


def text_values(data: Dataset) -> dict[str, object]:
    """The numbers the chapter's paragraphs quote."""
    lang = data.edition.lang
    table = efforts(data)
    counts = table["activity_list"].explode().dropna().value_counts()
    counts = counts.reindex([a for a in NGO_ACTIVITIES if a in counts.index])
    top = counts.sort_values(ascending=False, kind="stable")
    places = data.ngo_effort_places
    local = places[(places["scope"] == LOCAL) & places["qark"].notna()]
    return {
        "organizations": int(table["org_id"].nunique()),
        "top_activity": activity_name(top.index[0], lang) if len(top) else "—",
        "top_count": int(top.iloc[0]) if len(top) else 0,
        "with_place": int(table.loc[table["effort_id"].isin(local["effort_id"]), "org_id"].nunique()),
        "without_place": int(table.loc[~table["effort_id"].isin(local["effort_id"]), "org_id"].nunique()),
        "qarqe": int(local["qark"].nunique()),
        "activities": ", ".join(activity_name(a, lang) for a in top.index),
    }


def intro_key(data: Dataset) -> str:
    """The chapter's opening: the organisations the report describes and what they do, or one line when none."""
    return "ngos.intro" if not efforts(data).empty else "ngos.intro.none"


__all__ = ["activities_view", "places_view", "organizations_view", "text_values", "efforts", "intro_key"]
