"""Chapter 1, the summary: headline figures and the report's own claims held against the data."""

from __future__ import annotations

import pandas as pd

from sitrep import i18n
from sitrep.report import metrics, privacy
from sitrep.report.dataset import Dataset
from sitrep.report.privacy import mark
from sitrep.report.views import View
from sitrep.transform.vocab import METRICS, PEOPLE_METRICS, VICTIM_METRICS

# The headline cards: what was funded, then the people counts in the registry's order, then the reach in space.
HEADLINE_ORDER = ("grants", "organizations", *PEOPLE_METRICS, "qarqe")


def headline_view(data: Dataset) -> View:
    """The period's headline figures as cards; victim counts below the threshold are hidden in public editions."""
    lang, edition = data.edition.lang, data.edition
    totals = metrics._exact_headline(data)  # exact: this view decides itself what the edition may show
    frame = pd.DataFrame({"figure": list(HEADLINE_ORDER), "value": [totals[key] for key in HEADLINE_ORDER]})
    frame["label"] = [METRICS[key].label(lang) if key in METRICS else i18n.t(f"headline.{key}", lang)
                      for key in frame["figure"]]
    hidden = privacy.hidden_small_counts(frame["value"], frame["figure"].isin(VICTIM_METRICS), edition)
    shown = [mark(edition.min_cell) if h else i18n.number(v, lang) for v, h in zip(frame["value"], hidden)]
    data_out = pd.DataFrame({
        i18n.t("summary.column.figure", lang): frame["label"],
        i18n.t("summary.column.value", lang): [s if h else v for s, v, h in zip(shown, frame["value"], hidden)],
    })
    lines = data.figures.loc[data.figures["metric"].isin(HEADLINE_ORDER), "source_line"].dropna().astype(int).tolist()
    return View(
        name="headline", title=i18n.t("summary.headline.title", lang), data=data_out,
        cards=list(zip(frame["label"], shown)), source_lines=lines,
        notes=[i18n.t("summary.headline.note", lang)],
        suppressed=[{"cell": f, "reason": "primary"} for f, h in zip(frame["figure"], hidden) if h],
        empty_message=None if totals["grants"] else i18n.t("empty.period", lang),
    )


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
    phase_3 = grants[grants["phase"] == "3"]
    if metric == "grants_in_phase_3":
        return len(phase_3)
    if metric == "grants_in_phase_3_described_after":
        return int((phase_3["source_line"] > claim_line).sum())
    raise ValueError(f"unknown claim metric {metric}")


def reconciliation_view(data: Dataset) -> View:
    """Each total the report states about itself, the data's count, and why they agree or differ."""
    lang = data.edition.lang
    claims = data.claims
    rows = []
    for claim in claims.itertuples(index=False):
        counted = claim_value(claim.metric, data, int(claim.source_line))
        rows.append({
            "claim": claim.claim, "claimed": int(claim.value), "counted": counted,
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



__all__ = ["headline_view", "reconciliation_view", "claim_value", "verdict", "assistance_grants"]
