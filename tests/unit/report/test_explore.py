"""The exploring API: one call to load, filters that every chapter view accepts, codes apart from labels, and a
public edition's privacy in every answer."""

import inspect

import pandas as pd
import pytest

from sitrep import paths
from sitrep.errors import ParameterError
from sitrep.report import explore, metrics
from sitrep.report.chapters import district, donors, government, grants, ngos, quality, summary
from sitrep.report.dataset import phases

CHAPTERS = (district, donors, government, grants, ngos, quality, summary)


def small_victim_counts(values, min_cell=10) -> list[int]:
    shown = pd.to_numeric(pd.Series(values), errors="coerce").dropna().astype(int)
    return sorted(v for v in shown if 0 < v < min_cell)


def test_loading_takes_one_call(clean_dir):
    data = explore.load(clean_dir=str(clean_dir))
    assert (data.edition.lang, data.edition.audience) == ("sq", "public")
    assert len(data.grants) == pd.read_csv(clean_dir / "grants.csv")["grant_id"].nunique()


def test_filters_keep_only_matching_grants_and_what_hangs_on_them(clean_dir):
    data = explore.load(clean_dir=str(clean_dir))
    phase3 = explore.only(data, phase=3)
    assert 0 < len(phase3.grants) < len(data.grants)
    assert all(3 in phases(p) for p in phase3.grants["phase"])
    assert set(phase3.figures["grant_id"]) <= set(phase3.grants["grant_id"])
    raw_places = pd.read_csv(clean_dir / "grant_places.csv")
    in_kukes = set(raw_places.loc[raw_places["qark"] == "Kukës", "grant_id"])
    assert set(explore.only(data, qark="kukes").grants["grant_id"]) == in_kukes
    both = explore.only(explore.only(data, qark="Kukës"), phase=3)
    assert set(both.grants["grant_id"]) == in_kukes & set(phase3.grants["grant_id"])


@pytest.mark.parametrize("filters", [{"phase": 3}, {"qark": "Kukës"}, {"donor": "usaid"}, {"org": "iom"}],
                         ids=lambda f: next(iter(f)))
def test_every_chapter_view_accepts_a_filtered_dataset(clean_dir, filters):
    data = explore.only(explore.load(clean_dir=str(clean_dir), lang="en"), **filters)
    shown = 0
    for chapter in CHAPTERS:
        for name, view in inspect.getmembers(chapter, inspect.isfunction):
            if not name.endswith("_view") or name.startswith("_") or view.__module__ != chapter.__name__:
                continue
            needs_qark = "qark" in inspect.signature(view).parameters
            result = view(data, "Kukës") if needs_qark else view(data)
            assert result.title and isinstance(result.data, pd.DataFrame), name
            shown += 1
    assert shown >= 30


def test_unknown_filter_values_name_the_parameter(clean_dir):
    data = explore.load(clean_dir=str(clean_dir))
    with pytest.raises(ParameterError, match="parameter donor = 'nobody': no such organisation"):
        explore.only(data, donor="nobody")
    with pytest.raises(ParameterError, match="parameter phase = 7"):
        explore.only(data, phase=7)


def test_columns_are_codes_and_labels_follow_the_language(clean_dir):
    for lang in ("sq", "en"):
        data = explore.load(clean_dir=str(clean_dir), lang=lang)
        assert list(explore.reach(data).columns) == ["area", "value", "grants", "hidden"]
    sq = explore.labels(explore.reach(explore.load(clean_dir=str(clean_dir))), explore.load(clean_dir=str(clean_dir)))
    en = explore.labels(explore.reach(explore.load(clean_dir=str(clean_dir), lang="en")),
                        explore.load(clean_dir=str(clean_dir), lang="en"))
    assert list(sq.columns) != list(en.columns) and len(sq.columns) == len(en.columns) == 4


def test_a_public_edition_lets_no_small_victim_count_out(clean_dir):
    public = explore.load(clean_dir=str(clean_dir))
    internal = explore.load(clean_dir=str(clean_dir), audience="internal")
    for metric in ("victims_assisted", "sheltered"):
        exact = metrics.reach_by_bucket(internal.figures, internal.grant_places, metric)
        if metric == "victims_assisted":
            assert small_victim_counts(exact["value"]), "the data has small victim counts to hide"
        hidden = metrics.reach_by_bucket(public.figures, public.grant_places, metric)
        assert small_victim_counts(hidden["value"]) == []
        assert small_victim_counts(metrics.reach_table(public.figures, public.grant_places, metric,
                                                       grants.areas(public))["value"]) == []
        assert small_victim_counts(explore.reach(public, metric)["value"]) == []
        assert small_victim_counts(explore.by_organisation(public, metric)["value"]) == []
        for qark in ("Kukës", "Durrës", "Korçë"):  # filtering cannot bring back what the whole hides
            assert small_victim_counts(explore.reach(explore.only(public, qark=qark), metric)["value"]) == []


def test_the_internal_edition_shows_the_small_counts_the_public_one_hides(clean_dir):
    internal = explore.load(clean_dir=str(clean_dir), audience="internal")
    assert small_victim_counts(explore.by_organisation(internal)["value"])
    assert small_victim_counts(explore.reach(internal, "victims_assisted")["value"])


def test_internal_totals_by_organisation_add_up_to_the_clean_table(clean_dir):
    internal = explore.load(clean_dir=str(clean_dir), audience="internal")
    figures = pd.read_csv(clean_dir / "figures.csv")
    results = figures[(figures["metric"] == "victims_assisted") & ~figures["is_target"].astype(bool)]
    assert int(explore.by_organisation(internal)["value"].sum()) == int(results["value"].sum())


def test_donors_in_a_qark_are_those_the_tables_place_there(clean_dir):
    data = explore.load(clean_dir=str(clean_dir))
    found = explore.donors_in(data, "Kukës")
    places, roles = pd.read_csv(clean_dir / "program_places.csv"), pd.read_csv(clean_dir / "program_roles.csv")
    programs = set(places.loc[places["qark"] == "Kukës", "program_id"]) & set(data.donor_programs["program_id"])
    expected = set(roles.loc[roles["program_id"].isin(programs) & (roles["role"] == "donor"), "org_id"])
    assert set(found.loc[found["programs"] > 0, "donor"]) == expected


def test_victims_and_victims_cases_are_summed_apart_by_organisation(clean_dir):
    # AFCR "asistoi 13 raste" and Gratë Intelektuale "dy raste" (rows typed in cases): never among the persons.
    internal = explore.load(clean_dir=str(clean_dir), audience="internal")
    raw = pd.read_csv(paths.RAW / "kvktnj-2006" / "figures.csv", dtype=str, keep_default_na=False)
    cases = set(raw.loc[(raw["metric"] == "victims_assisted") & (raw["unit"] == "cases"), "grant_id"].str[:-2])
    persons = explore.by_organisation(internal, "victims_assisted").set_index("org")["value"]
    in_cases = explore.by_organisation(internal, "victim_cases_assisted").set_index("org")["value"]
    assert cases == {"afcr", "grate-intelektuale-pogradec"} == set(in_cases.index)
    assert not cases & set(persons.index)
    assert int(persons.sum()) == 133 and int(in_cases.sum()) == 15
