"""Small-count suppression for public editions, with complementary suppression so totals don't reveal cells."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

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
    values = pd.Series(values).astype("Int64")
    must = None if hidden is None else hidden.reindex(values.index, fill_value=False).astype(bool)
    return pd.Series(_suppressed(_numbers(values), threshold, must), index=values.index, dtype=bool)


def _numbers(values: pd.Series) -> list[int | None]:
    return [None if pd.isna(value) else int(value) for value in values]


def _suppressed(numbers: list[int | None], threshold: int, hidden: Iterable[bool] | None = None) -> list[bool]:
    # suppress() on plain lists: a set of cells is some tens of numbers, where pandas' cost per step was all the time.
    mask = [number is not None and 0 < number < threshold for number in numbers]
    if hidden is not None:
        mask = [own or bool(extra) for own, extra in zip(mask, hidden)]
    if not any(mask):
        return mask
    # the shown cells above zero, smallest first (a stable sort: equal cells in their order)
    order = sorted((index for index, number in enumerate(numbers) if not mask[index] and (number or 0) > 0),
                   key=lambda index: numbers[index])
    count, total = sum(mask), sum(number or 0 for number, hide in zip(numbers, mask) if hide)
    for index in order:
        if count >= 2 and total >= threshold:
            break
        mask[index] = True
        count, total = count + 1, total + numbers[index]
    return mask


def mark(threshold: int) -> str:
    """The mark that stands for a hidden count: "<10" for a threshold of 10."""
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


def hidden_figure_ids(figures: pd.DataFrame, gov_figures: pd.DataFrame, edition) -> dict[str, str]:
    """figure_id → why its value is hidden in this edition ("primary" or "complementary"); empty when internal.

    Grant figures follow hidden_figures, so that a count hidden on one page is hidden on every page;
    small victim-related targets and government figures are hidden as well.
    """
    if not hides_small_counts(edition):
        return {}
    reasons: dict[str, str] = {}
    for table in (figures, gov_figures):
        chosen = hidden_small_counts(table["value"], table["victim_related"], edition)
        reasons.update({figure: PRIMARY for figure in table.loc[chosen, "figure_id"]})
    for figure in hidden_figures(figures, edition.min_cell):
        reasons.setdefault(figure, COMPLEMENTARY)
    return reasons


def protect(values: pd.Series, contains_hidden: pd.Series, threshold: int) -> pd.Series:
    """Why each cell of one set (cells that add up to a shown total) is hidden: "primary", "complementary" or "".

    A cell is hidden when it is a small count, when it includes a figure hidden elsewhere
    (`contains_hidden`), or when it must be hidden so that the other hidden cells of the set cannot be
    worked out from the total. "primary" means the cell itself is below the threshold.
    """
    values = pd.Series(values).astype("Int64")
    numbers = _numbers(values)
    hidden = contains_hidden.reindex(values.index, fill_value=False).astype(bool)
    mask = _suppressed(numbers, threshold, hidden)
    reasons = [(PRIMARY if number is not None and 0 < number < threshold else COMPLEMENTARY) if hide else ""
               for number, hide in zip(numbers, mask)]
    return pd.Series(reasons, index=values.index, dtype=object)


# --- counts written out in text ------------------------------------------------------------------
# A hidden count can travel in any text a page publishes: a quote of another figure ("…dhe ndihmoi shtatë
# viktima trafikimi"), a note on a grant ("Assisted 7 victims"), a title. Such a text is withheld whole.

ENGLISH_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
ENGLISH_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90}
ENGLISH_SCALES = {"hundred": 100, "thousand": 1000}

# Words that make a number in the same text a count of victims, whatever the report: the words of the
# victim-related measures' own labels (metrics.csv) that no other measure uses, and the words for victims,
# trafficked people and survivors in both languages.
STEM = 5
NEAR = 3  # words between a number and a word for victims that still make it a count of victims
VICTIM_WORDS = ("viktim", "victim", "trafikuar", "trafficked", "survivor", "mbijetuar")
# Columns that name or classify a row rather than say something: keys and codes are never rewritten.
GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?![\d])")
KEY_COLUMNS = re.compile(r"(^|_)id$|^iso_3166_2$|^value_as_printed$|^qualifier(_as_printed)?$")


def _english_words(words: list[str]) -> set[int]:
    """Every value a run of English number words can stand for: each word alone, and the run read as one number."""
    values, total, current = set(), 0, 0
    for word in words:
        if word in ENGLISH_UNITS or word in ENGLISH_TENS:
            value = ENGLISH_UNITS.get(word, ENGLISH_TENS.get(word))
            values.add(value)
            current += value
        elif word in ENGLISH_SCALES:
            current = max(current, 1) * ENGLISH_SCALES[word]
            if word == "thousand":
                total, current = total + current, 0
    values.add(total + current)
    return values


def numbers_at(words: list[str]) -> list[tuple[int, set[int]]]:
    """Where a folded text writes whole numbers, word by word, with the values each place can stand for.

    Digits (1 271 or 7), Albanian words (shtate, njezet e pese) and English words (seven, twenty five). Each word
    of a run counts alone too, and a run of digit groups counts as one number as well: the reading errs towards
    finding.
    """
    from sitrep.transform.numerals import NUMBER_WORDS, parse_words

    found: list[tuple[int, set[int]]] = []
    for index, word in enumerate(words):
        if word.isdigit():
            values = {int(word)}
            group = word
            for following in words[index + 1:]:
                if not (len(following) == 3 and following.isdigit()) or len(group) > 12:
                    break
                group += following
                values.add(int(group))
            found.append((index, values))
        elif word in NUMBER_WORDS or word in ENGLISH_UNITS or word in ENGLISH_TENS:
            values = {NUMBER_WORDS[word]} if word in NUMBER_WORDS else set()
            values |= {ENGLISH_UNITS.get(word, ENGLISH_TENS.get(word))} - {None}
            run = [w for w in words[index:index + 6]]
            for length in range(len(run), 1, -1):  # the longest run that reads as one number, from here
                whole = parse_words(" ".join(run[:length]))
                if whole is None and all(w in ENGLISH_UNITS or w in ENGLISH_TENS or w in ENGLISH_SCALES or w == "and"
                                         for w in run[:length]):
                    whole = max(_english_words([w for w in run[:length] if w != "and"]))
                if whole is not None:
                    values.add(whole)
                    break
            found.append((index, values))
    return found


def words_of(text: str) -> list[str]:
    """A text as the words numbers_at reads: folded, with 1,271 and 1.271 kept as one number."""
    from sitrep.text import fold

    return fold(GROUPED.sub(lambda match: re.sub(r"\D", "", match.group()), str(text))).split()


def numbers_in(text: str) -> set[int]:
    """Every whole number a text writes, in digits or in Albanian or English words."""
    return set().union(*[values for _, values in numbers_at(words_of(text))])


@functools.cache  # from the vocabulary alone: every table withheld in a worker asks for the same
def victim_stems() -> tuple[str, ...]:
    """Word beginnings that say a text speaks of victims (folded, so that ë and e match alike)."""
    from sitrep.text import fold
    from sitrep.transform.vocab import METRICS

    def stems(victim_related: bool) -> set[str]:
        words = [w for m in METRICS.values() if m.victim_related == victim_related
                 for lang in m.labels for w in (m.labels[lang] + " " + m.titles[lang]).split()]
        return {fold(word)[:STEM] for word in words if len(fold(word)) >= STEM}

    # A word that also names a measure of something else ("assisted": people at risk assisted) says nothing.
    return tuple(sorted((stems(True) - stems(False)) | set(VICTIM_WORDS)))


def reveals(text: object, counts: set[int], stems: tuple[str, ...], *, about_victims: bool = False) -> bool:
    """Whether a text writes one of the hidden counts as a count of victims (a word for victims is near it).

    `about_victims`: the text belongs to a hidden figure itself, so any of the counts in it gives it away.
    """
    if not isinstance(text, str) or not text or not counts:
        return False
    words = words_of(text)
    places = [index for index, values in numbers_at(words) if values & counts]
    if not places or about_victims:
        return bool(places)
    near = [index for index, word in enumerate(words) if word.startswith(stems)]
    return any(abs(place - word) <= NEAR for place in places for word in near)


def withhold_text(table: pd.DataFrame, counts: set[int], marker: str, hidden_rows: pd.Series | None = None,
                  stems: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The table with every text cell that would reveal a hidden count replaced by `marker`.

    `hidden_rows` marks the rows whose own count is hidden: their texts go as soon as they write any hidden count.
    """
    if not counts or table.empty:
        return table
    stems = victim_stems() if stems is None else stems
    own = (hidden_rows if hidden_rows is not None else pd.Series(False, index=table.index)).reindex(table.index,
                                                                                                  fill_value=False)
    masks = {}
    decided: dict[tuple[object, bool], bool] = {}  # texts repeat (places, units, a note on many rows): read once

    def revealing(value: object, mine: bool) -> bool:
        key = (value, mine) if isinstance(value, str) else (None, mine)
        if key not in decided:
            decided[key] = reveals(value, counts, stems, about_victims=mine)
        return decided[key]

    for column in table.columns:
        text = table[column].dtype == object or pd.api.types.is_string_dtype(table[column])
        if KEY_COLUMNS.search(column) or not text:
            continue
        masks[column] = pd.Series([revealing(value, bool(mine)) for value, mine in zip(table[column], own)],
                                  index=table.index)
    # A text and its translations (x, x_en, x_sq) go together: what one language withholds, no other may show.
    for column in list(masks):
        base = column.removesuffix("_en").removesuffix("_sq")
        for partner in {base, f"{base}_en", f"{base}_sq"} - {column}:
            if partner in masks:
                masks[column] = masks[column] | masks[partner]
    out = table
    for column, gone in masks.items():
        if gone.any():
            if out is table:
                out = table.copy()
            out[column] = table[column].where(~gone, marker)
    return out
