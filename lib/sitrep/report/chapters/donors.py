"""Chapter 3, donors and intergovernmental organisations: who funds and who implements what, where."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd
from babel.dates import format_date

from sitrep import i18n
from sitrep.report import charts, memo
from sitrep.report.dataset import Dataset
from sitrep.report.labels import organization_names
from sitrep.report.views import View
from sitrep.transform.places import LOCAL, NATIONAL
from sitrep.transform.vocab import PILLARS

DONOR, IMPLEMENTER = "donor", "implementer"
NATIONAL_COLUMN, UNKNOWN_COLUMN = NATIONAL, "unknown"
NOT_NAMED = "-"  # stands for "no implementer named" (never an org_id: ids are letters, digits and '-' words)
TITLE_WIDTH = 60


def org_labels(data: Dataset) -> dict[str, str]:
    """Short label of each organisation in the edition's language: its acronym where it has one, else its name."""
    labels = organization_names(data.organizations, lang=data.edition.lang)
    labels[NOT_NAMED] = i18n.t("donors.implementer.none", data.edition.lang)
    return labels


def org_full_names(data: Dataset) -> dict[str, str]:
    """Name in the edition's language, with the acronym: for hover text, where there is room."""
    names = organization_names(data.organizations, full=True, lang=data.edition.lang)
    names[NOT_NAMED] = i18n.t("donors.implementer.none", data.edition.lang)
    return names


def place_columns(data: Dataset) -> list[str]:
    """The matrix columns: the 12 qarqe in ISO 3166-2 order, then 'national', then 'place unknown'."""
    qarqe = data.qarqe.sort_values("iso_3166_2")["qark"].tolist()
    return qarqe + [NATIONAL_COLUMN, UNKNOWN_COLUMN]


def column_names(data: Dataset) -> dict[str, str]:
    lang = data.edition.lang
    names = {q: q for q in data.qarqe["qark"]}
    names[NATIONAL_COLUMN] = i18n.t("donors.column.national", lang)
    names[UNKNOWN_COLUMN] = i18n.t("donors.column.unknown", lang)
    return names


def program_columns(data: Dataset) -> dict[str, list[str]]:
    """Where each programme of the period works: its qarqe, 'national' if it covers the country, else 'unknown'."""
    return memo.shared(data, "donors.program_columns", lambda: _program_columns(data))


def _program_columns(data: Dataset) -> dict[str, list[str]]:
    places = data.program_places
    order = place_columns(data)
    local = places[(places["scope"] == LOCAL) & places["qark"].notna()]
    qarqe = {program_id: set(found) for program_id, found in local.groupby("program_id")["qark"]}
    national = set(places.loc[places["scope"] == NATIONAL, "program_id"])
    result: dict[str, list[str]] = {}
    for program_id in data.donor_programs["program_id"]:
        found = qarqe.get(program_id, set()) | ({NATIONAL_COLUMN} if program_id in national else set())
        result[program_id] = [c for c in order if c in found] or [UNKNOWN_COLUMN]
    return result


def program_titles(data: Dataset) -> dict[str, str]:
    """Each programme's title in the edition's language: the English title where there is one, else as printed."""
    lang = data.edition.lang
    programs = data.donor_programs
    return {
        row.program_id: (row.title_en if lang == "en" and isinstance(row.title_en, str) and row.title_en else row.title)
        for row in programs.itertuples(index=False)
    }


def roles_of(data: Dataset, role: str) -> dict[str, list[str]]:
    """The organisations in one role for each programme of the period (implementer: NOT_NAMED when none is named)."""
    roles = data.program_roles
    chosen = roles[roles["role"] == role]
    result = {p: [] for p in data.donor_programs["program_id"]}
    for row in chosen.itertuples(index=False):
        if row.program_id in result and row.org_id not in result[row.program_id]:
            result[row.program_id].append(row.org_id)
    if role == IMPLEMENTER:
        for program_id, orgs in result.items():
            if not orgs:
                orgs.append(NOT_NAMED)
    return result


def programme_of(data: Dataset) -> dict[str, str]:
    """Each row's programme: the row it is the same as (another channel or a grantee's part), else itself."""
    programs = data.donor_programs
    present = set(programs["program_id"])
    same = programs["same_as"] if "same_as" in programs else pd.Series(pd.NA, index=programs.index)
    return {p: (str(s) if isinstance(s, str) and s in present else p) for p, s in zip(programs["program_id"], same)}


def presence(data: Dataset, role: str) -> pd.DataFrame:
    """One row per organisation × place column with the programmes (in that role) working there, each once."""
    columns, programme = program_columns(data), programme_of(data)
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for program_id, orgs in roles_of(data, role).items():
        for org in orgs:
            for column in columns[program_id]:
                cells[(org, column)].append(programme[program_id])
    frame = pd.DataFrame(
        [(org, column, sorted(set(ids))) for (org, column), ids in cells.items()],
        columns=["org_id", "column", "programs"],
    )
    frame["count"] = frame["programs"].map(len)
    return frame


def _programmes_text(count: int, lang: str) -> str:
    return i18n.plural("donors.programmes", count, lang)


def _title_lines(ids: list[str], titles: dict[str, str]) -> str:
    return "<br>".join("• " + charts.wrap(titles[p], TITLE_WIDTH).replace("<br>", "<br>\u2002\u2002") for p in ids)


def matrix_view(data: Dataset, role: str = DONOR) -> View:
    """The 3W presence matrix: organisations (one role) × the 12 qarqe, national and place unknown."""
    lang = data.edition.lang
    frame = presence(data, role)
    labels, full, names = org_labels(data), org_full_names(data), column_names(data)
    titles = program_titles(data)
    order = place_columns(data)
    name = "funders" if role == DONOR else "implementers"
    headers = {"org": i18n.t(f"donors.matrix.column.{role}", lang)}
    headers |= {c: i18n.t(f"donors.matrix.column.{c}", lang) for c in ("place", "programmes", "titles")}
    if frame.empty:
        return View(
            name=name,
            title=i18n.t(f"donors.{name}.title", lang),
            data=pd.DataFrame(columns=list(headers.values())),
            empty_message=i18n.t("donors.empty", lang),
        )
    totals = frame.groupby("org_id")["programs"].agg(lambda lists: len({p for ids in lists for p in ids}))
    rows = sorted(totals.index, key=lambda org: (org == NOT_NAMED, -totals[org], labels.get(org, org).casefold()))
    frame["row"] = frame["org_id"].map(lambda org: labels.get(org, org))
    frame["col"] = frame["column"].map(names)
    frame["hover"] = [
        f"<b>{charts.escape(full.get(org, org))}</b> · {charts.escape(names[column])}<br>"
        f"{charts.escape(_programmes_text(len(ids), lang))}<br>{_title_lines(ids, titles)}"
        for org, column, ids in zip(frame["org_id"], frame["column"], frame["programs"])
    ]
    # Every column gets at least one (empty) hover cell so that the hover grid stays text, not numbers.
    missing = [names[c] for c in order if names[c] not in set(frame["col"])]
    filler = pd.DataFrame({"row": labels.get(rows[0], rows[0]), "col": missing, "count": 0, "hover": ""}, copy=False)
    figure = charts.heatmap(pd.concat([frame, filler], ignore_index=True), rows="row", columns="col", value="count",
                            lang=lang, hover="hover",
                            row_order=[labels.get(org, org) for org in rows], column_order=[names[c] for c in order],
                            colour=charts.PALETTE["blue"])
    frame["row_rank"] = frame["org_id"].map({org: i for i, org in enumerate(rows)})
    frame["col_rank"] = frame["column"].map({c: i for i, c in enumerate(order)})
    frame = frame.sort_values(["row_rank", "col_rank"])
    out = pd.DataFrame({
        headers["org"]: frame["row"], headers["place"]: frame["col"], headers["programmes"]: frame["count"].astype(int),
        headers["titles"]: ["; ".join(titles[p] for p in ids) for ids in frame["programs"]],
    }, copy=False)
    lines = data.donor_programs["source_line"].dropna().astype(int).tolist()
    notes = [i18n.t(f"donors.{name}.note.rule", lang, none=labels[NOT_NAMED]), i18n.t("donors.matrix.note.count", lang),
             i18n.t("donors.matrix.note.unknown", lang)]
    return View(name=name, title=i18n.t(f"donors.{name}.title", lang), data=out.reset_index(drop=True), figure=figure,
                notes=notes, source_lines=lines)


def funders_view(data: Dataset) -> View:
    """The 3W matrix seen from the donors: the qarqe each donor's programmes reach."""
    return matrix_view(data, DONOR)


def implementers_view(data: Dataset) -> View:
    """The 3W matrix seen from the implementers: the qarqe each implementing organisation works in."""
    return matrix_view(data, IMPLEMENTER)


def flow_links(data: Dataset) -> pd.DataFrame:
    """Donor → implementer → place flows, one unit per (programme, donor) pair, split equally so that flows add up.

    A programme named again (same_as) with the same donor is still one unit, shared equally among its rows.

    A pair's unit goes in equal parts to the programme's implementers; each part goes in equal parts to the
    programme's place columns. Returns stage ('donor_implementer' | 'implementer_place'), source, target
    (org_ids or place columns), value (float) and the programmes behind each link.
    """
    donors, implementers, columns = roles_of(data, DONOR), roles_of(data, IMPLEMENTER), program_columns(data)
    programme = programme_of(data)
    # A programme named in several rows (same_as) with the same donor is one unit, shared among those rows.
    rows_of_pair = Counter((programme[p], donor) for p, funders in donors.items() for donor in funders)
    value: dict[tuple[str, str, str], float] = defaultdict(float)
    programs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for program_id, funders in donors.items():
        doers, places = implementers[program_id], columns[program_id]
        for donor in funders:
            for doer in doers:
                share = 1.0 / len(doers) / rows_of_pair[(programme[program_id], donor)]
                value[("donor_implementer", donor, doer)] += share
                programs[("donor_implementer", donor, doer)].add(program_id)
                for place in places:
                    value[("implementer_place", doer, place)] += share / len(places)
                    programs[("implementer_place", doer, place)].add(program_id)
    rows = [(stage, source, target, weight, sorted(programs[(stage, source, target)]))
            for (stage, source, target), weight in value.items()]
    return pd.DataFrame(rows, columns=["stage", "source", "target", "value", "programs"])


def flow_view(data: Dataset) -> View:
    """The flow from donors to implementers to qarqe as a sankey diagram."""
    lang = data.edition.lang
    links = flow_links(data)
    labels, full, names = org_labels(data), org_full_names(data), column_names(data)
    titles = program_titles(data)
    headers = {c: i18n.t(f"donors.flow.column.{c}", lang)
               for c in ("stage", "source", "target", "weight", "programmes", "titles")}
    if links.empty:
        return View(
            name="flow",
            title=i18n.t("donors.flow.title", lang),
            data=pd.DataFrame(columns=list(headers.values())),
            empty_message=i18n.t("donors.empty", lang),
        )
    first, second = links[links["stage"] == "donor_implementer"], links[links["stage"] == "implementer_place"]
    out_of = first.groupby("source")["value"].sum().sort_values(ascending=False, kind="stable")
    into = first.groupby("target")["value"].sum().sort_values(ascending=False, kind="stable")
    places = [c for c in place_columns(data) if c in set(second["target"])]
    nodes = [("d", org) for org in out_of.index] + [("i", org) for org in into.index] + [("p", c) for c in places]
    index = {node: i for i, node in enumerate(nodes)}
    node_labels = [labels.get(k, k) if kind != "p" else names[k] for kind, k in nodes]
    colours = [
        charts.PALETTE["blue"] if kind == "d" else charts.PALETTE["orange"] if kind == "i"
        else charts.PALETTE["grey"] if k in (NATIONAL_COLUMN, UNKNOWN_COLUMN) else charts.PALETTE["green"]
        for kind, k in nodes
    ]
    through = {("d", k): v for k, v in out_of.items()} | {("i", k): v for k, v in into.items()}
    through |= {("p", k): v for k, v in second.groupby("target")["value"].sum().items()}
    role_names = {"d": i18n.t("donors.flow.role.donor", lang), "i": i18n.t("donors.flow.role.implementer", lang),
                  "p": i18n.t("donors.flow.role.place", lang)}
    node_hover = [
        f"<b>{charts.escape(full.get(k, k) if kind != 'p' else names[k])}</b><br>{charts.escape(role_names[kind])}"
        + "<br>"
        + charts.escape(i18n.t("donors.flow.hover.weight", lang, value=i18n.number(round(through[(kind, k)], 2), lang)))
        for kind, k in nodes
    ]
    link_rows = []
    for stage, source_kind, target_kind, part in (("donor_implementer", "d", "i", first),
                                                  ("implementer_place", "i", "p", second)):
        for row in part.itertuples(index=False):
            source_label = node_labels[index[(source_kind, row.source)]]
            target_label = node_labels[index[(target_kind, row.target)]]
            hover = (
                f"<b>{charts.escape(source_label)} → {charts.escape(target_label)}</b><br>"
                + charts.escape(
                    i18n.t(
                        "donors.flow.hover.link",
                        lang,
                        value=i18n.number(round(row.value, 2), lang),
                        n=len(row.programs),
                    )
                )
                + f"<br>{_title_lines(row.programs, titles)}"
            )
            link_rows.append(
                {
                    "source": index[(source_kind, row.source)],
                    "target": index[(target_kind, row.target)],
                    "value": row.value,
                    "hover": hover,
                    "stage": i18n.t(f"donors.flow.stage.{stage}", lang),
                    "source_label": source_label,
                    "target_label": target_label,
                    "programs": row.programs,
                }
            )
    frame = pd.DataFrame(link_rows)
    tallest = max(len(out_of), len(into), len(places))
    # Room for every label: the smallest nodes are thinner than a line of text, so the gap between nodes carries it.
    figure = charts.flow_sankey(node_labels, colours, frame, lang=lang, height=max(360, 60 + 30 * tallest),
                                node_hover=node_hover, pad=16, label_size=12)
    out = pd.DataFrame(
        {
            headers["stage"]: frame["stage"],
            headers["source"]: frame["source_label"],
            headers["target"]: frame["target_label"],
            headers["weight"]: frame["value"].round(4),
            headers["programmes"]: frame["programs"].map(len),
            headers["titles"]: ["; ".join(titles[p] for p in ids) for ids in frame["programs"]],
        }
    , copy=False)
    pairs = sum(len(v) for v in roles_of(data, DONOR).values())
    return View(
        name="flow", title=i18n.t("donors.flow.title", lang), data=out, figure=figure,
        notes=[i18n.t("donors.flow.note.method", lang, total=pairs), i18n.t("donors.flow.note.nodes", lang)],
        source_lines=data.donor_programs["source_line"].dropna().astype(int).tolist(),
    )


def _when(value: object, end: bool, lang: str) -> str:
    """A programme date as precise as it reads: whole years and whole months are written as such."""
    day = pd.Timestamp(value)
    if (not end and day.month == 1 and day.day == 1) or (end and day.month == 12 and day.day == 31):
        return str(day.year)
    if (not end and day.day == 1) or (end and day.is_month_end):
        return i18n.month(day.date(), lang)
    return format_date(day.date(), "d MMMM y", locale=i18n.LOCALES[lang])


def period_text(start: object, end: object, lang: str) -> str:
    has_start, has_end = pd.notna(start), pd.notna(end)
    if has_start and has_end:
        first, last = _when(start, False, lang), _when(end, True, lang)
        return first if first == last else i18n.t("donors.period.range", lang, start=first, end=last)
    if has_start:
        return i18n.t("donors.period.from", lang, start=_when(start, False, lang))
    if has_end:
        return i18n.t("donors.period.until", lang, end=_when(end, True, lang))
    return i18n.t("donors.period.none", lang)


def programmes_view(data: Dataset) -> View:
    """Every programme of the period: who funds it, who carries it out, what, where, which pillars, when."""
    lang = data.edition.lang
    programs = data.donor_programs.sort_values(["source_line", "program_id"]).reset_index(drop=True)
    labels, titles = org_labels(data), program_titles(data)
    donors, implementers = roles_of(data, DONOR), roles_of(data, IMPLEMENTER)
    places = data.program_places
    columns = ("title", "donors", "implementers", "places", "pillars", "period", "source_line")
    headers = {c: i18n.t(f"donors.programmes.column.{c}", lang) for c in columns}

    # Each programme's named places in the order printed, and which cover the country: one pass over the places.
    local = places[(places["scope"] == LOCAL) & places["place"].notna()]
    named_places = {program_id: list(dict.fromkeys(part))
                    for program_id, part in local.groupby("program_id", sort=False)["place"]}
    national = set(places.loc[places["scope"] == NATIONAL, "program_id"])

    def where(program_id: str) -> str:
        named = list(named_places.get(program_id, []))
        if program_id in national:
            named.insert(0, i18n.t("donors.places.national", lang))
        return ", ".join(named) or i18n.t("donors.places.unknown", lang)

    def pillars(value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            return i18n.t("donors.pillar.none", lang)
        codes = [p.strip() for p in value.split(";") if p.strip()]
        codes.sort(key=lambda p: PILLARS.index(p) if p in PILLARS else len(PILLARS))
        return ", ".join(i18n.term(f"donors.pillar.{p}", lang, p) for p in codes)

    out = pd.DataFrame({
        headers["title"]: [titles[p] for p in programs["program_id"]],
        headers["donors"]: [", ".join(labels.get(o, o) for o in donors[p]) for p in programs["program_id"]],
        headers["implementers"]: [", ".join(labels.get(o, o) for o in implementers[p]) for p in programs["program_id"]],
        headers["places"]: [where(p) for p in programs["program_id"]],
        headers["pillars"]: [pillars(v) for v in programs["pillar"]],
        headers["period"]: [period_text(s, e, lang) for s, e in zip(programs["start"], programs["end"])],
        headers["source_line"]: programs["source_line"].astype(int),
    }, copy=False)
    table = out.assign(**{headers["source_line"]: out[headers["source_line"]].astype(str)})
    return View(
        name="programmes", title=i18n.t("donors.programmes.title", lang), data=out, table=table,
        notes=[i18n.t("donors.programmes.note.names", lang), i18n.t("donors.programmes.note.period", lang)],
        source_lines=programs["source_line"].dropna().astype(int).tolist(),
        empty_message=None if len(programs) else i18n.t("donors.empty", lang),
    )


def intro_values(data: Dataset) -> dict[str, object]:
    """The numbers the chapter's opening paragraph quotes."""
    roles = data.program_roles
    columns, programme = program_columns(data), programme_of(data)
    qarqe = {c for cs in columns.values() for c in cs if c not in (NATIONAL_COLUMN, UNKNOWN_COLUMN)}
    placed = {programme[p] for p, cs in columns.items() if cs != [UNKNOWN_COLUMN]}
    return {
        "programmes": len(set(programme.values())),
        "donors": int(roles.loc[roles["role"] == DONOR, "org_id"].nunique()),
        "implementers": int(roles.loc[roles["role"] == IMPLEMENTER, "org_id"].nunique()),
        "qarqe": len(qarqe),
        "unknown": len(set(programme.values()) - placed),
    }


__all__ = ["funders_view", "implementers_view", "flow_view", "programmes_view", "flow_links", "presence",
           "program_columns", "roles_of", "intro_values", "org_labels", "programme_of"]
