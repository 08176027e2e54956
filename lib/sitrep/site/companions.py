"""What a site carries beside its chapter pages: the source text, footnotes, search index, workbook, PDF, translation.

The source page holds each report's full text, line by line, with anchors the citations link to.

In a public edition a line that holds a hidden count is withheld, with a visible marker in its place: the
text around a hidden figure is the figure (the quote says "assisted seven victims"), so showing the line
would undo the suppression. Which lines those are comes from the pages (Page.finish reports the quotes of
the figures the edition hides); each quote's whole line range is withheld, found in the text as the
cleaning step found it.
"""

from __future__ import annotations

import csv
import datetime
import html
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitrep.periods import parse_period
from sitrep.report.sources import footer
from sitrep.site.export import search_entries  # noqa: F401  (the build finds every companion here)
from sitrep.site.frame import edition_line
from sitrep.transform.quotes import SourceText


@dataclass(frozen=True)
class ReportText:
    """One report's text and how to name it."""

    id: str
    title: str
    lines: tuple[str, ...]
    title_en: str = ""
    language: str = "sq"

    def heading(self, lang: str) -> tuple[str, str | None]:
        """The title an edition shows, and its language when it is not the edition's (marked for readers)."""
        if lang == "en" and self.title_en:
            return self.title_en, None
        return self.title, None if lang == self.language else self.language


def report_texts(raw: Path, clean: Path, bounds) -> list[ReportText]:
    """The texts of the edition's reports, as the clean `reports` table lists them (raw/<id>/<text>)."""
    listed = Path(clean) / "reports.csv"
    texts: list[ReportText] = []
    if not listed.is_file():
        return texts
    with open(listed, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            period = parse_period(row.get("period") or "")
            if period is not None and not (period[0] >= bounds[0] and period[1] <= bounds[1]):
                continue
            path = Path(raw) / row["id"] / (row.get("text") or "")
            if path.is_file():
                texts.append(ReportText(row["id"], row.get("title") or row["id"], SourceText.read(path).lines,
                                        row.get("title_en") or "", row.get("language") or "sq"))
    return texts


def withheld_lines(text: ReportText, quotes: list[dict]) -> set[int]:
    """Every line that a hidden figure's quote covers (its cited line when the quote cannot be found)."""
    source = SourceText(text.lines)
    lines: set[int] = set()
    for item in quotes:
        found = source.lines_of(str(item.get("quote") or "")) if item.get("quote") else None
        if found is not None:
            lines.update(found)
        elif item.get("line"):
            lines.add(int(item["line"]))
    return lines


def line_text(text: ReportText, line: int, withheld: set[int]) -> str | None:
    """A line's text for a footnote, or None when it is withheld or beyond the text."""
    if line in withheld or not 1 <= line <= len(text.lines):
        return None
    return " ".join(text.lines[line - 1].split())


def render_text(text: ReportText, withheld: set[int], prefix: str, marker: str, marker_lang: str) -> str:
    """The numbered lines of one report as an ordered list; each line's anchor is `prefix` + its number.

    A withheld line says so in the edition's language (`marker_lang`), among lines in the report's.
    """
    rows = []
    for number, line in enumerate(text.lines, start=1):
        anchor = f"{prefix}{number}"
        if number in withheld:
            body = f'<span class="withheld" lang="{marker_lang}">{html.escape(marker)}</span>'
        else:
            body = html.escape(line)
        rows.append(f'<li id="{anchor}"><a href="#{anchor}">{number}</a>{body}</li>')
    return '<ol class="source-text">\n' + "\n".join(rows) + "\n</ol>\n"


def withheld(texts: list[ReportText], quotes: list[dict]) -> dict[str, set[int]]:
    """Each report's withheld lines (by report id) for the quotes of the figures the edition hides."""
    unique = list({(q.get("line"), q.get("quote")): q for q in quotes}.values())
    counts = {int(q["value"]) for q in quotes if q.get("value") is not None}
    # A quote's lines are found in the first report; later reports are cited with their own prefix. Any other
    # line that writes a hidden count beside a word for victims goes too, as published text does elsewhere.
    return {text.id: (withheld_lines(text, unique) if index == 0 else set()) | revealing_lines(text, counts)
            for index, text in enumerate(texts)}


def revealing_lines(text: ReportText, counts: set[int]) -> set[int]:
    """Lines that write a hidden count as a count of victims, alone or read on into the next line."""
    from sitrep.report import privacy

    if not counts:
        return set()
    stems = privacy.victim_stems()
    # The source's lines are short and its words run together where the extraction lost a space
    # ("fëmijës.Të dy"), so a whole line is the window here, not the few words published text allows. A line's
    # words are read once: two lines read on are the first's words then the second's (no number joins across).
    words = [privacy.words_of(line) for line in text.lines]
    victims = [any(word.startswith(stems) for word in line) for line in words]

    def counts_in(line_words: list[str]) -> bool:
        return any(values & counts for _, values in privacy.numbers_at(line_words))

    found: set[int] = set()
    for number in range(1, len(words) + 1):
        here = number - 1
        if victims[here] and counts_in(words[here]):
            found.add(number)
        if number < len(words) and (victims[here] or victims[number]) and counts_in(words[here] + words[number]):
            found |= {number, number + 1}
    return found


FOOTNOTE = re.compile(r'<li data-line="(\d+)">(<a [^>]*>[^<]*</a>)</li>')
SOURCE_LINK = re.compile(r'<a class="(?:source|glossary)-link" href="[^"]*">(.*?)</a>', re.S)
QUOTES = re.compile(r'<details class="view-quotes">.*?</details>\n?', re.S)


def footnotes(body: str, texts: list[ReportText], withheld_by_report: dict[str, set[int]], frame) -> str:
    """Fill each chart's footnotes with the text of its cited lines (or the withheld marker).

    Without a source text, citations stay plain text and the footnotes go.
    """
    if not texts:
        return QUOTES.sub("", SOURCE_LINK.sub(lambda m: m.group(1), body))
    text, hidden = texts[0], withheld_by_report.get(texts[0].id, set())
    marker = frame.t("source.withheld")
    language = text.language

    def fill(match: re.Match) -> str:
        shown = line_text(text, int(match.group(1)), hidden)
        quote = (f'<span class="withheld">{html.escape(marker)}</span>' if shown is None
                 else f'<q lang="{language}">{html.escape(shown)}</q>')
        return f'<li data-line="{match.group(1)}">{match.group(2)}: {quote}</li>'

    return FOOTNOTE.sub(fill, body)


def glossary_rows(clean: Path, texts: list[ReportText]) -> list[dict[str, str]]:
    """The abbreviations the edition's reports list (clean glossary.csv), each once: the first report's entry wins."""
    path = Path(clean) / "glossary.csv"
    if not path.is_file():
        return []
    order = {text.id: index for index, text in enumerate(texts)}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("report_id") in order]
    rows.sort(key=lambda row: order[row["report_id"]])  # stable: each report's entries keep their printed order
    seen: set[str] = set()
    return [row for row in rows if not (row["abbreviation"] in seen or seen.add(row["abbreviation"]))]


def glossary_section(rows: list[dict[str, str]], texts: list[ReportText], frame) -> str:
    """The source page's list of abbreviations: each with its expansion, in the edition's language, and its line."""
    if not rows:
        return ""
    from sitrep.report.glossary import GLOSSARY_ID, anchor

    lang = frame.edition.lang
    prefixes = {text.id: "L" if index == 0 else f"{text.id}-L" for index, text in enumerate(texts)}
    languages = {text.id: text.language for text in texts}
    items = []
    for row in rows:
        printed, english = row["abbreviation"], row.get("abbreviation_en") or ""
        original = languages.get(row["report_id"], "sq")
        term = f'<abbr lang="{original}">{html.escape(printed)}</abbr>'
        if lang == "en" and english and english != printed:
            term = f"<abbr>{html.escape(english)}</abbr> ({term})"
        expansion = row["expansion"]
        if lang == "en" and row.get("expansion_en"):
            meaning = (f'{html.escape(row["expansion_en"])} <span class="glossary-printed">(<span lang="{original}">'
                       f"{html.escape(expansion)}</span>)</span>")
        else:
            marked = f' lang="{original}"' if original != lang else ""
            meaning = f"<span{marked}>{html.escape(expansion)}</span>"
        line = row.get("source_line") or ""
        target = f'{prefixes.get(row["report_id"], "L")}{line}'
        cited = (f' <a class="glossary-line" href="?l={line}#{target}">{html.escape(frame.t("view.line"))} {line}</a>'
                 if line.isdigit() else "")
        items.append(f'<dt id="{anchor(printed)}">{term}</dt><dd>{meaning}{cited}</dd>')
    return (f'<h2 id="{GLOSSARY_ID}">{html.escape(frame.t("source.glossary"))}</h2>\n'
            f'<p>{html.escape(frame.t("source.glossary_intro"))}</p>\n'
            f'<dl class="glossary">\n' + "\n".join(items) + "\n</dl>")


def glossary_search(rows: list[dict[str, str]], frame) -> list[dict]:
    """What the search box finds of the glossary: each abbreviation, in the edition's language, and its expansion."""
    from sitrep.report.glossary import anchor

    english = frame.edition.lang == "en"
    found = []
    for row in rows:
        term = (row.get("abbreviation_en") or row["abbreviation"]) if english else row["abbreviation"]
        meaning = (row.get("expansion_en") or row["expansion"]) if english else row["expansion"]
        found.append({"t": f"{term}: {meaning}", "h": f"source.html#{anchor(row['abbreviation'])}",
                      "p": frame.t("source.glossary"), "x": row["abbreviation"]})
    return found


def source_page(texts: list[ReportText], withheld_by_report: dict[str, set[int]], frame, order,
                glossary: list[dict[str, str]] = ()) -> str:
    """source.html: every report's text, numbered; the first report's lines are #L1…, a later one's #<id>-L1….

    The reports' abbreviations (`glossary`, the rows of the clean glossary table) come first, each with an anchor
    that the pages' first uses of it link to.
    """
    parts = [f"<p>{html.escape(frame.t('source.intro'))}</p>"]
    if glossary:
        parts.append(glossary_section(list(glossary), texts, frame))
    hidden_any = any(withheld_by_report.values())
    if hidden_any:
        note = frame.t("source.withheld_note", threshold=frame.edition.min_cell)
        parts.append(f'<p class="view-note">{html.escape(note)}</p>')
    for index, text in enumerate(texts):
        prefix = "L" if index == 0 else f"{text.id}-L"
        title, title_lang = text.heading(frame.edition.lang)
        marked = f' lang="{title_lang}"' if title_lang else ""
        parts.append(f'<h2 id="{html.escape(text.id)}"{marked}>{html.escape(title)}</h2>')
        parts.append(f'<div lang="{text.language}">'
                     + render_text(text, withheld_by_report.get(text.id, set()), prefix, frame.t("source.withheld"),
                                   frame.edition.lang)
                     + "</div>")
    return frame.render("source", frame.t("nav.source"), "\n".join(parts), order=order)


def translation_link(out: Path, translation: Path | None, lang: str) -> tuple[str, str] | None:
    """The other language's edition, as a path relative to this site's folder, and its language."""
    if translation is None:
        return None
    other = "en" if lang == "sq" else "sq"
    return Path(os.path.relpath(Path(translation).resolve(), Path(out).resolve())).as_posix(), other


def write_search_index(assets: Path, entries: list[dict], frame) -> None:
    """assets/search-index.js: the titles of every page, section and chart, read by the search box."""
    index = {"found": frame.t("search.found"), "none": frame.t("search.none"), "entries": entries}
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    (assets / "search-index.js").write_text(f"window.SitrepSearch = {text};\n", encoding="utf-8")


def workbook_name(frame) -> str:
    """The workbook's file name in the edition's language; an internal edition's says so in its name."""
    suffix = frame.t("download.internal_suffix") if frame.edition.audience == "internal" else ""
    return f"{frame.t('download.workbook_name')}-{frame.edition.lang}{suffix}.xlsx"


def write_workbook(folder: Path, downloads: dict[str, str], frame, call=None,
                   shown_as: str = "data") -> Callable[[], str | None]:
    """data/<name>.xlsx: every download of this edition (so, in a public one, only what it may show).

    `call(function, *args)` may write it elsewhere meanwhile (sitrep.site.workers.Pool.call); the function returned
    waits for it and gives the workbook's link, or None when there is nothing to put in it. A cell the workbook
    cannot hold is a DataError naming it in its download, as the folder `shown_as` holds the downloads.
    """
    if not downloads:
        return lambda: None
    from sitrep.site.workbook import write_workbook as write

    name = workbook_name(frame)
    readme = [
        (frame.t("workbook.title"), frame.t("site.title")),
        (frame.t("workbook.edition"), edition_line(frame.edition)),
        (frame.t("workbook.source"), footer(list(frame.sources), frame.edition.lang)),
        (frame.t("workbook.status"), frame.t("workbook.status_text")),
        (frame.t("workbook.licence"), frame.licence_line()),
        (frame.t("workbook.commit"), frame.commit),
        ("", ""), (frame.t("workbook.sheets"), ""),
    ]
    marking = frame.t("banner.internal") if frame.edition.audience == "internal" else None
    # Dated the end of the edition's period: the same edition gives the same workbook, byte for byte.
    dated = datetime.datetime.combine(frame.edition.period_bounds[1], datetime.time())
    arguments = (folder / name, downloads, readme, marking, dated, shown_as)
    written = call(write, *arguments) if call else lambda: write(*arguments)

    def link() -> str:
        written()
        return f"data/{name}"

    return link


CHROMIUM = "/usr/bin/chromium"
PDF_NAME = "report.pdf"
PRINT_PAGE = ".print.html"
MAIN = re.compile(r"<main[^>]*>(.*)</main>", re.S)


def print_pdf(site: Path, order, bodies: dict[str, str], frame) -> Path:
    """report.pdf: the contents, every chapter and profile, then the source text, as one document.

    Headless chromium prints it from the site on disk (no network: every file is local), so pages number through.
    """
    from sitrep.errors import UsageError

    if not Path(CHROMIUM).exists():
        raise UsageError(f"--pdf needs {CHROMIUM} (apt-get install chromium)")
    sections = []
    for slug in ["index", *[plan.slug for plan in order], "source"]:
        page = site / f"{slug}.html"
        if not page.is_file():
            continue
        found = MAIN.search(page.read_text(encoding="utf-8"))
        if found:
            # A page one folder down links with "../": at the site's root the same files are one level up.
            main = found.group(1).replace('href="../', 'href="').replace('src="../', 'src="')
            sections.append(f'<section class="print-page">{main}</section>')
    document = frame.render("index", frame.t("site.title"), "\n".join(sections), order=order)
    document = document.replace("<h1>" + html.escape(frame.t("site.title")) + "</h1>", "", 1)
    source = site / PRINT_PAGE
    source.write_text(document, encoding="utf-8")
    out = site / PDF_NAME
    try:
        with tempfile.TemporaryDirectory(prefix="sitrep-pdf-") as profile:
            subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", "--run-all-compositor-stages-before-draw",
                            "--virtual-time-budget=30000", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                            source.resolve().as_uri()], check=True, capture_output=True, timeout=600)
    finally:
        source.unlink()
    return out


def heading_order(body: str) -> str:
    """Chart titles before a page's first section heading are its second level, not its third (no level skipped)."""
    cut = body.find("<h2")
    head, rest = (body, "") if cut < 0 else (body[:cut], body[cut:])
    return re.sub(r"<h3( [^>]*)?>(.*?)</h3>", r"<h2\1>\2</h2>", head, flags=re.S) + rest
