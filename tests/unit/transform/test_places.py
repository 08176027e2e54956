"""Place forms as printed → place, rreth, qark and ISO code."""

import pandas as pd
import pycountry
import pytest

from sitrep import paths
from sitrep.transform.places import Gazetteer, qark_codes, scope_of


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.read(paths.REFERENCE / "gazetteer.csv")


def resolve(gazetteer, form):
    return gazetteer.resolve(pd.Series([form])).iloc[0]


@pytest.mark.parametrize("form", ["Shkodër", "Shkodra", "Shkodrës", "Shkodrën", "Shkoder", "SHKODRA", "shkodres"])
def test_inflected_and_undiacritic_forms_of_shkoder(gazetteer, form):
    found = resolve(gazetteer, form)
    assert (found["rreth"], found["qark"], found["iso_3166_2"]) == ("Shkodër", "Shkodër", "AL-10")


@pytest.mark.parametrize("form, rreth, qark", [
    ("Korce", "Korçë", "Korçë"), ("Tirane", "Tiranë", "Tiranë"), ("Tiranës", "Tiranë", "Tiranë"),
    ("Rrëshen", "Mirditë", "Lezhë"), ("Rrëshenit", "Mirditë", "Lezhë"),
    ("Përrenjas", "Librazhd", "Elbasan"), ("Përrenjasit", "Librazhd", "Elbasan"),
    ("Kakavijë", "Gjirokastër", "Gjirokastër"), ("Kakavijës", "Gjirokastër", "Gjirokastër"),
    ("Kapshticë", "Devoll", "Korçë"), ("Tre Urave", "Përmet", "Gjirokastër"), ("Murriqan", "Shkodër", "Shkodër"),
    ("Malësi të Madhe", "Malësi e Madhe", "Shkodër"), ("Roskovecit", "Fier", "Fier"), ("Novoselës", "Vlorë", "Vlorë"),
    ("Levanit", "Fier", "Fier"), ("Hasit", "Has", "Kukës"), ("Tropojës", "Tropojë", "Kukës"),
    ("Lushnjës", "Lushnjë", "Fier"), ("Devollit", "Devoll", "Korçë"), ("Gramshit", "Gramsh", "Elbasan"),
])
def test_towns_crossings_and_districts(gazetteer, form, rreth, qark):
    found = resolve(gazetteer, form)
    assert (found["rreth"], found["qark"]) == (rreth, qark)


def test_framing_words_are_looked_through(gazetteer):
    assert resolve(gazetteer, "qarkun e Durrësit")["qark"] == "Durrës"
    assert resolve(gazetteer, "rrethin e Elbasanit")["rreth"] == "Elbasan"


def test_national_scope_and_foreign_places(gazetteer):
    national = resolve(gazetteer, "në të gjithë vendin")
    assert national["kind"] == "national" and pd.isna(national["qark"])
    for form in ("Greqi", "Greqinë", "Italisë", "Kosovë"):
        found = resolve(gazetteer, form)
        assert found["kind"] == "foreign" and pd.isna(found["qark"]), form


def test_unknown_form_resolves_to_nothing_and_gets_a_suggestion(gazetteer):
    assert pd.isna(resolve(gazetteer, "Shkodrrr")["kind"])
    assert gazetteer.suggest("Shkodrrr") in {"Shkodër", "Shkodra", "Shkodrës", "Shkodrën"}


def test_iso_codes_come_from_pycountry_and_are_not_alphabetical():
    codes = qark_codes()
    assert codes["Dibër"] == "AL-09" and codes["Lezhë"] == "AL-08" and codes["Berat"] == "AL-01"
    assert set(codes.values()) == {s.code for s in pycountry.subdivisions.get(country_code="AL")}


def test_every_gazetteer_row_names_a_real_district_and_county(gazetteer):
    import json

    rrethe = json.loads((paths.REFERENCE / "geo/albania_rrethe.geojson").read_text(encoding="utf-8"))
    county_of = {f["properties"]["rreth"]: f["properties"]["qark"] for f in rrethe["features"]}
    table = gazetteer.table
    with_rreth = table[table["rreth"] != ""]
    assert with_rreth.apply(lambda row: county_of.get(row["rreth"]) == row["qark"], axis=1).all()
    assert set(table.loc[table["qark"] != "", "qark"]) <= set(county_of.values())
    assert len(set(county_of)) == 36


def test_scope_of_place_kinds():
    kind = pd.Series(["rreth", "national", "region", pd.NA])
    qark = pd.Series(["Berat", pd.NA, pd.NA, pd.NA])
    assert scope_of(kind, qark).tolist() == ["local", "national", "unknown", "unknown"]
