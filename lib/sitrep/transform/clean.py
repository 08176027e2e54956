"""Raw tables → typed clean tables. Each function is pure: frames in, frames out."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sitrep.extract.read import ROW
from sitrep.periods import parse_period
from sitrep.text import fold, map_distinct, split_list
from sitrep.transform import dates, numerals, vocab
from sitrep.transform.places import Gazetteer, qark_codes, scope_of
from sitrep.transform.quotes import SourceText

TRUE_KEYS = {fold(word) for word in vocab.TRUE_WORDS}


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column that may be absent from a raw file (optional columns) as text."""
    if column not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame[column] if frame[column].dtype == "str" else frame[column].astype("str")


def _line(frame: pd.DataFrame, column: str = "source_line") -> pd.Series:
    if column not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="Int64")
    return map_distinct(frame[column], int, "Int64")


def _boolean(values: pd.Series) -> pd.Series:
    return map_distinct(values, lambda value: fold(value) in TRUE_KEYS, "bool")


def _quoted(frame: pd.DataFrame, *, note: bool = True) -> dict[str, pd.Series]:
    columns = {"quote": _text(frame, "quote"), "source_line": _line(frame)}
    if note:
        columns["note"] = _text(frame, "note")
        columns["note_sq"] = _text(frame, "note_sq")
    return columns


def _by_key(keys: pd.Series, values: pd.Series) -> pd.Series:
    """`values` looked up by `keys` (the last of a repeated key), for Series.map: a dict of zip without its loop."""
    lookup = pd.Series(values.to_numpy(), index=keys.to_numpy())
    return lookup[~lookup.index.duplicated(keep="last")]


def _stamped(frame: pd.DataFrame, raw: pd.DataFrame, key: str | None = None) -> pd.DataFrame:
    """The table with report_id first: row for row from the raw table, or (`key`) through the entity it lists."""
    ids = _text(raw, "report_id")
    if key is None:  # the Arrow text itself, row for row: no round trip through a million Python strings
        column = pd.Series(ids.array, index=frame.index, dtype="str")
    else:
        column = frame[key].map(_by_key(raw[key], ids)).astype("str")
    return pd.concat([column.rename("report_id"), frame.drop(columns="report_id", errors="ignore")], axis=1)


def clean_organizations(raw: pd.DataFrame) -> pd.DataFrame:
    """The organisations the reports name, with names and acronyms in both languages and where each is introduced."""
    return _stamped(pd.DataFrame({
        "org_id": raw["org_id"], "name": raw["name"], "acronym": _text(raw, "acronym"),
        "name_en": _text(raw, "name_en"), "acronym_en": _text(raw, "acronym_en"), "org_type": raw["org_type"],
        **_quoted(raw, note=False),
    }), raw)


def clean_grants(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The grants with dates to their printed precision, and one row per (grant, funder) beside them."""
    start, end = dates.parse_dates(_text(raw, "start")), dates.parse_dates(_text(raw, "end"))
    periods = map_distinct(raw["period"], parse_period)
    grants = pd.DataFrame({
        "grant_id": raw["grant_id"], "org_id": raw["org_id"], "partners": _text(raw, "partners"),
        "title": _text(raw, "title"), "title_en": _text(raw, "title_en"),
        "description_en": _text(raw, "description_en"), "program": raw["program"], "phase": _text(raw, "phase"),
        "funders": map_distinct(raw["funders"], lambda cell: ";".join(split_list(cell)), "str").fillna(""),
        "start": start["first"], "start_precision": start["precision"],
        "end": end["last"], "end_precision": end["precision"],
        "period_start": pd.to_datetime(periods.str[0]), "period_end": pd.to_datetime(periods.str[1]),
        "place_quote": _text(raw, "place_quote"), "place_line": _line(raw, "place_line"),
        **_quoted(raw),
    })
    funders = grants[["grant_id"]].assign(funder_id=grants["funders"].str.split(";")).explode("funder_id")
    return _stamped(grants, raw), _stamped(funders.reset_index(drop=True), raw, "grant_id")


def explode_places(raw: pd.DataFrame, key: str, gazetteer: Gazetteer, column: str = "places") -> pd.DataFrame:
    """One row per printed place, resolved; an entity with no place gets one row of scope 'unknown'."""
    forms = map_distinct(_text(raw, column), split_list).map(lambda cell: cell or [None])
    printed = raw[[key]].assign(place_as_printed=forms)
    printed = printed.explode("place_as_printed").reset_index(drop=True)
    printed["place_as_printed"] = printed["place_as_printed"].astype("str")
    # Each report's rows are resolved with its own places.csv too.
    reports = printed[key].map(_by_key(raw[key], raw["report_id"])) if "report_id" in raw else None
    resolved = gazetteer.resolve(printed["place_as_printed"].fillna(""), reports)
    resolved[printed["place_as_printed"].isna()] = pd.NA
    places = pd.concat([printed, resolved[["place", "rreth", "qark", "iso_3166_2"]]], axis=1)
    places["scope"] = scope_of(resolved["kind"], resolved["qark"])
    return _stamped(places, raw, key)


UNIT_SEPARATOR = "\x1f"  # joins a metric and its unit into one key: neither can hold a control character


def _measure_of_typed(key: str) -> str:
    metric, unit = key.split(UNIT_SEPARATOR)
    return vocab.measure_of(metric, unit) or metric


def clean_figures(raw: pd.DataFrame) -> pd.DataFrame:
    """The grants' figures as counts, each with a stable id, its measure's kind and whether it counts victims."""
    metrics = vocab.metrics_table().set_index("metric")
    qualifier_printed = _text(raw, "qualifier")
    sequence = raw.groupby(["grant_id", "metric"]).cumcount()
    repeated = raw.duplicated(["grant_id", "metric"], keep=False)
    figure_id = raw["grant_id"] + "." + raw["metric"]
    figure_id = figure_id.where(~repeated, figure_id + "." + (sequence + 1).astype("str"))
    # A figure counted in another unit than its measure's (victims' cases) is a measure of its own: never summed
    # with the persons. The id keeps the metric as typed, so that it does not move when a unit is corrected.
    unit = _text(raw, "unit").fillna("").str.strip()
    typed = raw["metric"].str.strip()
    measure = map_distinct(typed + UNIT_SEPARATOR + unit, _measure_of_typed, "str")
    return _stamped(pd.DataFrame({
        "figure_id": figure_id, "grant_id": raw["grant_id"], "metric": measure,
        "metric_kind": map_distinct(measure, metrics["metric_kind"].get, "str"),
        "victim_related": map_distinct(measure, metrics["victim_related"].get, "bool"),
        "value": numerals.parse_counts(raw["value"]), "value_as_printed": raw["value"],
        "is_target": _boolean(raw["is_target"]),
        "qualifier": numerals.normalise_qualifiers(qualifier_printed.fillna("")),
        "qualifier_as_printed": qualifier_printed,
        "unit": map_distinct(measure, metrics["unit"].get, "str"), "group": _text(raw, "group"),
        **_quoted(raw),
    }), raw)


def clean_nap_links(raw: pd.DataFrame) -> pd.DataFrame:
    """The plan activities each grant supported, with a key that joins them to the plans' objectives."""
    links = pd.DataFrame({
        column: _text(raw, column)
        for column in ("grant_id", "plan", "pillar", "strategic_goal", "specific_objective", "activity")
    })
    parts = links[["plan", "pillar", "strategic_goal", "specific_objective"]].fillna("")
    # A report with no plan citations has a header-only table: joining no rows must still give a column.
    key = parts["plan"]
    for column in ("pillar", "strategic_goal", "specific_objective"):
        key = key + ":" + parts[column]
    links["objective_key"] = key if len(parts) else pd.Series(dtype="str")
    return _stamped(links.assign(**_quoted(raw)), raw)


def clean_plans(raw: pd.DataFrame) -> pd.DataFrame:
    """The plans the reports refer to, each named in both languages, in the order the reports list them."""
    columns = ("plan", "name", "name_en", "short", "short_en")
    return _stamped(pd.DataFrame({column: _text(raw, column) for column in columns}).assign(**_quoted(raw)), raw)


def clean_nap_structure(raw: pd.DataFrame) -> pd.DataFrame:
    """The national action plans' pillars, goals and objectives with their titles, as the reports print them."""
    columns = ("plan", "pillar", "strategic_goal", "specific_objective", "title", "title_en")
    return _stamped(pd.DataFrame({column: _text(raw, column) for column in columns}).assign(**_quoted(raw)), raw)


def clean_donor_programs(raw: pd.DataFrame, gazetteer: Gazetteer) -> dict[str, pd.DataFrame]:
    """Donor programmes, who funds and carries out each, where they work and the destinations they name."""
    start, end = dates.parse_dates(_text(raw, "start")), dates.parse_dates(_text(raw, "end"))
    programs = pd.DataFrame({
        "program_id": raw["program_id"], "title": raw["title"], "title_en": _text(raw, "title_en"),
        "same_as": _text(raw, "same_as"),
        "pillar": _text(raw, "pillar").map(lambda cell: ";".join(split_list(cell)) if pd.notna(cell) else pd.NA),
        "start": start["first"], "end": end["last"], **_quoted(raw),
    })
    roles = (
        pd.concat(
            [
                raw[["program_id"]]
                .assign(
                    org_id=_text(raw, column).map(lambda cell: split_list(cell) if pd.notna(cell) else []), role=role
                )
                .explode("org_id")
                .dropna(subset=["org_id"])
                for column, role in (("donor", "donor"), ("implementer", "implementer"))
            ]
        )
        .drop_duplicates()
        .reset_index(drop=True)
    )
    destinations = raw[["program_id"]].assign(
        place_as_printed=_text(raw, "destinations").map(lambda cell: split_list(cell) if pd.notna(cell) else [])
    ).explode("place_as_printed").dropna().reset_index(drop=True)
    owner = dict(zip(raw["program_id"], raw["report_id"])) if "report_id" in raw else None
    reports = destinations["program_id"].map(owner) if owner is not None else None
    destinations["place"] = gazetteer.resolve(destinations["place_as_printed"].astype("str"), reports)["place"]
    return {
        "donor_programs": _stamped(programs, raw), "program_roles": _stamped(roles, raw, "program_id"),
        "program_places": explode_places(raw, "program_id", gazetteer),
        "program_destinations": _stamped(destinations, raw, "program_id"),
    }


def clean_events(raw: pd.DataFrame) -> pd.DataFrame:
    """The reports' events in order of date, each with an id made of its ISO date and its number on that day."""
    parsed = dates.parse_dates(raw["date"])
    events = pd.DataFrame(
        {
            "report_id": _text(raw, "report_id"),
            "event_id": pd.NA,
            "date": parsed["first"],
            "date_precision": parsed["precision"],
            "date_as_printed": raw["date"],
            "kind": raw["kind"],
            "event": raw["event"],
            "event_en": raw["event_en"],
            "actors": _text(raw, "actors"),
            "actors_en": _text(raw, "actors_en"),
            **_quoted(raw),
        }
    )
    # Reports come in order and each keeps its own: a later report numbers its events after an earlier one's.
    order = pd.Series(pd.factorize(events["report_id"])[0], index=events.index)
    events = events.assign(_order=order).sort_values(["_order", "date", "source_line"], kind="stable")
    events = events.drop(columns="_order").reset_index(drop=True)
    # Ids use the ISO date whichever way it was typed (15.03.2007 and 2007-03-15 are one day).
    iso = map_distinct(events["date_as_printed"], dates.iso_date, "str")
    events["event_id"] = iso + "." + (events.groupby(iso).cumcount() + 1).astype("str")
    return events


def clean_gov_figures(raw: pd.DataFrame) -> pd.DataFrame:
    """The government's figures as counts, dated to their printed precision and marked when they count victims."""
    return _stamped(pd.DataFrame({
        "figure_id": raw["figure_id"], "topic": raw["topic"], "label": raw["label"], "label_en": raw["label_en"],
        "value": numerals.parse_counts(raw["value"]), "value_as_printed": raw["value"],
        "qualifier": numerals.normalise_qualifiers(_text(raw, "qualifier").fillna("")),
        "victim_related": _boolean(raw["victim_related"]), "date": dates.parse_dates(_text(raw, "date"))["first"],
        "date_precision": dates.parse_dates(_text(raw, "date"))["precision"],
        **_quoted(raw),
    }), raw)


def clean_ngo_efforts(raw: pd.DataFrame, gazetteer: Gazetteer) -> dict[str, pd.DataFrame]:
    """The NGOs' efforts with their activities, and one row per place each effort names."""
    efforts = pd.DataFrame({
        "effort_id": raw["effort_id"], "org_id": raw["org_id"],
        "activities": raw["activities"].map(lambda cell: ";".join(split_list(cell))), **_quoted(raw),
    })
    return {"ngo_efforts": _stamped(efforts, raw), "ngo_effort_places": explode_places(raw, "effort_id", gazetteer)}


def clean_claims(raw: pd.DataFrame) -> pd.DataFrame:
    """The totals each report states about itself, as counts, with the report's own account of any difference."""
    return _stamped(pd.DataFrame({
        "claim_id": raw["claim_id"], "claim": raw["claim"], "claim_en": _text(raw, "claim_en"),
        "value": numerals.parse_counts(raw["value"]),
        "value_as_printed": raw["value"], "metric": raw["metric"], "quote": raw["quote"], "source_line": _line(raw),
        "explanation": raw["explanation"], "explanation_en": raw["explanation_en"],
        "explained_quote": _text(raw, "explained_quote"), "explained_line": _line(raw, "explained_line"),
    }), raw)


def clean_key_messages(raw: pd.DataFrame, texts: dict | None = None) -> pd.DataFrame:
    """The points of each report's executive summary, in each report's order, with the lines each quote covers.

    `texts` maps a report id to its SourceText: a citation of a point highlights every line of its quote.
    """
    first = _line(raw)
    ids = _text(raw, "report_id")
    spans = [(texts or {}).get(report).lines_of(quote) if (texts or {}).get(report) is not None else None
             for report, quote in zip(ids, raw["quote"])]
    last = pd.Series([span.stop - 1 if span else line for span, line in zip(spans, first)], index=raw.index,
                     dtype="Int64")
    messages = _stamped(pd.DataFrame({
        "message_id": raw["message_id"], "order": _line(raw, "order"), "point": raw["point"],
        "point_en": raw["point_en"], "quote": raw["quote"], "source_line": first, "last_line": last,
        "gloss_en": raw["gloss_en"], "note": _text(raw, "note"), "note_sq": _text(raw, "note_sq"),
    }), raw)
    order = pd.Series(pd.factorize(messages["report_id"])[0], index=messages.index)
    return messages.assign(_report=order).sort_values(["_report", "order"], kind="stable").drop(columns="_report")


def clean_glossary(raw: pd.DataFrame) -> pd.DataFrame:
    """Each report's abbreviations with their expansions, as printed and in English."""
    return _stamped(pd.DataFrame({
        "abbreviation": raw["abbreviation"], "abbreviation_en": _text(raw, "abbreviation_en"),
        "expansion": raw["expansion"], "expansion_en": raw["expansion_en"], **_quoted(raw),
    }), raw)


def reference_tables(geo_dir: Path) -> dict[str, pd.DataFrame]:
    """The 12 qarqe and 36 rrethe, from the boundary files, with ISO codes from pycountry."""
    codes = qark_codes()
    counties = json.loads((geo_dir / "albania_qarqe.geojson").read_text(encoding="utf-8"))["features"]
    districts = json.loads((geo_dir / "albania_rrethe.geojson").read_text(encoding="utf-8"))["features"]
    qarqe = pd.DataFrame([{"qark": f["properties"]["qark"]} for f in counties])
    qarqe["iso_3166_2"] = qarqe["qark"].map(codes)
    rrethe = pd.DataFrame([{"rreth": f["properties"]["rreth"], "qark": f["properties"]["qark"]} for f in districts])
    rrethe["iso_3166_2"] = rrethe["qark"].map(codes)
    return {"qarqe": qarqe.sort_values("iso_3166_2"), "rrethe": rrethe.sort_values(["iso_3166_2", "rreth"])}


# Tables derived from another: their rows take the report of the entity they list.
DERIVED = {
    "grant_funders": ("grants", "grant_id"), "grant_places": ("grants", "grant_id"),
    "program_roles": ("donor_programs", "program_id"), "program_places": ("donor_programs", "program_id"),
    "program_destinations": ("donor_programs", "program_id"), "ngo_effort_places": ("ngo_efforts", "effort_id"),
}
REFERENCE_TABLES = ("qarqe", "rrethe")


def _with_report_ids(tables: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Put report_id first in every table of facts; row-for-row tables take it from their raw rows."""
    out = {}
    for name, frame in tables.items():
        first = list(frame.columns[:1]) == ["report_id"] and list(frame.columns).count("report_id") == 1
        if name in REFERENCE_TABLES or name == "reports" or first:  # a stamped table has its report first already
            out[name] = frame
            continue
        if "report_id" in frame:
            ids = frame["report_id"]
        elif name in DERIVED:
            parent, key = DERIVED[name]
            ids = frame[key].map(_by_key(raw[parent][key], raw[parent]["report_id"])).astype("str")
        else:
            ids = pd.Series(raw[name]["report_id"].astype("str").array, index=frame.index, dtype="str")
        out[name] = pd.concat([ids.rename("report_id"), frame.drop(columns="report_id", errors="ignore")], axis=1)
    return out


def _texts(reports) -> dict:
    """Each report's text by id, for the tables whose clean rows name the last line of their quote."""
    return {report.id: SourceText.read(report.text_path) for report in reports
            if report.text_path is not None and report.text_path.is_file()}


def reports_table(reports: list) -> pd.DataFrame:
    """The clean `reports` table: one row per report's metadata, in the order of the periods they cover."""
    from sitrep.transform.schema import REPORTS_TABLE

    return pd.DataFrame([report.record() for report in reports], columns=list(REPORTS_TABLE.columns), dtype="str")


def clean_tables(
    raw: dict[str, pd.DataFrame], gazetteer: Gazetteer, geo_dir: Path, reports: list = (),
    texts: dict[str, SourceText] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every clean table from the (already checked) raw tables of every report, each row with its report_id.

    `texts` are the reports' texts by id, as checking read them (read again when not given).
    """
    raw = {name: frame.drop(columns=ROW, errors="ignore").reset_index(drop=True) for name, frame in raw.items()}
    grants, grant_funders = clean_grants(raw["grants"])
    tables = {
        "organizations": clean_organizations(raw["organizations"]),
        "grants": grants,
        "grant_funders": grant_funders,
        "grant_places": explode_places(raw["grants"], "grant_id", gazetteer),
        "figures": clean_figures(raw["figures"]),
        "nap_links": clean_nap_links(raw["nap_links"]),
        "plans": clean_plans(raw["plans"]),
        "nap_structure": clean_nap_structure(raw["nap_structure"]),
        **clean_donor_programs(raw["donor_programs"], gazetteer),
        "events": clean_events(raw["events"]),
        "gov_figures": clean_gov_figures(raw["gov_figures"]),
        "claims": clean_claims(raw["claims"]),
        "key_messages": clean_key_messages(raw["key_messages"], _texts(reports) if texts is None else texts),
        "glossary": clean_glossary(raw["glossary"]),
        **clean_ngo_efforts(raw["ngo_efforts"], gazetteer),
        **reference_tables(geo_dir),
    }
    tables = _with_report_ids({name: frame.reset_index(drop=True) for name, frame in tables.items()}, raw)
    return {"reports": reports_table(list(reports)), **tables}
