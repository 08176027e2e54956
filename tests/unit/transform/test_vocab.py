"""The metric registry (metrics.csv) is the one list of measures: every measure is a row, and a bad row is refused."""

from __future__ import annotations

import csv
import shutil

import pytest

from sitrep import i18n
from sitrep.transform import vocab


def test_every_measure_has_labels_in_every_language_of_the_site():
    for metric in vocab.METRICS.values():
        for lang in i18n.LOCALES:
            assert metric.label(lang).strip() and metric.title(lang).strip(), (metric.code, lang)


def test_headline_people_counts_come_in_registry_order_and_victim_flags_follow_the_rows():
    with open(vocab.METRICS_FILE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    headline = sorted((row for row in rows if row["headline"]), key=lambda row: int(row["headline"]))
    assert vocab.PEOPLE_METRICS == tuple(row["metric"] for row in headline)
    assert set(vocab.VICTIM_METRICS) == {row["metric"] for row in rows if row["victim_related"] == "true"}
    assert all(vocab.METRICS[m].kind == "people" and vocab.METRICS[m].colour for m in vocab.PEOPLE_METRICS)


def test_a_new_measure_is_one_row(tmp_path):
    registry = tmp_path / "metrics.csv"
    shutil.copyfile(vocab.METRICS_FILE, registry)
    with open(registry, "a", encoding="utf-8") as handle:
        handle.write("people_referred,people,true,5,#56B4E9,#reached+referred,persona të referuar,people referred,"
                     "Persona të referuar,People referred\n")
    metrics = vocab.read_metrics(registry)
    referred = metrics["people_referred"]
    assert referred.victim_related and referred.headline == 5 and referred.title("en") == "People referred"
    assert len(metrics) == len(vocab.METRICS) + 1


@pytest.mark.parametrize("column, bad, message", [
    ("kind", "persons", "kind: 'persons' is not one of"),
    ("victim_related", "yes", "victim_related: 'yes' is not true or false"),
    ("label_en", "", "label: every measure needs a label"),
    ("unit", "people", "unit: 'people' is not one of"),
    ("of", "pages", "of: 'pages' is not a measure of the same kind"),
])
def test_a_malformed_row_names_file_row_and_column(tmp_path, column, bad, message):
    with open(vocab.METRICS_FILE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[2][column] = bad
    registry = tmp_path / "metrics.csv"
    with open(registry, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ValueError, match=f"metrics.csv:4: {message}"):
        vocab.read_metrics(registry)


def test_a_second_headline_with_the_same_order_is_refused(tmp_path):
    text = vocab.METRICS_FILE.read_text(encoding="utf-8")
    text = text.replace("people_assisted,people,false,7,", "people_assisted,people,false,1,")
    registry = tmp_path / "metrics.csv"
    registry.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="headline"):
        vocab.read_metrics(registry)


def test_a_figure_in_cases_is_a_measure_of_its_own_never_the_persons_one():
    assert vocab.measure_of("victims_assisted", "persons") == "victims_assisted"
    assert vocab.measure_of("victims_assisted", "cases") == "victim_cases_assisted"
    assert vocab.measure_of("sheltered", "cases") is None
    assert vocab.units_of("victims_assisted") == ["persons", "cases"]
    cases = vocab.METRICS["victim_cases_assisted"]
    assert cases.unit == "cases" and cases.victim_related and cases.label("en") != vocab.METRICS[cases.of].label("en")
    assert "victim_cases_assisted" not in vocab.TYPED_METRICS and "victims_assisted" in vocab.TYPED_METRICS
