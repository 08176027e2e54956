"""Find verbatim quotes in the source report, tolerant of its line breaks and hyphenation."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator

from sitrep.text import PUNCTUATION
from sitrep.text import fold as fold_bare

# An elision inside a quote: the parts on either side must appear in this order.
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
# The report breaks words across lines as "ri-\nintegrimit"; partners may type either form.
LINE_BREAK_HYPHEN = re.compile(r"-\s*\n\s*")
SPACES = re.compile(r"\s+")
# An elision skips a caption or a clause, not a page: further apart, the parts are not one quote.
MAX_ELIDED_CHARS = 600
# Below this partial-ratio score a passage shares too little with a quote to be shown as what was meant.
NEAR_SCORE = 60
MOST_DIFFERENCES = 3
# Words and runs of punctuation, each a token of its own: a quote may stop before a comma, or change only a mark.
TOKEN = re.compile(r"\w+|[^\w\s]+")
WORDLIKE = re.compile(r"\w")
Token = tuple[str, int, int]  # a token, and where it starts and ends


def fold(text: str) -> str:
    """Fold text so that line breaks, hyphens, spacing and Unicode forms do not matter."""
    text = unicodedata.normalize("NFC", text)
    text = LINE_BREAK_HYPHEN.sub("", text)
    text = text.replace("-", "").replace("\u00ad", "")
    return SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class SourceText:
    """The source report, folded once, with a map back to line numbers."""

    lines: tuple[str, ...]

    @classmethod
    def read(cls, path: Path) -> "SourceText":
        """The text of a UTF-8 file, line by line."""
        return cls(tuple(Path(path).read_text(encoding="utf-8").splitlines()))

    @cached_property
    def _folded(self) -> tuple[str, list[int]]:
        # Fold line by line so that each folded offset can be traced to its line.
        pieces, starts, offset = [], [], 0
        for line in self.lines:
            part = line.rstrip()
            hyphenated = part.endswith("-")
            part = fold(part.rstrip("-")) if hyphenated else fold(part)
            joiner = "" if hyphenated or not part else " "
            starts.append(offset)
            pieces.append(part + joiner)
            offset += len(part) + len(joiner)
        return SPACES.sub(" ", "".join(pieces)), starts

    def _matches(self, quote: str) -> Iterator[list[tuple[int, int]]]:
        """Each place the quote is in the folded text, as the folded span of each of its parts."""
        folded, _ = self._folded
        parts = _parts(quote)
        if not parts:
            return
        first = folded.find(parts[0])
        while first >= 0:
            spans = [(first, first + len(parts[0]))]
            for part in parts[1:]:
                cursor = spans[-1][1]
                position = folded.find(part, cursor, cursor + MAX_ELIDED_CHARS + len(part))
                if position < 0:
                    break
                spans.append((position, position + len(part)))
            if len(spans) == len(parts):
                yield spans
            first = folded.find(parts[0], first + 1)

    def _line(self, offset: int) -> int:
        """The 1-based line that holds a folded offset."""
        return bisect.bisect_right(self._folded[1], max(offset, 0))

    def _range(self, spans: list[tuple[int, int]]) -> range:
        return range(self._line(spans[0][0]), self._line(spans[-1][1] - 1) + 1)

    def find(self, quote: str) -> int | None:
        """Return the 1-based line where the quote starts, or None when it is not in the source."""
        span = self.lines_of(quote)
        return span.start if span else None

    def lines_of(self, quote: str) -> range | None:
        """Return the 1-based line range the quote covers, or None when it is not in the source."""
        spans = next(self._matches(quote), None)
        return self._range(spans) if spans else None

    def occurrences(self, quote: str) -> list[range]:
        """Every line range the quote covers, first to last (a quote short enough to repeat is found each time)."""
        return [self._range(spans) for spans in self._matches(quote)]

    def line_at(self, quote: str, at: int) -> int | None:
        """The line on which character `at` of the quote is printed, where the quote is first found."""
        spans = next(self._matches(quote), None)
        if spans is None:
            return None
        head = ELLIPSIS.split(quote[: at + 1])
        index = min(len([p for p in head[:-1] if fold(p)]), len(spans) - 1)
        start, end = spans[index]
        return self._line(min(start + max(len(fold(head[-1])), 1) - 1, end - 1))

    def nearest(self, quote: str) -> Nearest | None:
        """The passage most like a quote that is not in the text, and how the two differ; None when nothing is near."""
        folded, _ = self._folded
        parts = _parts(quote)
        if not parts:
            return None
        # An elided quote: its parts are looked for in order, each within reach of the one before.
        low, high, index = 0, len(folded), 0
        for index, part in enumerate(parts):
            position = folded.find(part, low, high)
            if position < 0:
                break
            low, high = position + len(part), position + len(part) + MAX_ELIDED_CHARS + len(part)
        missing = parts[index]
        if all(part in folded for part in parts):
            start = folded.find(parts[0])
            return Nearest(self._range([(start, start + len(parts[0]))]), parts[0], (
                f"each part is in the text, but not in this order within {MAX_ELIDED_CHARS} characters of each other",
            ))
        region = _closest_region(missing, folded, low, min(high, len(folded)))
        if region is None:
            return None
        slack = len(missing) // 4 + 8
        low = folded.rfind(" ", 0, max(region[0] - slack, 0)) + 1
        high = folded.find(" ", min(region[1] + slack, len(folded)))
        window = folded[low : high if high >= 0 else None]
        typed = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(missing)]
        printed = [(m.group(), low + m.start(), low + m.end()) for m in TOKEN.finditer(window)]
        blocks = _blocks([token for token, _, _ in typed], [token for token, _, _ in printed])
        if blocks is None:
            return None
        start, end = printed[blocks[0][3]][1], printed[blocks[-1][4] - 1][2]
        differences = []
        for tag, i1, i2, j1, j2 in blocks:
            if tag != "equal":
                differences.append(self._difference(missing, typed[i1:i2], printed[j1:j2]))
                continue
            # Tokens that agree may still be spaced otherwise: "1, 271" against "1,271".
            for i, j in zip(range(i1, i2 - 1), range(j1, j2 - 1)):
                typed_gap = typed[i][2] != typed[i + 1][1]
                if typed_gap != (printed[j][2] != printed[j + 1][1]):
                    differences.append(self._difference(missing, typed[i : i + 2], printed[j : j + 2]))
        return Nearest(self._range([(start, end)]), folded[start:end], tuple(differences))

    def _difference(self, missing: str, typed: list[Token], printed: list[Token]) -> str:
        """One difference between a quote and its nearest passage, in words a person can act on."""
        folded, _ = self._folded
        quoted = missing[typed[0][1] : typed[-1][2]] if typed else ""
        text = folded[printed[0][1] : printed[-1][2]] if printed else ""
        if not printed:
            return f"'{quoted}' is not in the text here"
        if not typed:
            return f"the text has '{text}' here, which the quote leaves out (mark words you leave out with …)"
        if quoted.replace(" ", "") == text.replace(" ", ""):
            for word, start, end in printed:
                line = self._line(start)
                if line != self._line(end - 1) and self.lines[line - 1].rstrip().endswith("-"):
                    broken = self.lines[line - 1].split()[-1]
                    joined = f"{broken}{folded[self._folded[1][line]:end]}"
                    return (f"'{quoted}' is one word hyphenated at the end of line {line} ('{broken}'): "
                            f"write '{word}', or '{joined}'")
            return f"different spacing: '{quoted}' where the text has '{text}'"
        if not any(WORDLIKE.match(token) for token, _, _ in typed + printed):
            return f"different punctuation: '{quoted}' where the text has '{text}'"
        if fold_bare(quoted).replace(" ", "") == fold_bare(text).replace(" ", ""):
            if PUNCTUATION.sub("", quoted) == PUNCTUATION.sub("", text):
                return f"different punctuation: '{quoted}' where the text has '{text}'"
            if quoted.casefold() == text.casefold():
                return f"different capitals: '{quoted}' where the text has '{text}'"
            from rapidfuzz.distance import Levenshtein

            letters = ", ".join(dict.fromkeys(
                f"{quoted[op.src_pos]}/{text[op.dest_pos]}" for op in Levenshtein.editops(quoted, text)
                if op.tag == "replace"
            ))
            return f"a changed letter: '{quoted}' where the text has '{text}'" + (f" ({letters})" if letters else "")
        return f"'{quoted}' where the text has '{text}'"


@dataclass(frozen=True)
class Nearest:
    """The passage of the text nearest to a quote not in it: its lines, its words, and how the quote differs."""

    lines: range
    passage: str
    differences: tuple[str, ...]

    def hint(self, limit: int = 90) -> str:
        """The passage and the differences as one short line, for an error's hint."""
        shown = self.passage if len(self.passage) <= limit else self.passage[: limit - 1] + "…"
        where = f"line {self.lines.start}" if len(self.lines) == 1 else f"lines {self.lines.start}–{self.lines[-1]}"
        more = len(self.differences) - MOST_DIFFERENCES
        differences = "; ".join(self.differences[:MOST_DIFFERENCES]) + (f"; and {more} more" if more > 0 else "")
        return f"nearest passage, {where}: '{shown}'; {differences}"


def _parts(quote: str) -> list[str]:
    return [fold(part) for part in ELLIPSIS.split(quote) if fold(part)]


def _closest_region(part: str, folded: str, low: int, high: int) -> tuple[int, int] | None:
    """Where in folded[low:high] a part most nearly is: windows of its length first, then an exact alignment."""
    from rapidfuzz import fuzz, process  # only a quote that is not found needs the fuzzy search

    size = len(part)
    step = max(size // 4, 4)
    # Windows of the part's length, compared whole, find the neighbourhood fast; the alignment inside it is exact.
    offsets = range(low, max(high - size, low) + 1, step)
    best = process.extractOne(part, [folded[i : i + size] for i in offsets], scorer=fuzz.ratio)
    if best is None:
        return None
    around = max(offsets[best[2]] - size, low)
    found = fuzz.partial_ratio_alignment(part, folded[around : offsets[best[2]] + 2 * size], score_cutoff=NEAR_SCORE)
    if found is None:
        return None
    return around + found.dest_start, around + found.dest_end


def _blocks(quoted: list[str], printed: list[str]) -> list[tuple[str, int, int, int, int]] | None:
    """Word-level alignment of a quote with a window of the text, trimmed to the passage the quote is of.

    Neighbouring edits are one difference (a word split in two is one change). The window is wider than the quote:
    text before the first and after the last token in common is cut; where a changed token is at an end, as many
    of the text's tokens are kept as come nearest to the quote's in length. None when the two share no token.
    """
    from rapidfuzz.distance import Indel

    blocks: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(quoted, printed):
        tag = "equal" if op.tag == "equal" else "replace"
        if blocks and tag == "replace" and blocks[-1][0] == "replace":
            blocks[-1] = ("replace", blocks[-1][1], op.src_end, blocks[-1][3], op.dest_end)
        else:
            blocks.append((tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    if not any(block[0] == "equal" for block in blocks):
        return None
    if blocks[0][0] == "replace":
        _, i1, i2, j1, j2 = blocks.pop(0)
        if i2 > i1:
            kept = _nearest_count(quoted[i1:i2], printed[j1:j2][::-1])
            blocks.insert(0, ("replace", i1, i2, j2 - kept, j2))
    if blocks[-1][0] == "replace":
        _, i1, i2, j1, j2 = blocks.pop()
        if i2 > i1:
            blocks.append(("replace", i1, i2, j1, j1 + _nearest_count(quoted[i1:i2], printed[j1:j2])))
    return blocks


def _nearest_count(quoted: list[str], printed: list[str]) -> int:
    """How many of the text's tokens (at least one), taken in order, come nearest in length to the quote's."""
    length = sum(map(len, quoted))
    counts = range(min(1, len(printed)), len(printed) + 1)
    return min(counts, key=lambda count: (abs(sum(map(len, printed[:count])) - length), count))
