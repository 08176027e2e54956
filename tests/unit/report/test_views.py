"""A View holds what one place of a page shows: the exact data, the figure or table, and where it comes from."""

from __future__ import annotations

import dataclasses

import pandas as pd

from sitrep.report.views import View


def test_a_view_needs_only_a_name_a_title_and_its_data():
    data = pd.DataFrame({"Qark": ["Vlorë"], "People": [12]})
    view = View(name="reach", title="People reached", data=data)
    assert view.data is data
    assert view.figure is None and view.table is None and view.cards is None and view.empty_message is None
    assert view.notes == [] and view.source_lines == [] and view.suppressed == []


def test_views_never_share_their_lists():
    first, second = View("a", "A", pd.DataFrame()), View("b", "B", pd.DataFrame())
    first.notes.append("only a")
    first.suppressed.append({"cell": "x"})
    first.source_lines.append(3)
    assert second.notes == [] and second.suppressed == [] and second.source_lines == []


def test_the_download_and_the_display_table_are_kept_apart():
    data = pd.DataFrame({"People": [1271]})
    view = View("reach", "Reach", data=data, table=data.assign(People=["1,271"]))
    assert view.data["People"].tolist() == [1271] and view.table["People"].tolist() == ["1,271"]
    assert [field.name for field in dataclasses.fields(View)][:3] == ["name", "title", "data"]
