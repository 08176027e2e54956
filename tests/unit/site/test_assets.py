"""The shipped plotly.js bundle matches the plotly.js version the Python package writes figures for."""

import re
from importlib.util import find_spec
from pathlib import Path

import plotly.graph_objects as go

from sitrep import paths
from sitrep.site.frame import PLOTLY_JS


def version(path: Path) -> str:
    return re.search(r"v(\d+\.\d+\.\d+)", path.read_text(encoding="utf-8")[:400]).group(1)


def test_bundle_version_matches_the_plotly_package():
    packaged = Path(find_spec("plotly").origin).parent / "package_data" / "plotly.min.js"
    assert version(PLOTLY_JS) == version(packaged)


def test_bundle_holds_every_trace_type_the_charts_use():
    header = PLOTLY_JS.read_text(encoding="utf-8")[:300]
    source = (paths.PROJECT / "lib" / "sitrep" / "report" / "charts.py").read_text(encoding="utf-8")
    # Charts write their traces as plain dicts (type="bar", …); axes and projections have types too, so only
    # names of plotly trace types count.
    from plotly.basedatatypes import BaseTraceType

    kinds = (getattr(go, name) for name in dir(go) if name[:1].isupper())
    traces = {kind.__name__.lower() for kind in kinds if isinstance(kind, type) and issubclass(kind, BaseTraceType)}
    used = set(re.findall(r'\btype="(\w+)"', source)) & traces
    assert {"bar", "choropleth"} <= used, "the chart module no longer names its trace types as this test reads them"
    assert used <= {"bar", "scatter", "heatmap", "choropleth", "scattergeo", "sankey"}, used
    for trace in used:
        assert trace in header, f"{trace} is not in the bundle"
