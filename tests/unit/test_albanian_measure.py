"""The measure of Albanian on English pages finds Albanian wherever a reader sees it, and only outside lang="sq"."""

from __future__ import annotations

import json

from albanian import albanian_in, albanian_words


def page(body: str) -> str:
    return f'<!doctype html><html lang="en"><head><title>Donors</title></head><body>{body}</body></html>'


def chart(figure: list, layout: dict, marked: str = "") -> str:
    return (f'<figure id="v"><script>Plotly.newPlot("p", ...sitrepPhone("p", sitrepAreas({json.dumps(figure)}), '
            f'{json.dumps(layout)}, null), {{}});</script>{marked}</figure>')


def test_the_word_list_holds_albanian_and_not_english_or_shared_names():
    words = albanian_words()
    assert {"dhe", "për", "nga", "trafikut", "fëmijëve", "tiranës"} <= words
    assert not {"and", "for", "children", "the", "unicef", "tiranë", "vlorë"} & words


def test_albanian_in_a_table_cell_counts_and_inside_lang_sq_does_not():
    assert albanian_in(page("<table><tr><td>Fondi i Kombeve të Bashkuara për Fëmijët</td></tr></table>"))
    assert not albanian_in(page('<td>United Nations Children\'s Fund <small lang="sq">Fondi i Kombeve të '
                                "Bashkuara për Fëmijët</small></td>"))


def test_a_lang_en_element_inside_lang_sq_counts_again():
    assert albanian_in(page('<div lang="sq"><p lang="en">në të gjithë vendin</p></div>'))


def test_tooltips_and_hidden_table_views_count():
    assert albanian_in(page('<span title="në të gjithë vendin">national</span>'))
    assert albanian_in(page('<div hidden><table><tr><td>Tiranës</td></tr></table></div>'))


def test_plotly_names_titles_and_hover_count_but_not_boundaries_or_ids():
    hover = chart([{"type": "bar", "hovertext": ["<b>IOM</b><br>“ofroi strehim për viktimat”"]}], {})
    assert albanian_in(page(hover))
    assert albanian_in(page(chart([{"type": "bar", "name": "Fëmijët"}], {})))
    assert albanian_in(page(chart([], {"xaxis": {"title": {"text": "Qarku"}}})))
    assert not albanian_in(page(chart([{"type": "choropleth", "locations": ["Tiranës"], "ids": ["fëmijët"]}], {})))


def test_a_hover_quote_counts_as_marked_only_when_its_view_marks_the_same_words():
    hover = [{"type": "bar", "hovertext": ["<b>IOM</b><br>“ofroi strehim<br>për viktimat”"]}]
    assert not albanian_in(page(chart(hover, {}, '<ol><li><q lang="sq">ofroi strehim për viktimat</q></li></ol>')))
    assert albanian_in(page(chart(hover, {}, '<ol><li><q lang="sq">ofroi strehim</q></li></ol>')))
    assert albanian_in(page(chart(hover, {}, '<ol><li><q>ofroi strehim për viktimat</q></li></ol>')))


def test_a_commit_or_data_hash_in_the_footer_is_a_code_not_albanian():
    assert "ee" in albanian_words()  # a word of the report: a hash holding it would count without the rule
    footer = "<footer><p>Code version: 159ee8f0850e · Data (SHA-256): 1f0608f29432d90f</p></footer>"
    assert not albanian_in(page(footer))
    assert albanian_in(page("<p>ee dhe për</p>"))
