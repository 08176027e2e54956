"""The reports' abbreviations: their entries in the edition's language, and each one's first use on a page linked.

Linking is a pure function over a page's HTML fragments, in the order the page shows them. Only text a reader
sees in the flow of the page is linked: never inside a script or style (a chart's JSON), a link, a heading, a
button, a disclosure, a quotation (quotes are verbatim) or anything hidden, and never inside a tag's attributes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the source page links entries in the build process, which loads no data library
    import pandas as pd

ANCHOR_PREFIX = "g-"
GLOSSARY_ID = "glossary"  # the glossary section of the source page
LINK_CLASS = "glossary-link"
# Elements whose text is never linked; with all that they hold.
SKIPPED = frozenset({"a", "abbr", "button", "summary", "details", "blockquote", "q", "select", "option", "textarea",
                     "label", "svg", "title", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"})
RAW_TEXT = frozenset({"script", "style"})  # their content is not HTML: skipped to the closing tag
CLOSING = {name: re.compile(f"</{name}", re.I) for name in RAW_TEXT}
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})
TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
# A word of a page's text, as an abbreviation may be one: letters, then letters, digits or an escaped '&' (D&amp;E).
WORD = re.compile(r"(?<![\w&])[^\W\d_](?:\w|&amp;)*")
HIDDEN = re.compile(r"""\shidden(?:[\s=/]|$)|\saria-hidden=["']?true""", re.I)


@dataclass(frozen=True)
class Entry:
    """One abbreviation as a page links it: the forms a text may print it in, and what it stands for."""

    abbreviation: str  # as printed in the report: what the entry is known by
    forms: tuple[str, ...]  # the spellings a page's text may use (the English one first in an English edition)
    title: str  # the expansion, in the edition's language
    anchor: str  # the id of its entry on the source page


def anchor(abbreviation: str) -> str:
    """The id of an abbreviation's glossary entry: 'g-' and its letters, folded to ASCII ('MPÇSSHB' → 'g-mpcsshb')."""
    folded = unicodedata.normalize("NFKD", abbreviation).encode("ascii", "ignore").decode("ascii").lower()
    return ANCHOR_PREFIX + (re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x")


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def entries(glossary: pd.DataFrame, lang: str) -> list[Entry]:
    """The glossary's entries in the edition's language; an English edition also finds the English abbreviation."""
    found = []
    for row in glossary.itertuples(index=False):
        english = row.abbreviation_en if _filled(row.abbreviation_en) else None
        forms = (english, row.abbreviation) if lang == "en" and english else (row.abbreviation,)
        title = row.expansion_en if lang == "en" and _filled(row.expansion_en) else row.expansion
        found.append(Entry(row.abbreviation, tuple(dict.fromkeys(forms)), title, anchor(row.abbreviation)))
    return found


class Linker:
    """Links the first use of each abbreviation across the fragments of one page, in the order they are given."""

    def __init__(self, glossary: list[Entry], href: str) -> None:
        self.href = href  # the source page, relative to the page ("source.html", "../source.html")
        self.linked: set[str] = set()
        self.by_form = {escape(form, quote=False): entry for entry in glossary for form in entry.forms}
        self.count = len({entry.abbreviation for entry in glossary})
        # Whole words only: 'BE' is not linked inside 'BEN', nor 'OJF' inside a longer name; 'OJF-të' is. Each word
        # of the text is looked up (one pass, fast); a form that is not one word is found by its own pattern.
        odd = sorted((form for form in self.by_form if not WORD.fullmatch(form)), key=len, reverse=True)
        self.pattern = WORD if self.by_form else None
        if odd:
            self.pattern = re.compile(r"(?<![\w&])(?:" + "|".join(map(re.escape, odd)) + r")(?!\w)|" + WORD.pattern)

    def __call__(self, fragment: str) -> str:
        """The fragment with the first use of each abbreviation not yet linked on the page made a link."""
        if self.pattern is None or len(self.linked) == self.count:
            return fragment
        out, position, skipping = [], 0, []
        for match in TAG.finditer(fragment):
            if match.start() < position:
                continue  # inside a script's or style's content, already copied
            text = fragment[position:match.start()]
            out.append(text if skipping else self._link(text))
            out.append(match.group(0))
            position = match.end()
            closing, name, attributes = match.group(1), (match.group(2) or "").lower(), match.group(3) or ""
            if not name:
                continue  # a comment
            if not closing and name in RAW_TEXT:
                closing_tag = CLOSING[name].search(fragment, position)
                end = len(fragment) if closing_tag is None else closing_tag.start()
                out.append(fragment[position:end])
                position = end
                continue
            if name in VOID or attributes.rstrip().endswith("/"):
                continue
            if closing:
                if skipping and skipping[-1] == name:
                    skipping.pop()
                elif skipping and name in skipping:  # a tag left open inside: close up to its opener
                    del skipping[len(skipping) - 1 - skipping[::-1].index(name):]
            elif skipping or name in SKIPPED or HIDDEN.search(attributes):
                skipping.append(name)
        rest = fragment[position:]
        out.append(rest if skipping else self._link(rest))
        return "".join(out)

    def _link(self, text: str) -> str:
        if not text.strip():
            return text

        def replace(match: re.Match) -> str:
            entry = self.by_form.get(match.group(0))
            if entry is None or entry.abbreviation in self.linked:
                return match.group(0)
            self.linked.add(entry.abbreviation)
            return (f'<a class="{LINK_CLASS}" href="{self.href}#{entry.anchor}">'
                    f'<abbr title="{escape(entry.title)}">{match.group(0)}</abbr></a>')

        return self.pattern.sub(replace, text)


def link_first_uses(fragments: list[str], glossary: list[Entry], href: str = "source.html") -> list[str]:
    """The page's fragments with the first use of each abbreviation in its text linked to its glossary entry."""
    linker = Linker(glossary, href)
    return [linker(fragment) for fragment in fragments]
