"""Chapter 2, government efforts: the views against the raw tables, in both languages, audiences and periods."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import SYNTHETIC_PERIOD
from sitrep import i18n
from sitrep.report import metrics
from sitrep.report.chapters import government
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition

from rawdata import first_day, raw_rows


def plan_name(plan: str, lang: str) -> str:
    """The plan's name as plans.csv gives it in `lang`."""
    row = next(row for row in raw_rows("plans") if row["plan"] == plan)
    return row["name_en" if lang == "en" else "name"]

EMPTY_PERIOD = "2010-01:2010-12"
VIEWS = (government.timeline_view, government.events_view, government.nap_view, government.figures_view,
         government.structures_view)
ACT_KINDS = {"strategy", "action_plan", "law", "agreement", "order", "decision", "institution"}


def expected_acts() -> list[dict[str, str]]:
    """Acts of the state, worked out from the raw tables: policy kinds, unless every actor is a known non-state body."""
    types = {row["org_id"]: row["org_type"] for row in raw_rows("organizations")}
    acts = []
    for row in raw_rows("events"):
        actors = [a.strip() for a in row["actors"].split(";") if a.strip()]
        known = [types[a] for a in actors if a in types]
        not_state = actors and len(known) == len(actors) and all(t != "government" for t in known)
        if row["kind"] in ACT_KINDS and not not_state:
            acts.append(row)
    return acts


def cells(view) -> list[str]:
    return [str(v) for column in view.data.columns for v in view.data[column].tolist()]


# --- the timeline and the table of acts -------------------------------------------------------------

def test_acts_are_the_states_policy_acts_of_the_raw_events(dataset):
    expected = expected_acts()
    view = government.events_view(dataset())
    assert len(view.data) == len(expected) == 10
    assert sorted(view.data["Rreshti"].tolist()) == sorted(int(row["source_line"]) for row in expected)
    labels = set(view.data["Akti"])
    assert "Strategjia Kombëtare Antitrafikim 2001-2004" in labels  # the state's, before the period
    assert not any("Konventa për Format" in label for label in labels)  # the ILO's convention
    assert not any("KVKTNj dhe TACT u rinovuan" in label for label in labels)  # a donor's own decision


def test_acts_within_the_period_are_marked_and_the_rest_is_background(dataset):
    start, end = date(2005, 1, 1), date(2006, 7, 31)
    inside = [row for row in expected_acts() if start <= first_day(row["date"]) <= end]
    view = government.timeline_view(dataset(lang="en"))
    column = view.data["Reporting period"]
    assert (column == "within the period").sum() == len(inside) == 5
    assert set(column) == {"within the period", "before the period"}
    filled = [trace for trace in view.figure.data if trace.showlegend is False and trace.marker.color != "white"]
    hollow = [trace for trace in view.figure.data if trace.showlegend is False and trace.marker.color == "white"]
    assert sum(len(t.x) for t in filled) == 5 and sum(len(t.x) for t in hollow) == 5


def test_timeline_lanes_are_translated_kinds_and_hover_holds_label_date_and_quote(dataset):
    view = government.timeline_view(dataset(lang="en"))
    lanes = list(view.figure.layout.yaxis.ticktext)
    assert lanes == ["Strategy", "Action plan", "Law", "Agreement", "Order"]
    hovers = [h for trace in view.figure.data if trace.hovertext is not None for h in trace.hovertext]
    greece = next(h for h in hovers if "Greece" in h)
    assert "27 February 2006" in greece and "marrëveshja dypalëshe" in greece.lower()
    assert all("<script" not in h for h in hovers)


def test_event_dates_are_only_as_precise_as_printed(dataset):
    table = government.events_view(dataset(lang="en")).table
    dates = [d.replace("\u00a0", " ") for d in table["Date"]]
    assert dates[0] == "2001" and "February 2004" in dates and "23 February 2005" in dates


# --- the national plans --------------------------------------------------------------------------------

def test_nap_counts_each_grant_once_per_row_from_the_raw_links(dataset):
    links = raw_rows("nap_links")
    view = government.nap_view(dataset(lang="en"))
    rows = {(r["Plan"], r["Pillar"], r["Strategic goal"], r["Specific objective"]): r["Grants citing it"]
            for r in view.data.to_dict("records")}
    nap, child, nrm = (plan_name(plan, "en") for plan in ("nap_2005_2007", "child_strategy", "nrm"))

    def grants(**where: str) -> int:
        return len({r["grant_id"] for r in links if all(r[k] == v for k, v in where.items())})

    assert rows[(nap, "Prevention", "1", "A")] == grants(plan="nap_2005_2007", pillar="prevention", strategic_goal="1",
                                                         specific_objective="A") == 11
    # i3sp-1 and others cite several activities of child-strategy objective 3: still one count per grant.
    assert rows[(child, "Prevention", "", "3")] == grants(plan="child_strategy", pillar="prevention",
                                                          specific_objective="3") == 14
    assert rows[(nap, "", "", "")] == grants(plan="nap_2005_2007") == 19
    assert rows[(nrm, "", "", "")] == grants(plan="nrm") == 6
    # Citations printed without a pillar keep a row of their own instead of being guessed into one.
    assert rows[(nap, "", "1", "B")] == grants(plan="nap_2005_2007", pillar="", strategic_goal="1",
                                               specific_objective="B") == 4


def test_nap_grants_reconcile_with_the_headline(dataset):
    data = dataset()
    view = government.nap_view(data)
    column = i18n.t("government.nap.column.grants", "sq")
    cited = {r["grant_id"] for r in raw_rows("nap_links")}
    assert max(view.data[column]) <= metrics.headline(data)["grants"]
    assert cited <= set(data.grants["grant_id"])
    # Every structure row is shown, in the edition's language.
    structure = raw_rows("nap_structure")
    english = government.nap_view(dataset(lang="en")).data["Plan, pillar, goal, objective"].tolist()
    assert all(row["title_en"] in english for row in structure)


def test_nap_table_reads_as_a_tree(dataset):
    table = government.nap_view(dataset(lang="en")).table
    titles = table["Plan, pillar, goal, objective"].tolist()
    assert titles[0] == plan_name(raw_rows("plans")[0]["plan"], "en")
    assert titles[1] == "└ Prevention"
    assert titles[2].startswith("\u2003└ Strategic Goal 1")


# --- the government's figures ------------------------------------------------------------------------------

def victim_rows() -> list[dict[str, str]]:
    from sitrep.transform.numerals import parse_one

    rows = raw_rows("gov_figures")
    for row in rows:
        row["number"] = parse_one(row["value"])
    return [row for row in rows if row["victim_related"] == "true"]


def test_public_edition_hides_small_victim_counts_everywhere(dataset):
    victims = victim_rows()
    small = [row for row in victims if 0 < row["number"] < 10]
    assert small, "the data hold a victim-related government figure below 10"
    for lang in ("sq", "en"):
        data = dataset(lang=lang)
        label_of = (lambda row: row["label"]) if lang == "sq" else (lambda row: row["label_en"])
        label_column = i18n.t("government.figures.column.label", lang)
        value_column = i18n.t("government.figures.column.value", lang)
        figures = government.figures_view(data)
        shown = dict(zip(figures.data[label_column], figures.data[value_column]))
        table = dict(zip(figures.table[label_column], figures.table[value_column]))
        for row in small:
            assert shown[label_of(row)] == table[label_of(row)] == "<10"
        assert {c["cell"] for c in figures.suppressed} == {label_of(row) for row in small}
        # No victim-related figure is shown as a number from 1 to 9 in any view, chart or hover.
        victim_labels = {label_of(row) for row in victims}
        for view_of in VIEWS:
            view = view_of(data)
            if label_column in view.data.columns:
                for label, value in zip(view.data[label_column], view.data[value_column]):
                    assert not (label in victim_labels and str(value).strip() in {str(n) for n in range(1, 10)})
            for trace in view.figure.data if view.figure is not None else []:
                for hover in (trace.hovertext or []) if isinstance(trace.hovertext, (list, tuple)) else []:
                    assert not any(label in hover and f">{n}</b>" in hover
                                   for label in victim_labels for n in range(1, 10))


def test_internal_edition_shows_exact_victim_counts(dataset):
    view = government.figures_view(dataset(audience="internal"))
    values = dict(zip(view.data["Çfarë numërohet"], view.data["Shifra"]))
    for row in victim_rows():
        if row["label"] in values:
            assert values[row["label"]] == row["number"]
    assert view.suppressed == []


def test_figures_keep_qualifiers_and_translate_labels(dataset):
    english = government.figures_view(dataset(lang="en"))
    assert "regional anti-trafficking committees, one per qark" in set(english.data["What is counted"])
    assert set(english.data["Precision"]) <= {"exact", "at least", "more than", "about"}
    raw = {row["label_en"] for row in raw_rows("gov_figures")}
    assert set(english.data["What is counted"]) <= raw


def test_structures_chart_compares_counts_sorted_and_never_sums(dataset):
    view = government.structures_view(dataset())
    bars = [v for v in view.figure.data[0].x if v is not None]
    assert bars == sorted(bars, reverse=True)
    assert 308 in bars and 12 in bars
    assert len(view.data) == len(bars)


# --- languages and periods -----------------------------------------------------------------------------

def test_english_views_have_no_missing_or_albanian_interface_text(dataset):
    albanian = {row["sq"] for key, row in i18n.table().items()
                if key.startswith("government.") and row["sq"] != row["en"] and len(row["sq"]) > 3}
    data = dataset(lang="en")
    for view_of in VIEWS:
        view = view_of(data)
        shown = [view.title, *view.notes, *map(str, view.data.columns)]
        if view.table is not None:
            shown += [str(c) for c in view.table.columns]
        for text in shown:
            assert text not in albanian
        for column in view.data.columns:
            if column in ("Kind", "Reporting period", "Topic", "Precision", "Plan", "Pillar"):
                assert not set(map(str, view.data[column])) & albanian


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_empty_period_gives_empty_views_and_no_error(clean_dir, lang):
    data = Dataset(clean_dir, Edition(period=EMPTY_PERIOD, lang=lang))
    for view_of in VIEWS:
        view = view_of(data)
        assert view.empty_message, view.name
    assert government.intro_values(data)["acts"] == 0


def test_synthetic_period_shows_its_own_agreement(synthetic_clean_dir):
    data = Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang="en"))
    view = government.timeline_view(data)
    assert view.empty_message is None
    assert list(view.data["Act"]) == ["test agreement"]
    assert government.figures_view(data).data["Figure"].tolist() == [2]


# --- text that follows the data: the 2006 report's sentences only where the tables hold what they say -------------

def _edition(clean, period: str, lang: str = "sq") -> Dataset:
    return Dataset(clean, Edition(period=period, lang=lang))


def test_the_plans_paragraphs_follow_the_plan_structure_the_tables_hold(synthetic_clean_dir):
    first = dict(government.nap_text(_edition(synthetic_clean_dir, "2005-01:2006-07")))
    # The 2006 report's structure rows hold goals and objectives of the NAP, pillars and objectives of the child plan.
    structure = raw_rows("nap_structure")
    assert any(r["plan"] == "nap_2005_2007" and r["strategic_goal"] and not r["specific_objective"] for r in structure)
    assert first["government.nap.text.levels"]["plan"] == plan_name("nap_2005_2007", "sq")
    assert first["government.nap.text.pillars"]["plan"] == plan_name("child_strategy", "sq")
    assert first["government.nap.text.grants"]["count"] == len({r["grant_id"] for r in raw_rows("nap_links")})
    # The synthetic report types one objective of one plan and no levels above it: only its grant's citation is said.
    later = government.nap_text(_edition(synthetic_clean_dir, SYNTHETIC_PERIOD))
    assert later == [("government.nap.text.grants", {"count": 1})]
    assert "dy-nivelëshe" not in " ".join(i18n.t(key, "sq", **values) for key, values in later)
    assert government.nap_text(_edition(synthetic_clean_dir, EMPTY_PERIOD)) == [("government.nap.text.none", {})]


def test_the_figures_sentence_names_only_the_topics_the_period_has(synthetic_clean_dir):
    key, values = government.figures_text(_edition(synthetic_clean_dir, "2005-01:2006-07", "en"))
    # Figures dated before the period (the 2004 penalties and incident) are not the period's.
    topics = {r["topic"] for r in raw_rows("gov_figures") if not r["date"] or first_day(r["date"]) >= date(2005, 1, 1)}
    assert key == "government.figures.text" and "witness_protection" in topics
    assert values["topics"].split("; ") and set(values["topics"].split("; ")) == {
        i18n.t(f"government.topic.{topic}", "en") for topic in topics}
    key, values = government.figures_text(_edition(synthetic_clean_dir, SYNTHETIC_PERIOD, "en"))
    assert values == {"topics": "Regional anti-trafficking units"} and "itness" not in i18n.t(key, "en", **values)
    empty = _edition(synthetic_clean_dir, EMPTY_PERIOD)
    assert government.figures_text(empty) == ("government.figures.empty", {}) and not government.has_figures(empty)
