"""Each clean function on a tiny inline raw frame: text in, typed table out, named for the table it makes."""

from __future__ import annotations

import pandas as pd
import pytest

from sitrep import paths
from sitrep.transform import clean
from sitrep.transform.places import Gazetteer
from sitrep.transform.schema import CLEAN_TABLES
from sitrep.transform.vocab import METRICS

GAZETTEER_CSV = """form,place,kind,rreth,qark,note
Shkodrës,Shkodër,rreth,Shkodër,Shkodër,
Pukë,Pukë,rreth,Pukë,Shkodër,
Korçë,Korçë,rreth,Korçë,Korçë,
në të gjithë vendin,Shqipëri,national,,,
Itali,Itali,foreign,,,
"""


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.csv"
    path.write_text(GAZETTEER_CSV, encoding="utf-8")
    return Gazetteer.read(path)


def raw(**columns) -> pd.DataFrame:
    """A raw table as the reader gives it: every cell text, empty cells missing."""
    return pd.DataFrame(columns, dtype="str")


def conforms(name: str, frame: pd.DataFrame) -> None:
    """The clean table passes its own schema (types, key, vocabularies).

    The report a row comes from is added to every table of facts after each is cleaned, not by these functions.
    """
    if "report_id" in CLEAN_TABLES[name].columns and "report_id" not in frame:
        frame = frame.assign(report_id="r1")[list(CLEAN_TABLES[name].columns)]
    CLEAN_TABLES[name].schema().validate(frame)


def test_clean_grants_dates_at_their_precision_period_and_funders():
    grants, funders = clean.clean_grants(raw(
        grant_id=["vatra-1", "arsis-1"], org_id=["vatra", "arsis"], program=["caaht", "caaht"],
        funders=[" usaid ;unicef", "usaid"], start=["2005-03", "2005"], end=["2006", None],
        period=["2005-01:2006-07", "2005-01:2006-07"], quote=["q1", "q2"], source_line=["10", "20"],
    ))
    first = grants.iloc[0]
    assert first["start"] == pd.Timestamp("2005-03-01") and first["start_precision"] == "month"
    assert first["end"] == pd.Timestamp("2006-12-31") and first["end_precision"] == "year"  # the last day it covers
    assert first["period_start"] == pd.Timestamp("2005-01-01") and first["period_end"] == pd.Timestamp("2006-07-31")
    assert first["funders"] == "usaid;unicef"
    assert pd.isna(grants.iloc[1]["end"])
    assert grants["source_line"].tolist() == [10, 20]
    assert sorted(map(tuple, funders[["grant_id", "funder_id"]].to_numpy().tolist())) == [
        ("arsis-1", "usaid"),
        ("vatra-1", "unicef"),
        ("vatra-1", "usaid"),
    ]
    conforms("grants", grants)
    conforms("grant_funders", funders)


def test_clean_figures_ids_kinds_values_and_qualifiers():
    figures = clean.clean_figures(raw(
        grant_id=["vatra-1", "vatra-1", "vatra-1"],
        metric=["victims_assisted", "prevention_reached", "prevention_reached"],
        value=["shtatë", "1,271", "300"], qualifier=[None, "më shumë se", "afërsisht"],
        is_target=["jo", "false", "po"], quote=["a", "b", "c"], source_line=["1", "2", "3"],
    ))
    # a metric given twice for one grant is numbered, a metric given once is not
    assert figures["figure_id"].tolist() == ["vatra-1.victims_assisted", "vatra-1.prevention_reached.1",
                                             "vatra-1.prevention_reached.2"]
    assert figures["value"].tolist() == [7, 1271, 300]
    assert figures["value_as_printed"].tolist() == ["shtatë", "1,271", "300"]
    assert figures["qualifier"].tolist() == ["exact", "more_than", "approximately"]
    assert figures["is_target"].tolist() == [False, False, True]
    assert figures["metric_kind"].tolist() == [METRICS[m].kind for m in figures["metric"]]
    assert figures["victim_related"].tolist() == [METRICS[m].victim_related for m in figures["metric"]]
    conforms("figures", figures)


def test_explode_places_one_row_per_place_and_an_unknown_row_for_none(gazetteer):
    places = clean.explode_places(raw(grant_id=["a", "b", "c"], places=["Shkodrës; Pukë", None, "në të gjithë vendin"]),
                                  "grant_id", gazetteer)
    assert places["grant_id"].tolist() == ["a", "a", "b", "c"]
    assert places["place_as_printed"].iloc[:2].tolist() == ["Shkodrës", "Pukë"]
    assert places["place"].iloc[:2].tolist() == ["Shkodër", "Pukë"]
    assert places["qark"].iloc[:2].tolist() == ["Shkodër", "Shkodër"]
    assert places["scope"].tolist() == ["local", "local", "unknown", "national"]
    assert pd.isna(places["place_as_printed"].iloc[2]) and pd.isna(places["qark"].iloc[3])
    iso = places["iso_3166_2"].iloc[0]
    assert iso.startswith("AL-") and iso == places["iso_3166_2"].iloc[1]


def test_clean_events_sorted_by_date_numbered_within_a_date():
    events = clean.clean_events(raw(
        date=["2006-03", "2005", "2006-03"], kind=["law", "strategy", "order"],
        event=["Ligji", "Strategjia", "Urdhri"], event_en=["Law", "Strategy", "Order"],
        quote=["x", "y", "z"], source_line=["30", "5", "12"],
    ))
    assert events["event"].tolist() == ["Strategjia", "Urdhri", "Ligji"]  # by date, then by line
    assert events["event_id"].tolist() == ["2005.1", "2006-03.1", "2006-03.2"]
    assert events["date_precision"].tolist() == ["year", "month", "month"]
    conforms("events", events)


def test_clean_events_read_a_date_typed_day_first_as_the_same_day():
    events = clean.clean_events(raw(
        date=["15.03.2007", "2007-03-15", "1/2/2007"], kind=["law", "order", "order"],
        event=["Ligji", "Urdhri", "Vendimi"], event_en=["Law", "Order", "Decision"],
        quote=["x", "y", "z"], source_line=["30", "5", "12"],
    ))
    assert events["event"].tolist() == ["Vendimi", "Urdhri", "Ligji"]
    assert events["date"].dt.strftime("%Y-%m-%d").tolist() == ["2007-02-01", "2007-03-15", "2007-03-15"]
    assert events["event_id"].tolist() == ["2007-02-01.1", "2007-03-15.1", "2007-03-15.2"]
    assert events["date_as_printed"].tolist() == ["1/2/2007", "2007-03-15", "15.03.2007"]
    conforms("events", events)


def test_clean_figures_read_albanian_excel_booleans():
    figures = clean.clean_figures(raw(
        grant_id=["a-1"] * 6, metric=["prevention_reached"] * 6, value=["1"] * 6,
        is_target=["E VËRTETË", "E RREMË", "e vertete", "e rreme", "Po", "0"], quote=list("abcdef"),
        source_line=["1"] * 6,
    ))
    assert figures["is_target"].tolist() == [True, False, True, False, True, False]


def test_clean_nap_links_objective_key_joins_plan_pillar_goal_objective():
    links = clean.clean_nap_links(raw(
        grant_id=["vatra-1", "vatra-1"], plan=["nap_2005_2007", "nrm"], pillar=["protection", None],
        strategic_goal=["2", None], specific_objective=["B", None], activity=["3", None],
        quote=["q", "r"], source_line=["1", "2"],
    ))
    assert links["objective_key"].tolist() == ["nap_2005_2007:protection:2:B", "nrm:::"]
    conforms("nap_links", links)


def test_clean_donor_programs_roles_places_and_destinations(gazetteer):
    tables = clean.clean_donor_programs(raw(
        program_id=["p1"], donor=["usaid; unicef"], implementer=["iom"], title=["Programi"],
        places=["Korçë"], destinations=["Itali"], pillar=["prevention ;protection"], start=["2005"], end=["2006-06"],
        quote=["q"], source_line=["4"],
    ), gazetteer)
    roles = {(row.org_id, row.role) for row in tables["program_roles"].itertuples()}
    assert roles == {("usaid", "donor"), ("unicef", "donor"), ("iom", "implementer")}
    programs = tables["donor_programs"]
    assert programs["pillar"].tolist() == ["prevention;protection"]
    assert programs["end"].tolist() == [pd.Timestamp("2006-06-30")]
    assert tables["program_places"]["qark"].tolist() == ["Korçë"]
    assert tables["program_destinations"][["place_as_printed", "place"]].to_numpy().tolist() == [["Itali", "Itali"]]
    conforms("program_roles", tables["program_roles"])


def test_clean_gov_figures_and_claims_type_their_numbers():
    gov = clean.clean_gov_figures(raw(
        figure_id=["victims"], topic=["t"], label=["Viktima"], label_en=["Victims"], value=["dyzet e pesë"],
        qualifier=["rreth"], victim_related=["po"], date=["2005-12-31"], quote=["q"], source_line=["9"],
    ))
    assert gov["value"].tolist() == [45]
    assert gov["qualifier"].tolist() == ["approximately"] and gov["victim_related"].tolist() == [True]
    assert gov["date_precision"].tolist() == ["day"]
    claims = clean.clean_claims(raw(
        claim_id=["ngos"], claim=["22 OJF"], value=["22"], metric=["organizations"], quote=["22 OJF"],
        source_line=["7"], explanation=["e"], explanation_en=["e"],
    ))
    assert claims["value"].tolist() == [22] and claims["source_line"].tolist() == [7]
    conforms("claims", claims)


def test_reference_tables_have_the_12_qarqe_with_iso_codes():
    tables = clean.reference_tables(paths.REFERENCE / "geo")
    qarqe = tables["qarqe"]
    assert len(qarqe) == 12
    assert sorted(qarqe["iso_3166_2"]) == [f"AL-{n:02d}" for n in range(1, 13)]
    assert qarqe["iso_3166_2"].is_monotonic_increasing
    assert len(tables["rrethe"]) == 36 and set(tables["rrethe"]["qark"]) == set(qarqe["qark"])


def test_key_messages_are_put_in_their_order_and_the_glossary_keeps_both_languages():
    messages = clean.clean_key_messages(raw(
        message_id=["b", "a"], order=["2", "1"], point=["Dy", "Një"], point_en=["Two", "One"],
        quote=["q2", "q1"], source_line=["20", "10"], gloss_en=["g2", "g1"], note=[None, "n"],
    ))
    assert messages["message_id"].tolist() == ["a", "b"] and messages["order"].tolist() == [1, 2]
    conforms("key_messages", messages.reset_index(drop=True))
    glossary = clean.clean_glossary(raw(
        abbreviation=["OSBE", "PKV"], abbreviation_en=["OSCE", None], expansion=["Organizata …", "Plani …"],
        expansion_en=["Organization …", "National Action Plan"], quote=["OSBE Organizata …", "PKV Plani …"],
        source_line=["149", "151"],
    ))
    assert glossary["abbreviation_en"].tolist()[0] == "OSCE" and pd.isna(glossary["abbreviation_en"].iloc[1])
    assert glossary["source_line"].tolist() == [149, 151]
    conforms("glossary", glossary.assign(report_id="r1"))
