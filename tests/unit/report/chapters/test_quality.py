"""The data-quality chapter against the raw tables: what the cleaning did, what is uncertain, what is missing."""

from __future__ import annotations

import csv
import re

import pytest
from markupsafe import Markup

from conftest import SYNTHETIC_PERIOD
from sitrep import i18n
from sitrep.report import metrics
from sitrep.report.chapters import quality
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition

from rawdata import REPORT, measure, raw_rows, split

EVERYTHING = "1990-01:2030-12"  # a period that holds every dated row of the report
VIEWS = (quality.summary_view, quality.places_view, quality.numerals_view, quality.qualifiers_view,
         quality.targets_view, quality.notes_view, quality.missing_view)
NOTED = ("grants", "figures", "nap_links", "donor_programs", "events", "gov_figures", "ngo_efforts")
# The number words the report prints, read here without the project's parser.
WORDS = {"një": 1, "dy": 2, "tre": 3, "katër": 4, "pesë": 5, "shtatë": 7, "dhjetë": 10}
VICTIM_METRICS = {"victims_assisted", "victim_cases_assisted", "sheltered"}


def value_of(printed: str) -> int:
    printed = printed.strip()
    return WORDS[printed.lower()] if printed.lower() in WORDS else int(printed.replace(",", ""))


def small_victim_figures() -> list[dict[str, str]]:
    return [row for row in raw_rows("figures")
            if measure(row) in VICTIM_METRICS and 0 < value_of(row["value"]) < 10]


def test_notes_table_holds_every_note_of_the_raw_tables(dataset):
    raw = sum(1 for name in NOTED for row in raw_rows(name) if row["note"].strip())
    data = dataset(lang="en", audience="internal", period=EVERYTHING)
    view = quality.notes_view(data)
    assert quality.counts(data)["notes"] == raw == 225  # 222, and the three grantees of the US Embassy's grants
    # Identical notes are shown once, with what each row is about: every grantee is named, no id is shown.
    about = " ; ".join(view.data["About"])
    names = {row["org_id"]: row["name_en"] or row["name"] for row in raw_rows("organizations")}
    assert all(names[row["org_id"]] in about for name in ("grants", "ngo_efforts") for row in raw_rows(name))
    assert not any(row["grant_id"] in about for row in raw_rows("grants"))
    notes = set(view.data["Note"])
    assert all(row["note"].strip() in notes for name in NOTED for row in raw_rows(name) if row["note"].strip())


def test_notes_of_the_report_period_are_those_of_its_rows(dataset):
    view = quality.notes_view(dataset(lang="sq"))
    names = {row["org_id"]: row["name"] for row in raw_rows("organizations")}
    shown = " ; ".join(cell for table, cell in zip(view.data["Tabela"], view.data["Për"]) if table == "Grantet")
    assert all(names[row["org_id"]] in shown for row in raw_rows("grants") if row["note"].strip())
    assert view.notes and "206" in view.notes[0]  # 203, and the three grantees of the US Embassy's grants


def test_numerals_are_the_numbers_not_printed_as_plain_digits(dataset):
    expected = {(int(row["source_line"]), row["value"], value_of(row["value"])) for name in ("figures", "gov_figures")
                for row in raw_rows(name) if not re.fullmatch(r"\d+", row["value"].strip())}
    view = quality.numerals_view(dataset(lang="en", audience="internal", period=EVERYTHING))
    shown = set(zip(view.data["Line"], view.data["As printed"], view.data["Value"]))
    assert shown == expected
    who = set(zip(view.data["As printed"], view.data["Organization"]))
    assert ("shtatë", "International Catholic Migration Commission (ICMC)") in who
    assert ("6,293", "Institute for Applied Gender Policy (IPAG)") in who


def test_public_edition_hides_small_victim_counts_everywhere(dataset):
    small = small_victim_figures()
    assert {row["grant_id"] for row in small} == {"icmc-1", "murialdo-1", "grate-intelektuale-pogradec-1"}
    data = dataset(lang="en", audience="public")
    numerals = quality.numerals_view(data)
    victims = numerals.data[numerals.data["What is counted"].isin(
        ["victims assisted", "victims' cases assisted", "women and girls sheltered"])]
    for column in ("As printed", "Value"):
        for cell in victims[column]:
            assert isinstance(cell, str) and (cell == "<10" or value_of(cell) >= 10), cell
    hidden = " ; ".join(victims.loc[victims["Value"] == "<10", "Organization"])
    assert "International Catholic Migration Commission" in hidden and "Pogradec" in hidden
    gov14 = next(row for row in raw_rows("gov_figures") if row["figure_id"] == "gov-14")
    gov = numerals.data[numerals.data["What is counted"] == gov14["label_en"]]
    assert gov["Value"].tolist() == ["<10"] and gov["As printed"].tolist() == ["<10"]
    assert {cell["reason"] for cell in numerals.suppressed} == {"primary"} and len(numerals.suppressed) == 3
    # A note that writes the hidden count out is withheld whole, with a marker saying why.
    notes = quality.notes_view(data).data
    withheld = i18n.t("privacy.withheld", "en")
    murialdo = notes.loc[notes["About"] == "Murialdo Social Centre · victims assisted", "Note"].item()
    assert murialdo == withheld and not re.search(r"(?<![\d,])7(?!\d)", murialdo)
    gov_note = notes.loc[notes["About"] == gov14["label_en"], "Note"].item()
    assert gov_note == withheld
    assert (notes["Note"] != withheld).sum() > 20, "notes that reveal nothing stay as written"
    # No view's download holds a victim count from 1 to 9 next to a victim metric.
    for make in VIEWS:
        frame = make(data).data
        for _, row in frame.iterrows():
            text = " ".join(str(cell) for cell in row)
            if "victims assisted" in text or "sheltered" in text:
                assert not any(str(cell).strip().isdigit() and 0 < int(str(cell)) < 10 for cell in row), text


def test_internal_edition_shows_exact_values(dataset):
    data = dataset(lang="en", audience="internal")
    numerals = quality.numerals_view(data)
    icmc = numerals.data[numerals.data["Organization"].str.startswith("International Catholic Migration")]
    assert icmc["As printed"].tolist() == ["shtatë"] and icmc["Value"].tolist() == [7]
    assert not numerals.suppressed
    notes = quality.notes_view(data).data
    murialdo = notes.loc[notes["About"] == "Murialdo Social Centre · victims assisted", "Note"].item()
    assert "the 7 were victims" in murialdo
    assert quality.hidden_ids(data) == {}


def test_place_forms_are_every_printed_place_of_the_three_tables(dataset):
    forms = set()
    for name in ("grants", "donor_programs", "ngo_efforts"):
        forms |= {place for row in raw_rows(name) for place in split(row["places"])}
    view = quality.places_view(dataset(lang="en", audience="internal", period=EVERYTHING))
    assert set(view.data["As printed"]) == forms
    assert len(view.data) == len(forms)
    row = view.data[view.data["As printed"] == "Kënetës"].iloc[0]
    found = (row["Place"], row["District (rreth)"], row["County (qark)"], row["ISO 3166-2"])
    assert found == ("Kënetë", "Durrës", "Durrës", "AL-02")
    whole = view.data[view.data["As printed"] == "në të gjithë vendin"].iloc[0]
    assert whole["County (qark)"] == "whole country"
    # Each count is the number of rows of that table printing the form.
    grants = sum(1 for r in raw_rows("grants") if "Kukësit" in split(r["places"]))
    assert view.data.loc[view.data["As printed"] == "Kukësit", "Grants"].item() == grants == 2


def test_qualifiers_and_targets_match_the_raw_figures(dataset):
    figures = raw_rows("figures")
    data = dataset(lang="en")
    qualifiers = quality.qualifiers_view(data).data
    assert qualifiers["Figures"].sum() == len(figures) == len(data.figures)
    printed = {row["qualifier"] for row in figures if row["qualifier"].strip()}
    assert set(qualifiers["As printed"]) - {"(none)"} == printed
    assert dict(zip(qualifiers["As printed"], qualifiers["Standardized as"]))["afërsisht"] == "approximately"
    targets = [row for row in figures if row["is_target"].strip().lower() in ("true", "po", "yes", "1")]
    view = quality.targets_view(data)
    assert sorted(view.data["Value"]) == sorted(value_of(row["value"]) for row in targets) == [400, 7717]
    assert all(quote in set(view.data["Quote"]) for quote in (row["quote"] for row in targets))


def test_targets_are_kept_out_of_the_headline_totals(dataset):
    data = dataset(lang="en", audience="internal")
    figures = [row for row in raw_rows("figures") if row["metric"] == "prevention_reached"]
    everything = sum(value_of(row["value"]) for row in figures)
    targets = quality.targets_view(data).data
    targeted = targets.loc[targets["What is counted"] == "people reached by prevention", "Value"].sum()
    assert metrics.headline(data)["prevention_reached"] == everything - targeted


def test_missing_data_are_the_gaps_of_the_raw_tables(dataset):
    grants = raw_rows("grants")
    with_figures = {row["grant_id"] for row in raw_rows("figures")}
    with_links = {row["grant_id"] for row in raw_rows("nap_links")}
    no_place = {row["grant_id"] for row in grants if not split(row["places"])}
    no_figures = {row["grant_id"] for row in grants} - with_figures
    no_nap = {row["grant_id"] for row in grants} - with_links
    view = quality.missing_view(dataset(lang="en"))
    by_line = {int(row["source_line"]): row["grant_id"] for row in grants}
    frame = view.data.set_index(view.data["Line"].map(by_line))
    assert not set(view.data["Grant"]) & {row["grant_id"] for row in grants}, "grants are named, not given by id"
    assert set(frame.index[frame["Place"] == "missing"]) == no_place
    assert set(frame.index[frame["Figures"] == "missing"]) == no_figures == {"ccf-1", "klm-1"}
    assert set(frame.index[frame["Plan link"] == "missing"]) == no_nap == {"vatra-1"}
    assert set(frame.index) == no_place | no_figures | no_nap
    values = quality.counts(dataset())
    assert (values["no_place"], values["no_figures"], values["no_nap"]) == (len(no_place), len(no_figures), len(no_nap))
    assert values["no_quote"] == sum(1 for row in raw_rows("figures") if not row["quote"].strip()) == 0


def test_summary_cards_show_the_counts(dataset):
    view = quality.summary_view(dataset(lang="en"))
    cards = dict(view.cards)
    assert cards["figures without a quote"] == "0"
    assert cards["grants without figures"] == "2"
    assert cards["targets flagged"] == "2"
    assert len(view.cards) == len(quality.CARD_ORDER)
    assert view.data.iloc[:, 1].tolist() == [int(value.replace(",", "")) for _, value in view.cards]


def test_english_views_are_translated(dataset):
    albanian = {"mungon", "Grantet", "i saktë", "(pa cilësor)", "Shifrat e granteve", "i gjithë vendi", "Qeveria",
                "viktima të ndihmuara", "persona të arritur nga parandalimi"}
    for make in VIEWS:
        english, shqip = make(dataset(lang="en")), make(dataset(lang="sq"))
        assert english.title != shqip.title
        assert list(english.data.columns) != list(shqip.data.columns)
        cells = {str(cell) for column in english.data.columns for cell in english.data[column]}
        assert not cells & albanian, make.__name__
        assert all(note for note in english.notes)


def translations() -> dict[str, str]:
    """The committed report's note translations, read plainly."""
    with open(REPORT / "note_translations.csv", encoding="utf-8", newline="") as handle:
        return {row["note"].strip(): row["note_sq"].strip() for row in csv.DictReader(handle)}


def test_each_edition_shows_the_notes_in_its_language(dataset):
    english = quality.notes_view(dataset(lang="en", audience="internal")).data
    shqip = quality.notes_view(dataset(lang="sq", audience="internal"))
    albanian = translations()
    assert len(english) == len(shqip.data) > 150
    assert shqip.data["Shënimi"].tolist() == [albanian[note] for note in english["Note"]]
    # Every note of the 2006 report has its translation: none is marked as shown in English.
    cells = [str(cell) for cell in shqip.table["Shënimi"]]
    assert not any('lang="en"' in cell or "(pa përkthim)" in cell for cell in cells)
    assert not any("pa përkthim" in note or "nuk janë përkthyer" in note for note in shqip.notes)


def test_the_albanian_note_of_a_hidden_figure_is_withheld_too(dataset):
    notes = quality.notes_view(dataset(lang="sq", audience="public")).data
    withheld = i18n.t("privacy.withheld", "sq")
    murialdo = notes.loc[notes["Për"] == "Qendra Sociale Murialdo · viktima të ndihmuara", "Shënimi"].item()
    assert murialdo == withheld and not re.search(r"(?<![\d,])7(?!\d)|shtatë", murialdo)
    internal = quality.notes_view(dataset(lang="sq", audience="internal")).data
    label = "Qendra Sociale Murialdo · viktima të ndihmuara"
    assert "të 7 ishin viktima" in internal.loc[internal["Për"] == label, "Shënimi"].item()


def test_an_albanian_redaction_covers_the_numeral_as_a_word():
    text = "Raporti nuk thotë se të 7 ishin viktima; shtatë në gjithsej, rreshti 2279."
    expected = "Raporti nuk thotë se të <10 ishin viktima; <10 në gjithsej, rreshti 2279."
    assert quality.redact(text, 7, "shtatë", 10) == expected


def test_a_note_without_a_translation_is_shown_in_english_marked_and_counted(synthetic_clean_dir):
    data = Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang="sq", audience="public"))
    view = quality.notes_view(data)
    cells = view.table["Shënimi"].tolist()
    assert cells == ['<span class="note-untranslated">(pa përkthim)</span> <span lang="en">synthetic fixture</span>']
    assert all(isinstance(cell, Markup) for cell in cells), "the marks would be escaped as text"
    assert any(note.startswith("1 shënime (2 rreshta) nuk janë përkthyer") for note in view.notes), view.notes
    english = quality.notes_view(Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang="en")))
    assert english.table["Note"].tolist() == ["synthetic fixture"] and len(english.notes) == 1


def test_no_quality_view_shows_a_row_id(dataset):
    keys = (("grants", "grant_id"), ("donor_programs", "program_id"), ("gov_figures", "figure_id"),
            ("ngo_efforts", "effort_id"))
    ids = {row[key] for name, key in keys for row in raw_rows(name)}
    for lang in ("sq", "en"):
        data = dataset(lang=lang, audience="public", period=EVERYTHING)
        for make in VIEWS:
            view = make(data)
            words = {word for column in view.data.columns for cell in view.data[column].astype(str)
                     for word in re.findall(r"[\w.-]+", cell)}
            words |= {word for cell in view.suppressed for word in re.findall(r"[\w.-]+", cell["cell"])}
            assert not words & ids, (make.__name__, lang, words & ids)
            assert not any(re.fullmatch(r"[a-z0-9-]+-\d+\.[a-z_]+", word) for word in words), make.__name__


def test_empty_period_gives_empty_views_not_errors(dataset):
    data = dataset(period="2010-01:2010-12")
    for make in VIEWS:
        view = make(data)
        assert view.empty_message == i18n.t("empty.period", "sq"), make.__name__
    assert all(value == 0 for value in quality.counts(data).values())


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_synthetic_period_follows_the_data(synthetic_clean_dir, lang):
    data = Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang=lang, audience="public"))
    values = quality.counts(data)
    assert values["grants"] == 2 and values["targets"] == 0
    numerals = quality.numerals_view(data)
    assert "4,321" in set(numerals.data.iloc[:, 3])
    places = quality.places_view(data)
    assert {"Shkodër", "Kukës", "Vlorë"} <= set(places.data.iloc[:, 0])
    assert quality.targets_view(data).empty_message == i18n.t("quality.targets.empty", lang)


def test_redact_replaces_only_the_hidden_count():
    text = "The 7 were helped, seven in all (shtatë); line 2279 and 1,271 stay; 17 stays."
    redacted = quality.redact(text, 7, "shtatë", 10)
    assert redacted == "The <10 were helped, <10 in all (<10); line 2279 and 1,271 stay; 17 stays."


def test_no_translation_withholds_a_note_that_its_english_alone_would_show(dataset):
    # A note and its translation are withheld together: an Albanian "një" (one, a) beside "strehë" must not cost
    # either edition a note that says nothing about a hidden count.
    from sitrep.report import privacy

    data = dataset(lang="sq", audience="public", period=EVERYTHING)
    counts, figure_ids = data.hidden_counts()
    stems = privacy.victim_stems()
    albanian = translations()
    for name, key in quality.NOTED_TABLES.items():
        for row in raw_rows(name):
            note = row["note"].strip()
            if not note:
                continue
            own = name in ("figures", "gov_figures") and row.get("figure_id", "") in figure_ids
            english = privacy.reveals(note, counts, stems, about_victims=own)
            assert english or not privacy.reveals(albanian[note], counts, stems, about_victims=own), albanian[note]


def test_english_notes_mark_the_albanian_words_they_quote(dataset):
    view = quality.notes_view(dataset(lang="en"))
    quoted = "në jug të Shqipërisë"  # quoted in the note on the Gjirokastër journalists' grant
    (cell,) = [cell for cell in view.table["Note"] if quoted in str(cell)]
    assert isinstance(cell, Markup) and f'&#39;<span lang="sq">{quoted}</span>&#39;' in cell
    assert not any("<span" in note for note in view.data["Note"]), "the download keeps the plain text"
    odhir = next(str(cell) for cell in view.table["Note"] if "ODHIR" in str(cell))
    assert '<span lang="sq">ODHIR' not in odhir, "a quoted word with nothing Albanian in it is left as it is"
