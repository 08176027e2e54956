"""Counts written out in text: found in digits and in Albanian and English words, and withheld near victims."""

from __future__ import annotations

import pandas as pd
import pytest

from sitrep.report import privacy

STEMS = privacy.victim_stems()


@pytest.mark.parametrize("text, value", [
    ("…dhe ndihmoi shtatë viktima trafikimi", 7), ("Assisted 7 victims", 7), ("njëzet e pesë viktima", 25),
    ("twenty-five victims", 25), ("1,271 viktima", 1271), ("1.271 viktima", 1271), ("dy mijë viktima", 2000),
    ("një viktimë e trafikut", 1), ("victims: seven", 7), ("SHTATE viktima", 7),
])
def test_a_count_is_found_in_any_spelling_next_to_victims(text, value):
    assert value in privacy.numbers_in(text)
    assert privacy.reveals(text, {value}, STEMS)


@pytest.mark.parametrize("text", [
    "Ai preku 6362 persona nëpërmjet veprimtarisë së tij parandaluese", "1,271 fëmijë morën pjesë",
    "PKV 2005-7 për fëmijët, standardet e kujdesit për viktimat e trafikut",  # 7 is far from the victims
    "ndihmoi shtatë persona në rrezik",  # no word for victims
])
def test_a_text_without_a_hidden_count_next_to_victims_stays(text):
    assert not privacy.reveals(text, {7, 1}, STEMS)


def test_a_hidden_figures_own_text_goes_with_any_hidden_count_in_it():
    assert privacy.reveals("One of the 11 special-protection cases", {1}, STEMS, about_victims=True)
    assert not privacy.reveals("One of the 11 special-protection cases", {1}, STEMS)


def test_the_words_for_victims_come_from_the_victim_measures_and_not_from_others():
    assert {"vikti", "victi", "streh", "shelt"} <= set(STEMS)
    assert "assis" not in STEMS and "ndihm" not in STEMS  # "people at risk assisted" is not a victim measure


def test_withheld_cells_get_the_marker_and_keys_stay():
    table = pd.DataFrame({"figure_id": ["a-7", "b"], "quote": ["ndihmoi 7 viktima", "preku 6362 persona"],
                          "note": ["Assisted seven victims", ""], "value_as_printed": ["7", "6362"]})
    out = privacy.withhold_text(table, {7}, "[withheld]")
    assert out["quote"].tolist() == ["[withheld]", "preku 6362 persona"]
    assert out["note"].tolist() == ["[withheld]", ""]
    assert out["figure_id"].tolist() == ["a-7", "b"] and out["value_as_printed"].tolist() == ["7", "6362"]
    assert table["quote"].tolist()[0] == "ndihmoi 7 viktima", "the table read is not changed"


def test_nothing_is_withheld_when_nothing_is_hidden():
    table = pd.DataFrame({"quote": ["ndihmoi 7 viktima"]})
    assert privacy.withhold_text(table, set(), "[withheld]") is table


def test_the_marker_itself_reveals_nothing():
    from sitrep import i18n

    for lang in ("sq", "en"):
        marker = i18n.t("privacy.withheld", lang)
        assert not privacy.reveals(marker, set(range(1, 10)), STEMS), marker
