"""The tables: raw columns with their rules, clean columns with their types, and the links between them."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from sitrep.transform import rules
from sitrep.transform.places import Gazetteer
from sitrep.transform.schema import CLEAN_TABLES, DATE_ORDER, RAW_TABLES, REFERENCES

INVALID = (pa.errors.SchemaError, pa.errors.SchemaErrors)


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.csv"
    path.write_text("form,place,kind,rreth,qark,note\nKorçë,Korçë,rreth,Korçë,Korçë,\n", encoding="utf-8")
    return Gazetteer.read(path)


def test_raw_table_file_and_required_columns():
    table = RAW_TABLES["organizations"]
    assert table.file == "organizations.csv"
    assert {"org_id", "name", "org_type", "quote", "source_line"} <= set(table.required_columns)
    assert "acronym" not in table.required_columns and "note" not in table.required_columns


def test_raw_schema_accepts_good_text_and_refuses_extra_columns_and_bad_cells(gazetteer):
    schema = RAW_TABLES["ngo_efforts"].schema(gazetteer)
    good = pd.DataFrame({"effort_id": ["vatra-shelter"], "org_id": ["vatra"], "activities": ["shelter; hotline"],
                         "places": ["Korçë"], "quote": ["q"], "source_line": ["3"], "note": [None]}, dtype="str")
    schema.validate(good)
    with pytest.raises(INVALID):
        schema.validate(good.assign(colour="red"))
    with pytest.raises(INVALID):
        schema.validate(good.assign(places="Atlantida"))
    with pytest.raises(INVALID):
        schema.validate(good.assign(effort_id=None))


def test_raw_schema_refuses_a_duplicate_unique_id(gazetteer):
    schema = RAW_TABLES["claims"].schema(gazetteer)
    row = {"claim_id": "ngos", "claim": "22 OJF", "value": "22", "metric": "organizations", "quote": "q",
           "source_line": "1", "explanation": "e", "explanation_en": "e"}
    schema.validate(pd.DataFrame([row], dtype="str"))
    with pytest.raises(INVALID):
        schema.validate(pd.DataFrame([row, row], dtype="str"))


def test_rule_lookup_by_column_and_check_name(gazetteer):
    grants = RAW_TABLES["grants"]
    assert grants.rule("start", "date", gazetteer) is rules.DATE
    places = grants.rule("places", "places", gazetteer)
    assert places is not None and places.name == "places"
    assert grants.rule("start", "count", gazetteer) is None
    assert grants.rule("no_such_column", "date", gazetteer) is None


def test_every_rule_a_field_names_can_be_found_again_by_its_name(gazetteer):
    # check_table looks a failing check up by (column, name): each must lead back to its own rule
    for table in RAW_TABLES.values():
        for field in table.fields:
            for check in field.checks:
                rule = check if isinstance(check, rules.Rule) else check(gazetteer)
                assert table.rule(field.name, rule.name, gazetteer).explain("x")[0], (table.name, field.name)


def test_references_and_date_order_name_real_columns():
    for ref in REFERENCES:
        assert ref.column in {f.name for f in RAW_TABLES[ref.table].fields}, ref
        assert ref.target_column in {f.name for f in RAW_TABLES[ref.target].fields}, ref
    for table, first, last in DATE_ORDER:
        names = {f.name for f in RAW_TABLES[table].fields}
        assert first in names and last in names


def test_clean_foreign_keys_point_at_a_clean_tables_column():
    for table in CLEAN_TABLES.values():
        assert set(table.primary_key) <= set(table.columns), table.name
        for column, target, target_column in table.foreign_keys:
            assert column in table.columns and target_column in CLEAN_TABLES[target].columns, (table.name, column)


def test_clean_schema_coerces_types_and_keeps_column_order():
    schema = CLEAN_TABLES["rrethe"].schema()
    frame = pd.DataFrame({"rreth": ["Pukë"], "qark": ["Shkodër"], "iso_3166_2": ["AL-10"]})
    assert list(schema.validate(frame).columns) == ["rreth", "qark", "iso_3166_2"]
    with pytest.raises(INVALID):
        schema.validate(frame[["qark", "rreth", "iso_3166_2"]])
    with pytest.raises(INVALID):
        schema.validate(pd.concat([frame, frame], ignore_index=True))  # the primary key is unique


def test_clean_schema_checks_vocabularies_and_values():
    table = CLEAN_TABLES["program_roles"]
    schema = table.schema()
    cells = {"program_id": "p1", "org_id": "usaid", "role": "donor"}
    # other text columns the table may carry (the report a row comes from) hold plain text
    good = pd.DataFrame({name: [cells.get(name, "r1")] for name in table.columns})
    schema.validate(good)
    with pytest.raises(INVALID):
        schema.validate(good.assign(role="sponsor"))
