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
    ((form, where),) = gazetteer.candidates("Shkodrrr")  # one place, however many of its forms are close
    assert form in {"Shkodër", "Shkodra", "Shkodrës", "Shkodrën"} and where == "qark Shkodër"
    assert gazetteer.suggestion("Shkodrrr") == f"did you mean '{form}' (qark Shkodër)? "


@pytest.mark.parametrize("form", ["Bushat", "Bushati", "Fier-Shegan", "Gramsh-Kodovjat", "Xyz"])
def test_a_place_not_close_to_any_known_form_gets_no_suggestion(gazetteer, form):
    """'Bushat' is a village of Shkodër: 'did you mean Mat?' (a district of Dibër) would send it to the wrong qark."""
    assert gazetteer.candidates(form) == []
    assert gazetteer.suggestion(form) == ""


def test_suggestions_are_at_most_three_places_each_with_its_qark(gazetteer):
    candidates = gazetteer.candidates("Vlra")
    assert 1 <= len(candidates) <= 3
    assert ("Vlora", "qark Vlorë") in candidates
    assert all(where.startswith("qark ") for _, where in candidates)
    assert gazetteer.candidates("Elbasnit") == [("Elbasanit", "qark Elbasan")]
    hint = gazetteer.suggestion("Vlra")
    assert hint.startswith("did you mean 'Vlora' (qark Vlorë)") and hint.count("(qark ") == len(candidates)


def test_a_reports_own_places_resolve_only_that_reports_rows(gazetteer):
    rows = pd.DataFrame({"form": ["Bushat", "Bushatit"], "place": ["Bushat", "Bushat"], "kind": ["village"] * 2,
                         "rreth": ["Shkodër"] * 2, "qark": ["Shkodër"] * 2, "note": ["", ""]})
    shared = gazetteer.with_reports({"r-2007": gazetteer.extended(rows)})
    printed = pd.Series(["Bushatit", "Bushat", "Shkodrës", "Bushat"], index=[10, 11, 12, 13])
    resolved = shared.resolve(printed, pd.Series(["r-2007", "r-2006", "r-2006", "r-2007"], index=printed.index))
    assert list(resolved.index) == [10, 11, 12, 13]
    assert resolved["qark"].tolist()[0] == "Shkodër" and resolved.loc[13, "iso_3166_2"] == "AL-10"
    assert resolved.loc[10, "place"] == "Bushat" and resolved.loc[10, "kind"] == "village"
    assert pd.isna(resolved.loc[11, "kind"])  # another report does not know it
    assert resolved.loc[12, "qark"] == "Shkodër"
    assert pd.isna(shared.resolve(pd.Series(["Bushat"]))["kind"].iloc[0])  # nor does the shared gazetteer


def test_a_reports_places_csv_is_checked_against_the_gazetteer(gazetteer):
    from sitrep.transform.places import report_places

    frame = pd.DataFrame({
        "form": ["Bushat", "Shkodrës", "Bushat", "Gurëz", "Qafë", "Lalëz"],
        "place": ["Bushat", "Shkodër", "Bushat", "Gurëz", "Qafë", "Lalëz"],
        "kind": ["village", "rreth", "village", "hamlet", "village", "village"],
        "rreth": ["Shkodër", "", "", "", "", "Kavajë"],
        "qark": ["Shkodër", "Shkodër", "Shkodër", "Lezhë", "", "Durrës"],
        "_row": [2, 3, 4, 5, 6, 7],
    })
    rows, problems = report_places(frame, "places.csv", gazetteer)
    found = [(p.row, p.column, p.message) for p in problems]
    assert found == [
        (3, "form", "'Shkodrës' is already known (Shkodër, qark Shkodër)"),
        (4, "form", "'Bushat' is already the form of row 2"),
        (5, "kind", "'hamlet' is not a kind of place"),
        (6, "qark", "is empty"),
        (7, "rreth", "'Kavajë' lies in qark Tiranë"),
    ]
    assert list(rows.columns) == ["form", "place", "kind", "rreth", "qark", "note"]
    _, problems = report_places(frame.rename(columns={"qark": "county"}), "places.csv", gazetteer)
    assert {(p.column, p.message) for p in problems} == {("county", "is not a column of places.csv")}


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
