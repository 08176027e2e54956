"""Verbatim quotes found in the source report, across line breaks, hyphenation and elisions, with their line span."""

from __future__ import annotations

from sitrep.transform.quotes import MAX_ELIDED_CHARS, SourceText, fold

SOURCE = SourceText((
    "Raporti i vitit 2006",                     # 1
    "Projekti ndihmoi 120 viktima në ri-",      # 2
    "integrimin e tyre në shoqëri.",            # 3
    "Strehëzat pritën 45 gra",                  # 4
    "dhe fëmijë nga qarku i Shkodrës.",         # 5
    "",                                         # 6
    "Fushata arriti më shumë se 1,271 të rinj.",  # 7
))


def test_fold_ignores_line_breaks_hyphens_and_spacing():
    assert fold("ri-\nintegrimin") == fold("riintegrimin") == fold("ri-integrimin")
    assert fold("  një   dy\n tre ") == "një dy tre"
    assert fold("ne\u0308") == fold("në")  # decomposed and composed forms are one


def test_a_quote_on_one_line():
    assert SOURCE.find("Raporti i vitit 2006") == 1
    assert SOURCE.lines_of("Fushata arriti më shumë se 1,271 të rinj.") == range(7, 8)


def test_a_quote_across_a_hyphenated_line_break_is_found_and_spans_both_lines():
    quote = "Projekti ndihmoi 120 viktima në riintegrimin e tyre"
    assert SOURCE.find(quote) == 2
    assert SOURCE.lines_of(quote) == range(2, 4)
    # typed with the hyphen as printed, it is the same quote
    assert SOURCE.lines_of("viktima në ri-integrimin e tyre") == range(2, 4)


def test_a_quote_across_a_plain_line_break_spans_its_lines():
    assert SOURCE.lines_of("pritën 45 gra dhe fëmijë") == range(4, 6)


def test_a_quote_starting_mid_line_starts_on_that_line():
    assert SOURCE.find("integrimin e tyre") == 3
    assert SOURCE.lines_of("e tyre në shoqëri. Strehëzat") == range(3, 5)


def test_an_elision_joins_parts_in_order():
    assert SOURCE.find("Projekti ndihmoi … në shoqëri") == 2
    assert SOURCE.lines_of("Projekti ndihmoi ... 45 gra") == range(2, 5)
    assert SOURCE.find("në shoqëri … Projekti ndihmoi") is None


def test_an_elision_does_not_skip_a_page():
    far = SourceText(("Fillimi i tekstit.", "x " * MAX_ELIDED_CHARS, "Fundi i tekstit."))
    assert far.find("Fillimi i tekstit … Fundi i tekstit") is None
    near = SourceText(("Fillimi i tekstit.", "x " * 10, "Fundi i tekstit."))
    assert near.lines_of("Fillimi i tekstit … Fundi i tekstit") == range(1, 4)


def test_a_quote_not_in_the_source():
    assert SOURCE.find("Projekti ndihmoi 121 viktima") is None
    assert SOURCE.lines_of("Projekti ndihmoi 121 viktima") is None
    assert SOURCE.find(" … ") is None


def test_read_from_a_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Rreshti i parë\nRreshti i dytë\n", encoding="utf-8")
    assert SourceText.read(path).find("Rreshti i dytë") == 2


def test_every_occurrence_of_a_repeated_quote_is_found():
    text = SourceText(("Vatra strehoi 45 gra.", "Tjetër", "Vatra strehoi 45 gra dhe", "vajza."))
    assert text.occurrences("Vatra strehoi 45 gra") == [range(1, 2), range(3, 4)]
    assert text.occurrences("strehoi 45 gra dhe vajza") == [range(3, 5)]
    assert text.occurrences("Vatra strehoi 46 gra") == []


def test_line_at_names_the_line_a_character_of_the_quote_is_printed_on():
    quote = "Projekti ndihmoi 120 viktima në riintegrimin e tyre në shoqëri. Strehëzat pritën 45 gra"
    assert SOURCE.line_at(quote, quote.index("120")) == 2
    assert SOURCE.line_at(quote, quote.index("shoqëri")) == 3
    assert SOURCE.line_at(quote, quote.index("45")) == 4
    elided = "Raporti i vitit 2006 … pritën 45 gra"
    assert SOURCE.line_at(elided, elided.index("45")) == 4
    assert SOURCE.line_at("nuk është këtu", 0) is None


REPORT = SourceText((
    "Hyrje e raportit.",                                         # 1
    "Projekti në Korçë synoi parandali-",                        # 2
    "min e trafikut dhe preku 1,271 të rinj në",                 # 3
    "qarkun e Shkodrës gjatë vitit 2006, sipas",                 # 4
    "të dhënave të organizatës.",                                # 5
))


def differences(quote: str) -> tuple[str, ...]:
    nearest = REPORT.nearest(quote)
    assert nearest is not None, quote
    return nearest.differences


def test_nearest_explains_a_word_hyphenated_at_a_line_break():
    assert REPORT.lines_of("synoi parandali min e trafikut") is None
    nearest = REPORT.nearest("synoi parandali min e trafikut")
    assert nearest.lines == range(2, 4) and nearest.passage == "synoi parandalimin e trafikut"
    assert nearest.differences == (
        "'parandali min' is one word hyphenated at the end of line 2 ('parandali-'): write 'parandalimin', "
        "or 'parandali-min'",)


def test_nearest_explains_a_changed_letter():
    assert differences("Projekti në Korce synoi") == (
        "a changed letter: 'Korce' where the text has 'Korçë' (c/ç, e/ë)",)
    assert differences("preku 1,271 të rinj ne qarkun e Shkodres") == (
        "a changed letter: 'ne' where the text has 'në' (e/ë)",
        "a changed letter: 'Shkodres' where the text has 'Shkodrës' (e/ë)")


def test_nearest_explains_extra_and_missing_words():
    assert differences("preku 1,271 të rinj në qarkun e Shkodrës gjatë 2006") == (
        "the text has 'vitit' here, which the quote leaves out (mark words you leave out with …)",)
    assert differences("preku 1,271 të rinj të tjerë në qarkun e Shkodrës") == ("'të tjerë' is not in the text here",)
    assert differences("preku 1,217 të rinj në qarkun e Shkodrës") == ("'217' where the text has '271'",)


def test_nearest_explains_spacing_capitals_and_punctuation():
    assert differences("preku 1, 271 të rinj në qarkun") == ("different spacing: ', 271' where the text has ',271'",)
    assert differences("Projekti në korçë synoi") == ("different capitals: 'korçë' where the text has 'Korçë'",)
    assert differences("gjatë vitit 2006; sipas të dhënave") == (
        "different punctuation: ';' where the text has ','",)


def test_nearest_of_a_quote_that_stops_mid_sentence_names_no_difference_at_its_ends():
    # the quote ends before the comma the text goes on with: only the changed number differs
    assert differences("në qarkun e Shkodrës gjatë vitit 2007") == ("'2007' where the text has '2006'",)


def test_nearest_hint_is_one_short_line_with_the_passage_and_the_differences():
    hint = REPORT.nearest("preku 1,217 të rinj në qarkun e Shkodrës").hint(limit=30)
    assert hint == "nearest passage, lines 3–4: 'preku 1,271 të rinj në qarkun…'; '217' where the text has '271'"
    assert "\n" not in hint


def test_nearest_of_an_elided_quote_looks_for_the_part_that_is_missing_after_the_one_found():
    nearest = REPORT.nearest("Projekti në Korçë … preku 1,272 të rinj")
    assert nearest.passage == "preku 1,271 të rinj" and nearest.lines == range(3, 4)
    assert nearest.differences == ("'272' where the text has '271'",)
    out_of_order = REPORT.nearest("preku 1,271 të rinj … Projekti në Korçë")
    assert out_of_order.differences == (
        "each part is in the text, but not in this order within 600 characters of each other",)


def test_nearest_is_none_when_nothing_is_near():
    assert REPORT.nearest("xyzzy plugh quux wibble") is None
    assert REPORT.nearest(" … ") is None


def test_nearest_finds_the_passage_in_the_committed_report_fast_enough_to_run_on_every_missing_quote():
    from sitrep import paths
    text = SourceText.read(paths.RAW / "kvktnj-2006" / "report.txt")
    quote = "i cili rezultoi në një eksperiencë trainimi (dhe jo si një kurrikulë e plotë akademike) për 105 studentë"
    nearest = text.nearest(quote)
    assert nearest.lines == range(1909, 1912) and nearest.differences == ("'105' where the text has '150'",)
