"""The chapter registry is the one list of pages: every notebook in it exists, and every chapter notebook is in it."""

from __future__ import annotations

import csv

from sitrep import i18n, paths
from sitrep.report.edition import QARQE
from sitrep.site.frame import REGISTRY, PagePlan, site_pages


def registry_rows() -> list[dict[str, str]]:
    with open(paths.NOTEBOOKS / REGISTRY, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_registered_notebook_exists_and_every_chapter_notebook_is_registered():
    registered = {row["notebook"] for row in registry_rows()}
    assert all((paths.NOTEBOOKS / name).is_file() for name in registered)
    # Notebooks that are not pages: the cleaning step, and examples for analysts.
    pages = {p.name for p in paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} - {"00_clean.ipynb"}
    assert pages <= registered


def test_slugs_orders_and_titles_are_unique_and_translated():
    rows = registry_rows()
    assert len({row["slug"] for row in rows}) == len({int(row["order"]) for row in rows}) == len(rows)
    for row in rows:
        for lang in i18n.LOCALES:
            plan = PagePlan(row["slug"], row["notebook"], row["title_key"], "Berat")
            title = plan.title(lang, programme="XYZ")
            assert title and "{" not in title


def test_the_grants_chapter_is_titled_by_its_programme_and_never_by_an_empty_name():
    grants = next(page for page in site_pages() if page.slug == "grants")
    assert grants.title("sq", "XYZ") == "Grantet e XYZ" and grants.title("en", "XYZ") == "XYZ grants"
    assert grants.title("en") == "grant programme grants".replace("grant programme", i18n.t("programme.unnamed", "en"))


def test_a_per_qark_row_gives_one_page_per_qark_in_name_order():
    pages = site_pages()
    per_qark = [row for row in registry_rows() if row["per"] == "qark"]
    chapters = [row for row in registry_rows() if not row["per"]]
    assert len(pages) == len(chapters) + len(per_qark) * len(QARQE)
    districts = [page for page in pages if page.district]
    assert sorted(page.district for page in districts) == sorted(QARQE)
    assert [page.slug for page in districts][:2] == ["districts/berat", "districts/diber"]
    assert [page.slug for page in pages if not page.district] == [row["slug"] for row in chapters]


def test_the_registry_is_read_from_the_notebooks_folder_given(tmp_path):
    (tmp_path / REGISTRY).write_text(
        "order,slug,notebook,title_key,per\n2,b,b.ipynb,chapter.ngos,\n1,a,a.ipynb,chapter.summary,\n", encoding="utf-8"
    )
    assert [page.slug for page in site_pages(tmp_path)] == ["a", "b"]


def test_a_page_may_need_an_earlier_period(tmp_path):
    (tmp_path / REGISTRY).write_text("order,slug,notebook,title_key,per,needs\n1,a,a.ipynb,chapter.summary,,\n"
                                     "2,changes,c.ipynb,chapter.changes,,previous\n", encoding="utf-8")
    assert [(page.slug, page.needs) for page in site_pages(tmp_path)] == [("a", ""), ("changes", "previous")]
    assert [page.slug for page in site_pages() if page.needs == "previous"] == ["changes"]
