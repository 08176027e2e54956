"""Place names as printed → canonical place, former district (rreth), county (qark) and ISO 3166-2 code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import pycountry
from rapidfuzz import process

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


def qark_codes() -> dict[str, str]:
    """ISO 3166-2 code of each qark, from pycountry (AL-01…AL-12, not in alphabetical order)."""
    return {
        subdivision.name.removesuffix(" County"): subdivision.code
        for subdivision in pycountry.subdivisions.get(country_code="AL")
    }


def place_key(text: str) -> str:
    """The form under which a printed place name is looked up."""
    return fold(text)


@dataclass(frozen=True)
class Gazetteer:
    """Every known place form, folded, with what it refers to."""

    table: pd.DataFrame

    @classmethod
    def read(cls, path: Path) -> "Gazetteer":
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        table["key"] = table["form"].map(place_key)
        table["iso_3166_2"] = table["qark"].map(qark_codes()).fillna("")
        return cls(table.drop_duplicates("key").set_index("key"))

    @cached_property
    def keys(self) -> list[str]:
        return list(self.table.index)

    def _key_for(self, text: str) -> str | None:
        key = place_key(text)
        if key in self.table.index:
            return key
        bare = FRAME_WORDS.sub("", key, count=1).strip()
        return bare if bare in self.table.index else None

    def resolve(self, printed: pd.Series) -> pd.DataFrame:
        """Resolve each printed form; unknown forms get kind NA. Distinct forms are looked up once."""
        distinct = pd.Series(printed.unique())
        keys = distinct.map(self._key_for)
        found = self.table.reindex(keys.fillna("\x00").tolist())
        found.index = distinct
        columns = ["place", "kind", "rreth", "qark", "iso_3166_2"]
        resolved = found.loc[printed.tolist(), columns].reset_index(drop=True)
        resolved.index = printed.index
        return resolved.replace("", pd.NA)

    def suggest(self, printed: str) -> str | None:
        """The known form nearest to an unknown one, for a hint."""
        match = process.extractOne(place_key(printed), self.keys, score_cutoff=60)
        return self.table.loc[match[0], "form"] if match else None


def scope_of(kind: pd.Series, qark: pd.Series) -> pd.Series:
    """local when the place lies in a known qark, national for the whole country, unknown otherwise."""
    scope = pd.Series(UNKNOWN, index=kind.index, dtype="str")
    scope[qark.notna()] = LOCAL
    scope[kind == NATIONAL] = NATIONAL
    return scope


def grant_buckets(grant_places: pd.DataFrame, level: str = "qark") -> pd.DataFrame:
    """Where each grant's figures are counted: its one qark (or rreth), 'several', 'national' or 'unknown'."""
    places = grant_places.copy()
    local = places[(places["scope"] == LOCAL) & places[level].notna()]
    areas = local.groupby("grant_id")[level].agg(lambda values: sorted(set(values)))
    national = set(places.loc[places["scope"] == NATIONAL, "grant_id"])
    buckets = []
    for grant_id in places["grant_id"].drop_duplicates():
        if grant_id in national:
            bucket = NATIONAL
        elif grant_id in areas.index:
            bucket = areas[grant_id][0] if len(areas[grant_id]) == 1 else SEVERAL
        else:
            bucket = UNKNOWN_PLACE
        buckets.append((grant_id, bucket))
    return pd.DataFrame(buckets, columns=["grant_id", "bucket"])
