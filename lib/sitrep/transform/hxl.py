"""A 3W table with HXL hashtags whose rows add up: each grant once, its figures on the one place they belong to.

A grant that worked in one qark has that qark in #adm1. A grant of several qarqe, of the whole country or of no
known place has #adm1 empty, its qarqe listed in #loc+name+list and its kind of place in #loc+type, so that
summing any measure by #adm1 gives each qark only what belongs to it alone, and summing all rows gives the total.
Each people count has a column of its own, and targets (#targeted) are kept apart from results (#reached).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sitrep.text import fold, joined_by, map_distinct
from sitrep.transform.places import BUCKETS, LOCAL, UNKNOWN_PLACE, grant_buckets
from sitrep.transform.store import to_csv_text
from sitrep.transform.vocab import METRICS

HXL_FILE = "hxl_3w.csv"
# The #loc+type of a row whose figures belong to one qark; the other rows carry their bucket (several, national,
# unknown), as the site's charts name them.
ONE_QARK = "qark"
# libhxl's expand_lists() splits +list cells on "|" by default.
LIST_SEPARATOR = " | "
# Every measure the metric registry (metrics.csv) gives a hashtag has two columns: its results under that
# hashtag (#reached+ind+…) and its targets under #targeted with the same attributes.
MEASURES = tuple(code for code, metric in METRICS.items() if metric.hxl)
TARGET_SUFFIX = "_target"


def target_tag(tag: str) -> str:
    """#reached+ind+prevention → #targeted+ind+prevention."""
    return "#targeted" + tag[tag.index("+"):] if "+" in tag else "#targeted"

# (column, hashtag, table schema type, description)
HXL_COLUMNS = (
    ("grant_id", "#activity+project+code", "string", "The grant's id."),
    ("project", "#activity+project+name", "string", "Project title as printed."),
    ("implementer", "#org+impl+name", "string", "The grantee."),
    ("implementer_id", "#org+impl+code", "string", "The grantee's org_id."),
    ("funder", "#org+funder+name", "string", "Funding organisations, '; '-separated."),
    ("programme", "#activity+programme+name", "string", "The awarding programme."),
    ("qark", "#adm1+name", "string", "The one qark the row's figures belong to; empty for the other rows."),
    ("qark_code", "#adm1+code", "string", "ISO 3166-2 code of that qark."),
    ("scope", "#loc+type", "string", "Where the row's figures belong: qark, several, national or unknown."),
    ("qarqe", "#loc+name+list", "string", "Every qark the grant worked in, separated by ' | '."),
    ("qarqe_codes", "#loc+code+list", "string", "Their ISO 3166-2 codes, in the same order."),
    *((code, METRICS[code].hxl, "integer", f"Result: {METRICS[code].label('en')}.") for code in MEASURES),
    *((code + TARGET_SUFFIX, target_tag(METRICS[code].hxl), "integer",
       f"Target (not a result): {METRICS[code].label('en')}.") for code in MEASURES),
    ("start", "#date+start", "date", "First day of the start date."),
    ("end", "#date+end", "date", "Last day of the end date."),
    ("source_lines", "#meta+source", "string", "Lines of the source report the grant and its figures are printed on."),
    ("report_id", "#meta+report+code", "string", "The report the grant comes from: filter on it to sum one period."),
    ("period", "#date+reported", "string", "The reporting period of the grant, YYYY-MM:YYYY-MM."),
)


def _people(figures: pd.DataFrame) -> pd.DataFrame:
    needed = [c for c in ("figure_id", "grant_id", "metric", "is_target", "value", "source_line") if c in figures]
    return figures.loc[figures["metric"].isin(MEASURES).to_numpy(), needed]


def _distinct_pairs(codes: np.ndarray, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (code, number) pairs, sorted by code then number, each once; codes are positions (never negative)."""
    low = int(numbers.min(initial=0))
    span = int(numbers.max(initial=0)) - low + 1
    if span * (int(codes.max(initial=0)) + 1) < 2**62:
        # One integer per pair, sorted, then made distinct: a sort of integers, where np.unique and a sort by two
        # keys (lexsort) take many times longer on a million.
        pairs = np.sort(codes * span + (numbers - low))
        pairs = pairs[np.diff(pairs, prepend=-1) != 0]
        return pairs // span, pairs % span + low
    order = np.lexsort((numbers, codes))
    codes, numbers = codes[order], numbers[order]
    distinct = np.ones(len(codes), dtype=bool)
    distinct[1:] = (codes[1:] != codes[:-1]) | (numbers[1:] != numbers[:-1])
    return codes[distinct], numbers[distinct]


def _source_lines(grants: pd.DataFrame, people: pd.DataFrame, grant_rows: np.ndarray, withheld: frozenset[str]
                  ) -> list[str]:
    """Each grant's source lines and its cited figures', distinct and in order, in the grants' order.

    `grant_rows` gives each of the people figures its grant's position in `grants` (-1: none of them).
    """
    cited = ~people["figure_id"].isin(withheld).to_numpy() if withheld else np.ones(len(people), dtype=bool)
    cited &= grant_rows >= 0
    codes, numbers = _distinct_pairs(
        np.concatenate([np.arange(len(grants)), grant_rows[cited]]),
        np.concatenate([grants["source_line"].to_numpy().astype(np.int64),
                        people["source_line"].to_numpy()[cited].astype(np.int64)]))
    # Each grant's lines as one list, joined by Arrow: no Python string is made per line.
    offsets = np.searchsorted(codes, np.arange(len(grants) + 1))
    lines = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), pc.cast(pa.array(numbers), pa.string()))
    return pc.binary_join(lines, "; ").to_pylist()


def _grant_rows(grants: pd.DataFrame, people: pd.DataFrame) -> np.ndarray:
    """Each figure's grant as its position among the grants, by id (their key: each is there once), or -1."""
    found = pc.index_in(pa.array(people["grant_id"], type=pa.string()),
                        value_set=pa.array(grants["grant_id"], type=pa.string()), skip_nulls=True)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def source_lines(tables: dict[str, pd.DataFrame], withheld: frozenset[str] = frozenset()) -> list[str]:
    """three_w's source_lines column alone, for its rows in their order: what to cite once `withheld` is known."""
    grants, people = tables["grants"], _people(tables["figures"])
    return _source_lines(grants, people, _grant_rows(grants, people), withheld)


def _sums(people: pd.DataFrame, grant_rows: np.ndarray, count: int) -> dict[str, pd.arrays.IntegerArray]:
    """Each measure's results and targets summed over the `count` grants: empty where a grant has no such figure."""
    known = grant_rows >= 0
    metric_codes, metrics = pd.factorize(people["metric"])
    code_of = {metric: code for code, metric in enumerate(metrics)}
    metric_codes, grant_rows = metric_codes[known], grant_rows[known]
    is_target = people["is_target"].to_numpy(dtype=bool)[known]
    values = people["value"].fillna(0).to_numpy(dtype=np.int64)[known]
    sums = {}
    for measure in MEASURES:
        of_measure = metric_codes == code_of[measure] if measure in code_of else np.zeros(len(values), dtype=bool)
        for target, suffix in ((False, ""), (True, TARGET_SUFFIX)):
            chosen = of_measure & (is_target == target)
            total = np.zeros(count, dtype=np.int64)
            np.add.at(total, grant_rows[chosen], values[chosen])
            counted = np.bincount(grant_rows[chosen], minlength=count) > 0
            sums[measure + suffix] = pd.arrays.IntegerArray(total, ~counted)
    return sums


def _periods(starts: pd.Series, ends: pd.Series) -> pd.Series:
    """YYYY-MM:YYYY-MM for each row, formatted once per distinct pair: a series has a few periods, not a few per row."""
    start_codes, start_dates = pd.factorize(starts, use_na_sentinel=False)
    end_codes, end_dates = pd.factorize(ends, use_na_sentinel=False)
    codes, pairs = pd.factorize(start_codes.astype(np.int64) * len(end_dates) + end_codes)
    texts = (pd.Series(start_dates.take(pairs // len(end_dates))).dt.strftime("%Y-%m") + ":"
             + pd.Series(end_dates.take(pairs % len(end_dates))).dt.strftime("%Y-%m"))
    return pd.Series(texts.array.take(codes), index=starts.index)


def three_w(tables: dict[str, pd.DataFrame], withheld: frozenset[str] = frozenset(), english: bool = False
            ) -> pd.DataFrame:
    """One row per grant, in its place bucket, with each people count's results and targets summed over its figures.

    `withheld` names figures (figure_id) whose source lines are left out, as a public edition does for hidden counts.
    With `english`, organisations and projects are named in English where a translation is given (an English
    edition's download); otherwise as printed.
    """
    grants, orgs, figures = tables["grants"], tables["organizations"], tables["figures"]
    names = orgs.set_index("org_id")["name"]
    if english and "name_en" in orgs:
        names = orgs.set_index("org_id")["name_en"].replace("", pd.NA).fillna(names)
    titles = grants["title"]
    if english and "title_en" in grants:
        titles = grants["title_en"].replace("", pd.NA).fillna(titles)
    # A programme as both languages call it ("KVKTNj / CAAHT"): partners read the file in either.
    by_id = orgs.set_index("org_id")
    missing = pd.Series(pd.NA, index=names.index, dtype="object")
    acronym = by_id.get("acronym", missing).fillna(names)
    english = by_id.get("acronym_en", missing)
    programmes = acronym.where(english.isna() | (english == acronym), acronym + " / " + english)
    places = tables["grant_places"]
    buckets = grant_buckets(places).set_index("grant_id")["bucket"]
    local = places[(places["scope"] == LOCAL) & places["qark"].notna()].drop_duplicates(["grant_id", "qark"])
    local = local.assign(order=map_distinct(local["qark"], fold)).sort_values(["grant_id", "order"])
    listed = joined_by(local["grant_id"], local[["qark", "iso_3166_2"]], LIST_SEPARATOR)
    codes = local.drop_duplicates("qark").set_index("qark")["iso_3166_2"]
    people = _people(figures)
    # Each figure's grant is looked up once, as its position: sums and lines are gathered on integers, not ids.
    grant_rows = _grant_rows(grants, people)
    ids = grants["grant_id"]
    bucket = pd.Series(buckets.reindex(ids.to_numpy()).to_numpy(), index=ids.index).fillna(UNKNOWN_PLACE)
    is_qark = ~bucket.isin(BUCKETS)
    frame = pd.DataFrame({
        "grant_id": ids, "project": titles,
        "implementer": grants["org_id"].map(names), "implementer_id": grants["org_id"],
        "funder": map_distinct(grants["funders"], lambda v: "; ".join(names.get(i, i) for i in str(v).split(";"))),
        # typed as the programme ids first: a table whose ids none of the organisations name maps to all-NaN floats
        "programme": grants["program"].map(programmes).astype(grants["program"].dtype).fillna(grants["program"]),
        "qark": bucket.where(is_qark), "qark_code": bucket.where(is_qark).map(codes),
        "scope": bucket.where(~is_qark, ONE_QARK),
        **dict(zip(("qarqe", "qarqe_codes"), listed.reindex(ids.to_numpy()).to_numpy().T)),
    })
    for column, total in _sums(people, grant_rows, len(grants)).items():
        frame[column] = total
    frame["start"], frame["end"] = grants["start"], grants["end"]
    frame["source_lines"] = pd.array(_source_lines(grants, people, grant_rows, withheld), dtype="str")
    frame["report_id"] = grants["report_id"] if "report_id" in grants else pd.NA
    if "period_start" in grants:
        frame["period"] = _periods(grants["period_start"], grants["period_end"])
    else:
        frame["period"] = pd.NA
    return frame[[name for name, *_ in HXL_COLUMNS]].reset_index(drop=True)


def hxl_csv_text(frame: pd.DataFrame) -> str:
    """CSV with the HXL hashtag row right below the header."""
    header, *body = to_csv_text(frame).split("\n", 1)
    tags = ",".join(tag for _, tag, *_ in HXL_COLUMNS)
    return f"{header}\n{tags}\n{body[0] if body else ''}"


def with_tag_row(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as text, with the hashtags as its first row: for writers that write only a header and rows."""
    text = frame.copy()
    for name, _, kind, _ in HXL_COLUMNS:
        if kind == "date":
            text[name] = text[name].dt.strftime("%Y-%m-%d")
    tags = pd.DataFrame([[tag for _, tag, *_ in HXL_COLUMNS]], columns=[name for name, *_ in HXL_COLUMNS])
    return pd.concat([tags, text.astype(object)], ignore_index=True)
