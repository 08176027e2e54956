"""The tables: raw columns with their rules, and clean columns with their types and meanings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

from sitrep.transform import rules, vocab
from sitrep.transform.conform import Declared, DeclaredColumn, holds
from sitrep.transform.places import Gazetteer

if TYPE_CHECKING:  # pandera is the cleaning's alone: the report stage reads the tables' declarations, not checks
    import pandera.pandas as pa

Contextual = Callable[[Gazetteer], rules.Rule]


@dataclass(frozen=True)
class Field:
    """One raw column: what it means, whether it must be filled, and the rules its cells follow."""

    name: str
    description: str
    required: bool = False
    checks: tuple[rules.Rule | Contextual, ...] = ()
    unique: bool = False


@dataclass(frozen=True)
class RawTable:
    """One table a report's data is typed into: its columns, which are required, and the rules each cell follows."""

    name: str
    description: str
    fields: tuple[Field, ...]

    @property
    def file(self) -> str:
        """The table's file in a report's folder."""
        return f"{self.name}.csv"

    @property
    def required_columns(self) -> list[str]:
        """The columns a raw file must have; the others may be left out."""
        return [f.name for f in self.fields if f.required]

    def schema(self, gazetteer: Gazetteer) -> pa.DataFrameSchema:
        """A pandera schema over the raw strings (empty cells already turned into NA)."""
        import pandera.pandas as pa

        columns = {
            # Raw cells are text by construction (the reader makes them so): no dtype to check, only the rules.
            f.name: pa.Column(
                None,
                checks=[(c if isinstance(c, rules.Rule) else c(gazetteer)).check() for c in f.checks],
                nullable=not f.required,
                required=f.required,
                unique=f.unique,
                description=f.description,
            )
            for f in self.fields
        }
        return pa.DataFrameSchema(columns, strict=True, name=self.name)

    def rule(self, column: str, check_name: str, gazetteer: Gazetteer) -> rules.Rule | None:
        """The rule behind a failed check, so that the problem can be explained with its hint."""
        for f in self.fields:
            if f.name == column:
                for c in f.checks:
                    rule = c if isinstance(c, rules.Rule) else c(gazetteer)
                    if rule.name == check_name:
                        return rule
        return None


def _quote_fields() -> tuple[Field, ...]:
    return (
        Field("quote", "The verbatim source text (line breaks as spaces; ' … ' marks an elision).", required=True),
        Field("source_line", "Line of the source report on which the number, or the quote, starts.", required=True,
              checks=(rules.LINE_NUMBER,)),
        Field("note", "The reading of an ambiguous text (target or reached? which phase? which place?)."),
    )


def _places(foreign: bool = False) -> Contextual:
    return lambda gazetteer: rules.known_places(gazetteer, foreign=foreign)


RAW_TABLES: dict[str, RawTable] = {
    table.name: table
    for table in (
        RawTable("organizations", "Every organisation named as grantee, funder, donor or implementer.", (
            Field("org_id", "Stable id: lowercase letters, digits and '-'.", True, (rules.identifier("org"),),
                  unique=True),
            Field("name", "Name as printed in the report.", True),
            Field("acronym", "Acronym as printed."),
            Field("name_en", "English name."),
            Field("acronym_en", "The English acronym, where it differs from the printed one (OSCE, not OSBE)."),
            Field("org_type", "Kind of organisation.", True, (rules.one_of(vocab.ORG_TYPES, "org_type"),)),
            *_quote_fields(),
        )),
        RawTable("grants", "One row per grant of a grant programme.", (
            Field("grant_id", "Stable id: <org_id>-<n>.", True, (rules.identifier("grant"),), unique=True),
            Field("org_id", "The grantee organisation.", True, (rules.identifier("org"),)),
            Field("partners", "Partner organisations as printed, ';'-separated."),
            Field("title", "Project title as printed."),
            Field("title_en", "The project title in English, where one is printed."),
            Field("description_en", "What the project did, in English: a reviewed translation of its description."),
            Field("program", "org_id of the programme that awarded the grant (it names the grants chapter).", True,
                  (rules.identifier("org"),)),
            Field("phase", "Grant phase as the report gives it: a number (3) or a range (1-2).", checks=(rules.PHASE,)),
            Field("funders", "org_ids that paid, ';'-separated.", True, (rules.list_of_ids("funders"),)),
            Field("places", "Places as printed, ';'-separated.", checks=(_places(),)),
            Field("place_quote", "Where the grant's own text names no place: the text of another section that does."),
            Field("place_line", "Line on which place_quote starts.", checks=(rules.LINE_NUMBER,)),
            Field("start", "Start date, as precise as the text.", checks=(rules.DATE,)),
            Field("end", "End date, as precise as the text.", checks=(rules.DATE,)),
            Field("period", "Reporting period, YYYY-MM:YYYY-MM.", True, (rules.PERIOD,)),
            *_quote_fields(),
        )),
        RawTable("figures", "One row per number attached to a grant.", (
            Field("grant_id", "The grant the number belongs to.", True, (rules.identifier("grant"),)),
            Field("metric", "What is counted (controlled vocabulary).", True,
                  (rules.one_of(vocab.TYPED_METRICS, "metric"),)),
            Field("value", "The number as printed: digits or an Albanian numeral.", True, (rules.COUNT,)),
            Field("qualifier", "Qualifier as printed (më shumë se, afërsisht, të paktën).", checks=(rules.QUALIFIER,)),
            Field("is_target", "true when the text gives the number as an aim, not a result.", True, (rules.BOOLEAN,)),
            Field("unit", "What one counted thing is: persons, cases, organizations or other.", True,
                  (rules.one_of(vocab.UNITS, "unit"),)),
            Field("group", "Who was counted, as printed."),
            *_quote_fields(),
        )),
        RawTable("plans", "The national plans and strategies the report's grants and structure refer to.", (
            Field("plan", "Stable id: lowercase letters, digits, '-' and '_'.", True,
                  (rules.identifier("plan", underscores=True),), unique=True),
            Field("name", "The plan's name as the site gives it, in the report's wording.", True),
            Field("name_en", "The name in English.", True),
            Field("short", "The short name columns and citations use (PKV 2005–2007).", True),
            Field("short_en", "The short name in English (NAP 2005–2007).", True),
            *_quote_fields(),
        )),
        RawTable("nap_links", "Plan activities each grant supported, one row per cited activity.", (
            Field("grant_id", "The grant.", True, (rules.identifier("grant"),)),
            Field("plan", "The plan cited (plans.csv).", True, (rules.identifier("plan", underscores=True),)),
            Field("pillar", "The plan's pillar.", checks=(rules.one_of(vocab.PILLARS, "pillar"),)),
            Field("strategic_goal", "Strategic goal number."),
            Field("specific_objective", "Specific objective letter or number."),
            Field("activity", "Activity number."),
            *_quote_fields(),
        )),
        RawTable("nap_structure", "Pillars, goals and objectives of the national plans.", (
            Field("plan", "The plan (plans.csv).", True, (rules.identifier("plan", underscores=True),)),
            Field("pillar", "The pillar.", True, (rules.one_of(vocab.PILLARS, "pillar"),)),
            Field("strategic_goal", "Strategic goal number."),
            Field("specific_objective", "Specific objective letter or number."),
            Field("title", "Title as printed.", True),
            Field("title_en", "English title.", True),
            *_quote_fields(),
        )),
        RawTable("donor_programs", "One row per programme of a donor or intergovernmental organisation.", (
            Field("program_id", "Stable id.", True, (rules.identifier("program"),), unique=True),
            Field("same_as", "program_id of the row describing the same programme (another channel or grantee).",
                  checks=(rules.identifier("program"),)),
            Field("donor", "org_ids that fund the programme, ';'-separated.", True, (rules.list_of_ids("donor"),)),
            Field("implementer", "org_ids that carry it out, ';'-separated.",
                  checks=(rules.list_of_ids("implementer"),)),
            Field("title", "Title or short description as printed.", True),
            Field("title_en", "English title."),
            Field("places", "Albanian places as printed, ';'-separated.", checks=(_places(),)),
            Field("destinations", "Foreign places as printed, ';'-separated.", checks=(_places(foreign=True),)),
            Field("pillar", "Pillars, ';'-separated.", checks=(rules.one_of(vocab.PILLARS, "pillar", many=True),)),
            Field("start", "Start date.", checks=(rules.DATE,)),
            Field("end", "End date.", checks=(rules.DATE,)),
            *_quote_fields(),
        )),
        RawTable("events", "Every dated event of the report.", (
            Field("date", "Date, as precise as the text.", True, (rules.DATE,)),
            Field("kind", "Kind of event.", True, (rules.one_of(vocab.EVENT_KINDS, "kind"),)),
            Field("event", "Short Albanian label.", True),
            Field("event_en", "English label.", True),
            Field("actors", "org_ids or names as printed, ';'-separated."),
            Field("actors_en", "The same actors in the same order, each name in English (org_ids as they are)."),
            *_quote_fields(),
        )),
        RawTable("gov_figures", "The government's own figures.", (
            Field("figure_id", "Stable id.", True, (rules.identifier("figure"),), unique=True),
            Field("topic", "Short topic.", True),
            Field("label", "Albanian label.", True),
            Field("label_en", "English label.", True),
            Field("value", "The number as printed.", True, (rules.COUNT,)),
            Field("qualifier", "Qualifier as printed.", checks=(rules.QUALIFIER,)),
            Field("victim_related", "true when the number counts victims, witnesses or their cases.", True,
                  (rules.BOOLEAN,)),
            Field("date", "Date the figure refers to.", checks=(rules.DATE,)),
            *_quote_fields(),
        )),
        RawTable("claims", "Totals the report states about itself, to be reconciled with the data.", (
            Field("claim_id", "Stable id.", True, (rules.identifier("claim"),), unique=True),
            Field("claim", "The claim as printed, shortened.", True),
            Field("claim_en", "The claim in English."),
            Field("value", "The number claimed, as printed.", True, (rules.COUNT,)),
            Field("metric", "What the claim counts.", True, (rules.CLAIM_METRIC,)),
            Field("quote", "The verbatim source text.", True),
            Field("source_line", "Line of the claim.", True, (rules.LINE_NUMBER,)),
            Field("explanation", "Why the data agree or differ (Albanian).", True),
            Field("explanation_en", "The same in English.", True),
            Field("explained_quote", "Where the report itself accounts for the difference: its words, verbatim."),
            Field("explained_line", "Line on which explained_quote starts.", checks=(rules.LINE_NUMBER,)),
        )),
        RawTable("key_messages", "The points of the report's executive summary, in its own words.", (
            Field("message_id", "Stable id.", True, (rules.identifier("message"),), unique=True),
            Field("order", "Position of the point in the summary: 1, 2, 3…", True, (rules.POSITION,)),
            Field("point", "A short Albanian heading for the point, in the report's words.", True),
            Field("point_en", "The heading in English.", True),
            Field("quote", "The verbatim source text of the point.", True),
            Field("source_line", "Line on which the quote starts.", True, (rules.LINE_NUMBER,)),
            Field("gloss_en", "A reviewed English rendering of the quote.", True),
            Field("note", "What a reader of the quote should know (whose verdict it is, what … leaves out)."),
        )),
        RawTable("glossary", "The report's list of abbreviations, one row per entry as printed.", (
            Field("abbreviation", "The abbreviation as printed.", True),
            Field("abbreviation_en", "The abbreviation English texts use, where it differs (OSCE for OSBE)."),
            Field("expansion", "What it stands for, as printed.", True),
            Field("expansion_en", "What it stands for, in English.", True),
            Field("quote", "The entry as printed: the abbreviation, then its expansion.", True),
            Field("source_line", "Line of the entry.", True, (rules.LINE_NUMBER,)),
            Field("note", "Where the English expansion is not a plain translation of the printed one, why."),
        )),
        RawTable("ngo_efforts", "Organisations and coalitions of the NGO section, and what they do where.", (
            Field("effort_id", "Stable id.", True, (rules.identifier("effort"),), unique=True),
            Field("org_id", "The organisation.", True, (rules.identifier("org"),)),
            Field("activities", "Activities, ';'-separated.", True,
                  (rules.one_of(vocab.NGO_ACTIVITIES, "activities", many=True),)),
            Field("places", "Albanian places as printed, ';'-separated.", checks=(_places(),)),
            *_quote_fields(),
        )),
    )
}


@dataclass(frozen=True)
class Reference:
    """A cross-table rule: every id in `table.column` must exist in `target.target_column`.

    `earlier`: the target may be introduced by this report or an earlier one (organisations are shared);
    otherwise it must be in the same report (a figure belongs to a grant of its own report).
    """

    table: str
    column: str
    target: str
    target_column: str
    many: bool = False
    earlier: bool = False


REFERENCES = (
    Reference("grants", "org_id", "organizations", "org_id", earlier=True),
    Reference("grants", "program", "organizations", "org_id", earlier=True),
    Reference("grants", "funders", "organizations", "org_id", many=True, earlier=True),
    Reference("figures", "grant_id", "grants", "grant_id"),
    Reference("nap_links", "grant_id", "grants", "grant_id"),
    Reference("nap_links", "plan", "plans", "plan", earlier=True),
    Reference("nap_structure", "plan", "plans", "plan", earlier=True),
    Reference("donor_programs", "donor", "organizations", "org_id", many=True, earlier=True),
    Reference("donor_programs", "implementer", "organizations", "org_id", many=True, earlier=True),
    Reference("donor_programs", "same_as", "donor_programs", "program_id"),
    Reference("ngo_efforts", "org_id", "organizations", "org_id", earlier=True),
)
# Pairs of date columns where the first must not come after the second.
DATE_ORDER = (("grants", "start", "end"), ("donor_programs", "start", "end"))


@dataclass(frozen=True)
class CleanTable:
    """A typed output table: its columns' types and meanings, its key and its links."""

    name: str
    description: str
    columns: dict[str, tuple[str, str]]  # name → (table schema type, description)
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)
    # A column's checks beyond its type, as data: each a pandera Check's name and its argument (made in `schema`).
    extra_checks: dict[str, tuple[tuple[str, object], ...]] = field(default_factory=dict)

    @property
    def file(self) -> str:
        """The table's file among the clean tables."""
        return f"{self.name}.csv"

    def declared(self) -> Declared:
        """What the clean table holds, for the cleaning's fast check: no pandera schema is built where all holds."""
        dtypes = _dtypes()
        return Declared(
            {
                name: DeclaredColumn(
                    dtypes[kind],
                    nullable=name not in self.primary_key,
                    coerce=_in_nanoseconds if kind == "date" else None,
                    checks=tuple(holds(check, argument) for check, argument in self.extra_checks.get(name, ())),
                )
                for name, (kind, _) in self.columns.items()
            },
            unique=self.primary_key,
        )

    def schema(self) -> pa.DataFrameSchema:
        """A pandera schema that types the clean table, in column order, with its primary key unique."""
        import pandera.pandas as pa

        dtypes = _dtypes()
        return pa.DataFrameSchema(
            {
                name: pa.Column(
                    dtypes[kind],
                    checks=[getattr(pa.Check, check)(argument) for check, argument in self.extra_checks.get(name, ())],
                    nullable=name not in self.primary_key,
                    description=text,
                )
                for name, (kind, text) in self.columns.items()
            },
            strict=True,
            ordered=True,
            unique=list(self.primary_key) or None,
            name=self.name,
            coerce=True,
        )


def _dtypes() -> dict[str, object]:
    """Each kind of clean column's dtype.

    Text is in the string storage pandas is set to now (pandera would keep the first "str" it saw): the cleaning of
    a small dataset sets Python's (transform/run.py).
    """
    return {"string": pd.StringDtype(na_value=np.nan), "integer": pd.Int64Dtype(), "boolean": np.dtype(bool),
            "date": np.dtype("datetime64[ns]")}


def _in_nanoseconds(values: pd.Series) -> pd.Series:
    """Dates in the nanoseconds the clean tables hold, as pandera coerces them (parsing gives seconds).

    Dates with a time zone do not convert: the fast pass then leaves the table to pandera.
    """
    return values.astype("datetime64[ns]") if values.dtype.kind == "M" else values


S, N, B, D = "string", "integer", "boolean", "date"
QUOTED = {
    "quote": (S, "Verbatim source text holding the figure or fact."),
    "source_line": (N, "Line of the source report where it is printed."),
    "note": (S, "The reading of an ambiguous text, if any (English, as the transcriber wrote it)."),
    "note_sq": (S, "The note in Albanian, from the report's note_translations.csv; empty where not yet translated."),
}
PLACE_COLUMNS = {
    "place_as_printed": (S, "The place as written in the raw table."),
    "place": (S, "Canonical place name (nominative)."),
    "rreth": (S, "Former district (one of the 36 rrethe, 2000–2015)."),
    "qark": (S, "County (one of the 12 qarqe)."),
    "iso_3166_2": (S, "ISO 3166-2 code of the qark (AL-01…AL-12)."),
    "scope": (S, "local (in a known qark) | national (the whole country) | unknown."),
}


def only(values) -> tuple[tuple[str, object], ...]:
    """The check that a column holds only these values."""
    return (("isin", list(values)),)


CLEAN_TABLES: dict[str, CleanTable] = {
    table.name: table
    for table in (
        CleanTable("organizations", "Organisations named in the report.", {
            "org_id": (S, "Stable id."), "name": (S, "Name as printed."), "acronym": (S, "Acronym."),
            "name_en": (S, "English name."), "acronym_en": (S, "English acronym, where it differs."),
            "org_type": (S, "Kind of organisation."),
            "quote": QUOTED["quote"], "source_line": QUOTED["source_line"],
        }, ("org_id",), extra_checks={"org_type": only(vocab.ORG_TYPES)}),
        CleanTable("grants", "Grants of the grant programmes.", {
            "grant_id": (S, "Stable id."), "org_id": (S, "Grantee."), "partners": (S, "Partners as printed."),
            "title": (S, "Project title."), "title_en": (S, "Project title in English."),
            "description_en": (S, "What the project did, in English."), "program": (S, "Awarding programme (org_id)."),
            "phase": (S, "A phase (3) or a range (1-2)."),
            "funders": (S, "Funding org_ids, ';'-separated."),
            "start": (D, "First day of the start date."), "start_precision": (S, "year | month | day."),
            "end": (D, "Last day of the end date."), "end_precision": (S, "year | month | day."),
            "period_start": (D, "First day of the reporting period."),
            "period_end": (D, "Last day of the reporting period."),
            "place_quote": (S, "Text elsewhere in the report naming the place, where the grant's own text names none."),
            "place_line": (N, "Line of place_quote."),
            **QUOTED,
        }, ("grant_id",), (("org_id", "organizations", "org_id"), ("program", "organizations", "org_id")),
        {"phase": (("str_matches", f"^{rules.PHASE_PATTERN}$"),)}),
        CleanTable("grant_funders", "Who paid for each grant, one row per funder.", {
            "grant_id": (S, "The grant."), "funder_id": (S, "The funding organisation."),
        }, ("grant_id", "funder_id"), (("grant_id", "grants", "grant_id"), ("funder_id", "organizations", "org_id"))),
        CleanTable("grant_places", "Where each grant worked, one row per place (or one 'unknown' row).", {
            "grant_id": (S, "The grant."), **PLACE_COLUMNS,
        }, (), (("grant_id", "grants", "grant_id"),)),
        CleanTable("figures", "Numbers attached to grants, typed.", {
            "figure_id": (S, "Stable id: <grant_id>.<metric>[.<n>]."), "grant_id": (S, "The grant."),
            "metric": (S, "The measure counted, in its unit: a victims_assisted figure in cases is "
                          "victim_cases_assisted."),
            "metric_kind": (S, "people | organizations | other."),
            "victim_related": (B, "The count describes victims (small counts are hidden in public editions)."),
            "value": (N, "The number, as an integer."), "value_as_printed": (S, "The number as printed."),
            "is_target": (B, "The text gives the number as an aim, not a result."),
            "qualifier": (S, "exact | at_least | more_than | approximately."),
            "qualifier_as_printed": (S, "The qualifier as printed."),
            "unit": (S, "What one counted thing is: persons | cases | organizations | other."),
            "group": (S, "Who was counted, as printed."),
            **QUOTED,
        }, ("figure_id",), (("grant_id", "grants", "grant_id"),), {
            "value": (("ge", 0),), "metric": only(vocab.METRICS), "unit": only(vocab.UNITS),
            "qualifier": only(("exact", "at_least", "more_than", "approximately")),
        }),
        CleanTable("plans", "The national plans and strategies, named in both languages, in the reports' order.", {
            "plan": (S, "Stable id."), "name": (S, "Name (Albanian)."), "name_en": (S, "Name in English."),
            "short": (S, "Short name (Albanian)."), "short_en": (S, "Short name in English."),
            **QUOTED,
        }, ("plan",)),
        CleanTable("nap_links", "Plan activities each grant supported.", {
            "grant_id": (S, "The grant."), "plan": (S, "The plan."), "pillar": (S, "The pillar."),
            "strategic_goal": (S, "Strategic goal."), "specific_objective": (S, "Specific objective."),
            "activity": (S, "Activity."), "objective_key": (S, "plan:pillar:goal:objective, for grouping."),
            **QUOTED,
        }, (), (("grant_id", "grants", "grant_id"),)),
        CleanTable("nap_structure", "Structure of the national plans.", {
            "plan": (S, "The plan."), "pillar": (S, "The pillar."), "strategic_goal": (S, "Goal."),
            "specific_objective": (S, "Objective."), "title": (S, "Title as printed."),
            "title_en": (S, "English title."),
            **QUOTED,
        }),
        CleanTable("donor_programs", "Programmes of donors and intergovernmental organisations.", {
            "program_id": (S, "Stable id."), "title": (S, "Title as printed."), "title_en": (S, "English title."),
            "same_as": (S, "The programme this row is part of (counted once), if any."),
            "pillar": (S, "Pillars, ';'-separated."), "start": (D, "Start."), "end": (D, "End."), **QUOTED,
        }, ("program_id",)),
        CleanTable("program_roles", "Who funds and who implements each programme.", {
            "program_id": (S, "The programme."), "org_id": (S, "The organisation."),
            "role": (S, "donor | implementer."),
        }, ("program_id", "org_id", "role"),
        (("program_id", "donor_programs", "program_id"), ("org_id", "organizations", "org_id")),
            {"role": only(("donor", "implementer"))}),
        CleanTable("program_places", "Where each programme works.", {
            "program_id": (S, "The programme."), **PLACE_COLUMNS,
        }, (), (("program_id", "donor_programs", "program_id"),)),
        CleanTable("program_destinations", "Foreign places a programme names.", {
            "program_id": (S, "The programme."), "place_as_printed": (S, "As printed."),
            "place": (S, "Canonical name."),
        }, (), (("program_id", "donor_programs", "program_id"),)),
        CleanTable("events", "Dated events, with the precision of their date.", {
            "event_id": (S, "Stable id: <date>.<n>."), "date": (D, "First day of the date."),
            "date_precision": (S, "year | month | day."), "date_as_printed": (S, "Date as written."),
            "kind": (S, "Kind of event."), "event": (S, "Albanian label."), "event_en": (S, "English label."),
            "actors": (S, "Actors, ';'-separated."), "actors_en": (S, "The same actors in English, ';'-separated."),
            **QUOTED,
        }, ("event_id",), extra_checks={"kind": only(vocab.EVENT_KINDS)}),
        CleanTable("gov_figures", "The government's own figures.", {
            "figure_id": (S, "Stable id."), "topic": (S, "Topic."), "label": (S, "Albanian label."),
            "label_en": (S, "English label."), "value": (N, "The number."), "value_as_printed": (S, "As printed."),
            "qualifier": (S, "exact | at_least | more_than | approximately."),
            "victim_related": (B, "Counts victims, witnesses or their cases."), "date": (D, "First day of the date."),
            "date_precision": (S, "year | month | day."), **QUOTED,
        }, ("figure_id",)),
        CleanTable("ngo_efforts", "What NGOs and coalitions do.", {
            "effort_id": (S, "Stable id."), "org_id": (S, "The organisation."), "activities": (S, "';'-separated."),
            **QUOTED,
        }, ("effort_id",), (("org_id", "organizations", "org_id"),)),
        CleanTable("ngo_effort_places", "Where each NGO effort works.", {
            "effort_id": (S, "The effort."), **PLACE_COLUMNS,
        }, (), (("effort_id", "ngo_efforts", "effort_id"),)),
        CleanTable("claims", "Totals the report states about itself.", {
            "claim_id": (S, "Stable id."), "claim": (S, "The claim as printed."),
            "claim_en": (S, "The claim in English."), "value": (N, "The number claimed."),
            "value_as_printed": (S, "As printed."), "metric": (S, "What it counts."),
            "quote": QUOTED["quote"], "source_line": QUOTED["source_line"],
            "explanation": (S, "Why the data agree or differ."), "explanation_en": (S, "The same in English."),
            "explained_quote": (S, "The report's own words accounting for a difference, if any."),
            "explained_line": (N, "Line of explained_quote."),
        }, ("claim_id",), extra_checks={"metric": (("str_matches", vocab.CLAIM_METRIC_PATTERN),)}),
        CleanTable("key_messages", "The points of each report's executive summary, in order.", {
            "message_id": (S, "Stable id."), "order": (N, "Position in the summary."),
            "point": (S, "Short Albanian heading."), "point_en": (S, "The heading in English."),
            "quote": (S, "The point as printed (Albanian)."), "source_line": QUOTED["source_line"],
            "last_line": (N, "Line on which the quote ends."),
            "gloss_en": (S, "A reviewed English rendering of the quote."), "note": QUOTED["note"],
            "note_sq": QUOTED["note_sq"],
        }, ("message_id",), extra_checks={"order": (("gt", 0),)}),
        CleanTable("glossary", "Each report's abbreviations and what they stand for, in both languages.", {
            "abbreviation": (S, "As printed."), "abbreviation_en": (S, "As English texts write it."),
            "expansion": (S, "As printed."), "expansion_en": (S, "In English."),
            **QUOTED,
        }, ("report_id", "abbreviation")),
        CleanTable("qarqe", "The 12 counties with their ISO codes, for maps and complete axes.", {
            "qark": (S, "County name."), "iso_3166_2": (S, "ISO 3166-2 code."),
        }, ("qark",)),
        CleanTable("rrethe", "The 36 former districts and their counties.", {
            "rreth": (S, "District name."), "qark": (S, "County."), "iso_3166_2": (S, "ISO 3166-2 code of the county."),
        }, ("rreth",)),
    )
}

# Every table of facts carries the report it comes from; the reference tables (qarqe, rrethe) belong to none.
REPORTS_TABLE = CleanTable("reports", "The source reports, from each report's report.toml.", {
    "id": (S, "The report's id (its folder under data/raw/)."), "title": (S, "Title as printed."),
    "publisher": (S, "Publisher, as citations name it."), "short": (S, "Short name used beside line numbers."),
    "published": (S, "Publication date, YYYY-MM or YYYY-MM-DD."), "period": (S, "Period covered, YYYY-MM:YYYY-MM."),
    "language": (S, "Language of the text."), "licence": (S, "Licence or terms of use."),
    "text": (S, "File holding the text."), "text_sha256": (S, "SHA-256 of the text."),
    "title_en": (S, "English title."), "publisher_en": (S, "Publisher in English."),
    "short_en": (S, "Short name in English."),
    "prepared_by": (S, "Who wrote it, if not the publisher."), "licence_en": (S, "Licence or terms in English."),
}, ("id",))
REPORT_ID = {"report_id": (S, "The report the row comes from (reports.csv); "
                              "its quote and source_line are of that report.")}
CLEAN_TABLES = {"reports": REPORTS_TABLE} | {
    name: table if name in ("qarqe", "rrethe") else replace(
        table, columns=REPORT_ID | table.columns, foreign_keys=(("report_id", "reports", "id"), *table.foreign_keys))
    for name, table in CLEAN_TABLES.items()
}
