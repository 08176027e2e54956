"""Chapter 5, NGOs and coalitions: the views against the raw tables, in both languages, audiences and periods."""

from __future__ import annotations

import pytest

from conftest import SYNTHETIC_PERIOD
from sitrep import i18n
from sitrep.report.chapters import ngos
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition

from rawdata import gazetteer_qark, raw_rows, split

VIEWS = (ngos.activities_view, ngos.places_view, ngos.organizations_view)


def organisation_names(lang: str = "sq") -> dict[str, str]:
    """The name each edition shows: the English name in English editions where the table gives one."""
    return {row["org_id"]: (row["name_en"] if lang == "en" and row["name_en"] else row["name"])
            for row in raw_rows("organizations")}


def test_activity_matrix_holds_every_activity_of_the_raw_table(dataset):
    efforts = raw_rows("ngo_efforts")
    names = organisation_names("en")
    expected = {(names[row["org_id"]], activity) for row in efforts for activity in split(row["activities"])}
    view = ngos.activities_view(dataset(lang="en"))
    shown = {(organisation.split(" (")[0], activity)
             for organisation, activity in zip(view.data["Organization"], view.data["Activity"])}
    english = {key: i18n.t(f"ngos.activity.{key}", "en") for key in {a for _, a in expected}}
    assert shown == {(name, english[activity]) for name, activity in expected}
    assert len(view.data) == sum(len(split(row["activities"])) for row in efforts) == 38
    # Every filled cell of the chart is one row of the download, and nothing else is filled.
    grid = view.figure.data[0].z
    assert sum(1 for row in grid for cell in row if cell) == len(view.data)


def test_activity_matrix_hover_is_the_organisations_quote(dataset):
    view = ngos.activities_view(dataset())
    hovers = [cell for row in view.figure.data[0].hovertext for cell in row if cell]
    cssa = next(h for h in hovers if "CSSA" in h).replace("<br>", " ")
    assert "Këshilli i Shoqatave të Shërbimeve Sociale" in cssa
    assert "ka ndërmarrë përpjekje antitrafikim" in cssa
    assert all("<br>" in h for h in hovers)


def test_places_matrix_puts_each_organisation_in_the_qarqe_of_its_printed_places(dataset):
    qark_of = gazetteer_qark()
    names = organisation_names("en")
    expected = {}
    for row in raw_rows("ngo_efforts"):
        places = split(row["places"])
        expected[names[row["org_id"]]] = {qark_of[place] for place in places} or {"Place unknown"}
    view = ngos.places_view(dataset(lang="en"))
    shown: dict[str, set[str]] = {}
    for organisation, qark in zip(view.data["Organization"], view.data["County"]):
        shown.setdefault(organisation.split(" (")[0], set()).add(qark)
    assert shown == expected
    assert shown["Counselling Line for Women and Girls"] == {"Tiranë", "Shkodër", "Korçë", "Berat"}
    assert shown["Council of Social Services Associations"] == {"Durrës"}
    columns = list(view.figure.data[0].x)
    assert columns[:12] == ["Berat", "Durrës", "Elbasan", "Fier", "Gjirokastër", "Korçë",
                            "Kukës", "Lezhë", "Dibër", "Shkodër", "Tiranë", "Vlorë"]
    assert columns[12:] == ["National", "Place unknown"]


def test_places_matrix_lists_organisations_with_known_places_first(dataset):
    view = ngos.places_view(dataset(lang="en"))
    rows = list(view.figure.data[0].y)
    unknown = [r for r in rows if r in {"BKTF", "TACT", "ISS", "ZMQ", "CRCA"}]
    assert rows[-len(unknown):] == unknown and len(unknown) == 5


def test_table_has_one_row_per_organisation_with_places_as_printed(dataset):
    efforts = raw_rows("ngo_efforts")
    view = ngos.organizations_view(dataset(lang="sq"))
    assert len(view.data) == len(efforts) == 12
    by_line = {int(row["source_line"]): row for row in efforts}
    for _, row in view.data.iterrows():
        raw = by_line[row["Rreshti"]]
        printed = split(raw["places"])
        assert row["Vendet (siç janë shtypur)"] == (", ".join(printed) if printed else "pa vend të emërtuar")
        assert len(row["Veprimtaritë"].split(", ")) == len(split(raw["activities"]))
    assert "Zyra për Mbrojtjen e Qytetarëve (ZMQ)" in set(view.data["Organizata"])
    assert view.source_lines == sorted(int(row["source_line"]) for row in efforts)


def test_text_values_count_from_the_raw_table(dataset):
    efforts = raw_rows("ngo_efforts")
    values = ngos.text_values(dataset(lang="en"))
    with_place = {row["org_id"] for row in efforts if split(row["places"])}
    counts: dict[str, int] = {}
    for row in efforts:
        for activity in split(row["activities"]):
            counts[activity] = counts.get(activity, 0) + 1
    assert values["organizations"] == len({row["org_id"] for row in efforts})
    assert values["with_place"] == len(with_place) == 7
    assert values["without_place"] == values["organizations"] - len(with_place)
    assert values["top_count"] == max(counts.values())
    assert values["top_activity"] == "Prevention"


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_public_and_internal_editions_show_the_same(dataset, lang):
    # The section holds no victim counts: nothing is hidden, so both audiences see the same.
    for view in VIEWS:
        public, internal = view(dataset(lang=lang, audience="public")), view(dataset(lang=lang, audience="internal"))
        assert public.data.equals(internal.data)
        assert not public.suppressed


def test_english_views_are_translated(dataset):
    albanian = {i18n.t(f"ngos.activity.{a}", "sq") for a in ngos.NGO_ACTIVITIES} | {"Vend i panjohur", "Kombëtar",
                                                                                       "pa vend të emërtuar"}
    for view in VIEWS:
        english, shqip = view(dataset(lang="en")), view(dataset(lang="sq"))
        assert english.title != shqip.title
        assert list(english.data.columns) != list(shqip.data.columns)
        cells = {str(cell) for column in english.data.columns for cell in english.data[column]}
        for cell in cells:
            assert not any(word == part for word in albanian for part in cell.split(", ")), cell
        assert all(note for note in english.notes)
    figure = ngos.activities_view(dataset(lang="en")).figure
    assert "Legal aid" in figure.data[0].x and "Ndihmë ligjore" not in figure.data[0].x


def test_empty_period_gives_empty_views_not_errors(dataset):
    data = dataset(period="2010-01:2010-12")
    for view in VIEWS:
        shown = view(data)
        assert shown.empty_message == i18n.t("ngos.empty", "sq")
        assert shown.figure is None and shown.data.empty
    assert ngos.text_values(data)["organizations"] == 0


def test_synthetic_period_follows_the_data(synthetic_clean_dir):
    data = Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang="en"))
    places = ngos.places_view(data)
    assert list(places.data["County"]) == ["Vlorë"]
    activities = ngos.activities_view(data)
    assert set(activities.data["Activity"]) == {"Shelter", "Training"}
    assert ngos.organizations_view(data).data["Places (as printed)"].tolist() == ["Vlorë"]


def test_the_opening_names_the_activities_the_period_describes(synthetic_clean_dir):
    from sitrep.report.dataset import Dataset
    from sitrep.report.edition import Edition

    later = Dataset(synthetic_clean_dir, Edition(period="2007-01:2007-06", lang="en"))
    # The synthetic report's one effort: shelter and training (tests/fixtures/synthetic-2007/ngo_efforts.csv).
    assert ngos.intro_key(later) == "ngos.intro"
    assert set(ngos.text_values(later)["activities"].split(", ")) == {
        ngos.activity_name("shelter", "en"), ngos.activity_name("training", "en")}
    assert ngos.intro_key(Dataset(synthetic_clean_dir, Edition(period="2010-01:2010-12"))) == "ngos.intro.none"
