"""Chapter 4, the programme's grants: where they worked, whom they reached, what they aimed at, which plans they served.

Counting follows metrics.py: each grant's figures are counted once, in one place bucket, and the four
people counts are never added to one another. In public editions victim counts follow privacy.py; the
helpers that decide what is hidden live here so that the district pages hide exactly the same cells.
"""

from __future__ import annotations

import pandas as pd

from sitrep import i18n
from sitrep.report import charts, memo, metrics, privacy
from sitrep.report.dataset import Dataset, phase_span
from sitrep.report.labels import organization_names, plan_names
from sitrep.report.views import View
from sitrep.text import fold
from sitrep.transform import hxl
from sitrep.transform.places import NATIONAL
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS, PILLARS, VICTIM_METRICS

KINDS = ("target", "result")
KIND_COLOURS = {"target": charts.PALETTE["grey"], "result": charts.PALETTE["blue"]}
BUCKET_KEYS = {metrics.SEVERAL: "several", NATIONAL: "national", metrics.UNKNOWN_PLACE: "unknown"}
# Rows are ranked by counts that are never hidden, so the order of rows gives nothing hidden away.
RANK_METRICS = tuple(m for m in PEOPLE_METRICS if m not in VICTIM_METRICS)
# The maps show the first headline count that is never hidden (people reached by prevention: the one count
# printed for most grants), so that a map never needs suppression.
MAP_METRIC = RANK_METRICS[0]
HOVER_QUOTES = 6


# ---------------------------------------------------------------- names and labels


def areas(data: Dataset, level: str = "qark") -> list[str]:
    """The 12 qarqe or the 36 rrethe, in alphabetical order as Albanian readers expect it."""
    table = data.qarqe if level == "qark" else data.rrethe
    return sorted(table[level].dropna().unique(), key=fold)


def grant_labels(data: Dataset, full: bool = False) -> dict[str, str]:
    """grant_id → its organisation's name, numbered where one organisation holds several grants."""
    return dict(data.derived(("grants.grant_labels", full), lambda: memo.shared(
        data, "grants.grant_labels", lambda: _grant_labels(data, full), full)))


def _grant_labels(data: Dataset, full: bool) -> dict[str, str]:
    names, grants = organization_names(data.organizations, full=full, lang=data.edition.lang), data.grants
    counts = grants["org_id"].value_counts().to_dict()
    labels = {}
    for grant_id, org_id in zip(grants["grant_id"], grants["org_id"]):
        name = names.get(org_id, org_id)
        number = str(grant_id).rsplit("-", 1)[-1]
        labels[grant_id] = f"{name} ({number})" if counts[org_id] > 1 else name
    return labels


def grant_buckets(data: Dataset, level: str = "qark") -> pd.DataFrame:
    """Where each of the dataset's grants is counted (metrics.grant_buckets), once a page for each level."""
    return data.derived(("grants.buckets", level), lambda: metrics.grant_buckets(data.grant_places, level))


def bucket_label(bucket: str, lang: str, level: str = "qark") -> str:
    if bucket in BUCKET_KEYS:
        suffix = ".rreth" if level == "rreth" and bucket == metrics.SEVERAL else ""
        return i18n.t(f"grants.bucket.{BUCKET_KEYS[bucket]}{suffix}", lang)
    return bucket


def metric_name(metric: str, lang: str) -> str:
    return METRICS[metric].title(lang)


def metric_colours() -> dict[str, str]:
    return {code: metric.colour or charts.PALETTE["grey"] for code, metric in METRICS.items()}


def phase_key(phase: object) -> str:
    """A grant's phase as printed ('3', '1-2'), or 'unknown' where the report gives none."""
    return str(phase) if phase_span(phase) else "unknown"


def phase_order(key: str) -> tuple:
    """Phases in the programme's order: by the last phase reached, a range after the single phase it ends on."""
    span = phase_span(key)
    return (0, span[1], span[1] - span[0]) if span else (1, 0, 0)


def phase_label(phase: object, lang: str) -> str:
    """'Faza 3', 'Fazat 1–2', 'Faza e pashënuar' in the edition's language."""
    span = phase_span(phase)
    if span is None:
        return i18n.t("grants.phase.unknown", lang)
    if span[0] == span[1]:
        return i18n.t("grants.phase.one", lang, phase=str(span[0]))
    return i18n.t("grants.phase.range", lang, first=str(span[0]), last=str(span[1]))


def qualified(value: int, qualifier: object, lang: str) -> str:
    """A printed number with its qualifier ('about 83', 'more than 1,193')."""
    text = i18n.number(int(value), lang)
    if isinstance(qualifier, str) and qualifier != "exact":
        return i18n.t(f"grants.qualifier.{qualifier}", lang, value=text)
    return text


# ---------------------------------------------------------------- privacy


def hidden_ids(data: Dataset) -> set[str]:
    """figure_ids hidden on every page of this edition (none in internal editions)."""
    if not privacy.hides_small_counts(data.edition):
        return set()
    # Asked for by every cell set of a page, and the same on every page of the edition: decided once per worker.
    hidden = data.derived(("grants.hidden_ids",), lambda: memo.shared(
        data, "grants.hidden_ids", lambda: privacy.hidden_figures(data.figures, data.edition.min_cell)))
    return set(hidden)


def hide_reasons(data: Dataset, metric: str, values: pd.Series, figure_ids: pd.Series) -> pd.Series:
    """Why each cell of one set (cells adding up to a shown total) is hidden; "" for shown cells."""
    if not privacy.hides_small_counts(data.edition) or metric not in VICTIM_METRICS:
        return pd.Series("", index=values.index, dtype=object)
    hidden = hidden_ids(data)
    contains = figure_ids.map(lambda ids: bool(set(ids) & hidden))
    return privacy.protect(values.fillna(0).astype(int), contains, data.edition.min_cell)


def shown(value: object, reason: str, data: Dataset) -> str:
    """A cell as the reader sees it: the number, "<10" for a small count, or "hidden" for a protecting cell."""
    lang = data.edition.lang
    if reason == privacy.PRIMARY:
        return privacy.mark(data.edition.min_cell)
    if reason:
        return i18n.t("grants.privacy.hidden", lang)
    if value is None or pd.isna(value):
        return ""
    return i18n.number(int(value), lang)


def csv_value(value: object, reason: str, data: Dataset) -> object:
    """The CSV cell: the integer, or the same mark as the chart for hidden cells."""
    if reason:
        return shown(value, reason, data)
    return None if value is None or pd.isna(value) else int(value)


def csv_column(values: list[object]) -> pd.Series:
    """A download column: integers, unless some cells are hidden marks, then all text (CSV writers need one type)."""
    if any(isinstance(v, str) for v in values):
        return pd.Series([None if v is None else str(v) for v in values], dtype=object)
    return pd.Series(values, dtype="Int64")


def _figure_facts(data: Dataset) -> dict[str, tuple]:
    """figure_id → its grant, value, qualifier, quote and source line, once a page (hover lines read them by id)."""
    def facts() -> dict[str, tuple]:
        figures = data.figures
        return dict(zip(figures["figure_id"], zip(figures["grant_id"], figures["value"], figures["qualifier"],
                                                  figures["quote"], figures["source_line"])))
    return data.derived(("grants.figure_facts",), facts)  # read, never changed


def figure_hover(data: Dataset, figure_ids: list[str], labels: dict[str, str] | None = None) -> str:
    """Hover lines for the figures behind one number: grant, printed value and the quote it comes from."""
    lang = data.edition.lang
    facts = _figure_facts(data)
    labels = labels or grant_labels(data)
    lines = []
    for figure_id in figure_ids[:HOVER_QUOTES]:
        grant_id, value, qualifier, quote, source_line = facts[figure_id]
        lines.append(
            f"<i>{charts.escape(labels.get(grant_id, grant_id))}</i>: "
            f"{charts.escape(qualified(value, qualifier, lang))}<br>"
            f"{charts.quoted(quote)} "
            f"({charts.escape(i18n.t('grants.hover.line', lang, line=str(int(source_line))))})"
        )
    if len(figure_ids) > HOVER_QUOTES:
        lines.append(charts.escape(i18n.t("grants.hover.more", lang, count=len(figure_ids) - HOVER_QUOTES)))
    return "<br>".join(lines)


def cell_hover(data: Dataset, title: str, metric_text: str, value: object, reason: str, figure_ids: list[str],
               labels: dict[str, str] | None = None) -> str:
    """Hover of one bar: what it is, its value, and the quotes it comes from (none for a hidden cell)."""
    lang = data.edition.lang
    head = (f"<b>{charts.escape(title)}</b><br>{charts.escape(metric_text)}: "
            f"<b>{charts.escape(shown(value, reason, data) or '—')}</b>")
    if reason:
        return f"{head}<br>{charts.escape(i18n.t('grants.privacy.hover', lang, threshold=data.edition.min_cell))}"
    if not figure_ids:
        return f"{head}<br>{charts.escape(i18n.t('grants.hover.none', lang))}"
    return f"{head}<br>{figure_hover(data, figure_ids, labels)}"


def protected_reach(data: Dataset, metric: str, level: str = "qark") -> pd.DataFrame:
    """One metric's results per area and bucket (complete axis), with what the reader may see of each cell.

    Columns: bucket, label, value, grants, source_lines, quotes, figure_ids, is_area, reason, shown, hover.
    The county chart, the maps and the district pages all read their cells from here: computed once per
    worker and edition while the tables it reads are unchanged (sitrep.report.memo).
    """
    return memo.shared(data, "grants.protected_reach", lambda: _protected_reach(data, metric, level), metric, level)


def _protected_reach(data: Dataset, metric: str, level: str) -> pd.DataFrame:
    lang = data.edition.lang
    # The exact counts, from which this function itself decides what the edition may show of each cell: every
    # metric's at once, the first time a page asks for one.
    exact = data.derived(("grants.exact_reach", level), lambda: metrics.exact_reach_tables(
        data.figures, grant_buckets(data, level), areas(data, level), level))
    if metric not in exact:
        exact = metrics.exact_reach_tables(data.figures, grant_buckets(data, level), areas(data, level), level,
                                           wanted=(metric,))
    table = exact[metric].copy()
    table["label"] = [bucket_label(b, lang, level) for b in table["bucket"]]
    table["reason"] = hide_reasons(data, metric, table["value"], table["figure_ids"])
    table["shown"] = [shown(v, r, data) for v, r in zip(table["value"], table["reason"])]
    labels = grant_labels(data)
    table["hover"] = [cell_hover(data, label, metric_name(metric, lang), v, r, ids, labels)
                      for label, v, r, ids in zip(table["label"], table["value"], table["reason"], table["figure_ids"])]
    return table


def suppressed_cells(frame: pd.DataFrame, label: str, reason: str = "reason") -> list[dict]:
    return [{"cell": cell, "reason": why} for cell, why in zip(frame[label], frame[reason]) if why]


def lines_of(figure_ids: list[str] | pd.Series, data: Dataset) -> list[int]:
    """The source lines of the period's figures among `figure_ids`, in order."""
    facts = _figure_facts(data)
    return sorted({int(facts[i][4]) for i in set(figure_ids) if i in facts})


def column(key: str, lang: str) -> str:
    return i18n.t(f"grants.column.{key}", lang)


# ---------------------------------------------------------------- chapter text


def intro_values(data: Dataset) -> dict[str, object]:
    """Values for the chapter's opening paragraph."""
    totals = metrics.headline(data)
    return {"grants": totals["grants"], "organizations": totals["organizations"], "qarqe": totals["qarqe"]}


# ---------------------------------------------------------------- reach by county


def _rank_areas(tables: dict[str, pd.DataFrame], names: list[str]) -> list[str]:
    values = {m: dict(zip(tables[m]["bucket"], tables[m]["value"])) for m in RANK_METRICS}

    def key(name: str) -> tuple:
        return (*(-int(values[m][name]) for m in RANK_METRICS), fold(name))
    return sorted(names, key=key)


REACH_COLUMNS = ["bucket", "label", "metric", "metric_name", "plot", "text", "value", "reason", "hover", "grants",
                 "figure_ids"]


def reach_view(data: Dataset) -> View:
    """Each qark's single-qark reach and the several/national/unknown buckets, one panel per people count."""
    lang = data.edition.lang
    tables = {m: protected_reach(data, m) for m in PEOPLE_METRICS}
    order = _rank_areas(tables, areas(data)) + list(metrics.BUCKETS)
    # A count no figure of the period gives is not a zero: it gets no panel (nor rows in the download), only a note.
    unreported = [m for m, table in tables.items() if not any(len(ids) for ids in table["figure_ids"])]
    tables = {m: table for m, table in tables.items() if m not in unreported}
    rows = []
    facts = _figure_facts(data)
    for metric, table in tables.items():
        at = {bucket: index for index, bucket in enumerate(table["bucket"])}
        for row in table.iloc[[at[bucket] for bucket in order]].itertuples(index=False):
            # A bar that adds an approximate or a floor figure says so, as the headline does: "rreth 83".
            exactness = "" if row.reason else metrics.total_qualifier(
                facts[i][2] for i in row.figure_ids if i in facts)
            text = i18n.t(f"total.{exactness}", lang, value=int(row.value)) if exactness else row.shown
            rows.append({
                "bucket": row.bucket, "label": row.label, "metric": metric, "metric_name": metric_name(metric, lang),
                "plot": 0 if row.reason else row.value, "text": text if (row.reason or row.value) else "",
                "value": row.value, "reason": row.reason, "hover": row.hover, "grants": row.grants,
                "figure_ids": row.figure_ids,
            })
    frame = pd.DataFrame(rows, columns=REACH_COLUMNS)
    empty = not any(int(t["value"].sum()) for t in tables.values())
    figure = None if empty else charts.panel_hbar(
        frame, label="label", panel="metric", value="plot", lang=lang, panel_order=list(tables),
        panel_names={m: metric_name(m, lang) for m in tables},
        label_order=[bucket_label(b, lang) for b in order], colours=metric_colours(), text="text", hover="hover",
    )
    out = pd.DataFrame({
        column("area", lang): frame["label"], column("metric", lang): frame["metric_name"],
        column("people", lang): csv_column([csv_value(v, r, data) for v, r in zip(frame["value"], frame["reason"])]),
        column("grants_counted", lang): frame["grants"],
        column("source_lines", lang): [", ".join(map(str, lines_of(ids, data))) if not r else ""
                                        for ids, r in zip(frame["figure_ids"], frame["reason"])],
    }, copy=False)
    frame["cell"] = frame["label"] + " · " + frame["metric_name"]
    return quiet_if_empty(
        View(
            name="reach-by-qark",
            title=i18n.t("grants.reach.title", lang),
            data=out,
            figure=figure,
            notes=[
                i18n.t("grants.note.method", lang),
                i18n.t("grants.note.results", lang),
                i18n.t("grants.reach.note.order", lang),
                *([i18n.t("grants.reach.note.unreported", lang,
                          metrics=", ".join(metric_name(m, lang) for m in unreported))] if unreported and not empty
                  else []),
            ],
            source_lines=lines_of(frame["figure_ids"].explode().dropna(), data),
            suppressed=suppressed_cells(frame, "cell"),
            empty_message=i18n.t("grants.empty.figures", lang) if empty else None,
        )
    )


def _outside_note(table: pd.DataFrame, data: Dataset, level: str) -> str:
    lang = data.edition.lang
    rest = table[~table["is_area"]].set_index("bucket")
    return i18n.t(f"grants.map.note.outside.{level}", lang, metric=METRICS[MAP_METRIC].label(lang),
                  several=rest.at[metrics.SEVERAL, "shown"] or "0", national=rest.at[NATIONAL, "shown"] or "0",
                  unknown=rest.at[metrics.UNKNOWN_PLACE, "shown"] or "0")


def _map_data(table: pd.DataFrame, data: Dataset, level: str) -> pd.DataFrame:
    lang = data.edition.lang
    return pd.DataFrame({
        column("area" if level == "qark" else "rreth", lang): table["label"],
        column("metric", lang): metric_name(MAP_METRIC, lang),
        column("people", lang): csv_column([csv_value(v, r, data) for v, r in zip(table["value"], table["reason"])]),
        column("grants_counted", lang): table["grants"],
        column("on_map", lang): [i18n.t("grants.yes" if a else "grants.no", lang) for a in table["is_area"]],
    }, copy=False)


def quiet_if_empty(view: View, keep: int = 0) -> View:
    """A view that shows only its empty message keeps only the notes that still say something (the first `keep`)."""
    if view.empty_message:
        view.notes = view.notes[:keep]
    return view


def _map_empty(table: pd.DataFrame, level: str, lang: str) -> str | None:
    """Why a map has nothing to draw: no figures at all, or none from a grant confined to one area."""
    if int(table["value"].sum()) == 0:
        return i18n.t("grants.empty.figures", lang)
    if int(table.loc[table["is_area"], "value"].sum()) == 0:
        return i18n.t(f"grants.map.empty.{level}", lang)
    return None


def reach_map_view(data: Dataset) -> View:
    """The single-qark reach of prevention on the map of the 12 qarqe."""
    lang = data.edition.lang
    table = protected_reach(data, MAP_METRIC, "qark")
    mapped = table[table["is_area"]].rename(columns={"bucket": "qark"})
    empty = _map_empty(table, "qark", lang)
    figure = None if empty else charts.labelled_choropleth(
        mapped, data.geojson("qarqe"), key="qark", feature_key="qark", value="value", lang=lang, hover="hover",
        colourbar_title=i18n.t("grants.map.colourbar", lang),
    )
    return quiet_if_empty(View(
        name="reach-map-qarqe", title=i18n.t("grants.map.qarqe.title", lang), data=_map_data(table, data, "qark"),
        figure=figure, notes=[_outside_note(table, data, "qark"), i18n.t("grants.note.method", lang)],
        source_lines=lines_of(table["figure_ids"].explode().dropna(), data), empty_message=empty,
    ), keep=int(table["value"].sum()) > 0)


def reach_rreth_map_view(data: Dataset) -> View:
    """Prevention reach of the grants whose places all lie in one rreth, on the map of the 36 rrethe."""
    lang = data.edition.lang
    table = protected_reach(data, MAP_METRIC, "rreth")
    mapped = table[table["is_area"]].rename(columns={"bucket": "rreth"})
    qark_of = data.rrethe.set_index("rreth")["qark"]
    mapped["hover"] = [h.replace("</b>", f"</b> ({charts.escape(qark_of.get(r, ''))})", 1)
                       for r, h in zip(mapped["rreth"], mapped["hover"])]
    buckets = grant_buckets(data, "rreth")
    unplaced = buckets[buckets["bucket"].isin(metrics.BUCKETS)]
    empty = _map_empty(table, "rreth", lang)
    figure = None if empty else charts.labelled_choropleth(
        mapped, data.geojson("rrethe"), key="rreth", feature_key="rreth", value="value", lang=lang, hover="hover",
        colourbar_title=i18n.t("grants.map.colourbar", lang), labels=False,
    )
    rest = table[~table["is_area"]]
    people = int(rest["value"].sum())
    notes = [
        i18n.t("grants.map.rrethe.note.unplaced", lang, grants=len(unplaced), total=len(buckets),
               people=people, metric=METRICS[MAP_METRIC].label(lang)),
        _outside_note(table, data, "rreth"),
    ]
    return quiet_if_empty(View(
        name="reach-map-rrethe", title=i18n.t("grants.map.rrethe.title", lang), data=_map_data(table, data, "rreth"),
        figure=figure, notes=notes, source_lines=lines_of(table["figure_ids"].explode().dropna(), data),
        empty_message=empty,
    ), keep=2 if int(table["value"].sum()) > 0 else 0)


def projects_present_view(data: Dataset) -> View:
    """How many grants worked in each qark at all; a grant in several qarqe counts in each."""
    lang = data.edition.lang
    present = metrics.projects_present(data.grant_places).set_index("qark")["grants"]
    places = data.grant_places
    local = places[(places["scope"] == "local") & places["qark"].notna()].drop_duplicates(["grant_id", "qark"])
    labels = grant_labels(data)
    names = local.groupby("qark")["grant_id"].agg(lambda ids: sorted((labels.get(i, i) for i in ids), key=fold))
    frame = pd.DataFrame({"qark": areas(data)}, copy=False)
    frame["grants"] = [int(present.get(q, 0)) for q in frame["qark"]]
    frame["names"] = [list(names.get(q, [])) for q in frame["qark"]]
    frame = frame.sort_values(["grants", "qark"], ascending=[False, True],
                              key=lambda s: s.map(fold) if s.name == "qark" else s)
    frame["text"] = [i18n.number(v, lang) for v in frame["grants"]]
    frame["hover"] = [f"<b>{charts.escape(q)}</b>: {charts.escape(i18n.t('grants.present.hover', lang, count=n))}"
                      + "".join(f"<br>· {charts.escape(name)}" for name in ns)
                      for q, n, ns in zip(frame["qark"], frame["grants"], frame["names"])]
    national = int(grant_buckets(data)["bucket"].eq(NATIONAL).sum()) if len(places) else 0
    empty = int(frame["grants"].sum()) == 0
    figure = None if empty else charts.panel_hbar(
        frame.assign(panel="present"), label="qark", panel="panel", value="grants", lang=lang, panel_order=["present"],
        panel_names={"present": i18n.t("grants.present.axis", lang)}, label_order=list(frame["qark"]),
        colours={"present": charts.PALETTE["sky"]}, text="text", hover="hover",
    )
    lines = data.grants.loc[data.grants["grant_id"].isin(local["grant_id"]), "source_line"].astype(int).tolist()
    return quiet_if_empty(
        View(
            name="projects-per-qark",
            title=i18n.t("grants.present.title", lang),
            data=pd.DataFrame(
                {
                    column("area", lang): frame["qark"],
                    column("grants_present", lang): frame["grants"],
                    column("grant_names", lang): ["; ".join(n) for n in frame["names"]],
                }
            , copy=False),
            figure=figure,
            notes=[i18n.t("grants.present.note", lang), i18n.t("grants.present.note.national", lang, count=national)],
            source_lines=lines,
            empty_message=i18n.t("empty.period", lang) if empty else None,
        )
    )


# ---------------------------------------------------------------- targets and results


def _targets_frame(data: Dataset, group_of: dict[str, str], order: list[str], names: dict[str, str]) -> pd.DataFrame:
    """Targets and results of each people count per group, never added to each other; None where nothing is printed."""
    lang = data.edition.lang
    figures = data.figures[data.figures["metric"].isin(PEOPLE_METRICS)]
    labels = grant_labels(data)
    # One pass for every count, kind and group, rather than a filter of the figures for each count and kind.
    sums: dict[tuple, int] = {}
    ids: dict[tuple, list[str]] = {}
    for metric, target, grant, value, figure in zip(figures["metric"], figures["is_target"], figures["grant_id"],
                                                    figures["value"], figures["figure_id"]):
        group = group_of.get(grant)
        if group is None or pd.isna(group):  # as a grouping drops a missing key
            continue
        key = (metric, bool(target), group)
        sums[key] = sums.get(key, 0) + (0 if pd.isna(value) else int(value))
        ids.setdefault(key, []).append(figure)
    rows = []
    for metric in PEOPLE_METRICS:
        metric_text = metric_name(metric, lang)
        for kind in KINDS:
            target = kind == "target"
            kind_name = i18n.t(f"grants.kind.{kind}", lang)
            values = [sums.get((metric, target, g)) for g in order]
            figure_ids = [list(ids.get((metric, target, g), [])) for g in order]
            reasons = hide_reasons(data, metric, pd.Series(values, dtype=object), pd.Series(figure_ids, dtype=object))
            for group, value, reason, cell_ids in zip(order, values, reasons, figure_ids):
                rows.append({
                    "group": group, "label": names[group], "metric": metric, "kind": kind,
                    "metric_name": metric_text, "kind_name": kind_name,
                    "value": value, "reason": reason, "figure_ids": cell_ids,
                    "plot": None if value is None else (0 if reason else int(value)),
                    "text": shown(value, reason, data) if value is not None else "",
                    "hover": cell_hover(data, names[group], f"{metric_text} · {kind_name}", value, reason, cell_ids,
                                        labels),
                })
    return pd.DataFrame(rows)


def _targets_view(data: Dataset, frame: pd.DataFrame, name: str, title_key: str, group_column: str,
                  extra_notes: list[str]) -> View:
    lang = data.edition.lang
    empty = frame.empty or frame["value"].dropna().empty
    figure = (
        None
        if empty
        else charts.panel_hbar(
            frame,
            label="label",
            panel="metric",
            value="plot",
            lang=lang,
            panel_order=list(PEOPLE_METRICS),
            panel_names={m: metric_name(m, lang) for m in PEOPLE_METRICS},
            label_order=list(frame["label"].drop_duplicates()),
            colours=KIND_COLOURS,
            series="kind",
            series_order=list(KINDS),
            series_names={k: i18n.t(f"grants.kind.{k}", lang) for k in KINDS},
            text="text",
            hover="hover",
        )
    )
    out = pd.DataFrame({
        column(group_column, lang): frame["label"], column("metric", lang): frame["metric_name"],
        column("kind", lang): frame["kind_name"],
        column("people", lang): csv_column([csv_value(v, r, data) for v, r in zip(frame["value"], frame["reason"])]),
    }, copy=False) if not frame.empty else pd.DataFrame()
    targets = data.figures[data.figures["is_target"] & data.figures["metric"].isin(PEOPLE_METRICS)]
    target_note = i18n.t("grants.targets.note.which", lang, count=len(targets),
                         lines=", ".join(str(int(v)) for v in sorted(targets["source_line"]))) if len(targets) else \
        i18n.t("grants.targets.note.none", lang)
    if not frame.empty:
        frame = frame.assign(cell=frame["label"] + " · " + frame["metric_name"] + " · " + frame["kind_name"])
    return quiet_if_empty(View(
        name=name, title=i18n.t(title_key, lang), data=out, figure=figure,
        notes=[i18n.t("grants.targets.note.apart", lang), target_note, *extra_notes],
        source_lines=lines_of(frame["figure_ids"].explode().dropna(), data) if not frame.empty else [],
        suppressed=suppressed_cells(frame, "cell") if not frame.empty else [],
        empty_message=i18n.t("grants.empty.figures", lang) if empty else None,
    ))


def targets_by_phase_view(data: Dataset) -> View:
    """Targets and results per grant phase, one panel per people count."""
    lang = data.edition.lang
    group_of = {g: phase_key(p) for g, p in zip(data.grants["grant_id"], data.grants["phase"])}
    order = sorted(set(group_of.values()), key=phase_order)
    frame = _targets_frame(data, group_of, order, {p: phase_label(p, lang) for p in order})
    return _targets_view(data, frame, "targets-by-phase", "grants.targets.phase.title", "phase",
                         [phase_note(data)])


def phase_note(data: Dataset) -> str:
    """What the period's grants say of their phases: phases reported together, or not stated, only where it is so."""
    lang = data.edition.lang
    phases = [phase_key(p) for p in data.grants["phase"]]
    if phases and all(p == "unknown" for p in phases):
        return i18n.t("grants.targets.note.phase.none", lang)
    parts = [i18n.t("grants.targets.note.phase", lang)]
    joint = sorted({p for p in phases if (span := phase_span(p)) and span[0] != span[1]}, key=phase_order)
    if joint:
        ranges = ", ".join(phase_label(p, lang) for p in joint)
        parts.append(i18n.t("grants.targets.note.phase.joint", lang, ranges=ranges))
    if "unknown" in phases:
        parts.append(i18n.t("grants.targets.note.phase.unstated", lang))
    return " ".join(parts)


def targets_by_org_view(data: Dataset) -> View:
    """Targets and results per grantee organisation, sorted by the counts that are never hidden."""
    lang = data.edition.lang
    short = organization_names(data.organizations, lang=data.edition.lang)
    group_of = dict(zip(data.grants["grant_id"], data.grants["org_id"]))
    people = data.figures[data.figures["metric"].isin(PEOPLE_METRICS)]
    with_figures = set(people["grant_id"].map(group_of))
    names = {o: short.get(o, o) for o in set(group_of.values())}

    # Each organisation's results and targets of each count, summed once for all organisations.
    sums = people.assign(org=people["grant_id"].map(group_of)).groupby(["org", "metric", "is_target"])["value"].sum()
    sums = {key: int(value) for key, value in sums.items()}

    def rank(org: str) -> tuple:
        keys = [-max(sums.get((org, metric, False), 0), sums.get((org, metric, True), 0)) for metric in RANK_METRICS]
        return (*keys, fold(names[org]))

    order = sorted(with_figures, key=rank)
    frame = _targets_frame(data, group_of, order, names)
    without = sorted((names[o] for o in set(group_of.values()) - with_figures), key=fold)
    notes = [i18n.t("grants.targets.note.order", lang)]
    if without:
        notes.append(i18n.t("grants.targets.note.without", lang, count=len(without), names=", ".join(without)))
    return _targets_view(data, frame, "targets-by-organization", "grants.targets.org.title", "organization", notes)


# ---------------------------------------------------------------- plan alignment


def _key_parts(key: str) -> tuple[str, str, str, str]:
    parts = (str(key).split(":") + ["", "", "", ""])[:4]
    return parts[0], parts[1], parts[2], parts[3]


def objective_label(key: str, lang: str, shorts: dict[str, str]) -> str:
    """A readable column label for an objective_key, by the plan's short name: 'PKV 2005–2007 · Parandalim · SS1/B'."""
    plan, pillar, goal, objective = _key_parts(key)
    parts = [shorts.get(plan, plan)]
    if pillar:
        parts.append(i18n.t(f"grants.pillar.{pillar}", lang))
    if goal and objective:
        parts.append(i18n.t("grants.nap.goal_objective", lang, goal=goal, objective=objective))
    elif goal:
        parts.append(i18n.t("grants.nap.goal", lang, goal=goal))
    elif objective:
        parts.append(i18n.t("grants.nap.objective", lang, objective=objective))
    return " · ".join(parts)


def objective_titles(structure: pd.DataFrame, lang: str) -> dict[tuple[str, str, str, str], str]:
    """(plan, pillar, goal, objective) → the objective's printed title, in the edition's language."""
    keys = structure[["plan", "pillar", "strategic_goal", "specific_objective"]].fillna("").astype(str)
    keys = keys.apply(lambda column: column.str.replace(r"\.0$", "", regex=True))
    titles = structure["title_en" if lang == "en" else "title"].astype(str)
    found: dict[tuple[str, str, str, str], str] = {}
    for key, title in zip(keys.itertuples(index=False, name=None), titles):
        found.setdefault(key, title)
    return found


def _objective_order(key: str, plans: list[str]) -> tuple:
    plan, pillar, goal, objective = _key_parts(key)
    return (plans.index(plan) if plan in plans else len(plans), PILLARS.index(pillar) if pillar in PILLARS else -1,
            goal.zfill(3), objective.zfill(3))


def abbreviations(links: pd.DataFrame, plans: pd.DataFrame, lang: str) -> str:
    """The abbreviations the matrix's columns use: the plans the grants cite, and the levels where they are cited."""
    shorts, names = plan_names(plans, lang, short=True), plan_names(plans, lang)
    cited = set(links["plan"])
    parts = [i18n.t("grants.nap.abbr.plan", lang, short=shorts[plan], name=names[plan])
             for plan in shorts if plan in cited]
    if _given(links["strategic_goal"]).any():
        parts.append(i18n.t("grants.nap.abbr.goal", lang))
    if _given(links["specific_objective"]).any():
        parts.append(i18n.t("grants.nap.abbr.objective", lang))
    return "; ".join(parts) + "."


def _given(column: pd.Series) -> pd.Series:
    return column.notna() & column.astype(str).str.strip().ne("")


def nap_matrix_view(data: Dataset) -> View:
    """Which plan objectives each grant supported, as its bracketed note says; hover shows the citation."""
    lang = data.edition.lang
    links = data.nap_links.copy()
    labels, full = grant_labels(data), grant_labels(data, full=True)
    structure = data.nap_structure
    empty = links.empty
    if empty:
        return View(name="nap-alignment", title=i18n.t("grants.nap.title", lang), data=pd.DataFrame(),
                    empty_message=i18n.t("grants.nap.empty", lang))
    links["activity"] = links["activity"].fillna("").astype(str).str.replace(r"\.0$", "", regex=True)
    titles = objective_titles(structure, lang)
    shorts = plan_names(data.plans, lang, short=True)
    cells = []
    # Each (grant, objective) cell's activities, quotes and lines, gathered in one pass rather than a frame per cell.
    grouped = links.groupby(["grant_id", "objective_key"], sort=False).agg(
        activity=("activity", list), quote=("quote", list), source_line=("source_line", list))
    for (grant_id, key), activity, quote, source_line in zip(grouped.index, grouped["activity"], grouped["quote"],
                                                             grouped["source_line"]):
        part = {"source_line": source_line}
        column_label = objective_label(key, lang, shorts)
        title = titles.get(_key_parts(key))
        activities = [a for a in activity if a]
        quotes = list(dict.fromkeys(quote))
        hover = (
            f"<b>{charts.escape(full.get(grant_id, grant_id))}</b><br>{charts.escape(column_label)}"
            + (f"<br><i>{charts.escape(title)}</i>" if title else "")
            + "<br>"
            + charts.escape(
                i18n.t("grants.nap.hover.activities", lang, activities=", ".join(activities))
                if activities
                else i18n.t("grants.nap.hover.whole", lang)
            )
            + "".join(f"<br>{charts.quoted(q)}" for q in quotes)
            + "<br>"
            + charts.escape(
                i18n.t(
                    "grants.hover.lines", lang, lines=", ".join(str(int(v)) for v in sorted(set(part["source_line"])))
                )
            )
        )
        cells.append(
            {
                "grant_id": grant_id,
                "row": labels.get(grant_id, grant_id),
                "key": key,
                "column": column_label,
                "value": max(1, len(activities)),
                "activities": ", ".join(activities),
                "hover": hover,
                "quote": " | ".join(quotes),
                "lines": ", ".join(str(int(v)) for v in sorted(set(part["source_line"]))),
            }
        )
    frame = pd.DataFrame(cells)
    keys = sorted(frame["key"].unique(), key=lambda key: _objective_order(key, list(shorts)))
    column_order = list(dict.fromkeys(objective_label(k, lang, shorts) for k in keys))
    linked, in_order = set(frame["grant_id"]), data.grants.sort_values("source_line")["grant_id"]
    row_order = [labels[g] for g in in_order if g in linked]
    figure = charts.heatmap(frame, rows="row", columns="column", value="value", lang=lang, hover="hover",
                            row_order=row_order, column_order=column_order)
    without = [labels[g] for g in in_order if g not in linked]
    notes = [i18n.t("grants.nap.note", lang), abbreviations(links, data.plans, lang)]
    if without:
        notes.append(i18n.t("grants.nap.note.without", lang, names=", ".join(without)))
    out = pd.DataFrame({
        column("grant", lang): frame["row"], column("objective", lang): frame["column"],
        column("activities", lang): frame["activities"], column("quote", lang): frame["quote"],
        column("source_lines", lang): frame["lines"],
    }, copy=False)
    return View(name="nap-alignment", title=i18n.t("grants.nap.title", lang), data=out, figure=figure, notes=notes,
                source_lines=sorted({int(v) for v in links["source_line"]}))


# ---------------------------------------------------------------- who does what where, for HXL tools


def three_w_view(data: Dataset) -> View:
    """The HXL 3W of the clean tables as this edition may publish it: a download, one row per grant in its place.

    Victim counts are hidden as in every other view: a grant's cell is marked when it holds a figure hidden in
    this edition, or when it must be hidden to protect another, and the source lines of hidden figures are left out.
    """
    lang = data.edition.lang
    tables = {"grants": data.grants, "organizations": data.organizations, "figures": data.figures,
              "grant_places": data.grant_places}
    english = lang == "en"
    frame = hxl.three_w(tables, english=english)
    labels, figures = grant_labels(data), data.figures
    withheld, suppressed = set(), []
    # Each grant's figures of each victim count and kind, in the figures' order, from one pass over them.
    ids_of: dict[tuple, list[str]] = {}
    for metric, target, grant, figure in zip(figures["metric"], figures["is_target"], figures["grant_id"],
                                             figures["figure_id"]):
        if metric in VICTIM_METRICS and not pd.isna(grant):
            ids_of.setdefault((metric, bool(target), grant), []).append(figure)
    for code in (c for c in hxl.MEASURES if c in VICTIM_METRICS):
        for is_target, column in ((False, code), (True, code + hxl.TARGET_SUFFIX)):
            cell_ids = pd.Series([list(ids_of.get((code, is_target, g), [])) for g in frame["grant_id"]],
                                 index=frame.index)
            reasons = hide_reasons(data, code, frame[column], cell_ids)
            frame[column] = csv_column([csv_value(v, r, data) for v, r in zip(frame[column], reasons)])
            withheld.update(i for cell, reason in zip(cell_ids, reasons) if reason for i in cell)
            suppressed += [{"cell": f"{labels.get(g, g)} · {METRICS[code].title(lang)}", "reason": reason}
                           for g, reason in zip(frame["grant_id"], reasons) if reason]
    if withheld:
        frame["source_lines"] = hxl.source_lines(tables, frozenset(withheld))
    lines = lines_of(figures.loc[~figures["figure_id"].isin(withheld), "figure_id"], data)
    return View(
        name="hxl-3w", title=i18n.t("grants.hxl.title", lang), data=hxl.with_tag_row(frame),
        notes=[i18n.t("grants.hxl.note", lang), i18n.t("grants.hxl.note.command", lang)],
        source_lines=sorted({*lines, *(int(v) for v in data.grants["source_line"])}), suppressed=suppressed,
        empty_message=i18n.t("empty.period", lang) if frame.empty else None,
    )


__all__ = [
    "areas",
    "intro_values",
    "nap_matrix_view",
    "projects_present_view",
    "protected_reach",
    "reach_map_view",
    "reach_rreth_map_view",
    "reach_view",
    "targets_by_org_view",
    "targets_by_phase_view",
    "three_w_view",
]
