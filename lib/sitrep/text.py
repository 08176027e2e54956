"""Text folding shared by place names, numerals and vocabularies."""

from __future__ import annotations

import re
import unicodedata

SPACES = re.compile(r"\s+")
PUNCTUATION = re.compile(r"[\"'“”„‘’«»()\[\].,:;!?]")


def fold(text: str) -> str:
    """Lowercase, strip diacritics (ë→e, ç→c), drop punctuation and collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    bare = PUNCTUATION.sub(" ", bare.replace("-", " "))
    return SPACES.sub(" ", bare).strip()


def split_list(text: str) -> list[str]:
    """Split a `;`-separated cell into its stripped, non-empty items."""
    return [item.strip() for item in str(text).split(";") if item.strip()]
