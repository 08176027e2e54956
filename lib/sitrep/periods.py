"""Reporting periods, YYYY-MM:YYYY-MM: read the same way by every stage, from a report's metadata to an edition."""

from __future__ import annotations

import calendar
import re
from datetime import date

PERIOD = re.compile(r"^(\d{4})-(\d{2}):(\d{4})-(\d{2})$")
PERIOD_HINT = "write YYYY-MM:YYYY-MM with the start first, e.g. 2007-01:2007-12"
# The years a period may span: those pandas can hold as timestamps (1677-09 to 2262-04), whole years only.
PERIOD_YEARS = (1678, 2261)


PUBLISHED = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
PUBLISHED_HINT = "write YYYY-MM or YYYY-MM-DD, e.g. 2006-10"


def parse_published(text: str) -> date | None:
    """A report's publication date, '2006-10' or '2006-10-15'; one given only to the month counts from its first day."""
    match = PUBLISHED.match(str(text).strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month), int(day or 1))
    except ValueError:
        return None


def parse_period(text: str) -> tuple[date, date] | None:
    """'2005-01:2006-07' → (2005-01-01, 2006-07-31); None when malformed, backwards or outside PERIOD_YEARS."""
    match = PERIOD.match(str(text).strip())
    if not match:
        return None
    y1, m1, y2, m2 = (int(group) for group in match.groups())
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y2, m2) < (y1, m1):
        return None
    if not (PERIOD_YEARS[0] <= y1 and y2 <= PERIOD_YEARS[1]):
        return None
    return date(y1, m1, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])
