"""What many pages share, computed once per worker and edition: results keyed by the content of the tables they read.

A warm worker keeps its modules between pages, and so this memo. An entry is found by what was asked (the
function and its arguments), by the whole edition (period, language, audience, min_cell: one privacy setting's
numbers are never served to another), the dataset's filters, and is served only while every clean file it was
computed from still has the hash it had then. A page served from here records the same reads as one that
computed it, so the page cache still knows what the page depends on.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections import OrderedDict
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd

from sitrep.files import sha256

T = TypeVar("T")
LIMIT = 400  # entries kept: the tables and shared results of several editions, some tens of MB at most
_entries: OrderedDict[tuple, tuple[dict[str, str | None], object]] = OrderedDict()
stats: dict[str, dict[str, int]] = {}  # name → hits and misses, for the tests and the benchmark


IMMUTABLE = (str, int, float, bool, type(None), pd.Timestamp, type(pd.NA), type(pd.NaT))


def _copy(value: T) -> T:
    # A page may change what it is given, down to the lists inside a table's cells (deepcopy of a DataFrame
    # copies its arrays, not the objects they hold); a pickle round trip copies all of it. A table whose cells
    # hold nothing that can change in place (a clean table as read) needs no copy of its data: pandas copies a
    # column on write (copy-on-write), so a shallow copy keeps what the memo holds as it was, at no cost.
    # Only a column of Python objects can hold such a thing: the others are not walked (nor made Series).
    if isinstance(value, pd.DataFrame) and all(not pd.api.types.is_object_dtype(dtype)
                                               or _unchangeable(value.iloc[:, index])
                                               for index, dtype in enumerate(value.dtypes)):
        return value.copy(deep=False)
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _unchangeable(column: pd.Series) -> bool:
    return column.dtype != object or all(isinstance(cell, IMMUTABLE) for cell in column)


def _digest(data, file: str) -> str | None:
    if file in data.reads:
        return data.reads[file]
    path = Path(data.clean_dir) / file
    return sha256(path) if path.is_file() else None


def _key(data, name: str, args: tuple) -> tuple:
    where = json.dumps(data.where, sort_keys=True, default=str)
    return name, args, tuple(sorted(dataclasses.asdict(data.edition).items())), data.withhold, where


def shared(data, name: str, compute: Callable[[], T], *args) -> T:
    """`compute()` for this dataset, or a copy of the result already computed from tables of the same content."""
    key = _key(data, name, args)
    found = _entries.get(key)
    if found is not None:
        files, value = found
        if all(_digest(data, file) == digest for file, digest in files.items()):
            for file, digest in files.items():
                if digest is not None:
                    data._path(file)  # what the page read, as if it had computed the value itself
                else:
                    data._note(file)
            _entries.move_to_end(key)
            _count(name, "hits")
            return _copy(value)
    with data.tracking() as read:
        value = compute()
    _entries[key] = ({file: _digest(data, file) for file in sorted(read)}, _copy(value))
    _entries.move_to_end(key)
    while len(_entries) > LIMIT:
        _entries.popitem(last=False)
    _count(name, "misses")
    return value


def clear() -> None:
    """Forget every entry (tests), and the map outlines written (charts.outlines)."""
    from sitrep.report import charts  # here, not at the top: what reads tables through the memo need not load plotly

    _entries.clear()
    stats.clear()
    charts.forget_outlines()


def _count(name: str, what: str) -> None:
    counts = stats.setdefault(name, {"hits": 0, "misses": 0})
    counts[what] += 1
