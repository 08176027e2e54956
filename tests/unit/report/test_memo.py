"""The memo of what many pages share: served again only for the same edition, filters and table contents."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from sitrep import i18n
from sitrep.report import memo
from sitrep.report.chapters.grants import protected_reach
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition

PERIOD = "2005-01:2006-07"  # the committed report's
METRIC = "victims_assisted"  # a count the public editions hide where it is small
EDITIONS = [
    {}, {"min_cell": 5}, {"min_cell": 1000}, {"audience": "internal"}, {"lang": "en"},
    {"lang": "en", "audience": "internal"}, {"period": "2006-01:2006-12"},
]


@pytest.fixture(autouse=True)
def empty_memo():
    memo.clear()
    yield
    memo.clear()


def reach_stats() -> dict[str, int]:
    return memo.stats.get("grants.protected_reach", {"hits": 0, "misses": 0})


def cells(table) -> dict:
    return table[["bucket", "label", "value", "reason", "shown", "hover"]].to_dict("list")


def alone(dataset, **edition) -> tuple[dict, dict]:
    """What a page computing it for itself gets: the cells, and the files it read with their hashes."""
    memo.clear()
    data = dataset(**edition)
    table = cells(protected_reach(data, METRIC))
    memo.clear()
    return table, dict(data.reads)


def test_a_page_of_the_same_edition_and_tables_is_served_the_same_cells_and_records_the_same_reads(dataset):
    expected, reads = alone(dataset)
    first, second = dataset(), dataset()
    assert cells(protected_reach(first, METRIC)) == expected and reach_stats() == {"hits": 0, "misses": 1}
    assert cells(protected_reach(second, METRIC)) == expected and reach_stats() == {"hits": 1, "misses": 1}
    assert first.reads == second.reads == reads and "figures.csv" in reads


def test_a_served_table_is_a_copy_the_page_may_change(dataset):
    served = protected_reach(dataset(), METRIC)
    served["value"] = -1
    served.at[0, "figure_ids"].append("planted")
    again = protected_reach(dataset(), METRIC)
    assert -1 not in list(again["value"]) and "planted" not in again.at[0, "figure_ids"] and reach_stats()["hits"] == 1


def test_no_edition_or_privacy_setting_is_served_the_numbers_of_another(dataset):
    expected = {str(edition): alone(dataset, **edition)[0] for edition in EDITIONS}
    public, internal = expected[str({})], expected[str({"audience": "internal"})]
    assert any(public["reason"]) and not any(internal["reason"]) and public["shown"] != internal["shown"]
    assert expected[str({"min_cell": 5})]["shown"] != public["shown"]  # the settings differ, so the test can fail
    assert expected[str({"lang": "en"})]["label"] != public["label"]
    for _ in range(2):  # every edition after every other, in one worker's memo
        for edition in EDITIONS:
            assert cells(protected_reach(dataset(**edition), METRIC)) == expected[str(edition)], edition
    assert reach_stats()["misses"] == len(EDITIONS) and reach_stats()["hits"] == len(EDITIONS)


def test_filters_and_an_unwithheld_dataset_are_kept_apart(dataset, clean_dir):
    whole = cells(protected_reach(dataset(), METRIC))
    qark = whole["bucket"][0]
    only = Dataset(clean_dir, Edition(PERIOD), where={"qark": qark})
    assert cells(protected_reach(only, METRIC)) != whole
    plain = Dataset(clean_dir, Edition(PERIOD), withhold=False)
    protected_reach(plain, METRIC)
    assert reach_stats()["misses"] == 3


def test_tables_of_other_content_are_never_served_what_was_computed_from_the_first(dataset, clean_dir, tmp_path):
    before = cells(protected_reach(dataset(), METRIC))
    changed = shutil.copytree(clean_dir, tmp_path / "clean")
    figures = changed / "figures.csv"
    lines = figures.read_text(encoding="utf-8").splitlines(keepends=True)
    figures.write_text("".join(line for line in lines if f",\"{METRIC}\"," not in line), encoding="utf-8")
    other = Dataset(changed, Edition(PERIOD))
    after = cells(protected_reach(other, METRIC))
    assert after != before and reach_stats() == {"hits": 0, "misses": 2}
    memo.clear()
    assert cells(protected_reach(Dataset(changed, Edition(PERIOD)), METRIC)) == after
    # the same content in another folder (another edition's slice, another build) is served again
    same = shutil.copytree(clean_dir, tmp_path / "same")
    memo.clear()
    protected_reach(dataset(), METRIC)
    assert cells(protected_reach(Dataset(same, Edition(PERIOD)), METRIC)) == before and reach_stats()["hits"] == 1


def test_each_clean_table_is_read_and_withheld_once_per_edition_and_served_as_it_was_withheld(dataset):
    public = dataset().raw_table("figures")
    again = dataset().raw_table("figures")
    assert memo.stats["Dataset.raw_table"]["hits"] >= 1
    assert public.equals(again)
    internal = dataset(audience="internal").raw_table("figures")
    # the public table withholds quotes that would reveal a hidden count; the internal one keeps every quote
    withheld = i18n.t("privacy.withheld", "sq")
    assert (public["quote"] == withheld).any() and not (internal["quote"] == withheld).any()


def test_a_served_table_of_plain_cells_shares_no_change_with_the_memo(dataset):
    data = dataset()
    frame = pd.DataFrame({"qark": ["Vlorë", "Korçë"], "value": [3, 9], "note": pd.Series(["a", None], dtype=object)})
    served = memo.shared(data, "test.plain", lambda: frame.copy())
    served.loc[0, "value"] = 100
    served["note"] = "changed"
    served.loc[1, "qark"] = "Tiranë"
    again = memo.shared(data, "test.plain", lambda: pytest.fail("computed twice"))
    assert again["value"].tolist() == [3, 9] and again["qark"].tolist() == ["Vlorë", "Korçë"]
    assert again["note"].tolist()[0] == "a" and pd.isna(again["note"].tolist()[1])
