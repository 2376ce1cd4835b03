"""Finding an analyst's quote in its source, tolerant of typography only.

Whitespace runs, curly/straight quote marks and dash styles are normalised on both sides;
every other difference means the quote is not in the source and the build stops.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from briefing.sources import SourceText

_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4`"), "'") | dict.fromkeys(
    map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"'
)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_TYPOGRAPHY = _QUOTES | _DASHES
_WORD = re.compile(r"\S+")


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text, and for each of its characters the offset of the original character."""
    # Each typographic mark maps to one character, so offsets survive the translation, and
    # `\\S+` is `str.isspace`'s complement: runs become one space at the run's first character.
    words = list(_WORD.finditer(text.translate(_TYPOGRAPHY)))
    origin: list[int] = []
    for index, word in enumerate(words):
        if index:
            origin.append(words[index - 1].end())
        origin.extend(range(word.start(), word.end()))
    return " ".join(word[0] for word in words), origin


def normalised(text: str) -> str:
    """`normalise`'s text alone: what a quote is looked up as."""
    return " ".join(text.translate(_TYPOGRAPHY).split())


class Span(BaseModel):
    """Where a quote sits in its source: character offsets and 1-based lines, end inclusive."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    line_start: int
    line_end: int


class _Normalised:
    """A source's normalised text, computed once per source however many quotes it answers."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.text, self.origin = normalise(source.text)

    def span(self, start: int, end: int) -> Span:
        first, last = self.origin[start], self.origin[end - 1]
        return Span(start=first, end=last + 1, line_start=self.source.line_of(first),
                    line_end=self.source.line_of(last))


class Locator:
    """Locates quotes in a fixed set of sources."""

    def __init__(self, sources: list[SourceText]) -> None:
        self._sources = {source.key: source for source in sources}
        self._normalised: dict[str, _Normalised] = {}

    def _norm(self, key: str) -> _Normalised:
        if key not in self._normalised:
            self._normalised[key] = _Normalised(self._sources[key])
        return self._normalised[key]

    def find(self, key: str, quote: str) -> Span | None:
        needle = normalised(quote)
        norm = self._norm(key)
        start = norm.text.find(needle) if needle else -1
        return None if start < 0 else norm.span(start, start + len(needle))

    def closest(self, key: str, quote: str) -> tuple[Span, str]:
        """The passage of the source most like `quote`, for the error message."""
        from rapidfuzz import fuzz  # only a failed build needs it: not imported by every start

        needle = normalised(quote)
        norm = self._norm(key)
        alignment = fuzz.partial_ratio_alignment(needle, norm.text)
        # Widen the alignment to whole words, so the message shows words the analyst can search for.
        text = norm.text
        start = text.rfind(" ", 0, alignment.dest_start + 1) + 1
        end = text.find(" ", max(alignment.dest_end - 1, start))
        end = len(text) if end < 0 else end
        return norm.span(start, max(end, start + 1)), text[start:end]
