"""An adversary with a public edition: for each hidden count, search everything published and recover nothing.

The raw data is planted with the attacks that once worked: another figure's quote that carries a hidden count
("…dhe ndihmoi shtatë viktima trafikimi" appended to ICMC's people reached), a note on a grant row that writes
it ("Assisted 7 victims"), and the hashes of the unsuppressed tables, which let anyone try each small value.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from sitrep import paths

from rawdata import REPORT, raw_rows
from sitebuild import copy_tree, edition_folder, only_period, sitrep

pytestmark = pytest.mark.slow
ATTACK_QUOTE = "Ai preku 6362 persona nëpërmjet veprimtarisë së tij parandaluese dhe ndihmoi shtatë viktima trafikimi"
ATTACK_NOTE = "Assisted 7 victims"
WORDS = {1: ("1", "një", "nje", "one"), 2: ("2", "dy", "two"), 7: ("7", "shtatë", "shtate", "seven"),
         3: ("3", "tre", "tri", "three"), 4: ("4", "katër", "four"), 5: ("5", "pesë", "five"),
         6: ("6", "gjashtë", "six"), 8: ("8", "tetë", "eight"), 9: ("9", "nëntë", "nine")}
VICTIMS = r"(?:viktim\w*|victims?|të trafikuar\w*|trafficked)"


def hidden_counts() -> set[int]:
    """Victim results below 10 in the raw tables, read as a person would (the edition must hide each)."""
    numbers = {word: value for value, words in WORDS.items() for word in words}
    counts = set()
    victim_metrics = {row["metric"] for row in csv.DictReader(open(paths.PROJECT / "lib/sitrep/transform/metrics.csv"))
                      if row["victim_related"] == "true"}
    for row in raw_rows("figures"):
        if row["metric"] in victim_metrics and row["is_target"] in ("", "false"):
            value = numbers.get(row["value"].strip().lower())
            if value is not None:
                counts.add(value)
    for row in raw_rows("gov_figures"):
        value = numbers.get(row["value"].strip().lower())
        if value is not None and row["victim_related"] == "true":
            counts.add(value)
    return counts


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("adversary")
    raw = copy_tree(paths.RAW, tmp / "raw")
    tables = raw / REPORT.name
    figures = pd.read_csv(tables / "figures.csv", dtype=str, keep_default_na=False)
    reach = (figures["grant_id"] == "icmc-1") & (figures["metric"] == "prevention_reached")
    figures.loc[reach, "quote"] = ATTACK_QUOTE  # verbatim: the source runs on from one sentence to the next
    figures.to_csv(tables / "figures.csv", index=False)
    grants = pd.read_csv(tables / "grants.csv", dtype=str, keep_default_na=False)
    grants.loc[grants["grant_id"] == "icmc-1", "note"] = ATTACK_NOTE
    grants.to_csv(tables / "grants.csv", index=False)
    sites = {}
    for lang in ("sq", "en"):
        out = tmp / f"site-{lang}"
        run = sitrep("build", "--raw", str(raw), "--clean", str(tmp / "clean"), "--out", str(out), "--cache",
                     str(tmp / "cache"), "--notebooks", str(paths.NOTEBOOKS), "--lang", lang, "--district", "Durrës")
        assert run.returncode == 0, run.stderr
        sites[lang] = out / edition_folder(only_period(raw), "--lang", lang)
    return raw, tmp / "clean", sites


class Strings(HTMLParser):
    """Every text a reader or a script can get from a page: text, attributes, and strings inside JSON."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script = False

    def handle_starttag(self, tag, attrs):
        self.script = tag == "script"
        self.found += [value for _, value in attrs if value]

    def handle_endtag(self, tag):
        self.script = False

    def handle_data(self, data):
        self.found.append(data)
        if self.script:  # plotly's figure JSON: decode each string literal as a browser would
            for literal in re.findall(r'"(?:[^"\\]|\\.)*"', data):
                try:
                    self.found.append(html.unescape(json.loads(literal)))
                except ValueError:
                    pass


def published_strings(site: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = Strings()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [(path.name, text) for text in parser.found]
        elif path.suffix == ".csv":
            with open(path, encoding="utf-8", newline="") as handle:
                found += [(path.name, cell) for row in csv.reader(handle) for cell in row]
        elif path.suffix == ".json":
            found.append((path.name, path.read_text(encoding="utf-8")))
    return found


def test_the_attacks_are_in_the_raw_data_and_the_counts_are_hidden():
    assert hidden_counts() >= {7, 2, 1}


def test_no_published_text_writes_a_hidden_count_next_to_victims(planted):
    _, _, sites = planted
    counts = hidden_counts()
    for lang, site in sites.items():
        strings = published_strings(site)
        for name, text in strings:
            assert "shtatë viktima" not in text and ATTACK_NOTE not in text, (lang, name, text[:200])
            for count in counts:
                forms = "|".join(re.escape(form) for form in WORDS[count])
                # words, not identifiers: a count stands apart ("7 victims"), not inside "dne-1.victims_assisted"
                near = (rf"(?<![\w.,\-–])(?:{forms})[\s:]+(?:\S+\s+){{0,2}}{VICTIMS}|"
                        rf"{VICTIMS}[\s:]+(?:\S+\s+){{0,2}}(?:{forms})(?![\w\-]|[.,]\d)")
                match = re.search(near, text, flags=re.IGNORECASE)
                assert not match, f"{lang} {name}: {match.group()!r} in {text[:300]!r}"
        # the attack texts were published somewhere before; now a marker stands where they were
        assert any("[tekst i fshehur" in text or "[text withheld" in text for _, text in strings), lang


def test_no_published_hash_is_a_hash_of_the_unsuppressed_data(planted):
    raw, clean, sites = planted
    secret = set()
    for folder in (raw, clean, paths.REFERENCE):
        for path in folder.rglob("*"):
            if path.is_file():
                secret.add(hashlib.sha256(path.read_bytes()).hexdigest())
    provenance = json.loads((clean / "provenance.json").read_text(encoding="utf-8"))
    for mapping in (provenance["inputs"], provenance.get("outputs", {})):
        secret.add(hashlib.sha256(json.dumps(mapping, sort_keys=True).encode()).hexdigest())
    # the whole clean tables and each edition's slice of them
    folders = [clean, *(p for p in (clean / "editions").iterdir() if p.is_dir())]
    tables = [{p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
              for folder in folders]
    for lang, site in sites.items():
        manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
        for page in manifest["pages"]:  # what each page read: the digest an old footer showed
            for table in tables:
                names = [Path(name).name for name in page["inputs"]]
                if not all(name in table for name in names):  # a file only the edition's slice has
                    continue
                read = {name: table[name] for name in names}
                secret.add(hashlib.sha256(json.dumps(read, sort_keys=True).encode()).hexdigest())
        published = " ".join(text for _, text in published_strings(site)).lower()
        hexes = set(re.findall(r"[0-9a-f]{16,64}", published))
        leaked = {h for h in hexes if any(s.startswith(h) for s in secret)}
        assert not leaked, f"{lang}: hashes of unsuppressed inputs published: {sorted(leaked)[:3]}"
        assert hexes, "the edition publishes hashes of what it published"


def test_the_two_languages_hide_the_same_cells(planted):
    _, _, sites = planted
    def marks(site: Path) -> dict[str, list[tuple[int, int]]]:
        found = {}
        for path in sorted((site / "data").glob("*.csv")):
            with open(path, encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            found[path.name] = [(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row)
                                if cell.strip() == "<10" or cell.startswith(("[tekst i fshehur", "[text withheld"))]
        return found
    sq, en = marks(sites["sq"]), marks(sites["en"])
    assert sq.keys() == en.keys() and sq == en
    assert any(sq.values())
