"""Write tables deterministically and read them back typed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sitrep.transform.schema import CLEAN_TABLES


def _arrow_column(column: pd.Series) -> pa.Array:
    """One column as Arrow writes it: ISO dates, lowercase booleans, integers without decimals; missing stays empty."""
    if pd.api.types.is_bool_dtype(column):
        return pa.array(column.to_numpy(dtype=bool))
    if pd.api.types.is_datetime64_any_dtype(column):
        return pc.cast(pa.array(column, type=pa.timestamp("ns")), pa.date32())
    if pd.api.types.is_integer_dtype(column):
        return pa.array(column.astype("Int64"), type=pa.int64())
    if pd.api.types.is_float_dtype(column):
        return pa.array(column, type=pa.float64())
    if pd.api.types.is_string_dtype(column) and not column.dtype == object:
        return pa.array(column, type=pa.string())
    # Object columns may mix numbers with marks such as "<10": everything is written as its text.
    return pa.array([None if pd.isna(value) else str(value) for value in column], type=pa.string())


def _header(names: list[str]) -> bytes:
    """The header line, quoted only where a name needs it, as a spreadsheet writes it."""
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(names)
    return line.getvalue().encode("utf-8")


def _write_columns(names: list[str], columns: list[pd.Series], sink) -> None:
    """CSV with LF line ends, text quoted where it must be, numbers, dates and booleans bare: same data, same bytes."""
    sink.write(_header(names))
    # Arrow's names for the columns are their places: the header is written above, and may repeat a name.
    table = pa.Table.from_arrays([_arrow_column(column) for column in columns],
                                 names=[str(place) for place in range(len(columns))])
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False, quoting_style="needed"))


def _write_csv(frame: pd.DataFrame, sink) -> None:
    _write_columns([str(name) for name in frame.columns], [values for _, values in frame.items()], sink)


def columns_csv_text(names: list[str], columns: list[pd.Series]) -> str:
    """to_csv_text of the table these columns would make, without making it (a download's columns, as written)."""
    buffer = io.BytesIO()
    _write_columns(names, columns, buffer)
    return buffer.getvalue().decode("utf-8")


def to_csv_text(frame: pd.DataFrame) -> str:
    """The CSV a table is written as, as text (for downloads and the 3W)."""
    buffer = io.BytesIO()
    _write_csv(frame, buffer)
    return buffer.getvalue().decode("utf-8")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a table to `path` as CSV."""
    with open(path, "wb") as handle:
        _write_csv(frame, handle)


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
