"""Executed notebook → the HTML body of its page (nbconvert, in-process, code hidden) and its downloads."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache

import nbformat
from bs4 import BeautifulSoup

from sitrep.report.notebook import NOTEBOOK_ONLY, SITE_MIME
from sitrep.report.page import OUTPUT_KEY

ANALYST_TAG = "analyst"  # markdown and code the analyst sees in JupyterLab but readers never do
WRAPPERS = "div.cell, div.output_wrapper, div.output, div.output_area, div.output_subarea, div.jp-Cell, div.jp-OutputArea"


@dataclass
class PageBody:
    """What the site needs from an executed notebook."""

    html: str
    downloads: dict[str, str] = field(default_factory=dict)  # file name → CSV text
    report: dict = field(default_factory=dict)  # what the page said it received and read


@lru_cache(maxsize=1)
def exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = (ANALYST_TAG, "injected-parameters", "parameters")
    return HTMLExporter(
        config=config, template_name="basic", exclude_input=True, exclude_input_prompt=True,
        exclude_output_prompt=True, anchor_link_text="",
    )


def site_html(output: nbformat.NotebookNode) -> str:
    """An output's HTML as the site shows it: the view's own page HTML where it carries one; none for what is
    there only for the notebook's reader (its interactive chart and caption).
    """
    if (output.get("metadata", {}).get(OUTPUT_KEY) or {}).get("kind") == NOTEBOOK_ONLY:
        return ""
    data = output.get("data", {})
    return data.get(SITE_MIME) or data.get("text/html", "")


def readable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep what a reader should see, the HTML outputs; drop streams, errors (the banner tells), markdown."""
    notebook = nbformat.from_dict(copy.deepcopy(notebook))
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        cell["id"] = f"c{index}"
        cell.outputs = [
            output for output in cell.get("outputs", [])
            if output.output_type in ("display_data", "execute_result") and site_html(output).strip()
        ]
        for output in cell.outputs:
            output["data"] = {"text/html": site_html(output)}
            output["metadata"] = {}
        cells.append(cell)
    notebook.cells = cells
    notebook.metadata = {"language_info": {"name": "python"}}
    return notebook


def collect(notebook: nbformat.NotebookNode) -> tuple[dict[str, str], dict]:
    """The CSV downloads the page's views carry, and its closing report."""
    downloads, report = {}, {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get(OUTPUT_KEY)
            if not meta:
                continue
            if meta.get("csv"):
                downloads[meta["csv"]["name"]] = meta["csv"]["text"]
            if meta.get("kind") == "page":
                report = {key: meta[key] for key in ("received", "inputs", "suppressions")}
    return downloads, report


def page_body(notebook: nbformat.NotebookNode) -> PageBody:
    downloads, report = collect(notebook)
    html, _ = exporter().from_notebook_node(readable(notebook))
    return PageBody(html=unwrap(html), downloads=downloads, report=report)


def unwrap(html: str) -> str:
    """Drop nbconvert's cell and output wrappers: the page layout does the styling."""
    soup = BeautifulSoup(html, "html.parser")
    for wrapper in soup.select(WRAPPERS):
        wrapper.unwrap()
    return "\n".join(line for line in str(soup).splitlines() if line.strip()) + "\n"
