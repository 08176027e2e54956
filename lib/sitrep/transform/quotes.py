"""Find verbatim quotes in the source report, tolerant of its line breaks and hyphenation."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# An elision inside a quote: the parts on either side must appear in this order.
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
# The report breaks words across lines as "ri-\nintegrimit"; partners may type either form.
LINE_BREAK_HYPHEN = re.compile(r"-\s*\n\s*")
SPACES = re.compile(r"\s+")
# An elision skips a caption or a clause, not a page: further apart, the parts are not one quote.
MAX_ELIDED_CHARS = 600


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

    def find(self, quote: str) -> int | None:
        """Return the 1-based line where the quote starts, or None when it is not in the source."""
        folded, starts = self._folded
        parts = [fold(p) for p in ELLIPSIS.split(quote) if fold(p)]
        if not parts:
            return None
        first = folded.find(parts[0])
        while first >= 0:
            if self._rest_follows(folded, parts[1:], first + len(parts[0])):
                return bisect.bisect_right(starts, first)
            first = folded.find(parts[0], first + 1)
        return None

    @staticmethod
    def _rest_follows(folded: str, parts: list[str], cursor: int) -> bool:
        for part in parts:
            position = folded.find(part, cursor, cursor + MAX_ELIDED_CHARS + len(part))
            if position < 0:
                return False
            cursor = position + len(part)
        return True

    def lines_of(self, quote: str) -> range | None:
        """Return the 1-based line range the quote covers, or None when it is not in the source."""
        folded, starts = self._folded
        start = self.find(quote)
        if start is None:
            return None
        parts = [fold(p) for p in ELLIPSIS.split(quote) if fold(p)]
        cursor = starts[start - 1]
        for part in parts:
            cursor = folded.find(part, cursor) + len(part)
        return range(start, bisect.bisect_right(starts, max(cursor - 1, 0)) + 1)
