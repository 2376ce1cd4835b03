"""Sentence boundaries with exact spans, for news prose in English (and Arabic question marks).

A full stop ends a sentence unless it closes a known abbreviation ("Mr.", "Gen.", "U.S.",
"a.m." — listed in `data/abbreviations.txt`) or an initial ("G. Qassem"), or the next word
starts in lower case.

Every per-source step reads the same passages' sentences (actors, chronology, interpretations,
attribution), one source after another: the spans of the text last split are kept, so each
passage of a source is split once, whichever step asks first.
"""

from __future__ import annotations

import re

from briefing import data

# A candidate end: terminal punctuation, closing quotes or brackets, then space and a capital,
# digit, quote or non-Latin letter. (Every match opens with terminal punctuation: said first, so
# that the engine skips to it rather than trying each alternative at every character, twice as fast.)
_ENDS = r"[.!?؟…]+['\"”’)\]]*(?=\s+(?:['\"“‘(\[]*[^\W\da-z_]|\d))|[.!?؟…]+['\"”’)\]]*$|؟"
_END = re.compile(rf"(?=[.!?؟…])(?:{_ENDS})")
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


Spans = tuple[tuple[int, int], ...]

# The text last split (held, so that `is` tells it) and its spans by (start, end): a new text
# replaces both at once.
_kept: tuple[str, dict[tuple[int, int], Spans]] = ("", {})


def split(text: str, start: int = 0, end: int | None = None) -> Spans:
    """Sentence spans (start, end) within text[start:end], whitespace trimmed."""
    global _kept
    end = len(text) if end is None else end
    kept_text, kept = _kept
    if kept_text is not text:
        kept = {}
        _kept = (text, kept)
    spans = kept.get((start, end))
    if spans is None:
        spans = kept[(start, end)] = _split(text, start, end)
    return spans


def _split(text: str, start: int, end: int) -> Spans:
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _END.finditer(text, start, end):
        if _is_abbreviation(text, match.start() + 1 if text[match.start()] == "." else match.end()):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, end))
    return tuple(span for first, last in spans if (span := _trimmed(text, first, last)))


# A line of a passage: up to a line break that is not followed by a lower-case letter (which
# carries a sentence on). (Runs of other characters taken at once: tried one by one against the
# alternation, they cost five times as much.)
_LINE = re.compile(r"(?:[^\n]+|\n(?=[^\S\n]*[a-z]))+")


def split_lines(text: str, start: int = 0, end: int | None = None) -> Spans:
    """`split` of each line of text[start:end] (`_LINE`) on its own: sentences also ended by a line
    break before anything but a lower-case letter (a headline or a dateline above the first
    sentence has no full stop, but is no part of it).

    Taken from `split` of the whole stretch (kept for the other steps), cut where its sentences
    cross a line's end: splitting a line alone differs only in what it makes of the punctuation
    ending it, which `_END` reads with what follows the line break, and only for "؟", which ends a
    sentence without a look at what follows (a stretch holding one is split line by line)."""
    end = len(text) if end is None else end
    lines = [line.span() for line in _LINE.finditer(text, start, end)]
    if "؟" in text[start:end]:
        return tuple(span for first, last in lines for span in split(text, first, last))
    cut: list[tuple[int, int]] = []
    line = 0
    for first, last in split(text, start, end):
        while lines[line][1] <= first:
            line += 1  # (every sentence holds a line's words: it meets a line)
        for line_start, line_end in lines[line:]:
            if line_start >= last:
                break
            piece = _trimmed(text, max(first, line_start), min(last, line_end))
            if piece:
                cut.append(piece)
    return tuple(cut)


def _trimmed(text: str, first: int, last: int) -> tuple[int, int] | None:
    # `str.strip` drops what `str.isspace` calls whitespace: counted on the slice, not character by character.
    piece = text[first:last]
    kept = piece.strip()
    if not kept:
        return None
    first += len(piece) - len(piece.lstrip())
    return first, first + len(kept)
