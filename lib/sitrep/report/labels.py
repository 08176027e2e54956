"""How the pages name organisations: one rule for every chapter, so a name reads the same everywhere."""

from __future__ import annotations

import pandas as pd


def has_text(value: object) -> bool:
    """Whether a cell holds text (not missing, not only spaces)."""
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""


def short_name(name: object, acronym: object = None, max_length: int | None = None) -> str:
    """The organisation where room is short: its acronym as printed, else its name, cut at a word if need be."""
    if has_text(acronym):
        return str(acronym)
    text = str(name)
    if max_length is None or len(text) <= max_length:
        return text
    return text[:max_length].rsplit(" ", 1)[0] + "…"


def full_name(name: object, acronym: object = None) -> str:
    """Name as printed, with the acronym the report gives it (unless the name already holds it)."""
    text = str(name)
    return f"{text} ({acronym})" if has_text(acronym) and str(acronym) not in text else text


def organization_names(organizations: pd.DataFrame, *, full: bool = False, max_length: int | None = None) -> dict[str, str]:
    """org_id → its name on the page: short (acronym first) or full (name and acronym)."""
    return {
        org_id: full_name(name, acronym) if full else short_name(name, acronym, max_length)
        for org_id, name, acronym in zip(organizations["org_id"], organizations["name"], organizations["acronym"])
    }
