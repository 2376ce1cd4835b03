"""Calendar dates written out in full ("November 11, 2021", "NOV 07, 2021", "2021-11-08").

The grammar of absolute dates only; relative expressions need an anchor and are another matter.
"""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
} | {"sept": 9}
# Capitalised or upper-case only: "may" in running text is a verb, "May" or "MAY" a month.
_MONTH = "(?P<month>" + "|".join(
    form for name in sorted(_MONTHS, key=len, reverse=True) for form in (name.title(), name.upper())
) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|2[01]\d\d)"

_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<month_number>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
    re.compile(rf"\b(?P<month_number>[01]?\d)/(?P<day>[0-3]?\d)/{_YEAR}\b"),
]


class FoundDate(NamedTuple):
    start: int
    end: int
    value: str  # ISO 8601, YYYY-MM-DD


def absolute_dates(text: str) -> list[FoundDate]:
    """Every full calendar date in `text`, in order, impossible dates left out."""
    found: dict[int, FoundDate] = {}
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["month_number"]) if parts.get("month_number") else _MONTHS[parts["month"].lower()]
            year, day = int(parts["year"]), int(parts["day"])
            if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
                continue
            if all(match.start() >= f.end or match.end() <= f.start for f in found.values()):
                found[match.start()] = FoundDate(match.start(), match.end(), f"{year:04d}-{month:02d}-{day:02d}")
    return [found[start] for start in sorted(found)]
