"""Executed notebook → the HTML body of its page (its views' HTML outputs, code hidden) and its downloads."""

from __future__ import annotations

import copy
import html
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# The output marks only: the site reads a page's outputs without loading the report's own libraries.
from sitrep.report.outputs import NOTEBOOK_ONLY, OUTPUT_KEY, SITE_MIME

if TYPE_CHECKING:  # a worker exports, with nbformat loaded; the build process frames with search_entries alone
    import nbformat

ANALYST_TAG = "analyst"  # markdown and code the analyst sees in JupyterLab but readers never do
HIDDEN_TAGS = {ANALYST_TAG, "injected-parameters", "parameters"}


@dataclass
class PageBody:
    """What the site needs from an executed notebook."""

    html: str
    downloads: dict[str, str] = field(default_factory=dict)  # file name → CSV text
    report: dict = field(default_factory=dict)  # what the page said it received and read


def site_html(output: nbformat.NotebookNode) -> str:
    """An output's HTML as the site shows it.

    That is the view's own page HTML where it carries one, and nothing for what is there only for the
    notebook's reader (its interactive chart and caption).
    """
    if (output.get("metadata", {}).get(OUTPUT_KEY) or {}).get("kind") == NOTEBOOK_ONLY:
        return ""
    data = output.get("data", {})
    return data.get(SITE_MIME) or data.get("text/html", "")


def _shown(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """A code cell's outputs a reader sees: those with HTML for the site."""
    return [output for output in cell.get("outputs", [])
            if output.output_type in ("display_data", "execute_result") and site_html(output).strip()]


def readable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep what a reader should see, the HTML outputs; drop streams, errors (the banner tells), markdown."""
    import nbformat

    notebook = nbformat.from_dict(copy.deepcopy(notebook))
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        cell["id"] = f"c{index}"
        cell.outputs = _shown(cell)
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
                report = {key: meta.get(key, []) for key in ("received", "inputs", "suppressions", "withheld")}
                report["areas"] = meta.get("areas", {})
                report["templates"] = meta.get("templates", {})
                report["configs"] = meta.get("configs", {})
    return downloads, report


def shared_script(templates: dict[str, dict], configs: dict[str, dict]) -> str:
    """What a page's charts share and name by hash (plotly templates, configs), defined once before the first draws."""
    shared = {"configs": configs, "templates": templates}
    text = json.dumps(shared, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "<script>sitrepShared(" + text.replace("<", "\\u003c") + ");</script>"


def page_body(notebook: nbformat.NotebookNode) -> PageBody:
    """The page's body: the site HTML of every shown output, in order, without the cells the reader never sees.

    The outputs are already whole HTML fragments (report.page writes them), so they are joined as they are;
    nothing of nbconvert's notebook chrome is wanted around them.
    """
    downloads, report = collect(notebook)
    parts = []
    # The cells are read where they are: a copy (as `readable` makes) costs more than the rest of the export.
    for cell in notebook.cells:
        if cell.cell_type != "code" or set(cell.metadata.get("tags", [])) & HIDDEN_TAGS:
            continue
        parts += [site_html(output) for output in _shown(cell)]
    if report.get("templates") or report.get("configs"):
        parts.insert(0, shared_script(report.get("templates", {}), report.get("configs", {})))
    lines = (line for part in parts for line in part.splitlines() if line.strip())
    return PageBody(html="\n".join(lines) + "\n", downloads=downloads, report=report)


# Attributes may come in any order: a view is a figure with an id, its title the h3's text.
VIEW_TITLE = re.compile(r'<figure [^>]*?\bid="([^"]+)"[^>]*>\s*<h3[^>]*>(.*?)<a ', re.S)
HEADING = re.compile(r'<h2[^>]*?(?: id="([^"]+)")?[^>]*>(.*?)</h2>', re.S)
TAG = re.compile(r"<[^>]+>")


def search_entries(href: str, title: str, body: str) -> list[dict]:
    """What the search box finds on one page: the page itself, its sections and each chart or table, by title."""
    def plain(fragment: str) -> str:
        return html.unescape(TAG.sub("", fragment)).strip()

    entries = [{"t": title, "h": href, "p": "", "x": " ".join(plain(text) for _, text in HEADING.findall(body))}]
    for anchor, text in VIEW_TITLE.findall(body):
        entries.append({"t": plain(text), "h": f"{href}#{anchor}", "p": title, "x": ""})
    return entries
