"""The donors chapter's totals add up: flows conserve the (programme, donor) pairs, matrices match the clean tables."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from sitrep.report.chapters import donors
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition

PERIOD_START, PERIOD_END = date(2005, 1, 1), date(2006, 7, 31)


def clean_rows(clean_dir: Path, name: str) -> list[dict[str, str]]:
    with open(Path(clean_dir) / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def programmes(clean_dir: Path) -> set[str]:
    """Programmes of the 2005-01:2006-07 edition: undated ones, and those running at some time in it
    (an open end runs until the end of the report's period)."""
    kept = set()
    for row in clean_rows(clean_dir, "donor_programs"):
        start = date.fromisoformat(row["start"]) if row["start"] else None
        end = date.fromisoformat(row["end"]) if row["end"] else None
        if start is None and end is None:
            kept.add(row["program_id"])
        elif (start is None or start <= PERIOD_END) and (end or PERIOD_END) >= PERIOD_START:
            kept.add(row["program_id"])
    return kept


def places(clean_dir: Path, kept: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {p: set() for p in kept}
    for row in clean_rows(clean_dir, "program_places"):
        if row["program_id"] not in kept:
            continue
        if row["scope"] == "local" and row["qark"]:
            found[row["program_id"]].add(row["qark"])
        elif row["scope"] == "national":
            found[row["program_id"]].add("national")
    return {p: (cols or {"unknown"}) for p, cols in found.items()}


def roles(clean_dir: Path, kept: set[str], role: str) -> list[tuple[str, str]]:
    return [(row["program_id"], row["org_id"]) for row in clean_rows(clean_dir, "program_roles")
            if row["role"] == role and row["program_id"] in kept]


def programme_of_rows(clean_dir: Path) -> dict[str, str]:
    """Each row's programme: the row named in same_as, else itself."""
    return {row["program_id"]: row["same_as"] or row["program_id"] for row in clean_rows(clean_dir, "donor_programs")}


@pytest.fixture
def edition(clean_dir) -> Dataset:
    return Dataset(clean_dir, Edition(period="2005-01:2006-07", lang="en"))


def test_sankey_flows_out_of_donors_and_into_places_equal_the_programme_donor_pairs(clean_dir, edition):
    programme = programme_of_rows(clean_dir)
    # One unit per programme and donor: TACT under four donors is four units, the US Embassy's grants one.
    pairs = len({(programme[p], donor) for p, donor in roles(clean_dir, programmes(clean_dir), "donor")})
    view = donors.flow_view(edition)
    first = view.data[view.data["Step"] == "donor → implementer"]
    second = view.data[view.data["Step"] == "implementer → county"]
    assert pairs == 63
    assert first["Weight"].sum() == pytest.approx(pairs, abs=0.01)
    assert second["Weight"].sum() == pytest.approx(pairs, abs=0.01)
    # The chart itself: what leaves the donor nodes is what reaches the place nodes.
    sankey = view.figure.data[0]
    sources, targets, values = list(sankey.link.source), list(sankey.link.target), list(sankey.link.value)
    donor_nodes = set(sources) - set(targets)
    place_nodes = set(targets) - set(sources)
    assert sum(v for s, v in zip(sources, values) if s in donor_nodes) == pytest.approx(pairs)
    assert sum(v for t, v in zip(targets, values) if t in place_nodes) == pytest.approx(pairs)


def test_every_link_equals_the_equal_split_worked_out_from_the_clean_tables(clean_dir, edition):
    """Each (programme, donor) unit: equal parts to the implementers, then equal parts to the places."""
    kept = programmes(clean_dir)
    where = places(clean_dir, kept)
    doers: dict[str, list[str]] = {p: [] for p in kept}
    for program_id, org in sorted(set(roles(clean_dir, kept, "implementer"))):
        doers[program_id].append(org)
    expected: Counter = Counter()
    programme = programme_of_rows(clean_dir)
    pairs = set(roles(clean_dir, kept, "donor"))
    rows_of_pair = Counter((programme[p], donor) for p, donor in pairs)
    for program_id, donor in pairs:
        implementers = doers[program_id] or [donors.NOT_NAMED]
        unit = 1 / rows_of_pair[(programme[program_id], donor)]
        for doer in implementers:
            expected[("donor_implementer", donor, doer)] += unit / len(implementers)
            for place in where[program_id]:
                expected[("implementer_place", doer, place)] += unit / len(implementers) / len(where[program_id])
    links = donors.flow_links(edition)
    shown = {(s, a, b): v for s, a, b, v in zip(links["stage"], links["source"], links["target"], links["value"])}
    assert shown.keys() == expected.keys()
    for key, value in expected.items():
        assert shown[key] == pytest.approx(value), key


@pytest.mark.parametrize("role", ["donor", "implementer"])
def test_matrix_counts_equal_counts_from_the_clean_tables(clean_dir, edition, role):
    kept = programmes(clean_dir)
    where = places(clean_dir, kept)
    pairs = set(roles(clean_dir, kept, role))
    if role == "implementer":
        named = {p for p, _ in pairs}
        pairs |= {(p, donors.NOT_NAMED) for p in kept - named}
    # A programme named again (same_as) counts once in a cell.
    programme = programme_of_rows(clean_dir)
    cells = {(org, column, programme[program_id]) for program_id, org in pairs for column in where[program_id]}
    expected = Counter((org, column) for org, column, _ in cells)
    view = donors.funders_view(edition) if role == "donor" else donors.implementers_view(edition)
    labels = donors.org_labels(edition)
    by_label = {label: org for org, label in labels.items()}
    columns = {name: key for key, name in donors.column_names(edition).items()}
    shown = Counter({(by_label[o], columns[c]): int(n)
                     for o, c, n in zip(view.data.iloc[:, 0], view.data.iloc[:, 1], view.data.iloc[:, 2])})
    assert shown == expected
    grid = view.figure.data[0].z
    assert int(sum(cell for row in grid for cell in row)) == sum(expected.values())
