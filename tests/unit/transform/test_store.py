"""Clean tables written deterministically and read back with their schema's types."""

from __future__ import annotations

import pandas as pd

from sitrep.transform.schema import CLEAN_TABLES
from sitrep.transform.store import read_clean, to_csv_text, write_table

TABLE = CLEAN_TABLES["gov_figures"]


def gov_figures() -> pd.DataFrame:
    """Two rows of every column type the schema has: text (one with a comma and a quote), integer, boolean, date."""
    columns = {
        "figure_id": ["victims-2005", "cases-2006"],
        "topic": ["victims", "cases, prosecuted"],
        "label": ['Viktima "të identifikuara"', "Çështje"],
        "label_en": ["Identified victims", "Cases"],
        "value": pd.array([7, 1271], dtype="Int64"),
        "value_as_printed": ["shtatë", "1,271"],
        "qualifier": ["exact", "more_than"],
        "victim_related": [True, False],
        "date": pd.to_datetime(["2005-01-01", None]),
        "date_precision": ["year", pd.NA],
        "quote": ["7 viktima", "më shumë se 1,271 çështje"],
        "source_line": pd.array([12, pd.NA], dtype="Int64"),
        "note": [pd.NA, "shumë\nrreshta"],
    }
    # any other text column the table has (e.g. the report a row comes from) holds plain text
    columns |= {name: ["r1", "r2"] for name, (kind, _) in TABLE.columns.items()
                if name not in columns and kind == "string"}
    return pd.DataFrame(columns)[list(TABLE.columns)]


def test_round_trip_keeps_values_and_types(tmp_path):
    write_table(gov_figures(), tmp_path / TABLE.file)
    back = read_clean(tmp_path, "gov_figures")
    assert list(back.columns) == list(TABLE.columns)
    assert str(back["value"].dtype) == "Int64" and str(back["source_line"].dtype) == "Int64"
    assert back["victim_related"].dtype == bool
    assert pd.api.types.is_datetime64_any_dtype(back["date"])
    assert pd.api.types.is_string_dtype(back["label"])
    assert back["value"].tolist() == [7, 1271]
    assert back["victim_related"].tolist() == [True, False]
    assert back.loc[0, "date"] == pd.Timestamp("2005-01-01") and pd.isna(back.loc[1, "date"])
    assert back.loc[0, "source_line"] == 12 and pd.isna(back.loc[1, "source_line"])
    assert back["topic"].tolist() == ["victims", "cases, prosecuted"]
    assert back.loc[0, "label"] == 'Viktima "të identifikuara"'
    assert back.loc[1, "note"] == "shumë\nrreshta" and pd.isna(back.loc[0, "note"])
    assert pd.isna(back.loc[1, "date_precision"])


def test_equal_data_gives_equal_bytes(tmp_path):
    write_table(gov_figures(), tmp_path / "a.csv")
    # the same data held another way: text in object columns instead of strings, in a copied frame
    other = gov_figures().astype({"figure_id": object, "topic": object}).copy()
    write_table(other, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert to_csv_text(gov_figures()) == (tmp_path / "a.csv").read_text(encoding="utf-8")


def test_writing_what_was_read_gives_the_same_bytes(tmp_path):
    write_table(gov_figures(), tmp_path / TABLE.file)
    first = (tmp_path / TABLE.file).read_bytes()
    again = tmp_path / "again"
    again.mkdir()
    write_table(read_clean(tmp_path, "gov_figures"), again / TABLE.file)
    assert (again / TABLE.file).read_bytes() == first


def test_numbers_dates_and_booleans_bare_text_quoted_unix_line_ends():
    text = to_csv_text(gov_figures())
    header, first, *_ = text.split("\n")
    assert header == ",".join(TABLE.columns)
    assert "\r" not in text
    cells = dict(zip(TABLE.columns, first.split(",")))
    assert cells["value"] == "7" and cells["source_line"] == "12"
    assert cells["victim_related"] == "true"
    assert cells["date"] == "2005-01-01"
    assert cells["figure_id"] == '"victims-2005"'
    assert cells["note"] == ""  # missing is an empty cell


def test_a_header_name_that_needs_quotes_is_quoted_as_a_spreadsheet_would():
    text = to_csv_text(pd.DataFrame({"a,b": ["x"], "plain": ["y"]}))
    assert text.split("\n")[0] == '"a,b",plain'
