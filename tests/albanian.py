"""Albanian on an English page: every visible text of a built page outside lang="sq", read for Albanian words.

Run as `python tests/albanian.py SITE_FOLDER` to print the offenders of each page of an edition.
"""

from __future__ import annotations

import csv
import html
import json
import re
import sys
import tomllib
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pandas as pd
from bs4 import BeautifulSoup, NavigableString, Tag

from sitrep import i18n, paths

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Attributes a reader meets: tooltips, text alternatives, a reflowed cell's column name, a switch's other label.
VISIBLE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "data-label", "data-table-label",
                      "data-chart-label", "content")
# Parts of a plotly figure that no reader sees: boundaries, ids, colours and plotly's own settings.
INVISIBLE_KEYS = {"geojson", "locations", "featureidkey", "ids", "uid", "colorscale", "color", "colors",
                  "template", "type", "mode", "hoverinfo", "textposition", "xref", "yref", "xanchor", "yanchor",
                  "anchor", "side", "family", "tickformat", "hoverformat", "arrangement", "barmode", "orientation",
                  "legendgroup", "xaxis", "yaxis", "modeBarButtons", "locale", "toImageButtonOptions", "matches",
                  "filename", "fillcolor", "bgcolor", "bordercolor", "plot_bgcolor", "paper_bgcolor", "separators",
                  "automargin"}
# The raw tables' columns typed in the report's words (a note is the reader's own, in English).
ALBANIAN_COLUMNS = {"name", "title", "event", "label", "claim", "explanation", "places", "destinations", "group",
                    "partners", "actors", "qualifier", "value"}
# Places whose nominative English texts write as Albanian does (a region, a country abroad or "the whole country"
# is a common noun, translated).
NAMED_PLACES = {"rreth", "town", "border_crossing", "neighbourhood", "village", "qark_region"}
SKIPPED_ELEMENTS = ("script", "style", "template", "noscript")


# A row's id, as the quality page shows it (vatra-2, dne-1.victims_assisted), and a commit or data hash as the
# footer shows it (159ee8f0850e): codes, not words of a language.
CODE = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)*-\d+(?:\.[a-z_]+)?\b|\b(?=[0-9a-f]*\d)[0-9a-f]{7,64}\b")


def words(text: str) -> list[str]:
    """The words of a text, lowercased."""
    return [w.lower() for w in WORD.findall(text)]


def _raw_tables() -> list[pd.DataFrame]:
    return [pd.read_csv(path, dtype=str, keep_default_na=False)
            for path in sorted(paths.RAW.glob("*/*.csv")) if path.name != "places.csv"]


def _english_columns(frame: pd.DataFrame) -> list[str]:
    return [column for column in frame.columns if column.endswith("_en")]


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Words that English text uses: the interface's English strings and every English translation in the data."""
    found: set[str] = set()
    for texts in i18n.table().values():
        found |= set(words(texts["en"]))
    with open(paths.PROJECT / "lib" / "sitrep" / "transform" / "metrics.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found |= set(words(row["label_en"] + " " + row["title_en"]))
    for frame in _raw_tables():
        for column in _english_columns(frame):
            for text in frame[column]:
                found |= set(words(text))
    for toml in paths.RAW.glob("*/report.toml"):
        meta = tomllib.loads(toml.read_text(encoding="utf-8"))
        found |= {w for key, value in meta.items() if key.endswith("_en") for w in words(str(value))}
    return frozenset(found)


@lru_cache(maxsize=1)
def same_in_both() -> frozenset[str]:
    """Names written alike in both languages: places in the nominative and acronyms English texts also use."""
    found: set[str] = set()
    gazetteer = pd.read_csv(paths.REFERENCE / "gazetteer.csv", dtype=str, keep_default_na=False)
    named = gazetteer[gazetteer["kind"].isin(NAMED_PLACES)]
    for column in ("place", "rreth", "qark"):
        found |= {w for text in named[column] for w in words(text)}
    for path in paths.RAW.glob("*/organizations.csv"):
        orgs = pd.read_csv(path, dtype=str, keep_default_na=False)
        for acronym, acronym_en in zip(orgs["acronym"], orgs["acronym_en"]):
            found |= set(words(acronym_en or acronym))
    return frozenset(found)


@lru_cache(maxsize=1)
def albanian_words() -> frozenset[str]:
    """Words of the reports' texts, the Albanian interface and the tables, that English text never uses."""
    found: set[str] = set()
    for texts in i18n.table().values():
        found |= set(words(texts["sq"]))
    for toml in paths.RAW.glob("*/report.toml"):
        meta = tomllib.loads(toml.read_text(encoding="utf-8"))
        if meta.get("language") == "sq":
            found |= set(words((toml.parent / meta["text"]).read_text(encoding="utf-8")))
    for frame in _raw_tables():
        for column in set(frame.columns) & ALBANIAN_COLUMNS:
            found |= {w for text in frame[column] for w in words(text)}
    return frozenset(w for w in found - english_words() - same_in_both() if len(w) > 1)


def _language(node: Tag | NavigableString) -> str | None:
    """The language an element (or the element a text sits in) is marked with, from itself or its ancestors."""
    element = node if isinstance(node, Tag) else node.parent
    while element is not None:
        if isinstance(element, Tag) and element.has_attr("lang"):
            return element["lang"].split("-")[0]
        element = element.parent
    return None


def _strings(value: object, key: str = "") -> list[str]:
    """Every string of a plotly figure that a reader can see."""
    if key == "geojson" or (key in INVISIBLE_KEYS and not isinstance(value, dict)):
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, key)]
    return []


def _figure_texts(script: str) -> list[str]:
    """The figure, layout, phone layout and config of a `Plotly.newPlot(...)` call, or what a page's charts share
    (`sitrepShared(...)`), as the strings they show."""
    decoder = json.JSONDecoder()
    shared = script.find("sitrepShared(")
    if shared >= 0:  # what the page's charts share: their config (plotly's words) and template
        return _strings(decoder.raw_decode(script, shared + len("sitrepShared("))[0])
    found, at = [], script.find("sitrepAreas(")
    if at < 0:
        return []
    at += len("sitrepAreas(")
    while True:
        starts = [i for i in (script.find("[", at), script.find("{", at)) if i >= 0]
        if not starts:
            return found
        try:
            value, at = decoder.raw_decode(script, min(starts))
        except json.JSONDecodeError:
            return found
        found += _strings(value)


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def visible_text(html: str) -> list[str]:
    """Every text of a page a reader can see or hear, less what is marked lang="sq"."""
    soup = BeautifulSoup(html, "html.parser")
    shown = [soup.title.get_text()] if soup.title else []
    for element in soup.find_all(True):
        if element.name in SKIPPED_ELEMENTS or element.find_parent(SKIPPED_ELEMENTS):
            continue
        if _language(element) != "sq":
            shown += [str(element[a]) for a in VISIBLE_ATTRIBUTES if element.has_attr(a)
                      and not (a == "content" and element.name != "meta")]
        shown += [str(s) for s in element.find_all(string=True, recursive=False) if _language(s) != "sq"]
    for script in soup.find_all("script"):
        texts = _figure_texts(script.string or "")
        if not texts:
            continue
        # plotly's text carries no language: a quote it shows counts as marked when its view gives the same
        # quote marked lang="sq" (the chart's table or quote list).
        view = script.find_parent("figure") or soup
        marked = sorted({_plain(m.get_text(" ")) for m in view.select('[lang="sq"]')} - {""}, key=len, reverse=True)
        for text in texts:
            text = _plain(text)
            for quote in marked:
                text = text.replace(quote, " ")
            shown.append(text)
    return shown


def albanian_in(html: str) -> Counter:
    """The Albanian words of a page outside lang="sq", with how often each occurs."""
    forbidden = albanian_words()
    return Counter(w for text in visible_text(html) for w in words(CODE.sub(" ", text)) if w in forbidden)


def pages(edition: Path) -> list[Path]:
    """Every HTML page of a built edition."""
    return sorted(p for p in edition.rglob("*.html") if "assets" not in p.parts)


def main(folder: str) -> int:
    """Print each page's Albanian words outside lang="sq"; exit 1 when any page has one."""
    total = 0
    for page in pages(Path(folder)):
        found = albanian_in(page.read_text(encoding="utf-8"))
        total += sum(found.values())
        if found:
            print(f"{page.relative_to(folder)}: {sum(found.values())}: "
                  + " ".join(f"{w}×{n}" if n > 1 else w for w, n in found.most_common()))
    print(f"{total} Albanian words outside lang=\"sq\" ({len(albanian_words())} words in the list)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
