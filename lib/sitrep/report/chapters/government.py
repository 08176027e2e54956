"""Chapter 2, government efforts: the acts of the state, the structure of the national plans, its own figures."""

from __future__ import annotations

import pandas as pd
from babel.dates import format_date

from sitrep import i18n
from sitrep.report import charts, privacy
from sitrep.report.dataset import Dataset
from sitrep.report.labels import has_text, organization_names, plan_names
from sitrep.report.privacy import mark
from sitrep.report.views import View
from sitrep.transform.vocab import PILLARS

# Kinds of event that are acts of policy (the seminars, meetings and reports belong to other chapters).
ACT_KINDS = ("strategy", "action_plan", "law", "agreement", "order", "decision", "institution")
KIND_COLOURS = {
    "strategy": charts.PALETTE["blue"], "action_plan": charts.PALETTE["sky"], "law": charts.PALETTE["vermillion"],
    "agreement": charts.PALETTE["green"], "order": charts.PALETTE["orange"], "decision": charts.PALETTE["pink"],
    "institution": charts.PALETTE["black"],
}
# Organisation types whose acts are not the state's: an event all of whose named actors are of these types
# is left out of this chapter (the ILO convention, a donor renewing its own programme, an NGO coalition).
NOT_STATE = ("ngo", "international_ngo", "academic", "media", "coalition", "donor_government",
             "intergovernmental", "programme", "private")
# Government figures that count bodies or places across the country: comparable side by side.
STRUCTURE_TOPICS = ("regional_units", "regional_committees", "child_protection_structures", "police_training",
                    "border_facilities", "education")
QUALIFIERS = ("at_least", "more_than", "approximately")


def _event_date(value: pd.Timestamp, precision: str, lang: str) -> str:
    """A date only as precise as the report printed it."""
    day = value.date()
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return i18n.month(day, lang)
    return format_date(day, "d MMMM y", locale=i18n.LOCALES[lang])


def _drawn_at(value: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Where a date of year or month precision is drawn: the middle of that year or month."""
    if precision == "year":
        return pd.Timestamp(year=value.year, month=7, day=1)
    if precision == "month":
        return pd.Timestamp(year=value.year, month=value.month, day=15)
    return value


def _guess_date(value: object, lang: str) -> str:
    """gov_figures keep no date precision: a first of January is read as a year, a first of a month as a month."""
    if value is None or pd.isna(value):
        return ""
    day = pd.Timestamp(value).date()
    if day.month == 1 and day.day == 1:
        return str(day.year)
    if day.day == 1:
        return i18n.month(day, lang)
    return format_date(day, "d MMMM y", locale=i18n.LOCALES[lang])


def state_acts(data: Dataset) -> pd.DataFrame:
    """Every act of policy of the Albanian state in the data (all dates), with `in_period` and readable columns."""
    return data.derived(("government.state_acts",), lambda: _state_acts(data))  # three views read it


def _state_acts(data: Dataset) -> pd.DataFrame:
    lang = data.edition.lang
    events = data.all_events
    events = events[events["kind"].isin(ACT_KINDS)].copy()
    types = dict(zip(data.organizations["org_id"], data.organizations["org_type"]))

    def by_state(actors: object) -> bool:
        names = [a.strip() for a in str(actors).split(";") if a.strip()] if isinstance(actors, str) else []
        # Unnamed actors and names as printed ("Kryeministri") are the state's; only known others are not.
        return not names or any(types.get(name) not in NOT_STATE for name in names)

    events = events[events["actors"].map(by_state).astype(bool)]
    events = events.sort_values(["date", "event_id"]).reset_index(drop=True)
    labels = organization_names(data.organizations, lang=data.edition.lang)
    start, end = data.bounds
    events["label"] = events["event"] if lang == "sq" else events["event_en"]
    events["kind_name"] = [i18n.term(f"government.kind.{k}", lang, k) for k in events["kind"]]
    events["when"] = [_event_date(d, p, lang) for d, p in zip(events["date"], events["date_precision"])]
    events["drawn_at"] = [_drawn_at(d, p) for d, p in zip(events["date"], events["date_precision"])]
    # An English page names each actor in English where the table translates the names printed (actors_en).
    english = events["actors_en"] if lang != "sq" and "actors_en" in events else pd.Series(None, index=events.index)
    events["actor_names"] = [
        ", ".join(labels.get(a.strip(), a.strip()) for a in str(e if has_text(e) else v).split(";") if a.strip())
        if isinstance(v, str)
        else ""
        for v, e in zip(events["actors"], english)
    ]
    events["placement"] = [
        i18n.t(
            "government.events.within"
            if inside
            else ("government.events.before" if d < start else "government.events.after"),
            lang,
        )
        for d, inside in zip(events["date"], events["in_period"])
    ]
    return events


def _acts_frame(acts: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = {
        "date_as_printed": "date", "kind_name": "kind", "label": "event", "actor_names": "actors",
        "placement": "period", "source_line": "source_line",
    }
    frame = acts[list(columns)].rename(columns=columns)
    frame["source_line"] = frame["source_line"].astype(int)
    return frame.rename(columns={c: i18n.t(f"government.events.column.{c}", lang) for c in frame.columns})


def timeline_view(data: Dataset) -> View:
    """The state's strategies, plans, laws, agreements and orders on lanes by kind; the period shaded."""
    lang = data.edition.lang
    acts = state_acts(data)
    inside = acts[acts["in_period"]]
    hover = [
        f"<b>{charts.escape(label)}</b><br>{charts.escape(kind)} · {charts.escape(when)}"
        + (f"<br><i>{charts.quoted(quote)}</i>" if isinstance(quote, str) and quote else "")
        for label, kind, when, quote in zip(acts["label"], acts["kind_name"], acts["when"], acts["quote"])
    ]
    plotted = acts.assign(hover=hover)
    start, end = data.bounds
    figure = charts.period_timeline(
        plotted,
        date="drawn_at",
        group="kind",
        inside="in_period",
        lang=lang,
        colours=KIND_COLOURS,
        names={k: i18n.term(f"government.kind.{k}", lang, k) for k in ACT_KINDS},
        hover="hover",
        group_order=list(ACT_KINDS),
        shade=(start, end + pd.Timedelta(days=1)),
        shade_label=i18n.t("government.timeline.shade", lang),
        inside_name=i18n.t("government.timeline.inside", lang),
        outside_name=i18n.t("government.timeline.outside", lang),
    )
    period = i18n.t("edition.period", lang, start=i18n.month(start.date(), lang), end=i18n.month(end.date(), lang))
    return View(
        name="timeline",
        title=i18n.t("government.timeline.title", lang),
        data=_acts_frame(acts, lang),
        figure=figure,
        notes=[
            i18n.t("government.timeline.note.kinds", lang),
            i18n.t("government.timeline.note.background", lang, period=period),
            i18n.t("government.timeline.note.dates", lang),
        ],
        source_lines=acts["source_line"].dropna().astype(int).tolist(),
        empty_message=None if len(inside) else i18n.t("government.timeline.empty", lang),
    )


def events_view(data: Dataset) -> View:
    """The same acts as a table: date as printed, kind, act, actors, and where it lies against the period."""
    lang = data.edition.lang
    acts = state_acts(data)
    frame = _acts_frame(acts, lang)
    table = frame.copy()
    # Keep "11 shkurt 2005" on one line in narrow columns.
    table[i18n.t("government.events.column.date", lang)] = [w.replace(" ", "\u00a0") for w in acts["when"]]
    return View(
        name="events", title=i18n.t("government.events.title", lang), data=frame, table=table,
        notes=[i18n.t("government.events.note", lang)],
        source_lines=acts["source_line"].dropna().astype(int).tolist(),
        empty_message=None if acts["in_period"].any() else i18n.t("government.timeline.empty", lang),
    )


def _key(plan: object, pillar: object, goal: object, objective: object) -> tuple[str, str, str, str]:
    return tuple("" if (v is None or (not isinstance(v, str) and pd.isna(v))) else str(v)
                 for v in (plan, pillar, goal, objective))  # type: ignore[return-value]


def _within(node: tuple[str, ...], cited: tuple[str, ...]) -> bool:
    """A citation falls within a node when the node's filled levels, from the top, equal the citation's."""
    depth = max([i for i, v in enumerate(node) if v] + [0])
    return all(node[i] == cited[i] for i in range(depth + 1))


def _sort_key(key: tuple[str, str, str, str], plans: list[str]) -> tuple:
    """Tree order: a parent before its children; at each level known values in order, 'not stated' last."""
    plan, pillar, goal, objective = key

    def rank(value: str, deeper: tuple[str, ...], known: int) -> int:
        if value:
            return known
        return 10_000 if any(deeper) else -1  # empty with nothing below: the parent row itself

    return (
        plans.index(plan) if plan in plans else len(plans), plan,
        rank(pillar, (goal, objective), PILLARS.index(pillar) if pillar in PILLARS else len(PILLARS)), pillar,
        rank(goal, (objective,), int(goal) if goal.isdigit() else 999), goal,
        rank(objective, (), int(objective) if objective.isdigit() else 500), objective,
    )


def _cited_title(key: tuple[str, str, str, str], lang: str, has_goals: bool) -> str:
    """A title for a citation that matches no row of the plan's structure, built from what was printed."""
    plan, pillar, goal, objective = key
    parts = [] if pillar else [i18n.t("government.nap.pillar_unstated", lang)]
    if goal:
        parts.append(i18n.t("government.nap.goal", lang, goal=goal))
    elif objective and has_goals:  # a plan whose objectives sit under goals: the goal was not printed
        parts.append(i18n.t("government.nap.goal_unstated", lang))
    if objective:
        parts.append(i18n.t("government.nap.objective", lang, objective=objective))
    text = ", ".join(parts) or i18n.term(f"government.pillar.{pillar}", lang, pillar)
    return text[:1].upper() + text[1:]


def nap_view(data: Dataset) -> View:
    """The national plans as a tree (plan → pillar → goal → objective) with the grants citing each row."""
    lang = data.edition.lang
    structure = data.nap_structure
    links = data.nap_links
    cited = {(_key(r.plan, r.pillar, r.strategic_goal, r.specific_objective), r.grant_id)
             for r in links.itertuples(index=False)}
    names = plan_names(data.plans, lang)
    with_goals = set(structure.loc[_given(structure["strategic_goal"]), "plan"])
    rows: dict[tuple, dict] = {}
    for plan in dict.fromkeys(list(structure["plan"]) + list(links["plan"])):
        rows[(plan, "", "", "")] = {"title": names.get(plan, plan), "line": None}
    for r in structure.itertuples(index=False):
        key = _key(r.plan, r.pillar, r.strategic_goal, r.specific_objective)
        rows[key] = {"title": r.title if lang == "sq" else r.title_en, "line": r.source_line}
    for key, _ in cited:
        # A citation that names no row of the structure (no pillar, no goal printed) gets a row of its own.
        rows.setdefault(key, {"title": _cited_title(key, lang, key[0] in with_goals), "line": None})
    records = []
    for key in sorted(rows, key=lambda key: _sort_key(key, list(names))):
        grants = sorted({grant for where, grant in cited if _within(key, where)})
        depth = sum(1 for v in key if v) - 1
        records.append({
            "plan": names.get(key[0], key[0]),
            "pillar": i18n.term(f"government.pillar.{key[1]}", lang, key[1]) if key[1] else "",
            "goal": key[2], "objective": key[3], "title": rows[key]["title"], "grants": len(grants),
            "depth": depth, "line": rows[key]["line"],
        })
    frame = pd.DataFrame(records, columns=["plan", "pillar", "goal", "objective", "title", "grants", "depth", "line"])
    headers = {c: i18n.t(f"government.nap.column.{c}", lang)
               for c in ("plan", "pillar", "goal", "objective", "title", "grants")}
    out = frame[list(headers)].rename(columns=headers)
    # The table reads as a tree: each level indented under its parent (em spaces survive HTML whitespace rules).
    table = pd.DataFrame(
        {
            headers["title"]: [
                ("\u2003" * (d - 1) + "└ " if d else "") + t for d, t in zip(frame["depth"], frame["title"])
            ],
            headers["grants"]: [i18n.number(v, lang) for v in frame["grants"]],
        }
    , copy=False)
    lines = [int(v) for v in frame["line"].dropna()] + links["source_line"].dropna().astype(int).tolist()
    return View(
        name="nap", title=i18n.t("government.nap.title", lang), data=out, table=table,
        notes=[i18n.t("government.nap.note.count", lang), i18n.t("government.nap.note.unstated", lang),
               i18n.t("government.nap.note.titles", lang)],
        source_lines=lines, empty_message=None if len(links) else i18n.t("government.nap.empty", lang),
    )


def _figure_rows(data: Dataset) -> tuple[pd.DataFrame, list[dict]]:
    """The government's figures with the value each edition may show (small victim counts hidden in public)."""
    lang, edition = data.edition.lang, data.edition
    figures = data.gov_figures.copy()
    values = figures["value"].astype("Int64")
    # Each figure stands alone (cases, persons, witnesses): none is the sum of others shown, so no
    # complementary cell is needed; a hidden count cannot be worked out by subtraction.
    hidden = privacy.hidden_small_counts(values, figures["victim_related"], edition)
    figures["hidden"] = hidden
    figures["label_text"] = figures["label"] if lang == "sq" else figures["label_en"]
    figures["topic_name"] = [i18n.term(f"government.topic.{t}", lang, t) for t in figures["topic"]]
    figures["qualifier_name"] = [i18n.term(f"government.qualifier.{q}", lang, q)
                                 for q in figures["qualifier"].fillna("exact")]
    figures["shown"] = [
        mark(edition.min_cell)
        if h
        else (
            f"{i18n.term(f'government.qualifier.{q}', lang, q)} {i18n.number(int(v), lang)}"
            if q in QUALIFIERS
            else i18n.number(int(v), lang)
        )
        for v, q, h in zip(values, figures["qualifier"].fillna("exact"), hidden)
    ]
    figures["when"] = [_guess_date(d, lang) for d in figures["date"]]
    suppressed = [{"cell": label, "reason": "primary"} for label, h in zip(figures["label_text"], hidden) if h]
    return figures, suppressed


def _download_values(figures: pd.DataFrame) -> list:
    """Values for the download: exact numbers, or, when any is hidden, the whole column as text ('12', '<10')."""
    if figures["hidden"].any():
        return [mark_ if hidden else str(int(v))
                for mark_, v, hidden in zip(figures["shown"], figures["value"], figures["hidden"])]
    return [int(v) for v in figures["value"]]


def figures_view(data: Dataset) -> View:
    """The government's own figures, as printed, with the quote each comes from."""
    lang = data.edition.lang
    figures, suppressed = _figure_rows(data)
    figures = figures.sort_values(["source_line", "figure_id"]).reset_index(drop=True)
    columns = ("topic", "label", "value", "qualifier", "date", "source_line")
    headers = {c: i18n.t(f"government.figures.column.{c}", lang) for c in columns}
    data_out = pd.DataFrame({
        headers["topic"]: figures["topic_name"], headers["label"]: figures["label_text"],
        headers["value"]: _download_values(figures),
        headers["qualifier"]: figures["qualifier_name"], headers["date"]: figures["when"],
        headers["source_line"]: figures["source_line"].astype(int),
    }, copy=False)
    table = pd.DataFrame({
        headers["topic"]: figures["topic_name"], headers["label"]: figures["label_text"],
        headers["value"]: figures["shown"], headers["date"]: figures["when"],
        headers["source_line"]: figures["source_line"].astype(int).astype(str),
    }, copy=False)
    return View(
        name="figures", title=i18n.t("government.figures.title", lang), data=data_out, table=table,
        notes=[i18n.t("government.figures.note", lang)], source_lines=figures["source_line"].astype(int).tolist(),
        suppressed=suppressed, empty_message=None if len(figures) else i18n.t("government.figures.empty", lang),
    )


def structures_view(data: Dataset) -> View:
    """Bodies and places the government counts across the country, side by side (compared, never summed)."""
    lang = data.edition.lang
    figures, suppressed = _figure_rows(data)
    chosen = figures[figures["topic"].isin(STRUCTURE_TOPICS)].copy()
    suppressed = [cell for cell in suppressed if cell["cell"] in set(chosen["label_text"])]
    chosen["order"] = chosen["value"].where(~chosen["hidden"], 0).astype(int)
    chosen = chosen.sort_values(["order", "label_text"], ascending=[False, True]).reset_index(drop=True)
    chosen["bar"] = [None if h else int(v) for v, h in zip(chosen["value"], chosen["hidden"])]
    chosen["hover"] = [
        f"<b>{charts.escape(shown)}</b> {charts.escape(label)}<br><i>{charts.quoted(quote)}</i>"
        for shown, label, quote in zip(chosen["shown"], chosen["label_text"], chosen["quote"])
    ]
    figure = charts.wrapped_hbar(
        chosen,
        label="label_text",
        value="bar",
        text="shown",
        hover="hover",
        lang=lang,
        width=44,
        colour=charts.PALETTE["green"],
        value_title=i18n.t("government.structures.axis", lang),
    )
    headers = {c: i18n.t(f"government.figures.column.{c}", lang)
               for c in ("label", "value", "qualifier", "source_line")}
    data_out = pd.DataFrame({
        headers["label"]: chosen["label_text"],
        headers["value"]: _download_values(chosen),
        headers["qualifier"]: chosen["qualifier_name"], headers["source_line"]: chosen["source_line"].astype(int),
    }, copy=False)
    return View(
        name="structures", title=i18n.t("government.structures.title", lang), data=data_out, figure=figure,
        notes=[i18n.t("government.structures.note", lang)], source_lines=chosen["source_line"].astype(int).tolist(),
        suppressed=suppressed, empty_message=None if len(chosen) else i18n.t("government.figures.empty", lang),
    )


def _given(column: pd.Series) -> pd.Series:
    return column.notna() & column.astype(str).str.strip().ne("")


def nap_text(data: Dataset) -> list[tuple[str, dict[str, object]]]:
    """The paragraphs that introduce the national plans, each only where the period's tables hold what it says.

    A plan is said to have two levels (strategic goals and specific objectives) only when its structure holds
    rows of both; pillars and objectives of its own when it has those and no goals; the grants' notes on the
    plans only when grants cite them. With none of these, one line says the report describes no plan.
    """
    lang = data.edition.lang
    structure, links = data.nap_structure, data.nap_links
    paragraphs: list[tuple[str, dict[str, object]]] = []
    for plan, name in plan_names(data.plans, lang).items():
        rows = structure[structure["plan"] == plan]
        goals, objectives = _given(rows["strategic_goal"]), _given(rows["specific_objective"])
        if (goals & ~objectives).any() and (goals & objectives).any():
            paragraphs.append(("government.nap.text.levels", {"plan": name}))
        elif not goals.any() and objectives.any() and (_given(rows["pillar"]) & ~objectives).any():
            paragraphs.append(("government.nap.text.pillars", {"plan": name}))
    cited = int(links["grant_id"].nunique())
    if cited:
        paragraphs.append(("government.nap.text.grants", {"count": cited}))
    return paragraphs or [("government.nap.text.none", {})]


def has_figures(data: Dataset) -> bool:
    """Whether the period's reports give any figure of the government's."""
    return not data.gov_figures.empty


def figures_text(data: Dataset) -> tuple[str, dict[str, object]]:
    """The sentence above the government's figures: the topics they are about, as the tables name them."""
    lang = data.edition.lang
    topics = list(dict.fromkeys(data.gov_figures.sort_values("source_line")["topic"]))
    if not topics:
        return "government.figures.empty", {}
    names = [i18n.t(f"government.topic.{topic}", lang) for topic in topics]
    return "government.figures.text", {"topics": "; ".join(names)}


def intro_values(data: Dataset) -> dict[str, object]:
    """The numbers the chapter's opening paragraph quotes."""
    acts = state_acts(data)
    return {"acts": int(acts["in_period"].sum()), "figures": len(data.gov_figures)}


__all__ = ["timeline_view", "events_view", "nap_view", "figures_view", "structures_view", "state_acts", "intro_values",
           "nap_text", "figures_text", "has_figures"]
