"""The reports an edition cites: read from the clean `reports` table, named as each language cites them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitrep import i18n
from sitrep.periods import parse_period, parse_published

REPORTS_FILE = "reports.csv"


@dataclass(frozen=True)
class Source:
    """One report as citations, footers and indexes name it (plain text: the build reads it without pandas)."""

    id: str
    title: str
    title_en: str
    publisher: str
    publisher_en: str
    short: str
    short_en: str
    published: str
    period: str
    language: str = "sq"  # the language of the report's text, which its quotes are in
    licence: str = ""  # the terms under which the text is quoted, as report.toml gives them
    licence_en: str = ""

    @property
    def bounds(self) -> tuple[date, date]:
        """The first and last day of the period the report covers."""
        bounds = parse_period(self.period)
        assert bounds is not None, "checked when cleaning"
        return bounds

    @property
    def published_date(self) -> date:
        """The day the report came out, for citations; one given only to the month counts from its first day."""
        return parse_published(self.published)

    def _in(self, lang: str, field: str) -> str:
        english = getattr(self, f"{field}_en")
        return english if lang == "en" and english else getattr(self, field)

    def short_name(self, lang: str) -> str:
        """'KVKTNj, tetor 2006': what a citation puts before a line number."""
        return f"{self._in(lang, 'short')}, {i18n.month(self.published_date, lang)}"

    def reference(self, lang: str) -> str:
        """'KVKTNj (USAID), Situata e …, tetor 2006': the full reference of a footer."""
        return f"{self._in(lang, 'publisher')}, {self._in(lang, 'title')}, {i18n.month(self.published_date, lang)}"

    def terms(self, lang: str) -> str:
        """'KVKTNj: not stated in the report; …': the report's short name and the terms its text is quoted under."""
        return f"{self._in(lang, 'short')}: {self._in(lang, 'licence')}"

    def title_in(self, lang: str) -> str:
        """The report's title in the language asked for, the original where no English title is given."""
        return self._in(lang, "title")


def quote_language(sources: list[Source]) -> str:
    """The language the quotes of these reports are marked with: that of the first report's text.

    plotly's hover text and a key message reach the page with no language of their own.
    """
    return sources[0].language if sources and sources[0].language else Source.language


def read_sources(clean_dir: Path) -> list[Source]:
    """Every report of the clean tables, in the order of the periods they cover."""
    path = Path(clean_dir) / REPORTS_FILE
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return [Source(**{name: row.get(name) or "" for name in Source.__dataclass_fields__})
                for row in csv.DictReader(handle)]


def latest_period(clean_dir: Path) -> str:
    """The period of the latest report in the clean tables: what a notebook shows when no period is given."""
    sources = read_sources(clean_dir)
    if not sources:
        from sitrep.errors import ParameterError

        raise ParameterError("period", "", "the clean tables hold no report: give a period, YYYY-MM:YYYY-MM")
    return max(sources, key=lambda source: source.bounds).period


def within(sources: list[Source], bounds: tuple[date, date]) -> list[Source]:
    """The reports whose whole period lies inside the edition's: an edition never borrows part of a report."""
    start, end = bounds
    return [source for source in sources if source.bounds[0] >= start and source.bounds[1] <= end]


def citation(sources: list[Source], lines: list[int], lang: str) -> str:
    """'Burimi: KVKTNj, tetor 2006, rreshtat 12–40' for the lines of the edition's report."""
    lines = sorted({int(line) for line in lines})
    name = "; ".join(source.short_name(lang) for source in sources) or i18n.t("source.unknown", lang)
    if not lines:
        return i18n.t("source.none", lang, source=name)
    if lines[0] == lines[-1]:
        return i18n.t("source.line", lang, source=name, line=str(lines[0]))
    return i18n.t("source.lines", lang, source=name, first=str(lines[0]), last=str(lines[-1]))


def footer(sources: list[Source], lang: str) -> str:
    """The footer's source line: every report the edition draws on, in full."""
    if not sources:
        return i18n.t("footer.no_source", lang)
    return i18n.t("footer.source", lang, sources="; ".join(source.reference(lang) for source in sources))
