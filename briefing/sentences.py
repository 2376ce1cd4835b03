"""Sentence boundaries with exact spans, for news prose in English (and Arabic question marks).

A full stop ends a sentence unless it closes a known abbreviation ("Mr.", "Gen.", "U.S.",
"a.m." — listed in `data/abbreviations.txt`) or an initial ("G. Qassem"), or the next word
starts in lower case.
"""

from __future__ import annotations

import re

from briefing import data

# A candidate end: terminal punctuation, closing quotes or brackets, then space and a capital,
# digit, quote or non-Latin letter.
_END = re.compile(r"[.!?؟…]+['\"”’)\]]*(?=\s+(?:['\"“‘(\[]*[^\W\da-z_]|\d))|[.!?؟…]+['\"”’)\]]*$|؟")
_WORD_BEFORE = re.compile(r"(\S+?)[.!?؟…]*['\"”’)\]]*$")


def _is_abbreviation(text: str, end: int) -> bool:
    if text[end - 1] != ".":
        return False
    # The word before, not the whole text again; and searched from the last space or line break
    # before it, as a match cannot start before them (which spares trying every position).
    first = max(0, end - 60)
    first = max(first, text.rfind(" ", first, end) + 1, text.rfind("\n", first, end) + 1)
    match = _WORD_BEFORE.search(text, first, end)
    word = match[1].lstrip("(['\"“‘") if match else ""
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial
    return word.lower() in data.words("abbreviations.txt")


def split(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _END.finditer(text, start, end):
        if _is_abbreviation(text, match.start() + 1 if text[match.start()] == "." else match.end()):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, end))
    trimmed = []
    for first, last in spans:
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        if first < last:
            trimmed.append((first, last))
    return trimmed
