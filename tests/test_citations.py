from pathlib import Path

import pytest

from briefing.casefile import Source
from briefing.citations import Locator, normalise, normalised
from briefing.readers import Reading
from briefing.sources import SourceText, make_source

TEXT = "Headline\n\nThe mayor called it “a fair deal” — a view\nthe  opposition rejects.\nLast line.\n"


def source(text: str = TEXT) -> SourceText:
    return make_source(Source(file="a.txt", id="a"), Path("a.txt"), Reading(text, "utf-8", None, None), text.encode())


def test_normalise_maps_back_to_original_offsets():
    text, origin = normalise("a  “b”\n—c")
    assert text == 'a "b" -c'
    assert [origin[i] for i in range(len(text))] == [0, 1, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("text", ["", "  ", "\u00a0a\u2028 b\u3000", "a\u2003\u2003—\t“", " x "])
def test_unicode_spaces_collapse_like_str_isspace(text):
    # One space per run of what `str.isspace` calls space (no-break, line separator, ideographic).
    words = text.split()
    folded, origin = normalise(text)
    assert folded == normalised(text) == " ".join(words).translate({0x2014: "-", 0x201c: '"'})
    assert len(origin) == len(folded)
    assert all(text[at].isspace() for at, char in zip(origin, folded) if char == " ")


@pytest.mark.parametrize("quote", [
    "called it “a fair deal”",            # exact
    'called it "a fair deal"',            # straight quotes
    "a fair deal” - a view",              # dash style
    "a view the opposition rejects.",     # line break and double space inside the source
    "  a view\n the opposition  ",        # whitespace around and inside the quote
])
def test_quote_variants_are_found(quote):
    assert Locator([source()]).find("a", quote) is not None


def test_span_gives_the_lines_of_the_original_file():
    span = Locator([source()]).find("a", "a view the opposition rejects")
    assert (span.line_start, span.line_end) == (3, 4)
    assert TEXT[span.start:span.end] == "a view\nthe  opposition rejects"


@pytest.mark.parametrize("quote", ["called it a fair deal", "The Mayor called", "opposition rejected"])
def test_other_differences_are_not_forgiven(quote):
    assert Locator([source()]).find("a", quote) is None


def test_closest_passage_points_at_the_nearest_words():
    span, words = Locator([source()]).closest("a", "the opposition rejected it")
    assert span.line_start == 4
    assert "opposition reject" in words
