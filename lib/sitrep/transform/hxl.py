"""A 3W/4W table with HXL hashtags, for partners who use HDX tools."""

from __future__ import annotations

import pandas as pd

from sitrep.text import map_distinct
from sitrep.transform.store import to_csv_text

HXL_FILE = "hxl_3w.csv"
# (column, hashtag, table schema type)
HXL_COLUMNS = (
    ("grant_id", "#activity+code", "string"),
    ("project", "#activity+name", "string"),
    ("implementer", "#org+impl+name", "string"),
    ("implementer_id", "#org+impl+code", "string"),
    ("funder", "#org+funder+name", "string"),
    ("programme", "#org+prog+name", "string"),
    ("qark", "#adm1+name", "string"),
    ("qark_code", "#adm1+code", "string"),
    ("scope", "#meta+scope", "string"),
    ("prevention_reached", "#reached+prevention", "integer"),
    ("prevention_targeted", "#targeted+prevention", "integer"),
    ("victims_assisted", "#reached+victims", "integer"),
    ("sheltered", "#reached+sheltered", "integer"),
    ("people_trained", "#reached+trained", "integer"),
    ("start", "#date+start", "date"),
    ("end", "#date+end", "date"),
    ("counting", "#meta+counting", "string"),
)
COUNTING_NOTE = "grant totals, repeated on each qark row; do not sum across rows"


def three_w(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per grant and qark (or per grant, where its scope is national or unknown)."""
    grants, orgs, figures = tables["grants"], tables["organizations"], tables["figures"]
    names = orgs.set_index("org_id")["name"]
    places = tables["grant_places"].drop_duplicates(["grant_id", "qark", "scope"])
    people = figures[figures["metric"].isin(["prevention_reached", "victims_assisted", "sheltered", "people_trained"])]
    totals = (
        people.assign(column=people["metric"] + people["is_target"].map({True: "_targeted", False: ""}))
        .groupby(["grant_id", "column"])["value"].sum().unstack("column")
    )
    rows = grants.merge(places, on="grant_id", how="left").merge(totals, left_on="grant_id", right_index=True, how="left")
    frame = pd.DataFrame({
        "grant_id": rows["grant_id"], "project": rows["title"],
        "implementer": rows["org_id"].map(names), "implementer_id": rows["org_id"],
        "funder": map_distinct(rows["funders"], lambda ids: "; ".join(names.get(i, i) for i in str(ids).split(";"))),
        "programme": rows["program"].map({"caaht": "KVKTNj / CAAHT"}).fillna(rows["program"]),
        "qark": rows["qark"], "qark_code": rows["iso_3166_2"], "scope": rows["scope"],
    })
    for column in ("prevention_reached", "prevention_reached_targeted", "victims_assisted", "sheltered", "people_trained"):
        frame[column.replace("_reached_targeted", "_targeted")] = (
            rows[column].astype("Int64") if column in rows else pd.Series(pd.NA, index=rows.index, dtype="Int64")
        )
    frame["start"], frame["end"] = rows["start"], rows["end"]
    frame["counting"] = COUNTING_NOTE
    return frame[[name for name, _, _ in HXL_COLUMNS]]


def hxl_csv_text(frame: pd.DataFrame) -> str:
    """CSV with the HXL hashtag row right below the header."""
    header, *body = to_csv_text(frame).split("\n", 1)
    tags = ",".join(tag for _, tag, _ in HXL_COLUMNS)
    return f"{header}\n{tags}\n{body[0] if body else ''}"
