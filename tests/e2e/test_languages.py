"""The English edition shows no Albanian outside lang="sq": names, actors, places and claims are in English."""

from __future__ import annotations

import pytest

from albanian import albanian_in, albanian_words, pages

pytestmark = pytest.mark.slow


def test_english_edition_has_no_albanian_outside_lang_sq(site_en):
    forbidden = albanian_words()
    assert len(forbidden) > 2000, "the word list is too small to catch anything"
    offenders = {}
    for page in pages(site_en):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en">' in html
        found = albanian_in(html)
        if found:
            offenders[str(page.relative_to(site_en))] = f"{sum(found.values())}: " + " ".join(
                w for w, _ in found.most_common(20))
    total = sum(int(text.split(":")[0]) for text in offenders.values())
    assert not offenders, f"{total} Albanian words outside lang=\"sq\":\n" + "\n".join(
        f"{page}: {words}" for page, words in offenders.items())


def test_the_albanian_edition_uses_albanian_labels(site_sq):
    summary = (site_sq / "summary.html").read_text(encoding="utf-8")
    assert "Shkarko të dhënat (CSV)" in summary and "Download the data" not in summary
    assert '<html lang="sq">' in summary
