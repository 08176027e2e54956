"""Pure chart functions: a tidy frame and labels in, a plotly Figure out. No files, no display."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from sitrep.i18n import PLOTLY_SEPARATORS

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, and in greyscale by lightness.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "pink": "#CC79A7", "yellow": "#F0E442", "black": "#000000", "grey": "#8C8C8C",
}
METRIC_COLOURS = {
    "prevention_reached": PALETTE["blue"], "victims_assisted": PALETTE["vermillion"],
    "sheltered": PALETTE["pink"], "people_trained": PALETTE["green"], "people_assisted": PALETTE["orange"],
}
SEQUENTIAL = [[0.0, "#F7FBFF"], [0.25, "#C6DBEF"], [0.5, "#6BAED6"], [0.75, "#2171B5"], [1.0, "#08306B"]]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"
BAR_HEIGHT = 28


def escape(text: object) -> str:
    """Raw-data text for plotly labels and hover: plotly reads a few tags, so all markup is neutralised."""
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text), quote=False)


def wrap(text: str, width: int = 70) -> str:
    """Break a long quote into hover lines."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(escape(part) for part in lines)


def base_layout(lang: str, height: int) -> dict:
    return dict(
        template="simple_white", height=height, separators=PLOTLY_SEPARATORS[lang],
        font=dict(family=FONT, size=13, color="#222"), margin=dict(l=10, r=20, t=10, b=40),
        hoverlabel=dict(align="left", bgcolor="white", font=dict(size=12)), showlegend=False,
    )


def hbar(frame: pd.DataFrame, *, label: str, value: str, lang: str, colour: str = PALETTE["blue"],
         text: str | None = None, hover: str | None = None, value_title: str = "", colours: str | None = None) -> go.Figure:
    """Horizontal bars in the frame's order (first at the top); `text` labels the bars, `hover` explains them."""
    figure = go.Figure(go.Bar(
        y=[escape(v) for v in frame[label]], x=frame[value], orientation="h",
        marker=dict(color=frame[colours].tolist() if colours else colour, line=dict(width=0)),
        text=frame[text] if text else None, textposition="outside", cliponaxis=False,
        hovertext=frame[hover] if hover else None, hoverinfo="text" if hover else "x+y",
    ))
    figure.update_layout(**base_layout(lang, max(160, 60 + BAR_HEIGHT * len(frame))))
    figure.update_yaxes(autorange="reversed", automargin=True, ticks="", showline=False)
    figure.update_xaxes(title_text=value_title, rangemode="tozero", automargin=True, showgrid=True, gridcolor="#eee")
    return figure


def grouped_hbar(frame: pd.DataFrame, *, label: str, series: str, value: str, lang: str, colours: dict[str, str],
                 names: dict[str, str], text: str | None = None, hover: str | None = None, value_title: str = "") -> go.Figure:
    """Several series side by side per label (e.g. targeted and reached), never stacked into one sum."""
    figure = go.Figure()
    for key in frame[series].drop_duplicates():
        part = frame[frame[series] == key]
        figure.add_bar(
            y=[escape(v) for v in part[label]], x=part[value], orientation="h", name=escape(names[key]),
            marker=dict(color=colours[key]), text=part[text] if text else None, textposition="outside",
            cliponaxis=False, hovertext=part[hover] if hover else None, hoverinfo="text" if hover else "x+y+name",
        )
    figure.update_layout(**base_layout(lang, max(200, 80 + BAR_HEIGHT * frame[label].nunique() * 1.6)))
    figure.update_layout(barmode="group", showlegend=True, legend=dict(orientation="h", y=-0.12, x=0))
    figure.update_yaxes(autorange="reversed", automargin=True, ticks="", categoryorder="array",
                        categoryarray=[escape(v) for v in frame[label].drop_duplicates()])
    figure.update_xaxes(title_text=value_title, rangemode="tozero", automargin=True, showgrid=True, gridcolor="#eee")
    return figure


def choropleth(frame: pd.DataFrame, geojson: dict, *, key: str, feature_key: str, value: str, lang: str,
               hover: str, colourbar_title: str = "", highlight: str | None = None, height: int = 520) -> go.Figure:
    """Areas coloured by value on an SVG map fitted to Albania (drawn offline; no tiles, no web fonts)."""
    figure = go.Figure(go.Choropleth(
        geojson=geojson, featureidkey=f"properties.{feature_key}", locations=frame[key], z=frame[value],
        colorscale=SEQUENTIAL, zmin=0, marker=dict(line=dict(color="#555", width=0.6)),
        hovertext=frame[hover], hoverinfo="text",
        colorbar=dict(title=dict(text=colourbar_title, side="right"), thickness=12, len=0.6),
    ))
    if highlight is not None:
        chosen = frame[frame[key] == highlight]
        figure.add_trace(go.Choropleth(
            geojson=geojson, featureidkey=f"properties.{feature_key}", locations=chosen[key], z=[1] * len(chosen),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker=dict(line=dict(color=PALETTE["vermillion"], width=3)), hoverinfo="skip",
        ))
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    figure.update_layout(**base_layout(lang, height))
    figure.update_layout(margin=dict(l=0, r=0, t=0, b=0), dragmode=False)
    return figure


def heatmap(frame: pd.DataFrame, *, rows: str, columns: str, value: str, lang: str, hover: str,
            row_order: list[str], column_order: list[str], colour: str = PALETTE["blue"]) -> go.Figure:
    """A presence matrix: rows × columns, filled where the value is positive."""
    grid = frame.pivot_table(index=rows, columns=columns, values=value, aggfunc="sum", fill_value=0)
    grid = grid.reindex(index=row_order, columns=column_order, fill_value=0)
    hovers = frame.pivot_table(index=rows, columns=columns, values=hover, aggfunc="first")
    hovers = hovers.reindex(index=row_order, columns=column_order)
    figure = go.Figure(go.Heatmap(
        z=grid.values, x=[escape(c) for c in grid.columns], y=[escape(r) for r in grid.index],
        colorscale=[[0, "#FFFFFF"], [1e-9, "#DCEAF6"], [1, colour]], showscale=False, xgap=2, ygap=2,
        hovertext=hovers.fillna("").values, hoverinfo="text",
        text=[[("" if v == 0 else str(int(v))) for v in row] for row in grid.values], texttemplate="%{text}",
    ))
    figure.update_layout(**base_layout(lang, max(240, 90 + 26 * len(row_order))))
    figure.update_xaxes(side="top", tickangle=-40, automargin=True, showline=False, ticks="")
    figure.update_yaxes(autorange="reversed", automargin=True, showline=False, ticks="")
    return figure


def sankey(nodes: list[str], colours: list[str], links: pd.DataFrame, *, lang: str, height: int = 560) -> go.Figure:
    """Flows between nodes; links has source, target (node indexes), value and hover."""
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=[escape(n) for n in nodes], color=colours, pad=12, thickness=14, line=dict(width=0)),
        link=dict(source=links["source"], target=links["target"], value=links["value"],
                  customdata=links["hover"], hovertemplate="%{customdata}<extra></extra>", color="rgba(0,114,178,0.25)"),
    ))
    figure.update_layout(**base_layout(lang, height))
    return figure


def timeline(frame: pd.DataFrame, *, date: str, label: str, group: str, lang: str, colours: dict[str, str],
             names: dict[str, str], hover: str, group_order: list[str], shade: tuple | None = None) -> go.Figure:
    """Dated events as points on lanes by kind, with the reporting period shaded."""
    figure = go.Figure()
    for key in group_order:
        part = frame[frame[group] == key]
        if part.empty:
            continue
        figure.add_scatter(
            x=part[date], y=[escape(names[key])] * len(part), mode="markers", name=escape(names[key]),
            marker=dict(size=12, color=colours.get(key, PALETTE["grey"]), line=dict(width=1, color="white")),
            hovertext=part[hover], hoverinfo="text",
        )
    figure.update_layout(**base_layout(lang, max(220, 70 + 42 * len(group_order))))
    if shade is not None:
        figure.add_vrect(x0=shade[0], x1=shade[1], fillcolor=PALETTE["yellow"], opacity=0.25, line_width=0)
    figure.update_xaxes(type="date", showgrid=True, gridcolor="#eee", dtick="M12", tickformat="%Y")
    figure.update_yaxes(automargin=True, categoryorder="array", categoryarray=[escape(names[k]) for k in group_order])
    return figure
