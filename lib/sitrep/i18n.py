"""Every interface string in both languages, from one table (translations.csv), and number formats."""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

# babel is imported by the functions that format, on first use: its import and locale data take tens of
# milliseconds, and a rebuild with nothing to write formats nothing. The workers load it once (`load_locales`).

TABLE = Path(__file__).with_name("translations.csv")
LOCALES = {"sq": "sq_AL", "en": "en_GB"}
# plotly's `separators`: decimal mark then thousands mark, as each language writes them.
PLOTLY_SEPARATORS = {"sq": ",\u00a0", "en": ".,"}


class MissingTranslation(KeyError):
    """A key with no text in the requested language: a defect the test suite looks for."""


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    """Every key's texts by language, read once from translations.csv."""
    with open(TABLE, encoding="utf-8", newline="") as handle:
        return {row["key"]: {"sq": row["sq"], "en": row["en"]} for row in csv.DictReader(handle)}


def t(key: str, lang: str, **values: object) -> str:
    """The text of `key` in `lang`, with `{name}` fields filled in (values formatted for the language)."""
    try:
        text = table()[key][lang]
    except KeyError:
        raise MissingTranslation(f"no '{lang}' text for '{key}' in {TABLE.name}") from None
    if not text:
        raise MissingTranslation(f"no '{lang}' text for '{key}' in {TABLE.name}")
    return text.format(**{name: show(value, lang) for name, value in values.items()}) if values else text


def term(key: str, lang: str, fallback: str) -> str:
    """A vocabulary word in the edition's language; an unknown code shows as itself rather than breaking the page."""
    try:
        return t(key, lang)
    except MissingTranslation:
        return fallback


def plural(key: str, count: int, lang: str, **values: object) -> str:
    """The form of `key` for `count` by the language's plural rules (CLDR): `key.one`, `key.other` and so on."""
    from babel import Locale

    form = Locale.parse(LOCALES[lang]).plural_form(count)
    return t(f"{key}.{form}", lang, n=count, **values)


def html(key: str, lang: str, **values: object) -> Markup:
    """Like `t`, for HTML: the table's text is trusted, the values are escaped."""
    return Markup(escape(t(key, lang)).replace("\n", Markup("<br>"))).format(
        **{name: show(value, lang) for name, value in values.items()}
    )


def number(value: int | float, lang: str) -> str:
    """A number as the language writes it (grouping and decimal marks)."""
    if type(value) is int:  # equal integers are written alike; 1.0 and 1, or -0.0 and 0.0, need not be
        return _integer(value, lang)
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALES[lang], decimal_quantization=False)


@lru_cache(maxsize=4096)
def _integer(value: int, lang: str) -> str:
    # A page writes the same few counts hundreds of times, and babel takes tens of microseconds for each.
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALES[lang], decimal_quantization=False)


def month(value: date, lang: str) -> str:
    """A month and year as the language names them ("korrik 2006", "July 2006")."""
    from babel.dates import format_date

    return format_date(value, "LLLL y", locale=LOCALES[lang])


def short_month(value: date, lang: str) -> str:
    """A month and year abbreviated as the language does it ("korr 2006", "Jul 2006"), for narrow column headers."""
    from babel.dates import format_date

    return format_date(value, "LLL y", locale=LOCALES[lang])


def load_locales() -> None:
    """Load babel and both languages' locale data now, once, rather than on a page's first number or date."""
    from babel import Locale

    for lang in LOCALES:
        number(0.5, lang)
        short_month(date(2000, 1, 1), lang)
        show(date(2000, 1, 1), lang)
        Locale.parse(LOCALES[lang]).plural_form(1)


def show(value: object, lang: str) -> str:
    """A value as the language writes it: integers grouped, dates as day month year."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return number(value, lang)
    if isinstance(value, date):
        from babel.dates import format_date

        return format_date(value, "d MMMM y", locale=LOCALES[lang])
    return str(value)
