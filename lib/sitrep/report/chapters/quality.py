"""The data-quality chapter: what the cleaning did, what is uncertain and what is missing, without opening a CSV."""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from sitrep import i18n
from sitrep.report import memo, privacy
from sitrep.report.dataset import Dataset
from sitrep.report.labels import has_text, organization_names
from sitrep.report.views import View
from sitrep.text import split_list
from sitrep.transform.places import LOCAL, NATIONAL
from sitrep.transform.vocab import METRICS

# The tables whose rows carry the transcriber's `note`, with the column that names a row.
NOTED_TABLES = {
    "grants": "grant_id", "figures": "figure_id", "nap_links": "grant_id", "donor_programs": "program_id",
    "events": "event_id", "gov_figures": "figure_id", "ngo_efforts": "effort_id",
}
PLACE_TABLES = {"grant_places": ("grant_id", "grants"), "program_places": ("program_id", "programs"),
                "ngo_effort_places": ("effort_id", "ngos")}
QUALIFIERS = ("exact", "at_least", "more_than", "approximately")
PLAIN_NUMBER = re.compile(r"^\s*\d+\s*$")
# A long table of this chapter is folded on the page, its row count in the summary: on a phone the whole page
# would otherwise be tens of screens long.
FOLD_ROWS = 10
TITLE_LENGTH = 90  # a programme named by its title is cut at a word there
# A hidden count can also be written out in a note (English) or a quote (Albanian).
NUMBER_WORDS = {
    1: ("one", "një"), 2: ("two", "dy"), 3: ("three", "tre", "tri"), 4: ("four", "katër"), 5: ("five", "pesë"),
    6: ("six", "gjashtë"), 7: ("seven", "shtatë"), 8: ("eight", "tetë"), 9: ("nine", "nëntë"),
}


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def _number(value: object, lang: str) -> str:
    return "" if value is None or pd.isna(value) else i18n.number(int(value), lang)


def _empty(data: Dataset) -> bool:
    """The period holds none of the rows this chapter looks at."""
    return all(getattr(data, name).empty for name in NOTED_TABLES)


# --- privacy -------------------------------------------------------------------------------------

def hidden_ids(data: Dataset) -> dict[str, str]:
    """figure_id → why its value is hidden in this edition ("primary" or "complementary"); empty when internal."""
    # The same on every page of the edition, and asked for by several of this one's views: decided once per worker.
    return dict(data.derived(("quality.hidden_ids",), lambda: memo.shared(
        data, "quality.hidden_ids", lambda: privacy.hidden_figure_ids(data.figures, data.gov_figures, data.edition))))


def redact(text: str, value: object, printed: object, threshold: int) -> str:
    """The text with a hidden count replaced by the mark, in digits, as printed, or as a word."""
    if not text or value is None or pd.isna(value):
        return text
    forms = {str(int(value)), _text(printed), *NUMBER_WORDS.get(int(value), ())} - {""}
    longest_first = sorted(forms, key=len, reverse=True)
    pattern = r"(?<![\w.,])(?:" + "|".join(re.escape(form) for form in longest_first) + r")(?![\w])"
    return re.sub(pattern, privacy.mark(threshold), text, flags=re.IGNORECASE)


def _one_type(values: list[object]) -> list[object]:
    """A column that holds the hidden mark is text throughout, so that its CSV column has one type."""
    return [str(v) for v in values] if any(isinstance(v, str) for v in values) else values


def _shown_value(row, hidden: dict[str, str], data: Dataset) -> tuple[object, object]:
    """(value, value as printed) as this edition may show them."""
    if row.figure_id in hidden:
        mark = privacy.mark(data.edition.min_cell)
        return mark, mark
    return int(row.value), row.value_as_printed


# --- what the cleaning did -----------------------------------------------------------------------

def _place_rows(data: Dataset) -> pd.DataFrame:
    return data.derived(("quality.place_rows",), lambda: _placed_rows(data))  # asked for by a view and the cards


def _placed_rows(data: Dataset) -> pd.DataFrame:
    frames = []
    for name, (key, kind) in PLACE_TABLES.items():
        table = getattr(data, name)
        frames.append(table.assign(kind=kind, row_id=table[key]))
    places = pd.concat(frames, ignore_index=True)
    mapped = places["scope"].isin([LOCAL, NATIONAL]) & places["place_as_printed"].notna()
    return places[mapped].reset_index(drop=True)


def _place_lines(data: Dataset, places: pd.DataFrame) -> list[int]:
    lines = []
    for table, kind, key in ((data.grants, "grants", "grant_id"), (data.donor_programs, "programs", "program_id"),
                             (data.ngo_efforts, "ngos", "effort_id")):
        ids = places.loc[places["kind"] == kind, "row_id"]
        lines += table.loc[table[key].isin(ids), "source_line"].dropna().astype(int).tolist()
    return lines


def places_view(data: Dataset) -> View:
    """Each place form as printed, what it was mapped to, and how many rows of each table print it."""
    lang = data.edition.lang
    places = _place_rows(data)
    national = i18n.t("quality.scope.national", lang)
    places["qark_shown"] = places["qark"].where(places["scope"] == LOCAL, national)
    if lang != "sq":  # the whole country's name as the gazetteer gives it is Albanian ("Shqipëri")
        places["place"] = places["place"].where(places["scope"] != NATIONAL, national)
    keys = ["place_as_printed", "place", "rreth", "qark_shown", "iso_3166_2"]
    counts = (places.fillna({"rreth": "—", "iso_3166_2": "—", "place": "—"})
              .groupby([*keys, "kind"], dropna=False)["row_id"].nunique().unstack("kind", fill_value=0))
    counts = counts.reindex(columns=[kind for _, kind in PLACE_TABLES.values()], fill_value=0).reset_index()
    counts["national"] = counts["qark_shown"] == national
    counts = counts.sort_values(["national", "qark_shown", "place", "place_as_printed"], kind="stable")
    headers = {key: i18n.t(f"quality.column.{key}", lang) for key in
               ("place_as_printed", "place", "rreth", "qark_shown", "iso_3166_2", "grants", "programs", "ngos")}
    out = counts[list(headers)].rename(columns=headers).reset_index(drop=True)
    for kind in ("grants", "programs", "ngos"):
        out[headers[kind]] = out[headers[kind]].astype(int)
    table = out.copy()
    for kind in ("grants", "programs", "ngos"):
        table[headers[kind]] = [_number(v, lang) if v else "" for v in out[headers[kind]]]
    return View(
        name="places", title=i18n.t("quality.places.title", lang), data=out, table=table, fold_rows=FOLD_ROWS,
        notes=[i18n.t("quality.places.note", lang)], source_lines=_place_lines(data, places),
        empty_message=None if len(out) else i18n.t("empty.period", lang),
    )


def _numeral_rows(data: Dataset) -> pd.DataFrame:
    """Grant figures and government figures whose number was not printed as plain digits."""
    return data.derived(("quality.numeral_rows",), lambda: _numerals(data))


def _numerals(data: Dataset) -> pd.DataFrame:
    lang = data.edition.lang
    grants = grant_labels(data)
    figures = data.figures.assign(
        table=i18n.t("quality.short.figures", lang), row_id=data.figures["grant_id"],
        who=[grants.get(g, "") for g in data.figures["grant_id"]],
        what=[METRICS[m].label(lang) for m in data.figures["metric"]],
    )
    gov = data.gov_figures
    gov = gov.assign(table=i18n.t("quality.short.gov_figures", lang), row_id=gov["figure_id"], who="",
                     what=gov["label"] if lang == "sq" else gov["label_en"])
    rows = pd.concat([figures, gov], ignore_index=True)
    printed = rows["value_as_printed"].fillna("").astype(str)
    return rows[~printed.str.match(PLAIN_NUMBER)].reset_index(drop=True)


def numerals_view(data: Dataset) -> View:
    """Numbers printed as words ('shtatë') or with separators ('1,271'), and the integer each became."""
    lang = data.edition.lang
    rows = _numeral_rows(data)
    hidden = hidden_ids(data)
    shown = [_shown_value(row, hidden, data) for row in rows.itertuples(index=False)]
    headers = {key: i18n.t(f"quality.column.{key}", lang)
               for key in ("table", "organization", "what", "printed", "value", "line")}
    out = pd.DataFrame(
        {
            headers["table"]: rows["table"],
            headers["organization"]: rows["who"],
            headers["what"]: rows["what"],
            headers["printed"]: [printed for _, printed in shown],
            headers["value"]: _one_type([value for value, _ in shown]),
            headers["line"]: rows["source_line"].astype(int),
        }
    , copy=False)
    table = out.assign(**{headers["value"]: [v if isinstance(v, str) else _number(v, lang) for v, _ in shown]})
    suppressed = [{"cell": " · ".join(part for part in (row.who, row.what) if part), "reason": hidden[row.figure_id]}
                  for row in rows.itertuples(index=False) if row.figure_id in hidden]
    empty = "empty.period" if data.grants.empty and data.gov_figures.empty else "quality.numerals.empty"
    return View(
        name="numerals", title=i18n.t("quality.numerals.title", lang), data=out, table=table, fold_rows=FOLD_ROWS,
        notes=[i18n.t("quality.numerals.note", lang)], source_lines=rows["source_line"].astype(int).tolist(),
        suppressed=suppressed, empty_message=None if len(out) else i18n.t(empty, lang),
    )


def qualifiers_view(data: Dataset) -> View:
    """Each qualifier as printed ('afërsisht', 'të paktën'…) and the value it was normalised to."""
    lang = data.edition.lang
    figures = data.figures.assign(printed=data.figures["qualifier_as_printed"].map(_text))
    grouped = figures.groupby(["printed", "qualifier"], dropna=False).agg(
        figures=("figure_id", "nunique"), lines=("source_line", lambda v: sorted(set(int(x) for x in v))),
    ).reset_index()
    grouped["order"] = grouped["qualifier"].map({q: i for i, q in enumerate(QUALIFIERS)}).fillna(len(QUALIFIERS))
    grouped = grouped.sort_values(["order", "printed"], kind="stable")
    headers = {key: i18n.t(f"quality.column.{key}", lang) for key in ("printed", "normalised", "figures", "lines")}
    out = pd.DataFrame({
        headers["printed"]: [p or i18n.t("quality.qualifier.none", lang) for p in grouped["printed"]],
        headers["normalised"]: [i18n.t(f"quality.qualifier.{q}", lang) for q in grouped["qualifier"]],
        headers["figures"]: grouped["figures"].astype(int),
        # The many exact figures would fill the cell with lines; their lines are in the numerals and notes tables.
        headers["lines"]: [", ".join(str(x) for x in lines) if printed else "" for printed, lines in
                           zip(grouped["printed"], grouped["lines"])],
    }, copy=False).reset_index(drop=True)
    table = out.assign(**{headers["figures"]: [_number(v, lang) for v in out[headers["figures"]]]})
    lines = figures.loc[figures["printed"] != "", "source_line"].astype(int).tolist()
    return View(
        name="qualifiers", title=i18n.t("quality.qualifiers.title", lang), data=out, table=table, fold_rows=FOLD_ROWS,
        notes=[i18n.t("quality.qualifiers.note", lang)], source_lines=lines,
        empty_message=None if len(out) else i18n.t("empty.period", lang),
    )


def targets_view(data: Dataset) -> View:
    """Figures the text gives as an aim ('synoi', 'U synuan'), with the words that say so."""
    lang, threshold = data.edition.lang, data.edition.min_cell
    hidden = hidden_ids(data)
    targets = data.figures[data.figures["is_target"].astype(bool)].sort_values("source_line", kind="stable")
    headers = {key: i18n.t(f"quality.column.{key}", lang) for key in ("grant", "what", "value", "quote", "line")}
    grants = grant_labels(data)
    rows = []
    for row in targets.itertuples(index=False):
        value, _ = _shown_value(row, hidden, data)
        quote = redact(row.quote, row.value, row.value_as_printed, threshold) if row.figure_id in hidden else row.quote
        rows.append({headers["grant"]: grants.get(row.grant_id, ""), headers["what"]: METRICS[row.metric].label(lang),
                     headers["value"]: value, headers["quote"]: quote, headers["line"]: int(row.source_line)})
    out = pd.DataFrame(rows, columns=list(headers.values()))
    values = out[headers["value"]].tolist()
    out[headers["value"]] = _one_type(values)
    table = out.assign(**{headers["value"]: [v if isinstance(v, str) else _number(v, lang) for v in values]})
    suppressed = [{"cell": f"{grants.get(row.grant_id, '')} · {METRICS[row.metric].label(lang)}",
                   "reason": hidden[row.figure_id]}
                  for row in targets.itertuples(index=False) if row.figure_id in hidden]
    return View(
        name="targets",
        fold_rows=FOLD_ROWS,
        title=i18n.t("quality.targets.title", lang),
        data=out,
        table=table,
        notes=[i18n.t("quality.targets.note", lang)],
        source_lines=targets["source_line"].astype(int).tolist(),
        suppressed=suppressed,
        empty_message=None
        if len(out)
        else i18n.t("empty.period" if data.grants.empty else "quality.targets.empty", lang),
    )


# --- what is uncertain ---------------------------------------------------------------------------

def grant_labels(data: Dataset) -> dict[str, str]:
    """grant_id → the grantee's name in the edition's language, numbered where the organisation has two grants."""
    return dict(data.derived(("quality.grant_labels",), lambda: _grant_labels(data)))


def _grant_labels(data: Dataset) -> dict[str, str]:
    lang = data.edition.lang
    names = organization_names(data.organizations, full=True, lang=lang)
    grants = data.grants.sort_values("source_line", kind="stable")
    labels = {}
    for org, group in grants.groupby("org_id", sort=False):
        name = names.get(org, org)
        for n, grant in enumerate(group["grant_id"], start=1):
            labels[grant] = i18n.t("quality.grant.nth", lang, name=name, n=n) if len(group) > 1 else name
    return labels


def _shortened(text: str) -> str:
    """A long title cut at a word, so that a table cell names a programme rather than describes it."""
    if len(text) <= TITLE_LENGTH:
        return text
    return text[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _row_labels(data: Dataset, name: str) -> dict[str, str]:
    """Row key → what the row is about, as a reader names it: organisation, measure, programme, event, figure."""
    lang = data.edition.lang
    english = lang == "en"
    table = getattr(data, name)
    if name in ("grants", "nap_links"):
        return grant_labels(data)
    if name == "figures":
        grants = grant_labels(data)
        return {row.figure_id: f"{grants.get(row.grant_id, '')} · {METRICS[row.metric].label(lang)}"
                for row in table.itertuples(index=False)}
    if name == "ngo_efforts":
        names = organization_names(data.organizations, full=True, lang=lang)
        return dict(zip(table["effort_id"], [names.get(org, org) for org in table["org_id"]]))
    columns = {"donor_programs": ("program_id", "title"), "events": ("event_id", "event"),
               "gov_figures": ("figure_id", "label")}[name]
    key, text = columns
    shown = [_shortened(_text(en) if english and _text(en) else _text(sq))
             for sq, en in zip(table[text], table[f"{text}_en"])]
    if name == "donor_programs":
        # A programme's title is often a description ("asistencës teknike …"): its donors say whose it is.
        names = organization_names(data.organizations, lang=lang)
        roles = data.program_roles[data.program_roles["role"] == "donor"]
        donors = roles.groupby("program_id", sort=False)["org_id"].agg(lambda v: ", ".join(names.get(o, o) for o in v))
        shown = [f"{donors[program]}: {title}" if program in donors.index else title
                 for program, title in zip(table[key], shown)]
    return dict(zip(table[key], shown))


def note_rows(data: Dataset) -> pd.DataFrame:
    """Every non-empty note of the period in the edition's language, with the table and row it belongs to.

    `translated` is false where the Albanian edition has no translation and shows the English; counts are hidden
    where needed, in both languages. Once a page: the notes' view and the cards both count them.
    """
    return data.derived(("quality.note_rows",), lambda: _note_rows(data))


def _note_rows(data: Dataset) -> pd.DataFrame:
    threshold, albanian = data.edition.min_cell, data.edition.lang == "sq"
    hidden = hidden_ids(data)
    rows = []
    for name, key in NOTED_TABLES.items():
        table = getattr(data, name)
        labels = _row_labels(data, name) if len(table) else {}
        for row in table.itertuples(index=False):
            note = _text(row.note)
            if not note:
                continue
            translation = _text(getattr(row, "note_sq", None))
            shown = translation if albanian and translation else note
            # A note on a hidden figure may name its count: the count goes, the reading stays.
            if name in ("figures", "gov_figures") and row.figure_id in hidden:
                shown = redact(shown, row.value, row.value_as_printed, threshold)
            row_id = getattr(row, key)
            rows.append({"table": name, "row_id": row_id, "label": labels.get(row_id, ""), "note": shown,
                         "translated": bool(translation) or not albanian, "source_line": int(row.source_line)})
    return pd.DataFrame(rows, columns=["table", "row_id", "label", "note", "translated", "source_line"])


# The report's own words that an English note quotes ('në jug të Shqipërisë'): marked as Albanian on the page.
QUOTED = re.compile(r"(?:(?<=\s)|^|(?<=\())'([^']+?)'(?=[\s),.;:]|$)")
ALBANIAN = re.compile(r"[ëçËÇ]|\b(?:e|të|në|dhe|i|për|nga|tek|së)\b")


def _marked_quotes(note: str) -> Markup:
    """An English note as HTML, each Albanian word it quotes marked lang="sq"."""
    parts, last = [], 0
    for match in QUOTED.finditer(note):
        if ALBANIAN.search(match.group(1)):
            parts += [note[last:match.start(1)], Markup('<span lang="sq">{}</span>').format(match.group(1))]
            last = match.end(1)
    return Markup("").join([*parts, note[last:]])


def _note_cell(note: str, translated: bool, lang: str) -> str | Markup:
    """A note as the table shows it: in English, its Albanian quotes marked; an untranslated one says so."""
    if translated and lang == "sq":
        return note
    if translated:
        return _marked_quotes(note)
    return Markup('<span class="note-untranslated">{}</span> <span lang="en">{}</span>').format(
        i18n.t("quality.notes.untranslated", lang), _marked_quotes(note))


def notes_view(data: Dataset) -> View:
    """The transcriber's notes on uncertain readings, in the edition's language; identical notes once."""
    lang = data.edition.lang
    notes = note_rows(data)
    grouped = notes.groupby(["table", "note"], sort=False).agg(
        labels=("label", lambda v: list(dict.fromkeys(label for label in v if label))),
        lines=("source_line", lambda v: sorted(set(v))), translated=("translated", "all"),
    ).reset_index()
    grouped["order"] = grouped["table"].map(list(NOTED_TABLES).index)
    grouped["first"] = grouped["lines"].map(min) if len(grouped) else []
    grouped = grouped.sort_values(["order", "first"], kind="stable")
    headers = {key: i18n.t(f"quality.column.{key}", lang) for key in ("table", "row_id", "note", "lines")}
    out = pd.DataFrame({
        headers["table"]: [i18n.t(f"quality.table.{t}", lang) for t in grouped["table"]],
        headers["row_id"]: ["; ".join(labels) for labels in grouped["labels"]],
        headers["note"]: grouped["note"],
        headers["lines"]: [", ".join(str(x) for x in lines) for lines in grouped["lines"]],
    }, copy=False).reset_index(drop=True)
    # The page folds the notes by table, each table's name and count in its summary.
    # An object column: a text column would turn the marked cells back into plain strings, to be escaped.
    cells = [_note_cell(note, done, lang) for note, done in zip(out[headers["note"]], grouped["translated"])]
    table = out.assign(**{headers["note"]: pd.Series(cells, index=out.index, dtype=object)})
    texts = [i18n.t("quality.notes.note", lang, rows=len(notes), shown=len(out))]
    untranslated = int((~grouped["translated"]).sum())
    if untranslated:
        texts.append(i18n.t("quality.notes.note.untranslated", lang, count=untranslated,
                            rows=int((~notes["translated"]).sum())))
    return View(
        name="notes", title=i18n.t("quality.notes.title", lang), data=out, table=table, notes=texts,
        source_lines=notes["source_line"].tolist(), fold_rows=FOLD_ROWS, fold_by=headers["table"],
        empty_message=None if len(out) else i18n.t("empty.period" if _empty(data) else "quality.notes.empty", lang),
    )


# --- what is missing -----------------------------------------------------------------------------

def gaps(data: Dataset) -> pd.DataFrame:
    """Per grant of the period: no place named, no figures, no plan link."""
    return data.derived(("quality.gaps",), lambda: _gaps(data))


def _gaps(data: Dataset) -> pd.DataFrame:
    grants = data.grants
    places = data.grant_places
    placed = set(places.loc[places["scope"].isin([LOCAL, NATIONAL]), "grant_id"])
    return pd.DataFrame({
        "grant_id": grants["grant_id"], "org_id": grants["org_id"], "source_line": grants["source_line"],
        "no_place": ~grants["grant_id"].isin(placed),
        "no_figures": ~grants["grant_id"].isin(data.figures["grant_id"]),
        "no_nap": ~grants["grant_id"].isin(data.nap_links["grant_id"]),
    }, copy=False)


def figures_without_quote(data: Dataset) -> int:
    return int((data.figures["quote"].map(_text) == "").sum())


def missing_view(data: Dataset) -> View:
    """The grants that lack a place, any figure or a link to the national plans, one row each."""
    lang = data.edition.lang
    table = gaps(data)
    table = table[table[["no_place", "no_figures", "no_nap"]].any(axis=1)].sort_values("source_line", kind="stable")
    names = grant_labels(data)
    missing = i18n.t("quality.missing.mark", lang)
    headers = {key: i18n.t(f"quality.column.{key}", lang)
               for key in ("grant", "no_place", "no_figures", "no_nap", "line")}
    out = pd.DataFrame(
        {
            headers["grant"]: [names.get(grant, "") for grant in table["grant_id"]],
            **{
                headers[key]: [missing if flag else "" for flag in table[key]]
                for key in ("no_place", "no_figures", "no_nap")
            },
            headers["line"]: table["source_line"].astype(int),
        }
    , copy=False).reset_index(drop=True)
    return View(
        name="missing",
        fold_rows=FOLD_ROWS,
        title=i18n.t("quality.missing.title", lang),
        data=out,
        table=out,
        notes=[i18n.t("quality.missing.note", lang)],
        source_lines=table["source_line"].astype(int).tolist(),
        empty_message=None
        if len(out)
        else i18n.t("empty.period" if data.grants.empty else "quality.missing.empty", lang),
    )


# --- the chapter in numbers ----------------------------------------------------------------------

CARD_ORDER = ("places", "numerals", "qualifiers", "targets", "notes", "no_place", "no_quote", "no_figures", "no_nap")


def counts(data: Dataset) -> dict[str, int]:
    """The counts the cards and the chapter's paragraphs show (once a page: the cards and the text both ask)."""
    return dict(data.derived(("quality.counts",), lambda: _counts(data)))


def _counts(data: Dataset) -> dict[str, int]:
    places = _place_rows(data)
    table = gaps(data)
    figures = data.figures
    return {
        "places": int(places["place_as_printed"].nunique()),
        "place_names": int(places["place"].nunique()),
        "numerals": len(_numeral_rows(data)),
        "qualifiers": int((figures["qualifier_as_printed"].map(_text) != "").sum()),
        "targets": int(figures["is_target"].astype(bool).sum()),
        "notes": len(note_rows(data)),
        "no_place": int(table["no_place"].sum()),
        "no_quote": figures_without_quote(data),
        "no_figures": int(table["no_figures"].sum()),
        "no_nap": int(table["no_nap"].sum()),
        "grants": len(table),
        "figures": len(figures),
    }


def summary_view(data: Dataset) -> View:
    """Cards: how much the cleaning changed, how much is uncertain, how much is missing."""
    lang = data.edition.lang
    values = counts(data)
    labels = [i18n.t(f"quality.card.{key}", lang) for key in CARD_ORDER]
    out = pd.DataFrame({i18n.t("quality.column.measure", lang): labels,
                        i18n.t("quality.column.count", lang): [values[key] for key in CARD_ORDER]}, copy=False)
    return View(
        name="summary", title=i18n.t("quality.summary.title", lang), data=out,
        cards=[(label, i18n.number(values[key], lang)) for label, key in zip(labels, CARD_ORDER)],
        notes=[i18n.t("quality.summary.note", lang)],
        empty_message=i18n.t("empty.period", lang) if _empty(data) else None,
    )


def text_values(data: Dataset) -> dict[str, int]:
    """The numbers the chapter's paragraphs quote: the same counts as its cards."""
    return counts(data)


__all__ = ["summary_view", "places_view", "numerals_view", "qualifiers_view", "targets_view", "notes_view",
           "missing_view", "counts", "text_values", "hidden_ids", "redact", "note_rows", "gaps", "grant_labels"]


# The texts an English page shows translated, by table: the printed column, its translation, and the id of a row.
TRANSLATED = (
    ("organizations", "name", "name_en", "org_id"),
    ("grants", "title", "title_en", "grant_id"),
    ("grants", "quote", "description_en", "grant_id"),
    ("donor_programs", "title", "title_en", "program_id"),
    ("events", "event", "event_en", "event_id"),
    ("events", "actors", "actors_en", "event_id"),
    ("gov_figures", "label", "label_en", "figure_id"),
    ("claims", "claim", "claim_en", "claim_id"),
    ("claims", "explanation", "explanation_en", "claim_id"),
    ("nap_structure", "title", "title_en", "title"),
)
ID_FORM = re.compile(r"[a-z0-9][a-z0-9-]*")


def _needs_translation(column: str, printed: object) -> bool:
    """Whether a printed cell holds words to translate: any text, but for actors only names (org_ids are named)."""
    if not has_text(printed):
        return False
    if column == "actors":
        return any(not ID_FORM.fullmatch(part) for part in split_list(str(printed)))
    return True


def untranslated(data: Dataset) -> pd.DataFrame:
    """Every text the English edition shows as printed for want of a translation: table, row, column, text."""
    rows = []
    for name, printed, english, key in TRANSLATED:
        table = getattr(data, name)
        if printed not in table:
            continue
        translations = table[english] if english in table else pd.Series(None, index=table.index, dtype=object)
        lines = table["source_line"] if "source_line" in table else pd.Series(None, index=table.index)
        for row_id, text, translation, line in zip(table[key], table[printed], translations, lines):
            if _needs_translation(printed, text) and not has_text(translation):
                rows.append({"table": name, "id": row_id, "column": english, "text": text,
                             "line": int(line) if pd.notna(line) else None})
    return pd.DataFrame(rows, columns=["table", "id", "column", "text", "line"])


def untranslated_view(data: Dataset) -> View:
    """The texts the English edition shows in Albanian, each marked there, listed in both editions."""
    lang = data.edition.lang
    found = untranslated(data)
    headers = {key: i18n.t(f"quality.untranslated.{key}", lang) for key in ("table", "column", "line")}
    headers["text"] = i18n.t("quality.untranslated.text_column", lang)
    out = pd.DataFrame({
        headers["table"]: [i18n.t(f"quality.table.{t}", lang) for t in found["table"]],
        headers["column"]: found["column"],
        headers["text"]: found["text"],
        headers["line"]: found["line"].astype("Int64"),
    }, copy=False)
    return View(
        name="untranslated", title=i18n.t("quality.untranslated.title", lang), data=out, table=out,
        notes=[i18n.t("quality.untranslated.note", lang)],
        source_lines=[int(v) for v in found["line"].dropna()],
        empty_message=None if len(out) else i18n.t("quality.untranslated.empty", lang),
    )
