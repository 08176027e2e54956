"""Small-count suppression for public editions, with complementary suppression so totals don't reveal cells."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SUPPRESSED_MARK = "<{threshold}"


@dataclass(frozen=True)
class Suppression:
    """Which cells of a view were hidden and why (logged in manifest.json)."""

    view: str
    cell: str
    reason: str  # "primary" (below the threshold) or "complementary" (protects another hidden cell)


def suppress(values: pd.Series, threshold: int) -> pd.Series:
    """Mark the cells to hide: those below `threshold`, then more until the hidden cells protect each other.

    Hidden cells are safe from subtraction when there are at least two of them and together they are
    at least `threshold`; otherwise the next-smallest shown cells are hidden too. Returns a boolean mask.
    """
    values = values.astype("Int64")
    hidden = (values > 0) & (values < threshold)
    if not hidden.any():
        return hidden.fillna(False).astype(bool)
    order = values[~hidden].sort_values(kind="stable").index
    for index in order:
        if hidden.sum() >= 2 and values[hidden].sum() >= threshold:
            break
        hidden[index] = True
    return hidden.fillna(False).astype(bool)


def mark(threshold: int) -> str:
    return SUPPRESSED_MARK.format(threshold=threshold)


