"""An executed notebook becomes its page's body: the site's HTML of each view, no code, no analyst cells, no
streams or errors, no notebook-only outputs, and the downloads and report the page emitted. Made with nbformat."""

from __future__ import annotations

import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from sitrep.report.notebook import NOTEBOOK_ONLY, SITE_MIME
from sitrep.report.page import OUTPUT_KEY
from sitrep.site.export import ANALYST_TAG, collect, page_body, readable, search_entries, site_html


def shown(html: str, **meta) -> dict:
    return new_output("display_data", data={"text/html": html}, metadata={OUTPUT_KEY: meta} if meta else {})


def executed() -> nbformat.NotebookNode:
    csv = {"name": "summary-headline.csv", "text": "figure,value\ngrants,23\n"}
    report = {"kind": "page", "received": {"page": "summary"}, "inputs": {"grants.csv": "ab" * 32},
              "suppressions": [{"view": "headline", "cell": "sheltered"}]}
    return new_notebook(cells=[
        new_markdown_cell("# Notes for the analyst only"),
        new_code_cell("page_name = 'summary'", metadata={"tags": ["parameters"]},
                      outputs=[shown("<p>PARAMETERS-OUTPUT</p>")]),
        new_code_cell("page_name = 'summary'  # injected", metadata={"tags": ["injected-parameters"]},
                      outputs=[shown("<p>INJECTED-OUTPUT</p>")]),
        new_code_cell("SECRET_CODE = 1", outputs=[new_output("stream", name="stdout", text="STREAM-TEXT\n")]),
        new_code_cell("analyst_check()", metadata={"tags": [ANALYST_TAG]}, outputs=[shown("<p>ANALYST-OUTPUT</p>")]),
        new_code_cell("page.show(view)", outputs=[
            new_output("display_data", data={"text/html": "<p>NOTEBOOK-HEAD</p>",
                                              SITE_MIME: '<figure class="view" id="headline">SITE-VIEW</figure>'},
                       metadata={OUTPUT_KEY: {"kind": "view", "view": "headline", "csv": csv}}),
            shown("<div>NOTEBOOK-CHART</div>", kind=NOTEBOOK_ONLY),
        ]),
        new_code_cell("page.text('x')", outputs=[shown("<p>Plain paragraph &amp; text</p>", kind="text")]),
        new_code_cell("1 / 0", outputs=[new_output("error", ename="ZeroDivisionError", evalue="ERROR-TEXT",
                                                   traceback=["TRACEBACK-TEXT"])]),
        new_code_cell("page.finish()", outputs=[shown("", **report)]),
    ])


def test_site_html_prefers_the_sites_own_view_and_drops_notebook_only_outputs():
    view = new_output("display_data", data={"text/html": "<p>notebook</p>", SITE_MIME: "<p>site</p>"})
    assert site_html(view) == "<p>site</p>"
    assert site_html(shown("<p>plain</p>")) == "<p>plain</p>"
    assert site_html(shown("<div>chart</div>", kind=NOTEBOOK_ONLY)) == ""


def test_readable_keeps_only_html_outputs_of_code_cells():
    notebook = readable(executed())
    assert all(cell.cell_type == "code" for cell in notebook.cells)
    outputs = [output for cell in notebook.cells for output in cell.outputs]
    assert all(set(output["data"]) == {"text/html"} and output["metadata"] == {} for output in outputs)
    assert not any(output.output_type in ("stream", "error") for output in outputs)
    assert len(executed().cells[5].outputs) == 2  # the notebook itself is left as it was


def test_page_body_shows_the_views_and_text_and_nothing_hidden():
    body = page_body(executed())
    assert "SITE-VIEW" in body.html and "Plain paragraph &amp; text" in body.html
    for hidden in ("Notes for the analyst", "PARAMETERS-OUTPUT", "INJECTED-OUTPUT", "ANALYST-OUTPUT",
                   "SECRET_CODE", "page.show", "STREAM-TEXT", "ERROR-TEXT", "TRACEBACK-TEXT",
                   "NOTEBOOK-HEAD", "NOTEBOOK-CHART"):
        assert hidden not in body.html, hidden


def test_page_body_has_no_nbconvert_wrappers_or_prompts():
    html = page_body(executed()).html
    assert 'class="cell' not in html and "jp-Cell" not in html and "output_area" not in html
    assert "In&nbsp;[" not in html and "Out[" not in html
    assert html.index("SITE-VIEW") < html.index("Plain paragraph")  # in the notebook's order
    assert all(line.strip() for line in html.splitlines())


def test_downloads_and_report_are_collected_from_the_outputs_metadata():
    downloads, report = collect(executed())
    assert downloads == {"summary-headline.csv": "figure,value\ngrants,23\n"}
    assert report == {"received": {"page": "summary"}, "inputs": {"grants.csv": "ab" * 32},
                      "suppressions": [{"view": "headline", "cell": "sheltered"}], "withheld": [], "areas": {},
                      "templates": {}, "configs": {}}
    body = page_body(executed())
    assert body.downloads == downloads and body.report == report


def test_what_the_charts_of_a_page_share_is_defined_once_before_its_first_chart():
    notebook = executed()
    template = {"font": {"family": "</script><b>x</b>"}, "plot_bgcolor": "white"}
    config = {"displaylogo": False, "locale": "en"}
    meta = notebook.cells[-1].outputs[0]["metadata"][OUTPUT_KEY]
    meta.update(templates={"0123456789abcdef": template}, configs={"fedcba9876543210": config})
    html = page_body(notebook).html
    first_line = html.splitlines()[0]
    assert first_line.startswith("<script>sitrepShared(") and first_line.endswith(");</script>")
    assert html.count("sitrepShared(") == 1 and html.index("sitrepShared(") < html.index("SITE-VIEW")
    assert html.count("</script>") == 1  # the data's own text cannot close it
    decoded = json.loads(first_line.removeprefix("<script>sitrepShared(").removesuffix(");</script>"))
    assert decoded == {"templates": {"0123456789abcdef": template}, "configs": {"fedcba9876543210": config}}
    assert "sitrepShared(" not in page_body(executed()).html  # a page without charts defines nothing


def test_a_notebook_that_never_finished_has_an_empty_report():
    notebook = new_notebook(cells=[new_code_cell("x", outputs=[shown("<p>x</p>")])])
    assert collect(notebook) == ({}, {})


def test_search_entries_name_the_page_its_sections_and_each_chart():
    body = ('<h2 id="s">Reach &amp; results</h2><figure class="view" id="map" aria-labelledby="map-title">\n'
            '<h3 class="view-title" id="map-title">The map <a class="view-anchor" href="#map">#</a></h3></figure>')
    entries = search_entries("grants.html", "Grants", body)
    assert entries == [{"t": "Grants", "h": "grants.html", "p": "", "x": "Reach & results"},
                       {"t": "The map", "h": "grants.html#map", "p": "Grants", "x": ""}]
