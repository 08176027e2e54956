"""Chapter 4 (the programme's grants): honest counting, targets apart from results, privacy, translations, empties.

Expected values are read from the raw tables here (data/raw/kvktnj-2006/figures.csv, grants.csv), not from the
chapter's output, so a counting mistake in the chapter or in metrics.py makes these tests fail.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from conftest import SYNTHETIC_PERIOD, SYNTHETIC_REPORT
from sitrep import i18n, paths
from sitrep.report import metrics, privacy
from sitrep.report.chapters import grants
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS, VICTIM_METRICS

from rawdata import REPORT, measure, raw_rows

VIEWS = (grants.reach_view, grants.reach_map_view, grants.reach_rreth_map_view, grants.projects_present_view,
         grants.targets_by_phase_view, grants.targets_by_org_view, grants.nap_matrix_view)
# The few numerals the 2006 report spells out in words, for reading the raw table without the cleaning code.
WORDS = {"një": 1, "dy": 2, "tre": 3, "katër": 4, "pesë": 5, "gjashtë": 6, "shtatë": 7, "tetë": 8, "nëntë": 9,
         "dhjetë": 10}


def raw_figures() -> list[dict]:
    with open(REPORT / "figures.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        printed = row["value"].strip()
        row["number"] = WORDS[printed] if printed in WORDS else int(printed.replace(",", ""))
        row["target"] = row["is_target"].strip().lower() in ("true", "po", "yes", "1")
    return rows


def raw_total(metric: str, target: bool = False, grant_ids: set[str] | None = None) -> int:
    return sum(r["number"] for r in raw_figures()
               if measure(r) == metric and r["target"] == target and (grant_ids is None or r["grant_id"] in grant_ids))


def raw_grants(**where: str) -> set[str]:
    with open(REPORT / "grants.csv", encoding="utf-8-sig", newline="") as handle:
        return {r["grant_id"] for r in csv.DictReader(handle) if all(r[k] == v for k, v in where.items())}


def cells(view, lang: str, metric: str, kind: str | None = None) -> pd.DataFrame:
    """The rows of a view's download for one metric (and one series: target or result)."""
    data = view.data
    chosen = data[data[i18n.t("grants.column.metric", lang)] == METRICS[metric].title(lang)]
    if kind:
        chosen = chosen[chosen[i18n.t("grants.column.kind", lang)] == i18n.t(f"grants.kind.{kind}", lang)]
    return chosen


def people(frame: pd.DataFrame, lang: str) -> pd.Series:
    return frame[i18n.t("grants.column.people", lang)]


def by_label(view, lang: str, metric: str, label_key: str = "area", kind: str | None = None) -> dict[str, object]:
    frame = cells(view, lang, metric, kind)
    return dict(zip(frame[i18n.t(f"grants.column.{label_key}", lang)], people(frame, lang)))


@pytest.mark.parametrize("metric", PEOPLE_METRICS)
def test_reach_bars_add_up_to_the_raw_total_and_the_headline(dataset, metric):
    data = dataset(audience="internal")
    shown = people(cells(grants.reach_view(data), "sq", metric), "sq")
    assert int(pd.to_numeric(shown).sum()) == raw_total(metric) == metrics.headline(data)[metric]


def test_several_national_and_unknown_are_counted_once_not_in_each_qark(dataset):
    data = dataset(audience="internal")
    reach = by_label(grants.reach_view(data), "sq", "prevention_reached")
    # IPAG (Lezhë, Mirditë, Lushnjë, Librazhd, Devoll) and Vatra 1 (Vlorë and Fier) each worked in several qarqe.
    assert reach["Disa qarqe"] == raw_total("prevention_reached", grant_ids={"ipag-1", "vatra-1"}) == 6293 + 1890
    # Rruga me Pisha's radio serial reached the whole country; Murialdo's text names no place.
    assert reach["Gjithë vendi"] == raw_total("prevention_reached", grant_ids={"rruga-me-pisha-1"})
    assert reach["Vend i panjohur"] == raw_total("prevention_reached", grant_ids={"murialdo-1"})
    # Fier and Lezhë had only multi-qark grants: none of their figures is attributed to them.
    assert reach["Fier"] == 0 and reach["Lezhë"] == 0
    assert reach["Durrës"] == raw_total("prevention_reached", grant_ids={"icmc-1"})


def test_reach_view_names_the_method_and_keeps_metrics_apart(dataset):
    view = grants.reach_view(dataset())
    assert i18n.t("grants.note.method", "sq") in view.notes
    assert len(view.figure.data) == len(PEOPLE_METRICS)  # one panel per metric, no combined series
    assert view.figure.layout.barmode == "group"


def test_maps_place_only_single_area_reach_and_list_the_rest(dataset):
    data = dataset(audience="internal")
    qarqe = grants.reach_map_view(data)
    on_map = qarqe.data[qarqe.data[i18n.t("grants.column.on_map", "sq")] == "po"]
    assert len(on_map) == 12
    assert int(pd.to_numeric(people(qarqe.data, "sq")).sum()) == raw_total("prevention_reached")
    rrethe = grants.reach_rreth_map_view(data)
    assert (rrethe.data[i18n.t("grants.column.on_map", "sq")] == "po").sum() == 36
    assert int(pd.to_numeric(people(rrethe.data, "sq")).sum()) == raw_total("prevention_reached")
    # Tjetër Vizion worked in Elbasan and Gramsh: one qark, two rrethe.
    assert by_label(rrethe, "sq", "prevention_reached", "rreth")["Elbasan"] == 0
    assert by_label(qarqe, "sq", "prevention_reached")["Elbasan"] == raw_total("prevention_reached",
                                                                               grant_ids={"tjeter-vizion-1"})
    note = rrethe.notes[0]
    # 14 of the 23 grants are not in a single rreth (D&E's and the Vatra shelter's places are read across sections).
    assert "14 nga 23" in note
    assert qarqe.figure.data[0].featureidkey == "properties.qark"


def test_projects_present_counts_each_qark_a_project_worked_in(dataset):
    view = grants.projects_present_view(dataset())
    counts = dict(zip(view.data[i18n.t("grants.column.area", "sq")],
                      view.data[i18n.t("grants.column.grants_present", "sq")]))
    # Korçë: AFCR, Dorcas, Gratë Intelektuale të Pogradecit, IPAG (Devoll).
    assert counts["Korçë"] == 4 and counts["Lezhë"] == 1
    assert sum(counts.values()) > metrics.headline(dataset())["grants"] - 8  # multi-qark grants count in each


def test_targets_are_a_series_of_their_own_and_never_summed(dataset):
    data = dataset(audience="internal")
    phase = grants.targets_by_phase_view(data)
    phase_3 = raw_grants(phase="3")
    targets = by_label(phase, "sq", "prevention_reached", "phase", kind="target")
    results = by_label(phase, "sq", "prevention_reached", "phase", kind="result")
    assert targets["Faza 3"] == raw_total("prevention_reached", target=True, grant_ids=phase_3) == 7717 + 400
    assert results["Faza 3"] == raw_total("prevention_reached", grant_ids=phase_3)
    assert pd.isna(targets["Fazat 1–2"])  # no target printed is not a target of zero
    org = grants.targets_by_org_view(data)
    ccf = by_label(org, "sq", "prevention_reached", "organization", kind="target")["CCF"]
    assert ccf == 7717
    assert pd.isna(by_label(org, "sq", "prevention_reached", "organization", kind="result")["CCF"])
    for metric in PEOPLE_METRICS:
        assert int(pd.to_numeric(people(cells(org, "sq", metric, "result"), "sq")).sum()) == raw_total(metric)
        targeted = people(cells(org, "sq", metric, "target"), "sq")
        assert int(pd.to_numeric(targeted).sum()) == raw_total(metric, target=True)
    assert any("2339" in note and "2622" in note for note in org.notes)  # the lines with 'synoi' and 'U synuan'


def test_organisations_are_sorted_by_the_larger_of_result_and_target(dataset):
    view = grants.targets_by_org_view(dataset())
    order = list(cells(view, "sq", "prevention_reached", "result")[i18n.t("grants.column.organization", "sq")])
    assert order[:2] == ["CCF", "Fondacioni Rruga me Pisha"]  # 7 717 targeted, then 7 200 reached


def test_public_edition_shows_no_victim_count_below_the_threshold(dataset):
    data = dataset(audience="public")
    small = {r["number"] for r in raw_figures() if measure(r) in VICTIM_METRICS and 0 < r["number"] < 10}
    assert small  # the 2006 report has some (7, 7 and 2 victims)
    for make in VIEWS:
        view = make(data)
        column = i18n.t("grants.column.people", "sq")
        if column not in view.data:
            continue
        metric_column = view.data.get(i18n.t("grants.column.metric", "sq"))
        for metric in VICTIM_METRICS:
            if metric_column is None:
                continue
            values = view.data.loc[metric_column == METRICS[metric].title("sq"), column]
            for value in values.dropna():
                assert not (str(value).isdigit() and 0 < int(value) < 10), (view.name, value)
    reach = by_label(grants.reach_view(data), "sq", "victims_assisted")
    cases = by_label(grants.reach_view(data), "sq", "victim_cases_assisted")
    assert reach["Durrës"] == cases["Korçë"] == privacy.mark(10) and str(reach["Korçë"]) == "0"


def test_public_hover_hides_the_quote_of_a_hidden_count(dataset):
    public, internal = grants.reach_view(dataset()), grants.reach_view(dataset(audience="internal"))
    quote = "ndihmoi shtatë viktima trafikimi"  # ICMC's 7 victims, line 2028

    def hovers(view) -> str:
        return " ".join(" ".join(map(str, trace.hovertext)) for trace in view.figure.data).replace("<br>", " ")

    assert quote not in hovers(public)
    assert quote in hovers(internal)


def test_hidden_cells_protect_each_other(dataset):
    public, internal = dataset(), dataset(audience="internal")
    shown = by_label(grants.reach_view(public), "sq", "victims_assisted")
    exact = by_label(grants.reach_view(internal), "sq", "victims_assisted")
    hidden = [label for label, value in shown.items() if isinstance(value, str)]
    assert len(hidden) >= 2 and sum(int(exact[label]) for label in hidden) >= 10
    # What is shown plus the hidden sum is the total, but no hidden cell is alone.
    view = grants.reach_view(public)
    reasons = {cell["reason"] for cell in view.suppressed}
    assert reasons <= {"primary", "complementary"} and "primary" in reasons


def test_internal_edition_shows_exact_victim_counts(dataset):
    reach = by_label(grants.reach_view(dataset(audience="internal")), "sq", "victims_assisted")
    assert reach["Durrës"] == raw_total("victims_assisted", grant_ids={"icmc-1"}) == 7
    cases = by_label(grants.reach_view(dataset(audience="internal")), "sq", "victim_cases_assisted")
    pogradec = {"grate-intelektuale-pogradec-1"}
    assert reach["Korçë"] == 0 and cases["Korçë"] == raw_total("victim_cases_assisted", grant_ids=pogradec) == 2
    assert grants.reach_view(dataset(audience="internal")).suppressed == []


def test_nap_matrix_has_readable_grouped_labels_and_citation_hover(dataset):
    sq, en = grants.nap_matrix_view(dataset()), grants.nap_matrix_view(dataset(lang="en"))
    with open(REPORT / "nap_links.csv", encoding="utf-8-sig", newline="") as handle:
        links = list(csv.DictReader(handle))
    pairs = {(r["grant_id"], r["plan"], r["pillar"], r["strategic_goal"], r["specific_objective"]) for r in links}
    assert len(sq.data) == len(pairs)
    columns = list(sq.figure.data[0].x)
    assert "PKV 2005–2007 · Parandalim · SS1/B" in columns
    assert "NAP 2005–2007 · Prevention · SG1/B" in list(en.figure.data[0].x)
    # Columns are grouped by plan: every NAP 2005–2007 column comes before the child strategy's.
    plans = [c.split(" · ")[0] for c in columns]
    assert plans == sorted(plans, key=[row["short"] for row in raw_rows("plans")].index)
    hover = " ".join(str(h) for row in sq.figure.data[0].hovertext for h in row)
    assert "aktiviteti 6 në Synimin Strategjik 1" in hover


def test_english_views_have_no_albanian_interface_words(dataset):
    data = dataset(lang="en")
    albanian = ("qark", "Disa ", "Gjithë vendi", "panjohur", "Faza", "Synim", "Rezultat", "fshehur", "Persona",
                "Treguesi", "parandalim", "Viktima", "Grante", "rreshti", "Burimi")
    for make in VIEWS:
        view = make(data)
        texts = [view.title, *view.notes, *map(str, view.data.columns)]
        for column in view.data.columns:
            if column in {"County or group", "District or group", "Count", "Target or result", "Phase", "People",
                          "Plan objective"}:
                texts += [str(v) for v in view.data[column].dropna()]
        for text in texts:
            assert not any(word in text for word in albanian), (view.name, text)


def test_empty_period_gives_messages_not_errors(dataset):
    data = dataset(period="2010-01:2010-12")
    for make in VIEWS:
        view = make(data)
        assert view.empty_message, view.name
        assert view.figure is None or view.empty_message


def test_views_follow_the_data_of_another_period(synthetic_clean_dir):
    from sitrep.report.dataset import Dataset
    from sitrep.report.edition import Edition

    data = Dataset(synthetic_clean_dir, Edition(period="2007-01:2007-06", audience="internal"))
    reach = by_label(grants.reach_view(data), "sq", "prevention_reached")
    assert reach["Disa qarqe"] == 4321 and reach["Shkodër"] == 0  # stv-1 worked in Shkodër and Kukës
    assert by_label(grants.reach_view(data), "sq", "sheltered")["Vlorë"] == 12
    assert grants.nap_matrix_view(data).empty_message is None or len(data.nap_links) == 0
    # No grant of that period worked in a single qark: the map says so instead of drawing zeros.
    view = grants.reach_map_view(data)
    assert view.figure is None and view.empty_message == i18n.t("grants.map.empty.qark", "sq")
    assert "4\u00a0321" in view.notes[0]  # the figures off the map are still given


def test_view_names_are_unique(dataset):
    names = [make(dataset()).name for make in VIEWS]
    assert len(names) == len(set(names))


def test_suppress_never_uses_a_zero_cell_to_protect():
    values = pd.Series([5, 0, 0, 40, 100], index=list("abcde"))
    mask = privacy.suppress(values, 10)
    assert list(mask[mask].index) == ["a", "d"]


def test_protect_hides_cells_holding_a_hidden_figure():
    values = pd.Series([90, 36, 13, 0])
    reasons = privacy.protect(values, pd.Series([True, False, False, False]), 10)
    assert reasons[0] == "complementary"
    assert (reasons != "").sum() >= 2  # a lone hidden cell would be the total minus the others


def test_hidden_figures_are_decided_per_metric(dataset):
    data = dataset()
    hidden = privacy.hidden_figures(data.figures, 10)
    victims = data.figures[data.figures["metric"] == "victims_assisted"]
    assert set(victims.loc[victims["value"] < 10, "figure_id"]) <= hidden
    assert not any(data.figures.set_index("figure_id").loc[list(hidden), "metric"] == "prevention_reached")


def test_the_phase_note_says_only_what_the_grants_phases_show(synthetic_clean_dir):
    from sitrep.report.dataset import Dataset
    from sitrep.report.edition import Edition

    phases = [row["phase"] for row in csv.DictReader(open(REPORT / "grants.csv", encoding="utf-8-sig", newline=""))]
    assert "1-2" in phases and "" in phases
    first = grants.phase_note(Dataset(synthetic_clean_dir, Edition(period="2005-01:2006-07", lang="en")))
    assert "Phases 1–2 are reported together." in first and "Some projects have no phase stated." in first
    # Both synthetic grants are of phase 1: nothing is said of joint or missing phases.
    later = grants.phase_note(Dataset(synthetic_clean_dir, Edition(period="2007-01:2007-06", lang="en")))
    assert later == "Phases are those the report gives."


def test_the_abbreviations_are_those_of_the_plans_the_grants_cite(synthetic_clean_dir):
    from sitrep.report.dataset import Dataset
    from sitrep.report.edition import Edition

    later = grants.nap_matrix_view(Dataset(synthetic_clean_dir, Edition(period="2007-01:2007-06", lang="sq")))
    nap = next(row for row in raw_rows("plans") if row["plan"] == "nap_2005_2007")
    assert later.notes[1] == f"{nap['short']}: {nap['name']}; SS: synimi strategjik; OS: objektivi specifik."
    first = grants.nap_matrix_view(Dataset(synthetic_clean_dir, Edition(period="2005-01:2006-07", lang="sq")))
    assert "PKV TF:" in first.notes[1]


@pytest.mark.parametrize("lang, about, at_least", [("sq", "rreth", "të paktën"), ("en", "about", "at least")])
def test_a_bar_that_adds_an_approximate_or_a_floor_figure_says_so(dataset, lang, about, at_least):
    # D&E's "afërsisht 83" (Tiranë, line 2101) and Berat's "më shumë se 1,193" (line 2697), read from the raw rows.
    qualifiers = {(r["grant_id"], r["metric"]): r["qualifier"] for r in raw_figures()}
    assert qualifiers["dne-1", "victims_assisted"] == "afërsisht"
    assert qualifiers["mbrojtja-grave-berat-1", "prevention_reached"] == "më shumë se"
    traces = {trace.name: dict(zip(trace.y, trace.text)) for trace in grants.reach_view(dataset(lang=lang)).figure.data}
    victims = traces[METRICS["victims_assisted"].title(lang)]
    reached = traces[METRICS["prevention_reached"].title(lang)]
    assert victims["Tiranë"] == f"{about} {i18n.number(raw_total('victims_assisted', grant_ids={'dne-1'}), lang)}"
    assert reached["Berat"] == f"{at_least} {i18n.number(1193, lang)}"
    assert victims["Elbasan"] == "36" and reached["Durrës"] == i18n.number(6362, lang)  # exact figures stay plain


def test_the_english_3w_names_organisations_and_projects_in_english_where_translated(dataset):
    organizations = {row["org_id"]: row for row in raw_rows("organizations")}
    titles = {row["grant_id"]: row for row in raw_rows("grants")}
    english = grants.three_w_view(dataset(lang="en")).data.iloc[1:]  # under the hashtag row
    albanian = grants.three_w_view(dataset(lang="sq")).data.iloc[1:]
    for row, printed in zip(english.itertuples(), albanian.itertuples()):
        org = organizations[row.implementer_id]
        assert row.implementer == (org["name_en"] or org["name"]) and printed.implementer == org["name"]
        grant = titles[row.grant_id]
        assert (row.project if isinstance(row.project, str) else "") == (grant["title_en"] or grant["title"])
    assert (english["implementer"] != albanian["implementer"]).any()


def test_a_count_no_figure_of_the_period_gives_gets_no_panel_no_rows_and_a_note(synthetic_clean_dir):
    with open(SYNTHETIC_REPORT / "figures.csv", encoding="utf-8-sig", newline="") as handle:
        given = {measure(r) for r in csv.DictReader(handle)}
    unreported = [m for m in PEOPLE_METRICS if m not in given]
    assert unreported and set(PEOPLE_METRICS) - set(unreported), "the fixture gives some counts and not others"
    for lang in ("sq", "en"):
        view = grants.reach_view(Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang=lang,
                                                                       audience="internal")))
        counted = {METRICS[m].title(lang) for m in PEOPLE_METRICS if m in given}
        assert {trace.name for trace in view.figure.data} == counted  # a panel's bars are named after its count
        assert set(view.data[i18n.t("grants.column.metric", lang)]) == counted
        note = next(n for n in view.notes if all(METRICS[m].title(lang) in n for m in unreported))
        assert not [m for m in given & set(PEOPLE_METRICS) if METRICS[m].title(lang) in note]


def test_a_count_whose_every_cell_is_hidden_keeps_its_panel_and_rows(synthetic_clean_dir):
    # What decides a panel is whether a figure gives the count, never its value: a public edition that hides every
    # victim count draws the same panels and rows as the internal one, with marks in the hidden cells.
    def reach(**options):
        return grants.reach_view(Dataset(synthetic_clean_dir, Edition(period=SYNTHETIC_PERIOD, lang="en", **options)))

    internal, public = reach(audience="internal"), reach(min_cell=1000)
    column = i18n.t("grants.column.metric", "en")
    assert [t.name for t in public.figure.data] == [t.name for t in internal.figure.data]
    assert list(public.data[column]) == list(internal.data[column])
    hidden_counts = {cell["cell"].split(" · ")[1] for cell in public.suppressed}
    with open(SYNTHETIC_REPORT / "figures.csv", encoding="utf-8-sig", newline="") as handle:
        given = {measure(r) for r in csv.DictReader(handle)}
    # every victim count the period gives (the metric registry says which are) is hidden here, and keeps its panel
    with open(paths.PROJECT / "lib" / "sitrep" / "transform" / "metrics.csv", encoding="utf-8", newline="") as handle:
        victim_related = {r["metric"] for r in csv.DictReader(handle) if r["victim_related"] == "true"}
    victims = {METRICS[m].title("en") for m in given & set(PEOPLE_METRICS) & victim_related}
    assert victims and victims <= hidden_counts <= {t.name for t in public.figure.data}
