"""What a chapter shows where its notebook is opened: plotly mime bundles for JupyterLab, self-drawing HTML for
nbconvert, a local base map for the maps; and the site's own HTML, unchanged, for the build."""

import json

import nbformat
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from sitrep.report import notebook
from sitrep.report.chapters import grants
from sitrep.report.page import open_page
from sitrep.site.export import readable


def shown(clean_dir, *views, enabled=True, monkeypatch=None):
    """Run a page that shows the named grants views; return its outputs as a notebook would hold them."""
    InteractiveShell.instance()
    monkeypatch.setattr(notebook, "enabled", enabled)
    with capture_output(display=True) as captured:
        page = open_page(page="grants", clean_dir=str(clean_dir))
        for view in views:
            page.show(getattr(grants, view)(page.data))
    return [nbformat.v4.new_output("display_data", data=o.data, metadata=o.metadata) for o in captured.outputs]


def test_a_map_is_a_plotly_bundle_with_its_base_map_inside(clean_dir, monkeypatch):
    outputs = shown(clean_dir, "reach_map_view", monkeypatch=monkeypatch)
    charts = [o for o in outputs if notebook.PLOTLY_MIME in o.data]
    assert len(charts) == 1
    bundle = charts[0].data[notebook.PLOTLY_MIME]
    assert {trace["type"] for trace in bundle["data"]} >= {"choropleth"}
    assert len(bundle["data"][0]["locations"]) >= 12
    url = bundle["config"]["topojsonURL"]
    assert url.startswith("data:application/json;base64,") and "cdn" not in url
    json.dumps(bundle)  # a mime bundle is plain JSON


def test_plotly_js_travels_once_with_the_first_chart_for_nbconvert(clean_dir, monkeypatch):
    outputs = shown(clean_dir, "reach_view", "reach_map_view", "targets_by_phase_view", monkeypatch=monkeypatch)
    charts = [o.data["text/html"] for o in outputs if notebook.PLOTLY_MIME in o.data]
    assert len(charts) == 3
    carrying = [html for html in charts if "plotly.js (custom" in html]
    assert carrying == charts[:1]
    assert all("Plotly.newPlot(" in html for html in charts)


def test_the_site_gets_the_same_html_whether_or_not_the_notebook_outputs_exist(clean_dir, monkeypatch):
    views = ("reach_view", "reach_map_view", "nap_matrix_view")
    rich = shown(clean_dir, *views, monkeypatch=monkeypatch)
    plain = shown(clean_dir, *views, enabled=False, monkeypatch=monkeypatch)
    assert len(rich) > len(plain)

    def site(outputs):
        cell = nbformat.v4.new_code_cell(source="", outputs=outputs)
        return [o.data["text/html"] for o in readable(nbformat.v4.new_notebook(cells=[cell])).cells[0].outputs]

    assert site(rich) == site(plain)
    assert all("plotly.js (custom" not in html and "topojsonURL" not in html for html in site(rich))
