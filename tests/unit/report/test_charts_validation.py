"""Chart functions build figures without plotly's validation; here every one is validated once, property by property."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from sitrep.report import charts

BARS = pd.DataFrame({"label": ["Berat", "Durrës <b>"], "value": [3, 0], "text": ["3", "<10"], "hover": ["a", "b"],
                     "colour": ["#0072B2", "#D55E00"], "panel": ["x", "y"], "series": ["t", "r"]})
MATRIX = pd.DataFrame({"row": ["a", "a", "b"], "column": ["p", "q", "p"], "value": [1, 2, 1],
                       "hover": ["h1", "h2", "h3"]})
GEOJSON = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"qark": "Berat"},
     "geometry": {"type": "Polygon", "coordinates": [[[19.9, 40.7], [20.1, 40.7], [20.1, 40.5], [19.9, 40.7]]]}},
]}
EVENTS = pd.DataFrame({"date": pd.to_datetime(["2005-03-01", "2006-02-15"]), "label": ["one", "two"],
                       "group": ["law", "plan"], "hover": ["h1", "h2"], "inside": [True, False]})
# Both maps draw the same areas from the same outlines.
AREAS = BARS.assign(key=["Berat", "Berat"])
MAP = {"key": "key", "feature_key": "qark", "value": "value", "lang": "sq", "hover": "hover"}
GRID = {"rows": "row", "columns": "column", "lang": "sq", "hover": "hover", "row_order": ["a", "b"],
        "column_order": ["p", "q"]}

CHARTS = {
    "hbar": lambda: charts.hbar(BARS, label="label", value="value", lang="sq", text="text", hover="hover"),
    "grouped_hbar": lambda: charts.grouped_hbar(
        BARS,
        label="label",
        series="series",
        value="value",
        lang="en",
        colours={"t": "#888", "r": "#0072B2"},
        names={"t": "T", "r": "R"},
    ),
    "choropleth": lambda: charts.choropleth(AREAS, GEOJSON, **MAP, highlight="Berat"),
    "labelled_choropleth": lambda: charts.labelled_choropleth(AREAS, GEOJSON, **MAP, whole_numbers=True),
    "heatmap": lambda: charts.heatmap(MATRIX, **GRID, value="value"),
    "presence_heatmap": lambda: charts.presence_heatmap(MATRIX, **GRID),
    "sankey": lambda: charts.sankey(
        ["a", "b"],
        ["#111", "#222"],
        pd.DataFrame({"source": [0], "target": [1], "value": [5], "hover": ["h"]}),
        lang="sq",
    ),
    "timeline": lambda: charts.timeline(
        EVENTS,
        date="date",
        label="label",
        group="group",
        lang="en",
        colours={"law": "#111"},
        names={"law": "Law", "plan": "Plan"},
        hover="hover",
        group_order=["law", "plan"],
        shade=(pd.Timestamp("2005-01-01"), pd.Timestamp("2006-07-31")),
    ),
    "panel_hbar": lambda: charts.panel_hbar(
        BARS,
        label="label",
        panel="panel",
        value="value",
        lang="sq",
        panel_order=["x", "y"],
        panel_names={"x": "X", "y": "Y"},
        label_order=["Berat", "Durrës <b>"],
        colours={"x": "#111", "y": "#222"},
        text="text",
        hover="hover",
    ),
}


def as_json(figure: go.Figure) -> dict:
    return json.loads(pio.to_json(figure, validate=False))


def meaning(value):
    """A figure's JSON as plotly.js reads it: an empty list of shapes or annotations is the same as none."""
    if isinstance(value, dict):
        return {key: meaning(item) for key, item in value.items() if item != []}
    if isinstance(value, list):
        return [meaning(item) for item in value]
    return value


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_is_valid_plotly_and_validation_changes_nothing(name):
    figure = CHARTS[name]()
    built = as_json(figure)
    validated = go.Figure(built)  # raises ValueError on any property plotly does not know
    assert meaning(as_json(validated)) == meaning(built)
    assert built["layout"]["template"]["layout"]["plot_bgcolor"] == pio.templates["simple_white"].layout.plot_bgcolor


def test_a_misspelt_property_is_caught_by_that_validation():
    built = as_json(CHARTS["hbar"]())
    built["data"][0]["hovrtext"] = ["a", "b"]
    with pytest.raises(ValueError, match="hovrtext"):
        go.Figure(built)


def test_labels_from_the_data_are_escaped_and_numbers_follow_the_language():
    built = as_json(CHARTS["hbar"]())
    assert built["data"][0]["y"] == ["Berat", "Durrës &lt;b&gt;"]
    assert built["layout"]["separators"] == charts.PLOTLY_SEPARATORS["sq"]
    assert as_json(CHARTS["grouped_hbar"]())["layout"]["separators"] == charts.PLOTLY_SEPARATORS["en"]


def test_the_presence_matrix_prints_no_count():
    counted, presence = as_json(CHARTS["heatmap"]())["data"][0], as_json(CHARTS["presence_heatmap"]())["data"][0]
    assert counted["text"] == [["1", "2"], ["1", ""]] and "text" not in presence and "texttemplate" not in presence
