"""A page is reused when nothing it depends on changed, and rebuilt, with the reason, when anything did."""

from __future__ import annotations

import dataclasses

import pytest

from sitrep.files import sha256
from sitrep.site.cache import PageCache, PageKey

KEY = PageKey("nb-sha", {"page": "summary", "lang": "sq", "min_cell": 10}, "code-sha", "lock-sha")


@pytest.mark.parametrize("change", [
    {"notebook_sha": "nb-sha-2"},
    {"parameters": {"page": "summary", "lang": "en", "min_cell": 10}},
    {"parameters": {"page": "summary", "lang": "sq", "min_cell": 11}},
    {"code": "code-sha-2"},
    {"lock": "lock-sha-2"},
])
def test_a_changed_input_changes_the_key(change):
    assert dataclasses.replace(KEY, **change).digest != KEY.digest


def test_an_unchanged_input_gives_the_same_key_whatever_the_order_of_parameters():
    reordered = PageKey("nb-sha", {"min_cell": 10, "lang": "sq", "page": "summary"}, "code-sha", "lock-sha")
    assert reordered.digest == KEY.digest and len(KEY.digest) == 64


@pytest.fixture
def clean(tmp_path):
    folder = tmp_path / "clean"
    folder.mkdir()
    (folder / "grants.csv").write_text("grant_id\nvatra-1\n", encoding="utf-8")
    return folder


def entry_reading(clean) -> dict:
    return {"html": "<p>page</p>", "downloads": {"summary-a.csv": "a\n1\n"},
            "report": {"inputs": {"grants.csv": sha256(clean / "grants.csv")}}}


def test_a_stored_page_is_reused_while_what_it_read_is_unchanged(tmp_path, clean):
    cache = PageCache(tmp_path / "cache")
    assert cache.lookup(KEY, clean) == (None, "new")
    cache.store(KEY, entry_reading(clean))
    entry, reason = cache.lookup(KEY, clean)
    assert reason == "unchanged" and entry == entry_reading(clean)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"{KEY.digest}.json"]  # no temporary left behind


def test_an_entrys_digest_is_the_same_stored_read_back_or_made_from_the_entry(tmp_path, clean):
    # what an edition was published from is remembered by its entries' digests: a build that stored the pages and
    # the next one, which read them back, must agree on them, or a rebuild with nothing changed would publish again
    entry, other = entry_reading(clean), {**entry_reading(clean), "html": "<p>another page</p>"}
    stored = PageCache(tmp_path / "cache")
    stored.store(KEY, entry)
    read = PageCache(tmp_path / "cache")
    assert read.lookup(KEY, clean)[1] == "unchanged"
    unknown = PageCache(tmp_path / "elsewhere")  # made from the entry itself
    digests = {cache.entry_digest(KEY, entry) for cache in (stored, read, unknown)}
    assert len(digests) == 1 and unknown.entry_digest(KEY, other) not in digests


def test_reuse_follows_content_not_the_folder(tmp_path, clean):
    cache = PageCache(tmp_path / "cache")
    cache.store(KEY, entry_reading(clean))
    elsewhere = tmp_path / "copy"
    elsewhere.mkdir()
    (elsewhere / "grants.csv").write_bytes((clean / "grants.csv").read_bytes())
    assert cache.lookup(KEY, elsewhere)[1] == "unchanged"


def test_an_edited_or_deleted_input_rebuilds_the_page_and_says_which(tmp_path, clean):
    cache = PageCache(tmp_path / "cache")
    cache.store(KEY, entry_reading(clean))
    (clean / "grants.csv").write_text("grant_id\nvatra-2\n", encoding="utf-8")
    assert cache.lookup(KEY, clean) == (None, "input changed: grants.csv")
    (clean / "grants.csv").unlink()
    assert cache.lookup(KEY, clean) == (None, "input changed: grants.csv")


def test_an_unreadable_entry_is_a_new_page(tmp_path, clean):
    cache = PageCache(tmp_path / "cache")
    cache.store(KEY, entry_reading(clean))
    (tmp_path / "cache" / f"{KEY.digest}.json").write_text("{not json", encoding="utf-8")
    assert cache.lookup(KEY, clean) == (None, "new")


def test_explain_miss_names_the_part_of_the_key_that_changed(tmp_path):
    cache = PageCache(tmp_path / "cache")
    known = {"summary": KEY}
    assert cache.explain_miss(dataclasses.replace(KEY, notebook_sha="x"), known) == "notebook changed"
    assert cache.explain_miss(dataclasses.replace(KEY, parameters={**KEY.parameters, "lang": "en"}), known) == \
        "parameters changed"
    assert cache.explain_miss(dataclasses.replace(KEY, code="x"), known) == "lib/sitrep changed"
    assert cache.explain_miss(dataclasses.replace(KEY, lock="x"), known) == "package versions changed"
    assert cache.explain_miss(KEY, known) == "no stored result"
    assert cache.explain_miss(KEY, {}) == "never built"
