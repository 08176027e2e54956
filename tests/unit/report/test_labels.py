"""Organisations are named by one rule on every page: acronym where room is short, name and acronym in full."""

from __future__ import annotations

import pandas as pd

from sitrep.report import labels


def test_short_names_prefer_acronyms_and_cut_long_names_at_a_word():
    assert labels.short_name("Zyra për Mbrojtjen e Qytetarëve", "ZMQ") == "ZMQ"
    assert labels.short_name("Refleksione", None) == "Refleksione"
    assert labels.short_name("Refleksione", float("nan")) == "Refleksione"
    long = "Një organizatë me një emër shumë shumë të gjatë që nuk zë vend"
    assert labels.short_name(long) == long
    cut = labels.short_name(long, None, max_length=30)
    assert cut.endswith("…") and len(cut) <= 31 and long.startswith(cut[:-1]) and not cut[:-1].endswith(" ")


def test_full_names_add_the_acronym_once():
    assert labels.full_name("Qendra Vatra", "Vatra") == "Qendra Vatra"
    assert labels.full_name("Instituti i Punëve Sociale", "I3SP") == "Instituti i Punëve Sociale (I3SP)"
    assert labels.full_name("Refleksione", "  ") == "Refleksione"


def test_organization_names_map_every_id():
    frame = pd.DataFrame({"org_id": ["a", "b"], "name": ["Alfa Shoqata", "Beta"], "acronym": ["AS", None]})
    assert labels.organization_names(frame) == {"a": "AS", "b": "Beta"}
    assert labels.organization_names(frame, full=True) == {"a": "Alfa Shoqata (AS)", "b": "Beta"}
