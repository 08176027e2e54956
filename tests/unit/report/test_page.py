"""What a notebook's page emits for each view: escaped HTML, the exact CSV download, a privacy note where cells are
hidden, and, at the end, what it received and read. Display is recorded in-process; no kernel runs."""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from sitrep.report import charts, notebook, page
from sitrep.report.page import OUTPUT_KEY, Page, _json_for_script
from sitrep.report.views import View

HOSTILE = "</script><script>alert('x')</script>"


@pytest.fixture
def shown(monkeypatch):
    """Every output the page displays, as (bundle, metadata); the site's HTML of each is in `site_html`."""
    outputs = []
    monkeypatch.setattr(page, "display", lambda obj, **kwargs: outputs.append((obj, kwargs.get("metadata") or {})))
    return outputs


def site_html(output) -> str:
    obj, _ = output
    return obj.get(notebook.SITE_MIME, obj.get("text/html", "")) if isinstance(obj, dict) else obj.data


def view_outputs(outputs, name: str) -> list:
    return [o for o in outputs if o[1].get(OUTPUT_KEY, {}).get("kind") == "view" and o[1][OUTPUT_KEY]["view"] == name]


@pytest.fixture
def summary(clean_dir, shown):
    def make(**edition) -> Page:
        return Page(page="summary", clean_dir=str(clean_dir), **edition)
    return make


def tiny_view(name: str = "reach", **fields) -> View:
    data = pd.DataFrame({"Organisation": ["Vatra", "<b>ARSIS</b>"], "People": [120, 45]})
    figure = charts.hbar(data, label="Organisation", value="People", lang="en", hover="Organisation")
    return View(name=name, title=fields.pop("title", "People reached"), data=data, figure=fields.pop("figure", figure),
                source_lines=[2026, 2030], **fields)


def test_json_for_script_cannot_close_its_script_element_and_reads_back_the_same():
    value = {"text": HOSTILE, "amp": "a & b", "line": "x\u2028y", "comment": "<!-- <SCRIPT>", "tag": "<img src=x>",
             "hover": "<b>Vatra</b><br><i>120</i> <10"}
    text = str(_json_for_script(value))
    assert "</script" not in text.lower() and "<!" not in text and "<script" not in text.lower()
    assert "<img" not in text and "\u2028" not in text
    # plotly's own tags are kept as they are, one byte a character; nothing else that looks like a tag is
    assert re.findall(r"<[^>]*>", text) == ["<b>", "</b>", "<br>", "<i>", "</i>"] and "\\u003c10" in text
    assert json.loads(text) == value


ARRAYS = [
    np.array([1, 2, 3]), np.array([200, -3]), np.array([70000]), np.array([2**40]), np.array([1, 2], dtype=np.uint64),
    np.array([300], dtype=np.uint64), np.array([2**35], dtype=np.uint64), np.array([1.5, np.nan]),
    np.array([1.5], dtype=np.float32), np.array([1], dtype=np.float16), np.array([True, False]), np.array(["a", "b"]),
    np.array(["a", None], dtype=object), np.array([], dtype=np.int64), np.array([[1, 2], [3, 4]]),
    np.array([["a", "b"]], dtype=object), np.array(["2020-01-01"], dtype="datetime64[D]"),
    pd.Series([1, 2, 3], index=[5, 7, 9]), pd.Series([1.5, np.nan]), pd.Series(["a", None], dtype="str"),
    pd.Series(["a", None], dtype="string"), pd.Series([True, False]), pd.Series([1, None], dtype="Int64"),
    pd.Series([1, "x"], dtype=object), pd.Series(pd.to_datetime(["2020-01-01"])), pd.Series([], dtype="str"),
    pd.Series([10**12]), pd.Series([[1], [2]], dtype=object), pd.Series(["x"], dtype="category"), pd.Index([1, 2]),
]


@pytest.mark.parametrize("value", ARRAYS, ids=lambda value: f"{type(value).__name__}-{value.dtype}")
def test_a_charts_arrays_are_written_as_plotly_writes_them(value):
    from _plotly_utils.utils import to_typed_array_spec

    expected, written = to_typed_array_spec(value), page.typed_array(value)
    assert type(written) is type(expected)
    assert json.dumps(written, cls=PlotlyJSONEncoder) == json.dumps(expected, cls=PlotlyJSONEncoder)
    if isinstance(expected, np.ndarray):  # the same array, read-only, of the same kinds of cell
        assert written.dtype == expected.dtype and written.shape == expected.shape and not written.flags["WRITEABLE"]
        assert [type(cell) for cell in written.ravel()] == [type(cell) for cell in expected.ravel()]


def test_a_charts_plain_json_is_the_json_plotly_writes_for_it():
    frame = pd.DataFrame({"label": ["Berat", "Dibër"], "metric": ["a", "b"], "n": [3, 12], "text": ["3", "<10"],
                          "hover": ["<b>Berat</b>", "“Dibër”"]})
    figure = charts.panel_hbar(frame, label="label", panel="metric", value="n", lang="sq", panel_order=["a", "b"],
                               panel_names={"a": "A", "b": "B"}, label_order=["Berat", "Dibër"],
                               colours={"a": "#000", "b": "#111"}, text="text", hover="hover")
    plain = page.plain_figure(figure)
    assert json.dumps(plain, cls=PlotlyJSONEncoder, sort_keys=True) == json.dumps(
        figure.to_plotly_json(), cls=PlotlyJSONEncoder, sort_keys=True)


@pytest.mark.parametrize("in_notebook", [True, False])
def test_a_view_emits_its_title_chart_notes_source_and_csv(summary, shown, monkeypatch, in_notebook):
    monkeypatch.setattr(notebook, "enabled", in_notebook)
    shown_page = summary(lang="en")
    shown_page.show(tiny_view(notes=["Counted once per grant."]))
    outputs = view_outputs(shown, "reach")
    assert len(outputs) == 1  # the site takes one output per view, however many the notebook reader sees
    html = site_html(outputs[0])
    assert '<figure class="view" id="reach" aria-labelledby="reach-title">' in html and "People reached" in html
    assert 'href="#reach"' in html and "Show as table" in html and 'data-line="2026"' in html
    assert 'id="plot-summary-reach"' in html and "Plotly.newPlot" in html
    assert "Counted once per grant." in html and "2026–2030" in html
    assert 'href="data/summary-reach.csv"' in html
    csv_file = outputs[0][1][OUTPUT_KEY]["csv"]
    assert csv_file["name"] == "summary-reach.csv"
    rows = list(csv.reader(io.StringIO(csv_file["text"].removeprefix("\ufeff"))))
    assert rows == [["Organisation", "People"], ["Vatra", "120"], ["<b>ARSIS</b>", "45"]]


def chart_layout(html: str) -> dict:
    """The layout a view's script passes to its chart (after the data, which sitrepAreas resolves)."""
    decoder = json.JSONDecoder()
    _, end = decoder.raw_decode(html, html.index("sitrepAreas(") + len("sitrepAreas("))
    return decoder.raw_decode(html, html.index("{", end))[0]


def test_the_charts_of_a_page_name_one_shared_template_layout_the_page_defines_once(summary, shown):
    import plotly.io as pio

    shown_page = summary(lang="en")
    shown_page.show(tiny_view("reach"))
    shown_page.show(tiny_view("again"))
    shown_page.finish()
    layouts = [chart_layout(site_html(view_outputs(shown, name)[0])) for name in ("reach", "again")]
    names = {layout["template"]["layout"] for layout in layouts}
    assert len(names) == 1 and next(iter(names)).startswith(page.TEMPLATE_PREFIX)
    # the trace defaults stay with each figure: they depend on the kinds of trace it draws
    assert all(set(layout["template"]["data"]) == {"bar"} for layout in layouts)
    (report,) = [meta[OUTPUT_KEY] for _, meta in shown if meta.get(OUTPUT_KEY, {}).get("kind") == "page"]
    key = next(iter(names)).removeprefix(page.TEMPLATE_PREFIX)
    assert list(report["templates"]) == [key]
    expected = json.loads(json.dumps(pio.templates["simple_white"].layout.to_plotly_json()))
    assert report["templates"][key] == expected


def test_the_charts_of_a_page_share_one_config_and_each_keeps_its_pictures_name(summary, shown):
    shown_page = summary(lang="en")
    shown_page.show(tiny_view("reach"))
    shown_page.show(tiny_view("again"))
    shown_page.finish()
    calls = [re.search(r'sitrepConfig\("([0-9a-f]{16})", (\{.*?\})\)\);</script>', site_html(view_outputs(shown, n)[0]))
             for n in ("reach", "again")]
    assert all(calls) and calls[0].group(1) == calls[1].group(1)
    assert [json.loads(call.group(2)) for call in calls] == [
        {"toImageButtonOptions": {"filename": f"summary-{name}", "format": "png", "scale": 2}}
        for name in ("reach", "again")]
    (report,) = [meta[OUTPUT_KEY] for _, meta in shown if meta.get(OUTPUT_KEY, {}).get("kind") == "page"]
    whole = page.plot_config("en", "summary-reach")
    assert report["configs"] == {calls[0].group(1): {k: v for k, v in whole.items() if k != "toImageButtonOptions"}}
    assert report["configs"][calls[0].group(1)]["locales"]["en"]["dictionary"]["Download plot as a PNG"]


def test_a_page_of_tables_alone_shares_nothing_for_charts(summary, shown):
    shown_page = summary(lang="en")
    shown_page.show(tiny_view("table", figure=None, table=pd.DataFrame({"A": [1]})))
    shown_page.finish()
    (report,) = [meta[OUTPUT_KEY] for _, meta in shown if meta.get(OUTPUT_KEY, {}).get("kind") == "page"]
    assert report["configs"] == {} and report["templates"] == {}
    assert "sitrepConfig" not in site_html(view_outputs(shown, "table")[0])


def test_raw_text_in_a_view_is_escaped_in_the_html(summary, shown):
    summary(lang="en").show(tiny_view(title=HOSTILE, notes=[HOSTILE]))
    html = site_html(view_outputs(shown, "reach")[0])
    assert HOSTILE not in html and "<script>alert" not in html
    assert html.count("</script>") == 1  # only the page's own Plotly.newPlot


def test_a_table_view_marks_numeric_columns(summary, shown):
    data = pd.DataFrame({"Qark": ["Vlorë"], "People": [1271]})
    summary(lang="sq").show(View(name="table", title="T", data=data,
                                 table=data.assign(People=["1\u00a0271"])))
    html = site_html(view_outputs(shown, "table")[0])
    assert '<th scope="col" class="num">People</th>' in html and '<th scope="col">Qark</th>' in html
    assert "<td>Vlorë</td>" in html and '<td class="num">1\u00a0271</td>' in html


def test_a_long_text_table_is_marked_to_reflow_and_names_its_columns_once(summary, shown):
    note = "A note long enough to make rows hundreds of pixels tall in a narrow column on a phone, " * 2
    data = pd.DataFrame({"Grant": ["vatra-2", "arsis-1"], "Note": [note, "short"]})
    summary(lang="en").show(View(name="notes", title="Notes", data=data, table=data))
    html = site_html(view_outputs(shown, "notes")[0])
    assert '<table class="data-table reflow">' in html and '<td class="long">' in html
    # site.js writes each cell's column name and the table's roles in the browser (tests/e2e/test_readers.py)
    assert html.count(">Note</th>") == 1 and "data-label" not in html and 'role="cell"' not in html


def test_an_empty_view_says_why_and_offers_no_chart_or_download(summary, shown):
    summary(lang="en").show(tiny_view(empty_message="Nothing in this period."))
    (output,) = view_outputs(shown, "reach")
    html = site_html(output)
    assert "Nothing in this period." in html
    assert "Plotly.newPlot" not in html and ".csv" not in html
    assert output[1][OUTPUT_KEY]["csv"] is None


def test_hidden_cells_carry_a_note_and_are_reported_to_the_build(summary, shown):
    shown_page = summary(lang="en", min_cell=10)
    data = pd.DataFrame({"Organisation": ["Vatra"], "Victims assisted": ["<10"]})
    shown_page.show(View(name="victims", title="Victims", data=data, table=data,
                         suppressed=[{"cell": "vatra", "reason": "primary"}]))
    html = site_html(view_outputs(shown, "victims")[0])
    assert "below 10" in html
    shown_page.finish()
    final = shown[-1][1][OUTPUT_KEY]
    assert final["kind"] == "page"
    assert final["suppressions"] == [{"page": "summary", "view": "victims", "cell": "vatra", "reason": "primary"}]
    assert final["received"]["page"] == "summary" and final["received"]["min_cell"] == 10


def test_a_view_without_hidden_cells_has_no_privacy_note(summary, shown):
    summary(lang="en").show(tiny_view())
    assert "below 10" not in site_html(view_outputs(shown, "reach")[0])


def test_two_views_of_one_name_are_refused(summary):
    shown_page = summary(lang="en")
    shown_page.show(tiny_view())
    with pytest.raises(ValueError, match="two views named 'reach'"):
        shown_page.show(tiny_view())


def test_a_district_page_links_its_download_one_folder_up(clean_dir, shown):
    profile = Page(district="Korçë", clean_dir=str(clean_dir), lang="en")
    assert profile.slug == "districts/korce"
    profile.show(tiny_view())
    (output,) = view_outputs(shown, "reach")
    assert 'href="../data/districts-korce-reach.csv"' in site_html(output)
    assert output[1][OUTPUT_KEY]["csv"]["name"] == "districts-korce-reach.csv"


def test_finish_reports_the_clean_tables_the_page_read(summary, shown):
    shown_page = summary(lang="en")
    assert len(shown_page.data.grants) > 0
    shown_page.finish()
    inputs = shown[-1][1][OUTPUT_KEY]["inputs"]
    assert "grants.csv" in inputs and all(len(digest) == 64 for digest in inputs.values())


def test_headings_and_text_escape_the_values_they_are_given(summary, shown):
    shown_page = summary(lang="en")
    shown_page.heading(HOSTILE)
    assert HOSTILE not in site_html(shown[-1]) and "&lt;/script&gt;" in site_html(shown[-1])
    shown_page.text("privacy.note", threshold=HOSTILE)
    paragraph = site_html(shown[-1])
    assert paragraph.startswith("<p>Small victim counts") and HOSTILE not in paragraph


def test_a_charts_hover_quotes_are_each_marked_with_the_language_of_their_own_report(summary, shown):
    from dataclasses import replace

    shown_page = summary(lang="en")
    albanian, english, unknown = ("një fjali e raportit që grafiku citon", "a sentence of an English report",
                                  "a quote whose report is not among those of the edition")
    shown_page.quotes = {albanian: "sq", english: "en", unknown: ""}
    data = pd.DataFrame({"Organisation": ["Vatra", "Tjeter", "Other"], "People": [120, 30, 5]})
    figure = charts.hbar(data, label="Organisation", value="People", lang="en", hover="Organisation")
    figure.data[0].hovertext = [f"“{albanian}”", f"“{english}”", f"“{unknown}”"]
    own, = shown_page.data.sources
    cited = [replace(own, language="de")]  # a quote of no known report takes the cited report's language
    shown_page.show(View(name="quotes", title="Quotes", data=data, figure=figure, source_lines=[10], cited=cited))
    html = site_html(view_outputs(shown, "quotes")[0])
    assert f'<q lang="sq">{albanian}</q>' in html and f'<q lang="en">{english}</q>' in html
    assert f'<q lang="de">{unknown}</q>' in html


def test_a_key_message_cites_and_marks_its_own_report_among_the_editions(summary, shown):
    from dataclasses import replace

    from sitrep.report.chapters.summary import KeyMessage

    shown_page = summary(lang="en")
    own, = shown_page.data.sources
    other = replace(own, id="other-report", language="en", short="OTHER", short_en="OTHER")
    shown_page.data._tables["_sources"] = [own, other]  # two reports of the same period in one edition
    message = {"point": "A point", "gloss": None, "note": None, "note_lang": None, "first_line": 20, "last_line": 22}
    shown_page.key_messages([KeyMessage(id="m-other", quote="Quoted in English.", report=other.id, **message),
                             KeyMessage(id="m-own", quote="Cituar shqip.", report=own.id, **message)])
    html = "".join(site_html(output) for output in shown)
    first, second = html.split('id="m-own"')
    assert '<blockquote class="key-message-quote" lang="en">' in first and "OTHER" in first
    assert own.short_en not in first.split('id="m-other"')[1]
    assert f'<blockquote class="key-message-quote" lang="{own.language}">' in second
    assert own.short_en in second and "OTHER" not in second
