"""The site: which pages exist, how each is framed (navigation, edition, provenance), and its assets."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from sitrep import i18n, paths
from sitrep.report.edition import QARQE, Edition
from sitrep.report.sources import footer
from sitrep.text import fold

ASSETS = Path(__file__).with_name("assets")
# A partial bundle of plotly.js with only the traces the charts use (assets/build-plotly-bundle.sh makes it):
# the full library takes about a second just to start in a browser on a small laptop.
PLOTLY_JS = ASSETS / "plotly.min.js"


@lru_cache(maxsize=1)
def templates():
    """The site's templates. jinja2 is imported on first use: a rebuild with nothing to write never loads it."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("sitrep.site", "templates"), autoescape=select_autoescape(default=True))


def compile_templates() -> None:
    """Load and compile every template now: a build does it while its workers start, not after its last page."""
    environment = templates()
    for name in environment.list_templates(extensions=["j2"]):
        environment.get_template(name)


@dataclass(frozen=True)
class PagePlan:
    """One page to build: its place in the site, the notebook behind it and that notebook's parameters."""

    slug: str  # path without .html: "grants", "districts/korce"
    notebook: str
    title_key: str
    district: str | None = None
    needs: str = ""  # "previous": built only for an edition whose dataset holds an earlier report period

    @property
    def href(self) -> str:
        """The page's address relative to the edition's folder, as links point to it."""
        return f"{self.slug}.html"

    def title(self, lang: str, programme: str = "") -> str:
        """The page's title in the language asked for; a county profile's names its qark, the grants' the programme."""
        programme = programme or i18n.t("programme.unnamed", lang)
        return i18n.t(self.title_key, lang, qark=self.district or "", programme=programme)


REGISTRY = "chapters.csv"  # beside the notebooks: a chapter is a notebook and one row here


@lru_cache(maxsize=4)
def chapter_rows(notebooks: Path = paths.NOTEBOOKS) -> tuple[dict[str, str], ...]:
    """The chapter registry in reading order: one row per chapter, or per qark for a county profile."""
    with open(Path(notebooks) / REGISTRY, encoding="utf-8", newline="") as handle:
        return tuple(sorted(csv.DictReader(handle), key=lambda row: int(row["order"])))


def site_pages(notebooks: Path = paths.NOTEBOOKS) -> list[PagePlan]:
    """Every notebook page, in the registry's order; a per-qark row gives one page per qark, by name."""
    pages = []
    for row in chapter_rows(Path(notebooks)):
        if row["per"] == "qark":
            pages += [PagePlan(row["slug"].format(qark=fold(q).replace(" ", "-")), row["notebook"], row["title_key"], q)
                      for q in sorted(QARQE, key=fold)]
        else:
            pages.append(PagePlan(row["slug"], row["notebook"], row["title_key"], needs=row.get("needs") or ""))
    return pages


def edition_line(edition: Edition) -> str:
    """What every page and download says of its edition: period, language and audience."""
    start, end = edition.period_bounds
    period = i18n.t("edition.period", edition.lang, start=i18n.month(start, edition.lang),
                    end=i18n.month(end, edition.lang))
    return i18n.t("edition.line", edition.lang, period=period, language=i18n.t(f"lang.{edition.lang}", edition.lang),
                  audience=i18n.t(f"audience.{edition.audience}", edition.lang))


@lru_cache(maxsize=4)
def _asset_text(name: str) -> str:
    if name == "plotly.min.js":
        return PLOTLY_JS.read_text(encoding="utf-8")
    if name == "geo-assets.js":
        world = (ASSETS / "world_110m.json").read_text(encoding="utf-8")
        return f"window.PlotlyGeoAssets = {{topojson: {{world_110m: {world.strip()}}}}};\n" + AREAS_FUNCTION
    return (ASSETS / name).read_text(encoding="utf-8")


# A map names its boundaries by hash ("sitrep-area:<key>"); assets/areas.js holds each once for the whole site.
AREAS_FUNCTION = """window.sitrepAreas = function (data) {
  data.forEach(function (trace) {
    if (typeof trace.geojson === "string" && trace.geojson.indexOf("sitrep-area:") === 0) {
      trace.geojson = (window.SitrepAreas || {})[trace.geojson.slice(12)];
    }
  });
  return data;
};
"""


def areas_script(areas: dict[str, dict]) -> str:
    """assets/areas.js: the boundaries every map of the site draws, keyed by their hash."""
    text = json.dumps(areas, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "window.SitrepAreas = " + text.replace("<", "\\u003c") + ";\n"


def css_string(text: str) -> Markup:
    """Text for a CSS string in a <style> element: nothing in it can end the string or the element."""
    escaped = " ".join(text.split()).replace("\\", "\\5c ").replace('"', "\\22 ").replace("<", "\\3c ")
    return Markup(escaped)


# plotly.js locale files bundled with the site (its dates in the edition's language); English is built in.
LOCALE_FILES = {"sq": "plotly-locale-sq.js"}


def _inline_script(text: str) -> Markup:
    return Markup(text.replace("</script", "<\\/script").replace("<!--", "<\\!--"))


def write_assets(out: Path) -> None:
    """The shared files every page links to: one plotly.js, the base map, the style and script."""
    target = out / "assets"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, target / "plotly.min.js")
    for name in ("site.css", "site.js", "charts.js", "geo-assets.js", *LOCALE_FILES.values()):
        (target / name).write_text(_asset_text(name), encoding="utf-8")


@dataclass(frozen=True)
class Frame:
    """Everything around a page's body that depends on the edition, not on the page."""

    edition: Edition
    commit: str
    data_digest: str
    self_contained: bool = False
    translation: str | None = None  # the other language's edition of this site, relative to this site's folder
    translation_lang: str | None = None
    source_page: bool = False
    search: bool = True
    areas: str | None = None  # assets/areas.js's text, when any map needs it
    sources: tuple = ()  # the reports the edition draws on (sitrep.report.sources.Source)
    programme: str = ""  # the edition's grant programmes, as the grants chapter's title names them

    def title(self, plan: PagePlan) -> str:
        """A page's title in the edition's language."""
        return plan.title(self.edition.lang, self.programme)

    def t(self, key: str, **values) -> str:
        """A translated text in the edition's language."""
        return i18n.t(key, self.edition.lang, **values)

    def licence_line(self) -> str:
        """The code's and data's licence, and the terms each source report's text is quoted under (report.toml)."""
        terms = "; ".join(source.terms(self.edition.lang) for source in self.sources)
        return self.t("footer.licence", terms=terms or self.t("footer.licence.none"))

    def render(self, slug: str, title: str, body: str, *, order: list[PagePlan], failure: str | None = None,
               parameters: dict | None = None, data_digest: str | None = None) -> str:
        """A whole page of the site: its body within the navigation, the edition's banner and the footer."""
        lang = self.edition.lang
        root = "../" * slug.count("/")
        slugs = ["index"] + [p.slug for p in order]
        position = slugs.index(slug) if slug in slugs else len(slugs)  # the source text comes after every chapter
        titles = {"index": self.t("nav.home"), **{p.slug: self.title(p) for p in order}}
        hrefs = {"index": "index.html", **{p.slug: p.href for p in order}}

        def neighbour(index: int, key: str) -> dict | None:
            if not 0 <= index < len(slugs):
                return None
            other = slugs[index]
            return {"href": hrefs[other], "label": self.t(key, title=titles[other])}

        plots = 'class="plot"' in body
        shown_parameters = self.parameters_text(parameters or self.edition.as_parameters())
        translation = None
        if self.translation and self.translation_lang:
            page = hrefs.get(slug, f"{slug}.html")
            translation = {"lang": self.translation_lang, "href": f"{root}{self.translation}/{page}",
                           "label": i18n.t(f"lang.{self.translation_lang}", self.translation_lang)}
        header = edition_line(self.edition)
        if self.edition.audience == "internal":
            header = f"{self.t('banner.internal')} · {header}"
        locale = LOCALE_FILES.get(lang)
        return templates().get_template("layout.html.j2").render(
            lang=lang, title=title, site_title=self.t("site.title"), root=root, current=slug,
            inline=self.self_contained, plots=plots,
            css=Markup(_asset_text("site.css")) if self.self_contained else None,
            plotly_js=_inline_script(_asset_text("plotly.min.js")) if self.self_contained and plots else None,
            geo_js=_inline_script(_asset_text("geo-assets.js")) if self.self_contained and plots else None,
            site_js=_inline_script(_asset_text("site.js")) if self.self_contained else None,
            charts_js=_inline_script(_asset_text("charts.js")) if self.self_contained and plots else None,
            internal=self.edition.audience == "internal", internal_banner=self.t("banner.internal"),
            edition_line=edition_line(self.edition), nav_label=self.t("nav.label"), home_label=self.t("nav.home"),
            districts_label=self.t("nav.districts"),
            chapters=[{"slug": p.slug, "href": p.href, "title": self.title(p)} for p in order if not p.district],
            failure=failure, body=Markup(body),
            previous=neighbour(position - 1, "nav.previous"), next=neighbour(position + 1, "nav.next"),
            footer_source=footer(list(self.sources), lang), footer_commit=self.t("footer.commit", commit=self.commit),
            footer_data=self.t("footer.data", digest=(data_digest or self.data_digest)[:16]),
            footer_parameters=self.t("footer.parameters", parameters=shown_parameters),
            footer_maps=self.t("footer.maps"),
            translation=translation, running_header=css_string(f"{header} · {title}"),
            locale_js=self._script(_asset_text(locale) if locale else None, locale, plots),
            areas_js=self._script(self.areas, "areas.js", plots),
            skip_label=self.t("nav.skip"), pager_label=self.t("nav.pager"), source_page=self.source_page,
            source_label=self.t("nav.source"),
            search={"label": self.t("search.label")} if self.search and not self.self_contained else None,
            footer_cite=self.t("footer.cite", title=self.t("site.title"), page=title,
                               edition=edition_line(self.edition), commit=self.commit[:12]),
            footer_licence=self.licence_line(),
        )

    def _script(self, text: str | None, name: str | None, plots: bool) -> Markup | str | None:
        """An optional script of a page with charts: inline when self-contained, else its file in assets/."""
        if not text or not name or not plots:
            return None
        return _inline_script(text) if self.self_contained else name

    def render_index(self, order: list[PagePlan], failed: set[str], versions: dict[str, str],
                     workbook: str | None = None) -> str:
        """The edition's home page: its chapters and profiles, what it was built from, and its downloads."""
        lang = self.edition.lang
        start, end = self.edition.period_bounds
        links = [{"href": p.href, "title": self.title(p), "failed": p.slug in failed,
                  "district": p.district} for p in order]
        provenance = [
            (
                self.t("index.period"),
                self.t("edition.period", start=i18n.month(start, lang), end=i18n.month(end, lang)),
            ),
            (self.t("index.language"), self.t(f"lang.{lang}")),
            (self.t("index.audience"), self.t(f"audience.{self.edition.audience}")),
            (self.t("index.commit"), self.commit),
            (self.t("index.data"), f"SHA-256 {self.data_digest}"),
            (self.t("index.generated"), ", ".join(f"{name} {version}" for name, version in versions.items())),
        ]
        body = templates().get_template("index.html.j2").render(
            intro=self.t("index.intro"), chapters_heading=self.t("index.chapters"),
            districts_heading=self.t("index.districts"), edition_heading=self.t("index.edition"),
            chapters=[link for link in links if not link["district"]],
            districts=[link for link in links if link["district"]], provenance=provenance,
            downloads_note=self.t("index.downloads"), workbook=workbook, workbook_label=self.t("download.workbook"),
            source=self.t("nav.source") if self.source_page else None,
            all_editions=self.t("index.all_editions"),
        )
        return self.render("index", self.t("site.title"), body, order=order)

    def parameters_text(self, parameters: dict) -> str:
        """The parameters a page was built with, named in the edition's language."""
        shown = []
        for name in ("period", "lang", "audience", "min_cell", "district"):
            value = parameters.get(name)
            if value is None:
                continue
            if name == "audience":
                value = self.t(f"audience.{value}")
            shown.append(f"{self.t(f'parameter.{name}')} = {value}")
        return " · ".join(shown)

    def failure_banner(self, error: dict) -> str:
        """What a failed page says in place of its content: the cell that stopped and the error it raised."""
        message = (error.get("message") or "").strip().splitlines()
        described = f"{error['name']}: {message[0]}" if message else error["name"]
        cell = f"{error['cell']} ({error['code']})" if error.get("code") else str(error["cell"])
        return self.t("banner.failed", cell=cell, error=described)
