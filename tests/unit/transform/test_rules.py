"""Each rule a raw cell follows marks good cells, and explains a bad one by naming the problem and a way to fix it."""

from __future__ import annotations

import pandas as pd
import pytest

from sitrep.transform import rules
from sitrep.transform.places import Gazetteer

GAZETTEER_CSV = """form,place,kind,rreth,qark,note
Shkodër,Shkodër,rreth,Shkodër,Shkodër,
Shkodrës,Shkodër,rreth,Shkodër,Shkodër,
Korçë,Korçë,rreth,Korçë,Korçë,
Shqipëri,Shqipëri,national,,,
Itali,Itali,foreign,,,
"""


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.csv"
    path.write_text(GAZETTEER_CSV, encoding="utf-8")
    return Gazetteer.read(path)


def marks(rule: rules.Rule, *cells: str) -> list[bool]:
    return rule.test(pd.Series(cells, dtype="str")).tolist()


def test_identifier():
    rule = rules.identifier("org")
    assert rule.name == "org_id_form"
    assert marks(rule, "vatra", "vatra-2", "2x", "Vatra", "vatra_2", "-vatra", "va tra") == [
        True, True, True, False, False, False, False]
    message, hint = rule.explain("Vatra")
    assert "'Vatra'" in message and "not a valid id" in message
    assert "lowercase" in hint


def test_one_of_names_the_bad_value_suggests_the_nearest_and_lists_the_allowed():
    rule = rules.one_of(("prevention", "protection", "prosecution"), "pillar")
    assert marks(rule, "prevention", " protection ", "preventon", "") == [True, True, False, False]
    message, hint = rule.explain("preventon")
    assert message == "'preventon' is not one of the allowed values"
    assert "did you mean 'prevention'?" in hint
    assert "allowed: prevention, prosecution, protection" in hint


def test_one_of_many_checks_every_item_and_names_the_first_bad_one():
    rule = rules.one_of(("shelter", "hotline", "training"), "activities", many=True)
    assert marks(rule, "shelter; hotline", "shelter;hotline;training", "shelter; dancing", " ; ") == [
        True, True, False, False]
    message, _ = rule.explain("shelter; dancing")
    assert "'dancing'" in message and "shelter" not in message


def test_one_of_with_nothing_near_gives_no_guess():
    _, hint = rules.one_of(("prevention", "protection"), "pillar").explain("zzzz")
    assert "did you mean" not in hint


def test_list_of_ids():
    rule = rules.list_of_ids("funders")
    assert marks(rule, "usaid", "usaid; unicef", "usaid, unicef", "USAID", ";") == [True, True, False, False, False]
    message, hint = rule.explain("usaid, unicef")
    assert "'usaid, unicef'" in message and "list of ids" in message
    assert "';'" in hint


def test_count_reads_digits_and_albanian_numerals():
    assert marks(rules.COUNT, "1,271", "45", "shtatë", "12o", "") == [True, True, True, False, False]
    message, hint = rules.COUNT.explain("12o")
    assert message == "'12o' is not a number"
    assert "1,271" in hint and "shtatë" in hint


def test_qualifier():
    assert marks(rules.QUALIFIER, "më shumë se", "afërsisht", "të paktën", "ndoshta") == [True, True, True, False]
    message, _ = rules.QUALIFIER.explain("ndoshta")
    assert "'ndoshta'" in message and "qualifier" in message


def test_boolean_in_albanian_and_english():
    assert marks(rules.BOOLEAN, "true", "FALSE", "po", "Jo", "yes", "no", "1", "0", "maybe", "2") == [
        True] * 8 + [False, False]
    message, _ = rules.BOOLEAN.explain("maybe")
    assert "'maybe'" in message and "true or false" in message


def test_boolean_as_albanian_excel_writes_it_in_any_case_with_or_without_e_diaeresis():
    cells = ("E VËRTETË", "E RREMË", "e vërtetë", "e rremë", "E VERTETE", "E RREME", "e vertete", "e rreme", "vërtetë")
    assert marks(rules.BOOLEAN, *cells) == [True] * 8 + [False]
    _, hint = rules.BOOLEAN.explain("vërtetë")
    assert "e vërtetë/e rremë" in hint and "po/jo" in hint


def test_date():
    good = ("2006", "2006-07", "2006-07-19", "19/07/2006", "19.07.2006", "1/7/2006")
    bad = ("2006-13", "07/19/2006", "19/07/06", "19.07/2006", "19-07-2006", "31/02/2006")
    assert marks(rules.DATE, *good, *bad) == [True] * len(good) + [False] * len(bad)
    message, hint = rules.DATE.explain("07/19/2006")
    assert "'07/19/2006'" in message and "not a date" in message
    assert "YYYY-MM-DD" in hint and "15/03/2007" in hint and "15.03.2007" in hint


def test_period():
    assert marks(rules.PERIOD, "2005-01:2006-07", "2006-07:2005-01", "2005") == [True, False, False]
    message, hint = rules.PERIOD.explain("2006-07:2005-01")
    assert "'2006-07:2005-01'" in message and "reporting period" in message
    assert "YYYY-MM:YYYY-MM" in hint


def test_line_number():
    assert marks(rules.LINE_NUMBER, "2026", "7", "l. 20", "-3", "2.5") == [True, True, False, False, False]
    message, _ = rules.LINE_NUMBER.explain("l. 20")
    assert "'l. 20'" in message and "line number" in message


def test_known_places_in_albania(gazetteer):
    rule = rules.known_places(gazetteer, foreign=False)
    assert rule.name == "places"
    assert marks(rule, "Shkodrës", "Shkodër; Korçë", "Shqipëri", "Shkodrr", "Korçë; Itali") == [
        True, True, True, False, False]
    message, hint = rule.explain("Korçë; Shkodrr")
    assert message == "'Shkodrr' is not a known place"
    assert hint.startswith("did you mean 'Shkodër' (qark Shkodër)? ") and "places.csv" in hint
    _, hint = rule.explain("Bushat")  # close to no known form: no guess at all
    assert "did you mean" not in hint and "places.csv" in hint
    message, hint = rule.explain("Itali")
    assert "'Itali' is a foreign place" == message and "destinations" in hint


def test_known_places_abroad(gazetteer):
    rule = rules.known_places(gazetteer, foreign=True)
    assert rule.name == "places_foreign"
    assert marks(rule, "Itali", "Korçë") == [True, False]
    message, hint = rule.explain("Korçë")
    assert message == "'Korçë' is a place in Albania" and "places column" in hint


def test_known_places_leave_empty_cells_to_the_required_check(gazetteer):
    rule = rules.known_places(gazetteer, foreign=False)
    values = pd.Series(["Korçë", None], dtype="str")
    assert rule.test(values).tolist() == [True, True]


def test_rule_becomes_a_named_pandera_check():
    check = rules.DATE.check()
    assert check.name == "date"


def test_phase_is_a_number_or_a_rising_range_whatever_the_report_numbers():
    assert marks(rules.PHASE, "1", "3", "12", "1-2", "2-4", "2-1", "faza 3", "1-", "1–2") == [
        True, True, True, True, True, False, False, False, False]
    message, hint = rules.PHASE.explain("faza 3")
    assert "'faza 3' is not a phase" == message and "1-2" in hint


def test_claim_metric_takes_any_phase_in_its_phase_metrics():
    assert marks(rules.CLAIM_METRIC, "grants", "grants_in_phase_3", "grants_in_phase_1-2_described_after",
                 "grants_in_phase_", "grants_in_phase_x", "people") == [True, True, True, False, False, False]
    message, hint = rules.CLAIM_METRIC.explain("people")
    assert "'people' is not a claim metric" == message and "grants_in_phase_N" in hint


def test_a_plan_id_may_hold_underscores_where_other_ids_may_not():
    assert marks(rules.identifier("plan", underscores=True), "nap_2005_2007", "nrm", "Nap", "_nap") == [
        True, True, False, False]
    assert marks(rules.identifier("org"), "nap_2005_2007") == [False]
    assert "'_'" in rules.identifier("plan", underscores=True).explain("Nap")[1]
