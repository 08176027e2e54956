"""Controlled vocabularies of the raw tables (documented in data/raw/README.md)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ORG_TYPES = (
    "ngo", "international_ngo", "academic", "media", "coalition",
    "government", "donor_government", "intergovernmental", "programme", "private",
)
PILLARS = ("prevention", "protection", "prosecution", "coordination")
NGO_ACTIVITIES = (
    "prevention", "protection", "shelter", "legal_aid", "reintegration",
    "hotline", "training", "research", "advocacy", "coordination",
)
EVENT_KINDS = (
    "strategy", "action_plan", "law", "agreement", "order", "decision",
    "institution", "seminar", "conference", "meeting", "report", "other",
)
# What a claim of the report counts, so that the data can be held against it. N stands for a phase as grants.csv
# writes it (grants_in_phase_3, grants_in_phase_1-2_described_after).
CLAIM_METRICS = ("organizations", "grants", "grants_completed", "assistance_grants_completed", "grants_in_phase_N",
                 "grants_in_phase_N_described_after")
_CLAIM_PATTERNS = {template: re.compile(re.escape(template).replace("_N", r"_(?P<phase>[0-9]+(?:-[0-9]+)?)"))
                   for template in CLAIM_METRICS}
CLAIM_METRIC_PATTERN = "^(?:" + "|".join(p.pattern.replace("?P<phase>", "") for p in _CLAIM_PATTERNS.values()) + ")$"
TRUE_WORDS = ("true", "po", "yes", "1", "e vërtetë", "po, synim")
FALSE_WORDS = ("false", "jo", "no", "0", "e rremë")

# What a figure counts: one row per measure in metrics.csv (code, kind, victim flag, headline order, colour,
# HXL hashtag and labels in both languages). Counts of different kinds are never added together.
METRICS_FILE = Path(__file__).with_name("metrics.csv")
METRIC_KINDS = ("people", "organizations", "other")
# What one counted thing is. Persons and victims' cases are never added together: a case may be of several people,
# and one person may be several cases. "other" is the measure's own unit (episodes, pages, days…).
UNITS = ("persons", "cases", "organizations", "other")
KIND_UNITS = {"people": "persons", "organizations": "organizations", "other": "other"}


def claim_metric(code: str) -> tuple[str, str | None] | None:
    """A claim's metric as its kind and phase: 'grants_in_phase_3' → ('grants_in_phase_N', '3'); None if unknown."""
    for template, pattern in _CLAIM_PATTERNS.items():
        match = pattern.fullmatch(str(code).strip())
        if match:
            return template, match.groupdict().get("phase")
    return None


@dataclass(frozen=True)
class Metric:
    """One measure a figure can count, as its registry row describes it."""

    code: str
    kind: str
    victim_related: bool
    headline: int | None  # order among the headline people counts; None for the others
    colour: str | None
    hxl: str | None
    labels: dict[str, str]  # lower-case, as in a sentence: "people reached by prevention"
    titles: dict[str, str]  # as a chart panel or column names it: "Reached by prevention"
    unit: str = "persons"  # what one counted thing is (UNITS)
    of: str | None = None  # the measure typed in figures.csv that this one counts in another unit

    def label(self, lang: str) -> str:
        """The measure as a sentence names it, in `lang`."""
        return self.labels[lang]

    def title(self, lang: str) -> str:
        """The measure as a chart panel or column names it, in `lang`."""
        return self.titles[lang]


def read_metrics(path: Path = METRICS_FILE) -> dict[str, Metric]:
    """The metric registry; a malformed row stops at import with the file, row and column named."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    metrics, headlines = {}, set()
    for number, row in enumerate(rows, start=2):
        def problem(column: str, message: str) -> ValueError:
            return ValueError(f"{path.name}:{number}: {column}: {message}")

        if row["kind"] not in METRIC_KINDS:
            raise problem("kind", f"'{row['kind']}' is not one of {', '.join(METRIC_KINDS)}")
        if row["victim_related"] not in ("true", "false"):
            raise problem("victim_related", f"'{row['victim_related']}' is not true or false")
        unit = row.get("unit") or KIND_UNITS[row["kind"]]
        if unit not in UNITS:
            raise problem("unit", f"'{unit}' is not one of {', '.join(UNITS)}")
        headline = int(row["headline"]) if row["headline"] else None
        if headline is not None and (headline in headlines or row["kind"] != "people"):
            raise problem("headline", "headline orders are unique and only people counts are headlines")
        headlines.add(headline)
        languages = [column.removeprefix("label_") for column in row if column.startswith("label_")]
        if any(not row[f"label_{lang}"] or not row[f"title_{lang}"] for lang in languages):
            raise problem("label", "every measure needs a label and a title in every language")
        metrics[row["metric"]] = Metric(
            row["metric"], row["kind"], row["victim_related"] == "true", headline, row["colour"] or None,
            row["hxl"] or None, {lang: row[f"label_{lang}"] for lang in languages},
            {lang: row[f"title_{lang}"] for lang in languages}, unit, row.get("of") or None,
        )
    for number, metric in enumerate(metrics.values(), start=2):
        base = metrics.get(metric.of) if metric.of else None
        if metric.of and (base is None or base.of or base.unit == metric.unit or base.kind != metric.kind
                          or base.victim_related != metric.victim_related):
            raise ValueError(f"{path.name}:{number}: of: '{metric.of}' is not a measure of the same kind and victim "
                             f"flag counted in another unit")
    return metrics


def measure_of(metric: str, unit: str, registry: dict[str, Metric] | None = None) -> str | None:
    """The measure of a figure typed as `metric` counted in `unit`; None when the metric has no such unit."""
    registry = METRICS if registry is None else registry
    for code, measure in registry.items():
        if (code == metric and not measure.of or measure.of == metric) and measure.unit == unit:
            return code
    return None


def units_of(metric: str, registry: dict[str, Metric] | None = None) -> list[str]:
    """The units a figure typed as `metric` may be counted in."""
    registry = METRICS if registry is None else registry
    return [m.unit for code, m in registry.items() if (code == metric and not m.of) or m.of == metric]


METRICS = read_metrics()
# The headline people counts, in the order the report's readers ask about them.
PEOPLE_METRICS = tuple(m.code for m in sorted((m for m in METRICS.values() if m.headline), key=lambda m: m.headline))
VICTIM_METRICS = tuple(code for code, metric in METRICS.items() if metric.victim_related)
# The measures a figure may be typed as: a measure in another unit is typed as its base measure and that unit.
TYPED_METRICS = tuple(code for code, metric in METRICS.items() if not metric.of)


def metrics_table() -> pd.DataFrame:
    """The registry's code, kind and victim flag of every measure, as the figures table joins them."""
    return pd.DataFrame(
        [(m.code, m.kind, m.victim_related, m.unit) for m in METRICS.values()],
        columns=["metric", "metric_kind", "victim_related", "unit"],
    )
