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
