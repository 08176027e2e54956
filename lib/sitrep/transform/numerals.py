"""Numbers as printed: digits with thousands separators, Albanian number words, and qualifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from sitrep.text import fold, map_distinct

UNITS = {
    "nje": 1, "dy": 2, "tre": 3, "tri": 3, "kater": 4, "pese": 5,
    "gjashte": 6, "shtate": 7, "tete": 8, "nente": 9,
}
TEENS = {f"{word}mbedhjete": value + 10 for word, value in UNITS.items() if word != "tri"}
TENS = {
    "dhjete": 10, "njezet": 20, "tridhjete": 30, "dyzet": 40, "dyzete": 40, "pesedhjete": 50,
    "gjashtedhjete": 60, "shtatedhjete": 70, "tetedhjete": 80, "nentedhjete": 90,
}
HUNDREDS = {"njeqind": 100, "qind": 100} | {
    f"{word}qind": value * 100 for word, value in UNITS.items() if word not in ("nje", "tri")
}
NUMBER_WORDS = UNITS | TEENS | TENS | HUNDREDS | {"zero": 0}

# "1,271", "1.271", "1 271" and "6015": the report groups thousands with a comma, partners with a dot or space.
DIGITS = re.compile(r"^\d{1,3}(?:([,.\u00a0\u202f ])\d{3})?(?:\1\d{3})*$|^\d+$")
SEPARATORS = re.compile(r"[,.\u00a0\u202f ]")

# Larger than any count of people or things a report prints, and well inside the 64-bit integers tables hold.
LARGEST = 10**12

QUALIFIERS = {
    "": "exact",
    "te pakten": "at_least", "se paku": "at_least", "minimumi": "at_least", "jo me pak se": "at_least",
    "me shume se": "more_than", "mbi": "more_than", "me teper se": "more_than", "pertej": "more_than",
    "afersisht": "approximately", "rreth": "approximately",
    "perafersisht": "approximately", "gati": "approximately", "pothuajse": "approximately",
}
NUMBER_HINT = "write digits such as 1,271, or an Albanian numeral such as shtatë"
QUALIFIER_HINT = "write one of: të paktën, më shumë se, afërsisht, or leave it empty"


def parse_words(text: str) -> int | None:
    """Read an Albanian number in words: 'shtatë' → 7, 'njëzet e pesë' → 25, 'dy mijë' → 2000."""
    total = 0
    for part in fold(text).split(" e "):
        words = part.split()
        if not words:
            return None
        if words[-1] == "mije":
            head = words[:-1] or ["nje"]
            value = parse_words(" ".join(head))
            if value is None:
                return None
            total += value * 1000
            continue
        if len(words) != 1 or words[0] not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[words[0]]
    return total


def parse_one(text: str) -> int | None:
    """Read one count as printed; None when it is not a whole, non-negative number."""
    text = text.strip()
    if DIGITS.match(text):
        value = int(SEPARATORS.sub("", text))
        return value if value <= LARGEST else None
    return parse_words(text) if text else None


def parse_counts(values: pd.Series) -> pd.Series:
    """Vectorised `parse_one`: each distinct spelling is read once, then spread back (Int64, NA if unreadable)."""
    return map_distinct(values, parse_one, "Int64")


def normalise_qualifiers(values: pd.Series) -> pd.Series:
    """Map printed qualifiers to exact | at_least | more_than | approximately (NA when unknown)."""
    return map_distinct(values, lambda text: QUALIFIERS.get(fold(text)), "str")


# A number in running text: digits grouped in thousands with one separator throughout, or a run of digits.
PRINTED_DIGITS = re.compile(r"(?<![\d,.])\d{1,3}(?:([,.\u00a0\u202f ])\d{3})(?:\1\d{3})*(?![\d])|\d+")
PRINTED_WORD = re.compile(r"\w+")
THOUSAND = re.compile(r"\s+mij[eë]\b", re.IGNORECASE)
LONGEST_WORDS = 7  # "dy mijë e treqind e pesëdhjetë e tre" is seven words


@dataclass(frozen=True)
class Printed:
    """A number as a text prints it: its value and where it stands (start, end) in that text."""

    value: int
    start: int
    end: int


def printed_numbers(text: str) -> list[Printed]:
    """Every reading of a number a text prints, in digits or in Albanian words, in order of where it starts.

    Readings overlap on purpose: "1 271" is read as 1271 and as 1 and 271, "njëzet e pesë" as 25, 20 and 5, so that a
    value is found in its quote whichever of them it is; `outermost` keeps the ones a person would name.
    """
    return list(_readings(text))


@lru_cache(maxsize=4096)  # figures quote the same sentence again and again
def _readings(text: str) -> tuple[Printed, ...]:
    found = []
    for match in PRINTED_DIGITS.finditer(text):
        found.append(Printed(int(SEPARATORS.sub("", match.group())), match.start(), match.end()))
        if match.group(1):
            found += [Printed(int(part.group()), match.start() + part.start(), match.start() + part.end())
                      for part in re.finditer(r"\d+", match.group())]
        thousand = THOUSAND.match(text, match.end())
        if thousand:  # "5 mijë"
            found.append(Printed(int(SEPARATORS.sub("", match.group())) * 1000, match.start(), thousand.end()))
    words = list(PRINTED_WORD.finditer(text))
    folded = [_fold_word(word.group()) for word in words]
    # Only runs of number words (joined by "e") can read as a number: the rest of a quote is skipped at once.
    for first in range(len(words)):
        if folded[first] not in NUMBER_WORDS and folded[first] != "mije":
            continue
        for last in range(first, min(first + LONGEST_WORDS, len(words))):
            if folded[last] not in NUMBER_WORDS and folded[last] not in ("e", "mije"):
                break
            value = parse_words(" ".join(folded[first : last + 1]))
            if value is not None:
                found.append(Printed(value, words[first].start(), words[last].end()))
    return tuple(sorted(found, key=lambda printed: (printed.start, -printed.end)))


_fold_word = lru_cache(maxsize=65536)(fold)


def outermost(readings: list[Printed]) -> list[Printed]:
    """The readings no other reading contains: what a person would say the text prints."""
    return [r for r in readings if not any(o is not r and o.start <= r.start and r.end <= o.end
                                           and (o.end - o.start) > (r.end - r.start) for o in readings)]
