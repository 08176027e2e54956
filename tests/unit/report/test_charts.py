"""Charts are pure functions: a tidy frame in, a figure out. Their structure is checked without a kernel or a page:
traces, orientation, order, colours, escaped hover and labels, and number separators as each language writes them."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from sitrep import i18n
from sitrep.report import charts
from sitrep.report.page import _json_for_script, _plain, plain_figure

SCRIPT = "<script>alert(1)</script>"
SQUARES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"qark": "Vlorë"},
     "geometry": {"type": "Polygon", "coordinates": [[[19.0, 40.0], [20.0, 40.0], [20.0, 41.0], [19.0, 41.0]]]}},
    {"type": "Feature", "properties": {"qark": "Korçë"},
     "geometry": {"type": "MultiPolygon", "coordinates": [
         [[[21.0, 40.0], [21.1, 40.0], [21.1, 40.1], [21.0, 40.1]]],            # a small island
         [[[20.0, 40.0], [22.0, 40.0], [22.0, 42.0], [20.0, 42.0]]]]}},        # the main area, centred at 21, 41
]}


def plain(value):
    """The figure's JSON as plain lists: numeric arrays travel as base64 typed arrays ({'dtype', 'bdata'})."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", len(array))).split(",")]
        return array.reshape(shape).tolist()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(item) for item in value]
    return value


def traces(figure: go.Figure) -> list[dict]:
    return plain(json.loads(figure.to_json()))["data"]


def layout(figure: go.Figure) -> dict:
    return plain(json.loads(figure.to_json()))["layout"]


def valid(figure: go.Figure) -> go.Figure:
    """Plotly's own validation of every property: a misspelt or misplaced property fails here."""
    go.Figure(figure.to_plotly_json())
    return figure


def bars() -> pd.DataFrame:
    return pd.DataFrame({"org": ["Vatra", "<b>ARSIS</b>", "Tjetër Vizion"], "n": [120, 45, 7],
                         "label": ["120", "45", "<10"], "hover": ["Vatra: 120", "ARSIS: 45", "Tjetër: <10"],
                         "colour": ["#000001", "#000002", "#000003"]})


def test_escape_neutralises_markup_and_empties_missing_values():
    assert charts.escape(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert charts.escape("Gratë & Vajzat") == "Gratë &amp; Vajzat"
    assert charts.escape(None) == "" and charts.escape(float("nan")) == ""
    assert charts.escape(45) == "45"


def test_wrap_breaks_a_quote_into_escaped_hover_lines():
    quote = "Projekti ndihmoi <i>viktima</i> të trafikimit   në   qarkun e Vlorës dhe të Shkodrës gjatë vitit"
    wrapped = charts.wrap(quote, width=30)
    lines = wrapped.split("<br>")
    assert len(lines) > 1 and all(len(line.replace("&lt;", "<").replace("&gt;", ">")) <= 30 for line in lines)
    assert "<i>" not in wrapped and "&lt;i&gt;viktima&lt;/i&gt;" in wrapped
    assert " ".join(lines).replace("&lt;", "<").replace("&gt;", ">") == " ".join(quote.split())
    assert charts.wrap("") == ""


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_separators_are_the_languages_own_decimal_and_thousands_marks(lang):
    written = i18n.number(1234.5, lang)  # '1 234,5' in Albanian, '1,234.5' in English
    separators = layout(charts.hbar(bars(), label="org", value="n", lang=lang))["separators"]
    assert separators == written[5] + written[1]


def test_hbar_is_one_horizontal_bar_trace_first_row_on_top():
    figure = valid(charts.hbar(bars(), label="org", value="n", lang="en", text="label", hover="hover"))
    (bar,) = traces(figure)
    assert bar["type"] == "bar" and bar["orientation"] == "h"
    assert list(bar["y"]) == ["Vatra", "&lt;b&gt;ARSIS&lt;/b&gt;", "Tjetër Vizion"]
    assert list(bar["x"]) == [120, 45, 7]
    assert list(bar["text"]) == ["120", "45", "<10"]
    assert list(bar["hovertext"]) == ["Vatra: 120", "ARSIS: 45", "Tjetër: <10"] and bar["hoverinfo"] == "text"
    assert layout(figure)["yaxis"]["autorange"] == "reversed"


def test_hbar_colours_one_or_per_row_and_grows_with_its_rows():
    one = traces(charts.hbar(bars(), label="org", value="n", lang="sq", colour="#123456"))[0]
    assert one["marker"]["color"] == "#123456"
    each = traces(charts.hbar(bars(), label="org", value="n", lang="sq", colours="colour"))[0]
    assert list(each["marker"]["color"]) == ["#000001", "#000002", "#000003"]
    many = pd.concat([bars()] * 10, ignore_index=True)
    assert layout(charts.hbar(many, label="org", value="n", lang="sq"))["height"] > \
        layout(charts.hbar(bars(), label="org", value="n", lang="sq"))["height"]


def test_a_signed_hbar_leaves_room_for_the_labels_beyond_both_ends():
    changes = pd.DataFrame({"label": ["a", "b"], "n": [-80, 20], "text": ["−80 %", "+20 %"]})
    axis = layout(valid(charts.hbar(changes, label="label", value="n", lang="sq", text="text", signed=True)))["xaxis"]
    low, high = axis["range"]
    assert low < -80 and high > 20 and axis["zeroline"]
    falls = pd.DataFrame({"label": ["a"], "n": [-50]})
    assert 0 < layout(charts.hbar(falls, label="label", value="n", lang="sq", signed=True))["xaxis"]["range"][1] < 50
    assert "range" not in layout(charts.hbar(changes, label="label", value="n", lang="sq"))["xaxis"]


def test_grouped_hbar_puts_series_side_by_side_never_stacked():
    frame = pd.DataFrame({"org": ["Vatra", "Vatra", "ARSIS"], "kind": ["target", "result", "result"],
                          "n": [200, 120, 45]})
    figure = valid(charts.grouped_hbar(frame, label="org", series="kind", value="n", lang="en",
                                       colours={"target": "#111111", "result": "#222222"},
                                       names={"target": "Targeted", "result": "<i>Reached</i>"}))
    target, result = traces(figure)
    assert (target["name"], target["marker"]["color"], list(target["x"])) == ("Targeted", "#111111", [200])
    assert result["name"] == "&lt;i&gt;Reached&lt;/i&gt;" and list(result["y"]) == ["Vatra", "ARSIS"]
    assert layout(figure)["barmode"] == "group"
    assert list(layout(figure)["yaxis"]["categoryarray"]) == ["Vatra", "ARSIS"]


def test_choropleth_colours_areas_by_value_and_outlines_the_one_highlighted():
    frame = pd.DataFrame({"qark": ["Vlorë", "Korçë"], "n": [3, 9], "hover": ["Vlorë: 3", "Korçë: 9"]})
    plain = traces(valid(charts.choropleth(frame, SQUARES, key="qark", feature_key="qark", value="n", lang="sq",
                                           hover="hover")))
    assert len(plain) == 1
    assert plain[0]["featureidkey"] == "properties.qark" and list(plain[0]["locations"]) == ["Vlorë", "Korçë"]
    assert list(plain[0]["z"]) == [3, 9] and plain[0]["zmin"] == 0
    highlighted = traces(charts.choropleth(frame, SQUARES, key="qark", feature_key="qark", value="n", lang="sq",
                                           hover="hover", highlight="Korçë"))
    assert len(highlighted) == 2 and list(highlighted[1]["locations"]) == ["Korçë"]
    assert highlighted[1]["hoverinfo"] == "skip"


def test_a_maps_outlines_are_the_ones_given_in_every_trace_and_its_plain_json_holds_them_whole():
    from sitrep.report.page import plain_figure

    frame = pd.DataFrame({"qark": ["Vlorë", "Korçë"], "n": [3, 9], "hover": ["Vlorë: 3", "Korçë: 9"]})
    figure = charts.labelled_choropleth(frame, SQUARES, key="qark", feature_key="qark", value="n", lang="sq",
                                        hover="hover", highlight="Korçë")
    maps = [trace for trace in figure.data if trace.type == "choropleth"]
    assert len(maps) == 2 and all(trace.geojson is SQUARES for trace in maps)  # not copied, not a placeholder
    shown = plain_figure(figure)
    def written(value: dict) -> str:
        return json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)

    assert written(shown) == written(figure.to_plotly_json())  # the same JSON plotly writes, outlines and all
    assert all(trace.geojson is SQUARES for trace in maps)  # and the figure keeps its outlines
    assert written(shown["data"][0]["geojson"]) == written(SQUARES) and list(shown["data"][1]["locations"]) == ["Korçë"]


def test_outlines_read_again_from_their_file_are_written_once_and_changed_ones_anew():
    from sitrep.report import memo
    from sitrep.report.dataset import MapOutlines

    def read(digest: str | None = "file-digest") -> MapOutlines:
        outlines = MapOutlines(json.loads(json.dumps(SQUARES)))
        outlines.digest = digest
        return outlines

    memo.clear()
    first = charts.outlines(read())
    assert charts.outlines(read()) is first  # the same file read again: written once
    assert json.loads(first.text) == SQUARES and first.bounds == (19.0, 40.0, 22.0, 42.0)
    changed = read()
    changed["features"][0]["geometry"]["coordinates"][0][0][0] = 18.5  # changed by a page after it was read
    rewritten = charts.outlines(changed)
    assert rewritten.key != first.key and json.loads(rewritten.text) == changed and rewritten.bounds[0] == 18.5
    assert charts.outlines(read()).key == first.key and charts.outlines(read()) is not first  # the file's anew
    unread = charts.outlines(read(None))  # outlines of no file are written each time
    assert unread.key == first.key and charts.outlines(read(None)) is not unread
    held = charts.outlines(read())
    memo.clear()
    assert charts.outlines(read()) is not held  # a memo cleared forgets them too
    # outlines holding arrays compare element by element: they are written as plotly writes them
    arrays = read()
    arrays["features"][0]["geometry"]["coordinates"] = [np.array(ring) for ring in SQUARES["features"][0]["geometry"][
        "coordinates"]]
    assert json.loads(charts.outlines(arrays).text) == SQUARES and charts.outlines(arrays).key == first.key


def test_heatmap_fills_the_grid_in_the_given_order_with_zeros_blank():
    frame = pd.DataFrame({"org": ["Vatra", "Vatra", "ARSIS"], "qark": ["Vlorë", "Korçë", "Vlorë"], "n": [2, 1, 5],
                          "hover": ["a", "b", "c"]})
    (cells,) = traces(valid(charts.heatmap(frame, rows="org", columns="qark", value="n", lang="en", hover="hover",
                                           row_order=["ARSIS", "Vatra", "Nobody"], column_order=["Korçë", "Vlorë"])))
    assert [list(row) for row in cells["z"]] == [[0, 5], [1, 2], [0, 0]]
    assert [list(row) for row in cells["text"]] == [["", "5"], ["1", "2"], ["", ""]]
    assert list(cells["y"]) == ["ARSIS", "Vatra", "Nobody"] and list(cells["x"]) == ["Korçë", "Vlorë"]


def test_presence_heatmap_marks_presence_without_counts():
    frame = pd.DataFrame({"org": ["Vatra", "Vatra"], "qark": ["Vlorë", "Vlorë"], "hover": ["twice", "twice"]})
    (cells,) = traces(charts.presence_heatmap(frame, rows="org", columns="qark", lang="en", hover="hover",
                                              row_order=["Vatra"], column_order=["Vlorë", "Korçë"]))
    assert [list(row) for row in cells["z"]] == [[1, 0]]  # present once, however many rows say so
    assert cells.get("text") is None and cells.get("texttemplate") is None


def test_sankey_and_flow_sankey_escape_node_names_and_colour_links_by_their_source():
    links = pd.DataFrame({"source": [0, 0, 1], "target": [2, 2, 2], "value": [1.5, 2.0, 3.0],
                          "hover": ["a", "b", "c"]})
    nodes, colours = ["USAID", "<b>UNICEF</b>", "Vatra"], ["#0072B2", "#D55E00", "#009E73"]
    (plain,) = traces(valid(charts.sankey(nodes, colours, links, lang="en")))
    assert list(plain["node"]["label"]) == ["USAID", "&lt;b&gt;UNICEF&lt;/b&gt;", "Vatra"]
    (flow,) = traces(valid(charts.flow_sankey(nodes, colours, links, lang="en", link_alpha=0.5)))
    assert list(flow["link"]["color"]) == ["rgba(0,114,178,0.5)", "rgba(0,114,178,0.5)", "rgba(213,94,0,0.5)"]
    assert list(flow["link"]["value"]) == [1.5, 2.0, 3.0]


def events() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(["2005-03-01", "2005-04-01", "2004-01-01", "2006-02-01"]),
                         "kind": ["law", "law", "law", "order"], "inside": [True, True, False, True],
                         "hover": ["Ligji A", "Ligji B", "Ligji C", "Urdhri"], "label": ["A", "B", "C", "U"]})


def test_timeline_has_a_lane_per_kind_present_and_shades_the_period():
    names = {"law": "Ligje", "order": "Urdhra", "seminar": "Seminare"}
    figure = valid(charts.timeline(events(), date="date", label="label", group="kind", lang="sq",
                                   colours={"law": "#111111"}, names=names, hover="hover",
                                   group_order=["seminar", "law", "order"], shade=("2005-01-01", "2006-07-31")))
    lanes = traces(figure)
    assert [lane["name"] for lane in lanes] == ["Ligje", "Urdhra"]  # no seminar, no lane
    assert lanes[0]["marker"]["color"] == "#111111" and lanes[1]["marker"]["color"] == charts.PALETTE["grey"]
    assert len(layout(figure)["shapes"]) == 1


def test_period_timeline_draws_events_outside_the_period_hollow():
    figure = valid(charts.period_timeline(events(), date="date", group="kind", inside="inside", lang="en",
                                          colours={"law": "#111111", "order": "#222222"},
                                          names={"law": "Laws", "order": "Orders", "other": "Other"}, hover="hover",
                                          group_order=["law", "other", "order"], inside_name="In the period",
                                          outside_name="Before or after"))
    points = [trace for trace in traces(figure) if trace.get("hovertext") is not None]
    outside = [trace for trace in points if trace["marker"]["color"] == "white"]
    assert [list(trace["hovertext"]) for trace in outside] == [["Ligji C"]]
    inside_laws = next(trace for trace in points if trace["marker"]["color"] == "#111111")
    assert list(inside_laws["hovertext"]) == ["Ligji A", "Ligji B"]
    # A and B are a month apart on one lane: moved apart within it so neither hides the other
    assert len(set(inside_laws["y"])) == 2 and all(-0.5 < y < 0.5 for y in inside_laws["y"])
    assert list(layout(figure)["yaxis"]["ticktext"]) == ["Laws", "Orders"]  # the lane with no event is left out
    legend = [trace["name"] for trace in traces(figure) if trace.get("showlegend")]
    assert legend == ["In the period", "Before or after"]


def test_wrapped_hbar_wraps_long_labels_and_keeps_the_text_of_a_bar_it_does_not_draw():
    frame = pd.DataFrame({"objective": ["Një objektiv i gjatë i planit kombëtar kundër trafikimit", "Shkurt"],
                          "n": [None, 4], "label": ["<10", "4"]})
    (bar,) = traces(valid(charts.wrapped_hbar(frame, label="objective", value="n", lang="sq", text="label", width=20)))
    assert "<br>" in bar["y"][0] and bar["y"][1] == "Shkurt"
    assert pd.isna(bar["x"][0]) and bar["x"][1] == 4
    assert list(bar["text"]) == ["&lt;10", "4"]


def test_panel_hbar_is_one_panel_per_measure_each_with_its_own_scale():
    frame = pd.DataFrame({"qark": ["Vlorë", "Korçë", "Vlorë"], "metric": ["reached", "reached", "sheltered"],
                          "n": [1000, 300, 6], "label": ["1000", "300", "<10"]})
    figure = valid(charts.panel_hbar(frame, label="qark", panel="metric", value="n", lang="en",
                                     panel_order=["reached", "sheltered"],
                                     panel_names={"reached": "Reached", "sheltered": "Sheltered"},
                                     label_order=["Korçë", "Vlorë"],
                                     colours={"reached": "#111111", "sheltered": "#222222"}, text="label"))
    first, second = traces(figure)
    assert (first["xaxis"], second["xaxis"]) == ("x", "x2")
    assert list(first["x"]) == [1000, 300] and list(second["x"]) == [6]
    assert first["marker"]["color"] == "#111111" and second["marker"]["color"] == "#222222"
    axes = layout(figure)
    assert axes["xaxis"]["range"][1] > 1000 and axes["xaxis2"]["range"][1] < 1000  # never one shared scale
    assert [a["text"] for a in axes["annotations"]] == ["<b>Reached</b>", "<b>Sheltered</b>"]


def test_panel_hbar_groups_series_within_a_panel():
    frame = pd.DataFrame({"qark": ["Vlorë", "Vlorë"], "metric": ["reached", "reached"],
                          "kind": ["target", "result"], "n": [50, 40]})
    figure = charts.panel_hbar(frame, label="qark", panel="metric", value="n", lang="en", panel_order=["reached"],
                               panel_names={"reached": "Reached"}, label_order=["Vlorë"],
                               colours={"target": "#111111", "result": "#222222"}, series="kind",
                               series_order=["target", "result"], series_names={"target": "Target", "result": "Result"})
    assert [trace["name"] for trace in traces(figure)] == ["Target", "Result"]
    assert layout(figure)["barmode"] == "group"


def test_panel_hbar_draws_each_series_rows_in_order_and_a_row_with_a_missing_key_in_no_bar():
    frame = pd.DataFrame({"qark": ["Vlorë", "Korçë", "Vlorë", "Korçë", "Berat", "Berat"],
                          "metric": ["reached", "reached", "reached", "reached", None, "reached"],
                          "kind": ["target", "target", "result", "result", "result", None],
                          "n": [50, 30, 40, 20, 900, 90]})
    figure = charts.panel_hbar(frame, label="qark", panel="metric", value="n", lang="en", panel_order=["reached"],
                               panel_names={"reached": "Reached"}, label_order=["Korçë", "Vlorë", "Berat"],
                               colours={"target": "#111111", "result": "#222222"}, series="kind",
                               series_order=["target", "result"], series_names={"target": "Target", "result": "Result"})
    target, result = traces(figure)
    assert list(target["y"]) == ["Vlorë", "Korçë"] and list(target["x"]) == [50, 30]
    assert list(result["y"]) == ["Vlorë", "Korçë"] and list(result["x"]) == [40, 20]
    # the panel's scale is its rows' (Berat's 90 of no series among them), never a row of no panel (900)
    assert layout(figure)["xaxis"]["range"] == [0, 90 * 1.5]


@pytest.mark.parametrize("values, drawn", [
    (pd.array([5, None, 7], dtype="Int64"), [5, None, 7]),
    (pd.Series([5.5, float("nan"), 7.0]), [5.5, None, 7.0]),
])
def test_panel_hbar_draws_each_row_of_a_panel_with_its_own_value_text_and_hover(values, drawn):
    # as the chapters' frames are: Arrow text, and lists of figure ids the chart never draws
    frame = pd.DataFrame({"qark": pd.Series(["Vlorë", "Korçë", "Berat"], dtype="str"),
                          "metric": ["reached", "sheltered", "reached"], "n": values,
                          "label": pd.Series(["5", "<10", "7"], dtype="str"), "hover": ["a", "b", "c"],
                          "ids": [["f1"], ["f2"], ["f3"]]})
    figure = valid(charts.panel_hbar(frame, label="qark", panel="metric", value="n", lang="en",
                                     panel_order=["reached", "sheltered"],
                                     panel_names={"reached": "Reached", "sheltered": "Sheltered"},
                                     label_order=["Berat", "Korçë", "Vlorë"],
                                     colours={"reached": "#111111", "sheltered": "#222222"}, text="label",
                                     hover="hover"))
    reached, sheltered = traces(figure)
    assert list(reached["y"]) == ["Vlorë", "Berat"] and list(sheltered["y"]) == ["Korçë"]
    assert [None if pd.isna(v) else v for v in (*reached["x"], *sheltered["x"])] == [drawn[0], drawn[2], drawn[1]]
    assert list(reached["text"]) == ["5", "7"] and list(sheltered["hovertext"]) == ["b"]
    # and each written into the page as the rows of the frame's own columns would be (typed arrays, nulls)
    drawn = plain_figure(figure)["data"]
    for trace, rows in zip(drawn, ([0, 2], [1])):
        columns = {"x": frame["n"], "text": frame["label"], "hovertext": frame["hover"]}
        expected = _plain({key: column.iloc[rows] for key, column in columns.items()})
        assert _json_for_script({key: trace[key] for key in columns}) == _json_for_script(expected)


def test_labelled_choropleth_writes_each_name_at_its_largest_polygons_centre():
    frame = pd.DataFrame({"qark": ["Vlorë", "Korçë"], "n": [1, 10], "hover": ["a", "b"]})
    figure = valid(charts.labelled_choropleth(frame, SQUARES, key="qark", feature_key="qark", value="n", lang="sq",
                                              hover="hover", whole_numbers=True))
    names = next(trace for trace in traces(figure) if trace["type"] == "scattergeo")
    assert list(names["text"]) == ["Vlorë", "Korçë"]
    assert [round(v, 6) for v in names["lon"]] == [19.5, 21.0] and [round(v, 6) for v in names["lat"]] == [40.5, 41.0]
    # the darkest area gets light text, the lightest dark text
    assert list(names["textfont"]["color"]) == ["#1d1d1f", "#ffffff"]
    assert traces(figure)[0]["colorbar"]["tickformat"] == ",d"


# ---------------------------------------------------------------- phones


def merged(base: dict, patch: dict) -> dict:
    """The phone layout over the wide one, as site/assets/charts.js merges them (objects merge, lists replace)."""
    out = dict(base)
    for key, value in patch.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def on_a_phone(figure: go.Figure) -> tuple[dict, go.Figure]:
    """The phone layout of a chart, and the chart as a phone draws it, validated by plotly property by property."""
    phone = charts.phone_layout(figure.to_plotly_json())
    assert phone is not None
    plain_figure = plain(json.loads(figure.to_json()))
    data = [merged(trace, patch) for trace, patch in zip(plain_figure["data"], phone.get("data") or [{}] * 99)]
    return phone, go.Figure({"data": data, "layout": merged(plain_figure["layout"], phone["layout"])})


def four_panels() -> go.Figure:
    metrics = ["reached", "assisted", "sheltered", "trained"]
    frame = pd.DataFrame({"qark": ["Vlorë", "Korçë"] * 4, "metric": [m for m in metrics for _ in range(2)],
                          "n": [1000, 300, 8, 18, 13, 66, 41, 5]})
    return charts.panel_hbar(frame, label="qark", panel="metric", value="n", lang="sq", panel_order=metrics,
                             panel_names={m: f"Persona të {m} gjatë periudhës" for m in metrics},
                             label_order=["Korçë", "Vlorë"], colours=dict.fromkeys(metrics, "#111111"))


def test_panels_stack_on_a_phone_each_with_its_row_names_and_its_title_above_it():
    figure = four_panels()
    phone, drawn = on_a_phone(figure)
    assert phone["below"] == 4 * charts.PANEL_WIDTH
    wide = layout(figure)
    assert wide["xaxis2"]["domain"][0] > wide["xaxis"]["domain"][1]  # side by side on a wide screen
    shape = drawn.layout
    domains = [shape[f"yaxis{n if n > 1 else ''}"].domain for n in range(1, 5)]
    for upper, lower in zip(domains, domains[1:]):
        assert lower[1] < upper[0], domains  # each panel wholly below the one before
    assert all(shape[f"xaxis{n if n > 1 else ''}"].domain == (0.0, 1.0) for n in range(1, 5))
    assert all(shape[f"yaxis{n if n > 1 else ''}"].showticklabels for n in range(1, 5))
    titles = sorted(shape.annotations, key=lambda a: -a.y)
    assert [a.text for a in titles] == [f"<b>Persona të {m} gjatë periudhës</b>"
                                        for m in ["reached", "assisted", "sheltered", "trained"]]
    for title, (bottom, top), below in zip(titles, domains, [None, *domains]):
        assert title.y >= top and (below is None or title.y < below[0]), (title.y, top)
    assert shape.height > 2 * wide["height"]


def test_a_map_on_a_phone_takes_the_width_and_the_areas_shape_with_its_colour_bar_below():
    frame = pd.DataFrame({"qark": ["Vlorë", "Korçë"], "n": [3, 9], "hover": ["a", "b"]})
    phone, drawn = on_a_phone(charts.choropleth(frame, SQUARES, key="qark", feature_key="qark", value="n",
                                                lang="sq", hover="hover"))
    lon, lat = drawn.layout.geo.lonaxis.range, drawn.layout.geo.lataxis.range
    assert lon[0] < 19 and lon[1] > 22 and lat[0] < 40 and lat[1] > 42 and drawn.layout.geo.fitbounds is False
    # 3 degrees wide, 2 tall at about 41°N: Mercator stretches the height by 1/cos(41°)
    assert 0.85 < phone["aspect"] < 0.95
    assert drawn.data[0].colorbar.orientation == "h"


def test_a_maps_edges_are_found_in_every_kind_of_geometry_and_nothing_else():
    def feature(kind, coordinates):
        return {"type": "Feature", "properties": {}, "geometry": {"type": kind, "coordinates": coordinates}}

    ring = [[19.5, 40.0], [20.0, 40.5], [19.0, 41.0], [19.5, 40.0]]
    areas = {"type": "FeatureCollection", "features": [
        feature("Polygon", [ring, [[19.6, 40.2], [19.7, 40.3], [19.6, 40.2]]]),  # a hole of another length
        feature("MultiPolygon", [[[[21.0, 39.5, 120.0], [21.5, 39.8, 80.0], [21.0, 39.5, 120.0]]]]),  # heights too
        feature("Point", [18.25, 42.75]),
        feature("LineString", [[20.0, 41.0], [20.1, None]]),  # a position without its latitude counts for nothing
        {"type": "Feature", "properties": {}, "geometry": None},
    ]}
    assert charts._bounds(areas) == (18.25, 39.5, 21.5, 42.75)
    assert charts._bounds({"type": "FeatureCollection", "features": [feature("Polygon", [])]}) is None


def test_a_matrix_on_a_phone_scrolls_with_its_row_names_held_and_wrapped():
    rows = ["Ministria e Punëve të Jashtme të Norvegjisë", "ILO"]
    frame = pd.DataFrame({"org": rows, "qark": ["Vlorë", "Korçë"], "n": [1, 2], "hover": ["a", "b"]})
    columns = [f"Qarku {n}" for n in range(12)]
    phone, drawn = on_a_phone(charts.heatmap(frame, rows="org", columns="qark", value="n", lang="sq", hover="hover",
                                             row_order=rows, column_order=columns))
    assert phone["sticky_rows"] and phone["min_width"] >= 12 * 30
    ticks = drawn.layout.yaxis
    assert list(ticks.tickvals) == rows and ticks.ticktext[1] == "ILO"
    assert all(len(line) <= 18 for line in ticks.ticktext[0].split("<br>")) and "<br>" in ticks.ticktext[0]


def test_long_bar_labels_wrap_on_a_phone_and_short_ones_leave_the_chart_as_it_is():
    long = pd.DataFrame({"org": ["Qendra Psiko-sociale e Vlorës „Vatra”", "ILO"], "n": [3, 4]})
    phone, drawn = on_a_phone(charts.hbar(long, label="org", value="n", lang="sq"))
    assert drawn.layout.yaxis.ticktext[0].count("<br>") == 1 and drawn.layout.yaxis.ticktext[1] == "ILO"
    short = pd.DataFrame({"org": ["ILO", "IOM"], "n": [3, 4]})
    assert charts.phone_layout(charts.hbar(short, label="org", value="n", lang="sq").to_plotly_json()) is None


def test_a_sankey_keeps_room_for_its_three_columns_of_labels_and_scrolls_on_a_phone():
    links = pd.DataFrame({"source": [0], "target": [1], "value": [1.0], "hover": ["a"]})
    phone = charts.phone_layout(charts.flow_sankey(["USAID", "Vatra"], ["#0072B2", "#D55E00"], links,
                                                   lang="en").to_plotly_json())
    assert phone["min_width"] == phone["below"] == charts.SANKEY_WIDTH


def test_a_shaded_periods_label_ends_where_the_period_ends_on_a_phone():
    frame = pd.DataFrame({"date": pd.to_datetime(["2004-03-01", "2005-06-01"]), "kind": ["law", "law"],
                          "inside": [False, True], "hover": ["a", "b"]})
    figure = charts.period_timeline(frame, date="date", group="kind", inside="inside", lang="sq",
                                    colours={"law": "#111111"}, names={"law": "Ligj"}, hover="hover",
                                    group_order=["law"], shade=("2005-01-01", "2006-07-31"), shade_label="periudha")
    assert layout(figure)["annotations"][0]["xanchor"] == "left"
    phone, drawn = on_a_phone(figure)
    (label,) = drawn.layout.annotations
    assert label.xanchor == "right" and str(label.x).startswith("2006-07-31") and label.text == "periudha"


def test_a_figure_keeps_only_the_template_defaults_of_the_traces_it_draws():
    figure = charts.hbar(pd.DataFrame({"label": ["a"], "value": [1]}), label="label", value="value",
                         lang="sq").to_plotly_json()
    trimmed = charts.without_unused_defaults(figure)
    assert set(figure["layout"]["template"]["data"]) > {"bar"}
    assert set(trimmed["layout"]["template"]["data"]) == {"bar"}
    assert trimmed["layout"]["template"]["data"]["bar"] == figure["layout"]["template"]["data"]["bar"]
    assert trimmed["layout"]["template"]["layout"] == figure["layout"]["template"]["layout"]
    assert trimmed["data"] == figure["data"]
