"""First uses of the reports' abbreviations: linked once a page, only in text a reader sees in the page's flow."""

from __future__ import annotations

import re

import pandas as pd

from sitrep.report import glossary

from rawdata import raw_rows

TABLE = pd.DataFrame([
    {"abbreviation": "OSBE", "abbreviation_en": "OSCE", "expansion": "Organizata për Siguri dhe Bashkëpunim në Europë",
     "expansion_en": "Organization for Security and Co-operation in Europe"},
    {"abbreviation": "PKV", "abbreviation_en": "NAP", "expansion": "Plani Kombëtar i Veprimit",
     "expansion_en": "National Action Plan"},
    {"abbreviation": "D&E", "abbreviation_en": None, "expansion": "Të Ndryshëm dhe të Barabartë",
     "expansion_en": "Different and Equal"},
    {"abbreviation": "BE", "abbreviation_en": "EU", "expansion": "Bashkimi Europian", "expansion_en": "European Union"},
])
LINK = re.compile(r'<a class="glossary-link" href="([^"]+)"><abbr title="([^"]+)">([^<]+)</abbr></a>')


def links(html: str) -> list[tuple[str, str, str]]:
    return LINK.findall(html)


def test_each_abbreviation_is_linked_once_a_page_at_its_first_use_across_fragments():
    fragments = ["<p>OSBE dhe PKV.</p>", "<p>Sërish OSBE, PKV dhe OSBE.</p>", "<p>D&amp;E në Tiranë; OSBE.</p>"]
    out = glossary.link_first_uses(fragments, glossary.entries(TABLE, "sq"))
    found = [link for fragment in out for link in links(fragment)]
    assert [text for _, _, text in found] == ["OSBE", "PKV", "D&amp;E"]
    assert found[0] == ("source.html#g-osbe", "Organizata për Siguri dhe Bashkëpunim në Europë", "OSBE")
    assert found[2][0] == "source.html#g-d-e"
    assert out[1] == fragments[1]  # nothing left to link there
    again = glossary.link_first_uses(fragments, glossary.entries(TABLE, "sq"))  # a new page starts afresh
    assert again == out


def test_never_inside_a_script_a_link_a_heading_a_quote_a_hidden_element_or_an_attribute():
    page = ('<h2>OSBE</h2><script>Plotly.newPlot("x", {"text": "OSBE PKV <b>BE</b>"})</script>'
            '<p><a href="#x">OSBE</a> <span title="PKV">x</span></p><blockquote lang="sq"><p>PKV</p></blockquote>'
            '<div hidden><table><tr><td>BE</td></tr></table></div><details><summary>BE</summary>BE</details>'
            '<p class="view-note">Then OSBE, PKV and BE.</p>')
    out = glossary.link_first_uses([page], glossary.entries(TABLE, "sq"))[0]
    assert [text for _, _, text in links(out)] == ["OSBE", "PKV", "BE"]
    assert out.index('class="glossary-link"') > out.index('<p class="view-note">')
    script = re.search(r"<script>.*?</script>", out, re.S).group(0)
    assert script == '<script>Plotly.newPlot("x", {"text": "OSBE PKV <b>BE</b>"})</script>'
    assert '<span title="PKV">' in out and "<h2>OSBE</h2>" in out


def test_whole_words_only():
    out = glossary.link_first_uses(["<p>BEN, OSBEX, XPKV; OJF-të e BE-së</p>"], glossary.entries(TABLE, "sq"))[0]
    assert [text for _, _, text in links(out)] == ["BE"]
    assert "BE</abbr></a>-së" in out


def test_an_english_page_links_the_english_abbreviation_with_the_english_expansion():
    fragments = ["<p>The OSCE and the NAP.</p>", '<p>OSBE, as printed: <span lang="sq">OSBE</span></p>']
    out = glossary.link_first_uses(fragments, glossary.entries(TABLE, "en"), "../source.html")
    assert links(out[0]) == [
        ("../source.html#g-osbe", "Organization for Security and Co-operation in Europe", "OSCE"),
        ("../source.html#g-pkv", "National Action Plan", "NAP"),
    ]
    assert links(out[1]) == []  # OSBE and OSCE are one entry: linked once


def test_anchors_are_unique_for_the_reports_whole_list():
    anchors = [glossary.anchor(row["abbreviation"]) for row in raw_rows("glossary")]
    assert len(set(anchors)) == len(anchors) and glossary.anchor("MPÇSSHB") == "g-mpcsshb"
