"""Place names as printed → canonical place, former district (rreth), county (qark) and ISO 3166-2 code."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

import pandas as pd
import pycountry
from rapidfuzz import fuzz, process

from sitrep.errors import Problem
from sitrep.text import fold

NATIONAL, LOCAL, UNKNOWN = "national", "local", "unknown"
FOREIGN = "foreign"
# The place buckets a grant's figures are counted in when they belong to no single area.
SEVERAL, UNKNOWN_PLACE = "several", "unknown"
BUCKETS = (SEVERAL, NATIONAL, UNKNOWN_PLACE)
# Words that frame a place name in running text ("qarkun e Durrësit", "rrethi i Elbasanit").
FRAME_WORDS = re.compile(
    r"^(?:ne |nga |per )?(?:(?:qark|rreth|bashki|komun|prefektur|zon|fshat|qytet)\w* (?:i |e |te |se )?)?"
    r"(?:periferike |rurale |veriore |jugore )?(?:(?:te|e|i|se) )?"
)


@cache
def qark_codes() -> dict[str, str]:
    """ISO 3166-2 code of each qark, from pycountry (AL-01…AL-12, not in alphabetical order)."""
    # pycountry's own data file, read as JSON: its subdivisions API builds an object for each of the world's 5,000
    # subdivisions first, which was a fifth of cleaning the committed data.
    database = json.loads((Path(pycountry.DATABASE_DIR) / "iso3166-2.json").read_text(encoding="utf-8"))
    return {
        subdivision["name"].removesuffix(" County"): subdivision["code"]
        for subdivision in database["3166-2"]
        if subdivision["code"].startswith("AL-")
    }


# The columns of the gazetteer, and of a report's own places.csv (documented in data/raw/README.md).
COLUMNS = ("form", "place", "kind", "rreth", "qark", "note")
REQUIRED = ("form", "place", "kind")
# A suggestion must be close: a wrong one ("Bushat"? did you mean "Mat", another district) is worse than none.
SUGGESTION_SCORE = 80
SUGGESTIONS = 3
PLACES_FILE = "places.csv"


def place_key(text: str) -> str:
    """The form under which a printed place name is looked up."""
    return fold(text)


@dataclass(frozen=True)
class Gazetteer:
    """Every known place form, folded, with what it refers to; `reports` holds each report's own additions."""

    table: pd.DataFrame
    reports: dict[str, "Gazetteer"] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> "Gazetteer":
        """The gazetteer of a CSV with the gazetteer's columns."""
        return cls.of(pd.read_csv(path, dtype=str, keep_default_na=False))

    @classmethod
    def of(cls, table: pd.DataFrame) -> "Gazetteer":
        """A gazetteer of the rows of a table with the gazetteer's columns."""
        table = table.reindex(columns=list(COLUMNS)).fillna("").astype("str")
        table["key"] = table["form"].map(place_key)
        table["iso_3166_2"] = table["qark"].map(qark_codes()).fillna("")
        return cls(table.drop_duplicates("key").set_index("key"))

    def extended(self, rows: pd.DataFrame) -> "Gazetteer":
        """This gazetteer with a report's own forms added (they are checked to be new: see `report_places`)."""
        return Gazetteer.of(pd.concat([self.table.reset_index(drop=True)[list(COLUMNS)], rows], ignore_index=True))

    def with_reports(self, reports: dict[str, "Gazetteer"]) -> "Gazetteer":
        """The shared gazetteer that resolves each report's rows with that report's additions."""
        return replace(self, reports=dict(reports))

    @cached_property
    def keys(self) -> list[str]:
        """Every known form, folded."""
        return list(self.table.index)

    def _key_for(self, text: str) -> str | None:
        key = place_key(text)
        if key in self.table.index:
            return key
        bare = FRAME_WORDS.sub("", key, count=1).strip()
        return bare if bare in self.table.index else None

    def resolve(self, printed: pd.Series, reports: pd.Series | None = None) -> pd.DataFrame:
        """Resolve each printed form (of the report in `reports`, where given); unknown forms get kind NA."""
        if reports is not None and self.reports:
            shared = replace(self, reports={})
            parts = [self.reports.get(report, shared).resolve(printed[reports == report])
                     for report in reports.drop_duplicates()]
            return pd.concat(parts).reindex(printed.index) if parts else shared.resolve(printed)
        distinct = pd.Series(printed.unique())
        keys = distinct.map(self._key_for)
        found = self.table.reindex(keys.fillna("\x00").tolist())
        found.index = distinct
        columns = ["place", "kind", "rreth", "qark", "iso_3166_2"]
        resolved = found.loc[printed.tolist(), columns].reset_index(drop=True)
        resolved.index = printed.index
        return resolved.replace("", pd.NA)

    def candidates(self, printed: str) -> list[tuple[str, str]]:
        """Up to three close known forms of different places, each with where it lies: ('Elbasanit', 'qark Elbasan')."""
        key = place_key(printed)
        bare = FRAME_WORDS.sub("", key, count=1).strip() or key
        matches = process.extract(bare, self.keys, scorer=fuzz.ratio, score_cutoff=SUGGESTION_SCORE, limit=None)
        chosen, places = [], set()
        for found, _, _ in matches:
            row = self.table.loc[found]
            if row["place"] in places:
                continue
            places.add(row["place"])
            where = (f"qark {row['qark']}" if row["qark"] else "the whole country" if row["kind"] == NATIONAL
                     else "abroad" if row["kind"] == FOREIGN else row["kind"])
            chosen.append((row["form"], where))
            if len(chosen) == SUGGESTIONS:
                break
        return chosen

    def suggestion(self, printed: str) -> str:
        """'did you mean …? ' with the close candidates, or nothing when none is close."""
        candidates = self.candidates(printed)
        if not candidates:
            return ""
        return "did you mean " + " or ".join(f"'{form}' ({where})" for form, where in candidates) + "? "


def report_places(frame: pd.DataFrame, shown: str, shared: Gazetteer) -> tuple[pd.DataFrame, list[Problem]]:
    """A report's own places.csv, checked against the shared gazetteer: new forms of places with a known qark."""
    problems = []
    for column in frame.columns.drop("_row"):
        if column not in COLUMNS:
            problems.append(Problem(shown, 1, column, "is not a column of places.csv",
                                    f"columns: {', '.join(COLUMNS)}"))
    for column in REQUIRED:
        if column not in frame:
            problems.append(Problem(shown, 1, column, "required column is missing",
                                    f"add a column named '{column}' to the header row"))
    if problems:
        return frame.iloc[0:0], problems
    table = shared.table
    kinds = sorted(set(table["kind"]))
    qark_of = dict(zip(table.loc[table["rreth"] != "", "rreth"], table.loc[table["rreth"] != "", "qark"]))
    qarqe = set(qark_codes())
    seen: dict[str, int] = {}
    rows = frame.reindex(columns=[*COLUMNS, "_row"])
    for record in rows.to_dict("records"):
        row = int(record["_row"])
        cell = {column: "" if pd.isna(record[column]) else str(record[column]) for column in COLUMNS}
        form = cell["form"]
        missing = [column for column in REQUIRED if not cell[column]]
        if missing:
            problems.append(Problem(shown, row, missing[0], "is empty", "this column must be filled"))
            continue
        key = place_key(form)
        if key in table.index:
            known = table.loc[key]
            where = f", qark {known['qark']}" if known["qark"] else ""
            problems.append(Problem(shown, row, "form", f"'{form}' is already known ({known['place']}{where})",
                                    "the shared gazetteer has it: delete this row"))
        elif key in seen:
            problems.append(Problem(shown, row, "form", f"'{form}' is already the form of row {seen[key]}",
                                    "list each form once"))
        seen.setdefault(key, row)
        if cell["kind"] not in kinds:
            problems.append(Problem(shown, row, "kind", f"'{cell['kind']}' is not a kind of place",
                                    f"allowed: {', '.join(kinds)}"))
        elif cell["kind"] not in (NATIONAL, FOREIGN) and cell["qark"] not in qarqe:
            problems.append(Problem(shown, row, "qark", f"'{cell['qark']}' is not one of the 12 qarqe" if cell["qark"]
                                    else "is empty", f"write the qark the place lies in: {', '.join(sorted(qarqe))}"))
        if cell["rreth"] and qark_of.get(cell["rreth"]) not in (None, cell["qark"]):
            problems.append(Problem(shown, row, "rreth", f"'{cell['rreth']}' lies in qark {qark_of[cell['rreth']]}",
                                    f"write the rreth of qark {cell['qark']} the place lies in, or leave it empty"))
        elif cell["rreth"] and cell["rreth"] not in qark_of:
            problems.append(Problem(shown, row, "rreth", f"'{cell['rreth']}' is not one of the 36 rrethe",
                                    "write the former district as the gazetteer names it (Shkodër), or leave it empty"))
    return rows.drop(columns="_row").astype(object).fillna(""), problems


def scope_of(kind: pd.Series, qark: pd.Series) -> pd.Series:
    """Local when the place lies in a known qark, national for the whole country, unknown otherwise."""
    scope = pd.Series(UNKNOWN, index=kind.index, dtype="str")
    scope[qark.notna()] = LOCAL
    scope[kind == NATIONAL] = NATIONAL
    return scope


def grant_buckets(grant_places: pd.DataFrame, level: str = "qark") -> pd.DataFrame:
    """Where each grant's figures are counted: its one qark (or rreth), 'several', 'national' or 'unknown'."""
    places = grant_places
    local = places[(places["scope"] == LOCAL) & places[level].notna()]
    areas = local.groupby("grant_id")[level].agg(["nunique", "first"])
    ids = places["grant_id"].drop_duplicates()
    bucket = ids.map(areas["first"].where(areas["nunique"] == 1, SEVERAL)).fillna(UNKNOWN_PLACE)
    bucket = bucket.where(~ids.isin(places.loc[places["scope"] == NATIONAL, "grant_id"]), NATIONAL)
    return pd.DataFrame({"grant_id": ids.to_numpy(), "bucket": bucket.astype("str").to_numpy()})
