"""A fast pass over a table's declared types and checks: a frame that meets all of them skips pandera's validation.

pandera's lazy validation costs a few milliseconds a column even when nothing fails (it formats failure cases
for every dtype and check), which is most of cleaning a small dataset; building a pandera schema costs about as
much again, as it deep-copies each of its Column objects. This pass answers only whether everything holds, from
either a pandera schema (its own dtypes, coercions and Check objects, called as pandera calls them) or a clean
table's declaration, for which no pandera schema needs to be built at all. It is conservative: anything it does
not handle, and any doubt (a duplicate among empty cells, a dtype that coerces to something else), makes it
answer None, and the caller then runs pandera, which decides and tells what fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Callable, Mapping

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import pandera.pandas as pa

# pandera's own checks that the schemas use, as its pandas backend defines them: called here without its dispatch,
# whose first use imports and registers every backend. Each is known by pandera's name and by its short one.
_AT_LEAST, _ABOVE = (lambda data, min_value: data >= min_value), (lambda data, min_value: data > min_value)
BUILTIN = {
    "isin": lambda data, allowed_values: data.isin(allowed_values),
    "str_matches": lambda data, pattern: data.str.match(pattern, na=False),
    "greater_than_or_equal_to": _AT_LEAST, "ge": _AT_LEAST,
    "greater_than": _ABOVE, "gt": _ABOVE,
}

Verdict = Callable[[pd.Series], bool]  # whether a check holds over a column's values (False also when in doubt)


@dataclass(frozen=True)
class DeclaredColumn:
    """What one column must hold."""

    dtype: object | None  # None: any dtype
    nullable: bool = True
    required: bool = True
    unique: bool = False
    coerce: Callable[[pd.Series], pd.Series] | None = None  # brings values of another dtype to `dtype`
    checks: tuple[Verdict, ...] = ()


@dataclass(frozen=True)
class Declared:
    """What a table must hold: its columns in order, and the columns whose values together are unique."""

    columns: Mapping[str, DeclaredColumn]
    strict: bool = True
    ordered: bool = True
    unique: tuple[str, ...] = ()


def holds(name: str, argument: object) -> Verdict:
    """The verdict of a built-in check given as data (`("isin", [...])`), over the filled cells as pandera checks.

    A check the pass does not know never holds here: pandera, given the same check, decides.
    """
    check = BUILTIN.get(name)

    def verdict(values: pd.Series) -> bool:
        return check is not None and bool(check(values.dropna() if values.hasnans else values, argument).all())

    return verdict


def _passes(check: pa.Check, values: pd.Series) -> bool:
    """Whether a pandera column check holds, called as pandera's pandas backend calls it (by pandera where in doubt)."""
    if check.groupby is not None:
        return False
    name = getattr(check._check_fn, "__name__", None)
    builtin = name is not None and check.is_builtin_check(name)
    if check.element_wise or (builtin and name not in BUILTIN):
        return bool(check(values).check_passed)
    checked = values.dropna() if check.ignore_na and values.hasnans else values
    output = partial(BUILTIN[name] if builtin else check._check_fn, **check._check_kwargs)(checked)
    if isinstance(output, pd.Series):
        output = output.astype(bool) if output.empty and output.dtype != bool else output
        passed = output.all()
    else:
        passed = output
    if isinstance(passed, (bool, np.bool_)):
        return bool(passed)
    return bool(check(values).check_passed)


def declared_by(schema: pa.DataFrameSchema) -> Declared | None:
    """What a pandera schema declares, in the terms of this pass; None if it uses what the pass does not know."""
    unsupported = (
        schema.index is not None or schema.checks or schema.drop_invalid_rows or schema.add_missing_columns
        or getattr(schema, "parsers", None)
        or any(column.regex or getattr(column, "parsers", None) or column.drop_invalid_rows
               for column in schema.columns.values())
    )
    if unsupported:
        return None
    unique = schema.unique or ()
    return Declared(
        {
            name: DeclaredColumn(
                None if column.dtype is None else column.dtype.type,
                nullable=column.nullable,
                required=column.required,
                unique=column.unique,
                coerce=column.dtype.coerce if column.dtype is not None and (schema.coerce or column.coerce) else None,
                checks=tuple(partial(_passes, check) for check in column.checks),
            )
            for name, column in schema.columns.items()
        },
        strict=bool(schema.strict),
        ordered=schema.ordered,
        unique=(unique,) if isinstance(unique, str) else tuple(unique),
    )


def _series(column: DeclaredColumn, values: pd.Series) -> pd.Series | None:
    """The column's values in its dtype (coerced where it may be), or None if they do not hold."""
    if column.dtype is not None and values.dtype != column.dtype:
        if column.coerce is None:
            return None
        try:
            values = column.coerce(values)
        except Exception:  # a coercion that fails is pandera's to report
            return None
        if values.dtype != column.dtype:
            return None
    if not column.nullable and values.isna().any():
        return None
    if column.unique and values.duplicated().any():  # empty cells count too: a doubt goes to pandera
        return None
    if not all(verdict(values) for verdict in column.checks):
        return None
    return values


def conforming(schema: pa.DataFrameSchema | Declared, frame: pd.DataFrame) -> pd.DataFrame | None:
    """`frame` as pandera's `schema.validate` would return it when every dtype and check holds; otherwise None.

    `schema` is a pandera schema or, for no schema to be built, what a table declares.
    """
    declared = schema if isinstance(schema, Declared) else declared_by(schema)
    if declared is None:
        return None
    columns = declared.columns
    names = list(frame.columns)
    if len(set(names)) != len(names):
        return None
    if declared.strict and not set(names) <= set(columns):
        return None
    if declared.ordered and names != [name for name in columns if name in frame.columns]:
        return None
    changed = {}
    for name, column in columns.items():
        if name not in frame.columns:
            if column.required:
                return None
            continue
        values = frame[name]
        checked = _series(column, values)
        if checked is None:
            return None
        if checked is not values:
            changed[name] = checked
    if declared.unique and frame.duplicated(subset=list(declared.unique)).any():
        return None
    return frame.assign(**changed) if changed else frame


def validated(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """`schema.validate(frame, lazy=True)`, with the fast pass first; pandera's SchemaErrors when anything fails."""
    result = conforming(schema, frame)
    return result if result is not None else schema.validate(frame, lazy=True)
