"""A view as the notebook itself shows it, wherever it is opened, offline.

JupyterLab draws the plotly mime bundle with its own plotly.js; nbconvert's HTML draws the same figure with
plotly.js carried once, inline, by the first chart.

The site never uses these outputs (lib/sitrep/site/export.py drops them): its pages link one shared plotly.js.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from sitrep.report.outputs import NOTEBOOK_ONLY, SITE_MIME  # noqa: F401  (the names this module's callers use)

PLOTLY_MIME = "application/vnd.plotly.v1+json"
ASSETS = Path(__file__).resolve().parents[1] / "site" / "assets"
GEO_TRACES = {"choropleth", "scattergeo"}
# Warm build workers turn this off: the site needs only its own HTML, and skipping the rest saves work per page.
enabled = True


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The project's partial plotly.js bundle, ready to sit inside a <script> element."""
    text = (ASSETS / "plotly.min.js").read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


@lru_cache(maxsize=1)
def base_map_url() -> str:
    """The local world_110m topology as a data: URL prefix for plotly's `topojsonURL`.

    A geo subplot fetches its base map from plotly's CDN even when the map draws only its own areas; a data: URL
    carried by the figure itself draws in JupyterLab (trusted or not) and from file:// alike, with no request.
    The trailing '#' turns the name plotly appends ('world_110m.json') into a fragment, which a data: URL ignores.
    """
    topology = json.dumps(json.loads((ASSETS / "world_110m.json").read_text(encoding="utf-8")), separators=(",", ":"))
    return "data:application/json;base64," + base64.b64encode(topology.encode("utf-8")).decode("ascii") + "#"


def figure_json(figure: go.Figure) -> dict:
    """The figure as plain JSON (numpy arrays and dates written out), as a mime bundle must be."""
    return json.loads(json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder))


def uses_geo(figure: dict) -> bool:
    """Whether a figure has a geo subplot (and so needs a base map)."""
    return any(trace.get("type") in GEO_TRACES for trace in figure.get("data", []))


def figure_bundle(figure: go.Figure, plot_id: str, config: dict, script_json, *, with_plotly_js: bool) -> dict:
    """A display bundle for one chart: the plotly mime type for JupyterLab, self-drawing HTML for nbconvert."""
    plain = figure_json(figure)
    config = {**config, **({"topojsonURL": base_map_url()} if uses_geo(plain) else {})}
    height = int(plain["layout"].get("height") or 450)
    library = f"<script>{plotly_js()}</script>\n" if with_plotly_js else ""
    html = (f'<div id="{plot_id}" class="sitrep-plot" style="height:{height}px"></div>\n{library}'
            f'<script>Plotly.newPlot("{plot_id}", {script_json(plain["data"])}, {script_json(plain["layout"])}, '
            f"{script_json(config)});</script>")
    return {PLOTLY_MIME: {"data": plain["data"], "layout": plain["layout"], "config": config}, "text/html": html}
