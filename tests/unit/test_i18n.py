"""One table holds every interface string; none may lack a language, and every key used exists."""

import csv
import json
import re

import pytest

from sitrep import i18n, paths

KEY_CALL = re.compile(r"""(?:\bt|\.t|\.text|i18n\.html|i18n\.t|\.heading\(page\.t)"""
                      r"""\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def used_keys() -> dict[str, str]:
    """Every translation key written literally in the package and the notebooks, with where it is used."""
    found = {}
    sources = list((paths.PROJECT / "lib" / "sitrep").rglob("*.py"))
    for path in sources:
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, str(path.name))
    for notebook in paths.NOTEBOOKS.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for key in KEY_CALL.findall("".join(cell["source"])):
                found.setdefault(key, notebook.name)
    return found


def test_every_row_has_both_languages_and_unique_keys():
    with open(i18n.TABLE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    keys = [row["key"] for row in rows]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    for row in rows:
        assert row["sq"].strip() and row["en"].strip(), f"{row['key']} lacks a language"
        assert set(row) == {"key", "sq", "en"}, f"{row['key']}: malformed row"


def test_every_key_used_exists():
    table = i18n.table()
    missing = {key: where for key, where in used_keys().items() if key not in table}
    assert not missing, f"keys used but not translated: {missing}"


def test_placeholders_agree_between_languages():
    for key, texts in i18n.table().items():
        fields = [set(re.findall(r"\{(\w+)\}", texts[lang])) for lang in ("sq", "en")]
        assert fields[0] == fields[1], f"{key}: {fields}"


def test_a_missing_key_is_an_error_not_a_silent_fallback():
    with pytest.raises(i18n.MissingTranslation):
        i18n.t("no.such.key", "en")


def test_numbers_follow_the_language():
    assert i18n.number(1271, "en") == "1,271"
    assert i18n.number(1271, "sq") == "1\u00a0271"


PLURAL_CALL = re.compile(r"""i18n\.plural\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def test_every_plural_key_has_the_forms_the_languages_plural_rules_need():
    from babel import Locale

    bases = set()
    for path in (paths.PROJECT / "lib" / "sitrep").rglob("*.py"):
        bases |= set(PLURAL_CALL.findall(path.read_text(encoding="utf-8")))
    assert bases, "no plural keys found: the pattern no longer matches the code"
    table = i18n.table()
    for base in bases:
        for lang, locale in i18n.LOCALES.items():
            for form in Locale.parse(locale).plural_form.tags | {"other"}:
                assert table.get(f"{base}.{form}", {}).get(lang), f"{base}.{form} has no '{lang}' text"


def test_plural_picks_the_form_by_count():
    assert i18n.plural("donors.programmes", 1, "en") == "1 programme"
    assert i18n.plural("donors.programmes", 3, "en") == "3 programmes"
    assert i18n.plural("donors.programmes", 3, "sq") == "3 programe"
