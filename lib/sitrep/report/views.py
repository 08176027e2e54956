"""A view: one chart or table of a page, with the exact data it shows and where that data comes from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go


@dataclass
class View:
    """What a page shows in one place: a figure or a table, its title, notes, sources and data."""

    name: str  # unique within the page; names the CSV download and the chart's element id
    title: str
    data: pd.DataFrame  # exactly the values shown, as a reader may download them
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None  # display version (formatted strings); `data` stays the download
    cards: list[tuple[str, str]] | None = None  # headline figures: (label, formatted value)
    notes: list[str] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)
    suppressed: list[dict] = field(default_factory=list)
    empty_message: str | None = None  # shown instead of the chart when the period has no such data
    fold_rows: int | None = None  # a table longer than this is folded (<details>), its row count in the summary
    fold_by: str | None = None  # with fold_rows: one fold per value of this column of `table`, which it then drops
    cited: list | None = None  # the reports the view draws on when not only the edition's (a comparison of periods)
