"""The summary chapter: headline cards in the registry's order, small victim counts hidden in public editions,
and each claim of the report held against what the data count."""

from __future__ import annotations

from sitrep import i18n
from sitrep.report import metrics
from sitrep.report.chapters import summary
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS, VICTIM_METRICS

from rawdata import measure, raw_rows

# Qualifiers as the raw tables print them (data/raw/README.md), read here without the cleaning code.
APPROXIMATE = ("afërsisht", "afersisht", "rreth", "përafërsisht", "gati")
FLOOR = ("të paktën", "së paku", "minimumi", "më shumë se", "mbi", "më tepër se")


def raw_result_rows(code: str) -> list[dict[str, str]]:
    return [r for r in raw_rows("figures") if measure(r) == code and r["is_target"].strip().lower() == "false"]


def raw_qualifier(code: str) -> str:
    """'approximately' when a result the total adds is printed as approximate, 'at_least' when one is a floor."""
    printed = {r["qualifier"].strip().lower() for r in raw_result_rows(code)}
    if printed & set(APPROXIMATE):
        return "approximately"
    return "at_least" if printed & set(FLOOR) else ""


def expected_card(code: str, value: int, lang: str) -> str:
    words = {("approximately", "sq"): "rreth", ("approximately", "en"): "about",
             ("at_least", "sq"): "të paktën", ("at_least", "en"): "at least"}
    qualifier = raw_qualifier(code) if code in PEOPLE_METRICS else ""
    number = i18n.number(value, lang)
    return f"{words[qualifier, lang]} {number}" if qualifier else number


def test_headline_cards_follow_the_order_grants_organisations_people_qarqe(dataset):
    view = summary.headline_view(dataset(lang="en", audience="internal"))
    labels = [label for label, _ in view.cards]
    assert labels[2:2 + len(PEOPLE_METRICS)] == [METRICS[code].label("en") for code in PEOPLE_METRICS]
    assert len(labels) == len(PEOPLE_METRICS) + 3
    assert view.empty_message is None and view.source_lines


def test_internal_headline_shows_every_count_exactly_in_the_languages_format(dataset):
    data = dataset(lang="sq", audience="internal")
    totals = metrics.headline(data)
    view = summary.headline_view(data)
    expected = [expected_card(key, totals[key], "sq") for key in summary.HEADLINE_ORDER]
    assert [value for _, value in view.cards] == expected
    assert view.suppressed == []
    # the 2006 report: 23 grants to 21 organisations (README)
    assert view.cards[0][1] == "23" and view.cards[1][1] == "21"


def test_public_headline_hides_victim_counts_below_the_threshold_everywhere_it_shows_them(dataset):
    exact = metrics.headline(dataset(audience="internal"))
    threshold = max(exact[code] for code in PEOPLE_METRICS if code in VICTIM_METRICS) + 1
    view = summary.headline_view(dataset(lang="en", min_cell=threshold))
    hidden = {code for code in PEOPLE_METRICS if code in VICTIM_METRICS and 0 < exact[code] < threshold}
    assert hidden and {cell["cell"] for cell in view.suppressed} == hidden
    mark = f"<{threshold}"
    by_label = dict(view.cards)
    for code in hidden:
        label = METRICS[code].label("en")
        assert by_label[label] == mark
        row = view.data[view.data.iloc[:, 0] == label].iloc[0]
        assert row.iloc[1] == mark  # the download holds the mark too, never the number
    # counts of people who are not victims are shown whatever the threshold
    for code in PEOPLE_METRICS:
        if code not in VICTIM_METRICS:
            assert by_label[METRICS[code].label("en")] == expected_card(code, exact[code], "en")


def test_persons_and_cases_are_never_added_together(dataset):
    # The report prints "afërsisht 83 persona" (D&E, line 2101) and "13 raste të viktimave" (AFCR, line 2418): the
    # persons and the cases are two totals, each the sum of its own raw rows, and no total mixes the two units.
    text = (raw_rows.__globals__["REPORT"] / "report.txt").read_text(encoding="utf-8").splitlines()
    assert "83 persona" in text[2101 - 1] and "13 raste të viktimave" in " ".join(text[2417 - 1:2419])
    persons = [r for r in raw_result_rows("victims_assisted")]
    cases = [r for r in raw_result_rows("victim_cases_assisted")]
    assert {r["unit"] for r in persons} == {"persons"} and {r["unit"] for r in cases} == {"cases"}
    assert {r["grant_id"] for r in cases} == {"afcr-1", "grate-intelektuale-pogradec-1"}
    number = {"shtatë": 7, "dy": 2}
    total = lambda rows: sum(number.get(r["value"]) or int(r["value"].replace(",", "")) for r in rows)  # noqa: E731
    exact = metrics.headline(dataset(audience="internal"))
    assert exact["victims_assisted"] == total(persons) == 133 and exact["victim_cases_assisted"] == total(cases) == 15
    for code in PEOPLE_METRICS:
        assert len({r["unit"] for r in raw_result_rows(code)}) <= 1, code
    cards = dict(summary.headline_view(dataset(lang="en")).cards)
    assert cards["victims assisted"] == "about 133" and cards["victims' cases assisted"] == "15"
    assert "148" not in " ".join(cards.values())


def test_headline_totals_say_about_or_at_least_in_both_languages(dataset):
    # D&E's "afërsisht 83" makes the victims' total approximate; Berat's "më shumë se 1,193" (line 2697) makes the
    # prevention total a floor.
    assert raw_qualifier("victims_assisted") == "approximately" and raw_qualifier("prevention_reached") == "at_least"
    exact = metrics.headline(dataset(audience="internal"))
    sq, en = (dict(summary.headline_view(dataset(lang=lang)).cards) for lang in ("sq", "en"))
    assert sq["viktima të ndihmuara"] == "rreth " + i18n.number(exact["victims_assisted"], "sq")
    assert en["victims assisted"] == "about " + i18n.number(exact["victims_assisted"], "en")
    assert sq["persona të arritur nga parandalimi"] == "të paktën " + i18n.number(exact["prevention_reached"], "sq")
    assert en["people reached by prevention"] == "at least " + i18n.number(exact["prevention_reached"], "en")
    assert en["women and girls sheltered"] == i18n.number(exact["sheltered"], "en")  # every figure exact
    download = summary.headline_view(dataset(lang="en")).data
    assert set(download["Precision"]) == {"", "about", "at least"}
    assert download.set_index("Figure").at["victims assisted", "Value"] == exact["victims_assisted"]  # still a number


def test_the_people_at_risk_dorcas_assisted_are_a_headline(dataset):
    # Dorcas: "…materialeve shkollore për 514 përfitues" (line 2461).
    text = (raw_rows.__globals__["REPORT"] / "report.txt").read_text(encoding="utf-8").splitlines()
    assert "për 514" in text[2461 - 1] and text[2462 - 1].startswith("përfitues")
    cards = dict(summary.headline_view(dataset(lang="en")).cards)
    assert cards["people at risk assisted"] == "514"


def test_claim_value_counts_what_each_claim_metric_names(dataset):
    data = dataset(audience="internal")
    grants = raw_rows("grants")
    assert summary.claim_value("organizations", data, 1) == len({row["org_id"] for row in grants})
    assert summary.claim_value("grants", data, 1) == len(grants)
    assert summary.claim_value("grants_completed", data, 1) == 23
    assert summary.claim_value("grants_in_phase_3", data, 1) == 10
    assert summary.claim_value("grants_in_phase_3_described_after", data, 2391) == 9
    assert summary.claim_value("grants_in_phase_3_described_after", data, 1) == 10
    joint = [row for row in grants if row["phase"] == "1-2"]
    assert joint and summary.claim_value("grants_in_phase_1-2", data, 1) == len(joint)
    assert summary.claim_value("grants_in_phase_7", data, 1) == 0


def test_the_programme_is_named_from_the_grants_and_organisations_tables(dataset):
    organizations = {row["org_id"]: row for row in raw_rows("organizations")}
    programmes = list(dict.fromkeys(row["program"] for row in raw_rows("grants")))
    assert dataset(lang="sq").programme == " / ".join(organizations[p]["acronym"] for p in programmes)
    assert dataset(lang="en").programme == " / ".join(organizations[p]["acronym_en"] for p in programmes)
    assert dataset(lang="en").t("chapter.grants") == f"{dataset(lang='en').programme} grants"


def test_reconciliation_has_one_row_per_claim_with_the_claimed_number(dataset):
    view = summary.reconciliation_view(dataset(lang="en"))
    claims = raw_rows("claims")
    assert len(view.data) == len(claims)
    assert sorted(view.source_lines) == sorted(int(row["source_line"]) for row in claims)
    agrees = dict(zip(view.data.iloc[:, 0], view.data.iloc[:, 3]))
    yes, no, explained = (i18n.t(f"claims.{key}", "en") for key in ("yes", "no", "explained"))
    # 22 organisations claimed, 21 named, and 11 phase-3 grants claimed, 10 in the data: the report says one closed
    # half-way (line 2392). The 23 assistance/reintegration projects are 13 grants in the data, not all 23.
    english = {row["claim"]: row["claim_en"] for row in claims}  # an English page gives each claim in English
    assert set(agrees) == set(english.values())
    assert agrees[english["22 OJF"]] == explained and agrees[english["Të 23 projektet … përfunduan"]] == no
    assert agrees[english["njëmbëdhjetë grante"]] == explained and agrees[english["Nëntë programet e mbetura"]] == yes


def test_a_period_without_grants_says_so(dataset):
    view = summary.headline_view(dataset(lang="en", period="1990-01:1990-12"))
    assert view.empty_message == i18n.t("empty.period", "en")
    claims = summary.reconciliation_view(dataset(lang="en", period="1990-01:1990-12"))
    assert len(claims.data) == 0 and claims.empty_message == i18n.t("claims.empty", "en")


def test_key_messages_are_the_reports_points_in_order_glossed_only_in_english(dataset):
    typed = sorted(raw_rows("key_messages"), key=lambda row: int(row["order"]))
    albanian = summary.key_messages(dataset(lang="sq"))
    english = summary.key_messages(dataset(lang="en"))
    assert [m.id for m in albanian] == [m.id for m in english] == [row["message_id"] for row in typed]
    assert [m.quote for m in english] == [row["quote"] for row in typed]  # verbatim in both editions
    assert [m.point for m in albanian] == [row["point"] for row in typed]
    assert [m.point for m in english] == [row["point_en"] for row in typed]
    assert all(m.gloss is None for m in albanian)
    assert [m.gloss for m in english] == [row["gloss_en"] for row in typed]
    for message, row in zip(english, typed):
        assert message.first_line == int(row["source_line"]) <= message.last_line <= message.first_line + 12


def test_an_untranslated_note_of_a_key_message_is_marked_english_in_the_albanian_edition(dataset):
    albanian = {m.id: m for m in summary.key_messages(dataset(lang="sq"))}
    noted = [row for row in raw_rows("key_messages") if row["note"]]
    assert noted and all(albanian[row["message_id"]].note for row in noted)
    for message in albanian.values():
        assert message.note_lang in (None, "en")
        if message.note_lang is None and message.note:
            assert message.note not in {row["note"] for row in noted}  # the Albanian, not the English


def test_an_edition_whose_report_prints_no_key_messages_has_none(synthetic_clean_dir):
    from conftest import SYNTHETIC_PERIOD
    from sitrep.report.dataset import Dataset
    from sitrep.report.edition import Edition

    data = Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang="en", audience="public", min_cell=10))
    assert summary.key_messages(data) == []


def emitted(page) -> list[tuple[str, str]]:
    shown = []
    page._emit = lambda html, kind, **extra: shown.append((kind, html))
    return shown


def test_the_key_messages_section_quotes_each_point_in_albanian_and_links_its_lines(clean_dir):
    from sitrep.report.page import open_page

    page = open_page(page="summary", clean_dir=str(clean_dir), lang="en")
    shown = emitted(page)
    messages = summary.key_messages(page.data)
    page.key_messages(messages)
    ((kind, html),) = shown
    assert kind == "key_messages" and html.count('<blockquote class="key-message-quote" lang="sq">') == len(messages)
    for message in messages:
        href = f'href="source.html?l={message.first_line}-{message.last_line}#L{message.first_line}"'
        assert href in html
    assert "Albania remains a source country" in html and 'id="key-messages-title"' in html
    page.key_messages([])
    assert len(shown) == 1  # no section, not even its heading, when there is nothing to show
