"""Chapter "What changed": this period against the one before, per indicator, per qark and per organisation.

Periods of different lengths are compared by their per-month rates beside their totals. Each period's cells
are hidden exactly as its own edition hides them (metrics.headline, grants.protected_reach); a difference or a
rate is shown only where both of its cells are, so no subtraction reveals a hidden count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from sitrep import i18n
from sitrep.report import charts, metrics, privacy
from sitrep.report.chapters import grants as chapter_grants
from sitrep.report.dataset import Dataset
from sitrep.report.labels import organization_names
from sitrep.report.views import View
from sitrep.text import fold
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS

COUNTS = ("grants", "organizations", "donors")  # what is counted besides the people counts
STATUS_ORDER = ("new", "continuing", "gone")
ROLES = ("grantee", "funder", "donor", "implementer", "ngo")
RATE_DIGITS = 1


@dataclass(frozen=True)
class Cell:
    """One count of one period as its own edition may show it: the value, and why it is hidden ("" when shown)."""

    value: int
    reason: str = ""
    qualifier: str = ""  # "approximately" or "at_least" when the total adds such a printed figure
    given: bool = True  # whether any figure gives the count: a count of no figure is not a zero

    @property
    def hidden(self) -> bool:
        return bool(self.reason)


def t(key: str, data: Dataset, **values: object) -> str:
    return data.t(key, **values)


def months(bounds: tuple[date, date]) -> int:
    """How many calendar months a period covers, both ends included."""
    start, end = bounds
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_datasets(data: Dataset) -> list[Dataset]:
    """The data of every report period up to the edition's, oldest first, each as its own edition sees it."""
    start = data.edition.period_bounds[0]
    periods: list[str] = []
    for source in data.all_sources:
        if source.bounds[1] < start and source.period not in periods:
            periods.append(source.period)
    earlier = [Dataset(data.clean_dir, replace(data.edition, period=period), reads=data.reads) for period in periods]
    return [*earlier, data]


def previous(data: Dataset) -> Dataset | None:
    """The report period just before the edition's, or None when the edition's is the first."""
    datasets = period_datasets(data)
    return datasets[-2] if len(datasets) > 1 else None


def period_label(data: Dataset, short: bool = False) -> str:
    """'janar 2005 – korrik 2006', or with `short` 'jan 2005 – korr 2006' (a column header)."""
    start, end = data.edition.period_bounds
    lang, month = data.edition.lang, i18n.short_month if short else i18n.month
    return i18n.t("edition.period", lang, start=month(start, lang), end=month(end, lang))


def donors(data: Dataset) -> int:
    """Donors present: the organisations in a donor role of the period's programmes."""
    roles = data.program_roles
    return int(roles.loc[roles["role"] == "donor", "org_id"].nunique())


def totals(data: Dataset) -> dict[str, Cell]:
    """Each indicator's total for the period, hidden where the period's own edition hides it (a small victim total)."""
    headline = metrics.headline(data)
    values = {key: headline[key] for key in ("grants", "organizations", *PEOPLE_METRICS)} | {"donors": donors(data)}
    qualifiers = metrics.headline_qualifiers(data)
    given = {m: not metrics.results(data.figures, m).empty for m in PEOPLE_METRICS}
    return {key: Cell(0, privacy.PRIMARY) if value is None
            else Cell(int(value), qualifier=qualifiers.get(key, ""), given=given.get(key, True))
            for key, value in values.items()}


def qark_cells(data: Dataset, metric: str) -> dict[str, tuple[str, Cell]]:
    """Each bucket's label and cell for one people count: the qarqe, and the several, national and unknown bars."""
    table = chapter_grants.protected_reach(data, metric)
    return {bucket: (label, Cell(int(value), str(reason or ""), given=bool(len(ids))))
            for bucket, label, value, reason, ids in zip(table["bucket"], table["label"], table["value"],
                                                         table["reason"], table["figure_ids"])}


def rate(cell: Cell, span: int) -> float | None:
    """The cell per month, or None when the cell is hidden or no figure gives it."""
    return None if cell.hidden or not cell.given else round(cell.value / span, RATE_DIGITS)


def _signed(value: float | int, lang: str) -> str:
    text = i18n.number(abs(value), lang)
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


def compare(before: Cell, after: Cell, spans: tuple[int, int], data: Dataset) -> tuple[dict, dict]:
    """Totals, rates and changes of one count, as shown and as downloaded; whatever a hidden cell enters is hidden.

    A count no figure gives is no zero: its cells say so (blank in the download), and no change is worked out
    from it.
    """
    lang, threshold, hidden = data.edition.lang, data.edition.min_cell, t("grants.privacy.hidden", data)
    none = t("cell.no_figure", data)
    either = before.hidden or after.hidden
    unknown = either or not (before.given and after.given)
    rates = rate(before, spans[0]), rate(after, spans[1])
    change = None if unknown else after.value - before.value
    change_rate = None if unknown else round(after.value / spans[1] - before.value / spans[0], RATE_DIGITS)

    def total(cell: Cell, shown: bool) -> object:
        if cell.hidden:
            return privacy.mark(threshold) if cell.reason == privacy.PRIMARY else hidden
        if not cell.given:
            return none if shown else None
        if not shown:
            return cell.value
        number = i18n.number(cell.value, lang)
        return i18n.t(f"total.{cell.qualifier}", lang, value=cell.value) if cell.qualifier else number

    def number(value: float | None, shown: bool, signed: bool = False, hides: bool = either) -> object:
        if value is None:
            return hidden if hides else none if shown else None
        return (_signed(value, lang) if signed else i18n.number(value, lang)) if shown else value

    def row(shown: bool) -> dict:
        return {"previous": total(before, shown), "previous_rate": number(rates[0], shown, hides=before.hidden),
                "this": total(after, shown), "this_rate": number(rates[1], shown, hides=after.hidden),
                "change": number(change, shown, True), "change_rate": number(change_rate, shown, True)}

    return row(True), row(False)


def percent_change(before: Cell, after: Cell, spans: tuple[int, int], data: Dataset) -> dict[str, object]:
    """How much the per-month rate rose or fell, in per cent, for a chart; none where a cell is hidden or was 0."""
    if before.hidden or after.hidden:
        return {"percent": 0, "text": t("grants.privacy.hidden", data), "colour": charts.PALETTE["grey"]}
    if not (before.given and after.given):
        return {"percent": 0, "text": t("cell.no_figure", data), "colour": charts.PALETTE["grey"]}
    if before.value == 0:
        return {"percent": 0, "text": t("changes.chart.from_zero", data), "colour": charts.PALETTE["grey"]}
    percent = round((after.value / spans[1]) / (before.value / spans[0]) * 100 - 100)
    colour = charts.PALETTE["blue"] if percent >= 0 else charts.PALETTE["vermillion"]
    return {"percent": percent, "text": f"{_signed(percent, data.edition.lang)} %", "colour": colour}


def headers(data: Dataset, before: Dataset) -> dict[str, str]:
    """Column headers of a comparison: each period's total and rate, then the changes."""
    then, now = period_label(before, short=True), period_label(data, short=True)
    return {
        "previous": then, "previous_rate": t("changes.column.per_month", data, period=then),
        "this": now, "this_rate": t("changes.column.per_month", data, period=now),
        "change": t("changes.column.change", data), "change_rate": t("changes.column.change_rate", data),
    }


def indicator_label(key: str, lang: str) -> str:
    return METRICS[key].title(lang) if key in METRICS else i18n.t(f"changes.indicator.{key}", lang)


def _empty(name: str, title: str, data: Dataset) -> View:
    return View(name=name, title=title, data=pd.DataFrame(), empty_message=t("changes.empty", data))


def _spans(before: Dataset, data: Dataset) -> tuple[int, int]:
    return months(before.edition.period_bounds), months(data.edition.period_bounds)


def _cited(before: Dataset, data: Dataset) -> list:
    return [*before.sources, *data.sources]


def indicators_view(data: Dataset) -> View:
    """Per indicator: the previous period, this one and the change, in totals and per month; a chart of the rates."""
    title = t("changes.indicators.title", data)
    before = previous(data)
    if before is None:
        return _empty("indicators", title, data)
    lang, spans = data.edition.lang, _spans(before, data)
    old, new = totals(before), totals(data)
    names = headers(data, before)
    first = t("changes.column.indicator", data)
    shown, downloaded, suppressed, bars = [], [], [], []
    for key in (*COUNTS, *PEOPLE_METRICS):
        label = indicator_label(key, lang)
        display, download = compare(old[key], new[key], spans, data)
        shown.append({first: label, **{names[k]: v for k, v in display.items()}})
        downloaded.append({first: label, **{names[k]: v for k, v in download.items()}})
        if old[key].hidden or new[key].hidden:
            suppressed.append({"cell": key, "reason": new[key].reason or old[key].reason})
        bars.append({"label": label, **percent_change(old[key], new[key], spans, data)})
    figure = charts.hbar(pd.DataFrame(bars), label="label", value="percent", lang=lang, text="text",
                         colours="colour", value_title=t("changes.chart.percent", data), signed=True)
    return View(
        name="indicators", title=title, data=pd.DataFrame(downloaded), table=pd.DataFrame(shown), figure=figure,
        notes=[t("changes.indicators.note", data, previous=spans[0], this=spans[1]), t("changes.note.hidden", data),
               t("grants.note.results", data)],
        suppressed=suppressed, cited=_cited(before, data),
    )


def qarqe_view(data: Dataset) -> View:
    """Per qark (and the several-qarqe, national and unknown bars): each people count then and now, per month too."""
    title = t("changes.qarqe.title", data)
    before = previous(data)
    if before is None:
        return _empty("qarqe", title, data)
    lang, spans = data.edition.lang, _spans(before, data)
    names = headers(data, before)
    place, indicator = t("changes.column.qark", data), t("changes.column.indicator", data)
    shown, downloaded, suppressed, bars = [], [], [], []
    used: set[str] = set()
    axis: list[str] = []
    for metric in PEOPLE_METRICS:
        old, new = qark_cells(before, metric), qark_cells(data, metric)
        axis = axis or [label for label, _ in new.values()]
        for bucket, (label, after) in new.items():
            then = old.get(bucket, (label, Cell(0, given=False)))[1]
            if not (then.value or after.value or then.hidden or after.hidden):
                continue
            used.add(label)
            display, download = compare(then, after, spans, data)
            cells = {place: label, indicator: indicator_label(metric, lang)}
            shown.append({**cells, **{names[k]: v for k, v in display.items()}})
            downloaded.append({**cells, **{names[k]: v for k, v in download.items()}})
            if then.hidden or after.hidden:
                suppressed.append({"cell": f"{bucket}/{metric}", "reason": after.reason or then.reason})
            for period, cell, span in ((names["previous"], then, spans[0]), (names["this"], after, spans[1])):
                value = rate(cell, span)
                bars.append({"bucket": label, "metric": metric, "period": period, "rate": value or 0,
                             "text": i18n.number(value, lang) if value is not None
                             else privacy.mark(data.edition.min_cell) if cell.reason == privacy.PRIMARY
                             else t("grants.privacy.hidden", data) if cell.hidden else t("cell.no_figure", data)})
    figure = None
    if bars:
        metrics_here = [m for m in PEOPLE_METRICS if any(b["metric"] == m for b in bars)]
        figure = charts.panel_hbar(
            pd.DataFrame(bars), label="bucket", panel="metric", value="rate", lang=lang, panel_order=metrics_here,
            panel_names={m: indicator_label(m, lang) for m in metrics_here},
            label_order=[label for label in axis if label in used],
            colours={names["previous"]: charts.PALETTE["grey"], names["this"]: charts.PALETTE["blue"]},
            series="period", series_order=[names["previous"], names["this"]],
            series_names={names["previous"]: names["previous"], names["this"]: names["this"]}, text="text",
        )
    return chapter_grants.quiet_if_empty(View(
        name="qarqe", title=title, data=pd.DataFrame(downloaded), table=pd.DataFrame(shown), figure=figure,
        notes=[t("changes.qarqe.note", data), t("changes.indicators.note", data, previous=spans[0], this=spans[1]),
               t("changes.note.hidden", data)],
        suppressed=suppressed, cited=_cited(before, data),
        empty_message=None if shown else t("changes.qarqe.empty", data),
    ))


def active_organizations(data: Dataset) -> dict[str, set[str]]:
    """org_id → the roles it had in the period: grantee, funder, donor, implementer, ngo."""
    roles: dict[str, set[str]] = {}
    pairs = [*((org, "grantee") for org in data.grants["org_id"]),
             *((org, "funder") for org in data.grant_funders["funder_id"]),
             *zip(data.program_roles["org_id"], data.program_roles["role"]),
             *((org, "ngo") for org in data.ngo_efforts["org_id"])]
    for org, role in pairs:
        if isinstance(org, str) and role in ROLES:
            roles.setdefault(org, set()).add(role)
    return roles


def organization_status(data: Dataset, before: Dataset) -> pd.DataFrame:
    """org_id, status (new, continuing, gone) and the roles of each organisation active in either period."""
    old, new = active_organizations(before), active_organizations(data)
    rows = []
    for org in sorted(set(old) | set(new)):
        status = "continuing" if org in old and org in new else "new" if org in new else "gone"
        rows.append({"org_id": org, "status": status, "roles": sorted(new.get(org) or old[org], key=ROLES.index)})
    return pd.DataFrame(rows, columns=["org_id", "status", "roles"])


def organizations_view(data: Dataset) -> View:
    """Organisations new in this period, continuing from the previous one, or no longer named as active."""
    title = t("changes.organizations.title", data)
    before = previous(data)
    if before is None:
        return _empty("organizations", title, data)
    status = organization_status(data, before)
    names = organization_names(data.organizations, full=True, lang=data.edition.lang)
    status["name"] = [names.get(org, org) for org in status["org_id"]]
    status["order"] = status["status"].map(STATUS_ORDER.index)
    status = status.sort_values(["order", "name"], key=lambda s: s.map(fold) if s.name == "name" else s)
    frame = pd.DataFrame({
        t("changes.column.status", data): [t(f"changes.status.{s}", data) for s in status["status"]],
        t("changes.column.organization", data): status["name"].tolist(),
        t("changes.column.roles", data): [", ".join(t(f"changes.role.{r}", data) for r in roles)
                                          for roles in status["roles"]],
    }, copy=False)
    counts = {s: i18n.number(int((status["status"] == s).sum()), data.edition.lang) for s in STATUS_ORDER}
    return chapter_grants.quiet_if_empty(View(
        name="organizations", title=title, data=frame, table=frame, cited=_cited(before, data),
        notes=[t("changes.organizations.note", data, **counts)],
        empty_message=None if len(frame) else t("changes.organizations.empty", data),
    ))


def intro(data: Dataset) -> tuple[str, dict[str, object]]:
    """The chapter's opening sentence: which two periods, and how long each is."""
    before = previous(data)
    if before is None:
        return "changes.empty", {}
    spans = _spans(before, data)
    return "changes.intro", {"this": period_label(data), "previous": period_label(before),
                             "this_months": spans[1], "previous_months": spans[0]}


__all__ = ["indicators_view", "intro", "organizations_view", "period_datasets", "previous", "qarqe_view"]
