"""The fast pass over a schema agrees with pandera: the same frame where all holds, and pandera's verdict otherwise."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from sitrep import paths
from sitrep.transform.clean import clean_tables
from sitrep.transform.conform import Declared, DeclaredColumn, conforming, declared_by, holds, validated
from sitrep.transform.run import _checked_clean, read_checked
from sitrep.transform.schema import CLEAN_TABLES, RAW_TABLES, CleanTable


@pytest.fixture(scope="module")
def committed():
    """The committed data: its raw tables as checked, and its clean tables before their schema check."""
    raw = read_checked(paths.RAW, paths.REFERENCE)
    return raw, clean_tables(raw.frames, raw.gazetteer, paths.REFERENCE / "geo", raw.reports)


def _declarations(name: str, by: str):
    """A clean table's pandera schema, and what the fast pass is given: that schema, or the table's declaration."""
    schema = CLEAN_TABLES[name].schema()
    return schema, schema if by == "schema" else CLEAN_TABLES[name].declared()


# The cleaning of a small dataset works in Python's strings, of a large one in Arrow's (transform/run.py).
@pytest.mark.parametrize("storage", ["python", "pyarrow"])
@pytest.mark.parametrize("by", ["schema", "declaration"])
def test_clean_tables_come_out_as_pandera_makes_them(by, storage):
    coerced = 0
    with pd.option_context("mode.string_storage", storage):
        raw = read_checked(paths.RAW, paths.REFERENCE)
        tables = clean_tables(raw.frames, raw.gazetteer, paths.REFERENCE / "geo", raw.reports)
        for name, frame in tables.items():
            schema, declared = _declarations(name, by)
            fast = conforming(declared, frame)
            assert fast is not None, name
            slow = schema.validate(frame, lazy=True)
            pd.testing.assert_frame_equal(fast, slow, check_exact=True)
            assert [str(fast[c].dtype) for c in fast] == [str(slow[c].dtype) for c in slow]
            coerced += sum(str(frame[c].dtype) != str(fast[c].dtype) for c in frame)
    assert coerced  # the dates arrive in seconds and leave in nanoseconds: the pass coerces, as pandera does


@pytest.mark.parametrize("name", list(CLEAN_TABLES))
def test_a_clean_tables_declaration_says_what_its_pandera_schema_says(name):
    """Where the declaration holds, pandera never runs: the two must ask the same of every column."""
    table = CLEAN_TABLES[name]
    declared, from_schema = table.declared(), declared_by(table.schema())
    assert (declared.strict, declared.ordered, declared.unique) == (
        from_schema.strict, from_schema.ordered, from_schema.unique)
    assert list(declared.columns) == list(from_schema.columns)
    for column, rule in declared.columns.items():
        other = from_schema.columns[column]
        assert (rule.dtype, rule.nullable, rule.required, rule.unique) == (
            other.dtype, other.nullable, other.required, other.unique), column
        assert len(rule.checks) == len(other.checks), column
    checks = table.schema().columns
    assert {column: [(check.name, check.statistics) for check in checks[column].checks] for column in checks} == {
        column: [(getattr(pa.Check, check)(argument).name, getattr(pa.Check, check)(argument).statistics)
                 for check, argument in table.extra_checks.get(column, ())] for column in checks}


def test_the_committed_data_is_cleaned_without_a_pandera_schema(monkeypatch):
    """Every clean table of the committed data meets its declaration: none needs pandera to decide."""
    def refused(self):
        raise AssertionError(f"{self.name}: a pandera schema was built")

    monkeypatch.setattr(CleanTable, "schema", refused)
    with pd.option_context("mode.string_storage", "python"):
        raw = read_checked(paths.RAW, paths.REFERENCE)
        tables = clean_tables(raw.frames, raw.gazetteer, paths.REFERENCE / "geo", raw.reports)
        assert set(_checked_clean(tables)) == set(tables)


def test_raw_tables_pass_their_rules(committed):
    raw, _ = committed
    for name, table in RAW_TABLES.items():
        # The checked frames also carry what was added after the check (the report's id, the notes' translations).
        frame = raw.frames[name][[f.name for f in table.fields if f.name in raw.frames[name]]]
        assert conforming(table.schema(raw.gazetteer), frame) is not None, name


def _broken(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Frames that each break one part of their schema."""
    grants, figures, events = tables["grants"], tables["figures"], tables["events"]
    return {
        "empty key": grants.assign(grant_id=grants["grant_id"].where(grants.index != 0)),
        "repeated key": pd.concat([grants, grants.iloc[:1]], ignore_index=True),
        "value outside the vocabulary": events.assign(kind=events["kind"].where(events.index != 0, "picnic")),
        "failed check": figures.assign(value=figures["value"].where(figures.index != 0, -1)),
        "extra column": grants.assign(extra="x"),
        "missing column": grants.drop(columns=["title"]),
        "columns out of order": grants[[*grants.columns[1:], grants.columns[0]]],
        "not coercible": figures.assign(value=figures["value"].astype("str").where(figures.index != 0, "many")),
        "pattern not matched": grants.assign(phase=grants["phase"].where(grants.index != 0, "phase 3")),
    }


@pytest.mark.parametrize("case", ["empty key", "repeated key", "value outside the vocabulary", "failed check",
                                  "extra column", "missing column", "columns out of order", "not coercible",
                                  "pattern not matched"])
@pytest.mark.parametrize("by", ["schema", "declaration"])
def test_a_broken_table_goes_to_pandera(committed, case, by):
    _, tables = committed
    frame = _broken(tables)[case]
    name = {"value outside the vocabulary": "events", "failed check": "figures", "not coercible": "figures"}.get(
        case, "grants")
    schema, declared = _declarations(name, by)
    assert conforming(declared, frame) is None
    with pytest.raises(pa.errors.SchemaErrors):
        validated(schema, frame)


def test_a_raw_cell_breaking_its_rule_goes_to_pandera(committed):
    raw, _ = committed
    table = RAW_TABLES["figures"]
    frame = raw.frames["figures"][[f.name for f in table.fields if f.name in raw.frames["figures"]]].copy()
    frame.loc[frame.index[0], "is_target"] = "maybe"
    schema = table.schema(raw.gazetteer)
    assert conforming(schema, frame) is None
    with pytest.raises(pa.errors.SchemaErrors) as errors:
        validated(schema, frame)
    assert set(errors.value.failure_cases["check"]) == {"boolean"}


@pytest.mark.parametrize("check", [pa.Check.isin(["a", "b"]), pa.Check.str_matches("^[ab]$"), pa.Check.ge("a"),
                                   pa.Check.gt("a"),
                                   pa.Check(lambda values: values.isin(["a", "b"]), name="own"),
                                   pa.Check(lambda values: bool(values.isin(["a", "b"]).all()), name="one verdict")])
@pytest.mark.parametrize("cells", [["a", "b", None], ["a", "c", None], [None, None], []])
def test_each_kind_of_check_is_decided_as_pandera_decides_it(check, cells):
    """The pass calls pandera's checks without pandera's dispatch: it must agree with pandera on every verdict."""
    frame = pd.DataFrame({"cell": pd.Series(cells, dtype="str")})
    schema = pa.DataFrameSchema({"cell": pa.Column(None, checks=[check], nullable=True)})
    try:
        schema.validate(frame, lazy=True)
        holds_for_pandera = True
    except pa.errors.SchemaErrors:
        holds_for_pandera = False
    assert (conforming(schema, frame) is not None) == holds_for_pandera


TEXT_CELLS = [["a", "b", None], ["a", "c", None], [None, None], []]
COUNT_CELLS = [[1, 0, None], [-1, None], [None], []]


@pytest.mark.parametrize("check, cells, dtype", [
    *((check, cells, "str") for check in (("isin", ["a", "b"]), ("str_matches", "^[ab]$"), ("ge", "a"), ("gt", "a"))
      for cells in TEXT_CELLS),
    *((check, cells, "Int64") for check in (("ge", 0), ("gt", 0), ("isin", [0, 1])) for cells in COUNT_CELLS),
])
def test_each_check_given_as_data_is_decided_as_pandera_decides_it(check, cells, dtype):
    """A clean table declares its checks as data: the pass's verdict on them is pandera's on the same checks."""
    frame = pd.DataFrame({"cell": pd.Series(cells, dtype=dtype)})
    schema = pa.DataFrameSchema({"cell": pa.Column(None, checks=[getattr(pa.Check, check[0])(check[1])],
                                                   nullable=True)})
    try:
        schema.validate(frame, lazy=True)
        holds_for_pandera = True
    except pa.errors.SchemaErrors:
        holds_for_pandera = False
    declared = Declared({"cell": DeclaredColumn(None, checks=(holds(*check),))})
    assert (conforming(declared, frame) is not None) == holds_for_pandera


def test_a_check_the_pass_does_not_know_is_left_to_pandera():
    frame = pd.DataFrame({"cell": pd.Series([1, 2], dtype="Int64")})
    assert conforming(Declared({"cell": DeclaredColumn(None, checks=(holds("le", 5),))}), frame) is None
