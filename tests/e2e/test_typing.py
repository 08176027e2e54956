"""Typing the next report as people do: Excel's files and habits, tables with no rows, a new report's folder."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from sitrep import paths

from sitebuild import copy_tree, sitrep, sitrep_in_process

pytestmark = pytest.mark.slow
SYNTHETIC = "synthetic-2007"


def rows(folder, name, report=SYNTHETIC):
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row.get("report_id", report) == report]


def raw_rows(report, name):
    with open(report / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path, records, delimiter, encoding):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(records)


def test_a_report_typed_in_excel_cleans_to_the_same_tables(tmp_path, two_reports_raw, synthetic_clean_dir):
    """Semicolon and tab CSVs, a workbook with typed numbers, dates and booleans, day-first dates, E VËRTETË."""
    raw = copy_tree(two_reports_raw, tmp_path / "raw")
    report = raw / SYNTHETIC
    # What Excel saves in an Albanian locale: semicolons, Windows-1250; 'Text (Tab delimited)' for another table.
    grants = raw_rows(report, "grants")
    write_csv(report / "grants.csv", grants, ";", "cp1250")
    write_csv(report / "organizations.csv", raw_rows(report, "organizations"), "\t", "utf-8-sig")
    gov = raw_rows(report, "gov_figures")
    for row in gov:
        row["victim_related"] = {"false": "E RREMË", "true": "E VËRTETË"}[row["victim_related"]]
    write_csv(report / "gov_figures.csv", gov, ",", "utf-8")
    # Figures and events as sheets of one workbook, typed as Excel types them: numbers, booleans, dates.
    book = openpyxl.Workbook()
    book.remove(book.active)
    figures = raw_rows(report, "figures")
    sheet = book.create_sheet("figures")
    sheet.append(list(figures[0]))
    for row in figures:
        typed = dict(row, value=int(row["value"].replace(",", "")), is_target=row["is_target"] == "true",
                     source_line=int(row["source_line"]))
        sheet.append([None if typed[column] == "" else typed[column] for column in figures[0]])
        sheet.cell(sheet.max_row, 3).number_format = "#,##0"
    events = raw_rows(report, "events")
    sheet = book.create_sheet("events")
    sheet.append(list(events[0]))
    for row in events:
        sheet.append([date.fromisoformat(row["date"]) if column == "date" else row[column] or None for column in row])
        sheet.cell(sheet.max_row, 1).number_format = "dd.mm.yyyy"
    book.save(report / "tabelat.xlsx")
    (report / "figures.csv").unlink()
    (report / "events.csv").unlink()
    clean = tmp_path / "clean"
    run = sitrep("clean", "--raw", str(raw), "--clean", str(clean))
    assert run.returncode == 0, run.stderr
    for name in ("grants", "organizations", "gov_figures", "grant_places", "events"):
        assert rows(clean, name) == rows(synthetic_clean_dir, name), name
    typed, expected = rows(clean, "figures"), rows(synthetic_clean_dir, "figures")
    assert [row["value"] for row in typed] == [row["value"] for row in expected] == ["4321", "25", "12", "30"]
    # The number Excel holds is 4321 however it is shown; it is never 4321.0.
    assert [row["value_as_printed"] for row in typed] == ["4321", "25", "12", "30"]
    for row in typed + expected:
        del row["value_as_printed"]
    assert typed == expected


def test_both_a_csv_and_a_sheet_of_one_table_is_one_line(tmp_path, two_reports_raw):
    raw = copy_tree(two_reports_raw, tmp_path / "raw")
    book = openpyxl.Workbook()
    book.active.title = "claims"
    book.active.append(["claim_id"])
    book.save(raw / SYNTHETIC / "tabelat.xlsx")
    run = sitrep("clean", "--raw", str(raw), "--clean", str(tmp_path / "clean"))
    assert run.returncode == 1
    (line, summary) = run.stderr.strip().splitlines()
    assert line.endswith(f"{SYNTHETIC}/claims.csv: is also the sheet {raw / SYNTHETIC / 'tabelat.xlsx'}[claims] "
                         "(keep one of them: delete the CSV or the sheet)"), line
    assert "1 problem" in summary
    assert not (tmp_path / "clean").exists()


def test_a_semicolon_file_is_read_not_refused_cell_by_cell(tmp_path, two_reports_raw, synthetic_clean_dir):
    raw = copy_tree(two_reports_raw, tmp_path / "raw")
    figures = raw / SYNTHETIC / "figures.csv"
    write_csv(figures, raw_rows(raw / SYNTHETIC, "figures"), ";", "utf-8-sig")
    assert "4,321;" in figures.read_text(encoding="utf-8-sig")  # the thousands comma is a plain character now
    run = sitrep("clean", "--raw", str(raw), "--clean", str(tmp_path / "clean"))
    assert run.returncode == 0, run.stderr
    assert rows(tmp_path / "clean", "figures") == rows(synthetic_clean_dir, "figures")


# A table reduced to its header takes with it the rows that refer to it: a report with no grants has no figures.
DEPENDENTS = {
    "grants": ("figures", "nap_links"),
    "organizations": ("grants", "figures", "nap_links", "ngo_efforts", "donor_programs"),
}
TABLES = ("organizations", "grants", "figures", "nap_links", "nap_structure", "donor_programs", "events",
          "gov_figures", "ngo_efforts", "claims", "key_messages", "glossary")


@pytest.mark.parametrize("table", TABLES)
def test_a_table_with_a_header_and_no_rows_cleans(tmp_path, two_reports_raw, synthetic_clean_dir, table):
    raw = copy_tree(two_reports_raw, tmp_path / "raw")
    emptied = (table, *DEPENDENTS.get(table, ()))
    for name in emptied:
        path = raw / SYNTHETIC / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    clean = tmp_path / "clean"
    run = sitrep_in_process("clean", "--raw", str(raw), "--clean", str(clean))
    assert run.returncode == 0, run.stderr
    for name in TABLES:
        kept = rows(clean, name)
        if name in emptied:
            assert kept == [], name
        else:
            assert kept == rows(synthetic_clean_dir, name), name
        assert rows(clean, name, "kvktnj-2006") == rows(synthetic_clean_dir, name, "kvktnj-2006"), name


def test_a_missing_table_is_one_line(tmp_path, two_reports_raw):
    raw = copy_tree(two_reports_raw, tmp_path / "raw")
    (raw / SYNTHETIC / "nap_links.csv").unlink()
    run = sitrep("clean", "--raw", str(raw), "--clean", str(tmp_path / "clean"))
    assert run.returncode == 1
    line, summary = run.stderr.strip().splitlines()
    assert line.endswith(f"{SYNTHETIC}/nap_links.csv: file is missing (every raw table listed in data/raw/README.md "
                         "must exist: as nap_links.csv or as a workbook's sheet 'nap_links')"), line


def test_a_new_report_says_what_is_left_to_fill_then_cleans(tmp_path, two_reports_raw, synthetic_clean_dir):
    raw = copy_tree(two_reports_raw, tmp_path / "raw")
    text = tmp_path / "raporti-2008.txt"
    text.write_text("Raporti provë i vitit 2008\nAsnjë grant nuk u dha.\n", encoding="utf-8")
    run = sitrep("new-report", "prove-2008", "--period", "2008-01:2008-12", "--text", str(text), "--raw", str(raw))
    assert run.returncode == 0, run.stderr
    assert "prove-2008" in run.stdout and "required" in run.stdout
    again = sitrep("new-report", "prove-2008", "--period", "2008-01:2008-12", "--raw", str(raw))
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1
    assert "already exists" in again.stderr

    clean = tmp_path / "clean"
    run = sitrep("clean", "--raw", str(raw), "--clean", str(clean))
    assert run.returncode == 1
    *lines, summary = run.stderr.strip().splitlines()
    toml = raw / "prove-2008" / "report.toml"
    left = ("language", "licence", "published", "publisher", "short", "title")
    assert sorted(lines) == [f"{toml}: {key}: {line}" for key, line in zip(left, (
        "is empty (give language of the text: sq or en)",
        "is empty (give the licence or terms under which the text is used, in the report's language)",
        "is empty (give publication date, YYYY-MM or YYYY-MM-DD)",
        "is empty (give who published it, as a citation names them (e.g. 'KVKTNj (USAID)'))",
        "is empty (give the short name citations use beside a line number (e.g. 'KVKTNj'))",
        "is empty (give the title as printed, in the report's language)",
    ))]
    assert summary == "sitrep: 6 problem(s); nothing was written"

    source = toml.read_text(encoding="utf-8")
    for key, value in (("title", "Raporti provë"), ("publisher", "Botuesi Provë"), ("short", "Provë"),
                       ("published", "2009-02"), ("language", "sq"), ("licence", "vetëm për prova")):
        source = source.replace(f'\n{key} = ""\n', f'\n{key} = "{value}"\n')
    toml.write_text(source, encoding="utf-8")
    run = sitrep("clean", "--raw", str(raw), "--clean", str(clean))
    assert run.returncode == 0, run.stderr
    assert [row["id"] for row in rows(clean, "reports")] == ["kvktnj-2006", SYNTHETIC, "prove-2008"]
    for name in TABLES:
        assert rows(clean, name, "prove-2008") == [], name
        assert rows(clean, name, SYNTHETIC) == rows(synthetic_clean_dir, name), name


def test_a_village_the_gazetteer_lacks_is_added_by_its_own_reports_places_csv(tmp_path, two_reports_raw,
                                                                              synthetic_clean_dir):
    raw = copy_tree(two_reports_raw, tmp_path / "raw")
    shared = (paths.REFERENCE / "gazetteer.csv").read_bytes()
    grants = raw / SYNTHETIC / "grants.csv"
    grants.write_text(grants.read_text(encoding="utf-8").replace("Shkodër; Kukës", "Bushat; Kukës"), encoding="utf-8")
    clean = tmp_path / "clean"
    run = sitrep("clean", "--raw", str(raw), "--clean", str(clean))
    assert run.returncode == 1
    line, summary = run.stderr.strip().splitlines()
    assert line.endswith(f"{SYNTHETIC}/grants.csv:2: places: 'Bushat' is not a known place (a genuine place the "
                         "gazetteer lacks goes into the report's places.csv (data/raw/README.md, 'Places'))"), line
    assert "Mat" not in line  # a district of another qark: a wrong suggestion is worse than none

    places = raw / SYNTHETIC / "places.csv"
    places.write_text("form,place,kind,rreth,qark,note\nBushat,Bushat,village,Shkodër,Shkodër,a village of Shkodër\n",
                      encoding="utf-8")
    run = sitrep("clean", "--raw", str(raw), "--clean", str(clean))
    assert run.returncode == 0, run.stderr
    placed = {(row["place_as_printed"], row["place"], row["qark"], row["scope"]) for row in rows(clean, "grant_places")
              if row["grant_id"] == "stv-1"}
    assert placed == {("Bushat", "Bushat", "Shkodër", "local"), ("Kukës", "Kukës", "Kukës", "local")}
    assert rows(clean, "grant_places", "kvktnj-2006") == rows(synthetic_clean_dir, "grant_places", "kvktnj-2006")
    assert (paths.REFERENCE / "gazetteer.csv").read_bytes() == shared

    # The addition is the report's own: another report writing Bushat is still told.
    other = raw / "kvktnj-2006" / "ngo_efforts.csv"
    lines = other.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    first = next(csv.reader([lines[1]]))
    first[header.index("places")] = "Bushat"
    with open(other, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, first, *csv.reader(lines[2:])])
    run = sitrep("clean", "--raw", str(raw), "--clean", str(clean))
    assert run.returncode == 1
    assert "kvktnj-2006/ngo_efforts.csv:2: places: 'Bushat' is not a known place" in run.stderr, run.stderr
