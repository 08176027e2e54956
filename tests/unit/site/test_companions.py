"""The source page, its withheld lines, chart footnotes, the link to the other language and the workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import DataError
from sitrep.site import companions, workbook

TEXT = companions.ReportText("r", "Report", (
    "Qendra ndihmoi shtatë viktima", "trafikimi gjatë vitit.", "Projekti arriti 6362 persona.", "Fund.",
))


def test_a_hidden_figures_quote_withholds_every_line_it_covers():
    assert companions.withheld_lines(TEXT, [{"line": 1, "quote": "ndihmoi shtatë viktima trafikimi"}]) == {1, 2}


def test_a_quote_not_found_withholds_its_cited_line():
    assert companions.withheld_lines(TEXT, [{"line": 3, "quote": "not in the text"}]) == {3}


def test_the_source_page_numbers_every_line_and_marks_withheld_ones():
    html = companions.render_text(TEXT, {1, 2}, "L", "[withheld]", "en")
    assert html.count("<li id=") == 4
    assert '<li id="L3"><a href="#L3">3</a>Projekti arriti 6362 persona.</li>' in html
    # without a language of its own, the marker would take the report's language from the lines around it
    assert "shtatë" not in html and html.count('<span class="withheld" lang="en">[withheld]</span>') == 2


class FakeFrame:
    def t(self, key, **values):
        return {"source.withheld": "[withheld]"}[key]


def test_footnotes_quote_their_line_or_say_it_is_withheld():
    body = ('<li data-line="3"><a href="source.html?l=3#L3">line 3</a></li>'
            '<li data-line="1"><a href="source.html?l=1#L1">line 1</a></li>')
    filled = companions.footnotes(body, [TEXT], {"r": {1, 2}}, FakeFrame())
    assert '<a href="source.html?l=3#L3">line 3</a>: <q lang="sq">Projekti arriti 6362 persona.</q>' in filled
    assert "shtatë" not in filled and "[withheld]" in filled


def test_without_a_source_text_citations_stay_text_and_footnotes_go():
    body = ('<p><a class="source-link" href="source.html?l=3#L3">Source, line 3</a></p>'
            '<details class="view-quotes"><summary>Quotes</summary><ol></ol></details>\n')
    assert companions.footnotes(body, [], {}, FakeFrame()) == "<p>Source, line 3</p>"


def test_the_other_language_is_linked_relative_to_the_site(tmp_path):
    assert companions.translation_link(tmp_path / "outputs", tmp_path / "outputs-en", "sq") == ("../outputs-en", "en")
    assert companions.translation_link(tmp_path / "en", tmp_path / "sq", "en") == ("../sq", "sq")
    assert companions.translation_link(tmp_path / "x", None, "sq") is None


def test_sheet_names_fit_excel_and_never_repeat():
    names = workbook.sheet_names(["districts-gjirokaster-shared-projects", "districts-gjirokaster-shared-projects-x",
                                  "a/b", "README"])
    assert all(len(name) <= 31 for name in names) and len({n.lower() for n in names}) == 4
    assert names[2] == "a-b" and names[3] != "README"


def test_the_workbook_has_a_readme_and_typed_cells(tmp_path: Path):
    from openpyxl import load_workbook

    text = "\ufeff" + "".join(f"{line}\n" for line in ("Qarku,Persona,Persona — gjendja", '"Kukës",6015,"shfaqur"',
                                                       '"Berat",,"fshehur"'))
    workbook.write_workbook(tmp_path / "w.xlsx", {"grants-reach.csv": text}, [("Raporti", "Titulli")], None)
    book = load_workbook(tmp_path / "w.xlsx")
    assert book.sheetnames == ["README", "grants-reach"]
    rows = list(book["grants-reach"].iter_rows(values_only=True))
    assert rows == [("Qarku", "Persona", "Persona — gjendja"), ("Kukës", 6015, "shfaqur"), ("Berat", None, "fshehur")]
    table = book["grants-reach"]
    assert table["A1"].font.b and not table["A2"].font.b and table.freeze_panes == "B2"
    readme = list(book["README"].iter_rows(values_only=True))
    assert readme == [("Raporti", "Titulli"), ("grants-reach", "grants-reach.csv")]


def test_a_cell_that_looks_like_markup_or_a_formula_reads_back_as_written(tmp_path: Path):
    from openpyxl import load_workbook

    texts = ["<r><t>x</t></r>", "=1+1", "<b>&amp;</b>", "'quoted'"]
    csv_text = "Emri,Vlera\n" + "".join(f'"{text}",{number}\n' for number, text in enumerate(texts))
    workbook.write_workbook(tmp_path / "w.xlsx", {"'odd'.csv": csv_text}, [("Raporti", "<r>Titulli</r>")], None)
    book = load_workbook(tmp_path / "w.xlsx")
    assert book.sheetnames == ["README", "odd"]
    assert [row[0] for row in book["odd"].iter_rows(min_row=2, values_only=True)] == texts
    assert next(book["README"].iter_rows(values_only=True)) == ("Raporti", "<r>Titulli</r>")


def test_a_cell_excel_cannot_hold_is_a_data_problem_named_by_its_downloads_file_row_and_column(tmp_path: Path):
    marking = "I BRENDSHËM"
    text = f"{marking}\nEmri,Citimi\nVatra,ok\nTjetra," + "x" * 40_000 + "\n"
    with pytest.raises(DataError) as raised:
        workbook.write_workbook(tmp_path / "w.xlsx", {"grants-quotes.csv": text}, [], marking)
    assert raised.value.lines() == ["data/grants-quotes.csv:4: Citimi: longer than the 32,767 characters an Excel "
                                    "cell holds (40,000) (the CSV download holds it whole; shorten the raw cell it "
                                    "comes from and build again)"]
    assert raised.value.exit_status == 1 and not (tmp_path / "w.xlsx").exists()


def test_excel_counts_a_cells_length_as_utf16_does(tmp_path: Path):
    text = "Emri\n" + "😀" * 20_000 + "\n"  # 20,000 characters, each two UTF-16 units
    with pytest.raises(DataError) as raised:
        workbook.write_workbook(tmp_path / "w.xlsx", {"reach.csv": text}, [], None)
    (line,) = raised.value.lines()
    assert line.startswith("data/reach.csv:2: Emri: longer than the 32,767 characters an Excel cell holds (40,000)")


def test_a_download_beyond_excels_last_row_is_one_problem_not_one_a_cell(tmp_path: Path, monkeypatch):
    from xlsxwriter.worksheet import Worksheet

    made = Worksheet.__init__

    def few_rows(self, *args, **kwargs):  # Excel's 1,048,576 rows, made three
        made(self, *args, **kwargs)
        self.xls_rowmax = 3

    monkeypatch.setattr(Worksheet, "__init__", few_rows)
    text = "Emri,Vlera\n" + "".join(f"Vatra,{n}\n" for n in range(5))
    with pytest.raises(DataError) as raised:
        workbook.write_workbook(tmp_path / "w.xlsx", {"reach.csv": text}, [], None, shown_as="out/data")
    assert raised.value.lines() == ["out/data/reach.csv:4: Emri: beyond the 3 rows an Excel sheet holds (the CSV "
                                    "download holds every row; the workbook cannot hold a table this long)"]


def test_the_same_workbook_is_the_same_bytes_whenever_it_is_written(tmp_path: Path, monkeypatch):
    import datetime
    import time
    import zipfile

    from openpyxl import load_workbook

    dated = datetime.datetime(2006, 7, 31)
    text = "\ufeffQarku,Persona\nKukës,6015\n"
    workbook.write_workbook(tmp_path / "a.xlsx", {"reach.csv": text}, [("Raporti", "Titulli")], None, dated)
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)  # what zip entries are dated by when nothing says otherwise
    workbook.write_workbook(tmp_path / "b.xlsx", {"reach.csv": text}, [("Raporti", "Titulli")], None, dated)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert {info.date_time for info in zipfile.ZipFile(tmp_path / "a.xlsx").infolist()} == {(2006, 7, 31, 0, 0, 0)}
    properties = load_workbook(tmp_path / "a.xlsx").properties
    assert properties.created == properties.modified == dated


def test_an_internal_workbook_marks_every_sheet_and_keeps_each_header_frozen_below_it(tmp_path: Path):
    from openpyxl import load_workbook

    marking = "INTERNAL: not for publication"
    text = f"{marking}\nQarku,Persona\nKukës,6\n"
    workbook.write_workbook(tmp_path / "w.xlsx", {"reach.csv": text}, [("Raporti", "Titulli")], marking)
    book = load_workbook(tmp_path / "w.xlsx")
    assert list(book["README"].iter_rows(values_only=True))[0][0] == marking
    table = book["reach"]
    assert list(table.iter_rows(values_only=True)) == [(marking, None), ("Qarku", "Persona"), ("Kukës", 6)]
    assert table["A2"].font.b and not table["A1"].font.b and table.freeze_panes == "B3"


def test_chart_titles_before_the_first_section_are_second_level():
    body = '<figure><h3 class="view-title">A</h3></figure><h2>S</h2><figure><h3 class="view-title">B</h3></figure>'
    assert companions.heading_order(body) == ('<figure><h2 class="view-title">A</h2></figure><h2>S</h2>'
                                              '<figure><h3 class="view-title">B</h3></figure>')


class GlossaryFrame:
    def __init__(self, lang):
        self.edition = type("Edition", (), {"lang": lang})()

    def t(self, key, **values):
        return {"source.glossary": "Abbreviations", "source.glossary_intro": "Intro", "view.line": "line"}[key]


def test_the_glossary_lists_each_reports_abbreviations_once_the_first_reports_entry_first(tmp_path):
    (tmp_path / "glossary.csv").write_text(
        "report_id,abbreviation,abbreviation_en,expansion,expansion_en,quote,source_line,note\n"
        "later,OSBE,OSCE,Organizata tjetër,Other,x,5,\n"
        "r,OSBE,OSCE,Organizata për Siguri,Organization for Security,x,149,\n"
        "r,PKV,NAP,Plani Kombëtar,National Plan,x,151,\n"
        "other,KLM,,Klinika,Clinic,x,9,\n", encoding="utf-8")
    later = companions.ReportText("later", "Later", ("",))
    rows = companions.glossary_rows(tmp_path, [TEXT, later])
    assert [(row["report_id"], row["abbreviation"]) for row in rows] == [("r", "OSBE"), ("r", "PKV")]
    english = companions.glossary_section(rows, [TEXT, later], GlossaryFrame("en"))
    assert '<dt id="g-osbe"><abbr>OSCE</abbr> (<abbr lang="sq">OSBE</abbr>)</dt>' in english
    assert 'Organization for Security <span class="glossary-printed">(<span lang="sq">Organizata për Siguri' in english
    assert 'href="?l=149#L149"' in english
    albanian = companions.glossary_section(rows, [TEXT, later], GlossaryFrame("sq"))
    assert '<dt id="g-pkv"><abbr lang="sq">PKV</abbr></dt><dd><span>Plani Kombëtar</span>' in albanian
    assert "NAP" not in albanian and companions.glossary_section([], [TEXT], GlossaryFrame("sq")) == ""


def test_without_a_source_text_glossary_links_become_their_abbreviation():
    body = '<p><a class="glossary-link" href="source.html#g-osbe"><abbr title="OSCE">OSBE</abbr></a> dhe</p>'
    assert companions.footnotes(body, [], {}, FakeFrame()) == '<p><abbr title="OSCE">OSBE</abbr> dhe</p>'


def test_the_search_box_finds_each_abbreviation_in_the_editions_language():
    rows = [{"report_id": "r", "abbreviation": "OSBE", "abbreviation_en": "OSCE", "expansion": "Organizata",
             "expansion_en": "Organization"}, {"report_id": "r", "abbreviation": "KLM", "abbreviation_en": "",
                                               "expansion": "Klinika", "expansion_en": "Clinic"}]
    english = companions.glossary_search(rows, GlossaryFrame("en"))
    assert [(e["t"], e["h"]) for e in english] == [("OSCE: Organization", "source.html#g-osbe"),
                                                   ("KLM: Clinic", "source.html#g-klm")]
    assert english[0]["x"] == "OSBE" and english[0]["p"] == "Abbreviations"
    assert companions.glossary_search(rows, GlossaryFrame("sq"))[0]["t"] == "OSBE: Organizata"
