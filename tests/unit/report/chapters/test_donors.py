"""Chapter 3, donors and intergovernmental organisations: the views against the raw tables."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from conftest import SYNTHETIC_PERIOD
from sitrep import i18n
from sitrep.report.chapters import donors
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition

from rawdata import first_day, gazetteer_qark, raw_rows, split

EMPTY_PERIOD = "2010-01:2010-12"
VIEWS = (donors.funders_view, donors.implementers_view, donors.flow_view, donors.programmes_view)
NATIONWIDE = "në të gjithë vendin"


def last_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(parts[0], 12, 31)


def programmes_in_period(start=date(2005, 1, 1), end=date(2006, 7, 31)) -> list[dict[str, str]]:
    """The raw programmes a 2005-01:2006-07 edition holds: undated ones, and those running at some time in it
    (a programme with no end runs until the end of the report's period, July 2006)."""
    held = []
    for row in raw_rows("donor_programs"):
        if not row["start"] and not row["end"]:
            held.append(row)
            continue
        begins = first_day(row["start"]) if row["start"] else None
        ends = last_day(row["end"]) if row["end"] else date(2006, 7, 31)
        if (begins is None or begins <= end) and ends >= start:
            held.append(row)
    return held


def columns_of(row: dict[str, str], qark: dict[str, str]) -> set[str]:
    places = split(row["places"])
    found = {qark[p] for p in places if p != NATIONWIDE and qark.get(p)}
    if NATIONWIDE in places:
        found.add("national")
    return found or {"unknown"}


def expected_matrix(role_column: str) -> Counter:
    """(organisation, column) → programmes, from the raw table and the gazetteer alone."""
    qark = gazetteer_qark()
    # A programme the report names again (same_as: another channel, or one grantee's part) counts once.
    seen: dict[tuple[str, str], set[str]] = {}
    for row in programmes_in_period():
        orgs = split(row[role_column]) or (["-"] if role_column == "implementer" else [])
        for org in orgs:
            for column in columns_of(row, qark):
                seen.setdefault((org, column), set()).add(row["same_as"] or row["program_id"])
    return Counter({key: len(ids) for key, ids in seen.items()})


def shown_matrix(view, data) -> Counter:
    labels = donors.org_labels(data)
    by_label = {label: org for org, label in labels.items()}
    columns = {name: key for key, name in donors.column_names(data).items()}
    frame = view.data
    rows = zip(frame.iloc[:, 0], frame.iloc[:, 1], frame.iloc[:, 2])
    return Counter({(by_label[o], columns[c]): n for o, c, n in rows})


def test_funders_matrix_counts_programmes_a_donor_funds_in_each_place(dataset):
    data = dataset(lang="en")
    view = donors.funders_view(data)
    assert shown_matrix(view, data) == expected_matrix("donor")
    # The chart shows the same cells as the download: no more, no fewer.
    z = view.figure.data[0].z
    assert sum(1 for row in z for cell in row if cell) == len(view.data)
    assert int(sum(cell for row in z for cell in row)) == int(view.data["Programmes"].sum())


def test_implementers_matrix_is_kept_apart_from_funders(dataset):
    data = dataset(lang="en")
    funders = shown_matrix(donors.funders_view(data), data)
    implementers = shown_matrix(donors.implementers_view(data), data)
    assert implementers == expected_matrix("implementer")
    # ILO carries out the US Department of Labor's nationwide project but funds nothing nationwide.
    assert ("ilo", "national") in implementers and ("ilo", "national") not in funders
    # Vatra runs shelters in Vlorë that others fund: present as implementer only.
    assert ("vatra", "Vlorë") in implementers and not any(org == "vatra" for org, _ in funders)


def test_matrix_columns_are_the_qarqe_in_iso_order_then_national_and_unknown(dataset):
    view = donors.funders_view(dataset(lang="en"))
    columns = list(view.figure.data[0].x)
    assert columns[:3] == ["Berat", "Durrës", "Elbasan"] and columns[8] == "Dibër"  # AL-09, not alphabetical
    assert columns[-2:] == ["National", "Place unknown"] and len(columns) == 14


def test_rows_use_acronyms_and_hover_lists_escaped_titles(dataset):
    view = donors.funders_view(dataset())
    rows = list(view.figure.data[0].y)
    assert "OSBE" in rows and "USAID" in rows and "Organizata për Siguri dhe Bashkëpunim në Europë" not in rows
    hovers = [h for row in view.figure.data[0].hovertext for h in row if h]
    iom = next(h for h in hovers if "(IOM)" in h and "Vend i panjohur" in h)
    assert "5 programe" in iom and iom.count("•") == 5
    assert all("<script" not in h for h in hovers)


def test_flow_keeps_one_unit_per_programme_and_donor(dataset):
    data = dataset()
    links = donors.flow_links(data)
    # A programme named in several rows (same_as) with the same donor is one unit: the Vatra shelter's Norway.
    pairs = len({(row["same_as"] or row["program_id"], donor)
                 for row in programmes_in_period() for donor in split(row["donor"])})
    assert pairs == 63
    first = links[links["stage"] == "donor_implementer"]
    second = links[links["stage"] == "implementer_place"]
    assert first["value"].sum() == pytest.approx(pairs) and second["value"].sum() == pytest.approx(pairs)
    # Each implementer passes on exactly what it receives.
    into = first.groupby("target")["value"].sum()
    out = second.groupby("source")["value"].sum()
    assert into.round(9).to_dict() == out.round(9).to_dict()
    # The World Bank's campaign has three implementers: a third each.
    wb = first[first["source"] == "world-bank"]
    assert sorted(wb["value"].round(4)) == [0.3333] * 3


def test_flow_chart_links_match_the_download(dataset):
    view = donors.flow_view(dataset(lang="en"))
    sankey = view.figure.data[0]
    assert sum(sankey.link.value) == pytest.approx(view.data["Weight"].sum(), abs=0.01)
    labels = list(sankey.node.label)
    assert labels.count("IOM") == 2  # IOM funds and implements: one node in each column
    assert "implementer not named" in labels and "Place unknown" in labels


def test_programmes_table_has_every_programme_with_english_titles(dataset):
    raw = programmes_in_period()
    view = donors.programmes_view(dataset(lang="en"))
    assert len(view.data) == len(raw)
    assert list(view.data["Line"]) == sorted(int(row["source_line"]) for row in raw)
    assert set(view.data["Programme"]) == {row["title_en"] or row["title"] for row in raw}
    screening = view.data[view.data["Programme"].str.startswith("National project to screen")].iloc[0]
    assert screening["Places"] == "nationwide" and screening["Donors"] == "OSCE"
    title = "Promoting Safe Migration and Preventing Trafficking in Human Beings"
    safe = view.data[view.data["Programme"] == title].iloc[0]
    assert safe["Period"] == "February 2006 – January 2007"
    pillars = set(", ".join(view.data["Pillars"]).split(", "))
    assert pillars <= {"Prevention", "Protection", "Prosecution", "Coordination", "not stated"}


def test_albanian_edition_uses_printed_titles(dataset):
    view = donors.programmes_view(dataset())
    raw = programmes_in_period()
    assert set(view.data["Programi"]) == {row["title"] for row in raw}


def test_english_views_have_no_missing_or_albanian_interface_text(dataset):
    albanian = {row["sq"] for key, row in i18n.table().items()
                if key.startswith("donors.") and row["sq"] != row["en"] and len(row["sq"]) > 3}
    data = dataset(lang="en")
    for view_of in VIEWS:
        view = view_of(data)
        shown = [view.title, *view.notes, *map(str, view.data.columns)]
        for text in shown:
            assert text not in albanian, (view.name, text)
        figure = view.figure.to_plotly_json()["data"][0] if view.figure is not None else {}
        axis_labels = [str(x) for x in figure.get("x", [])] + [str(n) for n in figure.get("node", {}).get("label", [])]
        assert not set(axis_labels) & albanian
    assert not set(donors.programmes_view(data).data["Places"]) & albanian


def test_intro_values_count_programmes_and_organisations(dataset):
    raw = programmes_in_period()
    values = donors.intro_values(dataset())
    # TACT is named under four donors and the Vatra shelter under two channels: each is one programme, so the
    # 61 rows are 54 programmes (the US Embassy's grants programme is one, its three placed grantees parts of it).
    programme = {row["program_id"]: row["same_as"] or row["program_id"] for row in raw}
    assert len(raw) == 61 and values["programmes"] == len(set(programme.values())) == 54
    assert programme["usaid-tact"] == programme["norway-tact"] == "sida-tdh-tact"
    assert values["donors"] == len({d for row in raw for d in split(row["donor"])})
    placed = {programme[row["program_id"]] for row in raw if row["places"]}
    assert values["unknown"] == len(set(programme.values()) - placed)


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_empty_period_gives_empty_views_and_no_error(clean_dir, lang):
    data = Dataset(clean_dir, Edition(period=EMPTY_PERIOD, lang=lang))
    for view_of in VIEWS:
        view = view_of(data)
        assert view.empty_message, view.name
    assert donors.intro_values(data)["programmes"] == 0


def test_synthetic_period_shows_its_own_programme(synthetic_clean_dir):
    data = Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang="en"))
    view = donors.funders_view(data)
    assert view.empty_message is None
    assert list(view.data["County or place"]) == ["Korçë"]
    assert donors.flow_links(data)["value"].sum() == pytest.approx(2.0)


def test_grantees_of_the_us_embassy_grants_are_placed_only_where_the_report_prints_them(dataset):
    # Lines 1553–1558: "(Vatra, Këshilli i Shoqatave të Shërbimeve Sociale në Durrës, Mbrojtja e Grave në
    # Tiranë, IPAG dhe Në ndihmë të grave veriore të Pukës)": only three of the five are printed with a place.
    frame = donors.presence(dataset(), donors.IMPLEMENTER)
    where = frame.groupby("org_id")["column"].agg(set)
    assert not where["vatra"] & {"Durrës", "Shkodër", "Tiranë"}
    assert not where["ipag"] & {"Durrës", "Shkodër", "Tiranë"}
    assert "Durrës" in where["cssa"] and "Shkodër" in where["ndihme-grave-puke"]
    embassy = frame[frame["org_id"] == "vatra"]
    assert all("us-embassy-dg-grants" not in ids or column == "unknown"
               for column, ids in zip(embassy["column"], embassy["programs"]))
