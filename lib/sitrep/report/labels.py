"""How the pages name organisations: one rule for every chapter, so a name reads the same everywhere."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only for its types: a label is read without it
    import pandas as pd


def has_text(value: object) -> bool:
    """Whether a cell holds text (not missing, not only spaces)."""
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and str(value).strip() != ""


def _in(lang: str, printed: object, english: object) -> object:
    """The English form where the edition is English and one is given, else the form as printed."""
    return english if lang == "en" and has_text(english) else printed


def short_name(name: object, acronym: object = None, max_length: int | None = None, *, lang: str = "sq",
               name_en: object = None, acronym_en: object = None) -> str:
    """The organisation where room is short: its acronym in the edition's language, else its name, cut at a word."""
    acronym = _in(lang, acronym, acronym_en)
    if has_text(acronym):
        return str(acronym)
    text = str(_in(lang, name, name_en))
    if max_length is None or len(text) <= max_length:
        return text
    return text[:max_length].rsplit(" ", 1)[0] + "…"


def full_name(name: object, acronym: object = None, *, lang: str = "sq", name_en: object = None,
              acronym_en: object = None) -> str:
    """Name in the edition's language, with the acronym it goes by (unless the name already holds it)."""
    text, acronym = str(_in(lang, name, name_en)), _in(lang, acronym, acronym_en)
    return f"{text} ({acronym})" if has_text(acronym) and str(acronym) not in text else text


def name_language(name_en: object, lang: str, printed: str = "sq") -> str:
    """The language a name is shown in: the edition's where a translation is given, else the report's."""
    return lang if lang == printed or has_text(name_en) else printed


def _column(organizations: pd.DataFrame, column: str) -> list:
    return list(organizations[column]) if column in organizations else [None] * len(organizations)


def organization_names(organizations: pd.DataFrame, *, full: bool = False, max_length: int | None = None,
                       lang: str = "sq") -> dict[str, str]:
    """org_id → its name on the page in the edition's language: short (acronym first) or full (name and acronym)."""
    rows = zip(organizations["org_id"], organizations["name"], organizations["acronym"],
               _column(organizations, "name_en"), _column(organizations, "acronym_en"))
    return {
        org_id: full_name(name, acronym, lang=lang, name_en=name_en, acronym_en=acronym_en) if full
        else short_name(name, acronym, max_length, lang=lang, name_en=name_en, acronym_en=acronym_en)
        for org_id, name, acronym, name_en, acronym_en in rows
    }


def programme_names(grants: pd.DataFrame, organizations: pd.DataFrame, lang: str) -> str:
    """The grant programmes the grants come from, by short name in the edition's language ("KVKTNj", "CAAHT")."""
    names = organization_names(organizations, lang=lang)
    return " / ".join(names.get(program, program) for program in dict.fromkeys(grants["program"].dropna()))


def plan_names(plans: pd.DataFrame, lang: str, *, short: bool = False) -> dict[str, str]:
    """Each plan id → its name (or short name) in the edition's language, in the order the reports list the plans."""
    printed, english = ("short", "short_en") if short else ("name", "name_en")
    return {plan: str(_in(lang, name, name_en))
            for plan, name, name_en in zip(plans["plan"], plans[printed], plans[english])}


def original_names(organizations: pd.DataFrame) -> dict[str, str]:
    """org_id → the name as the report prints it, for English pages to give beside the translation (lang="sq")."""
    return organization_names(organizations, full=True, lang="sq")


def untranslated(organizations: pd.DataFrame, lang: str) -> list[str]:
    """org_ids whose name an edition in `lang` shows as printed for want of a translation."""
    if lang == "sq":
        return []
    return [o for o, en in zip(organizations["org_id"], _column(organizations, "name_en")) if not has_text(en)]
