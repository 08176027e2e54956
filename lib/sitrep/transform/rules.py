"""The rules a raw cell must follow, each vectorised and each able to explain a failure to a person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pandas as pd
from rapidfuzz import process

from sitrep import periods
from sitrep.text import fold, map_distinct, split_list
from sitrep.transform import dates, numerals, vocab
from sitrep.transform.places import FOREIGN, PLACES_FILE, Gazetteer

if TYPE_CHECKING:  # pandera only where a rule is made a check: the report stage imports the rules too
    import pandera.pandas as pa

ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
PLAN_ID_PATTERN = r"[a-z0-9][a-z0-9_-]*"
ID_FORM = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Rule:
    """A named check on one column: `test` marks good cells, `explain` tells what is wrong with a bad one."""

    name: str
    test: Callable[[pd.Series], pd.Series]
    explain: Callable[[str], tuple[str, str]]

    def check(self) -> pa.Check:
        """The rule as a pandera check, so that a schema can list it for its column."""
        import pandera.pandas as pa

        return pa.Check(self.test, name=self.name)


def _distinct(test: Callable[[str], bool]) -> Callable[[pd.Series], pd.Series]:
    """Run a per-value test once per distinct value, then map back: raw columns repeat a lot."""

    def vectorised(values: pd.Series) -> pd.Series:
        return map_distinct(values, lambda value: bool(test(value)), "bool")

    return vectorised


def identifier(what: str, *, underscores: bool = False) -> Rule:
    """An id column's rule: lowercase letters, digits and '-', so ids stay stable across reports and files.

    Plan ids, which read like the plan's name and years (nap_2005_2007), may also hold '_'.
    """
    pattern = re.compile(PLAN_ID_PATTERN if underscores else ID_PATTERN)  # compiled once: ids are many
    allowed = "lowercase letters a-z, digits, '-' and '_', e.g. nap_2005_2007" if underscores else \
        "lowercase letters a-z, digits and '-', e.g. vatra-2"
    return Rule(
        f"{what}_id_form",
        _distinct(lambda value: pattern.fullmatch(value) is not None),
        lambda value: (f"'{value}' is not a valid id", f"use {allowed}"),
    )


def one_of(vocabulary: tuple[str, ...] | list[str], name: str, *, many: bool = False) -> Rule:
    """A cell (or with `many`, each item of a list) from a fixed vocabulary; a bad one is told the nearest value."""
    allowed = set(vocabulary)

    def good(value: str) -> bool:
        items = split_list(value) if many else [value.strip()]
        return bool(items) and all(item in allowed for item in items)

    def explain(value: str) -> tuple[str, str]:
        items = split_list(value) if many else [value.strip()]
        bad = [item for item in items if item not in allowed] or [value]
        nearest = process.extractOne(bad[0], sorted(allowed), score_cutoff=50)
        hint = f"did you mean '{nearest[0]}'? " if nearest else ""
        return f"'{bad[0]}' is not one of the allowed values", f"{hint}allowed: {', '.join(sorted(allowed))}"

    return Rule(name, _distinct(good), explain)


CLAIM_METRIC = Rule(
    "claim_metric",
    _distinct(lambda value: vocab.claim_metric(value) is not None),
    lambda value: (f"'{value}' is not a claim metric",
                   f"allowed: {', '.join(vocab.CLAIM_METRICS)}, where N is a phase as grants.csv writes it (3, 1-2)"),
)


def list_of_ids(name: str) -> Rule:
    """A cell that lists organisations by id, separated by ';'."""
    return Rule(
        name,
        _distinct(
            lambda value: bool(split_list(value)) and all(ID_FORM.fullmatch(item) for item in split_list(value))
        ),
        lambda value: (f"'{value}' is not a list of ids", "write org_ids separated by ';', e.g. usaid; unicef"),
    )


COUNT = Rule(
    "count",
    lambda values: numerals.parse_counts(values).notna(),
    lambda value: (f"'{value}' is larger than any count (at most {numerals.LARGEST:,})", "check the digits")
    if numerals.DIGITS.match(value.strip()) else (f"'{value}' is not a number", numerals.NUMBER_HINT),
)

QUALIFIER = Rule(
    "qualifier",
    lambda values: numerals.normalise_qualifiers(values).notna(),
    lambda value: (f"'{value}' is not a known qualifier", numerals.QUALIFIER_HINT),
)

BOOLEAN_KEYS = frozenset(fold(word) for word in (*vocab.TRUE_WORDS, *vocab.FALSE_WORDS))
BOOLEAN = Rule(
    "boolean",
    _distinct(lambda value: fold(value) in BOOLEAN_KEYS),
    lambda value: (f"'{value}' is not true or false",
                   "write true or false (also po/jo, e vërtetë/e rremë as Albanian Excel writes them, 1/0)"),
)

DATE = Rule(
    "date",
    _distinct(lambda value: dates.parse_date(value) is not None),
    lambda value: (f"'{value}' is not a date", dates.DATE_HINT),
)

PERIOD = Rule(
    "period",
    _distinct(lambda value: periods.parse_period(value) is not None),
    lambda value: (f"'{value}' is not a reporting period", periods.PERIOD_HINT),
)

PHASE_PATTERN = r"[0-9]+(-[0-9]+)?"
PHASE = Rule(
    "phase",
    _distinct(lambda value: re.fullmatch(PHASE_PATTERN, value) is not None
              and int(value.split("-")[0]) <= int(value.split("-")[-1])),
    lambda value: (f"'{value}' is not a phase",
                   "write the phase the report gives (3), or the first and last of the phases it gives together (1-2)"),
)

LINE_NUMBER = Rule(
    "line_number",
    _distinct(str.isdigit),
    lambda value: (
        f"'{value}' is not a line number",
        "write the line of the report's text (the file its report.toml names) on which it is printed, e.g. 2026",
    ),
)


POSITION = Rule(
    "position",
    _distinct(lambda value: value.isdigit() and int(value) > 0),
    lambda value: (f"'{value}' is not a position", "write 1 for the first, 2 for the second, and so on"),
)


def known_places(gazetteer: Gazetteer, *, foreign: bool) -> Rule:
    """Every item of a `;`-list is a known place; foreign places belong only where `foreign` is True."""

    def items(values: pd.Series) -> pd.DataFrame:
        exploded = map_distinct(values, split_list).explode().dropna()
        resolved = gazetteer.resolve(exploded.astype("str"))
        allowed = resolved["kind"].notna() & ((resolved["kind"] == FOREIGN) == foreign)
        return allowed.groupby(level=0).all().reindex(values.index, fill_value=True)

    def explain(value: str) -> tuple[str, str]:
        for item in split_list(value):
            kind = gazetteer.resolve(pd.Series([item]))["kind"].iloc[0]
            if pd.isna(kind):
                return f"'{item}' is not a known place", (
                    f"{gazetteer.suggestion(item)}a genuine place the gazetteer lacks goes into the report's "
                    f"{PLACES_FILE} (data/raw/README.md, 'Places')")
            if (kind == FOREIGN) != foreign:
                return (
                    (f"'{item}' is a place in Albania", "write Albanian places in the places column")
                    if foreign
                    else (f"'{item}' is a foreign place", "write destinations abroad in the destinations column")
                )
        return f"'{value}' is not a list of places", "separate places with ';'"

    return Rule("places_foreign" if foreign else "places", items, explain)
