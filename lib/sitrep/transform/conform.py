"""A fast pass over a pandera schema: a frame that meets every part of it skips pandera's slower validation.

pandera's lazy validation costs a few milliseconds a column even when nothing fails (it formats failure cases
for every dtype and check), which is most of cleaning a small dataset. This pass runs the same schema's own
dtypes, coercions and checks (pandera's Check objects, called as pandera calls them) and answers only whether
everything holds. It is conservative: anything it does not handle, and any doubt (a duplicate among empty
cells, a dtype that coerces to something else), makes it answer None, and the caller then runs pandera, which
decides and tells what fails.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import pandera.pandas as pa

# pandera's own checks that the schemas use, as its pandas backend defines them: called here without its dispatch,
# whose first use imports and registers every backend.
BUILTIN = {
    "isin": lambda data, allowed_values: data.isin(allowed_values),
    "str_matches": lambda data, pattern: data.str.match(pattern, na=False),
    "greater_than_or_equal_to": lambda data, min_value: data >= min_value,
    "greater_than": lambda data, min_value: data > min_value,
}


def _supported(schema: pa.DataFrameSchema) -> bool:
    """Whether the schema uses only what this pass knows how to check."""
    return (
        schema.index is None
        and not schema.checks
        and not schema.drop_invalid_rows
        and not schema.add_missing_columns
        and not getattr(schema, "parsers", None)
        and not any(column.regex or getattr(column, "parsers", None) or column.drop_invalid_rows
                    for column in schema.columns.values())
    )


def _series(column: pa.Column, values: pd.Series, coerce: bool) -> pd.Series | None:
    """The column's values in its dtype (coerced where the schema coerces), or None if they do not hold."""
    if column.dtype is not None:
        expected = column.dtype.type
        if values.dtype != expected:
            if not (coerce or column.coerce):
                return None
            try:
                values = column.dtype.coerce(values)
            except Exception:  # a coercion that fails is pandera's to report
                return None
            if values.dtype != expected:
                return None
    if not column.nullable and values.isna().any():
        return None
    if column.unique and values.duplicated().any():  # empty cells count too: a doubt goes to pandera
        return None
    for check in column.checks:
        if check.groupby is not None or not _passes(check, values):
            return None
    return values


def _passes(check: pa.Check, values: pd.Series) -> bool:
    """Whether a column check holds, called as pandera's pandas backend calls it (by pandera where in doubt)."""
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


def conforming(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame | None:
    """`frame` as `schema.validate` would return it when every dtype and check holds; otherwise None."""
    if not _supported(schema):
        return None
    columns = schema.columns
    names = list(frame.columns)
    if len(set(names)) != len(names):
        return None
    if schema.strict and not set(names) <= set(columns):
        return None
    if schema.ordered and names != [name for name in columns if name in frame.columns]:
        return None
    values = {}
    for name, column in columns.items():
        if name not in frame.columns:
            if column.required:
                return None
            continue
        checked = _series(column, frame[name], schema.coerce)
        if checked is None:
            return None
        values[name] = checked
    if schema.unique and frame.duplicated(subset=list(schema.unique)).any():
        return None
    changed = {name: series for name, series in values.items() if series is not frame[name]}
    return frame.assign(**changed) if changed else frame


def validated(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """`schema.validate(frame, lazy=True)`, with the fast pass first; pandera's SchemaErrors when anything fails."""
    result = conforming(schema, frame)
    return result if result is not None else schema.validate(frame, lazy=True)
