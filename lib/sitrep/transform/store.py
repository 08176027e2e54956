"""Write tables deterministically and read them back typed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sitrep.transform.schema import CLEAN_TABLES

CHUNK_ROWS = 200_000  # lines joined per write: bounds the memory a million-row table needs


def _as_text(column: pd.Series) -> pa.Array:
    """One column as Arrow strings: ISO dates, lowercase booleans, integers without decimals; missing stays null."""
    if pd.api.types.is_bool_dtype(column):
        return pc.if_else(pa.array(column.to_numpy(dtype=bool)), "true", "false")
    if pd.api.types.is_datetime64_any_dtype(column):
        return pc.strftime(pa.array(column, type=pa.timestamp("ns")), format="%Y-%m-%d")
    if pd.api.types.is_integer_dtype(column):
        return pc.cast(pa.array(column.astype("Int64"), type=pa.int64()), pa.string())
    if pd.api.types.is_float_dtype(column):
        return pa.array([None if pd.isna(v) else repr(float(v)) for v in column], type=pa.string())
    if pd.api.types.is_string_dtype(column) and not column.dtype == object:
        return pa.array(column, type=pa.string())
    # Object columns may mix numbers with marks such as "<10": everything is written as its text.
    return pa.array([None if pd.isna(value) else str(value) for value in column], type=pa.string())


def _quoted(cells: pa.Array) -> pa.Array:
    """Quote a cell only where CSV needs it (a comma, quote or line break), as a spreadsheet writes it.

    Long cells (quotes) repeat: each distinct value is quoted once, then spread back by index."""
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    encoded = pc.dictionary_encode(cells)
    values = encoded.dictionary
    needs = pc.match_substring_regex(values, r'[",\r\n]')
    if not pc.any(needs).as_py():
        return pc.fill_null(cells, "")
    escaped = pc.binary_join_element_wise('"', pc.replace_substring(values, '"', '""'), '"', "")
    return pc.fill_null(pc.take(pc.if_else(needs, escaped, values), encoded.indices), "")


def _joined(lines: pa.StringArray) -> bytes:
    """All lines, each ended by a newline, as one UTF-8 block: read straight from Arrow's value buffer."""
    ended = pc.binary_join_element_wise(lines, pa.scalar("\n"), "")
    offsets = ended.buffers()[1]
    first, last = (int.from_bytes(offsets[i * 4 : i * 4 + 4], "little", signed=True)
                   for i in (ended.offset, ended.offset + len(ended)))
    return ended.buffers()[2].to_pybytes()[first:last]


def _csv_chunks(frame: pd.DataFrame):
    """The CSV bytes in pieces: the header, then lines in blocks, each built column-wise with Arrow kernels."""
    yield (",".join(_quoted(pa.array([str(c) for c in frame.columns], type=pa.string())).to_pylist()) + "\n").encode()
    for start in range(0, len(frame), CHUNK_ROWS):
        part = frame.iloc[start : start + CHUNK_ROWS]
        columns = [_quoted(_as_text(part[column])) for column in part.columns]
        lines = columns[0] if len(columns) == 1 else pc.binary_join_element_wise(*columns, ",")
        yield _joined(lines)


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV with ISO dates, lowercase booleans and '\n' line ends, so that equal data gives equal bytes."""
    return b"".join(_csv_chunks(frame)).decode("utf-8")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    with open(path, "wb") as handle:
        handle.writelines(_csv_chunks(frame))


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
