"""Pure chart functions: a tidy frame and labels in, a plotly Figure out. No files, no display."""

from __future__ import annotations

import hashlib
import html
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from sitrep.i18n import PLOTLY_SEPARATORS

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, and in greyscale by lightness.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "pink": "#CC79A7", "yellow": "#F0E442", "black": "#000000", "grey": "#8C8C8C",
}
SEQUENTIAL = [[0.0, "#F7FBFF"], [0.25, "#C6DBEF"], [0.5, "#6BAED6"], [0.75, "#2171B5"], [1.0, "#08306B"]]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"
BAR_HEIGHT = 28


def escape(text: object) -> str:
    """Raw-data text for plotly labels and hover: plotly reads a few tags, so all markup is neutralised."""
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text), quote=False)


@lru_cache(maxsize=4096)  # a quote is wrapped for each bar and map that cites it, on several pages
def wrap(text: str, width: int = 70) -> str:
    """Break a long quote into hover lines."""
    parts = textwrap.wrap(" ".join(str(text).split()), width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(escape(part) for part in parts or [""])


def quoted(text: str, width: int = 70) -> str:
    """A quote of the report in hover text, between typographic quotes: the page lists each such quote, marked."""
    return f"“{wrap(text, width)}”"


def _figure(*traces: dict) -> go.Figure:
    """A figure from plain trace dicts, built without plotly's per-property validation.

    Validation costs most of a page's chart time; tests/unit/report/test_charts.py validates every chart
    function's output once instead, so a misspelt property still fails, in the tests rather than on a page.
    """
    # The template is set at creation: a later update_layout(template=...) on an unvalidated figure merges it
    # into plotly's default template instead of replacing it.
    return go.Figure({"data": list(traces), "layout": {"template": _template()}}, _validate=False)


def _built(traces: list[dict], *layouts: dict) -> go.Figure:
    """_figure() with its layout given whole: the layouts merged in order, as successive update_layout calls would.

    plotly's update_layout, update_xaxes and update_geos parse every property path they are given, a few
    milliseconds a call, more than the rest of a chart; a chart that knows its whole layout writes it as data.
    """
    layout: dict = {"template": _template()}
    for part in layouts:
        _merge(layout, part)
    return go.Figure({"data": list(traces), "layout": layout}, _validate=False)


def _merge(target: dict, values: dict) -> dict:
    """`values` merged into `target` as plotly's update merges them: a dict into a dict, anything else replaced."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = dict(value) if isinstance(value, dict) else value
    return target


@lru_cache(maxsize=1)
def _template() -> dict:
    """The simple_white template as plain data (an unvalidated figure keeps a template name as a bare string)."""
    import plotly.io as pio

    return pio.templates["simple_white"].to_plotly_json()


def without_unused_defaults(figure: dict) -> dict:
    """The figure with its template's trace defaults kept only for the trace types it draws.

    The template holds defaults for every kind of trace (about 8 KB); they apply only to traces of their type, so
    the others can go without changing the chart, and a page of several charts is that much lighter.
    """
    layout = figure.get("layout", {})
    template = layout.get("template")
    if not isinstance(template, dict) or not isinstance(template.get("data"), dict):
        return figure
    types = {trace.get("type", "scatter") for trace in figure.get("data", [])}
    kept = {kind: defaults for kind, defaults in template["data"].items() if kind in types}
    return {**figure, "layout": {**layout, "template": {**template, "data": kept}}}


def base_layout(lang: str, height: int) -> dict:
    """Layout every chart shares: height, the language's number marks, font, margins and hover style."""
    return dict(
        height=height, separators=PLOTLY_SEPARATORS[lang],
        font=dict(family=FONT, size=13, color="#222"), margin=dict(l=10, r=20, t=10, b=40),
        hoverlabel=dict(align="left", bgcolor="white", font=dict(size=12)), showlegend=False,
        dragmode=False,  # nothing to zoom or pan in a report, and a finger on a phone scrolls the page instead
    )


def hbar(frame: pd.DataFrame, *, label: str, value: str, lang: str, colour: str = PALETTE["blue"],
         text: str | None = None, hover: str | None = None, value_title: str = "", colours: str | None = None,
         signed: bool = False) -> go.Figure:
    """Horizontal bars in the frame's order (first at the top); `text` labels the bars, `hover` explains them.

    `signed`: values may be negative (a change); the scale leaves room beyond both ends for the bars' labels.
    """
    trace = dict(
        type="bar",
        y=[escape(v) for v in frame[label]], x=frame[value], orientation="h",
        marker=dict(color=frame[colours].tolist() if colours else colour, line=dict(width=0)),
        text=frame[text] if text else None, textposition="outside", cliponaxis=False,
        hovertext=frame[hover] if hover else None, hoverinfo="text" if hover else "x+y",
    )
    layouts = [
        base_layout(lang, max(160, 60 + BAR_HEIGHT * len(frame))),
        {"yaxis": dict(autorange="reversed", automargin=True, ticks="", showline=False)},
        {"xaxis": dict(title=dict(text=value_title), rangemode="tozero", automargin=True, showgrid=True,
                       gridcolor="#eee")},
    ]
    if signed:
        values = pd.to_numeric(frame[value], errors="coerce").fillna(0)
        low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
        room = max(high - low, 1.0) * 0.3
        layouts.append({"xaxis": dict(range=[low - room if low < 0 else 0, high + room if high > 0 else room / 3],
                                      zeroline=True, zerolinecolor="#444")})
    return _built([trace], *layouts)


def grouped_hbar(
    frame: pd.DataFrame,
    *,
    label: str,
    series: str,
    value: str,
    lang: str,
    colours: dict[str, str],
    names: dict[str, str],
    text: str | None = None,
    hover: str | None = None,
    value_title: str = "",
) -> go.Figure:
    """Several series side by side per label (e.g. targeted and reached), never stacked into one sum."""
    figure = _figure()
    for key in frame[series].drop_duplicates():
        part = frame[frame[series] == key]
        figure.add_trace(dict(
            type="bar", y=[escape(v) for v in part[label]], x=part[value], orientation="h", name=escape(names[key]),
            marker=dict(color=colours[key]), text=part[text] if text else None, textposition="outside",
            cliponaxis=False, hovertext=part[hover] if hover else None, hoverinfo="text" if hover else "x+y+name"
        ))
    figure.update_layout(**base_layout(lang, max(200, 80 + BAR_HEIGHT * frame[label].nunique() * 1.6)))
    figure.update_layout(barmode="group", showlegend=True, legend=dict(orientation="h", y=-0.12, x=0))
    figure.update_yaxes(autorange="reversed", automargin=True, ticks="", categoryorder="array",
                        categoryarray=[escape(v) for v in frame[label].drop_duplicates()])
    figure.update_xaxes(title_text=value_title, rangemode="tozero", automargin=True, showgrid=True, gridcolor="#eee")
    return figure


def choropleth(frame: pd.DataFrame, geojson: dict, *, key: str, feature_key: str, value: str, lang: str,
               hover: str, colourbar_title: str = "", highlight: str | None = None, height: int = 520) -> go.Figure:
    """Areas coloured by value on an SVG map fitted to Albania (drawn offline; no tiles, no web fonts)."""
    traces, layouts = _choropleth_parts(frame, key=key, feature_key=feature_key, value=value, lang=lang, hover=hover,
                                        colourbar_title=colourbar_title, highlight=highlight, height=height)
    return _with_areas(_built(traces, *layouts), geojson)


def _choropleth_parts(frame: pd.DataFrame, *, key: str, feature_key: str, value: str, lang: str, hover: str,
                      colourbar_title: str, highlight: str | None, height: int) -> tuple[list[dict], list[dict]]:
    """choropleth()'s traces and layout as plain data, its outlines still AREAS."""
    traces = [dict(
        type="choropleth",
        geojson=AREAS, featureidkey=f"properties.{feature_key}", locations=frame[key], z=frame[value],
        colorscale=SEQUENTIAL, zmin=0, marker=dict(line=dict(color="#555", width=0.6)),
        hovertext=frame[hover], hoverinfo="text",
        colorbar=dict(title=dict(text=colourbar_title, side="right"), thickness=12, len=0.6),
    )]
    if highlight is not None:
        chosen = frame[frame[key] == highlight]
        traces.append(dict(
            type="choropleth",
            geojson=AREAS, featureidkey=f"properties.{feature_key}", locations=chosen[key], z=[1] * len(chosen),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker=dict(line=dict(color=PALETTE["vermillion"], width=3)), hoverinfo="skip",
        ))
    layouts = [{"geo": dict(fitbounds="locations", visible=False, projection=dict(type="mercator"))},
               base_layout(lang, height), dict(margin=dict(l=0, r=0, t=0, b=0), dragmode=False)]
    return traces, layouts


# Stands for a map's outlines while plotly builds the figure, which deep-copies every trace it is given (twice):
# the outlines, thousands of coordinate lists, are then set by reference (sitrep.report.notebook.plain_figure).
AREAS = "sitrep:areas"


def _with_areas(figure: go.Figure, geojson: dict) -> go.Figure:
    """The figure with the outlines in place of AREAS, uncopied (no chart changes them)."""
    for trace in figure.data:
        if getattr(trace, "geojson", None) == AREAS:
            trace.geojson = geojson
    return figure


def heatmap(frame: pd.DataFrame, *, rows: str, columns: str, value: str, lang: str, hover: str,
            row_order: list[str], column_order: list[str], colour: str = PALETTE["blue"],
            counts: bool = True) -> go.Figure:
    """A presence matrix: rows × columns, filled where the value is positive, with the count unless `counts` is off."""
    z, hovertext = _grid(frame, rows, columns, value, hover, row_order, column_order)
    trace = dict(
        type="heatmap",
        z=z, x=[escape(c) for c in column_order], y=[escape(r) for r in row_order],
        colorscale=[[0, "#FFFFFF"], [1e-9, "#DCEAF6"], [1, colour]], showscale=False, xgap=2, ygap=2,
        hovertext=hovertext, hoverinfo="text",
        **({"text": [["" if v == 0 else str(int(v)) for v in row] for row in z], "texttemplate": "%{text}"}
           if counts else {}),
    )
    return _built([trace], base_layout(lang, max(240, 90 + 26 * len(row_order))),
                  {"xaxis": dict(side="top", tickangle=-40, automargin=True, showline=False, ticks="")},
                  {"yaxis": dict(autorange="reversed", automargin=True, showline=False, ticks="")})


def _grid(frame: pd.DataFrame, rows: str, columns: str, value: str, hover: str, row_order: list,
          column_order: list) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's sum of `value` (0 where none) and its first hover ("" where none), in the given orders.

    What two pivot tables reindexed to the orders give, in one pass over the frame's rows: a matrix has some
    tens of them, where each pivot table cost several milliseconds.
    """
    values = frame[value].to_numpy()
    keys = list(zip(frame[rows], frame[columns]))
    if (values.dtype.kind != "i" or not keys or not pd.api.types.is_string_dtype(frame[hover])
            or any(pd.isna(row) or pd.isna(column) for row, column in keys)):
        # other values or hovers, or missing keys: as pandas sums, types and drops them
        grid = frame.pivot_table(index=rows, columns=columns, values=value, aggfunc="sum", fill_value=0)
        hovers = frame.pivot_table(index=rows, columns=columns, values=hover, aggfunc="first")
        hovers = hovers.reindex(index=row_order, columns=column_order)
        return (grid.reindex(index=row_order, columns=column_order, fill_value=0).values,
                hovers.astype(object).where(hovers.notna(), "").values)
    sums: dict[tuple, object] = {}
    firsts: dict[tuple, object] = {}
    for key, number, text in zip(keys, values, frame[hover]):
        sums[key] = sums.get(key, 0) + number
        if key not in firsts and not pd.isna(text):
            firsts[key] = text
    z = np.zeros((len(row_order), len(column_order)), dtype=np.int64)
    hovertext = np.full((len(row_order), len(column_order)), "", dtype=object)
    for i, row in enumerate(row_order):
        for j, column in enumerate(column_order):
            z[i, j] = sums.get((row, column), 0)
            hovertext[i, j] = firsts.get((row, column), "")
    return z, hovertext


def sankey(nodes: list[str], colours: list[str], links: pd.DataFrame, *, lang: str, height: int = 560) -> go.Figure:
    """Flows between nodes; links has source, target (node indexes), value and hover."""
    figure = _figure(
        dict(
            type="sankey",
            arrangement="snap",
            node=dict(label=[escape(n) for n in nodes], color=colours, pad=12, thickness=14, line=dict(width=0)),
            link=dict(
                source=links["source"],
                target=links["target"],
                value=links["value"],
                customdata=links["hover"],
                hovertemplate="%{customdata}<extra></extra>",
                color="rgba(0,114,178,0.25)",
            ),
        )
    )
    figure.update_layout(**base_layout(lang, height))
    return figure


def timeline(frame: pd.DataFrame, *, date: str, label: str, group: str, lang: str, colours: dict[str, str],
             names: dict[str, str], hover: str, group_order: list[str], shade: tuple | None = None) -> go.Figure:
    """Dated events as points on lanes by kind, with the reporting period shaded."""
    figure = _figure()
    for key in group_order:
        part = frame[frame[group] == key]
        if part.empty:
            continue
        figure.add_trace(dict(
            type="scatter", x=part[date], y=[escape(names[key])] * len(part), mode="markers", name=escape(names[key]),
            marker=dict(size=12, color=colours.get(key, PALETTE["grey"]), line=dict(width=1, color="white")),
            hovertext=part[hover], hoverinfo="text"
        ))
    figure.update_layout(**base_layout(lang, max(220, 70 + 42 * len(group_order))))
    if shade is not None:
        figure.add_vrect(x0=shade[0], x1=shade[1], fillcolor=PALETTE["yellow"], opacity=0.25, line_width=0)
    figure.update_xaxes(type="date", showgrid=True, gridcolor="#eee", dtick="M12", tickformat="%Y")
    figure.update_yaxes(automargin=True, categoryorder="array", categoryarray=[escape(names[k]) for k in group_order])
    return figure


def presence_heatmap(frame: pd.DataFrame, *, rows: str, columns: str, lang: str, hover: str,
                     row_order: list[str], column_order: list[str], colour: str = PALETTE["blue"]) -> go.Figure:
    """A yes/no matrix (rows × columns): a filled cell means present; no count is printed, as there is none."""
    marked = frame.drop_duplicates([rows, columns]).assign(_present=1)
    figure = heatmap(marked, rows=rows, columns=columns, value="_present", lang=lang, hover=hover,
                     row_order=row_order, column_order=column_order, colour=colour, counts=False)
    return figure


def period_timeline(
    frame: pd.DataFrame,
    *,
    date: str,
    group: str,
    inside: str,
    lang: str,
    colours: dict[str, str],
    names: dict[str, str],
    hover: str,
    group_order: list[str],
    shade: tuple | None = None,
    shade_label: str = "",
    inside_name: str = "",
    outside_name: str = "",
    close_days: int = 75,
) -> go.Figure:
    """Dated events on lanes by kind; events outside the reporting period are drawn hollow and grey, as background.

    `inside` is a boolean column. Lanes with no event are left out. Events of one lane closer than `close_days`
    are moved a little up or down within the lane so that no mark hides another.
    """
    present = [key for key in group_order if (frame[group] == key).any()]
    offsets = (0.0, -0.24, 0.24)
    traces = []
    for lane, key in enumerate(present):
        part = frame[frame[group] == key].sort_values(date)
        last: dict[float, pd.Timestamp] = {}
        ys = []
        for when in part[date]:
            when = pd.Timestamp(when)
            free = [o for o in offsets if o not in last or abs((when - last[o]).days) >= close_days]
            chosen_offset = free[0] if free else offsets[0]
            last[chosen_offset] = when
            ys.append(lane + chosen_offset)
        part = part.assign(_y=ys)
        for within in (False, True):
            chosen = part[part[inside].astype(bool) == within]
            if chosen.empty:
                continue
            colour = colours.get(key, PALETTE["grey"])
            traces.append(dict(
                type="scatter", x=chosen[date], y=chosen["_y"], mode="markers", showlegend=False,
                marker=dict(size=13 if within else 11, color=colour if within else "white",
                            line=dict(width=1 if within else 2, color="white" if within else PALETTE["grey"])),
                hovertext=chosen[hover], hoverinfo="text"
            ))
    for name, marker in ((inside_name, dict(size=12, color=PALETTE["black"], line=dict(width=1, color="white"))),
                         (outside_name, dict(size=10, color="white", line=dict(width=2, color=PALETTE["grey"])))):
        if name:
            traces.append(dict(
                type="scatter", x=[None], y=[None], mode="markers", marker=marker, name=escape(name), showlegend=True,
                hoverinfo="skip"
            ))
    # The shaded period and the lanes' lines as plotly's add_vrect and add_hline write them, as plain data.
    shapes, annotations = [], []
    if shade is not None:
        shapes.append(dict(type="rect", x0=shade[0], x1=shade[1], xref="x", y0=0, y1=1, yref="y domain",
                           fillcolor=PALETTE["yellow"], opacity=0.25, line=dict(width=0), layer="below"))
        annotations.append(dict(text=escape(shade_label), x=shade[0], xref="x", xanchor="left", y=0, yref="y domain",
                                yanchor="bottom", showarrow=False, font=dict(size=12, color="#555")))
    shapes += [dict(type="line", x0=0, x1=1, xref="x domain", y0=lane, y1=lane, yref="y",
                    line=dict(color="#f0f0f0", width=1), layer="below") for lane in range(len(present))]
    xaxis: dict = {}
    if len(frame):
        first, last_date = pd.Timestamp(frame[date].min()), pd.Timestamp(frame[date].max())
        if shade is not None:
            first, last_date = min(first, pd.Timestamp(shade[0])), max(last_date, pd.Timestamp(shade[1]))
        xaxis["range"] = [first - pd.Timedelta(days=120), last_date + pd.Timedelta(days=120)]
    xaxis.update(type="date", showgrid=True, gridcolor="#eee", dtick="M12", tickformat="%Y", ticklabelmode="period",
                 ticks="")
    yaxis = dict(tickmode="array", tickvals=list(range(len(present))), ticktext=[escape(names[k]) for k in present],
                 range=[len(present) - 0.5, -0.5], automargin=True, showgrid=False, zeroline=False, ticks="")
    extra = {"shapes": shapes, "annotations": annotations} if shapes else {}  # as plotly leaves an empty list
    return _built(traces, base_layout(lang, max(240, 130 + 48 * len(present))),
                  dict(showlegend=bool(inside_name or outside_name), margin=dict(l=10, r=20, t=40, b=30),
                       legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom")),
                  {"xaxis": xaxis, "yaxis": yaxis}, extra)


def wrapped_hbar(
    frame: pd.DataFrame,
    *,
    label: str,
    value: str,
    lang: str,
    colour: str = PALETTE["blue"],
    text: str | None = None,
    hover: str | None = None,
    value_title: str = "",
    width: int = 34,
) -> go.Figure:
    """Horizontal bars in the frame's order (first at the top) with long labels wrapped onto several lines.

    A row whose value is None keeps its label and its `text` (e.g. a suppressed '<10') but draws no bar.
    """
    labels = [wrap(v, width) for v in frame[label]]
    lines = max((item.count("<br>") + 1 for item in labels), default=1)
    values = pd.to_numeric(frame[value], errors="coerce")
    trace = dict(
        type="bar",
        y=labels, x=values, orientation="h", marker=dict(color=colour, line=dict(width=0)),
        text=[escape(item) for item in frame[text]] if text else None, textposition="outside", cliponaxis=False,
        hovertext=frame[hover] if hover else None, hoverinfo="text" if hover else "x+y",
    )
    step = max(BAR_HEIGHT, 17 * lines + 14)
    top = float(values.max()) if values.notna().any() else 1.0
    return _built([trace], base_layout(lang, max(160, 70 + step * len(frame))), dict(bargap=0.35),
                  {"yaxis": dict(autorange="reversed", automargin=True, ticks="", showline=False)},
                  {"xaxis": dict(title=dict(text=value_title), range=[0, top * 1.15 or 1], automargin=True,
                                 showgrid=True, gridcolor="#eee")})


def flow_sankey(nodes: list[str], colours: list[str], links: pd.DataFrame, *, lang: str, height: int = 560,
                node_hover: list[str] | None = None, value_format: str = ",.2~f", link_alpha: float = 0.3,
                pad: int = 10, label_size: int = 12) -> go.Figure:
    """Flows between nodes, coloured by their source node, with values shown to at most two decimals.

    links has source, target (node indexes), value and hover (hover text, already escaped). `node_hover`
    (escaped) replaces plotly's default node hover. Give a `pad` above the label height so labels of small
    nodes do not run into each other.
    """
    def faded(colour: str) -> str:
        colour = colour.lstrip("#")
        red, green, blue = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
        return f"rgba({red},{green},{blue},{link_alpha})"

    node = dict(label=[escape(n) for n in nodes], color=colours, pad=pad, thickness=14, line=dict(width=0))
    if node_hover is not None:
        node.update(customdata=node_hover, hovertemplate="%{customdata}<extra></extra>")
    trace = dict(
        type="sankey",
        arrangement="snap", valueformat=value_format, node=node, textfont=dict(size=label_size),
        link=dict(source=links["source"], target=links["target"], value=links["value"],
                  customdata=links["hover"], hovertemplate="%{customdata}<extra></extra>",
                  color=[faded(colours[int(s)]) for s in links["source"]]),
    )
    return _built([trace], base_layout(lang, height), dict(margin=dict(l=10, r=10, t=10, b=10)))


def _wrap_label(text: object, width: int) -> str:
    """An escaped label broken onto lines of about `width` characters (plotly reads <br>)."""
    return wrap(str(text), width) if len(str(text)) > width else escape(text)


def panel_hbar(frame: pd.DataFrame, *, label: str, panel: str, value: str, lang: str, panel_order: list[str],
               panel_names: dict[str, str], label_order: list[str], colours: dict[str, str],
               series: str | None = None, series_order: list[str] | None = None,
               series_names: dict[str, str] | None = None, text: str | None = None,
               hover: str | None = None, label_width: int = 30) -> go.Figure:
    """Small multiples: one panel of horizontal bars per `panel` key (e.g. per metric), sharing the rows.

    Each panel keeps its own scale, so counts of different things stand side by side and are never
    added up. With `series`, the series' bars are grouped (never stacked) within each panel, and
    `colours` is keyed by series; without it, by panel. Rows follow `label_order`, first at the top;
    a value of 0 or None draws no bar, but its `text` (e.g. a privacy mark) is still written.
    """
    columns = max(1, len(panel_order))
    titles = [f"<b>{_wrap_label(panel_names[key], 22)}</b>" for key in panel_order]
    # The panels' grid (domains, shared rows, titles) as plotly lays it out, then traces and axes as plain data:
    # plotly's update_* calls parse every property path, which cost more than the rest of the chart.
    layout = _panel_grid(columns, tuple(titles))
    keys = list(series_order or frame[series].drop_duplicates()) if series else [None]
    rows = {v: _wrap_label(v, label_width) for v in label_order}
    # Each panel's rows, and each series' within it, from one comparison of the column per panel and per series
    # (pandas' own: a missing key equals nothing) rather than a filter of the frame for each pair.
    numbers = pd.to_numeric(frame[value], errors="coerce").fillna(0).to_numpy()
    in_series = {item: (frame[series] == item).to_numpy(dtype=bool, na_value=False)
                 for item in keys if item is not None} if series and len(frame) else {}
    labels, values = _picker(frame[label]), _picker(frame[value])
    texts, hovers = (_picker(frame[text]) if text else None), (_picker(frame[hover]) if hover else None)
    traces = []
    for column, key in enumerate(panel_order, start=1):
        suffix = "" if column == 1 else str(column)
        in_panel = (frame[panel] == key).to_numpy(dtype=bool, na_value=False) if len(frame) else np.zeros(0, bool)
        top = float(numbers[in_panel].max()) if in_panel.any() else 0.0
        for item in keys:
            bars = np.flatnonzero(in_panel if item is None else in_panel & in_series[item])
            traces.append(dict(
                type="bar", y=[rows.get(v, escape(v)) for v in labels(bars)], x=values(bars), orientation="h",
                name=escape(series_names[item]) if item is not None else escape(panel_names[key]),
                legendgroup=str(item), showlegend=item is not None and column == 1,
                marker=dict(color=colours[item if item is not None else key], line=dict(width=0)),
                text=texts(bars) if text else None, textposition="outside", cliponaxis=False, textfont=dict(size=11),
                hovertext=hovers(bars) if hover else None, hoverinfo="text" if hover else "x+y",
                xaxis=f"x{suffix}", yaxis=f"y{suffix}",
            ))
        # Room right of the longest bar for its label, inside the panel; a panel with no bars shows no scale.
        layout[f"xaxis{suffix}"].update(range=[0, (top or 1.0) * 1.5], showticklabels=top > 0,
                                         **({"dtick": 1} if 0 < top <= 8 else {}))
    grouped = bool(series) and len(keys) > 1
    lines = sum(rows[v].count("<br>") + 1 for v in label_order)
    height = int(max(220, 110 + BAR_HEIGHT * max(len(label_order) * (1.6 if grouped else 1.0), lines * 0.75)))
    layout.update(base_layout(lang, height))
    title_lines = max(t.count("<br>") + 1 for t in titles) if titles else 1
    top_margin = 24 + 16 * title_lines + (26 if series else 0)
    layout.update(barmode="group", bargap=0.25, margin=dict(l=10, r=20, t=top_margin, b=30), showlegend=bool(series))
    if series:
        layout["legend"] = dict(orientation="h", x=0, xanchor="left", y=0.995, yanchor="top", yref="container",
                                font=dict(size=12))
    for annotation in layout.get("annotations", []):
        annotation["font"] = {**annotation.get("font", {}), "size": 12.5}
    for name, axis in layout.items():
        if name.startswith("yaxis"):
            axis.update(autorange="reversed", automargin=True, ticks="", showline=False, categoryorder="array",
                        categoryarray=[rows[v] for v in label_order])
        elif name.startswith("xaxis"):
            axis.update(rangemode="tozero", showgrid=True, gridcolor="#eee", nticks=4, automargin=True, tickformat=",d")
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def written_as_array(column: pd.Series) -> bool:
    """Whether a figure writes this column as its plain array (numbers, booleans, text, objects), as it is.

    The other columns (nullable numbers, dates, categories) are written by plotly's own conversion.
    """
    return isinstance(column.dtype, pd.StringDtype) or (isinstance(column.dtype, np.dtype)
                                                          and column.dtype.kind in "iufbO")


def _picker(column: pd.Series) -> Callable[[np.ndarray], np.ndarray | pd.Series]:
    """How to take a column's rows at given positions, as a chart trace holds them.

    Selecting rows of a pandas column costs a tenth of a millisecond, most of it for text (Arrow) columns; the
    bars of a panel chart select them a few hundred times. A column a figure writes as its plain array is taken
    out once and indexed; any other stays a column, for plotly to write as it writes them.
    """
    if written_as_array(column):
        return column.to_numpy().__getitem__
    return lambda positions: column.iloc[positions]


@lru_cache(maxsize=32)
def _panel_grid_json(columns: int, titles: tuple[str, ...]) -> str:
    from plotly.subplots import make_subplots

    grid = make_subplots(rows=1, cols=columns, shared_yaxes=True, horizontal_spacing=0.04 if columns > 1 else 0.0,
                         figure=_figure(), subplot_titles=list(titles))
    return json.dumps(grid.layout.to_plotly_json())


def _panel_grid(columns: int, titles: tuple[str, ...]) -> dict:
    """The layout of `columns` side-by-side panels sharing their rows, titled: a fresh copy each time."""
    return json.loads(_panel_grid_json(columns, titles))


def _centroid(geometry: dict) -> tuple[float, float] | None:
    """Where to write an area's name: the area-weighted centre of its largest polygon's outer ring."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    best = None
    for polygon in polygons:
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and (best is None or abs(area) > best[0]):
            best = (abs(area), cx / (3 * area), cy / (3 * area))
    return (best[1], best[2]) if best else None


def labelled_choropleth(frame: pd.DataFrame, geojson: dict, *, key: str, feature_key: str, value: str, lang: str,
                        hover: str, colourbar_title: str = "", highlight: str | None = None, height: int = 520,
                        labels: bool = True, whole_numbers: bool = False) -> go.Figure:
    """choropleth() with each area's name written at its centre, and whole-number colour-bar ticks for counts."""
    traces, layouts = _choropleth_parts(frame, key=key, feature_key=feature_key, value=value, lang=lang, hover=hover,
                                        colourbar_title=colourbar_title, highlight=highlight, height=height)
    if whole_numbers:
        top = float(pd.to_numeric(frame[value], errors="coerce").fillna(0).max()) if len(frame) else 0.0
        for trace in traces:  # every map trace, as update_traces(selector=dict(type="choropleth")) would
            trace["colorbar"] = _merge(trace.get("colorbar", {}), dict(tickformat=",d",
                                                                       dtick=max(1, int(round(top / 5)) or 1)))
        traces[0]["zmax"] = max(1.0, top)
    if labels:
        values = dict(zip(frame[key], pd.to_numeric(frame[value], errors="coerce").fillna(0)))
        top = max(values.values(), default=0) or 1
        names, lons, lats, colours = [], [], [], []
        for feature in geojson.get("features", []):
            centre = _centroid(feature["geometry"])
            if centre is not None:
                name = feature["properties"][feature_key]
                names.append(escape(name))
                lons.append(centre[0])
                lats.append(centre[1])
                # Light text on the two darkest steps of the colour scale, dark text elsewhere.
                colours.append("#ffffff" if values.get(name, 0) / top > 0.6 else "#1d1d1f")
        traces.append(dict(
            type="scattergeo",
            lon=lons, lat=lats, text=names, mode="text", hoverinfo="skip", showlegend=False,
            textfont=dict(size=11, color=colours, shadow="auto"),
        ))
    return _with_areas(_built(traces, *layouts), geojson)


# Below these widths (CSS px of the chart's box) a chart takes its phone layout: panels side by side need about
# PANEL_WIDTH each to keep their bars and labels apart; a map or a matrix is redrawn for a narrow screen.
PANEL_WIDTH = 230
PHONE_WIDTH = 640
PHONE_LABEL = 20  # characters a line of a category label holds on a phone
PHONE_LABEL_ROOM = 0.25  # of a signed scale, added beyond each end that has bars, for their labels on a phone
SANKEY_WIDTH = 700  # a sankey's three columns of labels need about this much; narrower, it scrolls sideways


def _axis_keys(layout: dict, letter: str) -> list[str]:
    """xaxis, xaxis2, … in panel order."""
    keys = [key for key in layout if key == f"{letter}axis" or (key.startswith(f"{letter}axis") and key[5:].isdigit())]
    return sorted(keys, key=lambda key: int(key[5:] or 1))


def _rewrapped(categories: list, width: int) -> tuple[list, list] | None:
    """Tick values and texts writing each (escaped) category on lines of about `width` characters; None if all fit."""
    values = [str(value) for value in categories]
    texts = []
    for value in values:
        words = value.replace("<br>", " ")
        texts.append("<br>".join(textwrap.wrap(words, width, break_long_words=False, break_on_hyphens=False)) or value)
    return (values, texts) if texts != values else None


def _lines(texts: list[str]) -> int:
    return max((text.count("<br>") + 1 for text in texts), default=1)


def _bar_categories(data: list[dict]) -> list:
    seen: dict = {}
    for trace in data:
        if trace.get("type") == "bar" and trace.get("orientation") == "h":
            seen.update(dict.fromkeys(str(v) for v in list(trace.get("y") if trace.get("y") is not None else [])))
    return list(seen)


def _phone_panels(data: list[dict], layout: dict, xaxes: list[str]) -> dict:
    """Panels stacked one above the other, each full width with its own row names and its title above it."""
    yaxes = [layout[key].get("anchor", "y").replace("y", "yaxis", 1) for key in xaxes]
    margin = layout.get("margin") or {}
    top, bottom = int(margin.get("t", 10)), int(margin.get("b", 40))
    categories = _bar_categories(data)
    ticks = _rewrapped(categories, PHONE_LABEL)
    lines = _lines(ticks[1]) if ticks else 1
    area = int(layout.get("height", 450)) - top - bottom
    area = max(area, len(categories) * (12 * lines + 10) + 30)
    titles = []
    for annotation in layout.get("annotations") or []:
        if annotation.get("yref") == "paper" and annotation.get("xref") == "paper" and annotation.get("y") == 1.0:
            titles.append(annotation)
    title_height = 58  # the panel above's scale (about 20 px), then this panel's title
    legend = 30 if layout.get("showlegend") else 0
    paper = len(xaxes) * (title_height + area)
    patch: dict = {"height": legend + 10 + paper + bottom, "margin": {"t": legend + 10, "b": bottom}}
    for index, (xkey, ykey) in enumerate(zip(xaxes, yaxes)):
        upper = index * (title_height + area) + title_height
        domain = [round(1 - (upper + area) / paper, 4), round(1 - upper / paper, 4)]
        patch[xkey] = {"domain": [0.0, 1.0]}
        patch[ykey] = {"domain": domain, "showticklabels": True, "tickfont": {"size": 11}}
        if ticks:
            patch[ykey].update(tickmode="array", tickvals=ticks[0], ticktext=ticks[1])
    centres = [sum(layout[key].get("domain", [0, 1])) / 2 for key in xaxes]
    stacked = []
    for annotation in layout.get("annotations") or []:
        if annotation in titles:
            index = min(range(len(centres)), key=lambda i: abs(centres[i] - annotation.get("x", 0.5)))
            y = 1 - (index * (title_height + area) + title_height - 6) / paper
            annotation = {**annotation, "text": str(annotation.get("text", "")).replace("<br>", " "),
                          "x": 0.0, "xanchor": "left", "y": round(y, 4), "yanchor": "bottom"}
        stacked.append(annotation)
    patch["annotations"] = stacked
    return {"below": PANEL_WIDTH * len(xaxes), "layout": patch}


def _bounds(geojson: dict) -> tuple[float, float, float, float] | None:
    """West, south, east and north edges of every area."""
    west = south = float("inf")
    east = north = float("-inf")
    # A ring's thousands of positions are read as one array; what is not a plain array of positions (nested
    # rings, a single point, a ragged or non-numeric list) is opened one level further.
    pending = [(feature.get("geometry") or {}).get("coordinates", []) for feature in geojson.get("features", [])]
    while pending:
        value = pending.pop()
        if not isinstance(value, (list, tuple)) or not value:
            continue
        if len(value) >= 2 and all(isinstance(v, (int, float)) for v in value[:2]):
            west, east = min(west, value[0]), max(east, value[0])
            south, north = min(south, value[1]), max(north, value[1])
            continue
        try:
            positions = np.asarray(value)
        except (TypeError, ValueError):  # ragged
            positions = None
        # an array of plain numbers (Python's ints and floats, as JSON gives them); NaN is left to min and max
        if positions is not None and positions.dtype.kind in "bif" and positions.ndim == 2 \
                and positions.shape[1] >= 2 and all(isinstance(v, (int, float)) for v in value[0][:2]) \
                and not np.isnan(positions[:, :2]).any():
            west, east = min(west, positions[:, 0].min()), max(east, positions[:, 0].max())
            south, north = min(south, positions[:, 1].min()), max(north, positions[:, 1].max())
        else:
            pending.extend(value)
    if west > east:
        return None
    return float(west), float(south), float(east), float(north)


@dataclass(frozen=True)
class Outlines:
    """A map's outlines as the site writes them, in assets/areas.js: their key there, their JSON, their edges."""

    key: str
    text: str  # the JSON written: each page parses its own copy of it
    plain: dict  # that JSON parsed, to compare outlines read again with; never handed out
    bounds: tuple[float, float, float, float] | None


# The outlines this worker has written, by the digest of the file they were read from (dataset.MapOutlines): each page
# reads them afresh, and finding them here costs a tenth of a millisecond where writing them costs several.
_WRITTEN_OUTLINES: dict[str, Outlines] = {}


def outlines(geojson: dict) -> Outlines:
    """What the site writes of these outlines; for outlines read from a file written before, what was written then.

    Outlines a page has changed since they were read are not those of their file: they are written anew.
    """
    digest = getattr(geojson, "digest", None)
    known = _WRITTEN_OUTLINES.get(digest) if digest else None
    if known is not None and _same(known.plain, geojson):
        return known
    text = json.dumps(geojson, cls=PlotlyJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    made = Outlines(hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], text, json.loads(text), _bounds(geojson))
    if digest:
        _WRITTEN_OUTLINES[digest] = made
    return made


def _same(plain: dict, geojson: dict) -> bool:
    try:
        return bool(plain == geojson)
    except (TypeError, ValueError):  # an array among them compares element by element: not as read from a file
        return False


def forget_outlines() -> None:
    """Forget the outlines written (the memo's clear() does, for tests and benchmarks that start afresh)."""
    _WRITTEN_OUTLINES.clear()


def _phone_map(data: list[dict]) -> dict | None:
    """A map as wide as the screen and as tall as the areas' shape asks, its colour bar laid flat below it.

    plotly fits a map's areas inside a square frame; the frame takes the areas' own shape when the map names
    its longitudes and latitudes, so a tall country fills a phone's width.
    """
    import math

    maps = [t.get("geojson") for t in data if t.get("type") == "choropleth" and isinstance(t.get("geojson"), dict)]
    geojson = maps[0] if maps else None
    bounds = outlines(geojson).bounds if geojson else None
    if not bounds or bounds[2] <= bounds[0] or bounds[3] <= bounds[1]:
        return None
    west, south, east, north = bounds
    pad_lon, pad_lat = (east - west) * 0.02, (north - south) * 0.02
    west, east, south, north = west - pad_lon, east + pad_lon, south - pad_lat, north + pad_lat

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    aspect = (y(north) - y(south)) / math.radians(east - west)
    traces = [{"colorbar": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top",
                            "len": 0.9, "thickness": 10, "title": {"side": "top"}}}
              if t.get("type") == "choropleth" and t.get("showscale") is not False else {} for t in data]
    geo = {"fitbounds": False, "lonaxis": {"range": [round(west, 4), round(east, 4)]},
           "lataxis": {"range": [round(south, 4), round(north, 4)]}}
    return {"below": PHONE_WIDTH, "aspect": round(aspect, 4), "extra": 90,
            "layout": {"geo": geo, "margin": {"l": 0, "r": 0, "t": 0, "b": 90}}, "data": traces}


def _phone_matrix(data: list[dict], layout: dict) -> dict:
    """A matrix keeps cells wide enough to read and scrolls sideways; its row names, wrapped, stay in view."""
    grid = next(t for t in data if t.get("type") == "heatmap")
    rows, columns = list(grid.get("y") or []), list(grid.get("x") or [])
    patch: dict = {"xaxis": {"tickfont": {"size": 11}}, "yaxis": {"tickfont": {"size": 11}}}
    lines = 1
    row_ticks = _rewrapped(rows, 18)
    if row_ticks:
        patch["yaxis"].update(tickmode="array", tickvals=row_ticks[0], ticktext=row_ticks[1])
        lines = _lines(row_ticks[1])
    column_ticks = _rewrapped(columns, 16)
    if column_ticks:
        patch["xaxis"].update(tickmode="array", tickvals=column_ticks[0], ticktext=column_ticks[1])
    patch["height"] = max(int(layout.get("height", 240)), 130 + len(rows) * max(26, 12 * lines + 8))
    return {"below": PHONE_WIDTH, "min_width": 150 + 32 * len(columns), "sticky_rows": True, "layout": patch}


def _phone_period(layout: dict) -> dict | None:
    """A shaded period's label ends where the period ends: on a phone the shade is too narrow for it to start there."""
    ends = {str(shape.get("x0")): shape.get("x1") for shape in layout.get("shapes") or [] if shape.get("xref") == "x"}
    notes = list(layout.get("annotations") or [])
    moved = [{**note, "x": ends[str(note.get("x"))], "xanchor": "right"}
             if note.get("xref") == "x" and note.get("xanchor") == "left" and str(note.get("x")) in ends else note
             for note in notes]
    return {"below": PHONE_WIDTH, "layout": {"annotations": moved}} if moved != notes else None


def phone_layout(figure: dict) -> dict | None:
    """How a chart (its plotly JSON) is redrawn on a narrow screen, as plain data the site's script applies.

    `below`: the chart box's width (px) under which it applies; `layout`: what changes in the layout; `data`:
    what changes in each trace; `aspect` and `extra`: the height as a multiple of the width, plus pixels;
    `min_width`: the width the chart keeps, scrolling sideways below it; `sticky_rows`: its row names stay in view.
    None when the chart reads as it is.
    """
    data, layout = list(figure.get("data") or []), figure.get("layout") or {}
    kinds = {trace.get("type") for trace in data}
    if "choropleth" in kinds:
        return _phone_map(data)
    if "heatmap" in kinds:
        return _phone_matrix(data, layout)
    if "sankey" in kinds:
        return {"below": SANKEY_WIDTH, "min_width": SANKEY_WIDTH, "layout": {}}
    xaxes = _axis_keys(layout, "x")
    if len(xaxes) > 1:
        return _phone_panels(data, layout, xaxes)
    if "scatter" in kinds:
        return _phone_period(layout)
    ticks = _rewrapped(_bar_categories(data), PHONE_LABEL)
    if not ticks:
        return None
    lines = _lines(ticks[1])
    height = max(int(layout.get("height", 450)), 70 + len(ticks[0]) * max(BAR_HEIGHT, 13 * lines + 10))
    phone = {"height": height, "yaxis": {
        "tickmode": "array", "tickvals": ticks[0], "ticktext": ticks[1], "tickfont": {"size": 11}}}
    scale = (layout.get("xaxis") or {}).get("range")
    if scale:  # a signed chart's labels sit beyond its bars' ends: on a phone's narrow scale they need more of it
        low, high = scale
        room = (high - low) * PHONE_LABEL_ROOM
        phone["xaxis"] = {"range": [low - room if low < 0 else low, high + room if high > 0 else high]}
    return {"below": PHONE_WIDTH, "layout": phone}
