"""The report's own words on a page of another language: each cell that holds them is marked lang="sq" in HTML.

An English page shows Albanian only where it quotes the report or lacks a translation. Which texts those are
is known from the clean tables (every column typed as printed), not guessed from the words, so a cell is marked
when it is, or begins, a text the report printed. A translated name carries its original in a small marked span.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import unescape
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from sitrep import i18n
from sitrep.report import labels

if TYPE_CHECKING:  # pandas only for its types: a hover text's quotes are found without it
    from collections.abc import Collection

    import pandas as pd

# The columns of the clean tables that hold the report's own words (notes are the reader's, in English).
PRINTED = {
    "organizations": ("name",),
    "grants": ("title", "quote", "partners", "place_quote"),
    "figures": ("quote", "group", "qualifier_as_printed", "value_as_printed"),
    "donor_programs": ("title", "quote"),
    "events": ("event", "quote", "actors"),
    "gov_figures": ("label", "quote", "value_as_printed"),
    "ngo_efforts": ("quote",),
    "claims": ("claim", "quote", "explanation", "explained_quote", "value_as_printed"),
    "nap_structure": ("title",),
    "nap_links": ("quote",),
    "grant_places": ("place_as_printed",),
    "program_places": ("place_as_printed",),
    "program_destinations": ("place_as_printed",),
    "ngo_effort_places": ("place_as_printed",),
}
LISTS = re.compile(r"\s*[;|]\s*")
# A cell may show a long text cut short, ending in an ellipsis.
CUT = re.compile(r"\s*…\s*$")
SHORTEST_CUT = 20
# Words an English text quotes: 'like this', ‘like this’ or “like this” (an apostrophe inside a word is not one).
TAG = re.compile(r"(<[^>]+>)")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
QUOTED = re.compile(r"(?<!\w)['‘“]([^'‘’“”]+)['’”](?!\w)")


def _texts(values: pd.Series) -> set[str]:
    found = set()
    for value in values:
        if labels.has_text(value):
            text = " ".join(str(value).split())
            found.add(text)
            found |= {part for part in LISTS.split(text) if part}
    return found


@dataclass
class Marks:
    """The texts a page in another language shows as the report printed them, and the originals of translated names."""

    printed: frozenset[str] = frozenset()
    originals: dict[str, str] = field(default_factory=dict)
    language: str = "sq"
    report_words: frozenset[str] = frozenset()  # words of the printed texts that no English text uses
    source_text: str = ""  # the reports' own text, lower case, one space between words: where a quote is looked up
    _printed_text: str | None = field(default=None, repr=False)
    _words: frozenset[str] | None = field(default=None, repr=False)

    def is_printed(self, text: str) -> bool:
        """Whether a text is (or, cut short with '…', begins) words of the report."""
        text = " ".join(text.split())
        if not any(c.isalpha() for c in text):
            return False
        if text in self.printed:
            return True
        stem = CUT.sub("", text)
        return stem != text and len(stem) >= SHORTEST_CUT and any(p.startswith(stem) for p in self.printed)

    def html(self, value: object) -> Markup:
        """A cell as HTML: the report's words marked with their language, a translated name with its original."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return Markup("")
        if isinstance(value, Markup):
            return self._markup_marked(value)
        text = str(value)
        original = self.originals.get(text)
        if original and original != text:
            return escape(text) + Markup(f' <small class="original" lang="{self.language}">') + escape(
                original) + Markup("</small>")
        if self.is_printed(text):
            return self._marked(text)
        return self._quotes_marked(text) if self.printed or self.source_text else escape(text)

    def _markup_marked(self, value: Markup) -> Markup:
        """HTML a chapter built itself (a note, its quotes marked): the report's words in its own text marked too."""
        if not self.printed:
            return value
        out, inside = Markup(""), 0
        for part in TAG.split(str(value)):
            if TAG.fullmatch(part):
                if part.startswith("</") and inside:
                    inside += 0 if part != "</span>" else -1
                elif part.startswith("<span") and (inside or f'lang="{self.language}"' in part):
                    inside += 1
                out += Markup(part)
            elif part:
                out += Markup(escape(unescape(part))) if inside else self._quotes_marked(unescape(part))
        return out

    def _corpus(self) -> str:
        if self._printed_text is None:
            self._printed_text = "\n".join(sorted(self.printed)).lower()
        return self._printed_text

    def _report_runs(self, text: str) -> list[tuple[int, int]]:
        """Runs of a text's words that the report prints together, holding a word that English texts never use."""
        if not self.report_words:
            return []
        corpus = self._corpus()
        known = self._corpus_words()
        runs: list[list[re.Match]] = []
        for match in WORD.finditer(text):
            word = match.group(0).lower()
            if word not in known:
                runs.append([])
            elif runs and runs[-1] and not text[runs[-1][-1].end():match.start()].strip(" -"):
                runs[-1].append(match)
            else:
                runs.append([match])
        found = []
        for run in runs:
            # the longest stretches, left to right, that the report prints together and that hold a word of its own
            i = 0
            while i < len(run):
                j, best = i, None
                while j < len(run) and corpus.find(
                        " ".join(text[run[i].start():run[j].end()].split()).lower()) >= 0:
                    if any(m.group(0).lower() in self.report_words for m in run[i:j + 1]):
                        best = j
                    j += 1
                if best is None:
                    i += 1
                    continue
                found.append((run[i].start(), run[best].end()))
                i = best + 1
        return found

    def _corpus_words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(w.lower() for w in WORD.findall(self._corpus()))
        return self._words

    def _marked(self, text: str) -> Markup:
        return Markup(f'<span lang="{self.language}">') + escape(text) + Markup("</span>")

    def _quotes_marked(self, text: str) -> Markup:
        """A cell that quotes the report among its own words ('YWCA: “…” (line 2297)'): each quote marked."""
        plain = " ".join(text.split())
        spans: list[tuple[int, int]] = []
        for quote in sorted((p for p in self.printed if len(p) >= SHORTEST_CUT and p in plain), key=len,
                            reverse=True):
            at = plain.find(quote)
            while at >= 0:
                if not any(at < end and start < at + len(quote) for start, end in spans):
                    spans.append((at, at + len(quote)))
                at = plain.find(quote, at + 1)
        # a few words between quotes in an English note ('pika kryesore') are the report's when it prints them
        corpus = self._corpus()
        for match in QUOTED.finditer(plain):
            start, end = match.span(1)
            quoted = " ".join(match.group(1).lower().split())
            if (len(quoted) >= 3 and (corpus.find(quoted) >= 0 or self.source_text.find(quoted) >= 0)
                    and not any(start < e and s < end for s, e in spans)):
                spans.append((start, end))
        # and so is a run of words that only the report uses (an office named in an English note)
        for start, end in self._report_runs(plain):
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
        if not spans:
            return escape(text)
        html, last = Markup(""), 0
        for start, end in sorted(spans):
            html += escape(plain[last:start]) + self._marked(plain[start:end])
            last = end
        return html + escape(plain[last:])

    def rows(self, frame: pd.DataFrame) -> list[list[Markup]]:
        """A table's cells as HTML, row by row."""
        return [[self.html(cell) for cell in row] for row in frame.itertuples(index=False)]


# Texts an English page shows translated, each with the report's own words beside it: (table, printed, English).
GLOSSED = (("donor_programs", "title", "title_en"), ("claims", "claim", "claim_en"), ("grants", "title", "title_en"))


def originals(data, lang: str) -> dict[str, str]:
    """Each translated organisation name, programme or project title and claim as shown → as the report prints it."""
    if lang == "sq":
        return {}
    organizations = data.raw_table("organizations")
    found = {}
    shown = labels.organization_names(organizations, full=True, lang=lang)
    printed = labels.original_names(organizations)
    for org_id, name in shown.items():
        if printed[org_id] != name:
            found[name] = printed[org_id]
    for name, column, english in GLOSSED:
        table = data.raw_table(name)
        if english not in table:
            continue
        for text, text_en in zip(table[column], table[english]):
            if labels.has_text(text_en) and text_en != text:
                found[str(text_en)] = str(text)
    return found


def page_marks(data, lang: str) -> Marks:
    """What a page of `data` in `lang` shows in the report's words; none on a page in the report's language."""
    if lang == "sq":
        return Marks()
    printed: set[str] = set()
    english: set[str] = set()
    for name, columns in PRINTED.items():
        table = data.raw_table(name)
        for column in columns:
            if column in table:
                printed |= _texts(table[column])
        for column in table.columns:
            if column.endswith("_en"):
                english |= _texts(table[column])
    printed -= english  # a name the report prints in English (Terre des Hommes) is not Albanian
    words_en = {w.lower() for text in english for w in WORD.findall(text)}
    words_en |= {w.lower() for texts in i18n.table().values() for w in WORD.findall(texts[lang])}
    words = frozenset(w.lower() for text in printed for w in WORD.findall(text) if len(w) > 1) - words_en
    return Marks(frozenset(printed), originals(data, lang), report_words=words)


# An edition's slice of the clean tables holds what page_marks and report_quotes find in them, computed once: a page
# then depends on the report's words, not on every table that holds some, so a changed date rebuilds only its readers.
TEXTS_FILE = "report_texts.json"


def edition_texts(data, source_lines: list[str] = ()) -> dict:
    """What every page of the edition needs to mark the report's words: page_marks and report_quotes, as JSON.

    `source_lines` are the lines of the edition's reports: a note that quotes the report is marked where the
    quote is found there, even when no table holds it.
    """
    found = page_marks(data, data.edition.lang)
    source = " ".join(" ".join(source_lines).lower().split()) if data.edition.lang != "sq" else ""
    return {"printed": sorted(found.printed), "originals": dict(sorted(found.originals.items())),
            "report_words": sorted(found.report_words), "quotes": report_quotes(data), "source": source}


def from_texts(texts: dict) -> tuple[Marks, dict[str, str]]:
    """The page's marks and the report's quotes, from an edition's texts (see edition_texts)."""
    marks = Marks(frozenset(texts["printed"]), texts["originals"], report_words=frozenset(texts["report_words"]),
                  source_text=texts.get("source", ""))
    return marks, dict(texts["quotes"])


QUOTES = {"grants": "quote", "figures": "quote", "donor_programs": "quote", "events": "quote", "gov_figures": "quote",
          "ngo_efforts": "quote", "claims": "quote", "nap_links": "quote"}


def report_quotes(data) -> dict[str, str]:
    """Every quote of the reports the tables hold, its spaces made single, as hover text shows them.

    Each comes with the language of the report it is from (its text's), which a page marks it with.
    """
    languages = {source.id: source.language for source in data.sources}
    found: dict[str, str] = {}
    for name, column in QUOTES.items():
        table = data.raw_table(name)
        if column not in table:
            continue
        reports = table["report_id"] if "report_id" in table else [None] * len(table)
        for quote, report in zip(table[column], reports):
            if labels.has_text(quote):
                found.setdefault(" ".join(str(quote).split()), languages.get(report, ""))
    return {quote: language for quote, language in sorted(found.items()) if len(quote) >= SHORTEST_CUT}


# plotly's text cannot say its language, so the view lists the report's words that a chart's hover quotes in
# HTML, marked with their language, and reached by keyboard and in print.
HOVER_KEYS = ("hovertext", "customdata", "text")


def _hover_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _hover_strings(item)]
    if hasattr(value, "tolist"):
        return _hover_strings(value.tolist())
    if isinstance(value, dict):
        return [s for key, item in value.items() if key in HOVER_KEYS or isinstance(item, dict)
                for s in _hover_strings(item)]
    return []


def hover_quotes(figure: dict, quotes: Collection[str]) -> list[str]:
    """The report's quotes that a chart's hover text holds, each once, in the order the chart shows them."""
    found: dict[str, int] = {}
    for trace in figure.get("data", []):
        for key, value in trace.items():
            if key not in HOVER_KEYS and not isinstance(value, dict):
                continue
            for text in dict.fromkeys(_hover_strings(value)):
                if "“" not in text:
                    continue
                plain = " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())
                # by where each stands in the text, never by the set's order (which changes with each process)
                for _, quote in sorted((plain.find(q), q) for q in quotes if q in plain):
                    found.setdefault(quote, len(found))
    # a quote inside a longer one is listed too: another bar may quote it alone
    return list(found)
