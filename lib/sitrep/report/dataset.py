"""The clean tables as one chapter sees them: typed, limited to the edition's period, reads recorded."""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pandas as pd

from sitrep import i18n
from sitrep.files import sha256
from sitrep.report import labels, marks, memo, privacy
from sitrep.report.edition import Edition
from sitrep.report.sources import REPORTS_FILE, Source, read_sources, within
from sitrep.transform.store import read_clean

T = TypeVar("T")
GEO_FILES = {"qarqe": "albania_qarqe.geojson", "rrethe": "albania_rrethe.geojson"}


class Figures(frozenset):
    """figure_ids a table's attrs carry: pandas deep-copies attrs at every operation; a frozen set needs no copy."""

    def __deepcopy__(self, memo: dict) -> Figures:
        return self


def phase_span(text: object) -> tuple[int, int] | None:
    """A grant's `phase` as its first and last phase: '3' → (3, 3), '1-2' → (1, 2); None when not given."""
    if not isinstance(text, str) or not text.strip():
        return None
    first, _, last = text.partition("-")
    if not first.strip().isdigit() or not (last or first).strip().isdigit():
        return None
    return int(first), int(last or first)


def phases(text: object) -> set[int]:
    """The phases a grant's `phase` covers: '3' → {3}, '1-2' → {1, 2}; none when not given."""
    span = phase_span(text)
    return set(range(span[0], span[1] + 1)) if span else set()


class MapOutlines(dict):
    """GeoJSON outlines as read from a file, with the file's digest.

    What the site writes of them is worked out once a worker for each content of the file (charts.outlines).
    """

    digest: str | None = None


@dataclass
class Dataset:
    """Lazy access to the clean tables; every file read is remembered with its hash (the page's inputs)."""

    clean_dir: Path
    edition: Edition
    reads: dict[str, str] = field(default_factory=dict)
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    withhold: bool = True  # public editions: texts that would reveal a hidden count are withheld (privacy.py)
    _hidden: tuple[set[int], set[str]] | None = field(default=None, repr=False)
    # Filters (sitrep.report.explore.only): phase, donor, qark and org ids that grants, programmes and NGO
    # efforts must match. What a public edition hides is still decided on the whole, unfiltered tables.
    where: dict[str, object] = field(default_factory=dict)
    _tracking: list[set[str]] = field(default_factory=list, repr=False)
    _hidden_files: set[str] = field(default_factory=set, repr=False)
    _table_files: dict[str, set[str]] = field(default_factory=dict, repr=False)
    # What this dataset derives from the tables (its grants, figures, programme name...), once per dataset: a
    # page asks for the same ones tens of times. Not an init field, so dataclasses.replace (a filtered copy,
    # explore.only) starts with none of them: the copy derives its own.
    _derived: dict[tuple, tuple[object, set[str]]] = field(default_factory=dict, init=False, repr=False)

    def _path(self, file: str) -> Path:
        path = Path(self.clean_dir) / file
        if file not in self.reads:
            self.reads[file] = sha256(path)
        self._note(file)
        return path

    def _note(self, file: str) -> None:
        for files in self._tracking:
            files.add(file)

    @contextmanager
    def tracking(self) -> Iterator[set[str]]:
        """The clean files that what runs inside the block depends on, whether it loads them or they were loaded."""
        files: set[str] = set()
        self._tracking.append(files)
        try:
            yield files
        finally:
            self._tracking.pop()

    def derived(self, key: tuple, compute: Callable[[], T]) -> T:
        """`compute()` the first time, the same value after (a table as a shallow copy), with the same reads noted.

        For what a page asks for several times (a chapter's own tables too); a key names what is computed and
        from what, and a filtered copy of the dataset (explore.only) keeps none of them.
        """
        if key not in self._derived:
            with self.tracking() as files:
                self._derived[key] = (compute(), files)
        value, files = self._derived[key]
        for file in files:
            self._note(file)
        # Copy-on-write: a page that changes its copy (a column added, a cell set) changes nothing another sees.
        return value.copy(deep=False) if isinstance(value, pd.DataFrame) else value

    def _shared(self, key: tuple, compute: Callable[[], T]) -> T:
        """derived(), computed once per worker and edition: every page of an edition derives the same tables."""
        return self.derived(key, lambda: memo.shared(self, f"Dataset.{key[0]}", compute, *key[1:]))

    def raw_table(self, name: str) -> pd.DataFrame:
        """A clean table, whole (as this edition may show it: read and withheld once per worker, sitrep.report.memo)."""
        if name not in self._tables:
            with self.tracking() as files:
                self._tables[name] = memo.shared(self, "Dataset.raw_table", lambda: self._read(name), name)
            self._table_files[name] = files
        for file in self._table_files[name]:  # what the table depends on, each time it is used
            self._note(file)
        return self._tables[name]

    def _read(self, name: str) -> pd.DataFrame:
        self._path(f"{name}.csv")
        table = read_clean(self.clean_dir, name)
        if self.withhold and privacy.hides_small_counts(self.edition):
            counts, figure_ids = self.hidden_counts()
            own = table["figure_id"].isin(figure_ids) if "figure_id" in table.columns else None
            table = privacy.withhold_text(table, counts, i18n.t("privacy.withheld", self.edition.lang), own)
        return table

    def hidden_counts(self) -> tuple[set[int], set[str]]:
        """The counts this public edition hides, and the figures that hold them (read from the tables as they are)."""
        if self._hidden is None:
            with self.tracking() as files:  # every page of the edition hides the same: decided once per worker
                self._hidden = memo.shared(self, "Dataset.hidden_counts", self._hidden_counts)
            self._hidden_files |= files
        for file in self._hidden_files:
            self._note(file)
        return self._hidden

    def _hidden_counts(self) -> tuple[set[int], set[str]]:
        # What the plain tables' reads are noted in: each file read counts for this dataset's blocks too.
        plain = Dataset(self.clean_dir, self.edition, reads=self.reads, withhold=False, _tracking=list(self._tracking))
        figure_ids = privacy.hidden_figure_ids(plain.figures, plain.gov_figures, self.edition)
        values = pd.concat([plain.figures[["figure_id", "value"]], plain.gov_figures[["figure_id", "value"]]])
        chosen = values[values["figure_id"].isin(figure_ids)]["value"].dropna()
        return {int(v) for v in chosen}, set(figure_ids)

    def geojson(self, level: str) -> dict:
        """The map outlines at one administrative level, for the charts that draw places."""
        outlines = MapOutlines(json.loads(self._path(GEO_FILES[level]).read_text(encoding="utf-8")))
        outlines.digest = self.reads[GEO_FILES[level]]  # what the site writes of them is worked out once a worker
        return outlines

    # The edition's period decides which reports are in (whole reports only: a report's figures cannot be
    # split), and every table belongs to a report: nothing is dropped for lack of a date, nothing borrowed
    # from another period. Events and government figures are further limited to dates inside the period.
    @property
    def bounds(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The edition's period as timestamps, to compare with the tables' dates."""
        start, end = self.edition.period_bounds
        return pd.Timestamp(start), pd.Timestamp(end)

    @property
    def all_sources(self) -> list[Source]:
        """Every report of the clean tables, in order."""
        self._note(REPORTS_FILE)
        if "_sources" not in self._tables:
            if (Path(self.clean_dir) / REPORTS_FILE).is_file():
                self._path(REPORTS_FILE)
            self._tables["_sources"] = read_sources(self.clean_dir)
        return self._tables["_sources"]

    @property
    def sources(self) -> list[Source]:
        """The reports of this edition: those whose whole period lies inside the edition's."""
        return within(self.all_sources, self.edition.period_bounds)

    @property
    def report_ids(self) -> list[str]:
        """The ids of this edition's reports, by which every table's rows are chosen."""
        return [source.id for source in self.sources]

    @property
    def known_report_ids(self) -> list[str]:
        """This edition's reports and those before it: the organisations they introduced are known here."""
        end = self.edition.period_bounds[1]
        return [source.id for source in self.all_sources if source.bounds[0] <= end]

    def of_reports(self, name: str, known: bool = False) -> pd.DataFrame:
        """A table's rows that come from this edition's reports (or, with `known`, from them and earlier ones)."""
        return self._shared(("of_reports", name, known), lambda: self._of_reports(name, known))

    def _of_reports(self, name: str, known: bool) -> pd.DataFrame:
        table = self.raw_table(name)
        ids = self.known_report_ids if known else self.report_ids
        return table[table["report_id"].isin(ids)].reset_index(drop=True)

    @property
    def grants(self) -> pd.DataFrame:
        """The grants of this edition's reports that run wholly inside the period and match its filters."""
        return self._shared(("grants",), self._grants)

    def _grants(self) -> pd.DataFrame:
        grants = self.of_reports("grants")
        start, end = self.bounds
        grants = grants[(grants["period_start"] >= start) & (grants["period_end"] <= end)]
        return self._filtered(grants, "grant_id", "grant_places").reset_index(drop=True)

    def _filtered(self, table: pd.DataFrame, key: str, places: str) -> pd.DataFrame:
        """Rows of grants, programmes or efforts that match every filter in `where` (phase: grants only)."""
        keep = pd.Series(True, index=table.index)
        if "phase" in self.where and key == "grant_id":
            keep &= table["phase"].map(lambda text: int(self.where["phase"]) in phases(text)).astype(bool)
        for name in ("org", "donor"):
            if name in self.where:
                keep &= self._taking_part(table, key, str(self.where[name]), as_donor=name == "donor")
        if "qark" in self.where:
            rows = self.raw_table(places)
            keep &= table[key].isin(rows.loc[rows["qark"] == self.where["qark"], key])
        return table[keep]

    def _taking_part(self, table: pd.DataFrame, key: str, org: str, as_donor: bool) -> pd.Series:
        """Rows an organisation takes part in: as a grant's NGO or funder, or in a programme's roles."""
        if key == "grant_id":
            funded = self.raw_table("grant_funders")
            funds = table[key].isin(funded.loc[funded["funder_id"] == org, "grant_id"])
            return funds if as_donor else funds | table["org_id"].eq(org)
        if key == "program_id":
            roles = self.raw_table("program_roles")
            chosen = roles[(roles["org_id"] == org) & (roles["role"].eq("donor") if as_donor else True)]
            return table[key].isin(chosen["program_id"])
        return pd.Series(False, index=table.index) if as_donor else table["org_id"].eq(org)

    def _of_grants(self, name: str) -> pd.DataFrame:
        return self._shared(("of_grants", name), lambda: self._grants_rows(name))

    def _grants_rows(self, name: str) -> pd.DataFrame:
        table = self.raw_table(name)
        return table[table["grant_id"].isin(self.grants["grant_id"])].reset_index(drop=True)

    @property
    def figures(self) -> pd.DataFrame:
        """The period's grant figures.

        A public edition's carry it and the figures it hides (DataFrame.attrs), so that counting them (metrics)
        keeps its privacy.
        """
        return self._shared(("figures",), self._figures)

    def _figures(self) -> pd.DataFrame:
        figures = self._of_grants("figures")
        if self.withhold and privacy.hides_small_counts(self.edition):
            figures.attrs.update(edition=self.edition, hidden_figures=Figures(self.hidden_counts()[1]))
        return figures

    @property
    def grant_places(self) -> pd.DataFrame:
        """Where this edition's grants work."""
        return self._of_grants("grant_places")

    @property
    def grant_funders(self) -> pd.DataFrame:
        """Who paid for this edition's grants."""
        return self._of_grants("grant_funders")

    @property
    def nap_links(self) -> pd.DataFrame:
        """The plan activities this edition's grants supported."""
        return self._of_grants("nap_links")

    @property
    def organizations(self) -> pd.DataFrame:
        """Organisations introduced by this edition's reports or earlier ones (ids are shared across reports)."""
        return self.of_reports("organizations", known=True)

    @property
    def plans(self) -> pd.DataFrame:
        """The national plans named by this edition's reports or earlier ones, in the order they list them."""
        return self.of_reports("plans", known=True)

    @property
    def nap_structure(self) -> pd.DataFrame:
        """The plans' structure as this edition's reports printed it (its lines are cited, so never another's)."""
        return self.of_reports("nap_structure")

    @property
    def programme(self) -> str:
        """The grant programmes of the edition's grants, as its titles and sentences name them ("KVKTNj")."""
        return self._shared(("programme",), self._programme)

    def _programme(self) -> str:
        named = labels.programme_names(self.grants, self.organizations, self.edition.lang)
        return named or i18n.t("programme.unnamed", self.edition.lang)

    def text_values(self, key: str, values: dict) -> dict:
        """`values` with the programme's name added where the text of `key` names it (only then are grants read)."""
        if "programme" not in values and "{programme}" in i18n.table().get(key, {}).get(self.edition.lang, ""):
            return {**values, "programme": self.programme}
        return values

    def t(self, key: str, **values: object) -> str:
        """An interface text in the edition's language, its fields filled in, the programme's name among them."""
        return i18n.t(key, self.edition.lang, **self.text_values(key, values))

    def report_texts(self) -> tuple:
        """The page's marks of the report's words and the report's quotes (sitrep.report.marks).

        From the edition's slice, where the build keeps them in one file, or else from the tables themselves.
        """
        if (Path(self.clean_dir) / marks.TEXTS_FILE).is_file():
            return marks.from_texts(json.loads(self._path(marks.TEXTS_FILE).read_text(encoding="utf-8")))
        return marks.page_marks(self, self.edition.lang), marks.report_quotes(self)

    def is_empty(self) -> bool:
        """Nothing at all to show for the edition's period: no grant, event, programme or figure in it."""
        # One table at a time, stopping at the first with rows: a page must not read (and so depend on) tables
        # it does not show just to learn that the period is not empty.
        tables = (lambda: self.grants, lambda: self.events, lambda: self.donor_programs, lambda: self.gov_figures)
        return all(table().empty for table in tables)

    @property
    def data_periods(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The span of the periods the data's reports cover."""
        sources = self.all_sources
        if not sources:
            return None
        return pd.Timestamp(min(s.bounds[0] for s in sources)), pd.Timestamp(max(s.bounds[1] for s in sources))

    @property
    def claims(self) -> pd.DataFrame:
        """The totals this edition's reports state about themselves, to be checked against the data."""
        return self.of_reports("claims")

    @property
    def key_messages(self) -> pd.DataFrame:
        """The points of this edition's reports' executive summaries, in each report's order."""
        return self.of_reports("key_messages")

    @property
    def glossary(self) -> pd.DataFrame:
        """The abbreviations this edition's reports list, each once (the first report's entry where two list it)."""
        return self._shared(("glossary",), lambda: self.of_reports("glossary").drop_duplicates("abbreviation")
                          .reset_index(drop=True))

    def _dated(self, name: str, column: str, *, undated: bool = True) -> pd.DataFrame:
        return self._shared(("dated", name, column, undated), lambda: self._dated_rows(name, column, undated))

    def _dated_rows(self, name: str, column: str, undated: bool) -> pd.DataFrame:
        table = self.of_reports(name)
        start, end = self.bounds
        dated = table[column].notna()
        inside = dated & (table[column] >= start) & (table[column] <= end)
        return table[inside | (~dated & undated)].reset_index(drop=True)

    @property
    def events(self) -> pd.DataFrame:
        """Events of the edition's reports dated within the period."""
        return self._dated("events", "date", undated=False)

    @property
    def all_events(self) -> pd.DataFrame:
        """Every event of the edition's reports, with `in_period` marking those within it (the background too)."""
        events = self.of_reports("events").copy()
        start, end = self.bounds
        events["in_period"] = (events["date"] >= start) & (events["date"] <= end)
        return events

    @property
    def gov_figures(self) -> pd.DataFrame:
        """The government figures of the edition's reports: dated inside the period, or undated."""
        return self._dated("gov_figures", "date")

    @property
    def donor_programs(self) -> pd.DataFrame:
        """Programmes of the edition's reports running at some time in the period.

        An open end means 'until the end of the report's period' (the report says no more), and a programme with
        no dates belongs to its report.
        """
        return self._shared(("donor_programs",), self._donor_programs)

    def _donor_programs(self) -> pd.DataFrame:
        table = self.of_reports("donor_programs")
        start, end = self.bounds
        ends_of = {source.id: pd.Timestamp(source.bounds[1]) for source in self.sources}
        open_end = table["report_id"].map(ends_of)
        begins, ends = table["start"], table["end"].fillna(open_end)
        undated = begins.isna() & table["end"].isna()
        overlaps = ~undated & (begins.isna() | (begins <= end)) & (ends >= start)
        table = table[overlaps | undated]
        return self._filtered(table, "program_id", "program_places").reset_index(drop=True)

    def _of_programs(self, name: str) -> pd.DataFrame:
        return self._shared(("of_programs", name), lambda: self._programs_rows(name))

    def _programs_rows(self, name: str) -> pd.DataFrame:
        table = self.raw_table(name)
        return table[table["program_id"].isin(self.donor_programs["program_id"])].reset_index(drop=True)

    @property
    def program_roles(self) -> pd.DataFrame:
        """Who funds and who carries out this edition's programmes."""
        return self._of_programs("program_roles")

    @property
    def program_places(self) -> pd.DataFrame:
        """Where this edition's programmes work."""
        return self._of_programs("program_places")

    @property
    def ngo_efforts(self) -> pd.DataFrame:
        """The work of NGOs that this edition's reports describe, matching its filters."""
        return self._shared(("ngo_efforts",), lambda: self._filtered(
            self.of_reports("ngo_efforts"), "effort_id", "ngo_effort_places").reset_index(drop=True))

    @property
    def ngo_effort_places(self) -> pd.DataFrame:
        """Where this edition's NGO efforts take place."""
        return self._shared(("ngo_effort_places",), self._effort_places)

    def _effort_places(self) -> pd.DataFrame:
        table = self.raw_table("ngo_effort_places")
        return table[table["effort_id"].isin(self.ngo_efforts["effort_id"])].reset_index(drop=True)

    @property
    def qarqe(self) -> pd.DataFrame:
        """The 12 counties (qarqe) with their ISO codes, for maps and complete axes."""
        return self.raw_table("qarqe")

    @property
    def rrethe(self) -> pd.DataFrame:
        """The 36 former districts (rrethe) and the county each lies in."""
        return self.raw_table("rrethe")
