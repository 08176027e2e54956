"""Text folding shared by place names, numerals and vocabularies."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import TYPE_CHECKING, Callable

# Excel on Windows reads UTF-8 without this mark as the ANSI code page (ë and ç garbled).
BOM = "\ufeff"

if TYPE_CHECKING:
    import pandas as pd

SPACES = re.compile(r"\s+")
# From this many values on, map_distinct types the distinct results before spreading them (below, it costs more).
TYPED_TAKE = 10_000
PUNCTUATION = re.compile(r"[\"'“”„‘’«»()\[\].,:;!?]")


def fold(text: str) -> str:
    """Lowercase, strip diacritics (ë→e, ç→c), drop punctuation and collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    bare = PUNCTUATION.sub(" ", bare.replace("-", " "))
    return SPACES.sub(" ", bare).strip()


def is_missing(value: object) -> bool:
    """None, NaN or pandas' NA: an empty cell, whichever way it was read."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType"


def split_list(text: str | None) -> list[str]:
    """Split a `;`-separated cell into its stripped, non-empty items (none for an empty cell)."""
    return [] if is_missing(text) else [item.strip() for item in str(text).split(";") if item.strip()]


def map_distinct(values: pd.Series, function: Callable[[str], object], dtype: str | None = None) -> pd.Series:
    """Apply `function` once per distinct value and spread the results back (raw columns repeat a lot).

    Missing values stay missing. Much faster than Series.map on a million rows of few distinct values.
    """
    import numpy as np  # here, not above: the build's no-op path imports this module and must stay light
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    # Text is read out of Arrow in one call: item by item it costs microseconds a value.
    items = uniques.tolist() if isinstance(uniques.dtype, pd.StringDtype) else uniques
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [function(value) for value in items]
    results[-1] = None  # a missing value's code is -1: the last entry
    if not dtype or len(values) < TYPED_TAKE:
        mapped = pd.Series(results[codes], index=values.index)
        return mapped.astype(dtype) if dtype else mapped
    # The distinct results are typed, then taken row by row: converting a million Python objects costs seconds.
    typed = pd.Series(results).astype(dtype).array
    return pd.Series(typed.take(np.where(codes < 0, len(uniques), codes)), index=values.index)


def joined_by(keys: pd.Series, values: pd.Series | pd.DataFrame, separator: str) -> pd.Series | pd.DataFrame:
    """Each key's values joined in the order they come: a groupby-join without pandas' cost per group.

    Rows whose key is missing are left out, as groupby leaves them out. Given a frame, each of its columns is joined
    (the keys sorted once for all).
    """
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(keys)
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    ends = np.cumsum(np.bincount(codes[order], minlength=len(uniques))).tolist()
    starts = [0, *ends[:-1]]

    def joined(column: pd.Series) -> pd.Series:
        ordered = column.to_numpy(dtype=object)[order].tolist()
        return pd.Series([separator.join(ordered[a:b]) for a, b in zip(starts, ends)], index=uniques, dtype="str")

    if isinstance(values, pd.DataFrame):
        return pd.DataFrame({name: joined(column) for name, column in values.items()}, index=uniques)
    return joined(values)
