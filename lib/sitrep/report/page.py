"""What a chapter notebook calls: open the page, then show text and views. Display only; no files written."""

from __future__ import annotations

import base64
import copy
import hashlib
import inspect
import json
import re
import sys
from html import escape as html_escape
from pathlib import Path

import numpy as np
import pandas as pd
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.utils import is_skipped_key, to_typed_array_spec
from IPython.display import HTML, display
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from plotly.utils import PlotlyJSONEncoder

from sitrep import i18n
from sitrep.errors import ParameterError
from sitrep.paths import project_path
from sitrep.report import charts, glossary, memo, notebook, privacy
from sitrep.report.dataset import Dataset
from sitrep.report.downloads import safe_csv_text
from sitrep.report.edition import (
    DEFAULT_MIN_CELL,
    LATEST_PERIOD,
    Edition,
    check_district,
    check_injected_names,
    check_page,
)
from sitrep.report.marks import hover_quotes
from sitrep.report.outputs import OUTPUT_KEY
from sitrep.report.sources import citation, latest_period, quote_language
from sitrep.report.views import View
from sitrep.text import is_missing

TEMPLATES = Environment(loader=PackageLoader("sitrep.report", "templates"), autoescape=select_autoescape(default=True),
                        trim_blocks=False, keep_trailing_newline=False)
# An offline report needs no cloud upload, zoom, pan or selection: the toolbar keeps only "download as PNG"
# (one tab stop per chart), and plotly's few words come from translations.csv in the edition's language.
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "showSendToCloud": False, "showEditInChartStudio": False,
               "showLink": False, "scrollZoom": False, "doubleClick": False, "modeBarButtons": [["toImage"]]}
# plotly.js's own strings that a reader can meet with the toolbar above, and the key of each in translations.csv.
PLOTLY_STRINGS = {
    "Download plot as a PNG": "plotly.download_png", "Download plot": "plotly.download",
    "Preparing image - this may take a few seconds": "plotly.preparing", "Image download succeeded": "plotly.done",
    "Sorry, there was a problem downloading your image!": "plotly.failed",
    "Double-click on legend to isolate one trace": "plotly.legend_isolate",
    "Double-click to zoom back out": "plotly.zoom_out",
    "source:": "plotly.source", "target:": "plotly.target", "incoming flow count:": "plotly.incoming",
    "outgoing flow count:": "plotly.outgoing", "trace": "plotly.trace",
}


def plot_config(lang: str, name: str = "chart") -> dict:
    """The plotly config of one chart: the toolbar above, its words in `lang`, and its picture named after it."""
    dictionary = {english: i18n.t(key, lang) for english, key in PLOTLY_STRINGS.items()}
    return {**PLOT_CONFIG, "locale": lang, "locales": {lang: {"dictionary": dictionary}},
            "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}
AREA_PREFIX = "sitrep-area:"
TEMPLATE_PREFIX = "sitrep-template:"
# A chart's footnotes quote its first cited lines; the source page holds them all.
QUOTED_LINES = 24
ALT_TABLE_ROWS = 400


def numeric_columns(frame: pd.DataFrame) -> set:
    """The columns a table aligns and writes as numbers; yes/no columns are not among them."""
    return {column for column, dtype in zip(frame.columns, frame.dtypes)  # by type, without a Series per column
            if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)}


# A table with a cell longer than this reflows on a phone rather than scroll: a long text in a narrow column
# makes rows hundreds of pixels tall, with the other columns off the screen.
REFLOW_TEXT = 60


def reflows(frame: pd.DataFrame) -> bool:
    """Whether a table holds long text, and so reads better on a phone as one block per row."""
    numbers = numeric_columns(frame)
    text = [column for column in frame.columns if column not in numbers]
    # cell by cell (a table has some tens of rows), rather than a column of text made of each column first
    return any(len(str(cell)) > REFLOW_TEXT for column in text if len(frame) for cell in frame[column]
               if not is_missing(cell))


def alternative_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows a chart draws, numbers written as the edition writes them and a missing figure left blank."""
    shown = frame.head(ALT_TABLE_ROWS).astype(object).copy()
    for column in numeric_columns(frame):
        values = frame[column].head(ALT_TABLE_ROWS)
        shown[column] = [None if pd.isna(value) else i18n.number(value, lang) for value in values]
    return shown.where(shown.notna(), None)


# The tags plotly reads in its text stay as they are: inside <script> only "</script" and "<!--" could end the
# element, and neither can start with these. Every other "<" is written \u003c, so the data cannot close its
# element or open a tag, while the thousands of <b> and <br> of a chart's hover text stay a few bytes each.
_NOT_PLOTLY_TAG = re.compile(r"<(?!/?(?:b|br|i|em|sub|sup|extra)>)")


def plain_figure(figure) -> dict:
    """figure.to_plotly_json() in one pass over the figure: a map's outlines in it by reference, only read.

    plotly deep-copies the whole figure (its template too), then walks the copy again to write its arrays as
    typed arrays; this copies each container once, writes the same typed arrays with plotly's own functions,
    and leaves the outlines, thousands of coordinate lists, uncopied.
    """
    if figure._frame_objs:  # animation frames: none of this site's charts has any
        return figure.to_plotly_json()
    return {"data": [_plain(trace) for trace in figure._data], "layout": _plain(figure._layout)}


def _plain(value: object) -> object:
    # What plotly's convert_to_base64 does to a deep copy: a homogeneous array that is a dict's value becomes a
    # typed array, except under the keys it skips; lists and tuples are walked, never converted themselves.
    if isinstance(value, dict):
        return {key: (item if key == "geojson" else copy.deepcopy(item)) if is_skipped_key(key)
                else typed_array(item) if is_homogeneous_array(item) else _plain(item)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if value is None or isinstance(value, (str, int, float)):
        return value
    return copy.deepcopy(value)


# The numpy types plotly.js reads as typed arrays (_plotly_utils.utils.plotlyjsShortTypes), and the narrower
# integer types plotly writes a 64-bit integer array as, the first whose range holds every value.
SHORT_TYPES = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4",
               "float32": "f4", "float64": "f8"}
NARROWER = {"int64": ("int8", "int16", "int32"), "uint64": ("uint8", "uint16", "uint32")}


def typed_array(value: object) -> object:
    """Plotly's to_typed_array_spec(value), for a numpy array or a pandas column of numbers or text, without narwhals.

    plotly asks narwhals what each array is, about a tenth of a millisecond an array, and a page's charts hold
    hundreds; other values (nullable integers, dates) still go through plotly's own function.
    """
    if isinstance(value, pd.Series) and charts.written_as_array(value):
        array = value.to_numpy()
    elif type(value) is np.ndarray and value.dtype.kind in "iufbOU":
        array = value
    else:
        return to_typed_array_spec(value)
    # as copy_to_readonly_numpy_array: numbers copied, anything else but objects and dates made objects
    if array.dtype.kind in "uif":
        array = np.ascontiguousarray(array.copy())
    elif array.dtype.kind not in "OM":
        array = np.array(array, dtype="object")
    else:
        array = array.copy()
    array.flags["WRITEABLE"] = False
    if array.size == 0:
        return array
    kind = str(array.dtype)
    if kind in NARROWER:
        high, low = array.max(), array.min()
        narrower = [name for name in NARROWER[kind] if np.iinfo(name).min <= low and high <= np.iinfo(name).max]
        if not narrower:
            return array
        array, kind = array.astype(narrower[0]), narrower[0]
    if kind not in SHORT_TYPES:
        return array
    spec = {"dtype": SHORT_TYPES[kind], "bdata": base64.b64encode(array).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = str(array.shape)[1:-1]
    return spec


def _json_for_script(value: object) -> Markup:
    """JSON that cannot close its <script> element, whatever text the data holds."""
    text = json.dumps(value, cls=PlotlyJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(_NOT_PLOTLY_TAG.sub(r"\\u003c", text).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class Page:
    """One page of the site, as its notebook builds it."""

    def __init__(self, page: str = "", clean_dir: str = "data/clean", period: str = LATEST_PERIOD, lang: str = "sq",
                 audience: str = "public", min_cell: int = DEFAULT_MIN_CELL, district: str | None = None) -> None:
        self.received = {"page": page, "clean_dir": clean_dir, "period": period, "lang": lang,
                         "audience": audience, "min_cell": min_cell, "district": district}
        check_injected_names(list(inspect.signature(Page.__init__).parameters)[1:])
        if isinstance(min_cell, str) and min_cell.strip().isdigit():
            min_cell = int(min_cell)
        clean = clean_folder(clean_dir)
        self.edition = Edition(period=period or latest_period(clean), lang=lang, audience=audience, min_cell=min_cell)
        self.district = check_district(district) if district else None
        self.slug = check_page(page or "", self.district)
        self.data = Dataset(clean, self.edition)
        self.lang = lang
        self.public = privacy.hides_small_counts(self.edition)
        self.views: list[str] = []
        self.suppressions: list[dict] = []
        self.areas: dict[str, dict] = {}
        self.templates: dict[str, dict] = {}
        self.configs: dict[str, dict] = {}
        self.marks, self.quotes = self.data.report_texts()
        self.charts = 0  # charts shown in the notebook so far: the first carries plotly.js for nbconvert's HTML
        self._linker: glossary.Linker | None = None  # links each abbreviation's first use on the page
        if self.data.is_empty():
            self._say_empty()

    def _say_empty(self) -> None:
        """A period with no data says so, on the page and to whoever runs the notebook."""
        span = self.data.data_periods
        if span is None:
            text = self.t("edition.empty_tables", period=self.period_text)
        else:
            covered = i18n.t("edition.period", self.lang, start=i18n.month(span[0].date(), self.lang),
                             end=i18n.month(span[1].date(), self.lang))
            text = self.t("edition.empty", period=self.period_text, span=covered)
        print(f"sitrep: {text}", file=sys.stderr)
        self._emit(f'<p class="edition-empty" role="note"><strong>{html_escape(text)}</strong></p>', "text")

    def t(self, key: str, **values: object) -> str:
        """A translated text in the page's language."""
        return self.data.t(key, **values)

    @property
    def period_text(self) -> str:
        """The edition's period as the language writes it: 'janar 2005 – korrik 2006'."""
        start, end = self.edition.period_bounds
        return i18n.t("edition.period", self.lang, start=i18n.month(start, self.lang), end=i18n.month(end, self.lang))

    def _emit(self, html: str, kind: str, **extra: object) -> None:
        display(HTML(html), metadata={OUTPUT_KEY: {"kind": kind, **extra}})

    def heading(self, text: str, level: int = 2) -> None:
        """A section heading of the chapter."""
        self._emit(TEMPLATES.from_string("<h{{ l }}>{{ text }}</h{{ l }}>").render(l=level, text=text), "heading")

    def text(self, key: str, **values: object) -> None:
        """A paragraph of chapter text from the translation table, with data values escaped and formatted."""
        paragraph = i18n.html(key, self.lang, **self.data.text_values(key, values))
        self._emit(self._glossary_links(f"<p>{paragraph}</p>"), "text")

    def _glossary_links(self, html: str) -> str:
        """The page's HTML with the first use on the page of each of its reports' abbreviations linked to its entry."""
        if self._linker is None:
            has_glossary = (Path(self.data.clean_dir) / "glossary.csv").is_file()
            entries = glossary.entries(self.data.glossary, self.lang) if has_glossary else []
            self._linker = glossary.Linker(entries, f"{'../' * self.slug.count('/')}source.html")
        return self._linker(html)

    def key_messages(self, messages: list) -> None:
        """The report's own key messages, each quoted and cited; nothing at all when its reports print none."""
        if not messages:
            return
        root = "../" * self.slug.count("/")
        items = []
        for message in messages:
            own = [source for source in self.data.sources if source.id == message.report] or self.data.sources
            items.append({
                "message": message, "source": citation(own, [message.first_line, message.last_line], self.lang),
                "href": f"{root}source.html?l={message.first_line}-{message.last_line}#L{message.first_line}",
                "quote_lang": quote_language(own),
            })
        html = TEMPLATES.get_template("key_messages.html.j2").render(
            items=items, title=self.t("summary.key_messages.title"), intro=self.t("summary.key_messages.intro"))
        self._emit(self._glossary_links(html), "key_messages")

    def show(self, view: View) -> None:
        """A chart or table with its title, notes, source line and CSV download."""
        if view.name in self.views:
            raise ValueError(f"two views named '{view.name}' on page '{self.slug}'")
        self.views.append(view.name)
        # An internal download says so in its name and its first line, wherever it is forwarded.
        suffix = self.t("download.internal_suffix") if self.edition.audience == "internal" else ""
        csv_name = f"{self.slug.replace('/', '-')}-{view.name}{suffix}.csv"
        root = "../" * self.slug.count("/")
        plot_id = figure_json = height = min_width = phone = None
        quoted: list[str] = []
        if view.figure is not None and not view.empty_message:
            plot_id = f"plot-{self.slug.replace('/', '-')}-{view.name}"
            figure = plain_figure(view.figure)
            quoted = hover_quotes(figure, self.quotes)
            # Worked out before a map's boundaries are replaced by their name: a map's shape sets its phone height.
            phone = charts.phone_layout(figure)
            data = [self._area_reference(trace) for trace in figure["data"]]
            layout = self._template_reference(charts.without_unused_defaults(figure)["layout"])
            figure_json = Markup("sitrepAreas(") + _json_for_script(data) + Markup("), ") + _json_for_script(layout)
            height = int(figure["layout"].get("height") or 450)
            min_width = (phone or {}).get("min_width")
        table_html = None
        if view.table is not None and not view.empty_message:
            table_html = self._table_html(view)
        if view.suppressed:
            self.suppressions += [{"page": self.slug, "view": view.name, **cell} for cell in view.suppressed]
        suppressed_note = self.t("privacy.note", threshold=self.edition.min_cell) if view.suppressed else None
        cited = self.data.sources if view.cited is None else view.cited
        source = citation(cited, view.source_lines, self.lang)
        lines = sorted({int(line) for line in view.source_lines})
        alt_table = None
        if plot_id is not None:
            # A chart's text alternative: the data it draws, as the CSV holds it (OWID's "table" tab).
            alt_frame = alternative_table(view.data, self.lang)
            alt_table = Markup(TEMPLATES.get_template("table.html.j2").render(
                frame=alt_frame, rows=self.marks.rows(alt_frame), numeric=numeric_columns(view.data),
                cue=self.t("view.scroll"), reflow=reflows(view.data)))
        html = TEMPLATES.get_template("view.html.j2").render(
            view=view, plot_id=plot_id, figure_json=figure_json, height=height, root=root, lines=lines,
            min_width=min_width, phone_json=_json_for_script(phone), scroll_cue=self.t("view.scroll"),
            quote_lines=lines[:QUOTED_LINES] if plot_id is not None else [], alt_table=alt_table,
            anchor_label=self.t("view.anchor", title=view.title), table_label=self.t("view.show_table"),
            chart_label=self.t("view.show_chart"), line_label=self.t("view.line"), keys_label=self.t("view.keys"),
            quotes_label=self.t("view.quotes", count=i18n.number(min(len(lines), QUOTED_LINES), self.lang)),
            hover_quotes=[(quote, self.quotes.get(quote) or quote_language(cited)) for quote in quoted],
            hover_label=self.t("view.hover_quotes"),
            config_json=self._config_reference(plot_config(self.lang, csv_name[:-4])) if plot_id else None,
            table_html=table_html,
            suppressed_note=suppressed_note, source=source,
            csv_href=None if view.empty_message else f"{root}data/{csv_name}", csv_label=self.t("download.csv"),
        )
        html = self._glossary_links(html)
        csv = None if view.empty_message else {"name": csv_name, "text": self.csv_text(view.data)}
        if not notebook.enabled:
            self._emit(html, "view", view=view.name, csv=csv)
            return
        parts = TEMPLATES.get_template("notebook_view.html.j2").module
        head, tail = str(parts.head(view)), str(parts.tail(view, table_html, suppressed_note, source))
        meta = {OUTPUT_KEY: {"kind": "view", "view": view.name, "csv": csv}}
        if plot_id is None:
            display({"text/html": head + tail, notebook.SITE_MIME: html}, raw=True, metadata=meta)
            return
        only_here = {OUTPUT_KEY: {"kind": notebook.NOTEBOOK_ONLY}}
        display({"text/html": head, notebook.SITE_MIME: html}, raw=True, metadata=meta)
        chart = notebook.figure_bundle(view.figure, f"notebook-{plot_id}", plot_config(self.lang, csv_name[:-4]),
                                       _json_for_script,
                                       with_plotly_js=self.charts == 0)
        display({**chart, "text/plain": view.title}, raw=True, metadata=only_here)
        display({"text/html": tail}, raw=True, metadata=only_here)
        self.charts += 1

    def _table_html(self, view: View) -> Markup:
        """A view's table; a long one folded under its row count, or one fold per group (`fold_by`)."""
        def render(frame: pd.DataFrame) -> Markup:
            return Markup(TEMPLATES.get_template("table.html.j2").render(
                frame=frame, rows=self.marks.rows(frame), numeric=numeric_columns(view.data),
                cue=self.t("view.scroll"), reflow=reflows(frame)))

        def fold(summary: str, frame: pd.DataFrame) -> Markup:
            return Markup('<details class="view-rows"><summary>{}</summary>{}</details>').format(summary,
                                                                                               render(frame))

        frame = view.table
        if view.fold_rows is None or len(frame) <= view.fold_rows:
            return render(frame)
        if view.fold_by is None or view.fold_by not in frame.columns:
            return fold(self.t("view.rows", rows=i18n.number(len(frame), self.lang)), frame)
        folds = []
        for group, rows in frame.groupby(view.fold_by, sort=False):
            summary = self.t("view.rows.group", group=group, rows=i18n.number(len(rows), self.lang))
            folds.append(fold(summary, rows.drop(columns=view.fold_by).reset_index(drop=True)))
        return Markup("\n").join(folds)

    def _area_reference(self, trace: dict) -> dict:
        """A map's boundaries go once into the site's assets/areas.js; the chart names them by their hash."""
        geojson = trace.get("geojson")
        if not isinstance(geojson, dict):
            return trace
        # A map draws the same outlines in several traces (the areas, the chosen one's border): written once.
        known = charts.outlines(geojson)
        if known.key not in self.areas:
            self.areas[known.key] = json.loads(known.text)  # the page's own copy: nothing of it is shared
        return {**trace, "geojson": AREA_PREFIX + known.key}

    def _template_reference(self, layout: dict) -> dict:
        """A chart's template layout goes once into its page (export.shared_script); the chart names it by its hash.

        Every chart of a page shares one template, about 3 KB that each figure would otherwise carry again; the
        trace defaults stay in the figure, as they differ with the kinds of trace it draws.
        """
        template = layout.get("template")
        if not isinstance(template, dict) or not isinstance(template.get("layout"), dict):
            return layout
        text = json.dumps(template["layout"], cls=PlotlyJSONEncoder, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        self.templates[key] = json.loads(text)
        return {**layout, "template": {**template, "layout": TEMPLATE_PREFIX + key}}

    def _config_reference(self, config: dict) -> Markup:
        """A chart's plotly config as its script passes it: the page's shared config by its hash, and its own part.

        All of a page's charts share their toolbar and plotly's words (defined once, as the templates are); only
        the name of the picture the toolbar downloads is the chart's own.
        """
        own = {key: value for key, value in config.items() if key == "toImageButtonOptions"}
        shared = {key: value for key, value in config.items() if key not in own}
        key = hashlib.sha256(_json_for_script(shared).encode("utf-8")).hexdigest()[:16]
        self.configs[key] = shared
        return Markup(f'sitrepConfig("{key}", ') + _json_for_script(own) + Markup(")")

    def csv_text(self, frame: pd.DataFrame) -> str:
        """A view's download: numbers typed with a status column, headers as shown, marked when internal."""
        marks = (privacy.mark(self.edition.min_cell), self.t("grants.privacy.hidden"))
        marking = self.t("banner.internal") if self.edition.audience == "internal" else None
        return safe_csv_text(frame, self.lang, marks, marking)

    def finish(self) -> None:
        """Report what this page received and read, for the build to check and to key its cache."""
        withheld = self.withheld_quotes()
        self._emit("", "page", received=self.received, inputs=dict(sorted(self.data.reads.items())),
                   suppressions=self.suppressions, withheld=withheld, areas=self.areas, templates=self.templates,
                   configs=self.configs)

    def withheld_quotes(self) -> list[dict]:
        """The quotes of every figure this edition hides: the source page withholds their lines."""
        if not self.public:
            return []
        return memo.shared(self.data, "Page.withheld_quotes", self._withheld_quotes)

    def _withheld_quotes(self) -> list[dict]:
        figures = self.data.figures
        chosen = figures[figures["figure_id"].isin(privacy.hidden_figures(figures, self.edition.min_cell))]
        return [{"line": int(line), "quote": quote if isinstance(quote, str) else "", "value": int(value)}
                for line, quote, value in zip(chosen["source_line"], chosen["quote"], chosen["value"])
                if pd.notna(line) and pd.notna(value)]


def clean_folder(clean_dir: str) -> Path:
    """The clean tables a notebook names, found from any working folder (sitrep.paths.project_path)."""
    folder = project_path(clean_dir)
    if not (folder / "grants.csv").is_file():
        raise ParameterError("clean_dir", clean_dir, f"no clean tables in {folder} (run `sitrep clean`, "
                             "or give the folder as a full path; SITREP_PROJECT names the project from elsewhere)")
    return folder


def open_page(page: str = "", clean_dir: str = "data/clean", period: str = LATEST_PERIOD, lang: str = "sq",
              audience: str = "public", min_cell: int = DEFAULT_MIN_CELL, district: str | None = None) -> Page:
    """Open a page for a notebook to show its views on; every parameter is checked, and has the real run's default."""
    return Page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell,
                district=district)
