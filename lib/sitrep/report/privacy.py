"""Small-count suppression for public editions, with complementary suppression so totals don't reveal cells."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SUPPRESSED_MARK = "<{threshold}"
PRIMARY, COMPLEMENTARY = "primary", "complementary"


@dataclass(frozen=True)
class Suppression:
    """Which cells of a view were hidden and why (logged in manifest.json)."""

    view: str
    cell: str
    reason: str  # "primary" (below the threshold) or "complementary" (protects another hidden cell)


def small(values: pd.Series, threshold: int) -> pd.Series:
    """Counts from 1 to threshold - 1: the cells a public edition hides (a zero reveals no one)."""
    values = pd.Series(values).astype("Int64")
    return ((values > 0) & (values < threshold)).fillna(False).astype(bool)


def hides_small_counts(edition) -> bool:
    """Whether an edition hides small victim counts: public editions do, internal ones show them."""
    return edition.audience == "public"


def hidden_small_counts(values: pd.Series, victim_related: pd.Series, edition) -> pd.Series:
    """The victim counts this edition hides by themselves (before complementary suppression)."""
    if not hides_small_counts(edition):
        return pd.Series(False, index=pd.Series(values).index)
    return small(values, edition.min_cell) & pd.Series(victim_related).fillna(False).astype(bool)


def suppress(values: pd.Series, threshold: int, hidden: pd.Series | None = None) -> pd.Series:
    """Mark the cells to hide: those below `threshold`, then more until the hidden cells protect each other.

    Hidden cells are safe from subtraction when there are at least two of them and together they are
    at least `threshold`; otherwise the next-smallest shown cells are hidden too. `hidden` marks cells
    that must be hidden whatever their value (they hold a count hidden elsewhere). Zero cells are never
    used as complementary cells: hiding a zero adds nothing to the hidden sum. Returns a boolean mask.
    """
    values = values.astype("Int64")
    mask = small(values, threshold)
    if hidden is not None:
        mask = mask | hidden.reindex(values.index, fill_value=False).astype(bool)
    if not mask.any():
        return mask
    order = values[~mask & (values.fillna(0) > 0)].sort_values(kind="stable").index
    for index in order:
        if mask.sum() >= 2 and values[mask].fillna(0).sum() >= threshold:
            break
        mask[index] = True
    return mask


def mark(threshold: int) -> str:
    return SUPPRESSED_MARK.format(threshold=threshold)


def hidden_figures(figures: pd.DataFrame, threshold: int) -> set[str]:
    """The victim-related results to hide on every page of a public edition, by figure_id.

    Each figure below the threshold is hidden; where a metric's hidden figures are fewer than two or
    sum to less than the threshold, its next-smallest figures are hidden too. Deciding this once, per
    figure, keeps every page consistent: a count hidden in one chart is never shown in another, so
    no reader can subtract one page's numbers from another's to find it.
    """
    chosen = figures[figures["victim_related"].astype(bool) & ~figures["is_target"].astype(bool)]
    hidden: set[str] = set()
    for _, part in chosen.groupby("metric"):
        values = pd.Series(part["value"].to_numpy(), index=part["figure_id"].to_numpy())
        mask = suppress(values, threshold)
        hidden |= set(values.index[mask])
    return hidden


def protect(values: pd.Series, contains_hidden: pd.Series, threshold: int) -> pd.Series:
    """Why each cell of one set (cells that add up to a shown total) is hidden: "primary", "complementary" or "".

    A cell is hidden when it is a small count, when it includes a figure hidden elsewhere
    (`contains_hidden`), or when it must be hidden so that the other hidden cells of the set cannot be
    worked out from the total. "primary" means the cell itself is below the threshold.
    """
    values = values.astype("Int64")
    mask = suppress(values, threshold, hidden=contains_hidden)
    below = small(values, threshold)
    reasons = pd.Series("", index=values.index, dtype=object)
    reasons[mask & below] = PRIMARY
    reasons[mask & ~below] = COMPLEMENTARY
    return reasons
