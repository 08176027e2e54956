"""Cells that hold the report's words are marked lang="sq" on English pages; translated names carry their original."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sitrep.report.marks import Marks, page_marks, report_quotes
from sitrep.report.page import hover_quotes


def test_a_printed_text_is_marked_and_an_english_one_is_not():
    marks = Marks(frozenset({"në të gjithë vendin", "Shoqata e Grave të Reja Kristiane të Shqipërisë ka krijuar"}))
    assert marks.html("në të gjithë vendin") == '<span lang="sq">në të gjithë vendin</span>'
    assert marks.html("whole country") == "whole country"
    assert marks.html("Shoqata e Grave të Reja Kristiane …").startswith('<span lang="sq">')
    assert marks.html("Shoq …") == "Shoq …", "a short stem is too uncertain to mark"
    assert marks.html(None) == "" and marks.html(12) == "12"


def test_a_translated_name_shows_its_original_marked():
    marks = Marks(originals={"World Bank": "Banka Botërore"})
    assert marks.html("World Bank") == 'World Bank <small class="original" lang="sq">Banka Botërore</small>'
    assert marks.html("<b>") == "&lt;b&gt;"


def test_an_albanian_page_marks_nothing(dataset):
    marks = page_marks(dataset("sq"), "sq")
    assert marks.html("në të gjithë vendin") == "në të gjithë vendin"


def test_an_english_page_marks_the_report_names_and_places_and_gives_originals(dataset):
    marks = page_marks(dataset("en"), "en")
    assert marks.is_printed("në të gjithë vendin") and marks.is_printed("Tiranës")
    assert not marks.is_printed("Terre des Hommes"), "printed in English, so not Albanian"
    assert marks.originals["World Bank"] == "Banka Botërore"


def test_the_hover_quotes_of_a_chart_are_listed_once_in_order(dataset):
    quotes = report_quotes(dataset("en"))
    chosen = sorted(quotes)[:2]
    hover = [f"<b>IOM</b><br>“{chosen[1]}”", f"“{chosen[0]}”<br>“{chosen[1]}”"]
    figure = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], hovertext=hover)).to_plotly_json()
    assert hover_quotes(figure, quotes) == [chosen[1], chosen[0]]
    assert hover_quotes(go.Figure(go.Bar(x=[1], y=["a"])).to_plotly_json(), quotes) == []
    assert pd.Series(chosen).str.len().min() >= 20
