"""Chapter 1, the summary: the report's key messages, headline figures and its own claims held against the data."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sitrep import i18n
from sitrep.report import metrics, privacy
from sitrep.report.dataset import Dataset
from sitrep.report.privacy import mark
from sitrep.report.views import View
from sitrep.transform import vocab
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS, VICTIM_METRICS

# The headline cards: what was funded, then the people counts in the registry's order, then the reach in space.
HEADLINE_ORDER = ("grants", "organizations", *PEOPLE_METRICS, "qarqe")


def headline_view(data: Dataset) -> View:
    """The period's headline figures as cards; victim counts below the threshold are hidden in public editions."""
    lang, edition = data.edition.lang, data.edition
    totals = metrics._exact_headline(data)  # exact: this view decides itself what the edition may show
    frame = pd.DataFrame({"figure": list(HEADLINE_ORDER), "value": [totals[key] for key in HEADLINE_ORDER]}, copy=False)
    frame["label"] = [METRICS[key].label(lang) if key in METRICS else i18n.t(f"headline.{key}", lang)
                      for key in frame["figure"]]
    hidden = privacy.hidden_small_counts(frame["value"], frame["figure"].isin(VICTIM_METRICS), edition)
    # A total that adds an approximate or a floor figure says so: "rreth 133", "të paktën 39 291".
    exactness = metrics.headline_qualifiers(data)
    qualifiers = [exactness.get(key, "") for key in frame["figure"]]
    shown = [mark(edition.min_cell) if h else qualified(v, q, lang)
             for v, q, h in zip(frame["value"], qualifiers, hidden)]
    data_out = pd.DataFrame({
        i18n.t("summary.column.figure", lang): frame["label"],
        i18n.t("summary.column.value", lang): [s if h else v for s, v, h in zip(shown, frame["value"], hidden)],
        i18n.t("summary.column.qualifier", lang): [
            "" if h or not q else i18n.t(f"total.qualifier.{q}", lang) for q, h in zip(qualifiers, hidden)],
    }, copy=False)
    lines = data.figures.loc[data.figures["metric"].isin(HEADLINE_ORDER), "source_line"].dropna().astype(int).tolist()
    return View(
        name="headline", title=i18n.t("summary.headline.title", lang), data=data_out,
        cards=list(zip(frame["label"], shown)), source_lines=lines,
        notes=[i18n.t("summary.headline.note", lang)],
        suppressed=[{"cell": f, "reason": "primary"} for f, h in zip(frame["figure"], hidden) if h],
        empty_message=None if totals["grants"] else i18n.t("empty.period", lang),
    )


@dataclass(frozen=True)
class KeyMessage:
    """One point of a report's executive summary as a page shows it: its heading, the quote, a gloss and its lines."""

    id: str
    point: str
    quote: str
    gloss: str | None  # the English rendering, in the English edition only
    note: str | None
    note_lang: str | None  # the note's language where it is not the edition's (an untranslated note)
    first_line: int
    last_line: int
    report: str = ""  # the id of the report it is from: its citation and its quote's language are that report's


def key_messages(data: Dataset) -> list[KeyMessage]:
    """The points of the edition's reports' executive summaries, in order; none when the reports print none."""
    lang = data.edition.lang
    messages = []
    for row in data.key_messages.itertuples(index=False):
        note, note_lang = _note(row, lang)
        first = int(row.source_line)
        last = int(row.last_line) if pd.notna(row.last_line) else first
        messages.append(KeyMessage(
            id=row.message_id, point=row.point_en if lang == "en" and _filled(row.point_en) else row.point,
            quote=row.quote, gloss=row.gloss_en if lang == "en" and _filled(row.gloss_en) else None,
            note=note, note_lang=note_lang, first_line=first, last_line=max(first, last), report=row.report_id,
        ))
    return messages


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _note(row, lang: str) -> tuple[str | None, str | None]:
    """A point's note in the edition's language: the English as written, or its Albanian (the English if none)."""
    if not _filled(row.note):
        return None, None
    if lang == "sq" and _filled(getattr(row, "note_sq", None)):
        return row.note_sq, None
    return row.note, None if lang == "en" else "en"


def qualified(value: int, qualifier: str, lang: str) -> str:
    """A total as a headline shows it: the number, after "about" or "at least" when the total is not exact."""
    return i18n.t(f"total.{qualifier}", lang, value=value) if qualifier else i18n.number(value, lang)


def assistance_grants(data: Dataset) -> set[str]:
    """Grants that assisted victims: a figure of victims assisted or sheltered, or a link to the Protection pillar."""
    figures, links = data.figures, data.nap_links
    helped = set(figures.loc[figures["metric"].isin(("victims_assisted", "sheltered")), "grant_id"])
    return helped | set(links.loc[links["pillar"] == "protection", "grant_id"])


def verdict(claimed: int, counted: int, explained: object) -> str:
    """Yes when the data count what the report claims; explained when the report itself accounts for the gap."""
    if claimed == counted:
        return "yes"
    return "explained" if isinstance(explained, str) and explained.strip() else "no"


def claim_value(metric: str, data: Dataset, claim_line: int) -> int:
    """What the data say for a claim's metric."""
    grants = data.grants
    if metric == "organizations":
        return int(grants["org_id"].nunique())
    if metric == "grants":
        return len(grants)
    _, end = data.bounds
    completed = grants[grants["end"].notna() & (grants["end"] <= end)]
    if metric == "grants_completed":
        return len(completed)
    if metric == "assistance_grants_completed":
        return int(completed["grant_id"].isin(assistance_grants(data)).sum())
    kind, phase = vocab.claim_metric(metric) or (metric, None)
    in_phase = grants[grants["phase"] == phase]
    if kind == "grants_in_phase_N":
        return len(in_phase)
    if kind == "grants_in_phase_N_described_after":
        return int((in_phase["source_line"] > claim_line).sum())
    raise ValueError(f"unknown claim metric {metric}")


def reconciliation_view(data: Dataset) -> View:
    """Each total the report states about itself, the data's count, and why they agree or differ."""
    lang = data.edition.lang
    claims = data.claims
    rows = []
    for claim in claims.itertuples(index=False):
        counted = claim_value(claim.metric, data, int(claim.source_line))
        rows.append({
            "claim": claim.claim_en if lang != "sq" and _filled(getattr(claim, "claim_en", None)) else claim.claim,
            "claimed": int(claim.value), "counted": counted,
            "agrees": i18n.t(f"claims.{verdict(int(claim.value), counted, claim.explained_quote)}", lang),
            "explanation": claim.explanation if lang == "sq" else claim.explanation_en,
            "source_line": int(claim.source_line),
        })
    frame = pd.DataFrame(rows, columns=["claim", "claimed", "counted", "agrees", "explanation", "source_line"])
    headers = {column: i18n.t(f"claims.column.{column}", lang) for column in frame.columns}
    table = frame.assign(
        claimed=frame["claimed"].map(lambda v: i18n.number(v, lang)),
        counted=frame["counted"].map(lambda v: i18n.number(v, lang)),
    ).rename(columns=headers)
    return View(
        name="claims", title=i18n.t("claims.title", lang), data=frame.rename(columns=headers), table=table,
        source_lines=frame["source_line"].tolist(), notes=[i18n.t("claims.note", lang)],
        empty_message=None if len(frame) else i18n.t("claims.empty", lang),
    )



__all__ = ["headline_view", "qualified", "reconciliation_view", "claim_value", "verdict", "assistance_grants",
           "key_messages", "KeyMessage"]
