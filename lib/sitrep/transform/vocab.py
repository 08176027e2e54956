"""Controlled vocabularies of the raw tables (documented in data/raw/README.md)."""

from __future__ import annotations

import pandas as pd

ORG_TYPES = (
    "ngo", "international_ngo", "academic", "media", "coalition",
    "government", "donor_government", "intergovernmental", "programme", "private",
)
PHASES = ("1", "2", "3", "1-2")
PILLARS = ("prevention", "protection", "prosecution", "coordination")
PLANS = ("nap_2005_2007", "child_strategy", "nrm")
NGO_ACTIVITIES = (
    "prevention", "protection", "shelter", "legal_aid", "reintegration",
    "hotline", "training", "research", "advocacy", "coordination",
)
EVENT_KINDS = (
    "strategy", "action_plan", "law", "agreement", "order", "decision",
    "institution", "seminar", "conference", "meeting", "report", "other",
)
PROGRAMS = ("caaht",)
# What a claim of the report counts, so that the data can be held against it.
CLAIM_METRICS = ("organizations", "grants", "grants_completed", "grants_in_phase_3", "grants_in_phase_3_described_after")
TRUE_WORDS = ("true", "po", "yes", "1", "e vërtetë", "po, synim")
FALSE_WORDS = ("false", "jo", "no", "0")

# metric: (kind, victim_related). Counts of different kinds are never added together.
METRICS = {
    "prevention_reached": ("people", False),
    "victims_assisted": ("people", True),
    "sheltered": ("people", True),
    "people_assisted": ("people", False),
    "people_trained": ("people", False),
    "organizations_trained": ("organizations", False),
    "episodes": ("other", False),
    "episode_minutes": ("other", False),
    "copies_per_month": ("other", False),
    "pages": ("other", False),
    "training_sessions": ("other", False),
    "seminars": ("other", False),
    "course_days": ("other", False),
    "agreements": ("other", False),
    "project_months": ("other", False),
    "components": ("other", False),
}
# The headline people counts, in the order the report's readers ask about them.
PEOPLE_METRICS = ("prevention_reached", "victims_assisted", "sheltered", "people_trained")
VICTIM_METRICS = tuple(metric for metric, (_, victim) in METRICS.items() if victim)


def metrics_table() -> pd.DataFrame:
    return pd.DataFrame(
        [(metric, kind, victim) for metric, (kind, victim) in METRICS.items()],
        columns=["metric", "metric_kind", "victim_related"],
    )
