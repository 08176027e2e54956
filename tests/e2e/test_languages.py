"""The English edition keeps no Albanian interface word; names of places and organisations stay as they are."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from sitrep import i18n, paths

from sitebuild import pages_of

pytestmark = pytest.mark.slow
WORD = re.compile(r"[A-Za-zËëÇç]{4,}")


def albanian_only_words() -> set[str]:
    """Words of the Albanian interface text that the English text never uses, minus words of names."""
    table = i18n.table().values()
    albanian = {w.lower() for texts in table for w in WORD.findall(texts["sq"])}
    english = {w.lower() for texts in table for w in WORD.findall(texts["en"])}
    names = set()
    for name, columns in {"organizations": ["name", "acronym"], "grants": ["title", "places", "partners"],
                          "donor_programs": ["title", "places"], "ngo_efforts": ["places"],
                          "events": ["actors"]}.items():
        frame = pd.read_csv(paths.RAW / "kvktnj-2006" / f"{name}.csv", dtype=str, keep_default_na=False)
        for column in columns:
            names |= {w.lower() for text in frame[column] for w in WORD.findall(text)}
    gazetteer = pd.read_csv(paths.REFERENCE / "gazetteer.csv", dtype=str, keep_default_na=False)
    names |= {w.lower() for text in gazetteer["form"] for w in WORD.findall(text)}
    return albanian - english - names - {"kvktnj", "caaht", "usaid"}


def interface_text(html: str) -> str:
    """What a page says in its own voice: everything but data cells, scripts and quoted source text."""
    soup = BeautifulSoup(html, "html.parser")
    figures = []
    decoder = json.JSONDecoder()
    for script in soup.find_all("script"):
        text = script.string or ""
        start = text.find("Plotly.newPlot(")
        if start >= 0:
            data_at = text.index("[", start)
            data, end = decoder.raw_decode(text, data_at)
            layout, _ = decoder.raw_decode(text, text.index("{", end))
            for axis in ("xaxis", "yaxis"):
                figures.append(str(layout.get(axis, {}).get("title", {}).get("text", "")))
            figures += [str(trace.get("name", "")) for trace in data]
        script.decompose()
    for cell in soup.find_all(["td"]):
        cell.decompose()
    # Albanian that says it is Albanian (quotes of the source, the link to the Albanian edition) is not the
    # English edition's own voice.
    for marked in soup.select('body [lang="sq"]'):
        marked.decompose()
    for link in soup.select(".view-source"):  # names the source report, in its own language, after "Source:"
        link.string = link.get_text().split(",")[0]
    for footer in soup.select(".site-footer"):
        footer.decompose()
    return soup.get_text(" ") + " " + " ".join(figures)


def test_english_edition_has_no_albanian_interface_words(site_en):
    forbidden = albanian_only_words()
    assert len(forbidden) > 50, "the word list is too small to catch anything"
    offenders = {}
    for page in pages_of(site_en):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en">' in html
        words = {w.lower() for w in WORD.findall(interface_text(html))}
        if words & forbidden:
            offenders[page.name] = sorted(words & forbidden)[:12]
    assert not offenders, offenders


def test_the_albanian_edition_uses_albanian_labels(site_sq):
    summary = (site_sq / "summary.html").read_text(encoding="utf-8")
    assert "Shkarko të dhënat (CSV)" in summary and "Download the data" not in summary
    assert '<html lang="sq">' in summary
