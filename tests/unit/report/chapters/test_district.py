"""Chapter 6 (county profiles): what is present in a qark, single-qark reach only, donors vs implementers, privacy.

Expected values come from reading the raw tables (places as printed in data/raw/kvktnj-2006/grants.csv and
donor_programs.csv), not from the chapter's output.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from sitrep import i18n
from sitrep.report import metrics, privacy
from sitrep.report.chapters import district
from sitrep.report.edition import QARQE
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS

from rawdata import REPORT, measure

VIEWS = (district.map_view, district.grants_view, district.reach_view, district.shared_view,
         district.organizations_view)


def organization_column(lang: str) -> str:
    return i18n.t("district.column.organization", lang)


def reach_cells(view, lang: str = "sq") -> dict[str, object]:
    data = view.data
    return dict(zip(data[i18n.t("district.column.metric", lang)], data[i18n.t("district.column.people_here", lang)]))


def raw_total(metric: str, grant_ids: set[str] | None = None) -> int:
    with open(REPORT / "figures.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if measure(r) == metric and r["is_target"] == "false"]
    words = {"dy": 2, "shtatë": 7}
    return sum(words.get(r["value"]) or int(r["value"].replace(",", "")) for r in rows
               if grant_ids is None or r["grant_id"] in grant_ids)


def test_grants_present_in_korce(dataset):
    view = district.grants_view(dataset(), "Korçë")
    coverage = dict(zip(view.data[organization_column("sq")], view.data[i18n.t("district.column.coverage", "sq")]))
    # From the raw places: Dorcas (Korçës) and Gratë Intelektuale (Pogradecit) only here; AFCR (… Korça) and
    # IPAG (… Devollit) here and elsewhere; Rruga me Pisha across the country.
    assert coverage == {
        "Dorcas Aid International Albania": "vetëm në këtë qark",
        "Gratë Intelektuale të Pogradecit": "vetëm në këtë qark",
        "Fondacioni Shqiptar për Ndërmjetësimin dhe Zgjidhjen e Konflikteve (AFCR)": "në disa qarqe",
        "Instituti për Politikat e Aplikuara Gjinore (IPAG)": "në disa qarqe",
        "Fondacioni Rruga me Pisha": "në të gjithë vendin",
    }
    places = dict(zip(view.data[organization_column("sq")], view.data[i18n.t("district.column.places", "sq")]))
    ipag = places["Instituti për Politikat e Aplikuara Gjinore (IPAG)"]
    assert ipag == "Lezhës; Rrëshenit; Lushnjës; Përrenjasit; Devollit"


def coverage_by_hand(places: pd.DataFrame, key: str, qark: str) -> dict[str, str]:
    """Each id present in the qark → "national" if any of its places is the whole country, else "single" where
    every qark it names is this one, "several" where it names others too."""
    from sitrep.transform.places import LOCAL, NATIONAL

    national = set(places.loc[places["scope"] == NATIONAL, key])
    local = places[(places["scope"] == LOCAL) & places["qark"].notna()]
    named = {item: set(group["qark"]) for item, group in local.groupby(key)}
    return {item: "national" if item in national else "single" if named[item] == {qark} else "several"
            for item in {*national, *(item for item, qarqe in named.items() if qark in qarqe)}}


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_each_qarks_rows_of_the_join_made_for_every_qark_are_those_joined_for_it_alone(synthetic_clean_dir, lang):
    from conftest import SYNTHETIC_PERIOD
    from sitrep.report import memo
    from sitrep.report.dataset import Dataset
    from sitrep.report.edition import Edition

    joined = {"grants": (district.grants_present, "grant_places", "grant_id", "grants"),
              "efforts": (district.efforts_present, "ngo_effort_places", "effort_id", "ngo_efforts"),
              "programs": (district.programs_present, "program_places", "program_id", "donor_programs")}
    for period in ("2005-01:2006-07", SYNTHETIC_PERIOD):
        memo.clear()
        for qark in [*QARQE, "Atlantis"]:
            data = Dataset(synthetic_clean_dir, Edition(period=period, lang=lang))  # each profile a page of its own
            for name, (present, places, key, table) in joined.items():
                alone = district._with_coverage(getattr(data, table), district._coverage_in(
                    getattr(data, places), key, qark), key)
                if name == "grants":
                    alone = district._sorted_grants(data, alone)
                found = present(data, qark)
                pd.testing.assert_frame_equal(found, alone, obj=f"{period} {qark} {name}")
                assert dict(zip(found[key], found["coverage"])) == coverage_by_hand(getattr(data, places), key, qark)
        # the join for every qark is made by the first profile and taken by the eleven others
        assert memo.stats["district.grants_everywhere"]["hits"] >= len(QARQE) - 1


def test_a_place_of_an_id_its_table_lacks_has_each_qark_joined_alone(dataset):
    data = dataset()
    places = data.grant_places
    stray = pd.concat([places, places[places["scope"] == "local"].head(1).assign(grant_id="nowhere-1")],
                      ignore_index=True)
    assert district._present_everywhere(data, stray, "grant_id", data.grants) is None
    assert len(district._present_everywhere(data, places, "grant_id", data.grants)) >= len(places.drop_duplicates(
        "grant_id"))


def test_reach_counts_only_single_qark_grants(dataset):
    durres = reach_cells(district.reach_view(dataset(audience="internal"), "Durrës"))
    assert durres["Të arritur nga parandalimi"] == raw_total("prevention_reached", {"icmc-1"}) == 6362
    # Vatra 1 worked in Vlorë and Fier: its 1,890 people belong to neither county alone. Vatra 2 is the Vlorë
    # shelter (the Vatra section's heading, line 2188): its 66 women and girls are Vlorë's, and nothing else is.
    vlore = reach_cells(district.reach_view(dataset(audience="internal"), "Vlorë"))
    assert vlore["Gra e vajza të strehuara"] == raw_total("sheltered", {"vatra-2"}) == 66
    assert pd.isna(vlore["Të arritur nga parandalimi"]) or vlore["Të arritur nga parandalimi"] in (0, "0")
    shared = district.shared_view(dataset(audience="internal"), "Vlorë")
    assert list(shared.data[organization_column("sq")]) == ["Qendra Psiko-sociale e Vlorës",
                                                            "Fondacioni Rruga me Pisha"]
    assert not any(str(v).replace("\u00a0", "").isdigit() and int(str(v).replace("\u00a0", "")) > 100
                   for v in shared.data.to_numpy().ravel())  # no figures attributed


@pytest.mark.parametrize("metric", PEOPLE_METRICS)
def test_district_reach_plus_buckets_is_the_headline(dataset, metric):
    data = dataset(audience="internal")
    name = METRICS[metric].title("sq")
    total = 0
    for qark in QARQE:
        value = reach_cells(district.reach_view(data, qark))[name]
        total += 0 if pd.isna(value) else int(value)
    others = metrics.reach_by_bucket(data.figures, data.grant_places, metric).set_index("bucket")["value"]
    total += sum(int(others.get(b, 0)) for b in metrics.BUCKETS)
    assert total == metrics.headline(data)[metric] == raw_total(metric)


def test_public_edition_hides_small_victim_counts(dataset):
    public = reach_cells(district.reach_view(dataset(), "Korçë"))
    internal = reach_cells(district.reach_view(dataset(audience="internal"), "Korçë"))
    # Gratë Intelektuale's "dy raste" are victims' cases, a count of their own: never among the persons.
    cases = "Raste viktimash të ndihmuara"
    assert internal[cases] == raw_total("victim_cases_assisted", {"grate-intelektuale-pogradec-1"}) == 2
    assert raw_total("victims_assisted", {"grate-intelektuale-pogradec-1"}) == 0
    assert public[cases] == privacy.mark(10)
    view = district.reach_view(dataset(), "Korçë")
    assert view.suppressed == [{"cell": cases, "reason": "primary"}]
    assert "dy raste" not in " ".join(map(str, view.data.to_numpy().ravel()))  # the quote would give it away
    for qark in QARQE:
        for value in district.reach_view(dataset(), qark).data[i18n.t("district.column.people_here", "sq")].dropna():
            assert not (str(value).isdigit() and 0 < int(value) < 10), (qark, value)


def test_donors_are_present_only_through_programmes_here_and_roles_stay_apart(dataset):
    def roles(qark: str) -> set[tuple[str, str]]:
        view = district.organizations_view(dataset(), qark)
        return set(zip(view.data[organization_column("sq")], view.data[i18n.t("district.column.role", "sq")]))

    berat, korce = roles("Berat"), roles("Korçë")
    norway = "Ministria e Punëve të Jashtme të Norvegjisë"
    # Norway's awareness programme (2006) names Berat only.
    assert (norway, "financon programin") in berat
    assert not any(name == norway for name, _ in korce)
    # ILO's child-labour monitoring system in Korçë: the ministry implements, it does not fund.
    ministry = "Ministria e Punës, Çështjeve Sociale dhe Shanseve të Barabarta (MPÇSSHB)"
    assert (ministry, "zbaton programin") in korce and (ministry, "financon programin") not in korce
    assert ("Zyra Ndërkombëtare e Punës (ILO)", "financon programin") in korce
    assert ("Zyra Ndërkombëtare e Punës (ILO)", "zbaton programin") in korce


def test_qark_with_no_activity_says_so_plainly(synthetic_clean_dir):
    from sitrep.report.dataset import Dataset
    from sitrep.report.edition import Edition

    data = Dataset(synthetic_clean_dir, Edition(period="2007-01:2007-06"))
    key, values = district.intro(data, "Berat")
    assert key == "district.intro.none" and values == {"qark": "Berat"}
    for make in VIEWS[1:]:
        assert make(data, "Berat").empty_message, make.__name__
    assert district.map_view(data, "Berat").figure is not None  # the map still shows where it lies
    key, _ = district.intro(data, "Vlorë")
    assert key == "district.intro"


def test_empty_period_gives_messages_not_errors(dataset):
    data = dataset(period="2010-01:2010-12")
    assert district.intro(data, "Korçë")[0] == "district.intro.none"
    for make in VIEWS:
        assert make(data, "Korçë").empty_message, make.__name__


def test_english_pages_have_no_albanian_interface_words(dataset):
    data = dataset(lang="en")
    albanian = (
        "qark",
        "Qarku",
        "vetëm",
        "disa qarqe",
        "gjithë",
        "financon",
        "zbaton",
        "grantmarrës",
        "Faza",
        "Treguesi",
        "Persona",
        "parandalim",
        "strehim",
        "rreshti",
    )
    for qark in ("Korçë", "Lezhë", "Tiranë"):
        for make in VIEWS:
            view = make(data, qark)
            texts = [view.title, *view.notes, *(view.empty_message or "",), *map(str, view.data.columns)]
            for column in ("Coverage", "Role", "Phase", "Count", "Where its figures are counted", "This county"):
                if column in view.data:
                    texts += [str(v) for v in view.data[column]]
            for text in texts:
                assert not any(word in text for word in albanian), (view.name, text)
        key, values = district.intro(data, qark)
        assert "qark" not in data.t(key, period="x", **values).replace(qark, "")


def test_view_names_are_unique_on_a_page(dataset):
    names = [make(dataset(), "Korçë").name for make in VIEWS]
    assert len(names) == len(set(names))


def test_map_outlines_the_qark(dataset):
    view = district.map_view(dataset(), "Gjirokastër")
    outlines = [trace for trace in view.figure.data if trace.type == "choropleth" and trace.hoverinfo == "skip"]
    assert [list(trace.locations) for trace in outlines] == [["Gjirokastër"]]
