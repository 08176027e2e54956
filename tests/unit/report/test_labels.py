"""Organisations are named by one rule on every page: acronym where room is short, name and acronym in full."""

from __future__ import annotations

import pandas as pd

from sitrep.report import labels

from rawdata import REPORT


def test_short_names_prefer_acronyms_and_cut_long_names_at_a_word():
    assert labels.short_name("Zyra për Mbrojtjen e Qytetarëve", "ZMQ") == "ZMQ"
    assert labels.short_name("Refleksione", None) == "Refleksione"
    assert labels.short_name("Refleksione", float("nan")) == "Refleksione"
    long = "Një organizatë me një emër shumë shumë të gjatë që nuk zë vend"
    assert labels.short_name(long) == long
    cut = labels.short_name(long, None, max_length=30)
    assert cut.endswith("…") and len(cut) <= 31 and long.startswith(cut[:-1]) and not cut[:-1].endswith(" ")


def test_full_names_add_the_acronym_once():
    assert labels.full_name("Qendra Vatra", "Vatra") == "Qendra Vatra"
    assert labels.full_name("Instituti i Punëve Sociale", "I3SP") == "Instituti i Punëve Sociale (I3SP)"
    assert labels.full_name("Refleksione", "  ") == "Refleksione"


def test_organization_names_map_every_id():
    frame = pd.DataFrame({"org_id": ["a", "b"], "name": ["Alfa Shoqata", "Beta"], "acronym": ["AS", None]})
    assert labels.organization_names(frame) == {"a": "AS", "b": "Beta"}
    assert labels.organization_names(frame, full=True) == {"a": "Alfa Shoqata (AS)", "b": "Beta"}


def test_english_editions_use_english_names_and_acronyms_and_keep_the_printed_where_none_is_given():
    frame = pd.DataFrame({
        "org_id": ["osbe", "world-bank", "bktf", "vatra"],
        "name": ["Organizata për Siguri dhe Bashkëpunim në Europë", "Banka Botërore", "Bashkë Kundër Trafikimit",
                 "Vatra"],
        "acronym": ["OSBE", None, "BKTF", None],
        "name_en": ["Organization for Security and Co-operation in Europe", "World Bank",
                    "Together Against Trafficking", None],
        "acronym_en": ["OSCE", None, None, None],
    })
    assert labels.organization_names(frame, lang="en") == {
        "osbe": "OSCE", "world-bank": "World Bank", "bktf": "BKTF", "vatra": "Vatra"}
    assert labels.organization_names(frame, full=True, lang="en")["osbe"] == (
        "Organization for Security and Co-operation in Europe (OSCE)")
    assert labels.organization_names(frame, full=True, lang="sq")["world-bank"] == "Banka Botërore"
    assert labels.original_names(frame)["osbe"] == "Organizata për Siguri dhe Bashkëpunim në Europë (OSBE)"
    assert labels.untranslated(frame, "en") == ["vatra"] and labels.untranslated(frame, "sq") == []
    assert labels.name_language(None, "en") == "sq" and labels.name_language("World Bank", "en") == "en"


def test_the_committed_donors_are_named_in_english_in_the_english_edition():
    frame = pd.read_csv(REPORT / "organizations.csv", dtype=str, keep_default_na=False)
    english = labels.organization_names(frame, full=True, lang="en")
    assert english["unicef"] == "United Nations Children's Fund (UNICEF)"
    assert english["world-bank"] == "World Bank"
    assert english["eu"] == "European Union (EU)"
    assert english["caaht"] == "Coordinated Action Against Human Trafficking (CAAHT)"
    assert labels.organization_names(frame, lang="en")["osbe"] == "OSCE"


def test_the_programme_is_named_by_its_acronym_in_the_edition_language_in_the_order_grants_give():
    organizations = pd.DataFrame({"org_id": ["fund-a", "fund-b"], "name": ["Fondi A", "Fondi B"],
                                  "acronym": ["FA", None], "name_en": ["Fund A", "Fund B"],
                                  "acronym_en": ["AF", None]})
    grants = pd.DataFrame({"program": ["fund-b", "fund-a", "fund-b", None]})
    assert labels.programme_names(grants, organizations, "sq") == "Fondi B / FA"
    assert labels.programme_names(grants, organizations, "en") == "Fund B / AF"
    assert labels.programme_names(grants.iloc[:0], organizations, "en") == ""
