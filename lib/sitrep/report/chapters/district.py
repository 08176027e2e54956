"""Chapter 6, one page per qark: the grants, reach and organisations recorded there, and where it lies.

A grant is "here only" when all its known places lie in this qark; its figures are this qark's reach.
Grants of several qarqe or of the whole country are listed as present, never with their figures: those
are counted once, in chapter 4's "several qarqe" and "whole country" bars. Victim counts are hidden
exactly as on the grants page (grants.protected_reach), so no page reveals what another hides.
"""

from __future__ import annotations

from typing import Callable, Sequence

import pandas as pd

from sitrep import i18n
from sitrep.report import charts, memo, metrics, privacy
from sitrep.report.chapters import changes
from sitrep.report.chapters import grants as chapter_grants
from sitrep.report.chapters.grants import areas, grant_labels, metric_name, phase_label, quiet_if_empty
from sitrep.report.dataset import Dataset
from sitrep.report.labels import has_text, organization_names
from sitrep.report.views import View
from sitrep.text import fold, split_list
from sitrep.transform.places import LOCAL, NATIONAL
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS

SINGLE = "single"
COVERAGE_ORDER = (SINGLE, metrics.SEVERAL, NATIONAL)
ROLE_ORDER = ("grantee", "ngo", "donor", "implementer")
DESCRIPTION_LENGTH = 150


def t(key: str, data: Dataset, **values: object) -> str:
    return data.t(key, **values)


def column(key: str, data: Dataset) -> str:
    return t(f"district.column.{key}", data)


def coverage_label(coverage: str, data: Dataset) -> str:
    return t(f"district.coverage.{coverage}", data)


def _places_as_printed(places: pd.DataFrame, id_column: str, lang: str = "sq") -> dict[str, str]:
    """Id → its places: as printed on an Albanian page; on another, each place's name, or "whole country"."""
    if lang == "sq":
        shown = places["place_as_printed"]
    else:
        named = [printed if not has_text(place) else place if not has_text(rreth) or rreth == place
                 else f"{place} ({rreth})"
                 for printed, place, rreth in zip(places["place_as_printed"], places["place"], places["rreth"])]
        whole = i18n.t("quality.scope.national", lang)
        shown = [whole if scope == NATIONAL else name for name, scope in zip(named, places["scope"])]
    # Each id's places in the order they are listed, each once, from one pass over the rows (some tens).
    printed: dict[str, dict[str, None]] = {}
    for item, text in zip(places[id_column], shown):
        if not (pd.isna(item) or pd.isna(text)):
            printed.setdefault(item, {})[text] = None
    return {item: "; ".join(texts) for item, texts in printed.items()}


def _grant_places_as_printed(data: Dataset) -> dict[str, str]:
    """_places_as_printed of the dataset's grants, once a page (two of its views list them)."""
    return data.derived(("district.grant_places_as_printed",),
                        lambda: _places_as_printed(data.grant_places, "grant_id", data.edition.lang))


def _coverage_in(places: pd.DataFrame, id_column: str, qark: str) -> dict[str, str]:
    """Id → "single", "several" or "national" for everything whose places include `qark` or the whole country."""
    # One pass over the place rows (some tens), each id in the order it first appears.
    items: dict[str, None] = {}
    national: set[str] = set()
    qarqe: dict[str, set[str]] = {}
    for item, scope, area in zip(places[id_column], places["scope"], places["qark"]):
        items.setdefault(item, None)
        if scope == NATIONAL:
            national.add(item)
        elif scope == LOCAL and not pd.isna(area):
            qarqe.setdefault(item, set()).add(area)
    coverage = {}
    for item in items:
        if item in national:
            coverage[item] = NATIONAL
        elif qark in qarqe.get(item, ()):
            coverage[item] = SINGLE if qarqe[item] == {qark} else metrics.SEVERAL
    return coverage


# The qark each row of _present_everywhere is present in, in a column of its own.
PROFILED = "_profiled_qark"


def _present_everywhere(data: Dataset, places: pd.DataFrame, id_column: str,
                        table: pd.DataFrame) -> pd.DataFrame | None:
    """For every qark, the rows of `table` whose places include it or the whole country, with their coverage.

    The qark is the column PROFILED: one join serves the twelve county profiles, each taking its own rows. None
    where a place names an id the table lacks: each qark is then joined alone.
    """
    ids, coverages, qarqe = [], [], []
    for qark in areas(data):
        coverage = _coverage_in(places, id_column, qark)
        ids += coverage
        coverages += coverage.values()
        qarqe += [qark] * len(coverage)
    frame = pd.DataFrame({id_column: pd.Series(ids, dtype=object), "coverage": pd.Series(coverages, dtype=object),
                          PROFILED: pd.Series(qarqe, dtype=object)}, copy=False)
    if PROFILED in table.columns or not frame[id_column].isin(table[id_column]).all():
        # A place of an id its table lacks would leave a row of blanks, and so change the types of every qark's
        # rows, where it changes only its own qark's when each is joined alone.
        return None
    return frame.merge(table, on=id_column, how="left")


def _present_in(data: Dataset, name: str, qark: str, everywhere: Callable[[], pd.DataFrame | None],
                alone: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The rows of `everywhere()` (once per worker and edition) present in `qark`.

    `alone()` for a place that is not one of the qarqe, or a qark with no rows (its empty table typed as alone).
    """
    if qark not in areas(data):
        return alone()
    rows = data.derived((f"district.{name}",), lambda: memo.shared(data, f"district.{name}", everywhere))
    if rows is None:
        return alone()
    here = rows[PROFILED] == qark
    if not here.any():
        return alone()
    return rows.loc[here].drop(columns=PROFILED).reset_index(drop=True)


def _with_coverage(table: pd.DataFrame, coverage: dict[str, str], id_column: str) -> pd.DataFrame:
    frame = pd.DataFrame({id_column: pd.Series(list(coverage), dtype=object),
                          "coverage": pd.Series(list(coverage.values()), dtype=object)}, copy=False)
    return frame.merge(table, on=id_column, how="left")


def grants_present(data: Dataset, qark: str) -> pd.DataFrame:
    """The grants that worked in `qark`: grant_id, coverage, sorted here-only first, then by organisation."""
    return memo.shared(data, "district.grants_present", lambda: _present_in(
        data, "grants_everywhere", qark, lambda: _grants_everywhere(data),
        lambda: _sorted_grants(data, _with_coverage(data.grants, _coverage_in(data.grant_places, "grant_id", qark),
                                                    "grant_id"))), qark)


def _grants_everywhere(data: Dataset) -> pd.DataFrame | None:
    frame = _present_everywhere(data, data.grant_places, "grant_id", data.grants)
    return None if frame is None else _sorted_grants(data, frame, [PROFILED])


def _sorted_grants(data: Dataset, frame: pd.DataFrame, first: Sequence[str] = ()) -> pd.DataFrame:
    frame["label"] = frame["grant_id"].map(grant_labels(data))
    frame["order"] = frame["coverage"].map(COVERAGE_ORDER.index)
    # a sort by several keys is stable: rows alike in all of them stay in the order their places list them
    return frame.sort_values([*first, "order", "label"],
                             key=lambda s: s.map(fold) if s.name == "label" else s).reset_index(drop=True)


def efforts_present(data: Dataset, qark: str) -> pd.DataFrame:
    """The NGO efforts whose places include `qark` or the whole country, with their coverage (once a page)."""
    return data.derived(("district.efforts_present", qark), lambda: _present_in(
        data, "efforts_everywhere", qark,
        lambda: _present_everywhere(data, data.ngo_effort_places, "effort_id", data.ngo_efforts),
        lambda: _with_coverage(data.ngo_efforts, _coverage_in(data.ngo_effort_places, "effort_id", qark),
                               "effort_id")))


def programs_present(data: Dataset, qark: str) -> pd.DataFrame:
    """The donors' programmes whose places include `qark` or the whole country, with their coverage (once a page)."""
    return data.derived(("district.programs_present", qark), lambda: _present_in(
        data, "programs_everywhere", qark,
        lambda: _present_everywhere(data, data.program_places, "program_id", data.donor_programs),
        lambda: _with_coverage(data.donor_programs, _coverage_in(data.program_places, "program_id", qark),
                               "program_id")))


def intro(data: Dataset, qark: str) -> tuple[str, dict[str, object]]:
    """The opening sentence's key and values; a qark with nothing recorded says so."""
    present = grants_present(data, qark)
    counts = present["coverage"].value_counts()
    efforts, programs = efforts_present(data, qark), programs_present(data, qark)
    local_efforts = int((efforts["coverage"] != NATIONAL).sum())
    local_programs = int((programs["coverage"] != NATIONAL).sum())
    values = {
        "qark": qark, "single": int(counts.get(SINGLE, 0)), "several": int(counts.get(metrics.SEVERAL, 0)),
        "national": int(counts.get(NATIONAL, 0)), "efforts": local_efforts, "programs": local_programs,
        "national_programs": int((programs["coverage"] == NATIONAL).sum()),
    }
    if values["single"] + values["several"] + local_efforts + local_programs == 0:
        if values["national"] + values["national_programs"] == 0:
            return "district.intro.none", {"qark": qark}
        return "district.intro.national_only", {k: values[k] for k in ("qark", "national", "national_programs")}
    return "district.intro", values


def _map_facts(data: Dataset) -> tuple[dict[str, int], list[int]]:
    """What every profile's map shows alike: the grants present in each qark, and the lines of those of one qark.

    Once per worker and edition: the twelve profiles draw the same map, each with its own qark outlined.
    """
    def facts() -> tuple[dict[str, int], list[int]]:
        present = metrics.projects_present(data.grant_places)
        local = data.grant_places.loc[data.grant_places["scope"] == LOCAL, "grant_id"]
        lines = data.grants.loc[data.grants["grant_id"].isin(local), "source_line"].astype(int).tolist()
        return {qark: int(count) for qark, count in zip(present["qark"], present["grants"])}, lines

    present, lines = data.derived(("district.map_facts",), lambda: memo.shared(data, "district.map_facts", facts))
    return present, list(lines)


def map_view(data: Dataset, qark: str) -> View:
    """Where the qark lies, outlined, on the map of grants present in each qark."""
    present, mapped_lines = _map_facts(data)
    frame = pd.DataFrame({"qark": areas(data)}, copy=False)
    frame["grants"] = [present.get(q, 0) for q in frame["qark"]]
    frame["hover"] = [f"<b>{charts.escape(q)}</b><br>{charts.escape(t('district.map.hover', data, count=n))}"
                      for q, n in zip(frame["qark"], frame["grants"])]
    empty = data.grants.empty
    figure = (
        None
        if empty
        else charts.labelled_choropleth(
            frame,
            data.geojson("qarqe"),
            key="qark",
            feature_key="qark",
            value="grants",
            lang=data.edition.lang,
            hover="hover",
            colourbar_title=t("district.map.colourbar", data),
            highlight=qark,
            height=460,
            whole_numbers=True,
        )
    )
    out = pd.DataFrame(
        {
            column("qark", data): frame["qark"],
            column("grants_present", data): frame["grants"],
            column("this_qark", data): [t("district.yes" if q == qark else "district.no", data) for q in frame["qark"]],
        }
    , copy=False)
    return quiet_if_empty(
        View(
            name="map",
            title=t("district.map.title", data, qark=qark),
            data=out,
            figure=figure,
            notes=[t("district.map.note", data, qark=qark)],
            source_lines=mapped_lines,
            empty_message=t("empty.period", data) if empty else None,
        )
    )


def _description(grant: pd.Series, lang: str = "sq") -> str:
    """The project as the report names it: its title, or the start of its description (in English where given)."""
    if lang != "sq":
        for english in ("title_en", "description_en"):
            if has_text(grant.get(english)):
                return str(grant.get(english))
    title = grant.get("title")
    if isinstance(title, str) and title.strip():
        return title
    quote = str(grant.get("quote") or "")
    return quote if len(quote) <= DESCRIPTION_LENGTH else quote[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + " …"


def grants_view(data: Dataset, qark: str) -> View:
    """The grants that worked in the qark, with their phase, places and reach of their coverage."""
    present = grants_present(data, qark)
    names = organization_names(data.organizations, full=True, lang=data.edition.lang)
    printed = _grant_places_as_printed(data)
    frame = pd.DataFrame({
        column("organization", data): [names.get(o, o) for o in present["org_id"]],
        column("project", data): [_description(row, data.edition.lang) for _, row in present.iterrows()],
        column("phase", data): [phase_label(p, data.edition.lang) for p in present["phase"]],
        column("places", data): [printed.get(g, "") for g in present["grant_id"]],
        column("coverage", data): [coverage_label(c, data) for c in present["coverage"]],
        column("source_line", data): present["source_line"].astype("Int64"),
    }, copy=False)
    return quiet_if_empty(View(
        name="grants", title=t("district.grants.title", data, qark=qark), data=frame, table=frame,
        notes=[t("district.grants.note", data)], source_lines=present["source_line"].dropna().astype(int).tolist(),
        empty_message=t("district.grants.empty", data, qark=qark) if present.empty else None,
    ))


def _bucket_row(table: pd.DataFrame, bucket: str) -> pd.Series:
    """The row of a reach table for one bucket, found by position rather than by indexing the table by bucket."""
    buckets = list(table["bucket"])
    if bucket not in buckets:
        raise KeyError(bucket)
    return table.iloc[buckets.index(bucket)]


def reach_view(data: Dataset, qark: str) -> View:
    """The reach of the grants that worked only in this qark, each people count on its own row."""
    rows, suppressed, lines = [], [], []
    labels = grant_labels(data)
    figures = data.figures.set_index("figure_id")
    cells = {m: _bucket_row(chapter_grants.protected_reach(data, m), qark) for m in PEOPLE_METRICS}
    for metric, cell in cells.items():
        quotes = (
            ""
            if cell["reason"]
            else " | ".join(
                f"{labels.get(figures.at[i, 'grant_id'], '')}: “{figures.at[i, 'quote']}” "
                f"({t('grants.hover.line', data, line=str(int(figures.at[i, 'source_line'])))})"
                for i in cell["figure_ids"]
            )
        )
        if not cell["reason"]:
            lines += [int(figures.at[i, "source_line"]) for i in cell["figure_ids"]]
        if cell["reason"]:
            suppressed.append({"cell": metric_name(metric, data.edition.lang), "reason": cell["reason"]})
        rows.append({
            column("metric", data): metric_name(metric, data.edition.lang),
            column("people_here", data): cell["shown"] if cell["figure_ids"] else t("cell.no_figure", data),
            column("grants_counted", data): int(cell["grants"]),
            column("quotes", data): quotes,
        })
    frame = pd.DataFrame(rows)
    present = grants_present(data, qark)
    single, shared_projects = present["coverage"].eq(SINGLE).sum(), present[present["coverage"] != SINGLE]
    has_figures = frame[column("grants_counted", data)].sum() > 0
    download = frame.copy()
    download[column("people_here", data)] = chapter_grants.csv_column([
        chapter_grants.csv_value(cell["value"], cell["reason"], data) if cell["figure_ids"] else None
        for cell in cells.values()
    ]).to_numpy()
    if not single:
        empty = t("district.reach.empty.none", data, qark=qark)
    elif not has_figures:
        empty = t("district.reach.empty.nofigures", data, qark=qark)
    else:
        empty = None
    return quiet_if_empty(View(
        name="reach", title=t("district.reach.title", data, qark=qark), data=download, table=frame,
        notes=[t("district.reach.note", data), t("grants.note.results", data)], source_lines=lines,
        suppressed=suppressed, empty_message=empty,
    ), keep=int(not shared_projects.empty))


def shared_view(data: Dataset, qark: str) -> View:
    """Projects of several qarqe or of the whole country that also worked here, listed without their figures."""
    present = grants_present(data, qark)
    shared = present[present["coverage"] != SINGLE]
    names = organization_names(data.organizations, full=True, lang=data.edition.lang)
    printed = _grant_places_as_printed(data)
    frame = pd.DataFrame({
        column("organization", data): [names.get(o, o) for o in shared["org_id"]],
        column("coverage", data): [coverage_label(c, data) for c in shared["coverage"]],
        column("places", data): [printed.get(g, "") for g in shared["grant_id"]],
        column("counted_under", data): [t(f"district.counted_under.{c}", data) for c in shared["coverage"]],
    }, copy=False)
    return quiet_if_empty(View(
        name="shared-projects", title=t("district.shared.title", data, qark=qark), data=frame, table=frame,
        notes=[t("district.shared.note", data)], source_lines=shared["source_line"].dropna().astype(int).tolist(),
        empty_message=t("district.shared.empty", data, qark=qark) if shared.empty else None,
    ))


def _activities(text: object, data: Dataset) -> str:
    return ", ".join(t(f"district.activity.{a}", data) for a in split_list(text)) if isinstance(text, str) else ""


def organizations_view(data: Dataset, qark: str) -> View:
    """Who works in the qark: grantees, NGOs and coalitions, and the donors and implementers of programmes here.

    A donor counts as present only through a programme whose places include this qark (or the whole
    country); funding and implementing are separate rows, never merged into one "presence".
    """
    lang = data.edition.lang
    names = organization_names(data.organizations, full=True, lang=data.edition.lang)
    items = []

    def name(org_id: str) -> str:
        return names.get(org_id, org_id)

    for grant in grants_present(data, qark).itertuples(index=False):
        items.append(
            (
                "grantee",
                grant.org_id,
                t("district.orgs.grant", data, phase=phase_label(grant.phase, lang).lower()),
                grant.coverage,
                grant.source_line,
            )
        )
    for effort in efforts_present(data, qark).itertuples(index=False):
        items.append(("ngo", effort.org_id, _activities(effort.activities, data), effort.coverage, effort.source_line))
    roles = data.program_roles
    taking_part: dict[tuple, list] = {}  # (programme, role) → its organisations, in the table's order
    for program_id, role, org_id in zip(roles["program_id"], roles["role"], roles["org_id"]):
        taking_part.setdefault((program_id, role), []).append(org_id)
    for program in programs_present(data, qark).itertuples(index=False):
        title = program.title_en if lang == "en" and isinstance(program.title_en, str) else program.title
        for role in ("donor", "implementer"):
            for org_id in taking_part.get((program.program_id, role), []):
                items.append((role, org_id, title, program.coverage, program.source_line))
    frame = pd.DataFrame(items, columns=["role", "org_id", "what", "coverage", "source_line"])
    # One row per role and organisation, in order of first appearance (as groupby with sort=False), each with
    # what it does here, the qark's own work first.
    groups: dict[tuple, list[int]] = {}
    for index, key in enumerate(zip(frame["role"].tolist(), frame["org_id"].tolist())):
        if not pd.isna(key[1]):
            groups.setdefault(key, []).append(index)
    what, coverage, lines = frame["what"].tolist(), frame["coverage"].tolist(), frame["source_line"].tolist()
    rows = []
    for (role, org_id), members in groups.items():
        members = sorted(members, key=lambda i: COVERAGE_ORDER.index(coverage[i]))
        rows.append({
            "role": role, "organization": name(org_id),
            "what": "; ".join(f"{what[i]} ({coverage_label(coverage[i], data)})" for i in members),
            "lines": ", ".join(str(int(v)) for v in sorted({lines[i] for i in members if not pd.isna(lines[i])})),
        })
    table = pd.DataFrame(rows, columns=["role", "organization", "what", "lines"])
    table["role_order"] = table["role"].map(ROLE_ORDER.index)
    table = table.sort_values(["role_order", "organization"],
                              key=lambda s: s.map(fold) if s.name == "organization" else s)
    out = pd.DataFrame({
        column("organization", data): table["organization"],
        column("role", data): [t(f"district.role.{r}", data) for r in table["role"]],
        column("what", data): table["what"],
        column("source_lines", data): table["lines"],
    }, copy=False)
    return quiet_if_empty(View(
        name="organizations", title=t("district.orgs.title", data, qark=qark), data=out, table=out,
        notes=[t("district.orgs.note", data), t("district.orgs.note.roles", data)],
        source_lines=frame["source_line"].dropna().astype(int).tolist(),
        empty_message=t("district.orgs.empty", data, qark=qark) if frame.empty else None,
    ))


def has_trend(data: Dataset) -> bool:
    """Whether the dataset holds a report period before the edition's: then each profile shows its trend."""
    return changes.previous(data) is not None


def trend_view(data: Dataset, qark: str) -> View:
    """The qark's own trend: its people counts in every report period up to this one, in totals and per month."""
    datasets = changes.period_datasets(data)
    lang = data.edition.lang
    title = t("district.trend.title", data, qark=qark)
    if len(datasets) < 2:
        return View(name="trend", title=title, data=pd.DataFrame(), empty_message=t("changes.empty", data))
    threshold, hidden, none = data.edition.min_cell, t("grants.privacy.hidden", data), t("cell.no_figure", data)
    columns = {k: t(f"district.trend.column.{k}", data) for k in ("period", "metric", "value", "per_month")}
    cells = {(each.edition.period, metric): changes.qark_cells(each, metric)[qark][1]
             for each in datasets for metric in PEOPLE_METRICS}
    # A count no figure gives the county in any period gets no panel (nor rows in the download), only a note; in a
    # period with no figure for a count another period gives, its cell says so rather than showing a zero.
    given = [m for m in PEOPLE_METRICS if any(cells[each.edition.period, m].given for each in datasets)]
    unreported = [m for m in PEOPLE_METRICS if m not in given]
    if not given:
        return View(name="trend", title=title, data=pd.DataFrame(),
                    empty_message=t("district.trend.empty", data, qark=qark))
    shown, downloaded, suppressed, bars = [], [], [], []
    for each in datasets:
        span, label = changes.months(each.edition.period_bounds), changes.period_label(each, short=True)
        for metric in given:
            cell = cells[each.edition.period, metric]
            mark = privacy.mark(threshold) if cell.reason == privacy.PRIMARY else hidden if cell.hidden else none
            per_month = changes.rate(cell, span)
            withheld = cell.hidden or not cell.given
            shown.append({columns["period"]: label, columns["metric"]: changes.indicator_label(metric, lang),
                          columns["value"]: mark if withheld else i18n.number(cell.value, lang),
                          columns["per_month"]: mark if withheld else i18n.number(per_month, lang)})
            downloaded.append({columns["period"]: label, columns["metric"]: changes.indicator_label(metric, lang),
                               # blank where no figure gives it, as every download writes it
                               columns["value"]: mark if cell.hidden else cell.value if cell.given else None,
                               columns["per_month"]: mark if cell.hidden else per_month})
            bars.append({"period": label, "metric": metric, "rate": per_month or 0,
                         "text": mark if withheld else i18n.number(per_month, lang)})
            if cell.hidden:
                suppressed.append({"cell": f"{each.edition.period}/{metric}", "reason": cell.reason})
    periods = [changes.period_label(each, short=True) for each in datasets]
    figure = charts.panel_hbar(
        pd.DataFrame(bars), label="period", panel="metric", value="rate", lang=lang, panel_order=given,
        panel_names={m: changes.indicator_label(m, lang) for m in PEOPLE_METRICS}, label_order=periods,
        colours={m: METRICS[m].colour or charts.PALETTE["grey"] for m in PEOPLE_METRICS}, text="text", label_width=18,
    )
    return View(
        name="trend", title=title, data=pd.DataFrame(downloaded), table=pd.DataFrame(shown), figure=figure,
        notes=[t("district.trend.note", data), t("changes.note.hidden", data),
               *([t("district.trend.note.unreported", data, metrics=", ".join(
                   changes.indicator_label(m, lang) for m in unreported))] if unreported else [])],
        suppressed=suppressed,
        cited=[source for each in datasets for source in each.sources],
    )


__all__ = ["grants_view", "has_trend", "intro", "map_view", "organizations_view", "reach_view", "shared_view",
           "trend_view"]
