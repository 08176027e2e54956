"""The clean tables as one chapter sees them: typed, limited to the edition's period, reads recorded."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sitrep import i18n
from sitrep.files import sha256
from sitrep.report import privacy
from sitrep.report.edition import Edition
from sitrep.transform.store import read_clean

GEO_FILES = {"qarqe": "albania_qarqe.geojson", "rrethe": "albania_rrethe.geojson"}


def phases(text: object) -> set[int]:
    """The CAAHT phases a grant's `phase` covers: '3' → {3}, '1-2' → {1, 2}; none when not given."""
    if not isinstance(text, str) or not text.strip():
        return set()
    first, _, last = text.partition("-")
    return set(range(int(first), int(last or first) + 1)) if first.strip().isdigit() else set()


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

    def _path(self, file: str) -> Path:
        path = Path(self.clean_dir) / file
        self.reads.setdefault(file, sha256(path))
        return path

    def raw_table(self, name: str) -> pd.DataFrame:
        """A clean table, whole."""
        if name not in self._tables:
            self._path(f"{name}.csv")
            table = read_clean(self.clean_dir, name)
            if self.withhold and privacy.hides_small_counts(self.edition):
                counts, figure_ids = self.hidden_counts()
                own = table["figure_id"].isin(figure_ids) if "figure_id" in table.columns else None
                table = privacy.withhold_text(table, counts, i18n.t("privacy.withheld", self.edition.lang), own)
            self._tables[name] = table
        return self._tables[name]

    def hidden_counts(self) -> tuple[set[int], set[str]]:
        """The counts this public edition hides, and the figures that hold them (read from the tables as they are)."""
        if self._hidden is None:
            plain = Dataset(self.clean_dir, self.edition, reads=self.reads, withhold=False)
            figure_ids = privacy.hidden_figure_ids(plain.figures, plain.gov_figures, self.edition)
            values = pd.concat([plain.figures[["figure_id", "value"]], plain.gov_figures[["figure_id", "value"]]])
            chosen = values[values["figure_id"].isin(figure_ids)]["value"].dropna()
            self._hidden = ({int(v) for v in chosen}, set(figure_ids))
        return self._hidden

    def geojson(self, level: str) -> dict:
        return json.loads(self._path(GEO_FILES[level]).read_text(encoding="utf-8"))

    # The edition's period decides what is in: grants and figures by the reporting period they were
    # reported for (whole periods only: a period's figures cannot be split), events by their date.
    @property
    def bounds(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        start, end = self.edition.period_bounds
        return pd.Timestamp(start), pd.Timestamp(end)

    @property
    def grants(self) -> pd.DataFrame:
        grants = self.raw_table("grants")
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
        table = self.raw_table(name)
        return table[table["grant_id"].isin(self.grants["grant_id"])].reset_index(drop=True)

    @property
    def figures(self) -> pd.DataFrame:
        """The period's grant figures; a public edition's carry it and the figures it hides (DataFrame.attrs), so
        that counting them (metrics) keeps its privacy."""
        figures = self._of_grants("figures")
        if self.withhold and privacy.hides_small_counts(self.edition):
            figures.attrs.update(edition=self.edition, hidden_figures=frozenset(self.hidden_counts()[1]))
        return figures

    @property
    def grant_places(self) -> pd.DataFrame:
        return self._of_grants("grant_places")

    @property
    def grant_funders(self) -> pd.DataFrame:
        return self._of_grants("grant_funders")

    @property
    def nap_links(self) -> pd.DataFrame:
        return self._of_grants("nap_links")

    @property
    def organizations(self) -> pd.DataFrame:
        return self.raw_table("organizations")

    @property
    def data_periods(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The span of the reporting periods in the data (undated rows belong to it)."""
        grants = self.raw_table("grants")
        if grants.empty:
            return None
        return grants["period_start"].min(), grants["period_end"].max()

    def is_empty(self) -> bool:
        """Nothing at all to show for the edition's period: no grant, event, programme or figure in it."""
        # One table at a time, stopping at the first with rows: a page must not read (and so depend on) tables
        # it does not show just to learn that the period is not empty.
        tables = (lambda: self.grants, lambda: self.events, lambda: self.donor_programs, lambda: self.gov_figures)
        return all(table().empty for table in tables)

    def undated_rows_in_period(self) -> bool:
        span, (start, end) = self.data_periods, self.bounds
        return span is not None and span[0] >= start and span[1] <= end

    def _dated(self, name: str, column: str) -> pd.DataFrame:
        table = self.raw_table(name)
        start, end = self.bounds
        dated = table[column].notna()
        inside = dated & (table[column] >= start) & (table[column] <= end)
        keep = inside | (~dated & self.undated_rows_in_period())
        return table[keep].reset_index(drop=True)

    @property
    def events(self) -> pd.DataFrame:
        """Events dated within the period."""
        return self._dated("events", "date")

    @property
    def all_events(self) -> pd.DataFrame:
        """Every event, with `in_period` marking those within it (timelines show the background too)."""
        events = self.raw_table("events").copy()
        start, end = self.bounds
        events["in_period"] = (events["date"] >= start) & (events["date"] <= end)
        return events

    @property
    def gov_figures(self) -> pd.DataFrame:
        return self._dated("gov_figures", "date")

    @property
    def donor_programs(self) -> pd.DataFrame:
        """Programmes running at some time in the period. An open end means 'until the end of the data's period'
        (the report says no more), and a programme with no dates belongs to the data's period."""
        table = self.raw_table("donor_programs")
        start, end = self.bounds
        span = self.data_periods
        open_end = span[1] if span else end
        begins, ends = table["start"], table["end"].fillna(open_end)
        undated = begins.isna() & table["end"].isna()
        overlaps = ~undated & (begins.isna() | (begins <= end)) & (ends >= start)
        table = table[overlaps | (undated & self.undated_rows_in_period())]
        return self._filtered(table, "program_id", "program_places").reset_index(drop=True)

    def _of_programs(self, name: str) -> pd.DataFrame:
        table = self.raw_table(name)
        return table[table["program_id"].isin(self.donor_programs["program_id"])].reset_index(drop=True)

    @property
    def program_roles(self) -> pd.DataFrame:
        return self._of_programs("program_roles")

    @property
    def program_places(self) -> pd.DataFrame:
        return self._of_programs("program_places")

    @property
    def ngo_efforts(self) -> pd.DataFrame:
        efforts = self.raw_table("ngo_efforts")
        efforts = efforts if self.undated_rows_in_period() else efforts.iloc[0:0]
        return self._filtered(efforts, "effort_id", "ngo_effort_places").reset_index(drop=True)

    @property
    def ngo_effort_places(self) -> pd.DataFrame:
        table = self.raw_table("ngo_effort_places")
        return table[table["effort_id"].isin(self.ngo_efforts["effort_id"])].reset_index(drop=True)

    @property
    def qarqe(self) -> pd.DataFrame:
        return self.raw_table("qarqe")

    @property
    def rrethe(self) -> pd.DataFrame:
        return self.raw_table("rrethe")
